//! Reports, drill-down, transcripts and the daily summary: aggregation over
//! the conversation-day facts built by [`Engine::new`].
//!
//! ## Group semantics
//! A group is a set of conversation-days (those passing the filter whose
//! dimension values equal the row key; for `Dim::Category` a
//! conversation-day belongs to its node and every ancestor). Buyer-day
//! counts are distinct buyer-days among the group's conversation-days, a
//! buyer-day's flags being the OR over its conversation-days in the group
//! (spec §2). Orders count through the conversation-day they are credited
//! to (credited agent, buyer, inquiry day), so "credited to an agent of the
//! group, on the inquiry's day" holds for every dimension.
//!
//! ## Weekly reply assessment
//! `weekly_sessions` / `weekly_replied` are counted over the group's
//! conversation-days. `weekly_assessed` / `weekly_passed` count assessment
//! units inside the group: a unit is `(agent, week)` when the grouping has
//! the `agent` dimension, else `week` (all agents of the group pooled). A
//! unit is assessed when its sessions ≥ `weekly_min_sessions`, passed when
//! also replied/sessions ≥ `weekly_pass_rate`. For `--by agent-week` and
//! `--by week` rows this is 0 or 1; for wider groupings it is the number of
//! assessed / passed units in the group.

use std::collections::BTreeMap;

use super::*;
use crate::model::{day_string, parse_day, ts_string, week_monday, weekday};

/// Buyer-day metrics, in this order in `bd_test`.
pub const BD_METRICS: [&str; 13] = [
    "consult_buyers",
    "reception_buyers",
    "unreplied_buyers",
    "inquiry_buyers",
    "ordered_buyers",
    "paid_buyers_same_day",
    "paid_buyers_next_day",
    "paid_buyers_final",
    "inquiry_no_order",
    "ordered_unpaid",
    "aftersales_buyers",
    "reconsult_buyers",
    // buyer-days behind avg_order_value's denominator = paid_buyers_final
    "__unused",
];

/// Does a buyer-day with merged group flags `f` and global flags `b` count
/// in buyer-day metric `i`? Returns the conversation-day flag that marks
/// the conversation-day a drill row points at.
#[inline]
fn bd_test(i: usize, f: u16, b: u8) -> (bool, u16) {
    match i {
        0 => (f & C_CONSULT != 0, C_CONSULT),
        1 => (f & C_RECEPTION != 0, C_RECEPTION),
        2 => (f & C_VALID != 0 && f & C_HUMAN == 0, C_VALID),
        3 => (f & C_INQUIRY != 0, C_INQUIRY),
        4 => (f & C_ORDERED != 0, C_ORDERED),
        5 => (f & C_PAID_SAME != 0, C_PAID_SAME),
        6 => (f & C_PAID_NEXT != 0, C_PAID_NEXT),
        7 => (f & C_PAID_FINAL != 0, C_PAID_FINAL),
        8 => (f & C_INQUIRY != 0 && b & B_ANY_ORDER == 0, C_INQUIRY),
        9 => (f & C_ORDERED != 0 && f & C_PAID_FINAL == 0, C_ORDERED),
        10 => (f & C_ASREC != 0, C_ASREC),
        11 => (f & C_ASREC != 0 && b & B_RECONSULT != 0, C_ASREC),
        _ => (false, 0),
    }
}

fn ratio(a: f64, b: f64) -> Option<f64> {
    if b == 0.0 {
        None
    } else {
        Some(a / b)
    }
}

/// Filter resolved to per-agent / per-shop booleans.
pub(crate) struct FilterSet {
    from: i32,
    to: i32,
    agent_ok: Vec<bool>,
    shop_ok: Vec<bool>,
}

/// Row key resolved to dimension values (drill).
struct KeyMatch {
    shop: Option<u32>,
    team: Option<u32>,
    group: Option<u32>,
    agent: Option<u32>,
    day: Option<i32>,
    week: Option<i32>,
    month: Option<i64>,
    hour: Option<u8>,
    weekday: Option<u32>,
    /// Some(None) = 未分类, Some(Some(i)) = node i (and descendants).
    category: Option<Option<usize>>,
    impossible: bool,
}

fn month_of(day: i32) -> i64 {
    use chrono::Datelike;
    let d = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap() + chrono::Duration::days(day as i64);
    d.year() as i64 * 12 + d.month0() as i64
}

fn month_label(v: i64) -> String {
    format!("{:04}-{:02}", v.div_euclid(12), v.rem_euclid(12) + 1)
}

