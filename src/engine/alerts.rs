//! Service alerts (预警/告警, seeds 002 and 004).
//!
//! Rules, each switchable, evaluated over the already-built engine (rounds,
//! resolved messages, ratings, order attribution), never touching the files:
//!
//! - `wait` (会话超时预警): a round (opened by a valid buyer message) whose
//!   waiting time on the business clock exceeds `yellow_secs` (strictly
//!   more) → `wait_yellow`, exceeds `red_secs` → `wait_red`. One alert per
//!   round at its worst level. An answered round waits until the first human
//!   reply; an unanswered one until 24:00 of its day (the business clock
//!   stops outside work time, so that is also "until the end of work").
//! - `reply_timeout` (超时回复告警): an answered round whose response time
//!   (business clock) is more than `secs`.
//! - `low_rating` (低满意度预警): the conversation-day's rating (last of the
//!   day) is `1..=max_score` (default 2 = 不满意, 1 = 很不满意).
//! - `sensitive_words` (敏感词告警): a human staff message (`staff`) or a buyer
//!   message (`buyer`) containing a keyword or matching `regex`. One alert per
//!   message; excerpt marks the first match `…【骗子】…`.
//! - `complaint` (差评投诉预警): a buyer message with complaint / negative-review
//!   intent (keywords or `regex`). One alert per conversation-day (its first
//!   matching message).
//! - `unpaid_no_reminder` (催付): an order attributed to a chat (spec §4)
//!   still unpaid `within_secs` after creation (no paid time, or paid later)
//!   and no human staff message (any staff account) to that buyer in
//!   `[created, created + within_secs]`.
//!
//! Alerts are filtered by their conversation-day (the same test as reports)
//! and sorted by time. The rules (`AlertRules`) are part of the settings
//! (`settings/alerts.rs`), re-exported here.

use std::collections::BTreeMap;

use regex::Regex;
use serde::{Deserialize, Serialize};

pub use crate::settings::alerts::{
    AlertRules, ComplaintRule, LowRatingRule, ReplyTimeoutRule, SensitiveWordsRule, UnpaidRule, WaitRule,
};

use super::*;
use crate::model::{day_of, day_string, ts_string, Dataset, Sender, SECS_PER_DAY};

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Alert {
    /// Stable id: `rule:conv:YYYYMMDDHHMMSS` (+ `:order id` for orders,
    /// `#n` when the same rule fires twice in one conversation second).
    pub id: String,
    /// wait_yellow|wait_red|reply_timeout|low_rating|sensitive_word|complaint|unpaid_no_reminder
    pub rule: String,
    /// yellow|red|info
    pub level: String,
    pub agent: String,
    pub buyer: String,
    /// `YYYY-MM-DD HH:MM:SS`
    pub time: String,
    pub day: String,
    pub excerpt: String,
    /// Conversation-day id for `Engine::transcript`.
    pub conv: Option<u32>,
}

/// Keywords and an optional regex compiled into one matcher.
fn matcher(keywords: &[String], regex: &Option<String>) -> Option<Regex> {
    let mut parts: Vec<String> = keywords.iter().filter(|k| !k.is_empty()).map(|k| regex::escape(k)).collect();
    if let Some(re) = regex.as_deref().filter(|s| !s.is_empty()) {
        if Regex::new(re).is_ok() {
            parts.push(format!("(?:{re})"));
        }
    }
    if parts.is_empty() {
        return None;
    }
    Regex::new(&parts.join("|")).ok()
}

const CONTEXT_CHARS: usize = 12;

fn clean(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// `…before【match】after…` with up to CONTEXT_CHARS characters each side.
fn mark(text: &str, start: usize, end: usize) -> String {
    let before: Vec<char> = text[..start].chars().collect();
    let after: Vec<char> = text[end..].chars().collect();
    let mut out = String::new();
    if before.len() > CONTEXT_CHARS {
        out.push('…');
        out.extend(&before[before.len() - CONTEXT_CHARS..]);
    } else {
        out.extend(&before);
    }
    out.push('【');
    out.push_str(&text[start..end]);
    out.push('】');
    if after.len() > CONTEXT_CHARS {
        out.extend(&after[..CONTEXT_CHARS]);
        out.push('…');
    } else {
        out.extend(&after);
    }
    clean(&out)
}

fn short(text: &str, n: usize) -> String {
    let mut out: String = text.chars().take(n).collect();
    if text.chars().nth(n).is_some() {
        out.push('…');
    }
    clean(&out)
}

fn score_label(s: u8) -> &'static str {
    match s {
        5 => "很满意",
        4 => "满意",
        3 => "一般",
        2 => "不满意",
        _ => "很不满意",
    }
}

