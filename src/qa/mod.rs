//! QA sampling and scoring (issue 15 item 1, 质检抽查评分; seed 002's
//! 聊天记录抽查): draw conversation-days to review, score them on a
//! template's items, keep the sheets in a book the user holds, and sum the
//! book up per agent (and for the KPI's `qa:<template>` items).
//!
//! - Which conversation-days qualify is the engine's (`engine/qa.rs`,
//!   [`Engine::qa_candidates`]); the draw is here ([`draw`]), over the
//!   candidates of one engine or of all parts of a split, sorted by their
//!   stable key first, so the sample does not depend on file order, on
//!   partitioning or on the platform.
//! - The random draw is seeded per agent: agent `a`'s conversation-days are
//!   shuffled (a partial Fisher–Yates) by a PCG generator (`rand_pcg`,
//!   value-stable, no OS randomness) seeded with FNV-1a of (seed, `a`'s
//!   nick). So an agent's sample depends only on the seed and that agent's
//!   own conversation-days: narrowing the filter to other agents does not
//!   change it.
//! - The book (`book.rs`) is the user's (kept in the browser's storage by
//!   the UI, a file for the CLI); the worker never stores it.
//!
//! [`Engine::qa_candidates`]: crate::engine::Engine::qa_candidates

use std::collections::BTreeMap;

use rand::{RngCore, SeedableRng};
use serde::{Deserialize, Serialize};

pub use crate::engine::qa::{Candidate, QaKey, SampleMode, Why};
use crate::engine::Filter;
use crate::settings::Settings;

pub mod book;
pub mod summary;

pub use book::{hashed_buyer, BookError, BookProblem, ItemScore, MergeReport, ScoreBook, ScoreSheet, BOOK_VERSION};
pub use summary::{AgentQa, ItemShare, QaSummary};

/// A sample to draw: which conversation-days (the usual filter: period,
/// shop, team, agents) and how.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SampleRequest {
    #[serde(default)]
    pub filter: Filter,
    pub mode: SampleMode,
}

/// One conversation-day of a sample.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SampleRow {
    /// What a score sheet is keyed by.
    pub key: QaKey,
    /// The engine's conversation-day id: ask `QueryKind::Transcript` with it.
    pub conv: u32,
    /// The agent's name from the account list, else the nick.
    pub agent_label: String,
    pub why: Why,
}

/// A drawn sample.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sample {
    /// How it was drawn (the seed is shown beside the sample).
    pub mode: SampleMode,
    /// Sorted by agent, day, buyer.
    pub rows: Vec<SampleRow>,
    /// Per agent, how many conversation-days qualified (a random sample
    /// took min(N, this) of them).
    pub population: BTreeMap<String, u64>,
}

/// The generator's seed for one agent: FNV-1a 64 over the seed's bytes
/// (little-endian) and the nick, so every agent gets its own stream.
fn agent_seed(seed: u64, agent: &str) -> u64 {
    use crate::partition::{fnv1a, FNV_OFFSET};
    fnv1a(fnv1a(FNV_OFFSET, &seed.to_le_bytes()), agent.as_bytes())
}

/// A uniform integer in `0..n` (n > 0) from 64-bit draws, by rejection
/// (the top partial block of `u64` is redrawn), so the result depends only
/// on the generator's output: no platform word size, no library's range
/// algorithm.
fn below(rng: &mut impl RngCore, n: u64) -> u64 {
    let zone = u64::MAX - (u64::MAX % n + 1) % n;
    loop {
        let x = rng.next_u64();
        if x <= zone {
            return x % n;
        }
    }
}

/// `k` of `items` (sorted) chosen by a partial Fisher–Yates shuffle seeded
/// with `seed`, returned in their sorted order.
fn choose<T: Clone>(items: &[T], k: usize, seed: u64) -> Vec<T> {
    let n = items.len();
    if k >= n {
        return items.to_vec();
    }
    let mut idx: Vec<usize> = (0..n).collect();
    let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(seed);
    for i in 0..k {
        let j = i + below(&mut rng, (n - i) as u64) as usize;
        idx.swap(i, j);
    }
    let mut picked: Vec<usize> = idx[..k].to_vec();
    picked.sort_unstable();
    picked.into_iter().map(|i| items[i].clone()).collect()
}

/// A sample over one engine (`ds`: the dataset it was built from).
pub fn sample(engine: &crate::engine::Engine, ds: &crate::model::Dataset, req: &SampleRequest) -> Sample {
    draw(&req.mode, engine.qa_candidates(ds, &req.mode, &req.filter), engine.settings())
}

/// The sample of `mode` from every qualifying conversation-day
/// (`candidates`, in any order: from one engine or all parts of a split,
/// with the ids of the engine the transcript will be asked of).
pub fn draw(mode: &SampleMode, mut candidates: Vec<Candidate>, settings: &Settings) -> Sample {
    candidates.sort_by(|a, b| a.key.cmp(&b.key));
    candidates.dedup_by(|a, b| a.key == b.key);
    let mut population: BTreeMap<String, u64> = BTreeMap::new();
    let mut rows = Vec::new();
    for agent in candidates.chunk_by(|a, b| a.key.agent == b.key.agent) {
        let nick = &agent[0].key.agent;
        population.insert(nick.clone(), agent.len() as u64);
        let picked = match mode {
            SampleMode::Random { per_agent, seed } => choose(agent, *per_agent as usize, agent_seed(*seed, nick)),
            _ => agent.to_vec(),
        };
        let label = settings.account(nick).map(|a| a.name.trim()).filter(|n| !n.is_empty()).unwrap_or(nick);
        rows.extend(picked.into_iter().map(|c| SampleRow {
            key: c.key,
            conv: c.conv,
            agent_label: label.to_string(),
            why: c.why,
        }));
    }
    Sample { mode: mode.clone(), rows, population }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn below_is_uniform_over_small_ranges_and_in_range() {
        let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(1);
        let mut counts = [0u32; 3];
        for _ in 0..30_000 {
            counts[below(&mut rng, 3) as usize] += 1;
        }
        // each of three values about 10,000 times (±5%)
        assert!(counts.iter().all(|&c| (9_500..=10_500).contains(&c)), "{counts:?}");
        assert_eq!(below(&mut rng, 1), 0);
    }

    #[test]
    fn choose_takes_k_distinct_in_order_or_all() {
        let items: Vec<u32> = (0..20).collect();
        let a = choose(&items, 5, 42);
        assert_eq!(a.len(), 5);
        assert!(a.windows(2).all(|w| w[0] < w[1]), "sorted and distinct: {a:?}");
        assert_eq!(choose(&items, 5, 42), a, "same seed, same choice");
        assert_eq!(choose(&items, 25, 42), items, "fewer than k: all of them");
    }
}
