//! 分享报告 (issue 15 item 3): the current view's period and scope as ONE
//! self-contained HTML file — overview cards, the agent table, charts as
//! inline SVG, the KPI ranking, the QA summary and the period's strongest
//! quality alerts — that opens offline and prints to a clean A4 page
//! (`@media print`; the browser's print → PDF makes the PDF).
//!
//! Self-contained means: CSS inline, charts inline SVG drawn here, no URL
//! of any kind, no script needed to read it (the one inline `onclick` of
//! the print button is a convenience). Every number carries
//! `data-metric="<spec key>"` and its raw `data-value`, as in the app.
//!
//! The charts are drawn by hand, not with plotters: on wasm32 plotters
//! measures text through `window().document()`, which a Web Worker does
//! not have, and natively it measures with another font model, so the
//! CLI's file and the worker's would differ. Simple SVG drawn here is the
//! same bytes everywhere.
//!
//! The data comes through [`ShareSource`], which both the one [`Engine`]
//! (the session) and the [`PartitionedEngine`] (the CLI's `--parts`)
//! answer with their own merged calls, so both give the same file.

use serde::{Deserialize, Serialize};

use crate::engine::alerts::Alert;
use crate::engine::kpi::{AgentActuals, KpiReport};
use crate::engine::{Dim, Filter, Metrics, Query, Row};
use crate::model::Dataset;
use crate::partition::PartitionedEngine;
use crate::present;
use crate::redact::Redactor;
use crate::settings::{AlertRules, Settings};
use crate::Engine;

// The UI's strings (metric names, column words), so the report names a
// metric exactly as the app does in both languages.
// (`cargo test` also compiles it inside the UI's pure helpers, `ui_pure`.)
#[allow(clippy::duplicate_mod)]
#[path = "ui/pure/i18n/strings.rs"]
mod strings;

/// At most this many alerts are listed (strongest first).
pub const MAX_ALERTS: usize = 20;

/// One agent's line of the QA (质检) summary, filled by whoever holds the
/// QA results (`src/qa.rs`, connected by the caller).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct QaRow {
    /// The agent's nick (redacted to its configured name like any nick).
    pub agent: String,
    /// Conversations drawn for checking.
    pub sampled: u64,
    /// Of those, the ones scored.
    pub scored: u64,
    /// Mean score as a fraction 0–1 of the full marks; None: none scored.
    pub average: Option<f64>,
    /// The rubric items lost most often, worst first, as the QA names them.
    #[serde(default)]
    pub worst_items: Vec<String>,
}

/// Worst items named per agent in the report's QA section.
const QA_WORST: usize = 3;

/// The QA section's rows from the summary the QA view shows (its average
/// in percent becomes a fraction; the worst items are named as their
/// template labels them).
pub fn qa_rows(summary: &crate::qa::QaSummary, settings: &Settings, zh: bool) -> Vec<QaRow> {
    summary
        .agents
        .iter()
        .map(|a| QaRow {
            agent: a.agent.clone(),
            sampled: a.sampled,
            scored: a.scored,
            average: a.average.map(|p| p / 100.0),
            worst_items: a
                .items
                .iter()
                .take(QA_WORST)
                .map(|i| {
                    let item = settings.qa.template(&i.template).and_then(|t| t.item(&i.item));
                    item.map_or_else(|| i.item.clone(), |it| if zh { it.label_zh.clone() } else { it.label_en.clone() })
                })
                .collect(),
        })
        .collect()
}

/// What the caller decides about a report (the protocol's
/// `QueryKind::ShareReport` carries it as is).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct ShareRequest {
    pub filter: Filter,
    /// Report words in Chinese (else English).
    #[serde(default = "yes")]
    pub zh: bool,
    /// Replace buyer nicks, phones, addresses and order numbers, and agent
    /// nicks by their configured names (`crate::redact`).
    #[serde(default)]
    pub redact: bool,
    /// The report's title; empty: 客服绩效报告 / Customer-service report.
    #[serde(default)]
    pub title: String,
    /// The shop named at the top (the caller's words).
    #[serde(default)]
    pub shop: String,
    /// When it was made, as the caller writes it (the library reads no
    /// clock).
    #[serde(default)]
    pub generated: String,
    /// Manager-entered KPI scores for `manual:*` items: agent → item → score.
    #[serde(default)]
    pub manual: std::collections::BTreeMap<String, std::collections::BTreeMap<String, f64>>,
    #[serde(default)]
    pub qa: Vec<QaRow>,
    /// The user's QA score book, for KPI items that take the QA average
    /// (`qa:<template>`), as the KPI view scores them.
    #[serde(default)]
    pub qa_book: Option<crate::qa::ScoreBook>,
}