const DAY_BIAS: i64 = 1 << 31;

impl Engine {
    pub(crate) fn filter_set(&self, f: &Filter) -> FilterSet {
        let from = f.from.as_deref().and_then(parse_day).unwrap_or(i32::MIN);
        let to = f.to.as_deref().and_then(parse_day).unwrap_or(i32::MAX);
        let agent_ok = self
            .agents
            .iter()
            .map(|a| {
                (f.agents.is_empty() || f.agents.iter().any(|n| n == &a.nick))
                    && (f.team.is_empty() || a.team_path.starts_with(&f.team))
                    && f.role.is_none_or(|r| r == a.role)
            })
            .collect();
        let shop_ok = self.shop_labels.iter().map(|s| f.shops.is_empty() || f.shops.iter().any(|x| x == s)).collect();
        FilterSet { from, to, agent_ok, shop_ok }
    }

    #[inline]
    pub(crate) fn conv_in(&self, fs: &FilterSet, c: &Conv) -> bool {
        c.flags & C_CONTENT != 0
            && c.day >= fs.from
            && c.day <= fs.to
            && c.agent_idx != NONE32
            && fs.agent_ok[c.agent_idx as usize]
            && fs.shop_ok[self.shop_label_rank(c.shop) as usize]
    }

    /// Order-preserving value of a (non-category) dimension.
    #[inline]
    fn dim_val(&self, c: &Conv, d: Dim) -> u64 {
        match d {
            Dim::Shop => self.shop_label_rank(c.shop) as u64,
            Dim::Team => self.agents[c.agent_idx as usize].team_idx as u64,
            Dim::Group => self.agents[c.agent_idx as usize].group_idx as u64,
            Dim::Agent => c.agent_idx as u64,
            Dim::Day => (c.day as i64 + DAY_BIAS) as u64,
            Dim::Week => (week_monday(c.day) as i64 + DAY_BIAS) as u64,
            Dim::Month => (month_of(c.day) + DAY_BIAS) as u64,
            Dim::Hour => c.hour as u64,
            Dim::Weekday => weekday(c.day) as u64,
            Dim::Category => {
                if c.category == NONE32 {
                    self.tree.nodes.len() as u64
                } else {
                    c.category as u64
                }
            }
        }
    }

    /// Category values a conversation-day belongs to (its node and ancestors,
    /// or 未分类).
    fn cat_vals(&self, c: &Conv, out: &mut Vec<u64>) {
        out.clear();
        if c.category == NONE32 {
            out.push(self.tree.nodes.len() as u64);
        } else {
            out.extend(self.tree.ancestors(c.category as usize).into_iter().map(|x| x as u64));
        }
    }

    fn add_labels(&self, d: Dim, v: u64, key: &mut BTreeMap<String, String>) {
        let s = match d {
            Dim::Shop => self.shop_labels[v as usize].clone(),
            Dim::Team => self.team_labels[self.agents_team_label_idx(v)].clone(),
            Dim::Group => self.group_labels[v as usize].clone(),
            Dim::Agent => self.agents[v as usize].nick.clone(),
            Dim::Day | Dim::Week => day_string((v as i64 - DAY_BIAS) as i32),
            Dim::Month => month_label(v as i64 - DAY_BIAS),
            Dim::Hour => format!("{:02}", v),
            Dim::Weekday => v.to_string(),
            Dim::Category => {
                let (code, path) = if v as usize >= self.tree.nodes.len() {
                    (category::UNCLASSIFIED.to_string(), category::UNCLASSIFIED.to_string())
                } else {
                    (self.tree.nodes[v as usize].code.clone(), self.tree.path_string(v as usize))
                };
                key.insert("category_path".into(), path);
                code
            }
        };
        key.insert(d.key().to_string(), s);
    }

    fn agents_team_label_idx(&self, v: u64) -> usize {
        v as usize
    }

