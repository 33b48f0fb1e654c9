use crate::ui::*;

/// Levels of the drill-down explorer, top to bottom.
pub(crate) const EXPLORE_LEVELS: [&str; 5] = ["shop", "team", "group", "agent", "day"];

pub(crate) fn explore_dim(level: &str) -> Dim {
    match level {
        "shop" => Dim::Shop,
        "team" => Dim::Team,
        "group" => Dim::Group,
        "agent" => Dim::Agent,
        _ => Dim::Day,
    }
}

/// The level shown below `path`: the one after its deepest level; the
/// group level only when the chosen team has sub-teams in the settings.
pub(crate) fn next_level(path: &[(String, String)], settings: &kefu_lens::Settings) -> &'static str {
    let deepest = path.iter().filter_map(|(d, _)| EXPLORE_LEVELS.iter().position(|l| l == d)).max();
    let mut i = deepest.map_or(0, |d| d + 1);
    if EXPLORE_LEVELS.get(i) == Some(&"group") {
        let team = path.iter().find(|(d, _)| d == "team").map(|(_, v)| v.as_str());
        let has_sub = settings.accounts.iter().any(|a| a.team.len() >= 2 && team.is_none_or(|t| a.team[0] == t));
        if !has_sub {
            i += 1;
        }
    }
    EXPLORE_LEVELS.get(i).copied().unwrap_or("day")
}

pub(crate) fn crumb_value(dim: &str, v: &str) -> String {
    match dim {
        "group" => v.rsplit('/').next().unwrap_or(v).to_string(),
        "agent" => v.to_string(),
        _ => v.to_string(),
    }
}

pub(crate) fn level_label(lang: Lang, level: &str) -> &'static str {
    match level {
        "shop" => tr(lang, "shop"),
        "team" => tr(lang, "team"),
        "group" => tr(lang, "group"),
        "agent" => tr(lang, "agent"),
        _ => tr(lang, "day"),
    }
}
