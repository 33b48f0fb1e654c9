//! `column_mappings` (spec §10.1): how to read a table whose header matches
//! no known format. A mapping is made once by the user (the app's column
//! mapper, or by hand in the settings file) and applied whenever a table
//! with exactly that header (cell texts, trimmed, in order) is loaded.
//!
//! A mapping is checked when the settings are read: a bad kind, role name,
//! column key, a column that is not in the header, a missing required
//! column or an unreadable time pattern is refused with the value named.
//! It is written back in the same shape (`roles` left out when empty).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// What a mapped table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MappingKind {
    Chats,
    Orders,
}

/// Which header cell holds each field. Chats: `time`, `text`, `role`, and
/// either `agent` + `buyer` or `conversation` + `sender_name`; `shop` and
/// `product` (the product a message is about: a sku / item id / item link
/// column, issue 14) optional. Orders: `order_id`, `created`, `amount`; `buyer`, `paid`,
/// `title`, `shop` optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MappingColumns {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agent: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub buyer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conversation: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sender_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shop: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
}

impl MappingColumns {
    /// Every (key, column) set, in a fixed order.
    pub fn named(&self) -> Vec<(&'static str, &str)> {
        [
            ("time", &self.time),
            ("agent", &self.agent),
            ("buyer", &self.buyer),
            ("conversation", &self.conversation),
            ("sender_name", &self.sender_name),
            ("role", &self.role),
            ("text", &self.text),
            ("shop", &self.shop),
            ("order_id", &self.order_id),
            ("created", &self.created),
            ("paid", &self.paid),
            ("amount", &self.amount),
            ("title", &self.title),
            ("product", &self.product),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.as_deref().map(|v| (k, v)))
        .collect()
    }
}

impl MappingColumns {
    /// The column named for a field key (`time`, `agent`, …).
    pub fn get(&self, key: &str) -> Option<&str> {
        self.named().into_iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    /// Name the column of a field key; false for an unknown key.
    pub fn set(&mut self, key: &str, column: Option<String>) -> bool {
        let slot = match key {
            "time" => &mut self.time,
            "agent" => &mut self.agent,
            "buyer" => &mut self.buyer,
            "conversation" => &mut self.conversation,
            "sender_name" => &mut self.sender_name,
            "role" => &mut self.role,
            "text" => &mut self.text,
            "shop" => &mut self.shop,
            "order_id" => &mut self.order_id,
            "created" => &mut self.created,
            "paid" => &mut self.paid,
            "amount" => &mut self.amount,
            "title" => &mut self.title,
            "product" => &mut self.product,
            _ => return false,
        };
        *slot = column;
        true
    }
}

/// The field keys a mapping of this kind (and chat mode) needs, then those
/// it may have, in the order a form shows them.
pub fn mapping_fields(kind: MappingKind, mode: ChatMode) -> (&'static [&'static str], &'static [&'static str]) {
    match (kind, mode) {
        (MappingKind::Chats, ChatMode::AgentBuyer) => {
            (&["time", "agent", "buyer", "role", "text"], &["shop", "product"])
        }
        (MappingKind::Chats, ChatMode::Conversation) => {
            (&["time", "conversation", "sender_name", "role", "text"], &["shop", "product"])
        }
        (MappingKind::Orders, _) => (&["order_id", "created", "amount"], &["buyer", "paid", "title", "shop"]),
    }
}

/// Which values of the role column mean which sender (spec §1.1). A value
/// listed nowhere is read as the chat-table's sender words are (顾客/买家/
/// buyer, 客服/agent, 自动/auto, 系统/system), else the row is skipped with a
/// problem naming the value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MappingRoles {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub buyer: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub agent: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub auto: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub system: Vec<String>,
}

impl MappingRoles {
    pub fn is_empty(&self) -> bool {
        self.buyer.is_empty() && self.agent.is_empty() && self.auto.is_empty() && self.system.is_empty()
    }
}

