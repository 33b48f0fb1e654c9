//! Service alerts (预警/告警, seeds 002 and 004).
//!
//! Rules, each switchable, evaluated over the already-built engine (rounds,
//! resolved messages, ratings, order attribution), never touching the files:
//!
//! - `wait` (会话超时预警): a round (opened by a valid buyer message) whose
//!   waiting time on the business clock exceeds `yellow_secs` (strictly
//!   more) → `wait_yellow`, exceeds `red_secs` → `wait_red`. One level per
//!   round, its worst. An answered round waits until the first human
//!   reply; an unanswered one until 24:00 of its day (the business clock
//!   stops outside work time, so that is also "until the end of work").
//! - `reply_timeout` (超时回复告警): an answered round whose response time
//!   (business clock) is more than `secs`.
//! - Both round rules skip a round opened outside work time (not counted in
//!   the metrics, `Round::counted`) unless `exclude_off_hours` is off.
//! - `low_rating` (低满意度预警): the conversation-day's rating (last of the
//!   day) is `1..=max_score` (default 2 = 不满意, 1 = 很不满意).
//! - `sensitive_words` (敏感词告警): a human staff message (`staff`) or a buyer
//!   message (`buyer`) containing a keyword or matching `regex`. One alert per
//!   message; excerpt marks the first match `…【骗子】…`.
//! - `complaint` (差评投诉预警): a buyer message with complaint / negative-review
//!   intent (a complaint phrase, `COMPLAINT_PHRASES` by default, or `regex`;
//!   a bare 退款 is none). One per conversation-day (its first matching
//!   message).
//! - `unpaid_no_reminder` (催付): an order attributed to a chat (spec §4)
//!   still unpaid `within_secs` after creation (no paid time, or paid later)
//!   and no human staff message (any staff account) to that buyer in
//!   `[created, created + within_secs]`.
//!
//! **One alert per event.** An event is one round (wait, reply timeout), one
//! message (sensitive word, complaint), one conversation-day's rating or one
//! order. When several rules fire on the same event, the alert carries the
//! strongest (`AlertRule::stronger`: level first, red > yellow > info, then
//! the order of `AlertRule::ALL`) as its `rule`, `level` and `excerpt`, and
//! the others in `also`, strongest first. So a round answered after 6
//! minutes is one `wait_red` alert with `also: [reply_timeout]`.
//!
//! Durations in the excerpt read as merchants read them (`format::duration`,
//! `15小时00分`); the raw business-clock seconds are `wait_secs`.
//!
//! Alerts are filtered by their conversation-day (the same test as reports)
//! and sorted by time. The rules (`AlertRules`) are part of the settings
//! (`settings/alerts.rs`), re-exported here.

use std::collections::BTreeMap;

use regex::Regex;
use serde::{Deserialize, Serialize};

pub use crate::settings::alerts::{
    AlertRules, ComplaintRule, LowRatingRule, ReplyTimeoutRule, SensitiveWordsRule, UnpaidRule, WaitRule,
    COMPLAINT_PHRASES,
};

use super::*;
use crate::model::{day_of, day_string, ts_string, Dataset, Sender, SECS_PER_DAY};

/// Which rule raised an alert (serialised `wait_yellow`, `wait_red`, …, the
/// same words as `as_str`).
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum AlertRule {
    WaitYellow,
    WaitRed,
    ReplyTimeout,
    LowRating,
    SensitiveWord,
    Complaint,
    UnpaidNoReminder,
}

impl AlertRule {
    /// Every rule, in the order the UI lists them.
    pub const ALL: [AlertRule; 7] = [
        AlertRule::WaitYellow,
        AlertRule::WaitRed,
        AlertRule::ReplyTimeout,
        AlertRule::LowRating,
        AlertRule::SensitiveWord,
        AlertRule::Complaint,
        AlertRule::UnpaidNoReminder,
    ];

