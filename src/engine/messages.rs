//! The engine's view of the message table: every message that belongs to a
//! conversation, in stream order, resolved for the current settings, without
//! a copy of `Dataset::messages`.
//!
//! Table rows (`block == NO_BLOCK`) resolve to themselves, so for them the
//! engine keeps only their index into `ds.messages`. A text-format message
//! (spec §1.2) gets a small side entry with the fields resolution sets
//! (agent, buyer, shop, sender). Per message the engine adds one flag byte
//! (valid buyer message, human staff message, auto reply, product, its
//! sender, first of its stream), and, until its conversation-days are
//! built, two for its 客服字数 and four for its time (seconds after the
//! earliest). So a message costs the engine 5 bytes (table) or 25 bytes
//! (text format) instead of a 48-byte resolved copy, and the dataset stays
//! untouched: building again with other settings re-resolves from the same
//! `Dataset`.

use crate::model::{day_of, Dataset, Message, Sender, Sym, TextRef, NO_BLOCK};
use crate::settings::Settings;

use super::clock::ClosingWords;
use super::product::Ref;
use super::{m_sender, m_sender_bits, M_AUTO, M_HUMAN, M_PRODUCT, M_STREAM, M_VALID};

/// `order` entries with this bit index `side`; others index `ds.messages`.
const SIDE: u32 = 1 << 31;

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
    /// Per position, the characters of a human staff message's text (0 for
    /// any other; `u16::MAX` for that many or more: count the text), read
    /// while the texts are read in dataset order, so step 3 of
    /// `Engine::new` (客服字数) need not read each text again in stream
    /// order, where they are all over the memory. Dropped after step 3.
    pub(crate) agent_chars: Vec<u16>,
    /// Per position, until step 3 is built: the message's time, written
    /// in stream order while sorting (its flags hold its sender), so step
    /// 3 reads times and senders in order instead of each message where it
    /// lies in `ds.messages`. Dropped after step 3 ([`Messages::built`]).
    pub(crate) ts: Times,
    /// Per stream, in stream order, until step 3 is built: its agent,
    /// buyer and shop (`Stream::shop`), so step 3 need not read each
    /// conversation-day's first message where it lies in `ds.messages`
    /// (a read all over the memory: a fifth of the build at 1M). Dropped
    /// with `ts` ([`Messages::built`]).
    pub(crate) streams: Vec<Stream>,
    /// The product references of the messages' texts (`product::scan`),
    /// as `(position, reference)` in stream order, each message's in text
    /// order: scanned while step 1 reads the texts in dataset order, so
    /// step 10 need not read each flagged message and its text again in
    /// stream order, where they are all over the memory. A message with
    /// one is flagged `M_PRODUCT`. Dropped once step 10 is built.
    pub(crate) named: Vec<(u32, Named)>,
    /// Conversation-days and rounds the messages make (counted while
    /// sorting, so `Engine::new` can allocate them exactly once).
    pub(crate) conv_days: usize,
    pub(crate) rounds: usize,
    /// The distinct shops of the messages (first seen first), noted while
    /// they are resolved in dataset order, for the summary's shop count.
    pub(crate) shops: Vec<Sym>,
}

/// One `(agent, buyer)` stream's parties (see `Messages::streams`); its
/// messages begin at a position flagged `M_STREAM`, in the same order.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Stream {
    pub(crate) agent: Sym,
    pub(crate) buyer: Sym,
    /// The shop of every message of the stream, or `MIXED` ([`Stream::shop`]).
    shop: Sym,
}

impl Stream {
    /// No shop's symbol (there are never that many): the stream's
    /// messages' shops differ.
    const MIXED: Sym = Sym(u32::MAX - 1);

    /// The shop of every message of the stream, or `None` when they differ
    /// (a conversation-day's shop is then its first message's with one).
    pub(crate) fn shop(&self) -> Option<Sym> {
        (self.shop != Stream::MIXED).then_some(self.shop)
    }
}

