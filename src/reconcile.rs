//! 对账 (issue 15 item 2): our figures beside the official 生意参谋 客服
//! sheets, cell by cell, with the usual causes of a difference that the
//! data can show.
//!
//! The official sheets are reference inputs, never metrics: each is read
//! as exported (one workbook per day, row 0 the header, row 1 the shop's
//! day and then summary or peer rows; `-` for empty; `%`, thousands
//! separators and `秒`), their columns mapped to spec keys, and compared
//! with a report of ours by day (and by agent and day for the per-agent
//! sheets). Layouts: `../shared/realdata/PROVENANCE.md`, "Formats seen" 2
//! (the shop-level 咨询接待, 业绩询单, 客单价客服 and 接待评价 sheets, the
//! last with two header rows) and 3 (the per-agent 客服数据汇总 export).
//!
//! Pure: the caller gives the rows of the sheets (`crate::import::grid`)
//! and a function answering report queries, so the CLI (a partitioned
//! engine) and the worker's session (one engine) share it.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::engine::{Dim, Filter, Query, Report, Unit};
use crate::model::{day_string, parse_day};

/// Which official sheet a table is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SheetKind {
    /// 咨询接待 (shop, per day).
    Consult,
    /// 业绩询单 (shop, per day).
    Inquiry,
    /// 客单价客服 (shop, per day).
    AvgPrice,
    /// 接待评价 (shop, per day; two header rows, the 总 block first).
    Evaluation,
    /// 客服数据汇总 (per agent, per day).
    AgentSummary,
}

impl SheetKind {
    /// The sheet's name as 生意参谋 shows it (zh) and in English.
    pub fn label(self, zh: bool) -> &'static str {
        match (self, zh) {
            (SheetKind::Consult, true) => "咨询接待",
            (SheetKind::Consult, false) => "Consultations (咨询接待)",
            (SheetKind::Inquiry, true) => "业绩询单",
            (SheetKind::Inquiry, false) => "Inquiries (业绩询单)",
            (SheetKind::AvgPrice, true) => "客单价客服",
            (SheetKind::AvgPrice, false) => "Order value (客单价客服)",
            (SheetKind::Evaluation, true) => "接待评价",
            (SheetKind::Evaluation, false) => "Ratings (接待评价)",
            (SheetKind::AgentSummary, true) => "客服数据汇总",
            (SheetKind::AgentSummary, false) => "Per-agent summary (客服数据汇总)",
        }
    }
}

/// Column name → spec key, per sheet (PROVENANCE "Formats seen" 2, 3).
/// Columns without a spec key (咨询客服人次, 当日付款金额, 销售量, 件均价…)
/// are not compared.
fn columns(kind: SheetKind) -> &'static [(&'static str, &'static str)] {
    match kind {
        SheetKind::Consult => &[
            ("咨询人数", "consult_buyers"),
            ("接待人数", "reception_buyers"),
            ("未回复人数", "unreplied_buyers"),
            ("有效接待人数", "effective_reception_buyers"),
            ("平均响应时长", "avg_response_secs"),
            ("3分钟人工响应率", "response_rate_3min"),
            ("旺旺回复率", "reply_rate"),
            ("首次响应时长", "first_response_secs"),
            ("慢响应人数", "slow_response_buyers"),
            ("长接待人数", "long_reception_buyers"),
            ("买家发起人数", "buyer_initiated_buyers"),
            ("客服主动跟进人数", "agent_followup_buyers"),
            ("总消息数", "total_messages"),
            ("买家消息条数", "buyer_messages"),
            ("客服消息条数", "agent_messages"),
            ("答问比", "answer_ratio"),
            ("客服字数", "agent_chars"),
            ("平均接待时长", "avg_reception_secs"),
        ],
        SheetKind::Inquiry => &[
            ("询单人数", "inquiry_buyers"),
            ("当日付款人数", "paid_buyers_same_day"),
            ("最终付款人数", "paid_buyers_final"),
            ("最终付款金额", "sales_amount"),
            ("询单当日付款转化率", "inquiry_conversion_same_day"),
            ("询单最终付款转化率", "inquiry_conversion_final"),
        ],
        SheetKind::AvgPrice => &[("销售额", "sales_amount"), ("客单价", "avg_order_value")],
        SheetKind::Evaluation => &[
            ("接待人数", "reception_buyers"),
            ("收到", "ratings"),
            ("很满意", "very_satisfied"),
            ("满意", "satisfied"),
            ("一般", "neutral"),
            ("不满", "dissatisfied"),
            ("很不满", "very_dissatisfied"),
            ("满意率", "satisfaction_rate"),
        ],
        SheetKind::AgentSummary => &[
            ("接待人数", "reception_buyers"),
            ("平均响应(秒)", "avg_response_secs"),
            ("回复率", "reply_rate"),
            ("询单->最终付款成功率", "inquiry_conversion_final"),
            ("客户满意比", "satisfaction_rate"),
            ("很满意", "very_satisfied"),
            ("满意", "satisfied"),
            ("一般", "neutral"),
            ("不满意", "dissatisfied"),
            ("很不满意", "very_dissatisfied"),
        ],
    }
}

