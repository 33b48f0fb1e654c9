//! Filtering and grouping: a filter resolved to per-agent / per-shop
//! booleans, the order-preserving value of each dimension, the row labels,
//! and the grouping of filtered conversation-days by dimension values.
//!
//! A group is a set of conversation-days (those passing the filter whose
//! dimension values equal the row key; for `Dim::Category` a
//! conversation-day belongs to its node and every ancestor). The metrics of
//! a group are `Engine::eval` (metrics.rs).

use std::collections::BTreeMap;

use super::conversations::Conv;
use super::flags::*;
use super::{category, Dim, Engine, Filter};
use crate::model::{day_string, parse_day, week_monday, weekday};

/// Filter resolved to per-agent / per-shop booleans.
pub(crate) struct FilterSet {
    from: i32,
    to: i32,
    agent_ok: Vec<bool>,
    shop_ok: Vec<bool>,
}

/// Keys of at most this many bits (`Engine::group`) are counted into their
/// groups rather than sorted: the count array has 2^bits entries.
const COUNTED_KEY_BITS: u32 = 16;

/// The month of a day (days since 1970-01-01) as `year * 12 + month0`,
/// by integer arithmetic over the Gregorian calendar's 400-year cycles
/// (read per conversation-day by a by-month grouping: a date library's
/// day-to-date was most of such a grouping's time in the browser).
pub(crate) fn month_of(day: i32) -> i64 {
    // days since 0000-03-01: a year then ends with February's leap day
    let z = day as i64 + 719_468;
    let (era, doe) = (z.div_euclid(146_097), z.rem_euclid(146_097));
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    // (months counted from March)
    let mp = (5 * doy + 2) / 153;
    let month0 = if mp < 10 { mp + 2 } else { mp - 10 };
    let year = era * 400 + yoe + i64::from(month0 < 2);
    year * 12 + month0
}

fn month_label(v: i64) -> String {
    format!("{:04}-{:02}", v.div_euclid(12), v.rem_euclid(12) + 1)
}