    /// Group the filtered conversation-days by `by`; groups sorted by key.
    pub(crate) fn group(&self, fs: &FilterSet, by: &[Dim]) -> Vec<(Vec<u64>, Vec<u32>)> {
        let included: Vec<u32> =
            (0..self.convs.len() as u32).filter(|&i| self.conv_in(fs, &self.convs[i as usize])).collect();
        if by.is_empty() {
            return vec![(Vec::new(), included)];
        }
        let k = by.len();
        let mut mins = vec![u64::MAX; k];
        let mut maxs = vec![0u64; k];
        let mut cat = Vec::new();
        for &ci in &included {
            let c = &self.convs[ci as usize];
            for (j, &d) in by.iter().enumerate() {
                if d == Dim::Category {
                    mins[j] = 0;
                    maxs[j] = self.tree.nodes.len() as u64;
                } else {
                    let v = self.dim_val(c, d);
                    mins[j] = mins[j].min(v);
                    maxs[j] = maxs[j].max(v);
                }
            }
        }
        if included.is_empty() {
            return Vec::new();
        }
        let widths: Vec<u32> = (0..k).map(|j| 64 - (maxs[j] - mins[j]).leading_zeros()).collect();
        let total: u32 = widths.iter().sum();
        let has_cat = by.contains(&Dim::Category);
        let mut out: Vec<(Vec<u64>, Vec<u32>)> = Vec::new();
        if total <= 128 {
            let mut pairs: Vec<(u128, u32)> = Vec::with_capacity(included.len());
            for &ci in &included {
                let c = &self.convs[ci as usize];
                let mut base: u128 = 0;
                for (j, &d) in by.iter().enumerate() {
                    base <<= widths[j];
                    if d != Dim::Category {
                        base |= (self.dim_val(c, d) - mins[j]) as u128;
                    }
                }
                if has_cat {
                    self.cat_vals(c, &mut cat);
                    let mut shift = 0u32;
                    for j in (0..k).rev() {
                        if by[j] == Dim::Category {
                            break;
                        }
                        shift += widths[j];
                    }
                    for &v in &cat {
                        pairs.push((base | ((v as u128) << shift), ci));
                    }
                } else {
                    pairs.push((base, ci));
                }
            }
            pairs.sort_unstable();
            let mut i = 0;
            while i < pairs.len() {
                let key = pairs[i].0;
                let mut j = i;
                while j < pairs.len() && pairs[j].0 == key {
                    j += 1;
                }
                let mut vals = vec![0u64; k];
                let mut rest = key;
                for jj in (0..k).rev() {
                    let w = widths[jj];
                    let mask: u128 = if w == 0 { 0 } else { (1u128 << w) - 1 };
                    vals[jj] = (rest & mask) as u64 + mins[jj];
                    rest = if w >= 128 { 0 } else { rest >> w };
                }
                out.push((vals, pairs[i..j].iter().map(|p| p.1).collect()));
                i = j;
            }
        } else {
            let mut map: BTreeMap<Vec<u64>, Vec<u32>> = BTreeMap::new();
            for &ci in &included {
                let c = &self.convs[ci as usize];
                let base: Vec<u64> = by.iter().map(|&d| self.dim_val(c, d)).collect();
                if has_cat {
                    let j = by.iter().position(|&d| d == Dim::Category).unwrap();
                    self.cat_vals(c, &mut cat);
                    for &v in &cat {
                        let mut kk = base.clone();
                        kk[j] = v;
                        map.entry(kk).or_default().push(ci);
                    }
                } else {
                    map.entry(base).or_default().push(ci);
                }
            }
            out = map.into_iter().collect();
        }
        out
    }

    /// Merge a group's conversation-days by buyer-day: returns
    /// `(bd, merged flags)` runs over `pairs` (sorted `(bd, conv)`).
    fn bd_pairs(&self, convs: &[u32]) -> Vec<(u32, u32)> {
        let mut pairs: Vec<(u32, u32)> = convs.iter().map(|&ci| (self.convs[ci as usize].bd, ci)).collect();
        pairs.sort_unstable();
        pairs
    }

    /// Weekly assessment units: (assessed, passed) counts.
    fn weekly_units(&self, convs: &[u32], by_agent: bool) -> Vec<(u32, i32, u64, u64)> {
        let mut units: Vec<(u32, i32, bool, bool)> = convs
            .iter()
            .filter_map(|&ci| {
                let c = &self.convs[ci as usize];
                if c.flags & C_SESSION == 0 {
                    return None;
                }
                let a = if by_agent { c.agent_idx } else { 0 };
                Some((a, week_monday(c.day), true, c.flags & C_HUMAN != 0))
            })
            .collect();
        units.sort_unstable_by_key(|u| (u.0, u.1));
        let mut out: Vec<(u32, i32, u64, u64)> = Vec::new();
        for (a, w, _, rep) in units {
            match out.last_mut() {
                Some(l) if l.0 == a && l.1 == w => {
                    l.2 += 1;
                    l.3 += rep as u64;
                }
                _ => out.push((a, w, 1, rep as u64)),
            }
        }
        out
    }

