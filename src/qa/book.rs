//! Score sheets and the book that holds them (issue 15 item 1).
//!
//! A sheet scores one conversation-day ([`QaKey`]) on one template's
//! items: points given (0..=the item's points) and a comment per item,
//! who scored and when (an RFC 3339 time given by the caller: the library
//! has no clock). Its total is always computed from the items against the
//! template ([`ScoreSheet::total`]), never read from a file.
//!
//! The book is versioned JSON (`{"version": 1, "sheets": [...]}`) and an
//! Excel sheet (one row per score sheet, a points and a comment column per
//! item). Reading either checks every sheet against the settings'
//! templates before anything is kept: the first problem is an error naming
//! the sheet (its index in the file, 0-based; in a workbook, row = index +
//! 2) and nothing is imported. [`ScoreBook::merge`] then adds the sheets: for
//! the same key and template the later `scored_at` wins, and the report
//! says how many were added, replaced and kept.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::QaKey;
use crate::settings::{QaSettings, QaTemplate};

/// The book format written by this version.
pub const BOOK_VERSION: u32 = 1;

/// Score sheets, one per (key, template).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreBook {
    pub version: u32,
    pub sheets: Vec<ScoreSheet>,
}

impl Default for ScoreBook {
    fn default() -> Self {
        ScoreBook { version: BOOK_VERSION, sheets: Vec::new() }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreSheet {
    pub key: QaKey,
    /// The QA template's id (`settings.qa.templates`).
    pub template: String,
    /// Item id → points given and a comment; every item of the template.
    pub items: BTreeMap<String, ItemScore>,
    /// Σ points given, computed when a sheet is read or made
    /// ([`ScoreSheet::recompute`]); a value in a file is ignored.
    #[serde(default)]
    pub total: u32,
    /// A comment on the whole conversation-day.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub comment: String,
    /// Who scored (as the reviewer typed it).
    #[serde(default)]
    pub scorer: String,
    /// When, RFC 3339 (`2024-06-05T10:30:00+08:00`, or `…Z`).
    pub scored_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemScore {
    pub points: u32,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub comment: String,
}

/// What was wrong with a book being read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookError {
    /// The sheet's index in the file (0-based); None for the whole file.
    pub sheet: Option<usize>,
    pub problem: BookProblem,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BookProblem {
    /// Not a score book: `detail` is the reader's own (English) words.
    Unreadable { detail: String },
    /// A version this app cannot read.
    Version { found: u32 },
    /// The sheet's template is not in the settings.
    UnknownTemplate { template: String },
    /// An item id the template does not have.
    UnknownItem { item: String },
    /// An item of the template the sheet does not score.
    MissingItem { item: String },
    /// More points than the item has.
    PointsAbove { item: String, points: u32, max: u32 },
    /// A key field that is empty (`agent`, `buyer`) or a day that is not
    /// `YYYY-MM-DD`.
    BadKey { field: String, value: String },
    /// `scored_at` is not an RFC 3339 time.
    BadTime { value: String },
    /// The same key and template as sheet `first` of the same file.
    Repeated { first: usize },
    /// A workbook column the book needs is missing.
    MissingColumn { column: String },
}

impl std::fmt::Display for BookError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::format::qa_book_error(self, false))
    }
}

impl std::error::Error for BookError {}

/// What [`ScoreBook::merge`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeReport {
    /// Sheets for a key and template the book did not have.
    pub added: usize,
    /// Sheets that replaced an older one (earlier `scored_at`).
    pub replaced: usize,
    /// Sheets not taken: the book's own was as recent or more.
    pub kept: usize,
}

/// Parse an RFC 3339 time to (UTC seconds, nanoseconds): what "newer" compares.
fn instant(s: &str) -> Option<(i64, u32)> {
    let t = chrono::DateTime::parse_from_rfc3339(s.trim()).ok()?;
    Some((t.timestamp(), t.timestamp_subsec_nanos()))
}

