//! The generator core: chats (as message lists), orders and ratings, written
//! straight into byte buffers.

use super::data::*;
use crate::settings::Role;
use chrono::{Datelike, Duration, NaiveDate};
use rand::Rng;
use std::fmt::Write as _;

pub const DAY: i64 = 86_400;
/// Extra days before/after the range that have date strings.
const PAD: i64 = 10;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Snd {
    Buyer,
    Agent,
    Auto,
    System,
}

impl Snd {
    pub fn label(self) -> &'static str {
        match self {
            Snd::Buyer => "顾客",
            Snd::Agent => "客服",
            Snd::Auto => "自动",
            Snd::System => "系统",
        }
    }
}

pub struct Msg<'a> {
    pub ts: i64,
    pub snd: Snd,
    pub agent: u16,
    pub text: &'a str,
}

/// Texts that depend on the agents/leaves, formatted once.
pub struct Tables {
    pub nicks: Vec<String>,
    pub greet: Vec<String>,
    /// [from * n + to]
    pub transfer: Vec<String>,
    /// Per CATS index (leaves only; others empty): closing with code, code alone.
    pub code_full: Vec<Vec<String>>,
    pub code_only: Vec<String>,
    pub links: Vec<String>,
    /// Per product: a product card `[商品] title` (issue 14), or None when
    /// the title holds a category keyword (a card would classify the chat
    /// differently from the link it replaces).
    pub cards: Vec<Option<String>>,
    /// [agent * products + product]: the greeting with a recommended
    /// item link appended (推荐).
    pub greet_rec: Vec<String>,
    pub leaves: [Vec<usize>; 2],
    pub leaf_w: [Vec<f64>; 2],
    /// Eligible agents per (role, weekday, hour) and their weights.
    pub pick: Vec<(Vec<u16>, Vec<f64>)>,
}

fn role_ix(r: Role) -> usize {
    match r {
        Role::Presales => 0,
        Role::Aftersales => 1,
    }
}

impl Tables {
    pub fn new() -> Tables {
        let n = AGENTS.len();
        let nicks: Vec<String> = AGENTS.iter().map(|a| format!("{SHOP}:{}", a.sub)).collect();
        let greet = AGENTS.iter().map(|a| format!("亲，您好，我是客服{}，很高兴为您服务~", a.sub)).collect();
        let mut transfer = Vec::with_capacity(n * n);
        for f in &nicks {
            for t in &nicks {
                transfer.push(format!("由 {f} 转交给 {t}"));
            }
        }
        let mut code_full = Vec::new();
        let mut code_only = Vec::new();
        let mut leaves = [Vec::new(), Vec::new()];
        let mut leaf_w = [Vec::new(), Vec::new()];
        for (i, c) in CATS.iter().enumerate() {
            if let Some(l) = &c.leaf {
                code_full.push(
                    AGENT_CLOSING.iter().map(|s| format!("{s}您当前咨询的内容为{}(此信息无需回复)", c.code)).collect(),
                );
                code_only.push(format!("咨询的内容为{}", c.code));
                leaves[role_ix(l.role)].push(i);
                leaf_w[role_ix(l.role)].push(l.weight);
            } else {
                code_full.push(Vec::new());
                code_only.push(String::new());
            }
        }
        let links: Vec<String> =
            PRODUCTS.iter().map(|p| format!("https://item.taobao.com/item.htm?id={}", p.item_id)).collect();
        let keyword = |title: &str| {
            CATS.iter().any(|c| {
                c.keywords.iter().any(|k| title.contains(k))
                    || c.regex.is_some_and(|r| r.split('|').any(|k| title.contains(k)))
            })
        };
        let cards = PRODUCTS.iter().map(|p| (!keyword(p.title)).then(|| format!("[商品] {}", p.title))).collect();
        let mut greet_rec = Vec::with_capacity(AGENTS.len() * PRODUCTS.len());
        for a in AGENTS {
            for link in &links {
                greet_rec.push(format!("亲，您好，我是客服{}，很高兴为您服务~ 这款卖得很好，可以看看：{link}", a.sub));
            }
        }
        let mut pick = Vec::with_capacity(2 * 7 * 24);
        for role in [Role::Presales, Role::Aftersales] {
            for wd in 0..7u32 {
                for h in 0..24u32 {
                    let mut ids = Vec::new();
                    let mut ws = Vec::new();
                    for (i, a) in AGENTS.iter().enumerate() {
                        if a.role == role && a.day_off != wd && (h < 9 || (a.shift.0 <= h && h < a.shift.1)) {
                            ids.push(i as u16);
                            ws.push(a.weight);
                        }
                    }
                    if ids.is_empty() {
                        for (i, a) in AGENTS.iter().enumerate() {
                            if a.role == role {
                                ids.push(i as u16);
                                ws.push(a.weight);
                            }
                        }
                    }
                    pick.push((ids, ws));
                }
            }
        }
        Tables { nicks, greet, transfer, code_full, code_only, links, cards, greet_rec, leaves, leaf_w, pick }
    }
}