    fn unit_assessed(&self, sessions: u64, replied: u64) -> (bool, bool) {
        let assessed = sessions >= self.settings.weekly_min_sessions && sessions > 0;
        let passed = assessed && replied as f64 / sessions as f64 >= self.settings.weekly_pass_rate;
        (assessed, passed)
    }

    /// Metrics of one group of conversation-days.
    pub(crate) fn eval(&self, convs: &[u32], by_agent: bool) -> Metrics {
        let mut m = Metrics::default();
        // buyer-day metrics
        let pairs = self.bd_pairs(convs);
        let mut counts = [0u64; 13];
        let mut i = 0;
        while i < pairs.len() {
            let bd = pairs[i].0;
            let mut f = 0u16;
            while i < pairs.len() && pairs[i].0 == bd {
                f |= self.convs[pairs[i].1 as usize].flags;
                i += 1;
            }
            let b = self.bd_flags[bd as usize];
            for (k, cnt) in counts.iter_mut().enumerate().take(12) {
                if bd_test(k, f, b).0 {
                    *cnt += 1;
                }
            }
        }
        m.consult_buyers = counts[0];
        m.reception_buyers = counts[1];
        m.unreplied_buyers = counts[2];
        m.inquiry_buyers = counts[3];
        m.ordered_buyers = counts[4];
        m.paid_buyers_same_day = counts[5];
        m.paid_buyers_next_day = counts[6];
        m.paid_buyers_final = counts[7];
        m.inquiry_no_order = counts[8];
        m.ordered_unpaid = counts[9];
        m.aftersales_buyers = counts[10];
        m.reconsult_buyers = counts[11];

        let thr = self.settings.response_threshold_secs;
        let (mut resp_n, mut resp_w, mut resp_c) = (0u64, 0i64, 0i64);
        let (mut fr_n, mut fr_w, mut fr_c) = (0u64, 0i64, 0i64);
        let (mut rec_n, mut rec_w, mut rec_c) = (0u64, 0i64, 0i64);
        // maxima over the same populations as the averages (None = empty)
        let (mut resp_max, mut fr_max): (Option<i64>, Option<i64>) = (None, None);
        let mut sales_fen = 0i64;
        for &ci in convs {
            let c = &self.convs[ci as usize];
            for r in &self.rounds[c.round_start as usize..c.round_end as usize] {
                if !r.counted {
                    continue;
                }
                m.rounds += 1;
                if r.answered {
                    resp_n += 1;
                    resp_w += r.work_secs;
                    resp_c += r.cal_secs;
                    resp_max = Some(resp_max.map_or(r.work_secs, |x| x.max(r.work_secs)));
                    if r.work_secs <= thr {
                        m.rounds_3min += 1;
                    }
                }
            }
            if let Some((w, cal)) = c.first_resp {
                fr_n += 1;
                fr_w += w;
                fr_c += cal;
                fr_max = Some(fr_max.map_or(w, |x| x.max(w)));
            }
            if c.flags & C_RECEPTION != 0 {
                rec_n += 1;
                rec_w += c.reception.0;
                rec_c += c.reception.1;
            }
            m.buyer_messages += c.buyer_msgs as u64;
            m.agent_messages += c.human_msgs as u64;
            sales_fen += c.sales_fen;
            match c.rating {
                5 => m.very_satisfied += 1,
                4 => m.satisfied += 1,
                3 => m.neutral += 1,
                2 => m.dissatisfied += 1,
                1 => m.very_dissatisfied += 1,
                _ => {}
            }
            if c.flags & C_SESSION != 0 {
                m.weekly_sessions += 1;
                if c.flags & C_HUMAN != 0 {
                    m.weekly_replied += 1;
                }
            }
        }
        m.ratings = m.very_satisfied + m.satisfied + m.neutral + m.dissatisfied + m.very_dissatisfied;
        for (_, _, s, r) in self.weekly_units(convs, by_agent) {
            let (a, p) = self.unit_assessed(s, r);
            m.weekly_assessed += a as u64;
            m.weekly_passed += p as u64;
        }
        m.sales_amount = sales_fen as f64 / 100.0;
        m.reply_rate = ratio(m.reception_buyers as f64, m.consult_buyers as f64);
        m.response_rate_3min = ratio(m.rounds_3min as f64, m.rounds as f64);
        m.first_response_secs = ratio(fr_w as f64, fr_n as f64);
        m.first_response_calendar_secs = ratio(fr_c as f64, fr_n as f64);
        m.avg_response_secs = ratio(resp_w as f64, resp_n as f64);
        m.avg_response_calendar_secs = ratio(resp_c as f64, resp_n as f64);
        m.avg_reception_secs = ratio(rec_w as f64, rec_n as f64);
        m.avg_reception_calendar_secs = ratio(rec_c as f64, rec_n as f64);
        m.max_first_response_secs = fr_max.map(|x| x as f64);
        m.max_response_secs = resp_max.map(|x| x as f64);
        m.answer_ratio = ratio(m.agent_messages as f64, m.buyer_messages as f64);
        m.inquiry_conversion_same_day = ratio(m.paid_buyers_same_day as f64, m.inquiry_buyers as f64);
        m.inquiry_conversion_final = ratio(m.paid_buyers_final as f64, m.inquiry_buyers as f64);
        m.sales_conversion = ratio(m.paid_buyers_same_day as f64, m.reception_buyers as f64);
        m.avg_order_value = ratio(m.sales_amount, m.paid_buyers_final as f64);
        m.satisfaction_rate = ratio((m.very_satisfied + m.satisfied) as f64, m.ratings as f64);
        m.rating_rate = ratio(m.ratings as f64, m.reception_buyers as f64);
        m.first_contact_resolution = ratio(m.reconsult_buyers as f64, m.aftersales_buyers as f64).map(|x| 1.0 - x);
        m.weekly_reply_rate = ratio(m.weekly_replied as f64, m.weekly_sessions as f64);
        m
    }