/// One day (and agent) of an official sheet: spec key → value (None: `-`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OfficialRow {
    pub day: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agent: Option<String>,
    pub values: BTreeMap<&'static str, Option<f64>>,
    /// 1-based row of the sheet.
    pub line: u32,
}

/// What was read from one official file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OfficialFile {
    pub name: String,
    /// None: not an official 客服 sheet.
    pub kind: Option<SheetKind>,
    pub rows: Vec<OfficialRow>,
    /// The first problems, with their rows (a day that is not a date, a
    /// value that is not a number).
    pub problems: Vec<String>,
}

/// At most this many problems are listed per file.
const MAX_PROBLEMS: usize = 10;

fn norm(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The sheet a table is, and the row holding its field names.
fn detect(rows: &[Vec<String>]) -> Option<(SheetKind, usize)> {
    let has = |r: usize, names: &[&str]| {
        rows.get(r).is_some_and(|row| names.iter().all(|n| row.iter().any(|c| norm(c) == *n)))
    };
    if has(0, &["日期", "旺旺", "接待人数"]) {
        return Some((SheetKind::AgentSummary, 0));
    }
    if has(0, &["日期", "咨询人数", "3分钟人工响应率"]) {
        return Some((SheetKind::Consult, 0));
    }
    if has(0, &["日期", "询单人数", "询单最终付款转化率"]) {
        return Some((SheetKind::Inquiry, 0));
    }
    if has(0, &["日期", "销售额", "客单价"]) {
        return Some((SheetKind::AvgPrice, 0));
    }
    if has(1, &["日期", "很满意", "满意率"]) {
        return Some((SheetKind::Evaluation, 1));
    }
    None
}

/// A value as exported: `-` or empty → None; `93.6%` → 0.936; `1,234` →
/// 1234; `25.3秒`, `¥12.00`; `00:01:23` → 83 seconds.
pub fn parse_value(s: &str) -> Result<Option<f64>, String> {
    let t = s.trim();
    if t.is_empty() || t == "-" || t == "--" {
        return Ok(None);
    }
    if let Some(p) = t.strip_suffix('%') {
        let x: f64 = p.replace(',', "").trim().parse().map_err(|_| format!("not a percentage: {t:?}"))?;
        return Ok(Some(x / 100.0));
    }
    if t.matches(':').count() == 2 {
        let parts: Vec<&str> = t.split(':').collect();
        let n: Result<Vec<f64>, _> = parts.iter().map(|p| p.trim().parse::<f64>()).collect();
        if let Ok(n) = n {
            return Ok(Some(n[0] * 3600.0 + n[1] * 60.0 + n[2]));
        }
    }
    let cleaned: String = t.chars().filter(|c| !matches!(c, ',' | '¥' | '￥' | '秒' | 's' | '元')).collect();
    cleaned.trim().parse::<f64>().map(Some).map_err(|_| format!("not a number: {t:?}"))
}

/// A day as the sheets write it (`2024-06-01`, `20240601`, `2024/6/1`).
fn parse_sheet_day(s: &str) -> Option<String> {
    let t = s.trim();
    if let Some(d) = parse_day(t) {
        return Some(day_string(d));
    }
    let digits: String = t.chars().filter(|c| c.is_ascii_digit()).collect();
    if digits.len() == 8 && !t.contains('/') {
        let d = format!("{}-{}-{}", &digits[..4], &digits[4..6], &digits[6..]);
        return parse_day(&d).map(day_string);
    }
    let parts: Vec<&str> = t.split(['/', '-', '.']).collect();
    if parts.len() == 3 {
        let (y, m, d) = (parts[0].trim().parse::<u32>().ok()?, parts[1].trim().parse::<u32>().ok()?, parts[2].trim());
        let d: u32 = d.split_whitespace().next()?.parse().ok()?;
        return parse_day(&format!("{y:04}-{m:02}-{d:02}")).map(day_string);
    }
    None
}

/// The day in a file name like `天猫_20240601_店_生意参谋_咨询接待.xlsx`.
fn day_in_name(name: &str) -> Option<String> {
    name.split(['_', '.', ' ', '-'])
        .find(|p| p.len() == 8 && p.bytes().all(|b| b.is_ascii_digit()))
        .and_then(parse_sheet_day)
}

/// Read one official file from its sheets' rows (`crate::import::grid`).
/// Shop-level sheets: the first row of each day is the shop's (later rows
/// of the same day are summaries or peers); a row without a date takes the
/// day in the file name.
pub fn read_official(name: &str, sheets: &crate::import::Grid) -> OfficialFile {
    let mut out = OfficialFile { name: name.to_string(), kind: None, rows: Vec::new(), problems: Vec::new() };
    let Some((rows, kind, header)) = sheets.iter().find_map(|(_, rows)| detect(rows).map(|(k, h)| (rows, k, h))) else {
        return out;
    };
    out.kind = Some(kind);
    let head: Vec<String> = rows[header].iter().map(|c| norm(c)).collect();
    // The first column of each name: 接待评价's 总 block comes before 邀请
    // and 自主.
    let col = |n: &str| head.iter().position(|h| h == n);
    let day_col = col("日期");
    let agent_col = col("旺旺");
    let wanted: Vec<(&'static str, usize)> =
        columns(kind).iter().filter_map(|(n, key)| col(n).map(|i| (*key, i))).collect();
    let file_day = day_in_name(name);
    let mut seen: BTreeSet<(String, Option<String>)> = BTreeSet::new();
    let problem = |out: &mut OfficialFile, p: String| {
        if out.problems.len() < MAX_PROBLEMS {
            out.problems.push(p);
        }
    };
    for (i, row) in rows.iter().enumerate().skip(header + 1) {
        let line = i as u32 + 1;
        let cell = |c: Option<usize>| c.and_then(|c| row.get(c)).map(|s| s.trim()).unwrap_or("");
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let raw_day = cell(day_col);
        let day = match parse_sheet_day(raw_day) {
            Some(d) => d,
            // A summary row (合计, 同行均值…) or a weekly range: not a day.
            None if agent_col.is_none() && !raw_day.is_empty() => continue,
            None if raw_day.is_empty() => match &file_day {
                Some(d) => d.clone(),
                None => {
                    problem(&mut out, format!("row {line}: no date"));
                    continue;
                }
            },
            None => {
                problem(&mut out, format!("row {line}: not a date: {raw_day:?}"));
                continue;
            }
        };
        let agent = agent_col.map(|_| cell(agent_col).to_string()).filter(|a| !a.is_empty());
        if agent_col.is_some() && agent.is_none() {
            continue;
        }
        if !seen.insert((day.clone(), agent.clone())) {
            continue;
        }
        let mut values = BTreeMap::new();
        for &(key, c) in &wanted {
            match parse_value(row.get(c).map(String::as_str).unwrap_or("")) {
                Ok(v) => {
                    values.insert(key, v);
                }
                Err(e) => problem(&mut out, format!("row {line}, {}: {e}", rows[header][c].trim())),
            }
        }
        out.rows.push(OfficialRow { day, agent, values, line });
    }
    out
}

/// One compared cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Compared {
    pub day: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent: Option<String>,
    pub metric: Cow<'static, str>,
    pub ours: Option<f64>,
    pub official: Option<f64>,
    pub differs: bool,
}

/// A cause of differences the data can show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    /// `missing_days`, `unknown_agents`, `agents_not_in_official`,
    /// `orders_outside`, `closing_filter_off`.
    pub code: Cow<'static, str>,
    pub message_zh: String,
    pub message_en: String,
    /// The days, agents… it names.
    pub items: Vec<String>,
}