pub(crate) const DAY_BIAS: i64 = 1 << 31;

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
        let shop_ok = self.shops.labels.iter().map(|s| f.shops.is_empty() || f.shops.iter().any(|x| x == s)).collect();
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
    pub(crate) fn dim_val(&self, c: &Conv, d: Dim) -> u64 {
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
            // a multi-valued dimension: `multi_vals` (here only when a
            // grouping asks for two of them: the first product)
            Dim::Product => self.products.mentions_of(c.bd).first().map_or(0, |x| x.1 as u64),
        }
    }

    /// The values of a multi-valued dimension (`Dim::multi`) a
    /// conversation-day belongs to.
    fn multi_vals(&self, c: &Conv, d: Dim, out: &mut Vec<u64>) {
        if d == Dim::Product {
            out.clear();
            out.extend(self.products.mentions_of(c.bd).iter().map(|x| x.1 as u64));
        } else {
            self.cat_vals(c, out);
        }
    }

    /// The largest value of a multi-valued dimension.
    fn multi_max(&self, d: Dim) -> u64 {
        if d == Dim::Product {
            self.products.list.len() as u64
        } else {
            self.tree.nodes.len() as u64
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

    pub(crate) fn add_labels(&self, d: Dim, v: u64, key: &mut BTreeMap<String, String>) {
        let s = match d {
            Dim::Shop => self.shops.labels[v as usize].clone(),
            Dim::Team => self.team_labels[v as usize].clone(),
            Dim::Group => self.group_labels[v as usize].clone(),
            Dim::Agent => self.agents[v as usize].nick.clone(),
            Dim::Day | Dim::Week => day_string((v as i64 - DAY_BIAS) as i32),
            Dim::Month => month_label(v as i64 - DAY_BIAS),
            Dim::Hour => format!("{:02}", v),
            Dim::Weekday => v.to_string(),
            Dim::Product => {
                let p = &self.products.list[v as usize];
                key.insert("product_id".into(), p.id.clone());
                key.insert("product_title".into(), p.title.clone());
                p.key.clone()
            }
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

    /// Group the filtered conversation-days by `by`; groups sorted by key,
    /// each group's conversation-days ascending.
    pub(crate) fn group(&self, fs: &FilterSet, by: &[Dim]) -> Vec<(Vec<u64>, Vec<u32>)> {
        // the one multi-valued dimension (`Dim::multi`), if any
        let multi = by.iter().position(|d| d.multi());
        // One single-valued dimension (a by-day, by-agent … report): each
        // included conversation-day's value is kept as it is found, so
        // the conversation-days are read once here, not once more for
        // their range of values and twice for their keys.
        let single = match by {
            [d] if !d.multi() => Some(*d),
            _ => None,
        };
        let mut vals: Vec<u64> = Vec::new();
        let mut included: Vec<u32> = Vec::new();
        for (i, c) in self.convs.iter().enumerate() {
            if self.conv_in(fs, c) {
                included.push(i as u32);
                if let Some(d) = single {
                    vals.push(self.dim_val(c, d));
                }
            }
        }
        if by.is_empty() {
            return vec![(Vec::new(), included)];
        }
        let k = by.len();
        let mut mins = vec![u64::MAX; k];
        let mut maxs = vec![0u64; k];
        let mut cat = Vec::new();
        if single.is_some() {
            for &v in &vals {
                mins[0] = mins[0].min(v);
                maxs[0] = maxs[0].max(v);
            }
        } else {
            for &ci in &included {
                let c = &self.convs[ci as usize];
                for (j, &d) in by.iter().enumerate() {
                    if Some(j) == multi {
                        mins[j] = 0;
                        maxs[j] = self.multi_max(d);
                    } else {
                        let v = self.dim_val(c, d);
                        mins[j] = mins[j].min(v);
                        maxs[j] = maxs[j].max(v);
                    }
                }
            }
        }
        if included.is_empty() {
            return Vec::new();
        }
        let widths: Vec<u32> = (0..k).map(|j| 64 - (maxs[j] - mins[j]).leading_zeros()).collect();
        let total: u32 = widths.iter().sum();
        let mut out: Vec<(Vec<u64>, Vec<u32>)> = Vec::new();
        if total <= COUNTED_KEY_BITS && multi.is_none() {
            // Few possible keys and one per conversation-day: each one's key
            // made twice (counted, then placed), not kept in a list of pairs.
            // (the `n`-th included conversation-day's key)
            let key_of = |n: usize, ci: u32| {
                if single.is_some() {
                    return (vals[n] - mins[0]) as usize;
                }
                let c = &self.convs[ci as usize];
                by.iter()
                    .zip(&widths)
                    .zip(&mins)
                    .fold(0usize, |key, ((&d, &w), &lo)| (key << w) | (self.dim_val(c, d) - lo) as usize)
            };
            let mut start = vec![0u32; (1usize << total) + 1];
            for (n, &ci) in included.iter().enumerate() {
                start[key_of(n, ci) + 1] += 1;
            }
            for i in 1..start.len() {
                start[i] += start[i - 1];
            }
            let mut at = start.clone();
            let mut cis = vec![0u32; included.len()];
            for (n, &ci) in included.iter().enumerate() {
                let a = &mut at[key_of(n, ci)];
                cis[*a as usize] = ci;
                *a += 1;
            }
            for (key, w) in start.windows(2).enumerate() {
                if w[0] < w[1] {
                    let mut vals = vec![0u64; k];
                    let mut rest = key;
                    for jj in (0..k).rev() {
                        vals[jj] = (rest & ((1usize << widths[jj]) - 1)) as u64 + mins[jj];
                        rest >>= widths[jj];
                    }
                    out.push((vals, cis[w[0] as usize..w[1] as usize].to_vec()));
                }
            }
            return out;
        }
        if total <= 128 {
            let mut pairs: Vec<(u128, u32)> = Vec::with_capacity(included.len());
            for &ci in &included {
                let c = &self.convs[ci as usize];
                let mut base: u128 = 0;
                for (j, &d) in by.iter().enumerate() {
                    base <<= widths[j];
                    if Some(j) != multi {
                        base |= (self.dim_val(c, d) - mins[j]) as u128;
                    }
                }
                if let Some(m) = multi {
                    self.multi_vals(c, by[m], &mut cat);
                    let shift: u32 = widths[m + 1..].iter().sum();
                    for &v in &cat {
                        pairs.push((base | ((v as u128) << shift), ci));
                    }
                } else {
                    pairs.push((base, ci));
                }
            }
            let vals_of = |key: u128| {
                let mut vals = vec![0u64; k];
                let mut rest = key;
                for jj in (0..k).rev() {
                    let w = widths[jj];
                    let mask: u128 = if w == 0 { 0 } else { (1u128 << w) - 1 };
                    vals[jj] = (rest & mask) as u64 + mins[jj];
                    rest = if w >= 128 { 0 } else { rest >> w };
                }
                vals
            };
            if total <= COUNTED_KEY_BITS {
                // Few possible keys (a day, an agent, an agent and a day…):
                // counted into place, each group's conversation-days in the
                // order they were met (ascending), as the sort below gives.
                let mut start = vec![0u32; (1usize << total) + 1];
                for p in &pairs {
                    start[p.0 as usize + 1] += 1;
                }
                for i in 1..start.len() {
                    start[i] += start[i - 1];
                }
                let mut at = start.clone();
                let mut cis = vec![0u32; pairs.len()];
                for &(key, ci) in &pairs {
                    let a = &mut at[key as usize];
                    cis[*a as usize] = ci;
                    *a += 1;
                }
                drop(pairs);
                for (key, w) in start.windows(2).enumerate() {
                    if w[0] < w[1] {
                        out.push((vals_of(key as u128), cis[w[0] as usize..w[1] as usize].to_vec()));
                    }
                }
                return out;
            }
            pairs.sort_unstable();
            for run in pairs.chunk_by(|a, b| a.0 == b.0) {
                out.push((vals_of(run[0].0), run.iter().map(|p| p.1).collect()));
            }
        } else {
            let mut map: BTreeMap<Vec<u64>, Vec<u32>> = BTreeMap::new();
            for &ci in &included {
                let c = &self.convs[ci as usize];
                let base: Vec<u64> = by.iter().map(|&d| self.dim_val(c, d)).collect();
                if let Some(j) = multi {
                    self.multi_vals(c, by[j], &mut cat);
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

    /// Resolve a row key (as in `Row::key`) to dimension values; a value
    /// that names nothing makes the key impossible.
    pub(crate) fn key_match(&self, key: &BTreeMap<String, String>) -> KeyMatch {
        let mut k = KeyMatch::default();
        let bad = &mut k.impossible;
        for (name, v) in key {
            match name.as_str() {
                "shop" => k.shop = need(bad, self.shops.labels.binary_search(v).ok().map(|x| x as u32)),
                "team" => k.team = need(bad, self.team_labels.binary_search(v).ok().map(|x| x as u32)),
                "group" => k.group = need(bad, self.group_labels.binary_search(v).ok().map(|x| x as u32)),
                "agent" => k.agent = need(bad, self.agents.iter().position(|a| &a.nick == v).map(|x| x as u32)),
                "day" => k.day = need(bad, parse_day(v)),
                "week" => k.week = need(bad, parse_day(v).map(week_monday)),
                "month" => {
                    let m = v
                        .split_once('-')
                        .and_then(|(y, m)| Some(y.parse::<i64>().ok()? * 12 + m.parse::<i64>().ok()? - 1));
                    k.month = need(bad, m)
                }
                "hour" => k.hour = need(bad, v.trim().parse().ok()),
                "weekday" => k.weekday = need(bad, v.trim().parse().ok()),
                "product" => k.product = need(bad, self.products.find(v)),
                "category_code" if v == category::UNCLASSIFIED => k.category = Some(None),
                "category_code" => {
                    if let Some(i) = need(bad, self.tree.nodes.iter().position(|n| &n.code == v)) {
                        k.category = Some(Some(i));
                    }
                }
                _ => {}
            }
        }
        k
    }

    /// Does a conversation-day belong to the row key?
    pub(crate) fn conv_matches(&self, k: &KeyMatch, c: &Conv) -> bool {
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
            && k.product.is_none_or(|p| self.products.mentions(c.bd, p))
            && match k.category {
                None => true,
                Some(None) => c.category == NONE32,
                Some(Some(n)) => c.category != NONE32 && self.tree.ancestors(c.category as usize).contains(&n),
            }
    }
}

/// `v`, noting in `bad` when it is None (a key value that names nothing).
fn need<T>(bad: &mut bool, v: Option<T>) -> Option<T> {
    *bad |= v.is_none();
    v
}

/// A row key resolved to dimension values (drill).
#[derive(Default)]
pub(crate) struct KeyMatch {
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
    /// A product (index into `Products::list`): its buyer-days'
    /// conversation-days.
    pub(crate) product: Option<u32>,
    impossible: bool,
}
