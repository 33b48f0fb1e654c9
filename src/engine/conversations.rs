//! Build steps 3–5: conversation-days and rounds (spec §2), ratings
//! (spec §5: one per agent, buyer and day, the last wins) and roles
//! (inquiry = consult of a pre-sales agent, after-sales reception).
//!
//! A conversation-day is a contiguous range of the stream-ordered messages
//! ([`super::Messages`]); its rounds are contiguous in `Engine::rounds`.

use crate::model::{day_of, Dataset, Sender, Sym, SECS_PER_DAY};
use crate::settings::Role;

use super::agents::AgentInfo;
use super::clock::Clock;
use super::flags::*;
use super::Messages;

/// Precomputed facts of one conversation-day `(agent, buyer, day)`.
#[derive(Debug, Clone)]
pub struct Conv {
    pub agent: Sym,
    pub buyer: Sym,
    pub shop: Sym,
    pub day: i32,
    /// Index into `Engine::agents` (sorted by nick).
    pub agent_idx: u32,
    /// Buyer-day id.
    pub bd: u32,
    pub msg_start: u32,
    pub msg_end: u32,
    pub round_start: u32,
    pub round_end: u32,
    pub flags: u32,
    pub hour: u8,
    /// 0 = none, else 1..5 (the last rating of that agent, buyer, day).
    pub rating: u8,
    /// Attributed orders credited here and paid within the final window
    /// (the orders of `sales_fen`; saturating). In the padding before
    /// `rating_idx`: no larger a conversation-day.
    pub sales_orders: u16,
    pub rating_idx: u32,
    pub buyer_msgs: u32,
    pub human_msgs: u32,
    /// Buyer (valid or not), human and auto messages (总消息数, spec §3.1).
    pub total_msgs: u32,
    /// Unicode scalar values in human messages (客服字数, spec §3.1).
    pub agent_chars: u64,
    /// Xiaohongshu sessions opened here, and those with a human message
    /// before they ended (spec §3.1, [`xhs_sessions`]).
    pub xhs_sessions: u32,
    pub xhs_replied: u32,
    /// Reception duration (business, calendar) seconds; valid with C_RECEPTION.
    pub reception: (i64, i64),
    /// First counted round's response (business, calendar) if answered.
    pub first_resp: Option<(i64, i64)>,
    /// The first auto reply after the first buyer message: (business,
    /// calendar) seconds from that buyer message (issue 14 item 6).
    pub auto_first: Option<(i64, i64)>,
    /// ts of the first buyer message (any), i64::MAX when none.
    pub first_buyer_ts: i64,
    /// Category node index or NONE32 for 未分类.
    pub category: u32,
    /// Paid amount (fen) of attributed orders credited here, paid within the
    /// final window.
    pub sales_fen: i64,
}

impl Conv {
    /// A conversation-day with no messages, rounds, rating or sales yet.
    fn empty(agent: Sym, buyer: Sym, shop: Sym, day: i32, agent_idx: u32) -> Conv {
        Conv {
            agent,
            buyer,
            shop,
            day,
            agent_idx,
            bd: 0,
            msg_start: 0,
            msg_end: 0,
            round_start: 0,
            round_end: 0,
            flags: 0,
            hour: 0,
            rating: 0,
            sales_orders: 0,
            rating_idx: NONE32,
            buyer_msgs: 0,
            human_msgs: 0,
            total_msgs: 0,
            agent_chars: 0,
            xhs_sessions: 0,
            xhs_replied: 0,
            reception: (0, 0),
            first_resp: None,
            auto_first: None,
            first_buyer_ts: i64::MAX,
            category: NONE32,
            sales_fen: 0,
        }
    }

    /// Message ids (stream order) of this conversation-day.
    pub(crate) fn msg_range(&self) -> std::ops::Range<usize> {
        self.msg_start as usize..self.msg_end as usize
    }

    /// Its rounds' indices in `Engine::rounds`.
    pub(crate) fn round_range(&self) -> std::ops::Range<usize> {
        self.round_start as usize..self.round_end as usize
    }
}