    pub fn report(&self, q: &Query) -> Report {
        let fs = self.filter_set(&q.filter);
        let by_agent = q.by.contains(&Dim::Agent);
        let rows = self
            .group(&fs, &q.by)
            .into_iter()
            .map(|(vals, convs)| {
                let mut key = BTreeMap::new();
                for (j, &d) in q.by.iter().enumerate() {
                    self.add_labels(d, vals[j], &mut key);
                }
                Row { key, metrics: self.eval(&convs, by_agent) }
            })
            .collect();
        Report { rows }
    }

    /// The seed-003 汇总表: one row per day.
    pub fn daily_summary(&self, filter: &Filter) -> Vec<DailyRow> {
        let fs = self.filter_set(filter);
        self.group(&fs, &[Dim::Day])
            .into_iter()
            .map(|(vals, convs)| {
                let m = self.eval(&convs, false);
                let mut online: Vec<u32> = convs
                    .iter()
                    .map(|&ci| &self.convs[ci as usize])
                    .filter(|c| c.flags & C_HUMAN != 0)
                    .map(|c| c.agent_idx)
                    .collect();
                online.sort_unstable();
                online.dedup();
                DailyRow {
                    day: day_string((vals[0] as i64 - DAY_BIAS) as i32),
                    consult_buyers: m.consult_buyers,
                    online_agents: online.len() as u64,
                    avg_response_secs: m.avg_response_secs,
                    avg_reception_secs: m.avg_reception_secs,
                }
            })
            .collect()
    }

    /// Period actuals per agent for the KPI scorer: every metric key →
    /// value, plus active days (days with ≥1 human message).
    pub fn kpi_actuals(&self, filter: &Filter) -> Vec<kpi::AgentActuals> {
        let fs = self.filter_set(filter);
        self.group(&fs, &[Dim::Agent])
            .into_iter()
            .map(|(vals, convs)| {
                let m = self.eval(&convs, true);
                let mut days: Vec<i32> = convs
                    .iter()
                    .map(|&ci| &self.convs[ci as usize])
                    .filter(|c| c.flags & C_HUMAN != 0)
                    .map(|c| c.day)
                    .collect();
                days.sort_unstable();
                days.dedup();
                let metrics = match serde_json::to_value(&m) {
                    Ok(serde_json::Value::Object(o)) => o.into_iter().map(|(k, v)| (k, v.as_f64())).collect(),
                    _ => BTreeMap::new(),
                };
                kpi::AgentActuals {
                    agent: self.agents[vals[0] as usize].nick.clone(),
                    active_days: days.len() as u64,
                    metrics,
                }
            })
            .collect()
    }

