//! Business clock (work time per weekday, holidays) and the closing-word
//! filter (spec §2).

use crate::model::{day_of, parse_day, weekday, SECS_PER_DAY};
use crate::settings::Settings;

/// Work time: intervals per weekday (seconds of the day, sorted, merged)
/// and holiday day numbers (no work time at all).
#[derive(Debug, Clone)]
pub struct Clock {
    week: [Vec<(i64, i64)>; 7],
    holidays: Vec<i32>,
}

impl Clock {
    pub fn new(settings: &Settings) -> Clock {
        let week = std::array::from_fn(|wd| settings.work_intervals(wd as u32));
        let mut holidays: Vec<i32> = settings.holidays.iter().filter_map(|s| parse_day(s)).collect();
        holidays.sort_unstable();
        holidays.dedup();
        Clock { week, holidays }
    }

    /// Work intervals of a day number (empty on a holiday).
    pub fn intervals(&self, day: i32) -> &[(i64, i64)] {
        if self.holidays.binary_search(&day).is_ok() {
            &[]
        } else {
            &self.week[weekday(day) as usize]
        }
    }

    /// Is `ts` inside work time? Intervals are half-open `[start, end)`.
    pub fn is_work(&self, ts: i64) -> bool {
        let day = day_of(ts);
        let s = ts - day as i64 * SECS_PER_DAY;
        self.intervals(day).iter().any(|&(a, b)| a <= s && s < b)
    }

    /// Work-time seconds in `[a, b)`: the clock stops outside work time.
    pub fn work_secs(&self, a: i64, b: i64) -> i64 {
        if b <= a {
            return 0;
        }
        let mut total = 0;
        let (da, db) = (day_of(a), day_of(b));
        for day in da..=db {
            let base = day as i64 * SECS_PER_DAY;
            for &(s, e) in self.intervals(day) {
                let lo = (base + s).max(a);
                let hi = (base + e).min(b);
                if hi > lo {
                    total += hi - lo;
                }
            }
        }
        total
    }
}

/// Characters trimmed before the closing-word comparison: whitespace,
/// ASCII and CJK/full-width punctuation, symbols and emoji.
fn is_trim_char(c: char) -> bool {
    // (most characters of a chat: CJK ideographs and ASCII letters and
    // digits, none of them trimmed, answered before the tests below)
    if c.is_ascii_alphanumeric() || ('\u{4E00}'..='\u{9FFF}').contains(&c) {
        return false;
    }
    if c.is_whitespace() || c.is_ascii_punctuation() || c.is_control() {
        return true;
    }
    let u = c as u32;
    matches!(u,
        0x00A1..=0x00BF            // Latin-1 punctuation/symbols
        | 0x2000..=0x206F          // general punctuation (incl. ZWJ, …)
        | 0x20A0..=0x20CF          // currency
        | 0x2100..=0x2BFF          // letterlike, arrows, math, technical, shapes, dingbats, misc symbols
        | 0x3000..=0x303F          // CJK symbols and punctuation
        | 0xFE00..=0xFE0F          // variation selectors
        | 0xFE30..=0xFE4F          // CJK compatibility forms
        | 0xFE50..=0xFE6F          // small form variants
        | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65 // full-width punctuation
        | 0x1F000..=0x1FAFF        // emoji, pictographs, skin tones
        | 0xE0000..=0xE007F        // tags
    )
}

/// The closing-word filter (非买家有效消息判定).
#[derive(Debug, Clone)]
pub struct ClosingWords {
    on: bool,
    words: Vec<String>,
}

impl ClosingWords {
    pub fn new(settings: &Settings) -> ClosingWords {
        let words = settings.closing_words.iter().map(|w| w.trim_matches(is_trim_char).to_string()).collect();
        ClosingWords { on: settings.closing_word_filter, words }
    }

    /// True when a buyer message with this text is NOT a valid buyer message:
    /// the filter is on and, after trimming whitespace, punctuation and
    /// emoji, the text is empty or exactly a closing word (ASCII case
    /// ignored, so `Ok` matches `ok`).
    pub fn is_closing(&self, text: &str) -> bool {
        if !self.on {
            return false;
        }
        let t = text.trim_matches(is_trim_char);
        t.is_empty() || self.words.iter().any(|w| w.eq_ignore_ascii_case(t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ts_from_ymdhms;

    #[test]
    fn lunch_break() {
        let mut s = Settings::default();
        for v in s.work_time.values_mut() {
            *v = vec!["09:00-12:00".parse().unwrap(), "13:30-23:00".parse().unwrap()];
        }
        let c = Clock::new(&s);
        let a = ts_from_ymdhms(2024, 6, 3, 11, 59, 0).unwrap();
        let b = ts_from_ymdhms(2024, 6, 3, 13, 31, 0).unwrap();
        assert_eq!(c.work_secs(a, b), 120);
        assert!(c.is_work(a));
        assert!(!c.is_work(a + 120));
    }

    #[test]
    fn closing() {
        let c = ClosingWords::new(&Settings::default());
        assert!(c.is_closing("好的！"));
        assert!(c.is_closing(" 谢谢😊 "));
        assert!(c.is_closing("👌"));
        assert!(c.is_closing("。。。"));
        assert!(c.is_closing("Ok"));
        assert!(!c.is_closing("好的，我想问下尺码"));
    }
}