/// A round (轮次, spec §2): opened by a valid buyer message, closed by the
/// first human staff message, or unanswered at 24:00.
#[derive(Debug, Clone, Copy)]
pub struct Round {
    pub conv: u32,
    pub open_msg: u32,
    /// NONE32 when closed unanswered.
    pub close_msg: u32,
    pub open_ts: i64,
    /// Response time (business clock, calendar clock); answered rounds only.
    pub work_secs: i64,
    pub cal_secs: i64,
    /// Opened in work time (counted in metrics).
    pub counted: bool,
    pub answered: bool,
}

impl Round {
    /// Answered with a response time (business clock) of at most `threshold`
    /// seconds: the rounds of `rounds_3min` (spec §3, `response_threshold_secs`).
    #[inline]
    pub fn within(&self, threshold: i64) -> bool {
        self.answered && self.work_secs <= threshold
    }
}

/// Start and end (seconds of the day, half-open) of the window the
/// Kuaishou and Pinduoduo per-person rules look at: 08:00–23:00 (spec
/// §3.1; platform rules, so not settings).
pub const PLATFORM_WINDOW: (i64, i64) = (8 * 3600, 23 * 3600);
/// Kuaishou: a round in the window fails when answered later than this
/// (calendar seconds), or never.
pub const KUAISHOU_REPLY_SECS: i64 = 180;
/// Pinduoduo: a valid buyer message in the window needs a human message at
/// most this many calendar seconds after it.
pub const PDD_REPLY_SECS: i64 = 3600;

/// Is `ts` inside the platform window of its day?
pub fn in_platform_window(ts: i64) -> bool {
    let s = ts - day_of(ts) as i64 * SECS_PER_DAY;
    PLATFORM_WINDOW.0 <= s && s < PLATFORM_WINDOW.1
}

/// The Xiaohongshu sessions (spec §3.1) of one conversation-day's messages
/// (`range`, stream order): a session opens at a buyer message (valid or
/// not) when none is open and ends when `idle` or more seconds pass before
/// the next non-system message, or at the end of the day (the end of the
/// range: a conversation-day is one day). `f(open message id, replied)` is
/// called per session in order; replied = a human message came before it
/// ended. Auto replies keep a session alive but do not reply to it.
pub(crate) fn xhs_sessions(
    ds: &Dataset,
    msgs: &Messages,
    range: std::ops::Range<usize>,
    idle: i64,
    mut f: impl FnMut(usize, bool),
) {
    let mut open: Option<(usize, bool)> = None;
    let mut last_ts = i64::MIN;
    for idx in range {
        let (ts, sender) = msgs.ts_sender(ds, idx);
        if sender == Sender::System {
            continue;
        }
        if open.is_some() && ts - last_ts >= idle {
            let (o, r) = open.take().unwrap();
            f(o, r);
        }
        match sender {
            Sender::Buyer if open.is_none() => open = Some((idx, false)),
            Sender::Agent => {
                if let Some(o) = open.as_mut() {
                    o.1 = true;
                }
            }
            _ => {}
        }
        last_ts = ts;
    }
    if let Some((o, r)) = open {
        f(o, r);
    }
}

/// Step 3: one conversation-day per run of messages with the same agent,
/// buyer and day; its rounds and precomputed facts. `extra` reserves room
/// for the conversation-days that ratings add; `idle` is
/// `session_idle_secs` (the Xiaohongshu sessions).
pub(crate) fn conversation_days(
    ds: &Dataset,
    msgs: &Messages,
    clock: &Clock,
    agent_idx_of: &[u32],
    extra: usize,
    idle: i64,
) -> (Vec<Conv>, Vec<Round>) {
    let mut convs: Vec<Conv> = Vec::with_capacity(msgs.conv_days + extra);
    let mut rounds: Vec<Round> = Vec::with_capacity(msgs.rounds);
    let n = msgs.len();
    let mut k = 0usize;
    // (read in stream order from the step-3 arrays: a new stream or a new
    // day begins a conversation-day; its parties are its stream's, and a
    // message is read whole only for the shop of a stream whose messages'
    // shops differ)
    let Some(mut stream) = msgs.streams.first() else { return (convs, rounds) };
    let mut next_stream = 0usize;
    while k < n {
        if msgs.flags[k] & M_STREAM != 0 {
            stream = &msgs.streams[next_stream];
            next_stream += 1;
        }
        let day = day_of(msgs.ts.get(k));
        let mut e = k + 1;
        while e < n && msgs.flags[e] & M_STREAM == 0 && day_of(msgs.ts.get(e)) == day {
            e += 1;
        }
        // (the conversation-day's shop: its first message's with one)
        let shop = stream
            .shop()
            .unwrap_or_else(|| (k..e).map(|i| msgs.get(ds, i).shop).find(|s| !s.is_none()).unwrap_or(Sym::NONE));
        let c = Conv {
            msg_start: k as u32,
            msg_end: e as u32,
            round_start: rounds.len() as u32,
            ..Conv::empty(stream.agent, stream.buyer, shop, day, agent_idx_of[stream.agent.0 as usize])
        };
        let id = convs.len() as u32;
        convs.push(conversation_day(ds, msgs, clock, c, id, idle, &mut rounds));
        k = e;
    }
    debug_assert_eq!((convs.len(), rounds.len()), (msgs.conv_days, msgs.rounds));
    (convs, rounds)
}

