//! One conversation-day as a chat: its messages with each round's response
//! time on the closing message, slow rounds marked (not answered within the
//! threshold, `Round::within`), the buyer's orders of that day or credited
//! to it, its category and rating.

use serde::{Deserialize, Serialize};

use super::flags::NONE32;
use super::Engine;
use crate::model::{day_of, day_string, ts_string, Dataset, Sender};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TranscriptMessage {
    pub time: String,
    /// Serialised `buyer`, `agent`, `auto`, `system`.
    pub sender: Sender,
    pub speaker: String,
    pub text: String,
    /// On the human message closing a round: that round's response time
    /// (business seconds).
    pub response_secs: Option<i64>,
    /// Set on the closing message of a round slower than the threshold, and
    /// on the opening message of a round never answered.
    pub slow: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct TranscriptOrder {
    pub id: String,
    pub created: String,
    pub paid: Option<String>,
    pub amount: f64,
    pub title: String,
    /// Agent credited with it (spec §4), if attributed to this conversation-day.
    pub credited_agent: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Transcript {
    pub conv: u32,
    pub agent: String,
    pub buyer: String,
    pub day: String,
    pub category: Option<String>,
    pub messages: Vec<TranscriptMessage>,
    pub orders: Vec<TranscriptOrder>,
    /// 5 = 很满意 … 1 = 很不满意.
    pub rating: Option<u8>,
}

impl Engine {
    /// One conversation-day as a chat.
    pub fn transcript(&self, ds: &Dataset, conv: u32) -> Option<Transcript> {
        let c = self.convs.get(conv as usize)?;
        let thr = self.settings.response_threshold_secs;
        let mut messages: Vec<TranscriptMessage> = (c.msg_start..c.msg_end)
            .map(|mi| {
                let m = self.msgs.get(ds, mi as usize);
                TranscriptMessage {
                    time: ts_string(m.ts),
                    sender: m.sender,
                    speaker: match m.sender {
                        Sender::Buyer => ds.nicks.name(m.buyer).to_string(),
                        Sender::Agent | Sender::Auto => ds.nicks.name(m.agent).to_string(),
                        Sender::System => ds.nicks.name(m.speaker).to_string(),
                    },
                    text: ds.text(m.text).to_string(),
                    response_secs: None,
                    slow: false,
                }
            })
            .collect();
        for r in &self.rounds[c.round_range()] {
            if r.answered {
                let t = &mut messages[(r.close_msg - c.msg_start) as usize];
                t.response_secs = Some(r.work_secs);
                t.slow = r.counted && !r.within(thr);
            } else if r.counted {
                messages[(r.open_msg - c.msg_start) as usize].slow = true;
            }
        }
        // orders: attributed to this buyer-day, plus the buyer's other orders created that day
        let mut orders: Vec<TranscriptOrder> = Vec::new();
        for (oi, o) in ds.counted_orders() {
            if self.order_buyers.get(oi).copied().unwrap_or(o.buyer) != c.buyer {
                continue;
            }
            let attr = self.order_attr.get(oi).copied().unwrap_or(NONE32);
            let credited = if attr != NONE32 && self.attributions[attr as usize].bd == c.bd {
                Some(ds.nicks.name(self.convs[self.attributions[attr as usize].conv as usize].agent).to_string())
            } else {
                None
            };
            if credited.is_some() || day_of(o.created) == c.day {
                orders.push(TranscriptOrder {
                    id: o.id.clone(),
                    created: ts_string(o.created),
                    paid: o.paid.map(ts_string),
                    amount: o.amount_fen as f64 / 100.0,
                    title: o.title.clone(),
                    credited_agent: credited,
                });
            }
        }
        let category = if c.category == NONE32 {
            None
        } else {
            let n = &self.tree.nodes[c.category as usize];
            Some(format!("{} {}", n.code, self.tree.path_string(c.category as usize)))
        };
        Some(Transcript {
            conv,
            agent: ds.nicks.name(c.agent).to_string(),
            buyer: ds.nicks.name(c.buyer).to_string(),
            day: day_string(c.day),
            category,
            messages,
            orders,
            rating: if c.rating > 0 { Some(c.rating) } else { None },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sender_serialises_as_the_old_string() {
        for (s, name) in
            [(Sender::Buyer, "buyer"), (Sender::Agent, "agent"), (Sender::Auto, "auto"), (Sender::System, "system")]
        {
            let m = TranscriptMessage {
                time: String::new(),
                sender: s,
                speaker: String::new(),
                text: String::new(),
                response_secs: None,
                slow: false,
            };
            let json = serde_json::to_string(&m).unwrap();
            assert!(json.contains(&format!(r#""sender":"{name}""#)), "{json}");
            assert_eq!((s.as_str(), s.to_string()), (name, name.to_string()));
        }
    }
}