    fn key_match(&self, key: &BTreeMap<String, String>) -> KeyMatch {
        let mut k = KeyMatch {
            shop: None,
            team: None,
            group: None,
            agent: None,
            day: None,
            week: None,
            month: None,
            hour: None,
            weekday: None,
            category: None,
            impossible: false,
        };
        let mut bad = false;
        for (name, v) in key {
            match name.as_str() {
                "shop" => {
                    k.shop = self.shop_labels.binary_search(v).ok().map(|x| x as u32).or_else(|| {
                        bad = true;
                        None
                    })
                }
                "team" => {
                    k.team = self.team_labels.binary_search(v).ok().map(|x| x as u32).or_else(|| {
                        bad = true;
                        None
                    })
                }
                "group" => {
                    k.group = self.group_labels.binary_search(v).ok().map(|x| x as u32).or_else(|| {
                        bad = true;
                        None
                    })
                }
                "agent" => {
                    k.agent = self.agents.iter().position(|a| &a.nick == v).map(|x| x as u32).or_else(|| {
                        bad = true;
                        None
                    })
                }
                "day" => {
                    k.day = parse_day(v).or_else(|| {
                        bad = true;
                        None
                    })
                }
                "week" => {
                    k.week = parse_day(v).map(week_monday).or_else(|| {
                        bad = true;
                        None
                    })
                }
                "month" => {
                    k.month = v
                        .split_once('-')
                        .and_then(|(y, m)| Some(y.parse::<i64>().ok()? * 12 + m.parse::<i64>().ok()? - 1))
                        .or_else(|| {
                            bad = true;
                            None
                        })
                }
                "hour" => {
                    k.hour = v.trim().parse().ok().or_else(|| {
                        bad = true;
                        None
                    })
                }
                "weekday" => {
                    k.weekday = v.trim().parse().ok().or_else(|| {
                        bad = true;
                        None
                    })
                }
                "category_code" => {
                    if v == category::UNCLASSIFIED {
                        k.category = Some(None);
                    } else {
                        match self.tree.nodes.iter().position(|n| &n.code == v) {
                            Some(i) => k.category = Some(Some(i)),
                            None => bad = true,
                        }
                    }
                }
                _ => {}
            }
        }
        k.impossible = bad;
        k
    }

    fn conv_matches(&self, k: &KeyMatch, c: &Conv) -> bool {
        if k.impossible {
            return false;
        }
        let a = &self.agents[c.agent_idx as usize];
        k.shop.is_none_or(|s| s == self.shop_label_rank(c.shop))
            && k.team.is_none_or(|t| t == a.team_idx)
            && k.group.is_none_or(|g| g == a.group_idx)
            && k.agent.is_none_or(|x| x == c.agent_idx)
            && k.day.is_none_or(|d| d == c.day)
            && k.week.is_none_or(|w| w == week_monday(c.day))
            && k.month.is_none_or(|m| m == month_of(c.day))
            && k.hour.is_none_or(|h| h == c.hour)
            && k.weekday.is_none_or(|w| w == weekday(c.day))
            && match k.category {
                None => true,
                Some(None) => c.category == NONE32,
                Some(Some(n)) => c.category != NONE32 && self.tree.ancestors(c.category as usize).contains(&n),
            }
    }

    fn drow(&self, ds: &Dataset, ci: u32, ts: Option<i64>, detail: String) -> DrillRow {
        let c = &self.convs[ci as usize];
        let ts = ts.unwrap_or_else(|| {
            if c.msg_end > c.msg_start {
                self.msgs.get(ds, c.msg_start as usize).ts
            } else {
                c.day as i64 * SECS_PER_DAY
            }
        });
        DrillRow {
            conv: ci,
            agent: ds.nicks.name(c.agent).to_string(),
            buyer: ds.nicks.name(c.buyer).to_string(),
            day: day_string(c.day),
            time: ts_string(ts),
            detail,
        }
    }