    /// Where the rule stands in `ALL` (earlier = stronger among alerts of
    /// the same level).
    pub fn order(self) -> usize {
        AlertRule::ALL.iter().position(|&r| r == self).unwrap_or(AlertRule::ALL.len())
    }

    /// Whether `(self, level)` outranks `(other, other_level)` on one event:
    /// the higher level wins, then the rule earlier in `ALL`.
    pub fn stronger(self, level: AlertLevel, other: AlertRule, other_level: AlertLevel) -> bool {
        strength(self, level) < strength(other, other_level)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AlertRule::WaitYellow => "wait_yellow",
            AlertRule::WaitRed => "wait_red",
            AlertRule::ReplyTimeout => "reply_timeout",
            AlertRule::LowRating => "low_rating",
            AlertRule::SensitiveWord => "sensitive_word",
            AlertRule::Complaint => "complaint",
            AlertRule::UnpaidNoReminder => "unpaid_no_reminder",
        }
    }
}

/// How serious an alert is (serialised `yellow`, `red`, `info`; also the
/// UI's CSS class).
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum AlertLevel {
    Yellow,
    Red,
    Info,
}

impl AlertLevel {
    pub const ALL: [AlertLevel; 3] = [AlertLevel::Yellow, AlertLevel::Red, AlertLevel::Info];

    /// How serious: red 2, yellow 1, info 0.
    pub fn severity(self) -> u8 {
        match self {
            AlertLevel::Red => 2,
            AlertLevel::Yellow => 1,
            AlertLevel::Info => 0,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AlertLevel::Yellow => "yellow",
            AlertLevel::Red => "red",
            AlertLevel::Info => "info",
        }
    }
}

macro_rules! str_like {
    ($t:ty) => {
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl PartialEq<str> for $t {
            fn eq(&self, other: &str) -> bool {
                self.as_str() == other
            }
        }
        impl PartialEq<&str> for $t {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }
    };
}
str_like!(AlertRule);
str_like!(AlertLevel);

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Alert {
    /// Stable id: `rule:conv:YYYYMMDDHHMMSS` (+ `:order id` for orders,
    /// `#n` when the same rule fires twice in one conversation second).
    pub id: String,
    pub rule: AlertRule,
    pub level: AlertLevel,
    pub agent: String,
    pub buyer: String,
    /// `YYYY-MM-DD HH:MM:SS`
    pub time: String,
    pub day: String,
    pub excerpt: String,
    /// Conversation-day id for `Engine::transcript`.
    pub conv: Option<u32>,
    /// The other rules that fired on the same event (round, message, …),
    /// strongest first; empty when `rule` fired alone.
    #[serde(default)]
    pub also: Vec<AlertRule>,
    /// Round alerts: how long the buyer waited, business-clock seconds (the
    /// response time of an answered round, else until 24:00). None for the
    /// other rules.
    #[serde(default)]
    pub wait_secs: Option<i64>,
}

/// One rule that fired on an event, before the event's alert is made.
struct Fired {
    rule: AlertRule,
    level: AlertLevel,
    excerpt: String,
}

/// The sort key of `AlertRule::stronger` (smaller = stronger).
fn strength(rule: AlertRule, level: AlertLevel) -> (std::cmp::Reverse<u8>, usize) {
    (std::cmp::Reverse(level.severity()), rule.order())
}

/// The strongest of the rules fired on one event, and the others (strongest
/// first). None when nothing fired.
fn strongest(mut fired: Vec<Fired>) -> Option<(Fired, Vec<AlertRule>)> {
    fired.sort_by_key(|f| strength(f.rule, f.level));
    let mut it = fired.into_iter();
    let top = it.next()?;
    Some((top, it.map(|f| f.rule).collect()))
}