/// The comparison: every compared cell, the causes found, the files read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reconciliation {
    pub rows: Vec<Compared>,
    pub explanations: Vec<Explanation>,
    pub files: Vec<OfficialFile>,
}

/// One official file as the app's 对账 view lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfficialInfo {
    pub name: String,
    pub kind: Option<SheetKind>,
    /// Rows compared (days, or agent × days).
    pub rows: usize,
    pub first_day: Option<String>,
    pub last_day: Option<String>,
    pub problems: Vec<String>,
}

impl OfficialInfo {
    pub fn of(f: &OfficialFile) -> Self {
        let days = f.rows.iter().map(|r| r.day.as_str());
        OfficialInfo {
            name: f.name.clone(),
            kind: f.kind,
            rows: f.rows.len(),
            first_day: days.clone().min().map(str::to_string),
            last_day: days.max().map(str::to_string),
            problems: f.problems.clone(),
        }
    }
}

/// The comparison as it travels to the app: the rows and explanations,
/// and what each file held (not its cells).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReconcileAnswer {
    pub rows: Vec<Compared>,
    pub explanations: Vec<Explanation>,
    pub files: Vec<OfficialInfo>,
}

impl From<Reconciliation> for ReconcileAnswer {
    fn from(r: Reconciliation) -> Self {
        ReconcileAnswer {
            files: r.files.iter().map(OfficialInfo::of).collect(),
            rows: r.rows,
            explanations: r.explanations,
        }
    }
}

