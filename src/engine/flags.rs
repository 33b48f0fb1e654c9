//! Bit flags precomputed per conversation-day (`C_*`), per buyer-day (`B_*`)
//! and per message (`M_*`) by the build steps, read by every query.

/// "No index" in the `u32` index fields.
pub(crate) const NONE32: u32 = u32::MAX;

// Per conversation-day flags.
pub(crate) const C_CONSULT: u16 = 1;
pub(crate) const C_RECEPTION: u16 = 1 << 1;
pub(crate) const C_VALID: u16 = 1 << 2;
pub(crate) const C_HUMAN: u16 = 1 << 3;
/// Pre-sales consult (inquiry).
pub(crate) const C_INQUIRY: u16 = 1 << 4;
/// After-sales reception.
pub(crate) const C_ASREC: u16 = 1 << 5;
/// Has an attributed order credited to this conversation-day.
pub(crate) const C_ORDERED: u16 = 1 << 6;
pub(crate) const C_PAID_SAME: u16 = 1 << 7;
pub(crate) const C_PAID_NEXT: u16 = 1 << 8;
pub(crate) const C_PAID_FINAL: u16 = 1 << 9;
/// Weekly session: first non-system message is from the buyer.
pub(crate) const C_SESSION: u16 = 1 << 10;
/// Has a non-system message or a rating (otherwise ignored by reports).
pub(crate) const C_CONTENT: u16 = 1 << 11;

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
