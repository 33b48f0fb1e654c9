//! 金牌客服团队 (issue 14 item 6, seed 002): each shop's and team's
//! satisfaction in the loaded data's last month with ratings, marked 金牌
//! at or above `gold_satisfaction_rate`. Shown on the overview and the big
//! screen; a rate opens the ratings behind it, its failures first.

use kefu_lens::present::{gold_last_month, Gold};

use crate::ui::*;

/// The last month's shops then teams (`shop` / `team`, judged), kept
/// current with the filter, the data and `gold_satisfaction_rate`.
fn use_gold() -> Memo<Vec<(&'static str, Gold)>> {
    let app = use_app();
    let shops = use_report(vec![Dim::Month, Dim::Shop]);
    let teams = use_report(vec![Dim::Month, Dim::Team]);
    Memo::new(move |_| {
        let thr = app.settings.with(|s| s.as_ref().map_or(0.95, |s| s.gold_satisfaction_rate));
        let s = gold_last_month(&shops.get(), "shop", thr).into_iter().map(|g| ("shop", g));
        s.chain(gold_last_month(&teams.get(), "team", thr).into_iter().map(|g| ("team", g))).collect()
    })
}

#[component]
pub(crate) fn GoldTeams(id: &'static str) -> impl IntoView {
    let app = use_app();
    let vs = use_view();
    let dr = use_drill();
    let gold = use_gold();
    let entry = move |kind: &'static str, g: Gold, lang: Lang| {
        let mut key = std::collections::BTreeMap::new();
        key.insert("month".to_string(), g.month.clone());
        key.insert(kind.to_string(), g.name.clone());
        let rate = format::pct(Some(g.satisfaction_rate));
        let raw = g.satisfaction_rate.to_string();
        let ratings_key = key.clone();
        view! {
            <li class=if g.gold { "gold-row gold" } else { "gold-row" } data-kind=kind data-name=g.name.clone()
                data-gold=if g.gold { "1" } else { "0" }>
                <span class="gold-kind">{tr(lang, kind)}</span>
                <span class="gold-name">{g.name.clone()}</span>
                <a href="#" class="num" data-metric="satisfaction_rate" data-value=raw on:click=move |ev| {
                    ev.prevent_default();
                    open_drill(vs, dr, "satisfaction_rate", key.clone());
                }>{rate}</a>
                <a href="#" class="num gold-ratings" data-metric="ratings" data-value=g.ratings.to_string() on:click=move |ev| {
                    ev.prevent_default();
                    open_drill(vs, dr, "ratings", ratings_key.clone());
                }>{format!("{} {}", format::int(g.ratings), tr(lang, "ratings"))}</a>
                {g.gold.then(|| view! { <span class="gold-badge">{tr(lang, "gold_badge")}</span> })}
            </li>
        }
    };
    move || {
        let lang = app.lang.get();
        let all = gold.get();
        let month = all.first().map(|(_, g)| g.month.clone())?;
        let attr = month.clone();
        Some(view! {
            <section class="gold-teams" id=id data-month=attr>
                <h3>{tr(lang, "gold_title")}" · "{month}" "<HelpMark key="gold_satisfaction_rate"/></h3>
                <ul>
                    {all.into_iter().map(|(kind, g)| entry(kind, g, lang)).collect_view()}
                </ul>
            </section>
        })
    }
}

/// The big screen's line: the shops and teams that earn the badge this
/// month, each with its rate.
#[component]
pub(crate) fn GoldStrip() -> impl IntoView {
    let app = use_app();
    let gold = use_gold();
    move || {
        let lang = app.lang.get();
        let all = gold.get();
        let month = all.first().map(|(_, g)| g.month.clone())?;
        let winners: Vec<(&'static str, Gold)> = all.into_iter().filter(|(_, g)| g.gold).collect();
        let none = winners.is_empty().then(|| tr(lang, "none"));
        let attr = month.clone();
        Some(view! {
            <div class="big-gold" id="big-gold" data-month=attr>
                {tr(lang, "gold_title")}" · "{month}": "
                {winners.into_iter().map(|(kind, g)| view! {
                    <span class="gold-row" data-kind=kind data-name=g.name.clone()>
                        <span class="gold-badge">{tr(lang, "gold_badge")}</span>" "{g.name.clone()}" "
                        <b data-metric="satisfaction_rate" data-value=g.satisfaction_rate.to_string()>{format::pct(Some(g.satisfaction_rate))}</b>
                    </span>
                }).collect_view()}
                {none}
            </div>
        })
    }
}
