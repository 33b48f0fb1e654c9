//! The `alerts` object of the settings file: which alert rules are on and
//! their thresholds and word lists (seeds 002 and 004). Evaluating them is
//! `engine::alerts`.

use regex::Regex;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct WaitRule {
    pub enabled: bool,
    pub yellow_secs: i64,
    pub red_secs: i64,
}

impl Default for WaitRule {
    fn default() -> Self {
        WaitRule { enabled: true, yellow_secs: 60, red_secs: 180 }
    }
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct ReplyTimeoutRule {
    pub enabled: bool,
    pub secs: i64,
}

impl Default for ReplyTimeoutRule {
    fn default() -> Self {
        ReplyTimeoutRule { enabled: true, secs: 300 }
    }
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct LowRatingRule {
    pub enabled: bool,
    /// Alert when the rating (5 = 很满意 … 1 = 很不满意) is at or below this.
    pub max_score: u8,
}

impl Default for LowRatingRule {
    fn default() -> Self {
        LowRatingRule { enabled: true, max_score: 2 }
    }
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct SensitiveWordsRule {
    pub enabled: bool,
    /// Substring keywords (case-sensitive).
    pub keywords: Vec<String>,
    /// Optional regular expression (Rust `regex` syntax), matched in
    /// addition to the keywords.
    pub regex: Option<String>,
    /// Check human staff messages.
    pub staff: bool,
    /// Check buyer messages.
    pub buyer: bool,
}

impl Default for SensitiveWordsRule {
    fn default() -> Self {
        SensitiveWordsRule {
            enabled: true,
            keywords: ["滚", "傻", "骗子", "垃圾", "白痴", "神经病"].iter().map(|s| s.to_string()).collect(),
            regex: None,
            staff: true,
            buyer: true,
        }
    }
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct ComplaintRule {
    pub enabled: bool,
    pub keywords: Vec<String>,
    pub regex: Option<String>,
}

/// The complaint phrases of the default rule. Each one alone says the buyer
/// means to complain or leave a bad review; words that merely name an
/// after-sales request (退款, 退货, 换货) are not among them, so
/// "退款怎么还没到" raises nothing while "不退款我就投诉" does (through 投诉).
pub const COMPLAINT_PHRASES: [&str; 14] =
    ["投诉", "差评", "举报", "12315", "12345", "工商", "消协", "曝光", "维权", "骗子", "欺骗", "欺诈", "太差", "垃圾"];

/// The default keywords before bare 退款 was dropped. Settings saved with
/// exactly this list are read with `COMPLAINT_PHRASES` instead
/// (`AlertRules::upgraded`); a list the user edited is kept as written.
const OLD_COMPLAINT_DEFAULT: [&str; 10] =
    ["投诉", "差评", "12315", "骗子", "退款", "举报", "工商", "消协", "曝光", "维权"];

impl Default for ComplaintRule {
    fn default() -> Self {
        ComplaintRule {
            enabled: true,
            keywords: COMPLAINT_PHRASES.iter().map(|s| s.to_string()).collect(),
            regex: None,
        }
    }
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct UnpaidRule {
    pub enabled: bool,
    /// A human staff message to the buyer within this many seconds after
    /// the order was created counts as a reminder (催付).
    pub within_secs: i64,
}

impl Default for UnpaidRule {
    fn default() -> Self {
        UnpaidRule { enabled: true, within_secs: 1800 }
    }
}

/// The `alerts` object of the settings file.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct AlertRules {
    pub wait: WaitRule,
    pub reply_timeout: ReplyTimeoutRule,
    pub low_rating: LowRatingRule,
    pub sensitive_words: SensitiveWordsRule,
    pub complaint: ComplaintRule,
    pub unpaid_no_reminder: UnpaidRule,
    /// Rounds opened outside work time raise no `wait` / `reply_timeout`
    /// alert (default), exactly as they are not counted in any metric
    /// (spec §2, `Round::counted`). Off: every round is checked.
    pub exclude_off_hours: bool,
}

impl Default for AlertRules {
    fn default() -> Self {
        AlertRules {
            wait: WaitRule::default(),
            reply_timeout: ReplyTimeoutRule::default(),
            low_rating: LowRatingRule::default(),
            sensitive_words: SensitiveWordsRule::default(),
            complaint: ComplaintRule::default(),
            unpaid_no_reminder: UnpaidRule::default(),
            exclude_off_hours: true,
        }
    }
}

impl AlertRules {
    /// The rules as they apply today: a complaint list saved when bare 退款
    /// was a default keyword (exactly the old default list) becomes
    /// `COMPLAINT_PHRASES`.
    pub fn upgraded(mut self) -> AlertRules {
        if self.complaint.keywords.iter().map(String::as_str).eq(OLD_COMPLAINT_DEFAULT) {
            self.complaint.keywords = ComplaintRule::default().keywords;
        }
        self
    }

    /// Every rule switched off (start from this and enable the ones wanted).
    pub fn none() -> AlertRules {
        let mut r = AlertRules::default();
        r.wait.enabled = false;
        r.reply_timeout.enabled = false;
        r.low_rating.enabled = false;
        r.sensitive_words.enabled = false;
        r.complaint.enabled = false;
        r.unpaid_no_reminder.enabled = false;
        r
    }

    /// Check the regular expressions. `Engine::alerts` ignores an invalid
    /// regex (keywords still apply); callers should report this error.
    pub fn validate(&self) -> Result<(), String> {
        for (name, re) in [("sensitive_words", &self.sensitive_words.regex), ("complaint", &self.complaint.regex)] {
            if let Some(re) = re.as_deref().filter(|s| !s.is_empty()) {
                Regex::new(re).map_err(|e| format!("alerts.{name}.regex: {e}"))?;
            }
        }
        Ok(())
    }
}
