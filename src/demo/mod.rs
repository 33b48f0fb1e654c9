//! Deterministic demo-shop generator: a clothing shop 透镜旗舰店 with three
//! teams, fifteen sub-accounts, a seed-003 category tree, orders and ratings,
//! written in the real export formats (spec §1). Seeded PCG; no OS
//! randomness, so it builds for wasm32 as well.

pub mod data;
mod gen;
pub mod refunds;

use crate::settings::{Account, CategoryNode, Interval, Settings, WEEKDAY_KEYS};
use chrono::NaiveDate;
use data::*;
use gen::*;
use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DemoParams {
    pub seed: u64,
    pub days: u32,
    /// Approximate number of chat messages to generate.
    pub messages: u64,
    /// First day, `YYYY-MM-DD`.
    pub start: String,
}

impl Default for DemoParams {
    fn default() -> Self {
        DemoParams { seed: 20240601, days: 30, messages: 60_000, start: "2024-06-01".into() }
    }
}

pub struct DemoFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Counts of what was generated (for CLI summaries and tests).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct DemoStats {
    pub chats: u64,
    pub messages: u64,
    pub orders: u64,
    pub paid_orders: u64,
    pub ratings: u64,
    pub sample_chats: u64,
}

pub struct DemoOutput {
    pub files: Vec<DemoFile>,
    pub stats: DemoStats,
}

pub const CHAT_CSV: &str = "聊天记录_逐条.csv";
pub const RATINGS_CSV: &str = "接待评价.csv";
pub const SETTINGS_JSON: &str = "settings.json";
pub const SAMPLE_JINGE: &str = "样例_晋歌格式.txt";
pub const SAMPLE_QIANNIU: &str = "样例_千牛格式.txt";
/// The item list (宝贝ID, 宝贝标题, 价格) that joins the chats' item links
/// to the orders' titles (issue 14).
pub const ITEMS_CSV: &str = "商品列表.csv";

/// The demo shop's item list: one row per product.
fn item_list() -> Vec<u8> {
    let mut s = String::from("宝贝ID,宝贝标题,价格\n");
    for p in PRODUCTS {
        let _ = writeln!(s, "{},{},{}.{:02}", p.item_id, p.title, p.price_fen / 100, p.price_fen % 100);
    }
    s.into_bytes()
}