/// A product reference in a message's text (see `Messages::named`): an
/// item id or a card's title, a slice of the text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Named {
    text: TextRef,
    title: bool,
}

impl Named {
    /// `r`, found in `text`: the text of the message, `at`.
    fn new(at: TextRef, text: &str, r: &Ref) -> Named {
        let (sub, title) = match *r {
            Ref::Id(x) => (x, false),
            Ref::Title(x) => (x, true),
        };
        let start = at.start + (sub.as_ptr() as usize - text.as_ptr() as usize) as u32;
        Named { text: TextRef { buf: at.buf, start, len: sub.len() as u32 }, title }
    }

    /// The reference as `product::scan` found it.
    pub(crate) fn get<'a>(&self, ds: &'a Dataset) -> Ref<'a> {
        let t = ds.text(self.text);
        if self.title {
            Ref::Title(t)
        } else {
            Ref::Id(t)
        }
    }
}

/// The messages' times in stream order (see `Messages::ts`): seconds
/// after the earliest in 32 bits when the kept messages span less than
/// 2^32 seconds (136 years: any real export), else whole. Four bytes a
/// message instead of eight at the build's peak, which step 3 reaches
/// while they are kept (issue 12, lean memory).
pub(crate) enum Times {
    Offsets { base: i64, secs: Vec<u32> },
    Whole(Vec<i64>),
}

