//! The engine's view of the message table: every message that belongs to a
//! conversation, in stream order, resolved for the current settings, without
//! a copy of `Dataset::messages`.
//!
//! Table rows (`block == NO_BLOCK`) resolve to themselves, so for them the
//! engine keeps only their index into `ds.messages`. A text-format message
//! (spec §1.2) gets a small side entry with the fields resolution sets
//! (agent, buyer, shop, sender). Per message the engine adds one flag byte
//! (valid buyer message, human staff message, auto reply). So a message costs
//! the engine 5 bytes (table) or 25 bytes (text format) instead of a 48-byte
//! resolved copy, and the dataset stays untouched: building again with other
//! settings re-resolves from the same `Dataset`.

use crate::model::{Dataset, Message, Sender, Sym, NO_BLOCK};
use crate::settings::Settings;

use super::clock::ClosingWords;
use super::{M_AUTO, M_HUMAN, M_VALID};

/// `order` entries with this bit index `side`; others index `ds.messages`.
const SIDE: u32 = 1 << 31;
/// Temporary flag during the build: the message has a side entry.
const F_SIDE: u8 = 1 << 7;

/// What resolution changed in a text-format message.
#[derive(Debug, Clone, Copy)]
struct Resolved {
    /// Index into `ds.messages`.
    idx: u32,
    agent: Sym,
    buyer: Sym,
    shop: Sym,
    sender: Sender,
}

/// Messages with both parties, sorted per `(agent, buyer)` stream by
/// `(ts, dataset index)`; position `k` is the engine's message id
/// (`Conv::msg_start..msg_end`, `Round::open_msg`, …).
pub(crate) struct Messages {
    order: Vec<u32>,
    side: Vec<Resolved>,
    /// `M_*` flags per position.
    pub(crate) flags: Vec<u8>,
}

impl Messages {
    /// Resolve `ds` for `settings`, apply the auto-reply markers and the
    /// closing-word filter, drop messages without both parties and sort.
    /// Also returns the distinct agents of the kept messages (first seen
    /// first).
    pub(crate) fn build(ds: &Dataset, settings: &Settings, closing: &ClosingWords) -> (Messages, Vec<Sym>) {
        assert!(ds.messages.len() < SIDE as usize, "too many messages");
        let markers: Vec<&str> = settings.auto_reply_markers.iter().map(|s| s.as_str()).filter(|s| !s.is_empty()).collect();
        // Flags by dataset index, computed in dataset order (sequential text access).
        let mut flags_ds = vec![0u8; ds.messages.len()];
        let mut side: Vec<Resolved> = Vec::new();
        let mut agents: Vec<Sym> = Vec::new();
        let mut seen = vec![false; ds.nicks.len()];
        // Sort keys of kept messages: (agent, buyer) | ts offset | dataset
        // index, packed in a u128 when the time span of the dataset fits 32
        // bits, else as a tuple (same order).
        let min_ts = ds.messages.iter().map(|m| m.ts).min().unwrap_or(0);
        let max_ts = ds.messages.iter().map(|m| m.ts).max().unwrap_or(0);
        let packed = max_ts - min_ts < (1i64 << 32);
        let mut keys: Vec<u128> = Vec::new();
        let mut wide: Vec<(u64, i64, u32)> = Vec::new();
        if packed {
            keys.reserve_exact(ds.messages.len());
        } else {
            wide.reserve_exact(ds.messages.len());
        }
        crate::import::resolve_each(ds, settings, |idx, m| {
            if m.agent.is_none() || m.buyer.is_none() {
                return;
            }
            let mut f = 0u8;
            let mut sender = m.sender;
            match m.sender {
                Sender::Agent => {
                    let t = ds.text(m.text).trim_start();
                    if markers.iter().any(|mk| t.starts_with(mk)) {
                        f |= M_AUTO;
                        sender = Sender::Auto;
                    } else {
                        f |= M_HUMAN;
                    }
                }
                Sender::Buyer if !closing.is_closing(ds.text(m.text)) => f |= M_VALID,
                _ => {}
            }
            if m.block != NO_BLOCK {
                f |= F_SIDE;
                side.push(Resolved { idx, agent: m.agent, buyer: m.buyer, shop: m.shop, sender });
            }
            flags_ds[idx as usize] = f;
            let a = m.agent.0 as usize;
            if a >= seen.len() {
                seen.resize(a + 1, false);
            }
            if !seen[a] {
                seen[a] = true;
                agents.push(m.agent);
            }
            let ab = ((m.agent.0 as u64) << 32) | m.buyer.0 as u64;
            if packed {
                keys.push(((ab as u128) << 64) | (((m.ts - min_ts) as u128) << 32) | idx as u128);
            } else {
                wide.push((ab, m.ts, idx));
            }
        });
        drop(seen);
        let n = keys.len() + wide.len();
        let mut sorted: Vec<u32> = if packed {
            keys.sort_unstable();
            keys.into_iter().map(|k| k as u32).collect()
        } else {
            wide.sort_unstable();
            wide.into_iter().map(|k| k.2).collect()
        };
        // Dataset index → order entry, flags to stream order.
        let mut flags = Vec::with_capacity(n);
        for e in sorted.iter_mut() {
            let f = flags_ds[*e as usize];
            if f & F_SIDE != 0 {
                let s = side.binary_search_by_key(e, |r| r.idx).expect("side entry of a kept text-format message");
                *e = SIDE | s as u32;
            }
            flags.push(f & !F_SIDE);
        }
        (Messages { order: sorted, side, flags }, agents)
    }

    pub(crate) fn len(&self) -> usize {
        self.order.len()
    }

    /// Message `k` in stream order, resolved, sender `Auto` where an
    /// auto-reply marker applies. `ds` must be the dataset the engine was
    /// built from.
    #[inline]
    pub(crate) fn get(&self, ds: &Dataset, k: usize) -> Message {
        let e = self.order[k];
        let mut m = if e & SIDE == 0 {
            ds.messages[e as usize]
        } else {
            let r = self.side[(e & !SIDE) as usize];
            let mut m = ds.messages[r.idx as usize];
            m.agent = r.agent;
            m.buyer = r.buyer;
            m.shop = r.shop;
            m.sender = r.sender;
            m
        };
        if self.flags[k] & M_AUTO != 0 {
            m.sender = Sender::Auto;
        }
        m
    }
}
