//! Redaction (issue 15 item 3): what a shared report and every export
//! carry instead of the customers' and staff's identities.
//!
//! - **Buyer nicks** become `买家-0001` / `Buyer-0001`, **order numbers**
//!   `订单-0001` / `Order-0001`. The numbers are positions in the dataset:
//!   buyers in the order their nick was first interned (the order the
//!   files were read), order numbers in the order of the order rows (then
//!   refund rows). A pseudonym is therefore derived from no bit of the nick
//!   or number itself, so nobody can reverse it by hashing a guessed nick,
//!   and the same files read in the same order give the same pseudonyms in
//!   every run (a report and a drill export of one session line up; so do
//!   the CLI's and the app's). No clock and no randomness are involved.
//! - **Agent nicks** become the name their account has in the settings
//!   (`Account::name`), or `客服-n` / `Agent-n` (n: the agent's position in
//!   the engine's agent list, sorted by nick) when it has none.
//! - **Free text** (message bodies, drill rows' opening messages, alert
//!   excerpts, any exported cell) is scanned for every buyer nick, agent
//!   nick and order number of the dataset (one Aho–Corasick pass, longest
//!   match first), then for shapes no dataset lists: mainland mobiles
//!   (`1[3-9]` + 9 digits, with spaces or dashes, `+86`, masked
//!   `138****5678`) and landlines (`0571-88886666`) become `电话-***`, other
//!   runs of 15+ digits (order numbers not loaded) `订单-***`, a name after
//!   收货人/收件人/联系人/姓名 `收货人-***`, address-shaped text (a place
//!   ending in 省/市/区/县 followed by a road, street, lane or village)
//!   `地址-***`. These carry no number: they are not a dimension anything
//!   is counted by.
//!
//! Only labels change, never a count, so every number and every drill-down
//! lines up with the unredacted one. The order export's 收货人姓名 and
//! 收货地址 columns are not read into the dataset at all, so no output can
//! carry them; in chats they are caught by shape only (a name without a
//! 收货人-like label before it is not).

use std::collections::HashMap;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};
use regex::Regex;

use crate::engine::DrillRow;
use crate::export::{Cell, Table};
use crate::model::Dataset;
use crate::settings::Settings;

/// Known strings shorter than this (in chars) are replaced only when they
/// are a whole cell: a one- or two-letter nick would otherwise eat
/// ordinary words out of every message.
const MIN_TEXT_CHARS: usize = 3;

/// The pseudonyms of one dataset (see the module docs).
#[derive(Debug, Clone)]
pub struct Redactor {
    zh: bool,
    /// Nick or order number → its pseudonym or configured name.
    exact: HashMap<String, String>,
    /// The keys of `exact` long enough to be searched for in text, and
    /// their replacements, in the same order.
    finder: Option<AhoCorasick>,
    replacements: Vec<String>,
}