impl Times {
    /// The time at position `k`.
    #[inline]
    pub(crate) fn get(&self, k: usize) -> i64 {
        match self {
            Times::Offsets { base, secs } => base + secs[k] as i64,
            Times::Whole(v) => v[k],
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        match self {
            Times::Offsets { secs, .. } => secs.is_empty(),
            Times::Whole(v) => v.is_empty(),
        }
    }

    /// Whether `range` is in time order.
    fn is_sorted(&self, range: std::ops::Range<usize>) -> bool {
        match self {
            Times::Offsets { secs, .. } => secs[range].is_sorted(),
            Times::Whole(v) => v[range].is_sorted(),
        }
    }

    /// Positions of `range` by time; equal times keep their order.
    fn sorted_positions(&self, range: std::ops::Range<usize>) -> Vec<usize> {
        let mut perm: Vec<usize> = range.collect();
        perm.sort_by_key(|&k| self.get(k));
        perm
    }

    fn permute(&mut self, range: &std::ops::Range<usize>, perm: &[usize]) {
        match self {
            Times::Offsets { secs, .. } => permute(secs, range, perm),
            Times::Whole(v) => permute(v, range, perm),
        }
    }
}

impl Messages {
    /// Resolve `ds` for `settings`, apply the auto-reply markers and the
    /// closing-word filter, drop messages without both parties and sort.
    /// Also returns the distinct agents of the kept messages (first seen
    /// first).
    pub(crate) fn build(ds: &Dataset, settings: &Settings, closing: &ClosingWords) -> (Messages, Vec<Sym>) {
        assert!(ds.messages.len() < SIDE as usize, "too many messages");
        let markers: Vec<&str> =
            settings.auto_reply_markers.iter().map(|s| s.as_str()).filter(|s| !s.is_empty()).collect();
        let n_ds = ds.messages.len();
        // The stream-order arrays, made first (sized for every message, cut
        // to the kept ones below) so the temporaries of the pass that fills
        // them lie above them: freed, those join the free memory at the
        // top, where step 3's conversation-days then fit. Made after them,
        // they left a hole below that the conversation-days did not fit,
        // and the browser's one wasm memory grew by it (issue 12, stop 31).
        let mut order = vec![0u32; n_ds];
        let mut flags = vec![0u8; n_ds];
        let mut agent_chars = vec![0u16; n_ds];
        // (seconds after the earliest time, `Times::Offsets`, unless the
        // kept messages span too long: made whole then, below)
        let mut secs = vec![0u32; n_ds];
        let (mut min_ts, mut max_ts) = (i64::MAX, i64::MIN);
        // Per kept message, by rank (its position among the kept messages
        // in dataset order): its order entry, flags, 客服字数 and stream,
        // computed in dataset order (sequential text access).
        let mut entries: Vec<u32> = Vec::with_capacity(n_ds);
        let mut flags_kept: Vec<u8> = Vec::with_capacity(n_ds);
        let mut chars_kept: Vec<u16> = Vec::with_capacity(n_ds);
        let mut stream_of: Vec<u32> = Vec::with_capacity(n_ds);
        let mut side: Vec<Resolved> = Vec::new();
        let mut agents: Vec<Sym> = Vec::new();
        let mut seen = vec![false; ds.nicks.len()];
        let mut shops: Vec<Sym> = Vec::new();
        let mut shop_seen = vec![false; ds.shops.len()];
        let mut streams = Streams::new(ds.nicks.len());
        let id = super::product::id_finder();
        let mut found = Vec::new();
        let mut named: Vec<(u32, Named)> = Vec::new();
        crate::import::resolve_each(ds, settings, |idx, m| {
            if m.agent.is_none() || m.buyer.is_none() {
                return;
            }
            let mut f = 0u8;
            let mut sender = m.sender;
            // (read here, in dataset order, so the product scan need not
            // read every text again in stream order)
            let text = ds.text(m.text);
            if super::product::may_name(text, &id) {
                super::product::scan(text, m.sender, &id, &mut found);
                if !found.is_empty() {
                    f |= M_PRODUCT;
                    let rank = entries.len() as u32;
                    named.extend(found.iter().map(|r| (rank, Named::new(m.text, text, r))));
                }
            }
            match m.sender {
                Sender::Agent => {
                    let t = text.trim_start();
                    if markers.iter().any(|mk| t.starts_with(mk)) {
                        f |= M_AUTO;
                        sender = Sender::Auto;
                    } else {
                        f |= M_HUMAN;
                    }
                }
                Sender::Buyer if !closing.is_closing(text) => f |= M_VALID,
                _ => {}
            }
            f |= m_sender_bits(sender);
            if m.block == NO_BLOCK {
                entries.push(idx);
            } else {
                entries.push(SIDE | side.len() as u32);
                side.push(Resolved { idx, agent: m.agent, buyer: m.buyer, shop: m.shop, sender });
            }
            min_ts = min_ts.min(m.ts);
            max_ts = max_ts.max(m.ts);
            flags_kept.push(f);
            chars_kept.push(if f & M_HUMAN != 0 { text.chars().count().min(u16::MAX as usize) as u16 } else { 0 });
            stream_of.push(streams.of(m.agent, m.buyer, m.shop));
            let a = m.agent.0 as usize;
            if a >= seen.len() {
                seen.resize(a + 1, false);
            }
            if !seen[a] {
                seen[a] = true;
                agents.push(m.agent);
            }
            let s = m.shop.0 as usize;
            if !m.shop.is_none() && s >= shop_seen.len() {
                shop_seen.resize(s + 1, false);
            }
            if !m.shop.is_none() && !shop_seen[s] {
                shop_seen[s] = true;
                shops.push(m.shop);
            }
        });
        drop(seen);
        // Stream order: each stream's messages are written where its run
        // begins (streams sorted by (agent, buyer)), in dataset order, so
        // the reads are sequential and the writes go to the few streams
        // active at a time; a stream whose times are not already in order
        // is then sorted by (ts, dataset order). No sort of every message
        // and no gather by rank, whose reads were all over the memory.
        let n = entries.len();
        let ts_of = |e: u32| {
            let i = if e & SIDE == 0 { e } else { side[(e & !SIDE) as usize].idx };
            ds.messages[i as usize].ts
        };
        let (runs, mut cursor) = streams.runs();
        let narrow = n == 0 || max_ts.checked_sub(min_ts).is_some_and(|span| span <= u32::MAX as i64);
        let mut wide: Vec<i64> = if narrow {
            Vec::new()
        } else {
            secs = Vec::new();
            vec![0i64; n]
        };
        let mut next_named = 0;
        for r in 0..n {
            let s = stream_of[r] as usize;
            let k = cursor[s] as usize;
            cursor[s] += 1;
            while named.get(next_named).is_some_and(|x| x.0 == r as u32) {
                named[next_named].0 = k as u32;
                next_named += 1;
            }
            order[k] = entries[r];
            flags[k] = flags_kept[r];
            agent_chars[k] = chars_kept[r];
            let t = ts_of(entries[r]);
            if narrow {
                secs[k] = (t - min_ts) as u32;
            } else {
                wide[k] = t;
            }
        }
        drop((entries, flags_kept, chars_kept, stream_of, cursor));
        fn cut<T>(v: &mut Vec<T>, n: usize) {
            v.truncate(n);
            v.shrink_to_fit();
        }
        cut(&mut order, n);
        cut(&mut flags, n);
        cut(&mut agent_chars, n);
        let mut ts = if narrow {
            cut(&mut secs, n);
            Times::Offsets { base: if n == 0 { 0 } else { min_ts }, secs }
        } else {
            Times::Whole(wide)
        };
        // (stable: a message's references keep their text order)
        named.sort_by_key(|x| x.0);
        for run in &runs {
            let range = run.start as usize..run.end as usize;
            if ts.is_sorted(range.clone()) {
                flags[range.start] |= M_STREAM;
                continue;
            }
            // (stable: equal times keep dataset order)
            let perm = ts.sorted_positions(range.clone());
            permute(&mut order, &range, &perm);
            permute(&mut flags, &range, &perm);
            permute(&mut agent_chars, &range, &perm);
            ts.permute(&range, &perm);
            flags[range.start] |= M_STREAM;
            // the run's references follow their messages
            let lo = named.partition_point(|x| (x.0 as usize) < range.start);
            let hi = named.partition_point(|x| (x.0 as usize) < range.end);
            if lo < hi {
                let mut new_at = vec![0u32; range.len()];
                for (to, &from) in perm.iter().enumerate() {
                    new_at[from - range.start] = (range.start + to) as u32;
                }
                for x in &mut named[lo..hi] {
                    x.0 = new_at[x.0 as usize - range.start];
                }
                named[lo..hi].sort_by_key(|x| x.0);
            }
        }
        let (conv_days, rounds) = count(&runs, &ts, &flags);
        let streams = runs.iter().map(|r| r.stream).collect();
        (Messages { order, side, flags, agent_chars, ts, streams, named, conv_days, rounds, shops }, agents)
    }

