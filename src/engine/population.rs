//! Populations: the records behind a number, i.e. what a drill on a metric
//! lists (for a count, the records counted; for a rate or an average, the
//! records of its denominator). Each registry line (`metric.rs`) names one;
//! `drill.rs` lists them, `metrics.rs` counts the buyer-day ones.

/// Buyer-day tests (spec §2–§6): a buyer-day counts when the OR of its
/// conversation-days' flags in the group (and its global flags) pass. The
/// test itself is `BuyerDayTest::test` in `engine/buyer_days.rs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BuyerDayTest {
    Consult,
    Reception,
    Unreplied,
    Inquiry,
    Ordered,
    PaidSameDay,
    PaidNextDay,
    PaidFinal,
    InquiryNoOrder,
    OrderedUnpaid,
    Aftersales,
    Reconsult,
    // spec §3.1
    SlowResponse,
    LongReception,
    BuyerInitiated,
    AgentFollowup,
    EffectiveReception,
    // spec §3.1, platform rules (per person = buyer-day)
    KuaishouBuyers,
    KuaishouFailed,
    PddBuyers,
    PddValid,
    /// The four response rules' verdicts differ (spec §3.1).
    RulesDisagree,
    // issue 14 item 6: auto replies
    AutoReplied,
    AutoIntercepted,
    AutoToHuman,
    // issue 14 products (in scope: the row's product, or any product)
    /// A consult buyer-day that mentions a product in scope.
    ProductConsult,
    /// An inquiry buyer-day that mentions a product in scope.
    ProductInquiry,
    /// … with an attributed order, credited in the group, holding a
    /// mentioned product in scope.
    ProductOrdered,
    /// … such an order paid within the final window.
    ProductPaid,
    /// A buyer-day where an agent of the group sent a product in scope.
    ProductRecommended,
    /// … and an order attributed to the buyer-day, paid within the final
    /// window, holds that product.
    ProductRecommendedPaid,
}

impl BuyerDayTest {
    pub const ALL: [BuyerDayTest; 31] = [
        BuyerDayTest::Consult,
        BuyerDayTest::Reception,
        BuyerDayTest::Unreplied,
        BuyerDayTest::Inquiry,
        BuyerDayTest::Ordered,
        BuyerDayTest::PaidSameDay,
        BuyerDayTest::PaidNextDay,
        BuyerDayTest::PaidFinal,
        BuyerDayTest::InquiryNoOrder,
        BuyerDayTest::OrderedUnpaid,
        BuyerDayTest::Aftersales,
        BuyerDayTest::Reconsult,
        BuyerDayTest::SlowResponse,
        BuyerDayTest::LongReception,
        BuyerDayTest::BuyerInitiated,
        BuyerDayTest::AgentFollowup,
        BuyerDayTest::EffectiveReception,
        BuyerDayTest::KuaishouBuyers,
        BuyerDayTest::KuaishouFailed,
        BuyerDayTest::PddBuyers,
        BuyerDayTest::PddValid,
        BuyerDayTest::RulesDisagree,
        BuyerDayTest::AutoReplied,
        BuyerDayTest::AutoIntercepted,
        BuyerDayTest::AutoToHuman,
        BuyerDayTest::ProductConsult,
        BuyerDayTest::ProductInquiry,
        BuyerDayTest::ProductOrdered,
        BuyerDayTest::ProductPaid,
        BuyerDayTest::ProductRecommended,
        BuyerDayTest::ProductRecommendedPaid,
    ];
}

/// Which counted rounds (opened in work time) a drill lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RoundTest {
    /// Every counted round (`rounds`).
    Counted,
    /// Answered within the threshold (`rounds_3min`, [`crate::engine::Round::within`]).
    Within,
    /// Not answered within the threshold (the drill list `rounds_over_3min`).
    Over,
    /// Answered (the population of the average and maximum response time).
    Answered,
}

/// Which 催付 records a drill lists (issue 14 item 3, `engine/cuifu.rs`):
/// orders of the population (not paid within the first window's start),
/// those with a 催付, those paid after one, those without one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CuifuTest {
    Orders,
    Covered,
    Paid,
    Missed,
}

/// The records behind a metric: what a drill on it lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Population {
    /// Distinct buyer-days passing a test (unit `buyer_day`).
    BuyerDays(BuyerDayTest),
    /// Counted rounds (unit `round`).
    Rounds(RoundTest),
    /// Conversation-days whose first counted round was answered.
    FirstResponses,
    /// Conversation-days with an auto reply after a buyer message
    /// (`Conv::auto_first`).
    AutoFirstResponses,
    /// Reception conversation-days.
    Receptions,
    /// Valid buyer messages.
    BuyerMessages,
    /// Human staff messages.
    AgentMessages,
    /// Buyer (valid or not), human and auto messages (总消息数).
    Messages,
    /// Xiaohongshu sessions (unit `session`, spec §3.1).
    XhsSessions,
    /// Xiaohongshu sessions with a human message before they ended.
    XhsReplied,
    /// Attributed orders paid within the final window.
    SalesOrders,
    /// Those of them with a refunded amount (issue 14 item 2).
    RefundOrders,
    /// Those of them whose first refund application gave a quality reason.
    QualityRefundOrders,
    /// Orders whose first refund application followed an after-sales
    /// reception conversation-day (listed on it).
    AftersalesRefunds,
    /// Ratings, all (`None`) or of one score.
    Ratings(Option<u8>),
    /// Weekly sessions (conversation-days opened by the buyer).
    WeeklySessions,
    /// Weekly sessions with a human reply.
    WeeklyReplied,
    /// Assessed `(agent, week)` / `week` units.
    WeeklyAssessed,
    /// Passed units.
    WeeklyPassed,
    /// 催付 records (one per order, unit `order`).
    Cuifu(CuifuTest),
}

/// What a record of a rate's denominator (its drill population) must be to
/// count in its numerator. A record that is not is a failure: the rows of
/// 「只看未达标」. [`crate::engine::Metric::pass`] names one per rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pass {
    /// A buyer-day that also passes this test (回复率: reception; the
    /// conversion rates: paid same day / within the final window).
    BuyerDay(BuyerDayTest),
    /// A buyer-day that does not pass this test (售后首次解决率: no
    /// re-consult).
    NotBuyerDay(BuyerDayTest),
    /// A buyer-day with a rating in the group (评价率).
    Rated,
    /// A round answered within the threshold (3分钟人工响应率).
    RoundWithin,
    /// A rating of at least this score (满意率: 很满意 or 满意 = 4).
    ScoreAtLeast(u8),
    /// A weekly session with a human message (周回复率).
    Replied,
    /// A Xiaohongshu session with a human message before it ended (小红书回复率).
    SessionReplied,
    /// A 催付 record that also passes this test (催付覆盖率: covered;
    /// 催付成功率: paid).
    Cuifu(CuifuTest),
    /// A sales order with a refunded amount (退款率). A lower rate is
    /// better, so unlike the other tests these orders are the failures: the
    /// drill marks the refunded orders.
    Refunded,
    /// A sales order whose first refund application was a quality one
    /// (首次品退率); marked as failures like `Refunded`.
    QualityRefunded,
}