impl ScoreSheet {
    /// Set `total` from the items (the points given).
    pub fn recompute(&mut self) {
        self.total = self.items.values().map(|s| s.points).sum();
    }

    /// The sheet's total as a share of its template's maximum (0..=1).
    pub fn share(&self, template: &QaTemplate) -> Option<f64> {
        let max = template.max_points();
        (max > 0).then(|| f64::from(self.total) / f64::from(max))
    }

    /// Check the sheet against the templates: its key, its time, its
    /// template and every item's points.
    pub fn check(&self, qa: &QaSettings) -> Result<(), BookProblem> {
        for (field, value) in [("agent", &self.key.agent), ("buyer", &self.key.buyer)] {
            if value.trim().is_empty() {
                return Err(BookProblem::BadKey { field: field.into(), value: value.clone() });
            }
        }
        if crate::model::parse_day(&self.key.day).is_none() || self.key.day.len() != 10 {
            return Err(BookProblem::BadKey { field: "day".into(), value: self.key.day.clone() });
        }
        if instant(&self.scored_at).is_none() {
            return Err(BookProblem::BadTime { value: self.scored_at.clone() });
        }
        let t = qa
            .template(&self.template)
            .ok_or_else(|| BookProblem::UnknownTemplate { template: self.template.clone() })?;
        if let Some(id) = self.items.keys().find(|id| t.item(id).is_none()) {
            return Err(BookProblem::UnknownItem { item: id.clone() });
        }
        for item in &t.items {
            let given = self.items.get(&item.id).ok_or_else(|| BookProblem::MissingItem { item: item.id.clone() })?;
            if given.points > item.points {
                let (points, max) = (given.points, item.points);
                return Err(BookProblem::PointsAbove { item: item.id.clone(), points, max });
            }
        }
        Ok(())
    }

    fn same(&self, other: &ScoreSheet) -> bool {
        self.key == other.key && self.template == other.template
    }
}