/// What the comparison needs besides the sheets.
pub struct Ours<'a> {
    /// Answers a report query (one engine, or the parts merged).
    pub report: &'a dyn Fn(&Query) -> Report,
    /// The days of the loaded orders' creation times (counted orders).
    pub order_days: Vec<i32>,
    /// Whether 非买家有效消息 (closing words) are filtered (spec §1.1).
    pub closing_word_filter: bool,
}

/// How far apart two values may be and still agree: the official sheets
/// round (rates to 0.01%, times to 0.1 s, money to 0.01 yuan).
fn tolerance(key: &str) -> f64 {
    match crate::present::unit(key) {
        Some(Unit::Count) | None => 0.0,
        Some(Unit::Rate) => 0.000_051,
        Some(Unit::Secs) => 0.051,
        Some(Unit::Yuan) => 0.005_1,
        Some(Unit::Ratio) => 0.005_1,
    }
}

fn differs(key: &str, ours: Option<f64>, official: Option<f64>, rel: f64) -> bool {
    match (ours, official) {
        (None, None) => false,
        // An empty official cell against our 0 (no one to count) agrees.
        (Some(x), None) | (None, Some(x)) => x != 0.0,
        (Some(a), Some(b)) => {
            let d = (a - b).abs();
            d > tolerance(key) + 1e-9 && d > rel * b.abs()
        }
    }
}