    /// The records behind one metric cell.
    pub fn drill(&self, ds: &Dataset, req: &DrillRequest) -> Drill {
        let fs = self.filter_set(&req.filter);
        let km = self.key_match(&req.key);
        let by_agent = req.key.contains_key("agent");
        let convs: Vec<u32> = (0..self.convs.len() as u32)
            .filter(|&i| {
                let c = &self.convs[i as usize];
                self.conv_in(&fs, c) && self.conv_matches(&km, c)
            })
            .collect();
        let metric = req.metric.as_str();
        // rates and averages → their denominator's records
        let target = match metric {
            "reply_rate" => "consult_buyers",
            "sales_conversion" | "rating_rate" => "reception_buyers",
            "inquiry_conversion_same_day" | "inquiry_conversion_final" => "inquiry_buyers",
            "avg_order_value" => "paid_buyers_final",
            "first_contact_resolution" => "aftersales_buyers",
            "response_rate_3min" => "rounds",
            "avg_response_secs" | "avg_response_calendar_secs" | "max_response_secs" => "__answered_rounds",
            "answer_ratio" => "buyer_messages",
            "satisfaction_rate" => "ratings",
            "weekly_reply_rate" => "weekly_sessions",
            "avg_reception_calendar_secs" => "avg_reception_secs",
            "first_response_calendar_secs" | "max_first_response_secs" => "first_response_secs",
            m => m,
        };
        let mut rows: Vec<DrillRow> = Vec::new();
        let unit;
        if let Some(bi) = BD_METRICS.iter().position(|&k| k == target) {
            unit = "buyer_day";
            let pairs = self.bd_pairs(&convs);
            let mut i = 0;
            while i < pairs.len() {
                let bd = pairs[i].0;
                let s = i;
                let mut f = 0u16;
                while i < pairs.len() && pairs[i].0 == bd {
                    f |= self.convs[pairs[i].1 as usize].flags;
                    i += 1;
                }
                let (ok, mark) = bd_test(bi, f, self.bd_flags[bd as usize]);
                if ok {
                    let ci = pairs[s..i]
                        .iter()
                        .map(|p| p.1)
                        .find(|&ci| self.convs[ci as usize].flags & mark != 0)
                        .unwrap_or(pairs[s].1);
                    let c = &self.convs[ci as usize];
                    let detail = if c.flags & C_ORDERED != 0 {
                        let ids: Vec<String> =
                            self.orders_of(ci).map(|a| ds.orders[a.order as usize].id.clone()).collect();
                        ids.join(",")
                    } else {
                        String::new()
                    };
                    rows.push(self.drow(ds, ci, None, detail));
                }
            }
        } else {
            let thr = self.settings.response_threshold_secs;
            match target {
                // rounds_over_3min: seed 000's 3分钟未响应明细 — counted rounds not
                // answered within the threshold (rounds − rounds_3min of them).
                "rounds" | "rounds_3min" | "rounds_over_3min" | "__answered_rounds" | super::histogram::HIST_METRIC => {
                    unit = "round";
                    // response_hist: the answered rounds of one histogram bucket
                    let range = req.key.get(super::histogram::HIST_KEY).and_then(|v| super::histogram::parse_range(v));
                    if target == super::histogram::HIST_METRIC && range.is_none() {
                        return Drill { metric: req.metric.clone(), unit: "round".into(), rows };
                    }
                    for &ci in &convs {
                        let c = &self.convs[ci as usize];
                        for r in &self.rounds[c.round_start as usize..c.round_end as usize] {
                            let ok = r.counted
                                && match target {
                                    "rounds" => true,
                                    "rounds_3min" => r.answered && r.work_secs <= thr,
                                    "rounds_over_3min" => !(r.answered && r.work_secs <= thr),
                                    super::histogram::HIST_METRIC => {
                                        r.answered
                                            && range
                                                .is_some_and(|(lo, hi)| super::histogram::in_range(r.work_secs, lo, hi))
                                    }
                                    _ => r.answered,
                                };
                            if ok {
                                let detail = if r.answered {
                                    format!("{} s (calendar {} s)", r.work_secs, r.cal_secs)
                                } else {
                                    "unanswered".to_string()
                                };
                                rows.push(self.drow(ds, ci, Some(r.open_ts), detail));
                            }
                        }
                    }
                }
                "first_response_secs" => {
                    unit = "conversation_day";
                    for &ci in &convs {
                        if let Some((w, cal)) = self.convs[ci as usize].first_resp {
                            rows.push(self.drow(ds, ci, None, format!("{} s (calendar {} s)", w, cal)));
                        }
                    }
                }
                "avg_reception_secs" => {
                    unit = "conversation_day";
                    for &ci in &convs {
                        let c = &self.convs[ci as usize];
                        if c.flags & C_RECEPTION != 0 {
                            rows.push(self.drow(
                                ds,
                                ci,
                                None,
                                format!("{} s (calendar {} s)", c.reception.0, c.reception.1),
                            ));
                        }
                    }
                }
                "buyer_messages" | "agent_messages" => {
                    unit = "message";
                    let want = if target == "buyer_messages" { M_VALID } else { M_HUMAN };
                    for &ci in &convs {
                        let c = &self.convs[ci as usize];
                        for mi in c.msg_start..c.msg_end {
                            if self.msgs.flags[mi as usize] & want != 0 {
                                let m = self.msgs.get(ds, mi as usize);
                                rows.push(self.drow(ds, ci, Some(m.ts), ds.text(m.text).to_string()));
                            }
                        }
                    }
                }
                "sales_amount" => {
                    unit = "order";
                    for &ci in &convs {
                        let c = &self.convs[ci as usize];
                        for a in self.orders_of(ci) {
                            let o = &ds.orders[a.order as usize];
                            if o.paid.is_some_and(|p| day_of(p) <= c.day + self.settings.final_window_days as i32) {
                                rows.push(self.drow(
                                    ds,
                                    ci,
                                    Some(o.created),
                                    format!("{} {:.2}", o.id, o.amount_fen as f64 / 100.0),
                                ));
                            }
                        }
                    }
                }
                "ratings" | "very_satisfied" | "satisfied" | "neutral" | "dissatisfied" | "very_dissatisfied" => {
                    unit = "rating";
                    let want = match target {
                        "very_satisfied" => 5,
                        "satisfied" => 4,
                        "neutral" => 3,
                        "dissatisfied" => 2,
                        "very_dissatisfied" => 1,
                        _ => 0,
                    };
                    for &ci in &convs {
                        let c = &self.convs[ci as usize];
                        if c.rating > 0 && (want == 0 || c.rating == want) {
                            let ts = ds.ratings.get(c.rating_idx as usize).map(|r| r.ts);
                            rows.push(self.drow(ds, ci, ts, c.rating.to_string()));
                        }
                    }
                }
                "weekly_sessions" | "weekly_replied" => {
                    unit = "conversation_day";
                    for &ci in &convs {
                        let c = &self.convs[ci as usize];
                        if c.flags & C_SESSION != 0 && (target == "weekly_sessions" || c.flags & C_HUMAN != 0) {
                            rows.push(self.drow(ds, ci, None, String::new()));
                        }
                    }
                }
                "weekly_assessed" | "weekly_passed" => {
                    unit = if by_agent { "agent_week" } else { "week" };
                    for (a, w, s, r) in self.weekly_units(&convs, by_agent) {
                        let (ass, pass) = self.unit_assessed(s, r);
                        if (target == "weekly_assessed" && ass) || (target == "weekly_passed" && pass) {
                            // point at the unit's first session
                            let ci = convs
                                .iter()
                                .copied()
                                .find(|&ci| {
                                    let c = &self.convs[ci as usize];
                                    c.flags & C_SESSION != 0
                                        && week_monday(c.day) == w
                                        && (!by_agent || c.agent_idx == a)
                                })
                                .unwrap();
                            rows.push(self.drow(
                                ds,
                                ci,
                                None,
                                format!("week {} sessions {} replied {}", day_string(w), s, r),
                            ));
                        }
                    }
                }
                _ => unit = "unknown",
            }
        }
        Drill { metric: req.metric.clone(), unit: unit.to_string(), rows }
    }

