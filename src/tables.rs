//! The engine's normalised tables as plain rows (issue 12: beyond one
//! machine): messages, conversation-days, rounds, buyer-days and orders
//! with their attribution, keyed by nicks and days so they join in SQL.
//!
//! What the engine decides once per buyer — which messages are valid or
//! auto replies, where rounds open and close and their response time on
//! the business clock, which conversation-day an order is credited to —
//! is written as it decided it; what a report does afterwards (group,
//! count distinct buyer-days, add, divide) is left to the SQL of
//! `docs/scale-out/*.sql`, which `tests/scaleout/check.py` runs over the
//! Parquet files `kefu parquet` writes (`cli/parquet.rs`) and compares with
//! `kefu report`. Every spec metric is local to one buyer, so the rows of
//! a part of a dataset split by buyer (`crate::partition`) are the rows of
//! that part's buyers, and the parts' files together are the whole.
//!
//! Pure: no file format here. Each table is a row struct; `columns`
//! turns a slice of rows into typed columns ([`Column`]) for a writer.

use crate::engine::Engine;
use crate::model::{day_of, week_monday, Dataset, Sender, Sym};
use crate::settings::Role;

use crate::engine::{B_ANY_ORDER, B_CONSULT, B_INQUIRY, B_RECONSULT};
use crate::engine::{C_ASREC, C_CONSULT, C_CONTENT, C_HUMAN, C_INQUIRY, C_RECEPTION, C_SESSION, C_VALID};
use crate::engine::{M_AUTO, M_HUMAN, M_VALID, NONE32};

/// A calendar day (days since 1970-01-01), written as a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day(pub i32);

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::model::day_string(self.0))
    }
}

/// A column's physical kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Utf8,
    Int64,
    Int32,
    Float64,
    Bool,
    /// Days since 1970-01-01.
    Date,
}

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Utf8(String),
    Int64(i64),
    Int32(i32),
    Float64(f64),
    Bool(bool),
    Date(i32),
}

/// One column of a table: its name, kind, whether it may hold nulls, and
/// one value per row.
#[derive(Debug, Clone)]
pub struct Column {
    pub name: &'static str,
    pub kind: Kind,
    pub nullable: bool,
    pub values: Vec<Value>,
}

/// A field type of a row struct as a column cell.
pub trait Cell {
    const KIND: Kind;
    const NULLABLE: bool = false;
    fn value(&self) -> Value;
}

/// `impl Cell` for a type: its column kind and how a value becomes a cell.
macro_rules! cell {
    ($t:ty, $kind:ident, |$v:ident| $value:expr) => {
        impl Cell for $t {
            const KIND: Kind = Kind::$kind;
            fn value(&self) -> Value {
                let $v = self;
                $value
            }
        }
    };
}
cell!(String, Utf8, |v| Value::Utf8(v.clone()));
cell!(i64, Int64, |v| Value::Int64(*v));
cell!(i32, Int32, |v| Value::Int32(*v));
cell!(f64, Float64, |v| Value::Float64(*v));
cell!(bool, Bool, |v| Value::Bool(*v));
cell!(Day, Date, |v| Value::Date(v.0));
impl<T: Cell> Cell for Option<T> {
    const KIND: Kind = T::KIND;
    const NULLABLE: bool = true;
    fn value(&self) -> Value {
        self.as_ref().map_or(Value::Null, Cell::value)
    }
}