/// The rounds and facts of one conversation-day (its message range set in
/// `c`). A round open from an earlier day was closed unanswered at 24:00, so
/// none is open at the start.
fn conversation_day(
    ds: &Dataset,
    msgs: &Messages,
    clock: &Clock,
    mut c: Conv,
    id: u32,
    idle: i64,
    rounds: &mut Vec<Round>,
) -> Conv {
    let mut open: Option<usize> = None;
    let mut first_non_system: Option<(Sender, i64)> = None;
    // first and last buyer or human message
    let mut span: Option<(i64, i64)> = None;
    let mut has_buyer = false;
    // Pinduoduo: the earliest valid buyer message in the window not yet
    // followed by a human message (the one that waits longest).
    let mut pdd_waiting: Option<i64> = None;
    for idx in c.msg_range() {
        let (ts, sender) = (msgs.ts.get(idx), m_sender(msgs.flags[idx]));
        if sender != Sender::System && first_non_system.is_none() {
            first_non_system = Some((sender, ts));
        }
        match sender {
            Sender::Buyer => {
                has_buyer = true;
                c.total_msgs += 1;
                c.first_buyer_ts = c.first_buyer_ts.min(ts);
                span = Some(span.map_or((ts, ts), |(a, _)| (a, ts)));
                if msgs.flags[idx] & M_VALID != 0 {
                    c.buyer_msgs += 1;
                    c.flags |= C_VALID;
                    if in_platform_window(ts) {
                        c.flags |= C_WINDOW;
                        pdd_waiting.get_or_insert(ts);
                    }
                    if open.is_none() {
                        rounds.push(Round {
                            conv: id,
                            open_msg: idx as u32,
                            close_msg: NONE32,
                            open_ts: ts,
                            work_secs: 0,
                            cal_secs: 0,
                            counted: clock.is_work(ts),
                            answered: false,
                        });
                        open = Some(rounds.len() - 1);
                    }
                }
            }
            Sender::Agent => {
                c.human_msgs += 1;
                c.total_msgs += 1;
                c.agent_chars += msgs.agent_chars(ds, idx);
                c.flags |= C_HUMAN;
                if pdd_waiting.take().is_some_and(|t| ts - t > PDD_REPLY_SECS) {
                    c.flags |= C_PDD_LATE;
                }
                span = Some(span.map_or((ts, ts), |(a, _)| (a, ts)));
                if let Some(r) = open.take() {
                    let r = &mut rounds[r];
                    r.close_msg = idx as u32;
                    r.answered = true;
                    r.work_secs = clock.work_secs(r.open_ts, ts);
                    r.cal_secs = ts - r.open_ts;
                }
            }
            Sender::Auto => {
                c.total_msgs += 1;
                if has_buyer && c.auto_first.is_none() {
                    c.flags |= C_AUTO;
                    let t = c.first_buyer_ts;
                    c.auto_first = Some((clock.work_secs(t, ts), ts - t));
                }
            }
            Sender::System => {}
        }
    }
    if pdd_waiting.is_some() {
        c.flags |= C_PDD_LATE;
    }
    c.round_end = rounds.len() as u32;
    for r in &rounds[c.round_range()] {
        if r.counted && r.answered {
            c.flags |= C_ANSWERED;
        }
        if in_platform_window(r.open_ts) && (!r.answered || r.cal_secs > KUAISHOU_REPLY_SECS) {
            c.flags |= C_KS_FAIL;
        }
    }
    xhs_sessions(ds, msgs, c.msg_range(), idle, |_, replied| {
        c.xhs_sessions += 1;
        c.xhs_replied += replied as u32;
    });
    if c.xhs_replied < c.xhs_sessions {
        c.flags |= C_XHS_MISS;
    }
    if first_non_system.is_some() {
        c.flags |= C_CONTENT;
    }
    match first_non_system {
        Some((Sender::Buyer, _)) => c.flags |= C_SESSION,
        Some((Sender::Agent, _)) => c.flags |= C_FOLLOWUP,
        _ => {}
    }
    let hts = first_non_system.map_or_else(|| msgs.ts.get(c.msg_start as usize), |(_, ts)| ts);
    c.hour = ((hts - c.day as i64 * SECS_PER_DAY) / 3600) as u8;
    if has_buyer {
        c.flags |= C_CONSULT;
        if c.flags & C_HUMAN != 0 {
            c.flags |= C_RECEPTION;
            let (a, b) = span.unwrap();
            c.reception = (clock.work_secs(a, b), b - a);
        }
    }
    if let Some(r) = rounds[c.round_range()].iter().find(|r| r.counted) {
        if r.answered {
            c.first_resp = Some((r.work_secs, r.cal_secs));
        }
    }
    c
}

