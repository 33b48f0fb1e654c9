//! The import report's line about rows that repeat earlier files (spec
//! §1.2.1): how many, from which files, and for orders how many records of
//! this file replaced an earlier one.

use super::i18n::{tr, Lang};

/// What a report card says when a file repeats earlier files. `kind` is the
/// file's kind word (`chats`, `orders`, `ratings`), `n` the file's
/// `duplicates`, `files` the names in its `duplicate_of`, `replaced` its
/// `replaced`. Empty when `n` is 0.
pub fn duplicates_note(lang: Lang, kind: &str, n: u64, files: &[&str], replaced: u64) -> String {
    if n == 0 {
        return String::new();
    }
    let names: Vec<String> =
        files.iter().map(|f| if lang.zh() { format!("「{f}」") } else { format!("“{f}”") }).collect();
    let names = names.join(if lang.zh() { "、" } else { ", " });
    let key = match kind {
        "orders" => "dup_orders",
        "ratings" => "dup_ratings",
        "refunds" => "dup_refunds",
        _ => "dup_messages",
    };
    let mut s = tr(lang, key).replace("{n}", &n.to_string()).replace("{files}", &names);
    if kind == "orders" && replaced > 0 {
        s.push_str(&tr(lang, "dup_replaced").replace("{n}", &replaced.to_string()));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn says_how_many_from_which_files() {
        assert_eq!(duplicates_note(Lang::Zh, "chats", 0, &[], 0), "");
        assert_eq!(
            duplicates_note(Lang::Zh, "chats", 12, &["六月.csv"], 0),
            "已跳过 12 条与「六月.csv」重复的消息：同一段时间的记录导入了两次，只算一次。"
        );
        assert_eq!(
            duplicates_note(Lang::En, "ratings", 3, &["a.csv", "b.csv"], 0),
            "Skipped 3 ratings already loaded from “a.csv”, “b.csv”: the same period was loaded twice; each counts once."
        );
        assert_eq!(
            duplicates_note(Lang::Zh, "orders", 2, &["a.csv"], 1),
            "有 2 个订单已从「a.csv」导入过：同一订单号只算一次。其中 1 个改用本文件的记录（本文件有付款时间）。"
        );
        assert_eq!(
            duplicates_note(Lang::En, "orders", 2, &["a.csv"], 0),
            "2 orders were already loaded from “a.csv”: each order number counts once."
        );
    }
}