impl Engine {
    #[allow(clippy::too_many_arguments)]
    fn push_alert(
        &self,
        ds: &Dataset,
        out: &mut Vec<Alert>,
        rule: &str,
        level: &str,
        ci: u32,
        ts: i64,
        excerpt: String,
        suffix: &str,
    ) {
        let c = &self.convs[ci as usize];
        let compact: String = ts_string(ts).chars().filter(|c| c.is_ascii_digit()).collect();
        out.push(Alert {
            id: format!("{rule}:{ci}:{compact}{suffix}"),
            rule: rule.to_string(),
            level: level.to_string(),
            agent: ds.nicks.name(c.agent).to_string(),
            buyer: ds.nicks.name(c.buyer).to_string(),
            time: ts_string(ts),
            day: day_string(day_of(ts)),
            excerpt,
            conv: Some(ci),
        });
    }

    /// Every alert of the enabled rules for the conversation-days passing
    /// `filter`, sorted by time (then rule, id).
    pub fn alerts(&self, ds: &Dataset, rules: &AlertRules, filter: &Filter) -> Vec<Alert> {
        let fs = self.filter_set(filter);
        let mut out: Vec<Alert> = Vec::new();
        let sens = if rules.sensitive_words.enabled && (rules.sensitive_words.staff || rules.sensitive_words.buyer) {
            matcher(&rules.sensitive_words.keywords, &rules.sensitive_words.regex)
        } else {
            None
        };
        let comp =
            if rules.complaint.enabled { matcher(&rules.complaint.keywords, &rules.complaint.regex) } else { None };
        let w = &rules.wait;
        let (yellow, red) = (w.yellow_secs.min(w.red_secs), w.red_secs.max(w.yellow_secs));

        for (ci, c) in self.convs.iter().enumerate() {
            if !self.conv_in(&fs, c) {
                continue;
            }
            let ci = ci as u32;
            // Rounds: waiting and reply timeout.
            if w.enabled || rules.reply_timeout.enabled {
                let day_end = (c.day as i64 + 1) * SECS_PER_DAY;
                for r in &self.rounds[c.round_start as usize..c.round_end as usize] {
                    let text = ds.text(self.msgs.get(ds, r.open_msg as usize).text);
                    let waited = if r.answered { r.work_secs } else { self.clock.work_secs(r.open_ts, day_end) };
                    if w.enabled && waited > yellow {
                        let (rule, level) = if waited > red { ("wait_red", "red") } else { ("wait_yellow", "yellow") };
                        let state = if r.answered { "" } else { "（未回复）" };
                        self.push_alert(
                            ds,
                            &mut out,
                            rule,
                            level,
                            ci,
                            r.open_ts,
                            format!("等待{waited}秒{state}：{}", short(text, 40)),
                            "",
                        );
                    }
                    if rules.reply_timeout.enabled && r.answered && r.work_secs > rules.reply_timeout.secs {
                        self.push_alert(
                            ds,
                            &mut out,
                            "reply_timeout",
                            "red",
                            ci,
                            r.open_ts,
                            format!("响应{}秒：{}", r.work_secs, short(text, 40)),
                            "",
                        );
                    }
                }
            }
            // Ratings.
            if rules.low_rating.enabled && c.rating > 0 && c.rating <= rules.low_rating.max_score {
                let ts = ds.ratings.get(c.rating_idx as usize).map(|r| r.ts).unwrap_or(c.day as i64 * SECS_PER_DAY);
                self.push_alert(
                    ds,
                    &mut out,
                    "low_rating",
                    "red",
                    ci,
                    ts,
                    format!("评价：{}（{}）", score_label(c.rating), c.rating),
                    "",
                );
            }
            // Message texts.
            if sens.is_some() || comp.is_some() {
                let mut complained = false;
                for mi in c.msg_start..c.msg_end {
                    let m = self.msgs.get(ds, mi as usize);
                    let is_staff = m.sender == Sender::Agent;
                    let is_buyer = m.sender == Sender::Buyer;
                    if !is_staff && !is_buyer {
                        continue;
                    }
                    let text = ds.text(m.text);
                    if let Some(re) = &sens {
                        let on = (is_staff && rules.sensitive_words.staff) || (is_buyer && rules.sensitive_words.buyer);
                        if on {
                            if let Some(x) = re.find(text) {
                                let who = if is_staff { "客服" } else { "买家" };
                                let level = if is_staff { "red" } else { "yellow" };
                                let ex = format!("{who}：{}", mark(text, x.start(), x.end()));
                                self.push_alert(ds, &mut out, "sensitive_word", level, ci, m.ts, ex, "");
                            }
                        }
                    }
                    if let (Some(re), false, true) = (&comp, complained, is_buyer) {
                        if let Some(x) = re.find(text) {
                            complained = true;
                            self.push_alert(
                                ds,
                                &mut out,
                                "complaint",
                                "red",
                                ci,
                                m.ts,
                                mark(text, x.start(), x.end()),
                                "",
                            );
                        }
                    }
                }
            }
        }

        // Orders: 催付.
        let u = &rules.unpaid_no_reminder;
        if u.enabled && !self.attributions.is_empty() {
            // Human staff messages per buyer: (buyer, ts), sorted.
            let mut human: Vec<(u32, i64)> = (0..self.msgs.len())
                .filter(|&k| self.msgs.flags[k] & M_HUMAN != 0)
                .map(|k| {
                    let m = self.msgs.get(ds, k);
                    (m.buyer.0, m.ts)
                })
                .collect();
            human.sort_unstable();
            for a in &self.attributions {
                let c = &self.convs[a.conv as usize];
                if !self.conv_in(&fs, c) {
                    continue;
                }
                let o = &ds.orders[a.order as usize];
                let deadline = o.created + u.within_secs;
                if o.paid.is_some_and(|p| p <= deadline) {
                    continue;
                }
                let lo = human.partition_point(|&x| x < (o.buyer.0, o.created));
                let reminded = human.get(lo).is_some_and(|&(b, t)| b == o.buyer.0 && t <= deadline);
                if reminded {
                    continue;
                }
                let paid = match o.paid {
                    Some(p) => format!("{}付款", ts_string(p)),
                    None => "未付款".to_string(),
                };
                let ex = format!(
                    "订单{} ¥{:.2} {}，{}分钟内无客服催付",
                    o.id,
                    o.amount_fen as f64 / 100.0,
                    paid,
                    u.within_secs / 60
                );
                self.push_alert(
                    ds,
                    &mut out,
                    "unpaid_no_reminder",
                    "info",
                    a.conv,
                    o.created,
                    ex,
                    &format!(":{}", o.id),
                );
            }
        }

        out.sort_by(|a, b| (&a.time, &a.rule, &a.id).cmp(&(&b.time, &b.rule, &b.id)));
        // Make ids unique (same rule, conversation and second): equal ids are adjacent after the sort.
        let mut n = 1;
        for i in 1..out.len() {
            let base_eq = out[i].id == out[i - 1].id.split('#').next().unwrap_or("");
            if base_eq {
                n += 1;
                out[i].id = format!("{}#{n}", out[i].id);
            } else {
                n = 1;
            }
        }
        out
    }

    /// Alert counts per agent and per rule.
    pub fn alert_counts(alerts: &[Alert]) -> (BTreeMap<String, u64>, BTreeMap<String, u64>) {
        let mut by_agent = BTreeMap::new();
        let mut by_rule = BTreeMap::new();
        for a in alerts {
            *by_agent.entry(a.agent.clone()).or_insert(0) += 1;
            *by_rule.entry(a.rule.clone()).or_insert(0) += 1;
        }
        (by_agent, by_rule)
    }
}