/// Valid ratings (duplicates of earlier files' ratings left out, spec
/// §1.2.1) as `(agent, buyer, day, ts, rating index)`, sorted, so each
/// `(agent, buyer, day)` is a run whose last entry wins.
pub(crate) struct RatingKeys(Vec<RatingKey>);

type RatingKey = (u32, u32, i32, i64, u32);

fn same_day(x: &RatingKey, y: &RatingKey) -> bool {
    (x.0, x.1, x.2) == (y.0, y.1, y.2)
}

impl RatingKeys {
    pub fn new(ds: &Dataset) -> RatingKeys {
        let mut keys: Vec<RatingKey> = ds
            .ratings
            .iter()
            .enumerate()
            .filter(|(i, r)| {
                !r.agent.is_none() && !r.buyer.is_none() && (1..=5).contains(&r.score) && !ds.is_duplicate_rating(*i)
            })
            .map(|(i, r)| (r.agent.0, r.buyer.0, day_of(r.ts), r.ts, i as u32))
            .collect();
        keys.sort_unstable();
        RatingKeys(keys)
    }

    /// Rated conversation-days (an upper bound of those ratings add).
    pub fn day_count(&self) -> usize {
        self.0.chunk_by(same_day).count()
    }

    /// Step 4: each rated `(agent, buyer, day)` finds its conversation-day
    /// (among the first `convs.len()`, sorted by agent, buyer, day) or adds
    /// one. Returns the number of ratings kept.
    pub fn attach(&self, ds: &Dataset, convs: &mut Vec<Conv>, agent_idx_of: &[u32]) -> usize {
        let msg_convs = convs.len();
        let mut kept = 0;
        for day in self.0.chunk_by(same_day) {
            let (a, b, d, _, last) = day[day.len() - 1];
            let r = &ds.ratings[last as usize];
            kept += 1;
            let found = convs[..msg_convs].binary_search_by(|c| (c.agent.0, c.buyer.0, c.day).cmp(&(a, b, d)));
            let ci = found.unwrap_or_else(|_| {
                convs.push(Conv {
                    hour: ((r.ts - d as i64 * SECS_PER_DAY) / 3600) as u8,
                    ..Conv::empty(r.agent, r.buyer, r.shop, d, agent_idx_of[a as usize])
                });
                convs.len() - 1
            });
            let c = &mut convs[ci];
            c.rating = r.score;
            c.rating_idx = last;
            c.flags |= C_CONTENT;
            if c.shop.is_none() {
                c.shop = r.shop;
            }
        }
        kept
    }
}

/// Step 5: inquiry (a consult of a pre-sales agent) and after-sales
/// reception flags.
pub(crate) fn mark_roles(convs: &mut [Conv], agents: &[AgentInfo]) {
    for c in convs.iter_mut() {
        let role = agents[c.agent_idx as usize].role;
        if c.flags & C_CONSULT != 0 && role == Role::Presales {
            c.flags |= C_INQUIRY;
        }
        if c.flags & C_RECEPTION != 0 && role == Role::Aftersales {
            c.flags |= C_ASREC;
        }
    }
}