/// The text rules' compiled matchers and which senders the sensitive-word
/// rule checks.
struct TextRules {
    sens: Option<Regex>,
    comp: Option<Regex>,
    staff: bool,
    buyer: bool,
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

/// The first match of a rule's phrases in `text` that is not a run of
/// digits inside a longer number: the hotline 12345 in an item link's
/// `id=678912345607` or an order number is no complaint.
fn find_phrase<'t>(re: &Regex, text: &'t str) -> Option<regex::Match<'t>> {
    let digit_at = |i: usize| text.as_bytes().get(i).is_some_and(u8::is_ascii_digit);
    re.find_iter(text).find(|m| {
        let digits = m.as_str().bytes().all(|b| b.is_ascii_digit());
        !(digits && ((m.start() > 0 && digit_at(m.start() - 1)) || digit_at(m.end())))
    })
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

/// Business-clock seconds as the Chinese excerpt shows them (`15小时00分`).
fn zh_duration(secs: i64) -> String {
    crate::format::duration(Some(secs as f64), true)
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

/// Alerts sorted by time (then rule, id), with ids made unique: the same
/// rule firing twice in one conversation-day's second gets `#2`, `#3`, …
/// The last step of [`Engine::alerts`], also of a partitioned engine's
/// alerts over its parts.
pub(crate) fn finish_alerts(mut out: Vec<Alert>) -> Vec<Alert> {
    out.sort_by(|a, b| (&a.time, a.rule.as_str(), &a.id).cmp(&(&b.time, b.rule.as_str(), &b.id)));
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

/// Give an alert of one part of a partitioned engine the unpartitioned
/// conversation-day id `conv` (its id does not depend on it: [`alert_id`]).
pub(crate) fn renumber(a: &mut Alert, conv: u32) {
    a.conv = Some(conv);
}

/// An alert's id: `rule:time:hash`, the hash (48 bits of FNV-1a) over what
/// the alert is about — the agent, the buyer and `detail` (an order number
/// for a 催付 alert). It depends on the content only, so the same alert has
/// the same id whatever order the files were loaded in (handled marks and
/// notes are stored by id, issue 13), and it names no customer and no order
/// (they are stored in the browser). Equal ids get `#2`, `#3`… in
/// [`finish_alerts`].
pub(crate) fn alert_id(rule: AlertRule, ts: i64, agent: &str, buyer: &str, detail: &str) -> String {
    use crate::partition::{fnv1a, FNV_OFFSET};
    let compact: String = ts_string(ts).chars().filter(|c| c.is_ascii_digit()).collect();
    let mut h = FNV_OFFSET;
    for part in [agent, buyer, detail] {
        h = fnv1a(h, part.as_bytes());
        h = fnv1a(h, &[0xff]); // not a UTF-8 byte: fields cannot run together
    }
    format!("{rule}:{compact}:{:012x}", h >> 16)
}

impl Engine {
    #[allow(clippy::too_many_arguments)]
    fn push_alert(
        &self,
        ds: &Dataset,
        out: &mut Vec<Alert>,
        rule: AlertRule,
        level: AlertLevel,
        ci: u32,
        ts: i64,
        excerpt: String,
        detail: &str,
    ) {
        self.push_event(ds, out, ci, ts, Fired { rule, level, excerpt }, Vec::new(), None, detail);
    }

    /// The one alert of an event: its strongest rule `top`, the others `also`.
    #[allow(clippy::too_many_arguments)]
    fn push_event(
        &self,
        ds: &Dataset,
        out: &mut Vec<Alert>,
        ci: u32,
        ts: i64,
        top: Fired,
        also: Vec<AlertRule>,
        wait_secs: Option<i64>,
        detail: &str,
    ) {
        let c = &self.convs[ci as usize];
        let rule = top.rule;
        let (agent, buyer) = (ds.nicks.name(c.agent), ds.nicks.name(c.buyer));
        out.push(Alert {
            id: alert_id(rule, ts, agent, buyer, detail),
            rule,
            level: top.level,
            agent: agent.to_string(),
            buyer: buyer.to_string(),
            time: ts_string(ts),
            day: day_string(day_of(ts)),
            excerpt: top.excerpt,
            conv: Some(ci),
            also,
            wait_secs,
        });
    }

    /// Every alert of the enabled rules for the conversation-days passing
    /// `filter`, sorted by time (then rule, id).
    pub fn alerts(&self, ds: &Dataset, rules: &AlertRules, filter: &Filter) -> Vec<Alert> {
        finish_alerts(self.alerts_unsorted(ds, rules, filter))
    }

    /// The alerts of [`Engine::alerts`] in the order they are found, ids
    /// not yet made unique (see [`finish_alerts`]).
    pub(crate) fn alerts_unsorted(&self, ds: &Dataset, rules: &AlertRules, filter: &Filter) -> Vec<Alert> {
        let fs = self.filter_set(filter);
        let mut out: Vec<Alert> = Vec::new();
        let sw = &rules.sensitive_words;
        let text_rules = TextRules {
            sens: (sw.enabled && (sw.staff || sw.buyer)).then(|| matcher(&sw.keywords, &sw.regex)).flatten(),
            comp: rules.complaint.enabled.then(|| matcher(&rules.complaint.keywords, &rules.complaint.regex)).flatten(),
            staff: sw.staff,
            buyer: sw.buyer,
        };
        for (ci, c) in self.convs.iter().enumerate() {
            if !self.conv_in(&fs, c) {
                continue;
            }
            let ci = ci as u32;
            self.round_alerts(ds, rules, ci, c, &mut out);
            if rules.low_rating.enabled && c.rating > 0 && c.rating <= rules.low_rating.max_score {
                let ts = ds.ratings.get(c.rating_idx as usize).map(|r| r.ts).unwrap_or(c.day as i64 * SECS_PER_DAY);
                let excerpt = format!("评价：{}（{}）", score_label(c.rating), c.rating);
                self.push_alert(ds, &mut out, AlertRule::LowRating, AlertLevel::Red, ci, ts, excerpt, "");
            }
            if text_rules.sens.is_some() || text_rules.comp.is_some() {
                self.text_alerts(ds, &text_rules, ci, c, &mut out);
            }
        }
        if rules.unpaid_no_reminder.enabled && !self.attributions.is_empty() {
            self.unpaid_alerts(ds, &rules.unpaid_no_reminder, &fs, &mut out);
        }
        out
    }

    /// Rounds: waiting (yellow / red) and reply timeout, one alert per round.
    fn round_alerts(&self, ds: &Dataset, rules: &AlertRules, ci: u32, c: &Conv, out: &mut Vec<Alert>) {
        let w = &rules.wait;
        let (yellow, red) = (w.yellow_secs.min(w.red_secs), w.red_secs.max(w.yellow_secs));
        if !w.enabled && !rules.reply_timeout.enabled {
            return;
        }
        let day_end = (c.day as i64 + 1) * SECS_PER_DAY;
        for r in &self.rounds[c.round_range()] {
            // The metrics' own test of an off-hours round (spec §2).
            if rules.exclude_off_hours && !r.counted {
                continue;
            }
            let text = ds.text(self.msgs.get(ds, r.open_msg as usize).text);
            let waited = if r.answered { r.work_secs } else { self.clock.work_secs(r.open_ts, day_end) };
            let mut fired = Vec::new();
            if w.enabled && waited > yellow {
                let (rule, level) = if waited > red {
                    (AlertRule::WaitRed, AlertLevel::Red)
                } else {
                    (AlertRule::WaitYellow, AlertLevel::Yellow)
                };
                let state = if r.answered { "" } else { "（未回复）" };
                let excerpt = format!("等待{}{state}：{}", zh_duration(waited), short(text, 40));
                fired.push(Fired { rule, level, excerpt });
            }
            if rules.reply_timeout.enabled && r.answered && r.work_secs > rules.reply_timeout.secs {
                let excerpt = format!("响应{}：{}", zh_duration(r.work_secs), short(text, 40));
                fired.push(Fired { rule: AlertRule::ReplyTimeout, level: AlertLevel::Red, excerpt });
            }
            if let Some((top, also)) = strongest(fired) {
                self.push_event(ds, out, ci, r.open_ts, top, also, Some(waited), "");
            }
        }
    }

    /// Message texts: sensitive words (staff and buyer messages) and
    /// complaints (the first matching buyer message of the
    /// conversation-day); one alert per message.
    fn text_alerts(&self, ds: &Dataset, t: &TextRules, ci: u32, c: &Conv, out: &mut Vec<Alert>) {
        let mut complained = false;
        for mi in c.msg_range() {
            let m = self.msgs.get(ds, mi);
            let is_staff = m.sender == Sender::Agent;
            let is_buyer = m.sender == Sender::Buyer;
            if !is_staff && !is_buyer {
                continue;
            }
            let text = ds.text(m.text);
            let mut fired = Vec::new();
            if let Some(re) = &t.sens {
                if (is_staff && t.staff) || (is_buyer && t.buyer) {
                    if let Some(x) = find_phrase(re, text) {
                        let who = if is_staff { "客服" } else { "买家" };
                        let level = if is_staff { AlertLevel::Red } else { AlertLevel::Yellow };
                        let excerpt = format!("{who}：{}", mark(text, x.start(), x.end()));
                        fired.push(Fired { rule: AlertRule::SensitiveWord, level, excerpt });
                    }
                }
            }
            if let (Some(re), false, true) = (&t.comp, complained, is_buyer) {
                if let Some(x) = find_phrase(re, text) {
                    complained = true;
                    let excerpt = mark(text, x.start(), x.end());
                    fired.push(Fired { rule: AlertRule::Complaint, level: AlertLevel::Red, excerpt });
                }
            }
            if let Some((top, also)) = strongest(fired) {
                self.push_event(ds, out, ci, m.ts, top, also, None, "");
            }
        }
    }

    /// Orders: 催付 — attributed orders unpaid `within_secs` after creation
    /// with no human staff message to the buyer in that time.
    fn unpaid_alerts(&self, ds: &Dataset, u: &UnpaidRule, fs: &super::group::FilterSet, out: &mut Vec<Alert>) {
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
            if !self.conv_in(fs, &self.convs[a.conv as usize]) {
                continue;
            }
            let o = &ds.orders[a.order as usize];
            let deadline = o.created + u.within_secs;
            if o.paid.is_some_and(|p| p <= deadline) {
                continue;
            }
            let buyer = self.order_buyers.get(a.order as usize).copied().unwrap_or(o.buyer);
            let lo = human.partition_point(|&x| x < (buyer.0, o.created));
            if human.get(lo).is_some_and(|&(b, t)| b == buyer.0 && t <= deadline) {
                continue;
            }
            let paid = match o.paid {
                Some(p) => format!("{}付款", ts_string(p)),
                None => "未付款".to_string(),
            };
            let amount = o.amount_fen as f64 / 100.0;
            let ex = format!("订单{} ¥{:.2} {}，{}分钟内无客服催付", o.id, amount, paid, u.within_secs / 60);
            self.push_alert(ds, out, AlertRule::UnpaidNoReminder, AlertLevel::Info, a.conv, o.created, ex, &o.id);
        }
    }

    /// Alert counts per agent and per rule.
    pub fn alert_counts(alerts: &[Alert]) -> (BTreeMap<String, u64>, BTreeMap<String, u64>) {
        let mut by_agent = BTreeMap::new();
        let mut by_rule = BTreeMap::new();
        for a in alerts {
            *by_agent.entry(a.agent.clone()).or_insert(0) += 1;
            *by_rule.entry(a.rule.as_str().to_string()).or_insert(0) += 1;
        }
        (by_agent, by_rule)
    }
}
