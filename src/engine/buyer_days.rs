//! Build step 6: buyer-days (spec §2: a distinct `(buyer, day)`), their
//! global flags (consult, inquiry, reconsult within `reconsult_days`) and
//! the conversation-days of each; and the buyer-day tests behind the
//! people counts (人数) of a group.

use crate::model::Sym;

use super::conversations::Conv;
use super::flags::*;
use super::metric::BuyerDayTest;

/// Buyer-days sorted by `(buyer, day)`; `Conv::bd` indexes them.
pub(crate) struct BuyerDays {
    pub days: Vec<(Sym, i32)>,
    /// `B_*` flags per buyer-day.
    pub flags: Vec<u8>,
    /// ts of the first buyer message to a pre-sales agent (i64::MAX: none).
    pub first_presales: Vec<i64>,
    /// `(buyer-day, conversation-day)` sorted; buyer-day `b`'s entries are
    /// `conv_start[b]..conv_start[b + 1]`.
    conv: Vec<(u32, u32)>,
    conv_start: Vec<u32>,
}

impl BuyerDays {
    /// Number the buyer-days of `convs` (setting `Conv::bd`) and flag them.
    pub fn build(convs: &mut [Conv], reconsult_days: i64) -> BuyerDays {
        let mut days: Vec<(Sym, i32)> = convs.iter().map(|c| (c.buyer, c.day)).collect();
        days.sort_unstable();
        days.dedup();
        let mut flags = vec![0u8; days.len()];
        let mut first_presales = vec![i64::MAX; days.len()];
        let mut conv: Vec<(u32, u32)> = Vec::with_capacity(convs.len());
        for (ci, c) in convs.iter_mut().enumerate() {
            let bd = days.binary_search(&(c.buyer, c.day)).unwrap();
            c.bd = bd as u32;
            if c.flags & C_CONSULT != 0 {
                flags[bd] |= B_CONSULT;
            }
            if c.flags & C_INQUIRY != 0 {
                flags[bd] |= B_INQUIRY;
                first_presales[bd] = first_presales[bd].min(c.first_buyer_ts);
            }
            conv.push((bd as u32, ci as u32));
        }
        conv.sort_unstable();
        let mut conv_start = vec![0u32; days.len() + 1];
        for &(b, _) in &conv {
            conv_start[b as usize + 1] += 1;
        }
        for b in 0..days.len() {
            conv_start[b + 1] += conv_start[b];
        }
        let mut bds = BuyerDays { days, flags, first_presales, conv, conv_start };
        bds.mark_reconsult(reconsult_days);
        bds
    }

    /// Reconsult: a consult buyer-day of the same buyer in (D, D + days].
    fn mark_reconsult(&mut self, reconsult_days: i64) {
        let rdays = reconsult_days.max(0) as i32;
        for b in 0..self.days.len() {
            let (buyer, day) = self.days[b];
            let mut k = b + 1;
            while k < self.days.len() && self.days[k].0 == buyer && self.days[k].1 <= day + rdays {
                if self.flags[k] & B_CONSULT != 0 {
                    self.flags[b] |= B_RECONSULT;
                    break;
                }
                k += 1;
            }
        }
    }

    /// The conversation-days of buyer-day `bd`.
    pub fn convs_of(&self, bd: usize) -> impl Iterator<Item = u32> + '_ {
        self.conv[self.conv_start[bd] as usize..self.conv_start[bd + 1] as usize].iter().map(|p| p.1)
    }
}