    /// The characters of the human staff message at `k` (see
    /// `agent_chars`).
    pub(crate) fn agent_chars(&self, ds: &Dataset, k: usize) -> u64 {
        match self.agent_chars[k] {
            u16::MAX => ds.text(self.get(ds, k).text).chars().count() as u64,
            n => n as u64,
        }
    }

    /// The time and sender of the message at `k`: from the step-3 arrays
    /// while they are kept, else from the message.
    #[inline]
    pub(crate) fn ts_sender(&self, ds: &Dataset, k: usize) -> (i64, Sender) {
        if self.ts.is_empty() {
            let m = self.get(ds, k);
            (m.ts, m.sender)
        } else {
            (self.ts.get(k), m_sender(self.flags[k]))
        }
    }

    /// Step 3 is built: drop what only it reads.
    pub(crate) fn built(&mut self) {
        self.agent_chars = Vec::new();
        self.ts = Times::Whole(Vec::new());
        self.streams = Vec::new();
    }

    pub(crate) fn len(&self) -> usize {
        self.order.len()
    }

    /// Message `k` in stream order, resolved, sender `Auto` where an
    /// auto-reply marker applies. `ds` must be the dataset the engine was
    /// built from.
    #[inline]
    /// The dataset index (`Dataset::messages`) of the message at `k`.
    pub(crate) fn index(&self, k: usize) -> u32 {
        let e = self.order[k];
        if e & SIDE == 0 {
            e
        } else {
            self.side[(e & !SIDE) as usize].idx
        }
    }

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

/// Put `v[range]` in the order of `perm` (positions in `range`).
fn permute<T: Copy>(v: &mut [T], range: &std::ops::Range<usize>, perm: &[usize]) {
    let moved: Vec<T> = perm.iter().map(|&k| v[k]).collect();
    v[range.clone()].copy_from_slice(&moved);
}

/// The `(agent, buyer)` streams of the kept messages, numbered as first
/// met: each buyer's streams are chained from `head` (a buyer talks to few
/// agents), so finding a message's stream reads the few entries of its
/// buyer, not a hash table.
struct Streams {
    /// Per buyer nick symbol, its last stream met (`NONE32`: none).
    head: Vec<u32>,
    agent: Vec<Sym>,
    buyer: Vec<Sym>,
    /// The shop of the stream's messages so far; `Stream::MIXED` once two
    /// differ.
    shop: Vec<Sym>,
    /// The buyer's stream met before this one.
    next: Vec<u32>,
    /// Messages per stream.
    len: Vec<u32>,
    /// The stream of the message before (most messages continue it).
    last: Option<(Sym, Sym, u32)>,
}

/// One stream's messages, `start..end` in stream order.
struct Run {
    stream: Stream,
    start: u32,
    end: u32,
}

const NONE32: u32 = u32::MAX;

impl Streams {
    fn new(nicks: usize) -> Streams {
        Streams {
            head: vec![NONE32; nicks],
            agent: Vec::new(),
            buyer: Vec::new(),
            shop: Vec::new(),
            next: Vec::new(),
            len: Vec::new(),
            last: None,
        }
    }