pub fn pick_w<R: Rng>(rng: &mut R, w: &[f64]) -> usize {
    let total: f64 = w.iter().sum();
    let mut x = rng.random::<f64>() * total;
    for (i, v) in w.iter().enumerate() {
        if x < *v {
            return i;
        }
        x -= v;
    }
    w.len() - 1
}

pub fn one<'a, R: Rng>(rng: &mut R, s: &[&'a str]) -> &'a str {
    s[rng.random_range(0..s.len())]
}

#[rustfmt::skip]
const HOUR_W: [f64; 24] = [0.6, 0.3, 0.15, 0.1, 0.08, 0.1, 0.25, 0.6, 1.5, 4.0, 7.0, 7.5, 5.0, 5.5, 7.0, 7.5, 7.0, 5.5, 4.5, 5.5, 8.0, 9.0, 8.0, 4.5];

/// Date strings for day indexes -PAD..days+PAD.
pub struct Days {
    pub start: NaiveDate,
    pub ymd: Vec<String>,
    pub weekday: Vec<u32>,
}

impl Days {
    pub fn new(start: NaiveDate, days: i64) -> Days {
        let mut ymd = Vec::new();
        let mut weekday = Vec::new();
        for i in -PAD..days + PAD {
            let d = start + Duration::days(i);
            ymd.push(d.format("%Y-%m-%d").to_string());
            weekday.push(d.weekday().num_days_from_monday());
        }
        Days { start, ymd, weekday }
    }
    fn ix(&self, day: i64) -> usize {
        (day + PAD).clamp(0, self.ymd.len() as i64 - 1) as usize
    }
    pub fn weekday(&self, day: i64) -> u32 {
        self.weekday[self.ix(day)]
    }
    /// `YYYY-MM-DD HH:MM:SS`
    pub fn push_ts(&self, out: &mut Vec<u8>, ts: i64) {
        out.extend_from_slice(self.ymd[self.ix(ts.div_euclid(DAY))].as_bytes());
        out.push(b' ');
        push_hms(out, ts.rem_euclid(DAY), true);
    }
    /// Qianniu: `YYYY-M-D H:MM:SS`
    pub fn push_ts_qianniu(&self, out: &mut Vec<u8>, ts: i64) {
        let d = self.start + Duration::days(ts.div_euclid(DAY));
        let _ = write!(ByteW(out), "{}-{}-{} ", d.year(), d.month(), d.day());
        push_hms(out, ts.rem_euclid(DAY), false);
    }
}

pub struct ByteW<'a>(pub &'a mut Vec<u8>);
impl std::fmt::Write for ByteW<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

fn push_hms(out: &mut Vec<u8>, s: i64, pad_hour: bool) {
    let (h, m, s) = (s / 3600, s / 60 % 60, s % 60);
    if pad_hour || h >= 10 {
        out.push(b'0' + (h / 10) as u8);
    }
    out.extend_from_slice(&[
        b'0' + (h % 10) as u8,
        b':',
        b'0' + (m / 10) as u8,
        b'0' + (m % 10) as u8,
        b':',
        b'0' + (s / 10) as u8,
        b'0' + (s % 10) as u8,
    ]);
}

/// Append a CSV field, quoted only when needed.
pub fn push_field(out: &mut Vec<u8>, s: &str) {
    if s.bytes().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r')) {
        out.push(b'"');
        for b in s.bytes() {
            if b == b'"' {
                out.push(b'"');
            }
            out.push(b);
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(s.as_bytes());
    }
}