/// `YYYY-MM-DD` → date.
pub fn parse_start(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

fn start_of(p: &DemoParams) -> NaiveDate {
    parse_start(&p.start).unwrap_or_else(|| NaiveDate::from_ymd_opt(2024, 6, 1).unwrap())
}

/// `ExportOrderListYYYYMM.csv` for the start month.
pub fn order_file_name(p: &DemoParams) -> String {
    format!("ExportOrderList{}.csv", start_of(p).format("%Y%m"))
}

/// Real-format files of a demo shop, plus `settings.json` (accounts, teams,
/// roles, categories).
pub fn generate_files(p: &DemoParams) -> Vec<DemoFile> {
    generate(p).files
}

/// Only the per-message chat CSV (same bytes as in `generate_files`).
pub fn chat_csv(p: &DemoParams) -> Vec<u8> {
    Core::run(p, false).chats
}

/// Files and counts.
pub fn generate(p: &DemoParams) -> DemoOutput {
    let core = Core::run(p, true);
    let mut stats = core.stats.clone();
    let (jinge, qianniu, n) = samples(p);
    stats.sample_chats = n;
    let files = vec![
        DemoFile { name: CHAT_CSV.into(), bytes: core.chats },
        DemoFile { name: order_file_name(p), bytes: core.orders.clone() },
        DemoFile { name: RATINGS_CSV.into(), bytes: core.ratings },
        DemoFile { name: ITEMS_CSV.into(), bytes: item_list() },
        DemoFile { name: refunds::REFUNDS_CSV.into(), bytes: refunds::refund_export(&core.orders) },
        DemoFile { name: SETTINGS_JSON.into(), bytes: demo_settings(p).to_json().into_bytes() },
        DemoFile { name: SAMPLE_JINGE.into(), bytes: jinge },
        DemoFile { name: SAMPLE_QIANNIU.into(), bytes: qianniu },
    ];
    DemoOutput { files, stats }
}

/// The demo shop's settings: accounts with teams and roles, work time
/// 09:00–24:00 every day, and the category tree with keywords.
pub fn demo_settings(_p: &DemoParams) -> Settings {
    let accounts = AGENTS
        .iter()
        .map(|a| Account {
            nick: format!("{SHOP}:{}", a.sub),
            name: a.name.to_string(),
            team: a.team.iter().map(|t| t.to_string()).collect(),
            role: a.role,
        })
        .collect();
    let nine_to_midnight = Interval { start: 9 * 3600, end: 86_400 };
    let work_time = WEEKDAY_KEYS.iter().map(|k| (k.to_string(), vec![nine_to_midnight])).collect();
    Settings {
        accounts,
        main_accounts: vec![SHOP.to_string()],
        work_time,
        categories: cat_children(""),
        ..Settings::default()
    }
}

fn cat_children(parent: &str) -> Vec<CategoryNode> {
    CATS.iter()
        .filter(|c| match c.code.rsplit_once('.') {
            Some((p, _)) => p == parent,
            None => parent.is_empty(),
        })
        .map(|c| CategoryNode {
            code: c.code.to_string(),
            name: c.name.to_string(),
            keywords: c.keywords.iter().map(|k| k.to_string()).collect(),
            regex: c.regex.map(|r| r.to_string()),
            children: cat_children(c.code),
        })
        .collect()
}

struct OrderRec {
    buyer: u32,
    created: i64,
    paid: Option<i64>,
    product: usize,
    qty: u32,
    discount_fen: i64,
}

struct RatingRec {
    ts: i64,
    agent: u16,
    buyer: u32,
    value: u8,
}

const RATING_TEXT: [&str; 5] = ["很满意", "满意", "一般", "不满意", "很不满意"];

struct Core {
    chats: Vec<u8>,
    orders: Vec<u8>,
    ratings: Vec<u8>,
    stats: DemoStats,
}

fn push_chat_rows(out: &mut Vec<u8>, days: &Days, t: &Tables, buyer: &str, msgs: &[Msg]) {
    for m in msgs {
        days.push_ts(out, m.ts);
        out.push(b',');
        out.extend_from_slice(SHOP.as_bytes());
        out.push(b',');
        out.extend_from_slice(t.nicks[m.agent as usize].as_bytes());
        out.push(b',');
        push_field(out, buyer);
        out.push(b',');
        out.extend_from_slice(m.snd.label().as_bytes());
        out.push(b',');
        push_field(out, m.text);
        out.push(b'\n');
    }
}

fn ring_push(v: &mut Vec<u32>, pos: &mut usize, cap: usize, x: u32) {
    if v.len() < cap {
        v.push(x);
    } else {
        v[*pos % cap] = x;
        *pos += 1;
    }
}

impl Core {
    fn run(p: &DemoParams, side_files: bool) -> Core {
        let ndays = p.days.max(1) as i64;
        let start = start_of(p);
        let days = Days::new(start, ndays);
        let t = Tables::new();
        let mut rng = Pcg64Mcg::seed_from_u64(p.seed);
        let export_ts = ndays * DAY + 10 * 3600;

        // Day weights: weekends busier, promotion days much busier.
        let mut cum = Vec::with_capacity(ndays as usize);
        let mut acc = 0.0;
        for d in 0..ndays {
            let md = &days.ymd[(d + 10) as usize][5..];
            let mut w = if days.weekday(d) >= 5 { 1.15 } else { 1.0 };
            if matches!(md, "06-18" | "11-11" | "12-12" | "06-01") {
                w *= 1.8;
            }
            w *= 0.9 + 0.2 * rng.random::<f64>();
            acc += w;
            cum.push(acc);
        }
        let targets: Vec<u64> = cum.iter().map(|c| (p.messages as f64 * c / acc).round() as u64).collect();

        let mut chats = Vec::with_capacity(p.messages.min(4_000_000) as usize * 128 + 64);
        chats.extend_from_slice(b"\xEF\xBB\xBF");
        chats.extend_from_slice("时间,店铺,客服,顾客,发送方,内容\n".as_bytes());
        let mut stats = DemoStats::default();
        let mut msgs: Vec<Msg> = Vec::with_capacity(64);
        let mut day_buf: Vec<u8> = Vec::new();
        let mut idx: Vec<(i64, usize, usize)> = Vec::new();
        let mut nick = String::new();
        let mut next_buyer: u32 = 0;
        let (mut pool, mut pool_pos) = (Vec::new(), 0usize);
        let (mut paid_pool, mut paid_pos) = (Vec::new(), 0usize);
        let mut today_new: Vec<u32> = Vec::new();
        let mut today_paid: Vec<u32> = Vec::new();
        let mut reconsult: Vec<Vec<u32>> = vec![Vec::new(); ndays as usize];
        let mut orders: Vec<OrderRec> = Vec::new();
        let mut ratings: Vec<RatingRec> = Vec::new();
        let opts = ChatOpts { allow_transfer: true };

        for d in 0..ndays {
            day_buf.clear();
            idx.clear();
            today_new.clear();
            today_paid.clear();
            let sched = std::mem::take(&mut reconsult[d as usize]);
            let mut si = 0;
            let mut chats_today = 0u64;
            while stats.messages < targets[d as usize] {
                let (buyer, role) = if si < sched.len() {
                    si += 1;
                    (sched[si - 1], crate::settings::Role::Aftersales)
                } else if rng.random::<f64>() < 0.72 {
                    let b = if !pool.is_empty() && rng.random::<f64>() < 0.12 {
                        pool[rng.random_range(0..pool.len())]
                    } else {
                        next_buyer += 1;
                        today_new.push(next_buyer);
                        next_buyer
                    };
                    (b, crate::settings::Role::Presales)
                } else {
                    let b = if !paid_pool.is_empty() && rng.random::<f64>() < 0.5 {
                        paid_pool[rng.random_range(0..paid_pool.len())]
                    } else {
                        next_buyer += 1;
                        next_buyer
                    };
                    (b, crate::settings::Role::Aftersales)
                };
                let chat = gen_chat(&mut rng, &t, &days, d, buyer, role, &opts, &mut msgs);
                buyer_nick(&mut nick, buyer);
                let begin = day_buf.len();
                push_chat_rows(&mut day_buf, &days, &t, &nick, &msgs);
                idx.push((chat.start, begin, day_buf.len()));
                stats.messages += msgs.len() as u64;
                stats.chats += 1;
                chats_today += 1;

                if chat.presales {
                    let p_order = match chat.last_agent {
                        Some(a) => AGENTS[a as usize].sales,
                        None => 0.05,
                    };
                    if chat.order_before || rng.random::<f64>() < p_order {
                        if let Some(o) = make_order(&mut rng, buyer, &chat, d, ndays, export_ts) {
                            if o.paid.is_some() {
                                today_paid.push(buyer);
                            }
                            orders.push(o);
                        }
                    }
                } else if rng.random::<f64>() < 0.22 {
                    let k = rng.random_range(1..=3);
                    if d + k < ndays {
                        reconsult[(d + k) as usize].push(buyer);
                    }
                }
                if let Some(a) = chat.last_agent {
                    if rng.random::<f64>() < 0.32 {
                        let day_end = d * DAY + DAY - 1;
                        let slow = AGENTS[a as usize].mean_resp > 60.0;
                        let ts = (chat.end + rng.random_range(5..900)).min(day_end);
                        ratings.push(RatingRec { ts, agent: a, buyer, value: rating_value(&mut rng, slow) });
                        if rng.random::<f64>() < 0.07 {
                            let ts2 = (ts + rng.random_range(60..3600)).min(day_end);
                            ratings.push(RatingRec { ts: ts2, agent: a, buyer, value: rating_value(&mut rng, slow) });
                        }
                    }
                }
            }
            // Orders from buyers who never chatted.
            let silent = (chats_today as f64 * 0.06).round() as u64;
            for _ in 0..silent {
                next_buyer += 1;
                let created = d * DAY + 9 * 3600 + rng.random_range(0..15 * 3600);
                let paid = if rng.random::<f64>() < 0.85 { Some(created + rng.random_range(20..400)) } else { None };
                let product = rng.random_range(0..PRODUCTS.len());
                orders.push(OrderRec { buyer: next_buyer, created, paid, product, qty: 1, discount_fen: 0 });
            }
            idx.sort_unstable();
            for &(_, b, e) in &idx {
                chats.extend_from_slice(&day_buf[b..e]);
            }
            for &b in &today_new {
                ring_push(&mut pool, &mut pool_pos, 20_000, b);
            }
            for &b in &today_paid {
                ring_push(&mut paid_pool, &mut paid_pos, 20_000, b);
            }
        }
        stats.orders = orders.len() as u64;
        stats.paid_orders = orders.iter().filter(|o| o.paid.is_some()).count() as u64;
        stats.ratings = ratings.len() as u64;
        let (orders_bytes, ratings_bytes) = if side_files {
            (write_orders(&mut rng, &days, &mut orders, export_ts), write_ratings(&days, &t, &mut ratings))
        } else {
            (Vec::new(), Vec::new())
        };
        Core { chats, orders: orders_bytes, ratings: ratings_bytes, stats }
    }
}

fn rating_value<R: Rng>(rng: &mut R, slow: bool) -> u8 {
    let w: &[f64] = if slow { &[0.45, 0.30, 0.12, 0.09, 0.04] } else { &[0.62, 0.27, 0.06, 0.035, 0.015] };
    pick_w(rng, w) as u8
}

fn make_order<R: Rng>(rng: &mut R, buyer: u32, chat: &Chat, d: i64, ndays: i64, export_ts: i64) -> Option<OrderRec> {
    let created = if chat.order_before {
        chat.start - rng.random_range(60..7200)
    } else {
        match pick_w(rng, &[0.70, 0.10, 0.15, 0.05]) {
            0 => chat.end + rng.random_range(30..1800),
            1 => chat.end + rng.random_range(1800..6 * 3600),
            2 => (d + 1) * DAY + rng.random_range(9 * 3600..23 * 3600),
            _ => (d + rng.random_range(2..=3)) * DAY + rng.random_range(9 * 3600..23 * 3600),
        }
    };
    if created < 0 || created >= ndays * DAY {
        return None;
    }
    let cday = created.div_euclid(DAY);
    let mut paid = match pick_w(rng, &[0.78, 0.08, 0.04, 0.10]) {
        0 => Some(created + rng.random_range(20..600)),
        1 => Some((cday + 1) * DAY + rng.random_range(8 * 3600..23 * 3600)),
        2 => Some((cday + rng.random_range(2..=3)) * DAY + rng.random_range(8 * 3600..23 * 3600)),
        _ => None,
    };
    if paid.is_some_and(|t| t > export_ts) {
        paid = None;
    }
    // a chat about a product buys it (issue 14); the draw is kept so the
    // rest of the demo stays the same
    let drawn = rng.random_range(0..PRODUCTS.len());
    let product = chat.product.map_or(drawn, usize::from);
    let qty = if rng.random::<f64>() < 0.15 { 2 } else { 1 };
    let goods = PRODUCTS[product].price_fen * qty as i64;
    let discount_fen = match rng.random_range(0..10) {
        0..=5 => 0,
        6 | 7 if goods >= 19_900 => 2000,
        8 if goods >= 30_000 => 3000,
        _ => 1000,
    };
    Some(OrderRec { buyer, created, paid, product, qty, discount_fen })
}

fn yuan(out: &mut String, fen: i64) {
    let _ = write!(out, "{}.{:02}", fen / 100, fen % 100);
}

fn write_orders<R: Rng>(rng: &mut R, days: &Days, orders: &mut [OrderRec], export_ts: i64) -> Vec<u8> {
    // Real exports list the newest order first.
    orders.sort_by_key(|o| std::cmp::Reverse(o.created));
    const HEAD: &[&str] = &[
        "订单编号 ",
        "买家会员名",
        "买家支付宝账号",
        "支付单号",
        "买家应付货款",
        "买家应付邮费",
        "买家支付积分",
        "总金额",
        "返点积分",
        "买家实际支付金额",
        "买家实际支付积分",
        "订单状态",
        "买家留言",
        "收货人姓名",
        "收货地址 ",
        "运送方式",
        "联系电话 ",
        "联系手机",
        "订单创建时间",
        "订单付款时间 ",
        "宝贝标题 ",
        "宝贝种类 ",
        "物流单号 ",
        "物流公司",
        "订单备注",
        "宝贝总数量",
        "店铺Id",
        "店铺名称",
        "订单关闭原因",
        "卖家服务费",
        "买家服务费",
        "发票抬头",
        "是否手机订单",
        "退款金额",
    ];
    let mut s = String::with_capacity(orders.len() * 600 + 1024);
    for (i, h) in HEAD.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        let _ = write!(s, "\"{h}\"");
    }
    s.push_str("\r\n");
    let mut nick = String::new();
    let mut f: Vec<String> = vec![String::new(); HEAD.len()];
    let mut tsb: Vec<u8> = Vec::new();
    let mut ts_str = |t: i64| -> String {
        tsb.clear();
        days.push_ts(&mut tsb, t);
        String::from_utf8(tsb.clone()).unwrap()
    };
    for (i, o) in orders.iter().enumerate() {
        for x in f.iter_mut() {
            x.clear();
        }
        let prod = &PRODUCTS[o.product];
        let goods = prod.price_fen * o.qty as i64;
        let post = if goods >= 9900 { 0 } else { 600 };
        let total = goods + post;
        let paid = o.paid.is_some();
        let id = 3_712_000_000_000_000_000u64 + i as u64 * 1_000_003 + rng.random_range(0..1000);
        buyer_nick(&mut nick, o.buyer);
        let created = ts_str(o.created);
        let _ = write!(f[0], "=\"{id}\"");
        f[1].push_str(&nick);
        let _ = write!(
            f[2],
            "1{}{}****{:04}",
            rng.random_range(3..10),
            rng.random_range(0..10),
            rng.random_range(0..10000)
        );
        if paid {
            let _ = write!(
                f[3],
                "{}22001{:06}{:08}",
                created[..10].replace('-', ""),
                i % 1_000_000,
                rng.random_range(0..100_000_000u32)
            );
        }
        yuan(&mut f[4], goods);
        yuan(&mut f[5], post);
        f[6].push('0');
        yuan(&mut f[7], total);
        f[8].push('0');
        yuan(&mut f[9], if paid { total - o.discount_fen } else { 0 });
        f[10].push('0');
        let status = match o.paid {
            Some(pt) if export_ts - pt > 5 * DAY => "交易成功",
            Some(pt) if export_ts - pt > DAY / 2 => "卖家已发货，等待买家确认",
            Some(_) => "买家已付款，等待卖家发货",
            None if export_ts - o.created < DAY => "等待买家付款",
            None => "交易关闭",
        };
        f[11].push_str(status);
        if rng.random::<f64>() < 0.08 {
            f[12].push_str(one(rng, BUYER_NOTES));
        }
        let _ = write!(f[13], "{}**", one(rng, SURNAMES));
        let _ = write!(f[14], "{} ***", one(rng, PROVINCES));
        f[15].push_str("快递");
        if rng.random::<f64>() < 0.15 {
            let _ = write!(f[16], "'0571-8{:07}", rng.random_range(0..10_000_000));
        }
        let _ = write!(
            f[17],
            "'1{}{}****{:04}",
            rng.random_range(3..10),
            rng.random_range(0..10),
            rng.random_range(0..10000)
        );
        f[18].push_str(&created);
        if let Some(pt) = o.paid {
            f[19].push_str(&ts_str(pt));
        }
        f[20].push_str(prod.title);
        f[21].push('1');
        if status != "买家已付款，等待卖家发货" && paid {
            let (name, pre) = CARRIERS[rng.random_range(0..CARRIERS.len())];
            let _ = write!(f[22], "{pre}{:012}", rng.random_range(0..1_000_000_000_000u64));
            f[23].push_str(name);
        }
        if rng.random::<f64>() < 0.05 {
            f[24].push_str(one(rng, SELLER_NOTES));
        }
        let _ = write!(f[25], "{}", o.qty);
        f[26].push_str("106523981");
        f[27].push_str(SHOP);
        f[28].push_str(if status == "交易关闭" {
            "买家未付款，订单超时关闭"
        } else {
            "订单未关闭"
        });
        f[29].push_str("0元");
        f[30].push_str("0元");
        f[32].push_str(if rng.random::<f64>() < 0.85 { "手机订单" } else { "" });
        f[33].push('0');
        for (k, x) in f.iter().enumerate() {
            if k > 0 {
                s.push(',');
            }
            s.push('"');
            for c in x.chars() {
                if c == '"' {
                    s.push('"');
                }
                s.push(c);
            }
            s.push('"');
        }
        s.push_str("\r\n");
    }
    let (bytes, _, _) = encoding_rs::GB18030.encode(&s);
    bytes.into_owned()
}