    /// The stream of a message of `agent` and `buyer` in `shop`, counted.
    #[inline]
    fn of(&mut self, agent: Sym, buyer: Sym, shop: Sym) -> u32 {
        let s = match self.last {
            Some((a, b, s)) if a == agent && b == buyer => s,
            _ => self.find(agent, buyer, shop),
        };
        let i = s as usize;
        self.len[i] += 1;
        if self.shop[i] != shop {
            self.shop[i] = Stream::MIXED;
        }
        s
    }

    /// The stream of `agent` and `buyer` (a new one if none yet), kept as
    /// the last one met.
    #[cold]
    fn find(&mut self, agent: Sym, buyer: Sym, shop: Sym) -> u32 {
        let bi = buyer.0 as usize;
        if bi >= self.head.len() {
            self.head.resize(bi + 1, NONE32);
        }
        let mut s = self.head[bi];
        while s != NONE32 && self.agent[s as usize] != agent {
            s = self.next[s as usize];
        }
        if s == NONE32 {
            s = self.agent.len() as u32;
            self.agent.push(agent);
            self.buyer.push(buyer);
            self.shop.push(shop);
            self.next.push(self.head[bi]);
            self.len.push(0);
            self.head[bi] = s;
        }
        self.last = Some((agent, buyer, s));
        s
    }