fn yes() -> bool {
    true
}

/// What the report needs from an engine: calls the one engine and the
/// partitioned engine both answer (the latter by merging its parts).
pub trait ShareSource {
    fn report(&self, q: &Query) -> crate::engine::Report;
    fn kpi_actuals(&self, filter: &Filter) -> Vec<AgentActuals>;
    fn alerts(&self, rules: &AlertRules, filter: &Filter) -> Vec<Alert>;
    /// Staff accounts, sorted by nick.
    fn agents(&self) -> Vec<String>;
}

impl ShareSource for (&Engine, &Dataset) {
    fn report(&self, q: &Query) -> crate::engine::Report {
        self.0.report(q)
    }
    fn kpi_actuals(&self, filter: &Filter) -> Vec<AgentActuals> {
        self.0.kpi_actuals(filter)
    }
    fn alerts(&self, rules: &AlertRules, filter: &Filter) -> Vec<Alert> {
        self.0.alerts(self.1, rules, filter)
    }
    fn agents(&self) -> Vec<String> {
        self.0.agents()
    }
}

impl ShareSource for PartitionedEngine {
    fn report(&self, q: &Query) -> crate::engine::Report {
        PartitionedEngine::report(self, q)
    }
    fn kpi_actuals(&self, filter: &Filter) -> Vec<AgentActuals> {
        PartitionedEngine::kpi_actuals(self, filter)
    }
    fn alerts(&self, rules: &AlertRules, filter: &Filter) -> Vec<Alert> {
        PartitionedEngine::alerts(self, rules, filter)
    }
    fn agents(&self) -> Vec<String> {
        PartitionedEngine::agents(self)
    }
}

/// The numbers of a report, before any word is chosen.
#[derive(Debug, Clone, Default)]
pub struct ShareData {
    pub totals: Metrics,
    pub days: Vec<Row>,
    pub agents: Vec<Row>,
    pub kpi: KpiReport,
    pub alerts: Vec<Alert>,
}

/// Ask `src` for everything the report shows.
pub fn gather(src: &impl ShareSource, settings: &Settings, req: &ShareRequest) -> ShareData {
    let q = |by: Vec<Dim>| Query { by, filter: req.filter.clone(), rules: vec![] };
    let totals = src.report(&q(vec![])).rows.into_iter().next().map(|r| r.metrics).unwrap_or_default();
    let days = src.report(&q(vec![Dim::Day])).rows;
    let agents = src.report(&q(vec![Dim::Agent])).rows;
    let kpi = match crate::session::kpi_answer(
        settings,
        src.kpi_actuals(&req.filter),
        &req.manual,
        req.filter.role,
        req.qa_book.as_ref(),
        &req.filter,
    ) {
        crate::protocol::Answer::Kpi { report } => report,
        _ => unreachable!("kpi_answer answers a KPI report"),
    };
    let mut alerts = src.alerts(&settings.alert_rules(), &req.filter);
    // Strongest first, then in time order (a stable sort keeps the engine's).
    alerts.sort_by_key(|a| std::cmp::Reverse(a.level.severity()));
    alerts.truncate(MAX_ALERTS);
    ShareData { totals, days, agents, kpi, alerts }
}