/// A buyer nick from its index: unique (the digits are a bijection of the index).
pub fn buyer_nick(out: &mut String, id: u32) {
    out.clear();
    let prefix = NICK_PREFIX[(id as usize).wrapping_mul(7) % NICK_PREFIX.len()];
    let digits = (id as u64 * 7_654_321 + 1_234_567) % 100_000_000;
    let _ = write!(out, "{prefix}{digits:08}");
}

/// A generated chat.
pub struct Chat {
    pub buyer: u32,
    pub start: i64,
    pub end: i64,
    pub presales: bool,
    /// Agent who ends the chat, if any human replied.
    pub last_agent: Option<u16>,
    pub order_before: bool,
    /// The product the buyer sent (link or card) or the agent recommended
    /// in the greeting: what an order of this chat buys (issue 14).
    pub product: Option<u16>,
}

pub struct ChatOpts {
    pub allow_transfer: bool,
}

/// Generate one chat into `msgs`. Returns the chat summary.
#[allow(clippy::too_many_arguments)]
pub fn gen_chat<'a, R: Rng>(
    rng: &mut R,
    t: &'a Tables,
    days: &Days,
    day: i64,
    buyer: u32,
    role: Role,
    opts: &ChatOpts,
    msgs: &mut Vec<Msg<'a>>,
) -> Chat {
    msgs.clear();
    let r = role_ix(role);
    let leaf = t.leaves[r][pick_w(rng, &t.leaf_w[r])];
    let l = CATS[leaf].leaf.as_ref().unwrap();
    let hour = pick_w(rng, &HOUR_W) as i64;
    let start = day * DAY + hour * 3600 + rng.random_range(0..3600);
    let day_end = day * DAY + DAY - 1;
    let wd = days.weekday(day);
    let (ids, ws) = &t.pick[(r * 7 + wd as usize) * 24 + hour as usize];
    let mut agent = ids[pick_w(rng, ws)];
    let mut ts = start;
    let night = hour < 9;
    let peak = matches!(hour, 10 | 11 | 15 | 20 | 21 | 22);
    let mut chat = Chat {
        buyer,
        start,
        end: start,
        presales: role == Role::Presales,
        last_agent: None,
        order_before: false,
        product: None,
    };
    chat.order_before = rng.random::<f64>() < l.order_before;

    macro_rules! push {
        ($snd:expr, $agent:expr, $text:expr) => {{
            if ts > day_end {
                chat.end = msgs.last().map(|m: &Msg| m.ts).unwrap_or(start);
                return chat;
            }
            msgs.push(Msg { ts, snd: $snd, agent: $agent, text: $text });
            if $snd == Snd::Agent {
                chat.last_agent = Some($agent);
            }
        }};
    }
    let think = |rng: &mut R, lo: i64, hi: i64| rng.random_range(lo..hi);
    let resp = |rng: &mut R, a: u16| -> i64 {
        let mean = AGENTS[a as usize].mean_resp * if peak { 1.3 } else { 1.0 };
        let u: f64 = rng.random::<f64>();
        (3.0 + mean * -(1.0 - u).ln()).min(1500.0) as i64
    };

    // Opening.
    if rng.random::<f64>() < 0.45 {
        push!(Snd::Buyer, agent, one(rng, GREET_BUYER));
        ts += think(rng, 2, 15);
    }
    if role == Role::Presales && rng.random::<f64>() < 0.3 {
        // The same draws as before products were read (issue 14); every
        // third buyer (by id, no draw) sends the product card instead of
        // the link, so the demo has title-only mentions too.
        let p = rng.random_range(0..t.links.len());
        chat.product = Some(p as u16);
        let text = match &t.cards[p] {
            Some(card) if buyer.is_multiple_of(3) => card.as_str(),
            _ => t.links[p].as_str(),
        };
        push!(Snd::Buyer, agent, text);
        ts += think(rng, 2, 10);
    }
    push!(Snd::Buyer, agent, one(rng, l.ask));
    if night {
        ts += 1;
        push!(Snd::Auto, agent, AUTO_NIGHT);
        if rng.random::<f64>() < 0.4 {
            // Picked up when the shift starts at 09:00.
            ts = day * DAY + 9 * 3600 + rng.random_range(30..900);
        } else {
            if rng.random::<f64>() < 0.3 {
                ts += think(rng, 30, 400);
                push!(Snd::Buyer, agent, one(rng, BUYER_WAIT));
            }
            chat.end = ts;
            return chat;
        }
    } else {
        if rng.random::<f64>() < 0.6 {
            ts += rng.random_range(0..3);
            push!(Snd::Auto, agent, AUTO_REPLY);
        }
        // Unreplied: the agent is swamped.
        let p_unreplied =
            if peak { 0.04 } else { 0.015 } + if AGENTS[agent as usize].mean_resp > 60.0 { 0.04 } else { 0.0 };
        if rng.random::<f64>() < p_unreplied {
            if rng.random::<f64>() < 0.5 {
                ts += think(rng, 60, 400);
                push!(Snd::Buyer, agent, one(rng, BUYER_WAIT));
            }
            chat.end = ts;
            return chat;
        }
        ts += resp(rng, agent);
    }
    if rng.random::<f64>() < 0.55 {
        // Every fourth pre-sales buyer without a product of their own is
        // recommended one in the greeting (by id: no extra draw, no extra
        // message; only the greeting's characters grow).
        let greet = if role == Role::Presales && chat.product.is_none() && buyer % 4 == 1 {
            let p = (buyer as usize / 4) % PRODUCTS.len();
            chat.product = Some(p as u16);
            t.greet_rec[agent as usize * PRODUCTS.len() + p].as_str()
        } else {
            t.greet[agent as usize].as_str()
        };
        push!(Snd::Agent, agent, greet);
        ts += think(rng, 3, 12);
    }
    push!(Snd::Agent, agent, one(rng, l.answer));

    // Follow-up rounds.
    let extra = pick_w(rng, &[0.25, 0.4, 0.25, 0.1]);
    for k in 0..extra {
        ts += think(rng, 8, 120);
        let specific = rng.random::<f64>() < 0.7;
        let q = if specific { one(rng, l.follow) } else { one(rng, GENERIC_FOLLOW) };
        push!(Snd::Buyer, agent, q);
        if rng.random::<f64>() < 0.2 {
            ts += think(rng, 3, 20);
            push!(Snd::Buyer, agent, one(rng, GENERIC_FOLLOW));
        }
        // Transfer to a colleague of the same role (or after-sales).
        if k == 0 && opts.allow_transfer && rng.random::<f64>() < 0.05 {
            let to_role = if role == Role::Presales && rng.random::<f64>() < 0.3 { 1 } else { r };
            let (ids, ws) = &t.pick[(to_role * 7 + wd as usize) * 24 + hour as usize];
            let to = ids[pick_w(rng, ws)];
            if to != agent {
                ts += think(rng, 5, 30);
                push!(Snd::System, agent, t.transfer[agent as usize * AGENTS.len() + to as usize].as_str());
                agent = to;
                ts += resp(rng, agent);
                push!(Snd::Agent, agent, t.greet[agent as usize].as_str());
                ts += think(rng, 3, 12);
                continue;
            }
        }
        ts += resp(rng, agent);
        let pool = if specific { l.answer } else { GENERIC_ANSWER };
        push!(Snd::Agent, agent, one(rng, pool));
    }

    // Closing.
    if rng.random::<f64>() < 0.65 {
        ts += think(rng, 5, 60);
        push!(Snd::Buyer, agent, one(rng, CLOSING_BUYER));
    }
    ts += think(rng, 3, 30);
    let a = &AGENTS[agent as usize];
    if rng.random::<f64>() >= a.forget_code {
        if rng.random::<f64>() < 0.6 {
            let v = &t.code_full[leaf];
            push!(Snd::Agent, agent, v[rng.random_range(0..v.len())].as_str());
        } else {
            push!(Snd::Agent, agent, one(rng, AGENT_CLOSING));
            ts += think(rng, 1, 5);
            push!(Snd::Agent, agent, t.code_only[leaf].as_str());
        }
    } else if rng.random::<f64>() < 0.7 {
        push!(Snd::Agent, agent, one(rng, AGENT_CLOSING));
    }
    chat.end = msgs.last().unwrap().ts;
    chat
}