/// `"auto"` (every shape the importer knows, see `import::time::parse_mapped`)
/// or an strftime-style pattern such as `"%d/%m/%Y %H:%M"`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum TimeFormat {
    #[default]
    Auto,
    Pattern(String),
}

impl std::str::FromStr for TimeFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let t = s.trim();
        if t.is_empty() || t.eq_ignore_ascii_case("auto") {
            return Ok(TimeFormat::Auto);
        }
        let bad =
            || format!("invalid time_format '{s}' (expected \"auto\" or a pattern such as \"%Y-%m-%d %H:%M:%S\")");
        if !t.contains('%') {
            return Err(bad());
        }
        let items = chrono::format::StrftimeItems::new(t);
        if items.clone().any(|i| matches!(i, chrono::format::Item::Error)) {
            return Err(bad());
        }
        Ok(TimeFormat::Pattern(t.to_string()))
    }
}

impl fmt::Display for TimeFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimeFormat::Auto => f.write_str("auto"),
            TimeFormat::Pattern(p) => f.write_str(p),
        }
    }
}

impl Serialize for TimeFormat {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TimeFormat {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// One column mapping (spec §10.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawMapping")]
pub struct ColumnMapping {
    pub kind: MappingKind,
    /// The header it applies to: cell texts, trimmed, in order.
    pub header: Vec<String>,
    pub columns: MappingColumns,
    #[serde(skip_serializing_if = "MappingRoles::is_empty")]
    pub roles: MappingRoles,
    pub time_format: TimeFormat,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMapping {
    kind: MappingKind,
    header: Vec<String>,
    #[serde(default)]
    columns: MappingColumns,
    #[serde(default)]
    roles: MappingRoles,
    #[serde(default)]
    time_format: TimeFormat,
}

impl TryFrom<RawMapping> for ColumnMapping {
    type Error = String;
    fn try_from(r: RawMapping) -> Result<Self, String> {
        let m = ColumnMapping {
            kind: r.kind,
            header: r.header.iter().map(|h| h.trim().to_string()).collect(),
            columns: r.columns,
            roles: r.roles,
            time_format: r.time_format,
        };
        m.validate()?;
        Ok(m)
    }
}

/// How the chats of a mapping name their two sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChatMode {
    /// `agent` and `buyer` columns.
    AgentBuyer,
    /// `conversation` and `sender_name` columns; the role column says which
    /// senders are the buyer.
    Conversation,
}

impl ColumnMapping {
    /// The header as compared with a table's: trimmed cells, trailing empty
    /// cells dropped.
    pub fn header_key(cells: impl IntoIterator<Item = impl AsRef<str>>) -> Vec<String> {
        let mut v: Vec<String> = cells
            .into_iter()
            .map(|c| c.as_ref().trim_matches(|ch: char| ch.is_whitespace() || ch == '\u{feff}').to_string())
            .collect();
        while v.last().is_some_and(|c| c.is_empty()) {
            v.pop();
        }
        v
    }

    /// Does a table with these header cells use this mapping?
    pub fn matches(&self, header_key: &[String]) -> bool {
        Self::header_key(&self.header) == header_key
    }

    /// Index of a column in the header.
    pub fn index(&self, column: &Option<String>) -> Option<usize> {
        let c = column.as_deref()?.trim();
        self.header.iter().position(|h| h == c)
    }

    pub fn chat_mode(&self) -> ChatMode {
        if self.columns.conversation.is_some() {
            ChatMode::Conversation
        } else {
            ChatMode::AgentBuyer
        }
    }