    /// Attributions credited to a conversation-day.
    pub(crate) fn orders_of(&self, ci: u32) -> impl Iterator<Item = &Attribution> + '_ {
        let s = self.conv_orders.partition_point(|&(c, _)| c < ci);
        self.conv_orders[s..]
            .iter()
            .take_while(move |&&(c, _)| c == ci)
            .map(move |&(_, a)| &self.attributions[a as usize])
    }

    /// Number of conversation-days (ids for `transcript` are `0..conv_count()`).
    pub fn conv_count(&self) -> usize {
        self.convs.len()
    }

    /// One conversation-day as a chat.
    pub fn transcript(&self, ds: &Dataset, conv: u32) -> Option<Transcript> {
        let c = self.convs.get(conv as usize)?;
        let thr = self.settings.response_threshold_secs;
        let mut messages: Vec<TranscriptMessage> = (c.msg_start..c.msg_end)
            .map(|mi| {
                let m = self.msgs.get(ds, mi as usize);
                TranscriptMessage {
                    time: ts_string(m.ts),
                    sender: match m.sender {
                        Sender::Buyer => "buyer",
                        Sender::Agent => "agent",
                        Sender::Auto => "auto",
                        Sender::System => "system",
                    }
                    .to_string(),
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
        for r in &self.rounds[c.round_start as usize..c.round_end as usize] {
            if r.answered {
                let t = &mut messages[(r.close_msg - c.msg_start) as usize];
                t.response_secs = Some(r.work_secs);
                t.slow = r.counted && r.work_secs > thr;
            } else if r.counted {
                messages[(r.open_msg - c.msg_start) as usize].slow = true;
            }
        }
        // orders: attributed to this buyer-day, plus the buyer's other orders created that day
        let mut orders: Vec<TranscriptOrder> = Vec::new();
        for (oi, o) in ds.orders.iter().enumerate() {
            if o.buyer != c.buyer {
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