impl BuyerDayTest {
    /// Does a buyer-day with merged group flags `f` (the OR over its
    /// conversation-days in the group) and global flags `b` pass?
    #[inline]
    pub(crate) fn test(self, f: u32, b: u8) -> bool {
        match self {
            BuyerDayTest::Consult => f & C_CONSULT != 0,
            BuyerDayTest::Reception => f & C_RECEPTION != 0,
            BuyerDayTest::Unreplied => f & C_VALID != 0 && f & C_HUMAN == 0,
            BuyerDayTest::Inquiry => f & C_INQUIRY != 0,
            BuyerDayTest::Ordered => f & C_ORDERED != 0,
            BuyerDayTest::PaidSameDay => f & C_PAID_SAME != 0,
            BuyerDayTest::PaidNextDay => f & C_PAID_NEXT != 0,
            BuyerDayTest::PaidFinal => f & C_PAID_FINAL != 0,
            BuyerDayTest::InquiryNoOrder => f & C_INQUIRY != 0 && b & B_ANY_ORDER == 0,
            BuyerDayTest::OrderedUnpaid => f & C_ORDERED != 0 && f & C_PAID_FINAL == 0,
            BuyerDayTest::Aftersales => f & C_ASREC != 0,
            BuyerDayTest::Reconsult => f & C_ASREC != 0 && b & B_RECONSULT != 0,
            BuyerDayTest::SlowResponse => f & Q_SLOW != 0,
            BuyerDayTest::LongReception => f & Q_LONG != 0,
            BuyerDayTest::BuyerInitiated => f & C_SESSION != 0,
            BuyerDayTest::AgentFollowup => f & C_FOLLOWUP != 0,
            BuyerDayTest::EffectiveReception => f & C_RECEPTION != 0 && f & C_ANSWERED != 0,
            BuyerDayTest::KuaishouBuyers | BuyerDayTest::PddBuyers => f & C_WINDOW != 0,
            BuyerDayTest::KuaishouFailed => f & C_WINDOW != 0 && f & C_KS_FAIL != 0,
            BuyerDayTest::PddValid => f & C_WINDOW != 0 && f & C_PDD_LATE == 0,
            BuyerDayTest::RulesDisagree => f & C_WINDOW != 0 && rules_disagree(f),
            BuyerDayTest::AutoReplied => f & C_AUTO != 0,
            BuyerDayTest::AutoIntercepted => f & C_AUTO != 0 && f & C_HUMAN == 0,
            BuyerDayTest::AutoToHuman => f & C_AUTO != 0 && f & C_HUMAN != 0,
            BuyerDayTest::ProductConsult => f & C_CONSULT != 0 && f & PF_MENTION != 0,
            BuyerDayTest::ProductInquiry => f & C_INQUIRY != 0 && f & PF_MENTION != 0,
            BuyerDayTest::ProductOrdered => f & C_INQUIRY != 0 && f & PF_ORDERED != 0,
            BuyerDayTest::ProductPaid => f & C_INQUIRY != 0 && f & PF_PAID != 0,
            BuyerDayTest::ProductRecommended => f & PF_REC != 0,
            BuyerDayTest::ProductRecommendedPaid => f & PF_REC_PAID != 0,
        }
    }

    /// The conversation-day flag marking the conversation-day a drill row
    /// of a passing buyer-day points at.
    pub(crate) fn mark(self) -> u32 {
        match self {
            BuyerDayTest::Consult => C_CONSULT,
            BuyerDayTest::Reception => C_RECEPTION,
            BuyerDayTest::Unreplied => C_VALID,
            BuyerDayTest::Inquiry | BuyerDayTest::InquiryNoOrder => C_INQUIRY,
            BuyerDayTest::Ordered | BuyerDayTest::OrderedUnpaid => C_ORDERED,
            BuyerDayTest::PaidSameDay => C_PAID_SAME,
            BuyerDayTest::PaidNextDay => C_PAID_NEXT,
            BuyerDayTest::PaidFinal => C_PAID_FINAL,
            BuyerDayTest::Aftersales | BuyerDayTest::Reconsult => C_ASREC,
            BuyerDayTest::SlowResponse => Q_SLOW,
            BuyerDayTest::LongReception => Q_LONG,
            BuyerDayTest::BuyerInitiated => C_SESSION,
            BuyerDayTest::AgentFollowup => C_FOLLOWUP,
            BuyerDayTest::EffectiveReception => C_ANSWERED,
            BuyerDayTest::KuaishouBuyers | BuyerDayTest::PddBuyers | BuyerDayTest::PddValid => C_WINDOW,
            BuyerDayTest::KuaishouFailed => C_KS_FAIL,
            BuyerDayTest::RulesDisagree => C_WINDOW,
            BuyerDayTest::AutoReplied | BuyerDayTest::AutoIntercepted | BuyerDayTest::AutoToHuman => C_AUTO,
            BuyerDayTest::ProductConsult => C_CONSULT,
            BuyerDayTest::ProductInquiry => C_INQUIRY,
            BuyerDayTest::ProductOrdered => PF_ORDERED,
            BuyerDayTest::ProductPaid => PF_PAID,
            BuyerDayTest::ProductRecommended => PF_REC,
            BuyerDayTest::ProductRecommendedPaid => PF_REC_PAID,
        }
    }
}

/// Do the four response rules of spec §3.1 judge a person (the merged
/// flags `f` of a buyer-day in the group) differently? Taobao's verdict
/// per person: no counted round unanswered or slow (`Q_SLOW`, 慢响应);
/// Kuaishou: not `C_KS_FAIL`; Pinduoduo: not `C_PDD_LATE`; Xiaohongshu:
/// every session replied (not `C_XHS_MISS`).
fn rules_disagree(f: u32) -> bool {
    let verdicts = [f & Q_SLOW == 0, f & C_KS_FAIL == 0, f & C_PDD_LATE == 0, f & C_XHS_MISS == 0];
    verdicts.iter().any(|v| *v != verdicts[0])
}