fn write_ratings(days: &Days, t: &Tables, ratings: &mut [RatingRec]) -> Vec<u8> {
    ratings.sort_by_key(|r| r.ts);
    let mut out = Vec::with_capacity(ratings.len() * 80 + 64);
    out.extend_from_slice(b"\xEF\xBB\xBF");
    out.extend_from_slice("评价时间,客服子账号,顾客名称,评价结果\n".as_bytes());
    let mut nick = String::new();
    for r in ratings.iter() {
        days.push_ts(&mut out, r.ts);
        out.push(b',');
        out.extend_from_slice(t.nicks[r.agent as usize].as_bytes());
        out.push(b',');
        buyer_nick(&mut nick, r.buyer);
        push_field(&mut out, &nick);
        out.push(b',');
        out.extend_from_slice(RATING_TEXT[r.value as usize].as_bytes());
        out.push(b'\n');
    }
    out
}

/// A handful of chats on the day before the range, in the two text shapes.
fn samples(p: &DemoParams) -> (Vec<u8>, Vec<u8>, u64) {
    let start = start_of(p);
    let days = Days::new(start, p.days.max(1) as i64);
    let t = Tables::new();
    let mut rng = Pcg64Mcg::seed_from_u64(p.seed ^ 0x5EED_5A3F_1E00_0003);
    let opts = ChatOpts { allow_transfer: false };
    let mut msgs = Vec::new();
    let (mut jinge, mut qianniu) = (Vec::new(), Vec::new());
    let mut nick = String::new();
    let roles = [0, 0, 1, 0, 1, 0];
    for (i, &r) in roles.iter().enumerate() {
        let role = if r == 0 { crate::settings::Role::Presales } else { crate::settings::Role::Aftersales };
        let chat = gen_chat(&mut rng, &t, &days, -1, 90_000_000 + i as u32, role, &opts, &mut msgs);
        buyer_nick(&mut nick, chat.buyer);
        for out in [&mut jinge, &mut qianniu] {
            let _ = writeln!(ByteW(out), "----- 与 {nick} 的聊天记录 -----");
        }
        for m in &msgs {
            let who = if m.snd == Snd::Buyer { nick.as_str() } else { t.nicks[m.agent as usize].as_str() };
            jinge.extend_from_slice(who.as_bytes());
            jinge.push(b'(');
            days.push_ts(&mut jinge, m.ts);
            jinge.extend_from_slice(b"):");
            jinge.extend_from_slice(m.text.as_bytes());
            jinge.push(b'\n');
            qianniu.extend_from_slice(who.as_bytes());
            qianniu.push(b' ');
            days.push_ts_qianniu(&mut qianniu, m.ts);
            qianniu.push(b'\n');
            qianniu.extend_from_slice(m.text.as_bytes());
            qianniu.push(b'\n');
        }
    }
    (jinge, qianniu, roles.len() as u64)
}