impl ScoreBook {
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a score book serialises")
    }

    /// Check every sheet (see [`ScoreSheet::check`]) and that no key and
    /// template repeats; recompute the totals. All or nothing.
    pub fn checked(mut self, qa: &QaSettings) -> Result<ScoreBook, BookError> {
        if self.version != BOOK_VERSION {
            return Err(BookError { sheet: None, problem: BookProblem::Version { found: self.version } });
        }
        for (i, s) in self.sheets.iter().enumerate() {
            s.check(qa).map_err(|problem| BookError { sheet: Some(i), problem })?;
            if let Some(first) = self.sheets[..i].iter().position(|o| o.same(s)) {
                return Err(BookError { sheet: Some(i), problem: BookProblem::Repeated { first } });
            }
        }
        self.sheets.iter_mut().for_each(ScoreSheet::recompute);
        Ok(self)
    }

    /// Read a book's JSON, checked against the templates of `qa`. A sheet
    /// that does not read (a wrong field, a negative number) is named by
    /// its index, as a sheet that reads but does not check is.
    pub fn from_json(text: &str, qa: &QaSettings) -> Result<ScoreBook, BookError> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Raw {
            version: u32,
            sheets: Vec<serde_json::Value>,
        }
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let unreadable = |sheet, e: serde_json::Error| BookError {
            sheet,
            problem: BookProblem::Unreadable { detail: e.to_string() },
        };
        let raw: Raw = serde_json::from_str(text).map_err(|e| unreadable(None, e))?;
        if raw.version != BOOK_VERSION {
            return Err(BookError { sheet: None, problem: BookProblem::Version { found: raw.version } });
        }
        let sheets = raw
            .sheets
            .into_iter()
            .enumerate()
            .map(|(i, v)| serde_json::from_value(v).map_err(|e| unreadable(Some(i), e)))
            .collect::<Result<Vec<ScoreSheet>, _>>()?;
        ScoreBook { version: raw.version, sheets }.checked(qa)
    }

    /// Add `incoming` (already checked): a sheet for a key and template
    /// the book has replaces it when its `scored_at` is later, else the
    /// book's is kept. Sheets stay sorted by key, then template.
    pub fn merge(&mut self, incoming: ScoreBook) -> MergeReport {
        let mut report = MergeReport::default();
        for s in incoming.sheets {
            match self.sheets.iter_mut().find(|o| o.same(&s)) {
                Some(old) if instant(&s.scored_at) > instant(&old.scored_at) => {
                    *old = s;
                    report.replaced += 1;
                }
                Some(_) => report.kept += 1,
                None => {
                    self.sheets.push(s);
                    report.added += 1;
                }
            }
        }
        self.sheets.sort_by(|a, b| (&a.key, &a.template).cmp(&(&b.key, &b.template)));
        report
    }

    /// The templates' item ids in the order of the book's columns: every
    /// template the book's sheets use, in the settings' order, then its
    /// items in order (ids repeated across templates share a column pair).
    fn item_columns(&self, qa: &QaSettings) -> Vec<String> {
        let mut cols: Vec<String> = Vec::new();
        for t in &qa.templates {
            if !self.sheets.iter().any(|s| s.template == t.id) {
                continue;
            }
            for i in &t.items {
                if !cols.contains(&i.id) {
                    cols.push(i.id.clone());
                }
            }
        }
        cols
    }

    /// The book as one Excel sheet: a row per score sheet with the fixed
    /// columns ([`FIXED`]), then per item `得分:<id>` and `备注:<id>`.
    pub fn to_xlsx(&self, qa: &QaSettings) -> Result<Vec<u8>, String> {
        use crate::export::{Cell, Table};
        let items = self.item_columns(qa);
        let mut headers: Vec<String> = FIXED.iter().map(|s| s.to_string()).collect();
        for id in &items {
            headers.push(format!("{POINTS}{id}"));
            headers.push(format!("{COMMENT}{id}"));
        }
        let rows = self
            .sheets
            .iter()
            .map(|s| {
                let mut row = vec![
                    Cell::Text(s.key.agent.clone()),
                    Cell::Text(s.key.buyer.clone()),
                    Cell::Text(s.key.day.clone()),
                    Cell::Text(s.template.clone()),
                    Cell::Text(s.scorer.clone()),
                    Cell::Text(s.scored_at.clone()),
                    Cell::Int(s.total.into()),
                    Cell::Text(s.comment.clone()),
                ];
                for id in &items {
                    match s.items.get(id) {
                        Some(x) => row.extend([Cell::Int(x.points.into()), Cell::Text(x.comment.clone())]),
                        None => row.extend([Cell::Empty, Cell::Empty]),
                    }
                }
                row
            })
            .collect();
        crate::export::to_xlsx(&Table { headers, rows }, XLSX_SHEET)
    }

    /// Read a workbook written by [`ScoreBook::to_xlsx`] (its first sheet;
    /// columns found by header, in any order), checked as JSON is.
    pub fn from_xlsx(bytes: Vec<u8>, qa: &QaSettings) -> Result<ScoreBook, BookError> {
        let whole = |problem| BookError { sheet: None, problem };
        let grid = crate::import::grid(bytes).map_err(|detail| whole(BookProblem::Unreadable { detail }))?;
        let rows = grid.into_iter().next().map(|(_, rows)| rows).unwrap_or_default();
        let Some((header, data)) = rows.split_first() else {
            return Err(whole(BookProblem::MissingColumn { column: FIXED[0].into() }));
        };
        let col = |name: &str| header.iter().position(|h| h.trim() == name);
        let mut fixed = [0usize; FIXED.len()];
        for (k, name) in FIXED.iter().enumerate() {
            fixed[k] = col(name).ok_or_else(|| whole(BookProblem::MissingColumn { column: name.to_string() }))?;
        }
        // item id → (points column, comment column)
        let items: Vec<(String, usize, Option<usize>)> = header
            .iter()
            .enumerate()
            .filter_map(|(c, h)| {
                let id = h.trim().strip_prefix(POINTS)?;
                Some((id.to_string(), c, col(&format!("{COMMENT}{id}"))))
            })
            .collect();
        let mut sheets = Vec::new();
        // the data row (0-based) of each sheet, for errors: blank rows are skipped
        let mut row_of = Vec::new();
        for (i, row) in data.iter().enumerate() {
            let cell = |c: usize| row.get(c).map(|s| s.trim().to_string()).unwrap_or_default();
            if row.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let mut s = ScoreSheet {
                key: QaKey { agent: cell(fixed[0]), buyer: cell(fixed[1]), day: cell(fixed[2]) },
                template: cell(fixed[3]),
                items: BTreeMap::new(),
                total: 0,
                scorer: cell(fixed[4]),
                scored_at: cell(fixed[5]),
                comment: cell(fixed[7]),
            };
            for (id, pc, cc) in &items {
                let text = cell(*pc);
                if text.is_empty() {
                    continue; // an item of another template
                }
                let points = text
                    .parse::<f64>()
                    .ok()
                    .filter(|p| p.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(p))
                    .ok_or_else(|| BookError {
                        sheet: Some(i),
                        problem: BookProblem::Unreadable {
                            detail: format!("{POINTS}{id}: not a whole number: {text}"),
                        },
                    })? as u32;
                let comment = cc.map(cell).unwrap_or_default();
                s.items.insert(id.clone(), ItemScore { points, comment });
            }
            sheets.push(s);
            row_of.push(i);
        }
        ScoreBook { version: BOOK_VERSION, sheets }.checked(qa).map_err(|mut e| {
            e.sheet = e.sheet.map(|k| row_of[k]);
            if let BookProblem::Repeated { first } = &mut e.problem {
                *first = row_of[*first];
            }
            e
        })
    }
}