    /// Check the mapping; the error names the bad value.
    pub fn validate(&self) -> Result<(), String> {
        if Self::header_key(&self.header).is_empty() {
            return Err("column mapping: empty header".into());
        }
        for (key, col) in self.columns.named() {
            if !self.header.iter().any(|h| h == col.trim()) {
                return Err(format!(
                    "column mapping: columns.{key} = '{col}' is not in the header [{}]",
                    self.header.join(", ")
                ));
            }
        }
        let c = &self.columns;
        let need = |ok: bool, what: &str| {
            if ok {
                Ok(())
            } else {
                Err(format!("column mapping for header [{}]: {what}", self.header.join(", ")))
            }
        };
        match self.kind {
            MappingKind::Chats => {
                need(c.time.is_some(), "a chats mapping needs columns.time")?;
                need(c.text.is_some(), "a chats mapping needs columns.text")?;
                need(c.role.is_some(), "a chats mapping needs columns.role")?;
                let ab = c.agent.is_some() && c.buyer.is_some();
                let cs = c.conversation.is_some() && c.sender_name.is_some();
                need(
                    ab != cs,
                    "a chats mapping needs either columns.agent and columns.buyer, or columns.conversation and columns.sender_name",
                )?;
                for (key, v) in
                    [("order_id", &c.order_id), ("created", &c.created), ("paid", &c.paid), ("amount", &c.amount)]
                {
                    need(v.is_none(), &format!("columns.{key} is for orders, not chats"))?;
                }
            }
            MappingKind::Orders => {
                need(c.order_id.is_some(), "an orders mapping needs columns.order_id")?;
                need(c.created.is_some(), "an orders mapping needs columns.created")?;
                need(c.amount.is_some(), "an orders mapping needs columns.amount")?;
                for (key, v) in [
                    ("agent", &c.agent),
                    ("conversation", &c.conversation),
                    ("sender_name", &c.sender_name),
                    ("role", &c.role),
                    ("text", &c.text),
                    ("product", &c.product),
                ] {
                    need(v.is_none(), &format!("columns.{key} is for chats, not orders"))?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Settings;

    const SPEC: &str = r#"{
  "column_mappings": [
    {"kind": "chats", "header": ["created_at", "conversation_id", "sender_type", "sender_name", "content"],
     "columns": {"time": "created_at", "conversation": "conversation_id",
                 "role": "sender_type", "sender_name": "sender_name", "text": "content"},
     "roles": {"buyer": ["contact"], "agent": ["user"], "auto": ["bot"], "system": ["activity"]},
     "time_format": "auto"},
    {"kind": "chats", "header": ["时间", "坐席", "客户", "方向", "消息"],
     "columns": {"time": "时间", "agent": "坐席", "buyer": "客户", "role": "方向", "text": "消息"},
     "roles": {"buyer": ["in"], "agent": ["out"]}},
    {"kind": "orders", "header": ["单号", "客户", "下单", "付款", "金额"],
     "columns": {"order_id": "单号", "buyer": "客户", "created": "下单", "paid": "付款", "amount": "金额"}}
  ]
}"#;

    #[test]
    fn spec_example_reads_typed_and_writes_back_the_same_shape() {
        let s = Settings::from_json(SPEC).unwrap();
        let m = &s.column_mappings;
        assert_eq!(m.len(), 3);
        assert_eq!(m[0].kind, MappingKind::Chats);
        assert_eq!(m[0].chat_mode(), ChatMode::Conversation);
        assert_eq!(m[0].roles.auto, vec!["bot"]);
        assert_eq!(m[1].chat_mode(), ChatMode::AgentBuyer);
        assert_eq!(m[1].time_format, TimeFormat::Auto, "time_format defaults to auto");
        assert_eq!(m[2].kind, MappingKind::Orders);
        assert_eq!(m[2].index(&m[2].columns.amount), Some(4));
        assert!(m[2].roles.is_empty());
        // Written back: the same JSON, with the default time_format spelled out.
        let out: serde_json::Value = serde_json::from_str(&s.to_json()).unwrap();
        let mut want: serde_json::Value = serde_json::from_str(SPEC).unwrap();
        want["column_mappings"][1]["time_format"] = "auto".into();
        want["column_mappings"][2]["time_format"] = "auto".into();
        assert_eq!(out["column_mappings"], want["column_mappings"]);
        assert_eq!(Settings::from_json(&s.to_json()).unwrap(), s);
        // No mappings: the key is left out.
        assert!(!Settings::default().to_json().contains("column_mappings"));
    }

    #[test]
    fn a_pattern_time_format_round_trips() {
        let json = r#"{"column_mappings": [{"kind": "orders", "header": ["a", "b", "c"],
            "columns": {"order_id": "a", "created": "b", "amount": "c"}, "time_format": "%d/%m/%Y %H:%M"}]}"#;
        let s = Settings::from_json(json).unwrap();
        assert_eq!(s.column_mappings[0].time_format, TimeFormat::Pattern("%d/%m/%Y %H:%M".into()));
        assert!(s.to_json().contains(r#""time_format": "%d/%m/%Y %H:%M""#));
    }

    #[test]
    fn a_bad_mapping_is_refused_naming_the_value() {
        let base = |kind: &str, columns: &str, extra: &str| {
            format!(
                r#"{{"column_mappings": [{{"kind": "{kind}", "header": ["t", "a", "b", "r", "x"],
                    "columns": {{{columns}}}{extra}}}]}}"#
            )
        };
        let ok_cols = r#""time": "t", "agent": "a", "buyer": "b", "role": "r", "text": "x""#;
        assert!(Settings::from_json(&base("chats", ok_cols, "")).is_ok());
        for (json, named) in [
            (base("ratings", ok_cols, ""), "ratings"),
            (base("chats", r#""time": "t", "agent": "a", "buyer": "b", "role": "r", "text": "内容""#, ""), "内容"),
            (base("chats", r#""time": "t", "agent": "a", "buyer": "b", "role": "r", "txt": "x""#, ""), "txt"),
            (base("chats", r#""time": "t", "agent": "a", "role": "r", "text": "x""#, ""), "columns.buyer"),
            (base("chats", r#""agent": "a", "buyer": "b", "role": "r", "text": "x""#, ""), "columns.time"),
            (base("chats", ok_cols, r#", "roles": {"customer": ["in"]}"#), "customer"),
            (base("chats", ok_cols, r#", "time_format": "dd/mm/yyyy""#), "dd/mm/yyyy"),
            (base("chats", ok_cols, r#", "time_format": "%Y-%!""#), "%Y-%!"),
            (base("orders", r#""order_id": "t", "created": "a""#, ""), "columns.amount"),
            (base("orders", r#""order_id": "t", "created": "a", "amount": "b", "text": "x""#, ""), "columns.text"),
        ] {
            let err = Settings::from_json(&json).expect_err(&json).to_string();
            assert!(err.contains(named), "{named}: {err}");
        }
    }

    #[test]
    fn a_form_fills_a_mapping_field_by_field() {
        let header: Vec<String> = ["t", "c", "r", "n", "x"].iter().map(|s| s.to_string()).collect();
        let (req, opt) = mapping_fields(MappingKind::Chats, ChatMode::Conversation);
        assert_eq!(opt, ["shop", "product"]);
        let mut m = ColumnMapping {
            kind: MappingKind::Chats,
            header: header.clone(),
            columns: MappingColumns::default(),
            roles: MappingRoles::default(),
            time_format: TimeFormat::Auto,
        };
        for (key, col) in req.iter().zip(["t", "c", "n", "r", "x"]) {
            assert!(m.columns.set(key, Some(col.into())));
        }
        assert!(!m.columns.set("colour", Some("t".into())));
        assert_eq!(m.columns.get("sender_name"), Some("n"));
        assert_eq!(m.validate(), Ok(()));
        assert_eq!(m.chat_mode(), ChatMode::Conversation);
        m.columns.set("text", None);
        assert!(m.validate().unwrap_err().contains("columns.text"));
    }

    #[test]
    fn a_header_matches_trimmed_in_order_ignoring_trailing_empty_cells() {
        let s = Settings::from_json(SPEC).unwrap();
        let m = &s.column_mappings[2];
        assert!(m.matches(&ColumnMapping::header_key([" 单号", "客户 ", "下单", "付款", "金额", ""])));
        assert!(!m.matches(&ColumnMapping::header_key(["客户", "单号", "下单", "付款", "金额"])));
        assert!(!m.matches(&ColumnMapping::header_key(["单号", "客户", "下单", "付款", "金额", "备注"])));
    }
}