impl Redactor {
    /// The pseudonyms of `ds`: `agents` are the engine's staff accounts
    /// (sorted by nick, as `Engine::agents` gives them), every other nick
    /// of the dataset is a buyer's; names from `settings.accounts`; words
    /// in Chinese when `zh`.
    pub fn new(ds: &Dataset, settings: &Settings, agents: &[String], zh: bool) -> Redactor {
        let mut exact: HashMap<String, String> = HashMap::new();
        let (agent_word, buyer_word, order_word) =
            if zh { ("客服", "买家", "订单") } else { ("Agent", "Buyer", "Order") };
        for (i, nick) in agents.iter().enumerate() {
            exact.insert(nick.clone(), agent_name(settings, nick).unwrap_or_else(|| format!("{agent_word}-{}", i + 1)));
        }
        // Accounts of the settings that sent nothing are staff all the same.
        for a in &settings.accounts {
            if !exact.contains_key(&a.nick) && !a.nick.is_empty() {
                let label =
                    agent_name(settings, &a.nick).unwrap_or_else(|| format!("{agent_word}-{}", exact.len() + 1));
                exact.insert(a.nick.clone(), label);
            }
        }
        // (`未分配` is the import's placeholder for a message no agent
        // claimed: a word of ours, not a person.)
        let buyers: Vec<&str> = ds
            .nicks
            .names()
            .filter(|n| !n.is_empty() && *n != crate::import::UNASSIGNED && !exact.contains_key(*n))
            .collect();
        let width = digits(buyers.len()).max(4);
        for (i, b) in buyers.iter().enumerate() {
            exact.insert(b.to_string(), format!("{buyer_word}-{:0width$}", i + 1));
        }
        let mut orders: Vec<&str> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let ids = ds.orders.iter().map(|o| o.id.as_str()).chain(ds.refunds.iter().map(|r| r.order_id.as_str()));
        for id in ids {
            if !id.is_empty() && !exact.contains_key(id) && seen.insert(id) {
                orders.push(id);
            }
        }
        let width = digits(orders.len()).max(4);
        for (i, o) in orders.iter().enumerate() {
            exact.insert(o.to_string(), format!("{order_word}-{:0width$}", i + 1));
        }
        // A stable order for the automaton (HashMap order is not).
        let mut keys: Vec<(&String, &String)> =
            exact.iter().filter(|(k, _)| k.chars().count() >= MIN_TEXT_CHARS).collect();
        keys.sort();
        let finder = (!keys.is_empty()).then(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(keys.iter().map(|(k, _)| k.as_str()))
                .expect("literal patterns always build")
        });
        let replacements = keys.iter().map(|(_, v)| v.to_string()).collect();
        Redactor { zh, exact, finder, replacements }
    }

    /// One cell: a whole nick or order number becomes its pseudonym, any
    /// other text is scanned ([`Redactor::text`]).
    pub fn cell(&self, s: &str) -> String {
        match self.exact.get(s.trim()) {
            Some(p) => p.clone(),
            None => self.text(s),
        }
    }

    /// Free text with every known nick and order number replaced, then
    /// phones, unknown order-like numbers, receiver names and addresses.
    ///
    /// An alert excerpt marks what a rule matched with 【】, and a match
    /// can fall inside a nick, phone or order number (the complaint
    /// hotline 12345 inside a mobile), splitting it where no pattern sees
    /// it. So the marks are taken out first, the text redacted, and each
    /// marked word marked again where it still stands (a marked word that
    /// was part of something redacted goes with it).
    pub fn text(&self, s: &str) -> String {
        if !s.contains('【') {
            return self.plain_text(s);
        }
        let marked: Vec<&str> = s
            .split('【')
            .skip(1)
            .filter_map(|p| p.split_once('】').map(|(w, _)| w))
            .filter(|w| !w.is_empty())
            .collect();
        let mut out = self.plain_text(&s.replace(['【', '】'], ""));
        for w in marked {
            if let Some(i) = out.find(w) {
                out.replace_range(i..i + w.len(), &format!("【{w}】"));
            }
        }
        out
    }

    fn plain_text(&self, s: &str) -> String {
        let known = match &self.finder {
            Some(f) => f.replace_all(s, &self.replacements),
            None => s.to_string(),
        };
        self.shapes(&known)
    }

    /// The pattern pass of [`Redactor::text`].
    fn shapes(&self, s: &str) -> String {
        let p = patterns();
        let (phone, order, receiver, address) = if self.zh {
            ("电话-***", "订单-***", "收货人-***", "地址-***")
        } else {
            ("Phone-***", "Order-***", "Receiver-***", "Address-***")
        };
        let s = replace_digits(&p.phone, s, phone);
        let s = replace_digits(&p.long_digits, &s, order);
        // A clipped excerpt (`…`) can cut a number short of any pattern.
        let s = p.clipped_digits.replace_all(&s, "***…");
        let s = p.receiver.replace_all(&s, |c: &regex::Captures| format!("{}{}{receiver}", &c[1], &c[2]));
        p.address.replace_all(&s, address).into_owned()
    }

    /// Every cell of a table (headers stay: they are the UI's words).
    pub fn table(&self, t: &Table) -> Table {
        let rows = t
            .rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|c| match c {
                        Cell::Text(s) => Cell::Text(self.cell(s)),
                        other => other.clone(),
                    })
                    .collect()
            })
            .collect();
        Table { headers: t.headers.clone(), rows }
    }

    /// A drill row's agent, buyer and opening message (its detail is
    /// redacted where it is turned into text, `format::drill_detail`).
    pub fn drill_row(&self, r: &DrillRow) -> DrillRow {
        DrillRow { agent: self.cell(&r.agent), buyer: self.cell(&r.buyer), opening: self.text(&r.opening), ..r.clone() }
    }
}

/// The configured name of an agent nick, if it has one.
fn agent_name(settings: &Settings, nick: &str) -> Option<String> {
    settings.account(nick).map(|a| a.name.trim().to_string()).filter(|n| !n.is_empty())
}