/// The report as one HTML string: gathered from `src`, redacted with the
/// pseudonyms of `ds` when the request says so.
pub fn build(src: &impl ShareSource, ds: &Dataset, settings: &Settings, req: &ShareRequest) -> String {
    let data = gather(src, settings, req);
    let redactor = req.redact.then(|| Redactor::new(ds, settings, &src.agents(), req.zh));
    // Without QA rows given, the book's summary over the period (the app
    // sends its book; the QA view shows the same summary).
    match &req.qa_book {
        Some(book) if req.qa.is_empty() => {
            let summary = crate::qa::summary::summarize(book, &[], &req.filter, settings);
            let req = ShareRequest { qa: qa_rows(&summary, settings, req.zh), ..req.clone() };
            render(&data, &req, redactor.as_ref())
        }
        _ => render(&data, req, redactor.as_ref()),
    }
}

/// A UI string (metric names and column words) in the report's language.
fn tr(key: &str, zh: bool) -> String {
    strings::STRINGS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, z, e)| if zh { *z } else { *e })
        .unwrap_or(key)
        .trim()
        .to_string()
}

/// The report's own words (not the UI's).
fn w(zh: bool, z: &'static str, e: &'static str) -> &'static str {
    if zh {
        z
    } else {
        e
    }
}

/// Text for HTML content and attribute values. A link quoted in a
/// message (an item's page) loses its scheme and `//`, so the file holds
/// no address at all, not even as text.
fn esc(s: &str) -> String {
    let s = if s.contains("//") {
        s.replace("https://", "").replace("http://", "").replace("//", "/")
    } else {
        s.to_string()
    };
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            _ => o.push(c),
        }
    }
    o
}

/// The overview cards: what the app's overview shows.
pub const OVERVIEW_CARDS: [&str; 8] = present::CARD_METRICS;