/// The Excel book's sheet name.
pub const XLSX_SHEET: &str = "质检评分";
/// The Excel book's fixed columns: agent, buyer, day, template, scorer,
/// scored at, total (written for the reader, ignored when read back),
/// comment.
pub const FIXED: [&str; 8] = ["客服", "买家", "日期", "模板", "评分人", "评分时间", "总分", "备注"];
/// Prefix of an item's points column, then its comment column.
pub const POINTS: &str = "得分:";
pub const COMMENT: &str = "备注:";

/// A buyer nick as the app keeps it in the browser's score book: `#` and
/// 16 hex digits of its FNV-1a 64 (`partition::fnv1a`). A sample row's
/// buyer hashes to the same key, so a stored sheet still finds its
/// conversation-day, and no customer's name is written to the browser's
/// storage (like the alert ids). A key already hashed is kept.
pub fn hashed_buyer(nick: &str) -> String {
    if nick.len() == 17 && nick.starts_with('#') && nick[1..].bytes().all(|b| b.is_ascii_hexdigit()) {
        return nick.to_string();
    }
    format!("#{:016x}", crate::partition::fnv1a(crate::partition::FNV_OFFSET, nick.as_bytes()))
}

impl ScoreBook {
    /// The same book with every buyer hashed ([`hashed_buyer`]); sheets
    /// that then share a key and template keep the newer one.
    pub fn with_hashed_buyers(self) -> ScoreBook {
        let mut out = ScoreBook { version: self.version, sheets: Vec::new() };
        let sheets = self
            .sheets
            .into_iter()
            .map(|mut s| {
                s.key.buyer = hashed_buyer(&s.key.buyer);
                s
            })
            .collect();
        out.merge(ScoreBook { version: self.version, sheets });
        out
    }
}

#[cfg(test)]
mod hashed_tests {
    use super::*;

    #[test]
    fn a_buyer_is_hashed_once_and_the_same_everywhere() {
        let h = hashed_buyer("张三的店铺买家");
        assert_eq!(h.len(), 17);
        assert!(h.starts_with('#') && !h.contains("张三"));
        assert_eq!(hashed_buyer(&h), h, "already hashed");
        assert_eq!(hashed_buyer("张三的店铺买家"), h);
        assert_ne!(hashed_buyer("李四"), h);
    }
}