fn digits(n: usize) -> usize {
    n.max(1).to_string().len()
}

struct Patterns {
    phone: Regex,
    long_digits: Regex,
    clipped_digits: Regex,
    receiver: Regex,
    address: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| Patterns {
        phone: Regex::new(concat!(
            r"(?:\+?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}[ -]?\d{4}|[*＊xX]{4}\d{4})",
            r"|0\d{2,3}[ -]?\d{7,8}",
        ))
        .expect("phone pattern"),
        long_digits: Regex::new(r"\d{15,}").expect("digits pattern"),
        clipped_digits: Regex::new(r"\d[\d -]{4,}…").expect("clipped pattern"),
        receiver: Regex::new(r"(收货人(?:姓名)?|收件人(?:姓名)?|联系人|姓名)(\s*[:：]?\s*)\p{Han}{2,4}")
            .expect("receiver pattern"),
        address: Regex::new(concat!(
            r"\p{Han}{0,8}(?:省|自治区|市|区|县)[\p{Han}A-Za-z0-9\-#]{0,30}?",
            r"(?:路|街|巷|弄|道|村|镇|乡|小区|大厦|公寓|花园)[\p{Han}A-Za-z0-9\-#]{0,30}",
        ))
        .expect("address pattern"),
    })
}

/// `re`'s matches that are not part of a longer run of digits, replaced
/// by `with` (the regex crate has no look-around to say so itself).
fn replace_digits(re: &Regex, s: &str, with: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    for m in re.find_iter(s) {
        let before = s[..m.start()].chars().next_back().is_some_and(|c| c.is_ascii_digit());
        let after = s[m.end()..].chars().next().is_some_and(|c| c.is_ascii_digit());
        if before || after {
            continue;
        }
        out.push_str(&s[last..m.start()]);
        out.push_str(with);
        last = m.end();
    }
    out.push_str(&s[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redactor() -> Redactor {
        let mut ds = Dataset::default();
        for n in [crate::import::UNASSIGNED, "店铺:小美", "tb_buyer_one", "买家二号", "店铺:阿强"] {
            ds.nicks.intern(n);
        }
        let mut settings = Settings::default();
        settings.accounts.push(crate::settings::Account {
            nick: "店铺:小美".into(),
            name: "小美".into(),
            ..Default::default()
        });
        Redactor::new(&ds, &settings, &["店铺:小美".to_string(), "店铺:阿强".to_string()], true)
    }

    #[test]
    fn nicks_get_names_or_numbers_in_interned_order() {
        let r = redactor();
        assert_eq!(r.cell("店铺:小美"), "小美");
        // No name configured: its place in the agent list (second).
        assert_eq!(r.cell("店铺:阿强"), "客服-2");
        assert_eq!(r.cell("tb_buyer_one"), "买家-0001");
        assert_eq!(r.cell("买家二号"), "买家-0002");
        assert_eq!(r.text("tb_buyer_one 说 买家二号 也要"), "买家-0001 说 买家-0002 也要");
    }

    #[test]
    fn shapes_are_masked_and_other_digits_stay() {
        let r = redactor();
        assert_eq!(r.text("电话13812345678"), "电话电话-***");
        assert_eq!(r.text("打 138-1234-5678 或 0571-88886666"), "打 电话-*** 或 电话-***");
        assert_eq!(r.text("138****5678"), "电话-***");
        // Part of a longer number: not a phone, but an order-like run.
        assert_eq!(r.text("单号 2345138123456789012"), "单号 订单-***");
        assert_eq!(r.text("拍了 2 件，共 199 元"), "拍了 2 件，共 199 元");
        assert_eq!(r.text("收货人：张三丰"), "收货人：收货人-***");
        // A rule's mark inside a phone does not hide it; one outside stays.
        assert_eq!(r.text("电话138【12345】678【投诉】"), "电话电话-***【投诉】");
        assert_eq!(r.text("【tb_buyer】_one 说"), "买家-0001 说");
        assert_eq!(r.text("座机0571-888866…"), "座机***…");
        // The Han words before the place go with it (the pattern cannot
        // tell 寄到 from a place name): more is hidden, never less.
        assert_eq!(r.text("寄到浙江省杭州市西湖区文三路100号3栋，谢谢"), "地址-***，谢谢");
    }
}