/// Compare the official files with ours. `rel`: a relative tolerance on
/// top of the rounding one (0: only rounding).
pub fn reconcile(files: Vec<OfficialFile>, ours: &Ours, rel: f64) -> Reconciliation {
    let by_day = (ours.report)(&Query { by: vec![Dim::Day], filter: Filter::default(), rules: Vec::new() });
    let our_days: BTreeMap<String, crate::engine::Metrics> =
        by_day.rows.into_iter().filter_map(|r| Some((r.key.get("day")?.clone(), r.metrics))).collect();
    let has_agents = files.iter().any(|f| f.kind == Some(SheetKind::AgentSummary));
    let by_agent: BTreeMap<(String, String), crate::engine::Metrics> = if has_agents {
        (ours.report)(&Query { by: vec![Dim::Agent, Dim::Day], filter: Filter::default(), rules: Vec::new() })
            .rows
            .into_iter()
            .filter_map(|r| Some(((r.key.get("agent")?.clone(), r.key.get("day")?.clone()), r.metrics)))
            .collect()
    } else {
        BTreeMap::new()
    };
    let our_agents: BTreeSet<String> = by_agent.keys().map(|(a, _)| a.clone()).collect();
    // An official 旺旺 without the shop prefix matches our `shop:name`.
    let match_agent = |a: &str| -> Option<String> {
        if our_agents.contains(a) {
            return Some(a.to_string());
        }
        let mut hits = our_agents.iter().filter(|o| o.rsplit_once(':').is_some_and(|(_, n)| n == a));
        let first = hits.next()?;
        hits.next().is_none().then(|| first.clone())
    };
    let mut rows = Vec::new();
    let mut official_days = BTreeSet::new();
    let mut unknown_agents = BTreeSet::new();
    let mut official_agents = BTreeSet::new();
    for f in &files {
        for r in &f.rows {
            official_days.insert(r.day.clone());
            let m = match &r.agent {
                None => our_days.get(&r.day),
                Some(a) => match match_agent(a) {
                    Some(ours) => {
                        official_agents.insert(ours.clone());
                        by_agent.get(&(ours, r.day.clone()))
                    }
                    None => {
                        unknown_agents.insert(a.clone());
                        None
                    }
                },
            };
            for (&key, &official) in &r.values {
                let ours_v = match m {
                    Some(m) => m.get(key),
                    None => None,
                };
                // A day or agent we have no record of: every count is 0.
                let ours_v =
                    ours_v.or_else(|| (m.is_none() && crate::present::unit(key) == Some(Unit::Count)).then_some(0.0));
                rows.push(Compared {
                    day: r.day.clone(),
                    agent: r.agent.clone(),
                    metric: Cow::Borrowed(key),
                    ours: ours_v,
                    official,
                    differs: differs(key, ours_v, official, rel),
                });
            }
        }
    }
    rows.sort_by(|a, b| (&a.day, &a.agent).cmp(&(&b.day, &b.agent)));
    let mut explanations = Vec::new();
    // Days with messages (a day of ratings alone has rows too).
    let chat_days: BTreeSet<&String> = our_days.iter().filter(|(_, m)| m.total_messages > 0).map(|(d, _)| d).collect();
    let missing: Vec<String> = official_days.iter().filter(|d| !chat_days.contains(d)).cloned().collect();
    if !missing.is_empty() {
        explanations.push(Explanation {
            code: Cow::Borrowed("missing_days"),
            message_zh: format!(
                "聊天记录里没有这 {} 天：{}。请从千牛补导出这些天的聊天记录再对账。",
                missing.len(),
                missing.join("、")
            ),
            message_en: format!(
                "the chat export has no messages on {} day(s): {}. Export those days' chats from Qianniu and compare again.",
                missing.len(),
                missing.join(", ")
            ),
            items: missing,
        });
    }
    if !unknown_agents.is_empty() {
        let items: Vec<String> = unknown_agents.into_iter().collect();
        explanations.push(Explanation {
            code: Cow::Borrowed("unknown_agents"),
            message_zh: format!(
                "官方表格里有 {} 个子账号在聊天记录里没有：{}。可能漏导出了这些子账号的聊天记录。",
                items.len(),
                items.join("、")
            ),
            message_en: format!(
                "{} sub-account(s) in the official sheet have no chats here: {}. Their chats may not have been exported.",
                items.len(),
                items.join(", ")
            ),
            items,
        });
    }
    if has_agents {
        let items: Vec<String> = our_agents.difference(&official_agents).cloned().collect();
        if !items.is_empty() {
            explanations.push(Explanation {
                code: Cow::Borrowed("agents_not_in_official"),
                message_zh: format!(
                    "聊天记录里有 {} 个账号不在官方表格里：{}（主账号、已删除或改名的子账号？）。",
                    items.len(),
                    items.join("、")
                ),
                message_en: format!(
                    "{} account(s) in the chats are not in the official sheet: {} (the main account, or a deleted or renamed sub-account?).",
                    items.len(),
                    items.join(", ")
                ),
                items,
            });
        }
    }
    if let (Some(first), Some(last)) = (chat_days.first(), chat_days.last()) {
        let (a, b) = (parse_day(first).unwrap_or(i32::MIN), parse_day(last).unwrap_or(i32::MAX));
        let outside = ours.order_days.iter().filter(|d| **d < a || **d > b).count();
        if outside > 0 {
            explanations.push(Explanation {
                code: Cow::Borrowed("orders_outside"),
                message_zh: format!(
                    "有 {outside} 个订单的下单日期在聊天记录的日期范围（{first} ~ {last}）之外，不会算进任何一天的询单转化；导出同一时间段的订单和聊天记录。"
                ),
                message_en: format!(
                    "{outside} order(s) were created outside the chats' dates ({first} ~ {last}) and count towards no day's conversion; export orders and chats for the same period."
                ),
                items: Vec::new(),
            });
        }
    }
    let message_keys = ["consult_buyers", "buyer_messages", "unreplied_buyers"];
    if !ours.closing_word_filter && rows.iter().any(|r| r.differs && message_keys.contains(&r.metric.as_ref())) {
        explanations.push(Explanation {
            code: Cow::Borrowed("closing_filter_off"),
            message_zh: "“过滤非买家有效消息”已关闭：“好的”“谢谢”等结束语也算作买家消息，生意参谋不算。在设置里打开它再对账。".into(),
            message_en: "the closing-word filter is off: 好的, 谢谢 and other closing words count as buyer messages here but not in 生意参谋. Turn it on in the settings and compare again.".into(),
            items: Vec::new(),
        });
    }
    Reconciliation { rows, explanations, files }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_as_exported() {
        assert_eq!(parse_value("-"), Ok(None));
        assert_eq!(parse_value(""), Ok(None));
        let pct = parse_value("93.60%").unwrap().unwrap();
        assert!((pct - 0.936).abs() < 1e-12, "{pct}");
        assert_eq!(parse_value("1,234"), Ok(Some(1234.0)));
        assert_eq!(parse_value("25.3秒"), Ok(Some(25.3)));
        assert_eq!(parse_value("¥1,200.50"), Ok(Some(1200.5)));
        assert_eq!(parse_value("00:01:23"), Ok(Some(83.0)));
        assert!(parse_value("很多").is_err());
    }

    #[test]
    fn days_as_written() {
        assert_eq!(parse_sheet_day("2024-06-01").as_deref(), Some("2024-06-01"));
        assert_eq!(parse_sheet_day("20240601").as_deref(), Some("2024-06-01"));
        assert_eq!(parse_sheet_day("2024/6/1").as_deref(), Some("2024-06-01"));
        assert_eq!(parse_sheet_day("合计"), None);
        assert_eq!(day_in_name("天猫_20240601_透镜旗舰店_生意参谋_咨询接待.xlsx").as_deref(), Some("2024-06-01"));
    }

    fn grid(rows: &[&[&str]]) -> crate::import::Grid {
        vec![("Sheet1".into(), rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect())]
    }

    #[test]
    fn the_shop_row_of_each_day_and_the_total_block_of_ratings() {
        let f = read_official(
            "天猫_20240601_店_生意参谋_咨询接待.xlsx",
            &grid(&[
                &["日期", "咨询人数", "接待人数", "3分钟人工响应率", "平均响应时长"],
                &["2024-06-01", "1,200", "1,100", "95.50%", "12.3"],
                // a peer row of the same day, and a summary row
                &["2024-06-01", "900", "800", "90.00%", "20"],
                &["同行均值", "900", "800", "90.00%", "20"],
            ]),
        );
        assert_eq!(f.kind, Some(SheetKind::Consult));
        assert_eq!(f.rows.len(), 1);
        let v = &f.rows[0].values;
        assert_eq!((v["consult_buyers"], v["reception_buyers"]), (Some(1200.0), Some(1100.0)));
        assert!((v["response_rate_3min"].unwrap() - 0.955).abs() < 1e-12);
        assert_eq!(v["avg_response_secs"], Some(12.3));
        let e = read_official(
            "接待评价.xlsx",
            &grid(&[
                &["", "", "总", "", "", "", "", "", "", "", "", "", "", "", "邀请", "", "", "", ""],
                &[
                    "日期",
                    "接待人数",
                    "发出",
                    "收到",
                    "很满意",
                    "满意",
                    "一般",
                    "不满",
                    "很不满",
                    "发送率",
                    "返回率",
                    "满意率",
                    "服务度",
                    "发出",
                    "收到",
                    "很满意",
                    "满意",
                    "一般",
                    "满意率",
                ],
                &[
                    "20240601", "100", "80", "40", "30", "8", "1", "1", "0", "80%", "50%", "95.00%", "-", "9", "9",
                    "9", "0", "0", "100%",
                ],
            ]),
        );
        assert_eq!(e.kind, Some(SheetKind::Evaluation));
        let v = &e.rows[0].values;
        // the 总 block's, not 邀请's
        assert_eq!((v["ratings"], v["very_satisfied"], v["satisfied"]), (Some(40.0), Some(30.0), Some(8.0)));
        assert_eq!(v["satisfaction_rate"], Some(0.95));
        assert_eq!(e.rows[0].day, "2024-06-01");
    }

    #[test]
    fn rounding_is_not_a_difference() {
        assert!(!differs("response_rate_3min", Some(0.93456), Some(0.9346), 0.0));
        assert!(differs("response_rate_3min", Some(0.9345), Some(0.9347), 0.0));
        assert!(!differs("avg_response_secs", Some(12.34), Some(12.3), 0.0));
        assert!(differs("consult_buyers", Some(100.0), Some(101.0), 0.0));
        assert!(!differs("consult_buyers", Some(100.0), Some(101.0), 0.02));
        assert!(!differs("unreplied_buyers", Some(0.0), None, 0.0));
    }
}