const CSS: &str = "
*{box-sizing:border-box}
body{font-family:-apple-system,'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif;color:#1f2933;margin:24px;font-size:13px}
h1{font-size:20px;margin:0 0 4px}h2{font-size:15px;margin:20px 0 8px;border-bottom:1px solid #d9e2ec;padding-bottom:4px}
.meta{color:#52606d;margin:2px 0}.note{color:#7b8794;font-size:11px}
.cards{display:flex;flex-wrap:wrap;gap:8px}.card{border:1px solid #d9e2ec;border-radius:6px;padding:8px 12px;min-width:150px}
.card span{display:block;color:#52606d;font-size:11px}.card b{font-size:18px}
table{border-collapse:collapse;width:100%;font-size:11px}th,td{border:1px solid #d9e2ec;padding:3px 5px;text-align:left;vertical-align:top}
th{background:#f0f4f8}td.num,td:first-child{white-space:nowrap}td.num{text-align:right}
.charts{display:flex;flex-wrap:wrap;gap:12px}svg{border:1px solid #d9e2ec;border-radius:6px;background:#fff}
.red{color:#c81e1e}.yellow{color:#b7791f}
button.print{float:right;padding:4px 10px}
@page{size:A4 landscape;margin:12mm}
@media print{body{margin:0;font-size:10px}button.print{display:none}h2{break-after:avoid}tr,.card,svg{break-inside:avoid}table{font-size:8px}}
";

/// The report as HTML from gathered numbers; labels redacted by
/// `redactor` when given.
pub fn render(data: &ShareData, req: &ShareRequest, redactor: Option<&Redactor>) -> String {
    let zh = req.zh;
    let nick = |s: &str| redactor.map_or_else(|| s.to_string(), |r| r.cell(s));
    let text = |s: &str| redactor.map_or_else(|| s.to_string(), |r| r.text(s));
    let title = if req.title.trim().is_empty() {
        w(zh, "客服绩效报告", "Customer-service report").to_string()
    } else {
        req.title.clone()
    };
    let mut h = String::new();
    h.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title><style>{CSS}</style></head><body>\n",
        if zh { "zh-CN" } else { "en" },
        esc(&title)
    ));
    h.push_str(&format!(
        "<button class=\"print\" onclick=\"window.print()\">{}</button>\n<h1>{}</h1>\n",
        w(zh, "打印 / 存为 PDF", "Print / save as PDF"),
        esc(&title)
    ));
    for line in header_lines(req) {
        h.push_str(&format!("<p class=\"meta\">{}</p>\n", esc(&line)));
    }
    if redactor.is_some() {
        h.push_str(&format!(
            "<p class=\"note\">{}</p>\n",
            w(
                zh,
                "已脱敏：买家昵称、订单号、电话、收货人与地址已替换为代号，客服以配置的姓名显示；数字不变。",
                "Redacted: buyer nicks, order numbers, phones, receivers and addresses are replaced by pseudonyms, agents shown by their configured names; the numbers are unchanged."
            )
        ));
    }

    // Overview cards.
    h.push_str(&format!("<h2>{}</h2>\n<div class=\"cards\">", w(zh, "概览", "Overview")));
    for k in OVERVIEW_CARDS {
        h.push_str(&format!(
            "<div class=\"card\"><span>{}</span><b data-metric=\"{k}\" data-value=\"{}\">{}</b></div>",
            esc(&tr(k, zh)),
            present::raw(k, data.totals.get(k)),
            esc(&present::cell_text(&present::metric_cell(&data.totals, k), zh))
        ));
    }
    h.push_str("</div>\n");

    // Charts.
    h.push_str(&format!("<h2>{}</h2>\n<div class=\"charts\">", w(zh, "图表", "Charts")));
    let day_labels: Vec<String> = data.days.iter().map(|r| r.key.get("day").cloned().unwrap_or_default()).collect();
    let series = |k: &str| data.days.iter().map(|r| r.metrics.get(k).unwrap_or(0.0)).collect::<Vec<f64>>();
    h.push_str(&line_chart(
        w(zh, "每日咨询与询单人数", "Consultations and inquiries by day"),
        &day_labels,
        &[(tr("consult_buyers", zh), series("consult_buyers")), (tr("inquiry_buyers", zh), series("inquiry_buyers"))],
        "consult_buyers",
    ));
    h.push_str(&line_chart(
        w(zh, "每日销售额", "Sales by day"),
        &day_labels,
        &[(tr("sales_amount", zh), series("sales_amount"))],
        "sales_amount",
    ));
    let conv: Vec<(String, Option<f64>)> = data
        .agents
        .iter()
        .map(|r| (nick(r.key.get("agent").map_or("", String::as_str)), r.metrics.get("inquiry_conversion_final")))
        .collect();
    h.push_str(&bar_chart(
        &format!("{} · {}", tr("inquiry_conversion_final", zh), tr("agent", zh)),
        &conv,
        "inquiry_conversion_final",
    ));
    h.push_str("</div>\n");

    // Agent table.
    let agent_heads: Vec<String> =
        std::iter::once("agent").chain(present::AGENT_COLUMNS.iter().copied()).map(|k| esc(&tr(k, zh))).collect();
    table_head(&mut h, w(zh, "客服明细", "Agents"), &agent_heads);
    for r in &data.agents {
        h.push_str(&format!("<tr><td>{}</td>", esc(&nick(r.key.get("agent").map_or("", String::as_str)))));
        for k in present::AGENT_COLUMNS {
            h.push_str(&number_cell(&r.metrics, k, zh));
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody></table>\n");

    // KPI ranking.
    let kpi_heads: Vec<String> = ["rank", "agent", "score", "tier"].iter().map(|k| esc(&tr(k, zh))).collect();
    table_head(&mut h, w(zh, "KPI 排名", "KPI ranking"), &kpi_heads);
    for r in &data.kpi.rows {
        let score = r.scores.last().copied();
        h.push_str(&format!(
            "<tr><td class=\"num\" data-metric=\"kpi_rank\" data-value=\"{0}\">{0}</td><td>{1}</td><td class=\"num\" data-metric=\"kpi_score\" data-value=\"{2}\">{3}</td><td>{4}</td></tr>\n",
            r.rank,
            esc(&nick(&r.agent)),
            score.map(|s| serde_json::to_string(&s).unwrap_or_default()).unwrap_or_default(),
            score.map_or("—".to_string(), |s| format!("{s:.1}")),
            esc(r.tier.as_deref().unwrap_or("—"))
        ));
    }
    h.push_str("</tbody></table>\n");

    // QA summary.
    let qa_heads = [
        esc(&tr("agent", zh)),
        w(zh, "抽检数", "Sampled").into(),
        w(zh, "已评分", "Scored").into(),
        w(zh, "平均得分率", "Average score").into(),
        w(zh, "失分最多的项目", "Items lost most").into(),
    ];
    table_head(&mut h, w(zh, "质检汇总", "QA summary"), &qa_heads);
    for q in &req.qa {
        h.push_str(&format!(
            "<tr><td>{}</td><td class=\"num\" data-metric=\"qa_sampled\" data-value=\"{}\">{}</td><td class=\"num\" data-metric=\"qa_scored\" data-value=\"{}\">{}</td><td class=\"num\" data-metric=\"qa_average\" data-value=\"{}\">{}</td><td>{}</td></tr>\n",
            esc(&nick(&q.agent)),
            q.sampled,
            crate::format::int(q.sampled),
            q.scored,
            crate::format::int(q.scored),
            q.average.map(|v| serde_json::to_string(&v).unwrap_or_default()).unwrap_or_default(),
            crate::format::pct(q.average),
            esc(&text(&q.worst_items.join(w(zh, "；", "; "))))
        ));
    }
    if req.qa.is_empty() {
        h.push_str(&format!(
            "<tr><td colspan=\"5\">{}</td></tr>\n",
            w(zh, "本期没有质检结果", "No QA results for this period")
        ));
    }
    h.push_str("</tbody></table>\n");

    // Alerts.
    let mut alert_heads: Vec<String> =
        ["level", "rule", "agent", "buyer", "time"].iter().map(|k| esc(&tr(k, zh))).collect();
    alert_heads.push(w(zh, "内容", "Excerpt").into());
    table_head(&mut h, w(zh, "质量预警（最严重的前 20 条）", "Quality alerts (the 20 strongest)"), &alert_heads);
    for a in &data.alerts {
        h.push_str(&format!(
            "<tr><td class=\"{0}\">{0}</td><td>{1}</td><td>{2}</td><td>{3}</td><td>{4}</td><td>{5}</td></tr>\n",
            a.level.as_str(),
            esc(&rule_label(a.rule, zh)),
            esc(&nick(&a.agent)),
            esc(&nick(&a.buyer)),
            esc(&a.time),
            esc(&text(&a.excerpt))
        ));
    }
    if data.alerts.is_empty() {
        h.push_str(&format!(
            "<tr><td colspan=\"6\">{}</td></tr>\n",
            w(zh, "本期没有预警", "No alerts for this period")
        ));
    }
    h.push_str("</tbody></table>\n</body></html>\n");
    h
}

/// A rule's name as the settings panel has it, without its unit.
/// A section's title and the head of its table (`heads` already escaped),
/// leaving the body open.
fn table_head(h: &mut String, title: &str, heads: &[String]) {
    h.push_str(&format!("<h2>{title}</h2>\n<table><thead><tr>"));
    for x in heads {
        h.push_str(&format!("<th>{x}</th>"));
    }
    h.push_str("</tr></thead><tbody>\n");
}

fn rule_label(rule: crate::engine::alerts::AlertRule, zh: bool) -> String {
    let key = match rule {
        crate::engine::alerts::AlertRule::SensitiveWord => "rule_sensitive".to_string(),
        r => format!("rule_{}", r.as_str()),
    };
    let l = tr(&key, zh);
    l.split(['（', '(']).next().unwrap_or(&l).trim().to_string()
}

/// Period, scope, shop and time, one line each.
fn header_lines(req: &ShareRequest) -> Vec<String> {
    let zh = req.zh;
    let f = &req.filter;
    let mut out = Vec::new();
    if !req.shop.trim().is_empty() {
        out.push(format!("{}{}", w(zh, "店铺：", "Shop: "), req.shop));
    }
    let period = match (&f.from, &f.to) {
        (None, None) => w(zh, "全部日期", "all dates").to_string(),
        (a, b) => format!("{} – {}", a.as_deref().unwrap_or("…"), b.as_deref().unwrap_or("…")),
    };
    out.push(format!("{}{period}", w(zh, "周期：", "Period: ")));
    let mut scope = Vec::new();
    if !f.shops.is_empty() {
        scope.push(f.shops.join("、"));
    }
    if !f.team.is_empty() {
        scope.push(f.team.join("/"));
    }
    if let Some(r) = f.role {
        scope.push(match r {
            crate::settings::Role::Presales => w(zh, "售前", "pre-sales").to_string(),
            crate::settings::Role::Aftersales => w(zh, "售后", "after-sales").to_string(),
        });
    }
    if !f.agents.is_empty() {
        scope.push(format!("{} {}", f.agents.len(), w(zh, "位客服", "agents")));
    }
    let all = w(zh, "全部", "everything").to_string();
    out.push(format!("{}{}", w(zh, "范围：", "Scope: "), if scope.is_empty() { all } else { scope.join(" · ") }));
    if !req.generated.trim().is_empty() {
        out.push(format!("{}{}", w(zh, "生成时间：", "Generated: "), req.generated));
    }
    out
}

/// A table cell of one metric with its key and raw value.
fn number_cell(m: &Metrics, k: &str, zh: bool) -> String {
    format!(
        "<td class=\"num\" data-metric=\"{k}\" data-value=\"{}\">{}</td>",
        present::raw(k, m.get(k)),
        esc(&present::cell_text(&present::metric_cell(m, k), zh))
    )
}

const W: f64 = 520.0;
const H: f64 = 220.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 28.0;
const BOTTOM: f64 = 40.0;
const COLOURS: [&str; 3] = ["#2563eb", "#ea580c", "#059669"];

/// One decimal is enough for a drawing and keeps the file small.
fn n(x: f64) -> String {
    format!("{x:.1}")
}

/// The SVG's frame: title, y axis ticks (labels as the metric reads).
fn frame(title: &str, max: f64, key: &str) -> String {
    let fmt = present::axis_fmt(key);
    let mut s = format!(
        "<svg width=\"{W}\" height=\"{H}\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"{0}\"><text x=\"8\" y=\"16\" font-size=\"12\" font-weight=\"bold\">{0}</text>",
        esc(title)
    );
    for i in 0..=4 {
        let v = max * i as f64 / 4.0;
        let y = H - BOTTOM - (H - TOP - BOTTOM) * i as f64 / 4.0;
        s.push_str(&format!(
            "<line x1=\"{LEFT}\" x2=\"{x2}\" y1=\"{y}\" y2=\"{y}\" stroke=\"#e4e7eb\"/><text x=\"{tx}\" y=\"{ty}\" font-size=\"9\" text-anchor=\"end\">{label}</text>",
            x2 = W - RIGHT,
            y = n(y),
            tx = LEFT - 4.0,
            ty = n(y + 3.0),
            label = esc(&fmt(v))
        ));
    }
    s
}

/// A nice upper bound for an axis of `key` (1, 2 or 5 × 10^k above the
/// maximum); for counts a multiple of the four tick steps, so every tick
/// is a whole number.
fn axis_max(max: f64, key: &str) -> f64 {
    let counts = present::unit(key).is_none_or(|u| u == crate::engine::Unit::Count);
    if !(max > 0.0 && max.is_finite()) {
        return if counts { 4.0 } else { 1.0 };
    }
    // The tick step: 1, 2, 2.5 or 5 × 10^k at least a quarter of the
    // maximum (2.5 only where it stays whole for a count).
    let x = max / 4.0;
    let p = 10f64.powf(x.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * p)
        .filter(|&c| !counts || c.fract() == 0.0)
        .find(|&c| c >= x)
        .unwrap_or(10.0 * p);
    4.0 * if counts { step.max(1.0) } else { step }
}

/// Lines over days (one per series), a legend, the first and last day.
fn line_chart(title: &str, days: &[String], series: &[(String, Vec<f64>)], key: &str) -> String {
    let max = axis_max(series.iter().flat_map(|(_, v)| v.iter().copied()).fold(0.0, f64::max), key);
    let mut s = frame(title, max, key);
    let span = (days.len().max(2) - 1) as f64;
    let x = |i: usize| LEFT + (W - LEFT - RIGHT) * i as f64 / span;
    let y = |v: f64| H - BOTTOM - (H - TOP - BOTTOM) * v / max;
    for (si, (name, vals)) in series.iter().enumerate() {
        let c = COLOURS[si % COLOURS.len()];
        let pts: Vec<String> = vals.iter().enumerate().map(|(i, &v)| format!("{},{}", n(x(i)), n(y(v)))).collect();
        s.push_str(&format!(
            "<polyline fill=\"none\" stroke=\"{c}\" stroke-width=\"1.5\" points=\"{}\"/>",
            pts.join(" ")
        ));
        s.push_str(&format!(
            "<rect x=\"{}\" y=\"{}\" width=\"10\" height=\"3\" fill=\"{c}\"/><text x=\"{}\" y=\"{}\" font-size=\"10\">{}</text>",
            n(LEFT + 130.0 * si as f64),
            n(H - 12.0),
            n(LEFT + 14.0 + 130.0 * si as f64),
            n(H - 8.0),
            esc(name)
        ));
    }
    if let (Some(first), Some(last)) = (days.first(), days.last()) {
        s.push_str(&format!(
            "<text x=\"{LEFT}\" y=\"{0}\" font-size=\"9\">{1}</text><text x=\"{2}\" y=\"{0}\" font-size=\"9\" text-anchor=\"end\">{3}</text>",
            n(H - BOTTOM + 12.0),
            esc(first),
            W - RIGHT,
            esc(last)
        ));
    }
    s.push_str("</svg>");
    s
}

/// One bar per label (an empty value draws none), labels under the bars.
fn bar_chart(title: &str, bars: &[(String, Option<f64>)], key: &str) -> String {
    let max = axis_max(bars.iter().filter_map(|(_, v)| *v).fold(0.0, f64::max), key);
    let mut s = frame(title, max, key);
    let slot = (W - LEFT - RIGHT) / bars.len().max(1) as f64;
    for (i, (label, v)) in bars.iter().enumerate() {
        let x0 = LEFT + slot * i as f64;
        if let Some(v) = v {
            let hgt = (H - TOP - BOTTOM) * v / max;
            s.push_str(&format!(
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>",
                n(x0 + slot * 0.15),
                n(H - BOTTOM - hgt),
                n(slot * 0.7),
                n(hgt),
                COLOURS[0]
            ));
        }
        s.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" font-size=\"8\" text-anchor=\"middle\">{}</text>",
            n(x0 + slot / 2.0),
            n(H - BOTTOM + 12.0 + 9.0 * (i % 2) as f64),
            esc(&crate::format::clip(label, 8))
        ));
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_end_on_round_values_and_counts_tick_whole() {
        // 3 buyers: ticks 0 1 2 3 4; 130: a step of 50 (32.5 rounded up)
        assert_eq!(axis_max(3.0, "consult_buyers"), 4.0);
        assert_eq!(axis_max(130.0, "consult_buyers"), 200.0);
        // 9: a quarter is 2.25, and 2.5 is no whole step: 5
        assert_eq!(axis_max(9.0, "consult_buyers"), 20.0);
        // rates: 0.83 → steps of 25%; 0.42 → 20%
        assert_eq!(axis_max(0.83, "inquiry_conversion_final"), 1.0);
        assert_eq!(axis_max(0.42, "inquiry_conversion_final"), 0.8);
        assert_eq!(axis_max(0.0, "sales_amount"), 1.0);
        assert_eq!(axis_max(1234.5, "sales_amount"), 2000.0);
    }

    #[test]
    fn text_is_escaped_and_words_follow_the_language() {
        assert_eq!(esc("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
        assert_eq!(
            esc("看看 https://item.taobao.com/item.htm?id=1 和 //x"),
            "看看 item.taobao.com/item.htm?id=1 和 /x"
        );
        assert_eq!(tr("consult_buyers", true), "咨询人数");
        assert_eq!(tr("consult_buyers", false), "Consultations");
        assert_eq!(rule_label(crate::engine::alerts::AlertRule::ReplyTimeout, true), "回复超时");
    }
}