/// A row struct, its table name and `columns` (one [`Column`] per field,
/// in field order: the Parquet schema's order).
macro_rules! table {
    ($(#[$m:meta])* $name:ident = $table:literal { $( $(#[$fm:meta])* $field:ident : $ty:ty, )* }) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq)]
        pub struct $name { $( $(#[$fm])* pub $field: $ty, )* }

        impl $name {
            /// The table's name: its directory under `kefu parquet --out`.
            pub const TABLE: &'static str = $table;

            /// The rows as columns, in field order.
            pub fn columns(rows: &[$name]) -> Vec<Column> {
                vec![$( Column {
                    name: stringify!($field),
                    kind: <$ty as Cell>::KIND,
                    nullable: <$ty as Cell>::NULLABLE,
                    values: rows.iter().map(|r| Cell::value(&r.$field)).collect(),
                }, )*]
            }
        }
    };
}

table! {
    /// One message of a conversation (spec §1.1), both parties resolved
    /// (§1.2), duplicates left out (§1.2.1), in stream order.
    MessageRow = "messages" {
        agent: String,
        buyer: String,
        day: Day,
        /// Position in its conversation-day (stream order: time, then file
        /// order), from 0.
        seq: i32,
        /// Shop-local seconds since 1970-01-01 00:00 (no time zone).
        ts: i64,
        shop: Option<String>,
        /// `buyer | agent | auto | system` as the engine reads it (a staff
        /// message starting with an auto-reply marker is `auto`).
        sender: String,
        /// A valid buyer message (not a closing word when the filter is on, §2).
        valid: bool,
        /// A human staff message (§2).
        human: bool,
        /// Characters (Unicode scalar values) of its text.
        chars: i64,
    }
}

table! {
    /// One conversation-day `(agent, buyer, day)` (spec §2) with its facts.
    ConversationDayRow = "conversation_days" {
        agent: String,
        buyer: String,
        day: Day,
        /// Monday of the day's week.
        week: Day,
        shop: Option<String>,
        /// First level of the agent's team path, or `未分组`.
        team: String,
        /// The agent's whole team path joined by `/`, or `未分组`.
        team_group: String,
        /// `presales | aftersales` (spec §4, §10).
        role: String,
        /// Has a non-system message or a rating; reports ignore the rest.
        has_content: bool,
        /// ≥1 buyer message (咨询).
        consult: bool,
        /// Consult with ≥1 human message (接待).
        reception: bool,
        /// ≥1 valid buyer message.
        valid: bool,
        /// ≥1 human message.
        human: bool,
        /// Consult of a pre-sales agent (询单, §4).
        inquiry: bool,
        /// Reception of an after-sales agent (§6).
        aftersales_reception: bool,
        /// First non-system message is the buyer's (weekly session, §6).
        session: bool,
        buyer_messages: i64,
        human_messages: i64,
        /// Last − first buyer or human message, calendar seconds (receptions only).
        reception_secs: Option<i64>,
        /// The same span on the business clock.
        reception_work_secs: Option<i64>,
        /// The kept rating (§5: last of the agent, buyer and day), 1–5.
        rating: Option<i32>,
        /// Category code (§7), null for 未分类.
        category_code: Option<String>,
        /// Hour of its first non-system message (0–23).
        hour: i32,
    }
}

table! {
    /// One round (轮次, spec §2), in its conversation-day.
    RoundRow = "rounds" {
        agent: String,
        buyer: String,
        day: Day,
        /// Position among its conversation-day's rounds, from 0.
        seq: i32,
        open_ts: i64,
        /// The closing human message's time; null when unanswered.
        close_ts: Option<i64>,
        /// Opened in work time: only these count in any metric.
        counted: bool,
        answered: bool,
        /// Response time on the business clock (answered rounds).
        response_secs: Option<i64>,
        /// Response time in calendar seconds (answered rounds).
        response_calendar_secs: Option<i64>,
        /// Answered within `response_threshold_secs` on the business clock
        /// (`Round::within`).
        within_threshold: bool,
    }
}

table! {
    /// One buyer-day `(buyer, day)` (spec §2) with the flags that do not
    /// depend on the group being reported.
    BuyerDayRow = "buyer_days" {
        buyer: String,
        day: Day,
        /// Any of its conversation-days is a consult.
        consult: bool,
        /// Any is an inquiry (a pre-sales consult).
        inquiry: bool,
        /// An order is attributed to it (to any agent, §4).
        any_order: bool,
        /// The buyer consults again within `reconsult_days` after it (§6).
        reconsult: bool,
        conversation_days: i64,
    }
}

table! {
    /// One order (spec §1.3; duplicates across files merged, §1.2.1) and
    /// its attribution (§4).
    OrderRow = "orders" {
        order_id: String,
        shop: Option<String>,
        /// The export's buyer nick, or the one it was linked to through its
        /// order number in a chat; null when not linked.
        buyer: Option<String>,
        /// Had no buyer nick and was linked through its number.
        linked_by_number: bool,
        created_ts: i64,
        created_day: Day,
        paid_ts: Option<i64>,
        paid_day: Option<Day>,
        amount_fen: i64,
        status: String,
        /// Attributed to an inquiry: then the credited conversation-day is
        /// `(credited_agent, buyer, inquiry_day)`.
        attributed: bool,
        credited_agent: Option<String>,
        inquiry_day: Option<Day>,
        /// Paid on the inquiry day / by the end of the next day / within
        /// `final_window_days` of it (attributed orders only).
        paid_same_day: bool,
        paid_next_day: bool,
        paid_final: bool,
        /// Refunded amount as the engine counts it (issue 14 item 2: the
        /// refund export's successful applications, else the order
        /// export's 退款金额 / 售后状态); 0 for an order in no part.
        refund_fen: i64,
        /// Its first refund application gave a quality reason.
        quality_refund: bool,
        /// The after-sales conversation-day its first application followed
        /// (`aftersales_refund_orders`): `(aftersales_agent, buyer,
        /// aftersales_day)`.
        aftersales_agent: Option<String>,
        aftersales_day: Option<Day>,
    }
}

table! {
    /// The run: the settings the tables were built with that a query needs,
    /// and what the whole dataset holds (one row, not partitioned).
    RunRow = "run" {
        parts: i64,
        response_threshold_secs: i64,
        final_window_days: i64,
        reconsult_days: i64,
        weekly_min_sessions: i64,
        weekly_pass_rate: f64,
        /// 长接待 threshold, calendar seconds (spec §3.1).
        long_reception_secs: i64,
        /// `last | first` (§4).
        credit: String,
        /// Orders that count, over the whole dataset (the order-based rates
        /// are unknown without any, spec §3 null rule).
        orders: i64,
        orders_not_linked: i64,
        /// Ratings kept (the rating rate is unknown without any).
        ratings: i64,
    }
}

/// The tables of one engine (a whole dataset, or one part of it).
#[derive(Debug, Clone, Default)]
pub struct Tables {
    pub messages: Vec<MessageRow>,
    pub conversation_days: Vec<ConversationDayRow>,
    pub rounds: Vec<RoundRow>,
    pub buyer_days: Vec<BuyerDayRow>,
    pub orders: Vec<OrderRow>,
}

/// The names of the partitioned tables, in the order `Tables::columns` gives them.
pub const TABLES: [&str; 5] =
    [MessageRow::TABLE, ConversationDayRow::TABLE, RoundRow::TABLE, BuyerDayRow::TABLE, OrderRow::TABLE];

impl Tables {
    /// Each table's name and columns.
    pub fn columns(&self) -> Vec<(&'static str, Vec<Column>)> {
        vec![
            (MessageRow::TABLE, MessageRow::columns(&self.messages)),
            (ConversationDayRow::TABLE, ConversationDayRow::columns(&self.conversation_days)),
            (RoundRow::TABLE, RoundRow::columns(&self.rounds)),
            (BuyerDayRow::TABLE, BuyerDayRow::columns(&self.buyer_days)),
            (OrderRow::TABLE, OrderRow::columns(&self.orders)),
        ]
    }

    /// The tables of `e`, built from `ds`. Orders are those `e` attributes
    /// or could (every counted order of `ds`, its buyer as `e` linked it).
    pub fn of(ds: &Dataset, e: &Engine) -> Tables {
        let nick = |s: Sym| ds.nicks.name(s).to_string();
        let shop = |s: Sym| (!s.is_none()).then(|| ds.shops.name(s).to_string());
        let mut t = Tables::default();
        for c in &e.convs {
            let a = &e.agents[c.agent_idx as usize];
            for (seq, k) in c.msg_range().enumerate() {
                let m = e.msgs.get(ds, k);
                let f = e.msgs.flags[k];
                t.messages.push(MessageRow {
                    agent: nick(c.agent),
                    buyer: nick(c.buyer),
                    day: Day(c.day),
                    seq: seq as i32,
                    ts: m.ts,
                    shop: shop(m.shop),
                    sender: if f & M_AUTO != 0 { Sender::Auto } else { m.sender }.as_str().to_string(),
                    valid: f & M_VALID != 0,
                    human: f & M_HUMAN != 0,
                    chars: ds.text(m.text).chars().count() as i64,
                });
            }
            let thr = e.settings.response_threshold_secs;
            for (seq, r) in e.rounds[c.round_range()].iter().enumerate() {
                let answered = |x: i64| r.answered.then_some(x);
                t.rounds.push(RoundRow {
                    agent: nick(c.agent),
                    buyer: nick(c.buyer),
                    day: Day(c.day),
                    seq: seq as i32,
                    open_ts: r.open_ts,
                    close_ts: (r.close_msg != NONE32).then(|| e.msgs.get(ds, r.close_msg as usize).ts),
                    counted: r.counted,
                    answered: r.answered,
                    response_secs: answered(r.work_secs),
                    response_calendar_secs: answered(r.cal_secs),
                    within_threshold: r.within(thr),
                });
            }
            let flag = |x: u32| c.flags & x != 0;
            let reception = flag(C_RECEPTION);
            t.conversation_days.push(ConversationDayRow {
                agent: nick(c.agent),
                buyer: nick(c.buyer),
                day: Day(c.day),
                week: Day(week_monday(c.day)),
                shop: shop(c.shop),
                team: a.team_label(),
                team_group: a.group_label(),
                role: match a.role {
                    Role::Presales => "presales",
                    Role::Aftersales => "aftersales",
                }
                .to_string(),
                has_content: flag(C_CONTENT),
                consult: flag(C_CONSULT),
                reception,
                valid: flag(C_VALID),
                human: flag(C_HUMAN),
                inquiry: flag(C_INQUIRY),
                aftersales_reception: flag(C_ASREC),
                session: flag(C_SESSION),
                buyer_messages: c.buyer_msgs as i64,
                human_messages: c.human_msgs as i64,
                reception_secs: reception.then_some(c.reception.1),
                reception_work_secs: reception.then_some(c.reception.0),
                rating: (c.rating != 0).then_some(c.rating as i32),
                category_code: (c.category != NONE32).then(|| e.tree.nodes[c.category as usize].code.clone()),
                hour: c.hour as i32,
            });
        }
        // Buyer-days: their (buyer, day) from any of their conversation-days.
        let mut bds: Vec<(u32, Sym, i32)> = e.convs.iter().map(|c| (c.bd, c.buyer, c.day)).collect();
        bds.sort_unstable();
        for run in bds.chunk_by(|x, y| x.0 == y.0) {
            let (bd, buyer, day) = run[0];
            let f = e.bd_flags[bd as usize];
            t.buyer_days.push(BuyerDayRow {
                buyer: nick(buyer),
                day: Day(day),
                consult: f & B_CONSULT != 0,
                inquiry: f & B_INQUIRY != 0,
                any_order: f & B_ANY_ORDER != 0,
                reconsult: f & B_RECONSULT != 0,
                conversation_days: run.len() as i64,
            });
        }
        let w = e.settings.final_window_days.max(0) as i32;
        let followed: std::collections::HashMap<u32, u32> = e.refunds.followups.iter().map(|&(c, o)| (o, c)).collect();
        for (oi, o) in ds.counted_orders() {
            let refund = e.refunds.of_order(oi as u32);
            let after = followed.get(&(oi as u32)).map(|&c| &e.convs[c as usize]);
            let buyer = e.order_buyers.get(oi).copied().unwrap_or(o.buyer);
            let attr = e.order_attr.get(oi).copied().filter(|&a| a != NONE32).map(|a| &e.attributions[a as usize]);
            let conv = attr.map(|a| &e.convs[a.conv as usize]);
            let paid = conv.map_or([false; 3], |c| crate::engine::attribution::paid_by(o.paid, c.day, w));
            t.orders.push(OrderRow {
                buyer: (!buyer.is_none()).then(|| nick(buyer)),
                linked_by_number: o.buyer.is_none() && !buyer.is_none(),
                attributed: conv.is_some(),
                credited_agent: conv.map(|c| nick(c.agent)),
                inquiry_day: conv.map(|c| Day(c.day)),
                paid_same_day: paid[0],
                paid_next_day: paid[1],
                paid_final: paid[2],
                refund_fen: refund.map_or(0, |r| r.fen),
                quality_refund: refund.is_some_and(|r| r.quality),
                aftersales_agent: after.map(|c| nick(c.agent)),
                aftersales_day: after.map(|c| Day(c.day)),
                ..OrderRow::unattributed(o, shop(o.shop))
            });
        }
        t
    }
}

/// An order of the source dataset that was linked to no buyer (spec §1.3):
/// attributed nowhere, in no part of a split (`crate::partition`), but a
/// row of the orders table all the same.
pub fn unlinked_order(ds: &Dataset, oi: usize) -> OrderRow {
    let o = &ds.orders[oi];
    OrderRow::unattributed(o, (!o.shop.is_none()).then(|| ds.shops.name(o.shop).to_string()))
}

impl OrderRow {
    /// An order's own fields (number, shop, times, amount, status), with no
    /// buyer and attributed to nothing; `Tables::of` fills in the buyer and
    /// the attribution of an order in a part.
    fn unattributed(o: &crate::model::Order, shop: Option<String>) -> OrderRow {
        OrderRow {
            order_id: o.id.clone(),
            shop,
            buyer: None,
            linked_by_number: false,
            created_ts: o.created,
            created_day: Day(day_of(o.created)),
            paid_ts: o.paid,
            paid_day: o.paid.map(|p| Day(day_of(p))),
            amount_fen: o.amount_fen,
            status: o.status.clone(),
            attributed: false,
            credited_agent: None,
            inquiry_day: None,
            paid_same_day: false,
            paid_next_day: false,
            paid_final: false,
            refund_fen: 0,
            quality_refund: false,
            aftersales_agent: None,
            aftersales_day: None,
        }
    }
}