    /// The streams' runs sorted by (agent, buyer), and per stream (as
    /// numbered) where its first message goes.
    fn runs(self) -> (Vec<Run>, Vec<u32>) {
        let ab = |s: usize| ((self.agent[s].0 as u64) << 32) | self.buyer[s].0 as u64;
        let mut sorted: Vec<(u64, u32)> = (0..self.agent.len()).map(|s| (ab(s), s as u32)).collect();
        sorted.sort_unstable();
        let mut start = vec![0u32; self.agent.len()];
        let mut runs = Vec::with_capacity(sorted.len());
        let mut at = 0u32;
        for (_, s) in sorted {
            start[s as usize] = at;
            let end = at + self.len[s as usize];
            let i = s as usize;
            let stream = Stream { agent: self.agent[i], buyer: self.buyer[i], shop: self.shop[i] };
            runs.push(Run { stream, start: at, end });
            at = end;
        }
        (runs, start)
    }
}

/// Conversation-days and rounds of the messages in stream order, counted
/// as `Engine::new` step 3 builds them: a round opens at a valid buyer
/// message when none is open and closes at a human staff message; a new
/// conversation-day closes any open round.
fn count(runs: &[Run], ts: &Times, flags: &[u8]) -> (usize, usize) {
    let (mut conv_days, mut rounds) = (0, 0);
    let mut conv: Option<((Sym, Sym), i32)> = None;
    let mut open = false;
    for run in runs {
        let range = run.start as usize..run.end as usize;
        for (k, &f) in range.clone().zip(&flags[range]) {
            let cd = ((run.stream.agent, run.stream.buyer), day_of(ts.get(k)));
            if conv != Some(cd) {
                conv = Some(cd);
                conv_days += 1;
                open = false;
            }
            if f & M_VALID != 0 && !open {
                rounds += 1;
                open = true;
            } else if f & M_HUMAN != 0 {
                open = false;
            }
        }
    }
    (conv_days, rounds)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{self, DemoParams};
    use crate::engine::conversations::Conv;
    use crate::engine::Engine;
    use crate::model::Message;

    /// Stream order is (agent, buyer, ts, dataset order) with either key
    /// layout (the second dataset spans more than 2^32 seconds); flags and
    /// resolved fields follow their messages; text-format messages resolve
    /// into the same streams as table rows.
    #[test]
    fn order_flags_and_side_entries() {
        for far in [0i64, 1 << 33] {
            let mut ds = Dataset::default();
            let mut arena = None;
            let shop = ds.shops.intern("店");
            // (agent, buyer, ts, sender, text); "" agent = none; block rows have no agent/buyer.
            let rows: [(&str, &str, i64, Sender, &str, bool); 9] = [
                ("店:b", "乙", 100, Sender::Buyer, "在吗", false),
                ("店:a", "甲", 50 + far, Sender::Agent, "[自动回复]您好", false),
                ("店:a", "甲", 50, Sender::Buyer, "好的", false),
                ("", "甲", 50, Sender::Buyer, "文本问", true),
                ("店:a", "", 50, Sender::Agent, "文本答", true),
                ("店:a", "甲", 50, Sender::Buyer, "多少钱", false),
                ("店:b", "乙", 100, Sender::Agent, "在的", false),
                ("店:a", "甲", 10, Sender::Agent, "亲", false),
                ("", "丙", 10, Sender::Buyer, "无客服", false),
            ];
            for (line, (a, b, ts, sender, text, block)) in rows.into_iter().enumerate() {
                let mut sym = |n: &str| if n.is_empty() { Sym::NONE } else { ds.nicks.intern(n) };
                let (agent, buyer) = (sym(a), sym(b));
                let text: TextRef = ds.push_text(&mut arena, text);
                let speaker = if sender == Sender::Buyer { buyer } else { agent };
                let (agent, buyer, block) = if block { (Sym::NONE, Sym::NONE, 0) } else { (agent, buyer, NO_BLOCK) };
                ds.messages.push(Message {
                    ts,
                    shop,
                    agent,
                    buyer,
                    speaker,
                    sender,
                    block,
                    text,
                    file: 0,
                    line: line as u32 + 1,
                });
            }
            ds.blocks = 1;
            let s = Settings::default();
            let (mut m, agents) = Messages::build(&ds, &s, &ClosingWords::new(&s));
            let mut want: Vec<(u32, Message)> = Vec::new();
            crate::import::resolve_each(&ds, &s, |i, x| {
                if !x.agent.is_none() && !x.buyer.is_none() {
                    want.push((i, *x));
                }
            });
            want.sort_by_key(|(i, x)| (x.agent, x.buyer, x.ts, *i));
            let text = |x: &Message| ds.text(x.text).to_string();
            let kinds = M_VALID | M_HUMAN | M_AUTO | M_PRODUCT;
            let got: Vec<(String, Sym, Sym, Sender, u8)> = (0..m.len())
                .map(|k| {
                    let x = m.get(&ds, k);
                    // the step-3 arrays and flags say what the message says
                    assert_eq!((m.ts.get(k), m_sender(m.flags[k])), (x.ts, x.sender));
                    assert_eq!(m.ts_sender(&ds, k), (x.ts, x.sender));
                    let first = k == 0 || {
                        let y = m.get(&ds, k - 1);
                        (y.agent, y.buyer) != (x.agent, x.buyer)
                    };
                    assert_eq!(m.flags[k] & M_STREAM != 0, first, "stream start at {k}");
                    (text(&x), x.agent, x.buyer, x.sender, m.flags[k] & kinds)
                })
                .collect();
            let flag = |t: &str| match t {
                // (`[` opens no product card here: the scan need not read it)
                "[自动回复]您好" => M_AUTO,
                "在吗" | "多少钱" | "文本问" => M_VALID,
                "在的" | "亲" | "文本答" => M_HUMAN,
                _ => 0,
            };
            let want: Vec<(String, Sym, Sym, Sender, u8)> = want
                .iter()
                .map(|(_, x)| {
                    let t = text(x);
                    let sender = if flag(&t) & M_AUTO != 0 { Sender::Auto } else { x.sender };
                    (t.clone(), x.agent, x.buyer, sender, flag(&t))
                })
                .collect();
            assert_eq!(got, want, "far = {far}");
            // (times in 32 bits unless they span more than 2^32 seconds)
            assert_eq!(matches!(m.ts, Times::Offsets { .. }), far == 0);
            assert_eq!(m.side.len(), 2);
            assert!(got.iter().any(|g| g.0 == "文本答" && ds.nicks.name(g.2) == "甲"));
            assert_eq!(agents.len(), 2);
            // Conversation-days 店:a/甲 and 店:b/乙 on day 0 (plus the far
            // message's day); rounds 文本问 → 文本答, 多少钱 (open), 在吗 → 在的.
            assert_eq!((m.conv_days, m.rounds), (if far == 0 { 2 } else { 3 }, 3));
            // once step 3 is built, times and senders come from the messages
            let before: Vec<(i64, Sender)> = (0..m.len()).map(|k| m.ts_sender(&ds, k)).collect();
            m.built();
            assert!(m.ts.is_empty());
            assert_eq!((0..m.len()).map(|k| m.ts_sender(&ds, k)).collect::<Vec<_>>(), before);
        }
    }

    /// What step 1 keeps for later steps is what those steps read from
    /// the messages before: a conversation-day's parties and shop (its
    /// first message's with one: a stream whose messages' shops differ is
    /// read message by message), and each message's product references,
    /// which follow their message when its stream is sorted by time.
    #[test]
    fn streams_and_product_references_follow_their_messages() {
        let mut ds = Dataset::default();
        let mut arena = None;
        let (x, y) = (ds.shops.intern("甲店"), ds.shops.intern("乙店"));
        let link = |n: u64| format!("看这款 https://item.taobao.com/item.htm?id={n} 好的");
        // (agent, buyer, ts, sender, text, shop); 店:a/甲 out of time order
        let rows: Vec<(&str, &str, i64, Sender, String, Sym)> = vec![
            ("店:a", "甲", 300, Sender::Agent, link(111111111), x),
            ("店:a", "甲", 100, Sender::Buyer, "在吗".into(), x),
            ("店:b", "乙", 100, Sender::Buyer, link(222222222), Sym::NONE),
            ("店:a", "甲", 200, Sender::Buyer, format!("{} 和 {}", link(333333333), link(444444444)), x),
            ("店:b", "乙", 150, Sender::Agent, "在的".into(), y),
            ("店:b", "乙", 90_000, Sender::Agent, "[商品卡片] 碎花连衣裙".into(), x),
            ("店:b", "乙", 90_100, Sender::Buyer, "好".into(), Sym::NONE),
        ];
        for (line, (a, b, ts, sender, text, shop)) in rows.into_iter().enumerate() {
            let (agent, buyer) = (ds.nicks.intern(a), ds.nicks.intern(b));
            let text = ds.push_text(&mut arena, &text);
            let speaker = if sender == Sender::Buyer { buyer } else { agent };
            ds.messages.push(Message {
                ts,
                shop,
                agent,
                buyer,
                speaker,
                sender,
                block: NO_BLOCK,
                text,
                file: 0,
                line: line as u32 + 1,
            });
        }
        let s = Settings::default();
        let (m, _) = Messages::build(&ds, &s, &ClosingWords::new(&s));
        let id = crate::engine::product::id_finder();
        let mut scanned = Vec::new();
        let mut want = Vec::new();
        for k in 0..m.len() {
            let msg = m.get(&ds, k);
            crate::engine::product::scan(ds.text(msg.text), msg.sender, &id, &mut scanned);
            assert_eq!(m.flags[k] & M_PRODUCT != 0, !scanned.is_empty(), "flag at {k}");
            want.extend(scanned.iter().map(|r| (k, format!("{r:?}"))));
        }
        let got: Vec<(usize, String)> =
            m.named.iter().map(|(k, r)| (*k as usize, format!("{:?}", r.get(&ds)))).collect();
        assert_eq!(got.len(), 5, "{got:?}");
        assert_eq!(got, want);
        // 店:a/甲's references are in stream (time) order: 333, 444 before 111
        assert!(got[0].1.contains("333333333") && got[2].1.contains("111111111"), "{got:?}");
        let e = Engine::prepare(&mut ds, &s);
        let convs: Vec<&Conv> = e.convs.iter().filter(|c| c.msg_end > c.msg_start).collect();
        assert_eq!(convs.len(), 3);
        for c in convs {
            let msgs: Vec<Message> = c.msg_range().map(|k| e.msgs.get(&ds, k)).collect();
            assert_eq!((c.agent, c.buyer), (msgs[0].agent, msgs[0].buyer));
            let shop = msgs.iter().map(|m| m.shop).find(|s| !s.is_none()).unwrap_or(Sym::NONE);
            assert_eq!(c.shop, shop, "day {} of {}", c.day, ds.nicks.name(c.buyer));
        }
        // 乙's first day: no shop, then 乙店 (its stream's shops differ)
        assert!(e.convs.iter().any(|c| c.shop == y) && e.convs.iter().filter(|c| c.shop == x).count() == 2);
    }

    /// The sizes counted while sorting are the ones `Engine::new` builds.
    #[test]
    fn counted_sizes_match_the_build() {
        let p = DemoParams { seed: 7, days: 6, messages: 20_000, start: "2024-06-01".into() };
        let mut ds = Dataset::default();
        for f in demo::generate_files(&p) {
            if !f.name.ends_with(".json") {
                crate::import::import_bytes(&mut ds, &f.name, f.bytes, None);
            }
        }
        assert!(ds.messages.iter().any(|m| m.block != crate::model::NO_BLOCK), "text-format samples imported");
        assert!(!ds.ratings.is_empty());
        for s in [demo::demo_settings(&p), Settings::default()] {
            let e = Engine::prepare(&mut ds, &s);
            let with_msgs = e.convs.iter().filter(|c| c.msg_end > c.msg_start).count();
            assert!(with_msgs > 100 && e.rounds.len() > 100);
            assert_eq!((e.msgs.conv_days, e.msgs.rounds), (with_msgs, e.rounds.len()));
        }
    }
}
