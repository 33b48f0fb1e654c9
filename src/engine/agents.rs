//! Build step 2: the agents table (staff accounts of the kept messages and
//! of ratings, sorted by nick, with role and team path from the settings)
//! and the label tables that the team, group and shop dimensions sort by.

use crate::model::{Dataset, Sym};
use crate::settings::{Role, Settings};

use super::flags::NONE32;

/// Team label of an agent: first level of its path or `未分组`.
pub const UNGROUPED: &str = "未分组";

#[derive(Debug, Clone)]
pub struct AgentInfo {
    pub sym: Sym,
    pub nick: String,
    pub role: Role,
    pub team_path: Vec<String>,
    /// Rank of the team (first level) label among `Engine::team_labels`.
    pub team_idx: u32,
    pub group_idx: u32,
}

impl AgentInfo {
    /// The `team` dimension's value: first level of the path, or `未分组`.
    pub fn team_label(&self) -> String {
        self.team_path.first().cloned().unwrap_or_else(|| UNGROUPED.to_string())
    }

    /// The `group` dimension's value: the whole path joined by `/`, or `未分组`.
    pub fn group_label(&self) -> String {
        if self.team_path.is_empty() {
            UNGROUPED.to_string()
        } else {
            self.team_path.join("/")
        }
    }
}

/// The agents table and its label tables.
pub(crate) struct Agents {
    /// Sorted by nick; `Conv::agent_idx` indexes it.
    pub list: Vec<AgentInfo>,
    pub team_labels: Vec<String>,
    pub group_labels: Vec<String>,
    /// Nick symbol → index in `list` (NONE32 for non-agents).
    pub idx_of: Vec<u32>,
}

impl Agents {
    /// The agents of the kept messages (`agent_syms`) plus those only seen in
    /// ratings.
    pub fn build(ds: &Dataset, settings: &Settings, mut agent_syms: Vec<Sym>) -> Agents {
        let mut seen = vec![false; ds.nicks.len()];
        for &a in &agent_syms {
            seen[a.0 as usize] = true;
        }
        for (i, r) in ds.ratings.iter().enumerate() {
            if !r.agent.is_none() && !seen[r.agent.0 as usize] && !ds.is_duplicate_rating(i) {
                seen[r.agent.0 as usize] = true;
                agent_syms.push(r.agent);
            }
        }
        agent_syms.sort_by(|&a, &b| ds.nicks.name(a).cmp(ds.nicks.name(b)));
        let mut list: Vec<AgentInfo> = agent_syms
            .iter()
            .map(|&s| {
                let nick = ds.nicks.name(s).to_string();
                let acc = settings.account(&nick);
                AgentInfo {
                    sym: s,
                    role: acc.map(|a| a.role).unwrap_or(Role::Presales),
                    team_path: acc.map(|a| a.team.clone()).unwrap_or_default(),
                    nick,
                    team_idx: 0,
                    group_idx: 0,
                }
            })
            .collect();
        let team_labels = sorted_labels(list.iter().map(AgentInfo::team_label));
        let group_labels = sorted_labels(list.iter().map(AgentInfo::group_label));
        for a in list.iter_mut() {
            a.team_idx = team_labels.binary_search(&a.team_label()).unwrap() as u32;
            a.group_idx = group_labels.binary_search(&a.group_label()).unwrap() as u32;
        }
        let mut idx_of = vec![NONE32; ds.nicks.len()];
        for (i, a) in list.iter().enumerate() {
            idx_of[a.sym.0 as usize] = i as u32;
        }
        Agents { list, team_labels, group_labels, idx_of }
    }
}

fn sorted_labels(labels: impl Iterator<Item = String>) -> Vec<String> {
    let mut v: Vec<String> = labels.collect();
    v.sort();
    v.dedup();
    v
}

/// Shop names sorted (plus the empty name of "no shop"), so the `shop`
/// dimension groups and sorts by rank.
pub(crate) struct ShopLabels {
    /// Shop symbol index → rank in `labels`.
    rank: Vec<u32>,
    pub labels: Vec<String>,
    rank_none: u32,
}

impl ShopLabels {
    pub fn new(ds: &Dataset) -> ShopLabels {
        let names: Vec<&str> = (0..ds.shops.len()).map(|i| ds.shops.name(Sym(i as u32))).collect();
        let labels = sorted_labels(names.iter().map(|n| n.to_string()).chain([String::new()]));
        let rank = names.iter().map(|n| labels.binary_search_by(|l| l.as_str().cmp(n)).unwrap() as u32).collect();
        let rank_none = labels.binary_search(&String::new()).unwrap() as u32;
        ShopLabels { rank, labels, rank_none }
    }

    /// Rank of a shop's label (the empty label for no shop).
    #[inline]
    pub fn rank(&self, s: Sym) -> u32 {
        if s.is_none() {
            self.rank_none
        } else {
            self.rank[s.0 as usize]
        }
    }
}
