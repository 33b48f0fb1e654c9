//! Bit flags precomputed per conversation-day (`C_*`), per buyer-day (`B_*`)
//! and per message (`M_*`) by the build steps, read by every query.

/// "No index" in the `u32` index fields.
pub(crate) const NONE32: u32 = u32::MAX;

// Per conversation-day flags.
pub(crate) const C_CONSULT: u32 = 1;
pub(crate) const C_RECEPTION: u32 = 1 << 1;
pub(crate) const C_VALID: u32 = 1 << 2;
pub(crate) const C_HUMAN: u32 = 1 << 3;
/// Pre-sales consult (inquiry).
pub(crate) const C_INQUIRY: u32 = 1 << 4;
/// After-sales reception.
pub(crate) const C_ASREC: u32 = 1 << 5;
/// Has an attributed order credited to this conversation-day.
pub(crate) const C_ORDERED: u32 = 1 << 6;
pub(crate) const C_PAID_SAME: u32 = 1 << 7;
pub(crate) const C_PAID_NEXT: u32 = 1 << 8;
pub(crate) const C_PAID_FINAL: u32 = 1 << 9;
/// Weekly session: first non-system message is from the buyer.
pub(crate) const C_SESSION: u32 = 1 << 10;
/// Has a non-system message or a rating (otherwise ignored by reports).
pub(crate) const C_CONTENT: u32 = 1 << 11;
/// Agent follow-up (客服主动跟进, spec §3.1): the first non-system message
/// is a human staff message.
pub(crate) const C_FOLLOWUP: u32 = 1 << 12;
/// Has an answered counted round (有效接待, spec §3.1).
pub(crate) const C_ANSWERED: u32 = 1 << 13;
/// Has a valid buyer message in the platform window 08:00–23:00: the
/// population of the Kuaishou and Pinduoduo per-person rules (spec §3.1).
pub(crate) const C_WINDOW: u32 = 1 << 14;
/// A round opened in the window is unanswered or answered after more than
/// 180 calendar seconds (fails the Kuaishou rule).
pub(crate) const C_KS_FAIL: u32 = 1 << 15;
/// A valid buyer message in the window has no human message within 3600
/// calendar seconds after it (not valid under the Pinduoduo rule).
pub(crate) const C_PDD_LATE: u32 = 1 << 16;
/// An auto reply (`Sender::Auto`) came after a buyer message (issue 14
/// item 6: the consultation was answered by the robot).
pub(crate) const C_AUTO: u32 = 1 << 17;
/// A Xiaohongshu session opened here ended without a human message (fails
/// the Xiaohongshu rule; for the rules' disagreement, spec §3.1).
pub(crate) const C_XHS_MISS: u32 = 1 << 18;

// Query-time conversation-day flags: never stored in `Conv::flags`, added
// by `Engine::group_flags` from the settings read at query time.
/// A counted round unanswered or answered over `response_threshold_secs`.
pub(crate) const Q_SLOW: u32 = 1 << 30;
/// A reception lasting ≥ `long_reception_secs` calendar seconds.
pub(crate) const Q_LONG: u32 = 1 << 31;

// Query-time product flags (issue 14): added to a conversation-day's
// flags by `Engine::product_bits` for the product scope of the row (one
// product, or any). High bits, clear of the stored `C_*` ones.
/// The lowest of the `PF_*` bits: they all fit in the byte above it.
pub(crate) const PF_SHIFT: u32 = 24;
/// The buyer-day mentions a product in scope.
pub(crate) const PF_MENTION: u32 = 1 << 24;
/// An agent sent a product in scope in this conversation-day.
pub(crate) const PF_REC: u32 = 1 << 25;
/// An order credited here holds a product in scope the buyer-day mentions.
pub(crate) const PF_ORDERED: u32 = 1 << 26;
/// … and was paid within the final window.
pub(crate) const PF_PAID: u32 = 1 << 27;
/// A product in scope sent here is in an order attributed to the
/// buyer-day and paid within the final window.
pub(crate) const PF_REC_PAID: u32 = 1 << 28;

// Per buyer-day (global) flags.
pub(crate) const B_CONSULT: u8 = 1;
pub(crate) const B_INQUIRY: u8 = 1 << 1;
pub(crate) const B_ANY_ORDER: u8 = 1 << 2;
pub(crate) const B_RECONSULT: u8 = 1 << 3;

/// Per-message flags.
pub(crate) const M_VALID: u8 = 1;
pub(crate) const M_HUMAN: u8 = 1 << 1;
/// Staff message turned `Sender::Auto` by an auto-reply marker.
pub(crate) const M_AUTO: u8 = 1 << 2;
/// The text may name a product (`product::may_name`: an `id=`, or a card
/// or notice tag at its start); the product scan reads only these texts.
pub(crate) const M_PRODUCT: u8 = 1 << 3;
/// The message's sender as resolved (`Sender::Auto` where a marker
/// applies), in two bits: [`m_sender`].
const M_SENDER_SHIFT: u8 = 4;
/// The first message of its `(agent, buyer)` stream.
pub(crate) const M_STREAM: u8 = 1 << 6;

/// The sender bits of a message's flags.
pub(crate) fn m_sender_bits(s: crate::model::Sender) -> u8 {
    (s as u8) << M_SENDER_SHIFT
}

/// The sender a message's flags hold.
pub(crate) fn m_sender(f: u8) -> crate::model::Sender {
    use crate::model::Sender;
    match (f >> M_SENDER_SHIFT) & 3 {
        0 => Sender::Buyer,
        1 => Sender::Agent,
        2 => Sender::Auto,
        _ => Sender::System,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Sender;

    #[test]
    fn a_message_flags_keep_its_sender_beside_the_other_bits() {
        for s in [Sender::Buyer, Sender::Agent, Sender::Auto, Sender::System] {
            let f = m_sender_bits(s) | M_VALID | M_HUMAN | M_AUTO | M_PRODUCT | M_STREAM;
            assert_eq!(m_sender(f), s);
            assert_eq!(m_sender(m_sender_bits(s)), s);
            assert_eq!(
                f & (M_VALID | M_HUMAN | M_AUTO | M_PRODUCT | M_STREAM),
                M_VALID | M_HUMAN | M_AUTO | M_PRODUCT | M_STREAM
            );
        }
    }
}
