//! 质检 (issue 15 item 1, seed 002's 聊天记录抽查): draw conversation-days
//! to review — per agent at random with a seed shown here, or all of one
//! alert rule, all low ratings, all 询单未下单 — score each beside its chat
//! with a QA template of the settings, and read per agent what was sampled,
//! scored, the average and the items lost most. The book of scores is kept
//! in this browser with buyers hashed (`storage::qa_book`), exported and
//! imported as JSON or Excel through the worker; KPI items `qa:<template>`
//! take its averages (the KPI view sends it).

use kefu_lens::engine::alerts::AlertRule;
use kefu_lens::engine::Transcript;
use kefu_lens::qa::{
    hashed_buyer, ItemScore, QaKey, QaSummary, Sample, SampleMode, SampleRequest, SampleRow, ScoreBook, ScoreSheet,
    Why, BOOK_VERSION,
};
use kefu_lens::settings::QaTemplate;

use crate::ui::drill::transcript::Chat;
use crate::ui::storage::{qa_book, qa_scorer, store_qa_book, store_qa_scorer};
use crate::ui::*;

/// The rule names as the alert settings label them.
fn rule_key(r: AlertRule) -> &'static str {
    match r {
        AlertRule::WaitYellow => "rule_wait_yellow",
        AlertRule::WaitRed => "rule_wait_red",
        AlertRule::ReplyTimeout => "rule_reply_timeout",
        AlertRule::LowRating => "rule_low_rating",
        AlertRule::SensitiveWord => "rule_sensitive",
        AlertRule::Complaint => "rule_complaint",
        AlertRule::UnpaidNoReminder => "rule_unpaid",
    }
}

/// The book's key of a sample row (buyer hashed, as the book keeps it).
fn stored_key(k: &QaKey) -> QaKey {
    QaKey { buyer: hashed_buyer(&k.buyer), ..k.clone() }
}

fn sheet_of<'a>(book: &'a ScoreBook, k: &QaKey) -> Option<&'a ScoreSheet> {
    let k = stored_key(k);
    book.sheets.iter().find(|s| s.key == k)
}

fn template(app: AppState) -> Option<QaTemplate> {
    app.loaded.get().and_then(|l| l.settings.qa.templates.first().cloned())
}

fn save(book: RwSignal<ScoreBook>, b: ScoreBook) {
    store_qa_book(&b);
    book.set(b);
}

#[component]
pub(crate) fn QaView() -> impl IntoView {
    let app = use_app();
    let vs = use_view();
    let book = RwSignal::new(qa_book().unwrap_or(ScoreBook { version: BOOK_VERSION, sheets: Vec::new() }));
    let mode = RwSignal::new("random".to_string());
    let per_agent = RwSignal::new(5_u32);
    // A seed the user can read and type back to draw the same sample again.
    let seed = RwSignal::new((js_sys::Date::now() as u64) % 100_000);
    let rule = RwSignal::new(AlertRule::WaitRed);
    let sample = RwSignal::new(None::<Sample>);
    let current = RwSignal::new(None::<SampleRow>);
    let summary = RwSignal::new(None::<QaSummary>);
    let only_agent = RwSignal::new(None::<String>);
    let note = RwSignal::new(None::<String>);
    let draw = move || {
        let m = match mode.get_untracked().as_str() {
            "rule" => SampleMode::Rule { rule: rule.get_untracked() },
            "low_ratings" => SampleMode::LowRatings { max_score: None },
            "unordered_inquiries" => SampleMode::UnorderedInquiries,
            _ => SampleMode::Random { per_agent: per_agent.get_untracked().max(1), seed: seed.get_untracked() },
        };
        let request = SampleRequest { filter: vs.filter.get_untracked(), mode: m };
        then(app, api::qa_sample(request), move |s| {
            current.set(None);
            only_agent.set(None);
            sample.set(Some(s));
        });
    };
    // The summary follows the book, the sample and the period.
    Effect::new(move |_| {
        let b = book.get();
        let keys: Vec<QaKey> =
            sample.with(|s| s.iter().flat_map(|s| s.rows.iter().map(|r| stored_key(&r.key))).collect());
        let filter = vs.filter.get();
        app.loaded.track();
        then(app, api::qa_summary(filter, b, keys), move |s| summary.set(Some(s)));
    });
    view! {
        <div id="view-qa">
            <h3>{t(app, "qa_title")}" "<HelpMark key="qa_concept"/></h3>
            <div class="qa-controls">
                <label>{t(app, "qa_mode")}" "
                    <select id="qa-mode" on:change=move |ev| mode.set(event_target_value(&ev))>
                        {move || {
                            let lang = app.lang.get();
                            let cur = mode.get_untracked();
                            [("random", "qa_mode_random"), ("rule", "qa_mode_rule"), ("low_ratings", "qa_mode_low"), ("unordered_inquiries", "qa_mode_unordered")]
                                .into_iter()
                                .map(|(v, k)| view! { <option value=v selected=cur == v>{tr(lang, k)}</option> })
                                .collect_view()
                        }}
                    </select>
                </label>
                {move || (mode.get() == "random").then(|| view! {
                    <label>{t(app, "qa_per_agent")}" "
                        <input type="number" id="qa-per-agent" min="1" max="200" prop:value=move || per_agent.get().to_string()
                            on:change=move |ev| { if let Ok(n) = event_target_value(&ev).trim().parse::<u32>() { per_agent.set(n.clamp(1, 200)) } }/>
                    </label>
                    <label>{t(app, "qa_seed")}" "
                        <input type="number" id="qa-seed" min="0" prop:value=move || seed.get().to_string()
                            on:change=move |ev| { if let Ok(n) = event_target_value(&ev).trim().parse::<u64>() { seed.set(n) } }/>
                    </label>
                })}
                {move || (mode.get() == "rule").then(|| view! {
                    <select id="qa-rule" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Some(r) = AlertRule::ALL.into_iter().find(|r| r.as_str() == v) { rule.set(r) }
                    }>
                        {move || {
                            let lang = app.lang.get();
                            let cur = rule.get_untracked();
                            AlertRule::ALL.into_iter().map(|r| view! { <option value=r.as_str() selected=r == cur>{tr(lang, rule_key(r))}</option> }).collect_view()
                        }}
                    </select>
                })}
                <button class="button" id="qa-draw" on:click=move |_| draw()>{t(app, "qa_draw")}</button>
            </div>
            <div class="qa-book-tools">
                <span>{move || tr(app.lang.get(), "qa_book_count").replace("{n}", &book.with(|b| b.sheets.len()).to_string())}</span>
                <button class="button ghost small" id="qa-export-json" on:click=move |_| export_book(app, book, false)>{t(app, "qa_export_json")}</button>
                <button class="button ghost small" id="qa-export-xlsx" on:click=move |_| export_book(app, book, true)>{t(app, "qa_export_xlsx")}</button>
                <label class="button ghost small" for="qa-import">{t(app, "qa_import")}</label>
                <input type="file" id="qa-import" class="hidden-file" accept=".json,.xlsx"
                    on:change=move |ev| import_book(app, book, note, &ev)/>
                {move || note.get().map(|n| view! { <span class="hint" id="qa-note">{n}</span> })}
            </div>
            {move || summary.get().map(|s| view! { <SummaryTable s only_agent/> })}
            {move || sample.get().map(|s| view! { <SampleList s book current only_agent/> })}
            {move || current.get().map(|row| view! { <Review row book/> })}
        </div>
    }
}

fn export_book(app: AppState, book: RwSignal<ScoreBook>, xlsx: bool) {
    let name = if xlsx { "质检评分.xlsx" } else { "质检评分.json" };
    then(app, api::qa_export(book.get_untracked(), xlsx), move |f| match f {
        Ok(f) => download_bytes(name, &f.bytes, &f.mime),
        Err(e) => app.show_error(e),
    });
}

fn import_book(app: AppState, book: RwSignal<ScoreBook>, note: RwSignal<Option<String>>, ev: &leptos::ev::Event) {
    let input: web_sys::HtmlInputElement = event_target(ev);
    let Some(file) = input.files().and_then(|l| l.get(0)) else { return };
    input.set_value("");
    let xlsx = file.name().to_lowercase().ends_with(".xlsx");
    leptos::task::spawn_local(async move {
        let bytes = match gloo_file::futures::read_as_bytes(&gloo_file::Blob::from(file)).await {
            Ok(b) => b,
            Err(e) => return app.show_error(e.to_string()),
        };
        then(app, api::qa_import(book.get_untracked(), bytes, xlsx), move |(b, merge, error)| {
            let lang = app.lang.get_untracked();
            match error {
                Some(e) => note.set(Some(kefu_lens::format::qa_book_error(&e, lang.zh()))),
                None => {
                    note.set(Some(
                        tr(lang, "qa_imported")
                            .replace("{added}", &merge.added.to_string())
                            .replace("{replaced}", &merge.replaced.to_string())
                            .replace("{kept}", &merge.kept.to_string()),
                    ));
                    save(book, b.with_hashed_buyers());
                }
            }
        });
    });
}

/// Per agent: sampled, scored, average, the items lost most.
#[component]
fn SummaryTable(s: QaSummary, only_agent: RwSignal<Option<String>>) -> impl IntoView {
    let app = use_app();
    let tpl = template(app);
    view! {
        <h3>{t(app, "qa_summary_title")}</h3>
        <div class="table-scroll">
        <table class="grid" id="qa-summary">
            <thead><tr>
                <th>{t(app, "agent")}</th>
                <th class="num">{t(app, "qa_sampled")}" "<HelpMark key="qa_sampled"/></th>
                <th class="num">{t(app, "qa_scored")}" "<HelpMark key="qa_scored"/></th>
                <th class="num">{t(app, "qa_average")}" "<HelpMark key="qa_average"/></th>
                <th>{t(app, "qa_worst_items")}" "<HelpMark key="qa_worst_items"/></th>
            </tr></thead>
            <tbody>
                {s.agents.into_iter().map(|a| {
                    let lang = app.lang.get_untracked();
                    let worst: Vec<String> = a.items.iter().take(3).map(|i| {
                        let label = tpl.as_ref().and_then(|t| t.item(&i.item)).map_or_else(|| i.item.clone(), |it| if lang.zh() { it.label_zh.clone() } else { it.label_en.clone() });
                        format!("{label} {}", format::pct(Some(i.share)))
                    }).collect();
                    let agent = a.agent.clone();
                    view! {
                        <tr data-agent=a.agent.clone()>
                            <td>{a.agent_label.clone()}</td>
                            <td class="num"><a href="#" data-metric="qa_sampled" data-value=a.sampled.to_string() on:click=move |ev| {
                                ev.prevent_default();
                                only_agent.set(Some(agent.clone()));
                            }>{format::int(a.sampled)}</a></td>
                            <td class="num" data-metric="qa_scored" data-value=a.scored.to_string()>{format::int(a.scored)}</td>
                            <td class="num" data-metric="qa_average" data-value=a.average.map(|v| v.to_string()).unwrap_or_default()>
                                {a.average.map_or_else(|| "—".to_string(), |v| format!("{v:.1}"))}</td>
                            <td>{worst.join("；")}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
}

/// The sample: one row per conversation-day, why it is there, its score.
#[component]
fn SampleList(
    s: Sample,
    book: RwSignal<ScoreBook>,
    current: RwSignal<Option<SampleRow>>,
    only_agent: RwSignal<Option<String>>,
) -> impl IntoView {
    let app = use_app();
    let n = s.rows.len();
    let population: u64 = s.population.values().sum();
    let seed = match s.mode {
        SampleMode::Random { seed, .. } => Some(seed),
        _ => None,
    };
    let rows = s.rows.clone();
    view! {
        <h3>{t(app, "qa_sample_title")}</h3>
        <p class="hint" id="qa-sample-info" data-rows=n.to_string() data-seed=seed.map(|s| s.to_string())>
            {move || {
                let lang = app.lang.get();
                let mut s = tr(lang, "qa_sample_info").replace("{n}", &n.to_string()).replace("{of}", &population.to_string());
                if let Some(seed) = seed {
                    s.push_str(&tr(lang, "qa_sample_seed").replace("{seed}", &seed.to_string()));
                }
                s
            }}
            {move || only_agent.get().map(|a| view! {
                " · "{a}" "<a href="#" id="qa-all-agents" on:click=move |ev| { ev.prevent_default(); only_agent.set(None); }>{t(app, "qa_all_agents")}</a>
            })}
        </p>
        <div class="table-scroll">
        <table class="grid" id="qa-sample">
            <thead><tr>
                <th>{t(app, "day")}</th><th>{t(app, "agent")}</th><th>{t(app, "buyer")}</th>
                <th>{t(app, "qa_why")}</th><th class="num">{t(app, "qa_total")}</th><th></th>
            </tr></thead>
            <tbody>
                {move || {
                    let lang = app.lang.get();
                    let only = only_agent.get();
                    let b = book.get();
                    rows.iter().filter(|r| only.as_ref().is_none_or(|a| a == &r.key.agent)).map(|r| {
                        let why = match &r.why {
                            Why::Random => tr(lang, "qa_mode_random").to_string(),
                            Why::Rule { rule } => tr(lang, rule_key(*rule)).to_string(),
                            Why::LowRating { score } => format!("{} {}", tr(lang, "ratings"), "★".repeat(*score as usize)),
                            Why::UnorderedInquiry => tr(lang, "qa_mode_unordered").to_string(),
                        };
                        let total = sheet_of(&b, &r.key).map(|s| s.total);
                        let row = r.clone();
                        view! {
                            <tr data-agent=r.key.agent.clone() data-day=r.key.day.clone() class:scored=total.is_some()>
                                <td>{r.key.day.clone()}</td>
                                <td>{r.agent_label.clone()}</td>
                                <td>{r.key.buyer.clone()}</td>
                                <td>{why}</td>
                                <td class="num" data-field="qa-total" data-value=total.map(|t| t.to_string()).unwrap_or_default()>
                                    {total.map_or_else(|| tr(lang, "qa_not_scored").to_string(), |t| t.to_string())}</td>
                                <td><button class="button small qa-score" on:click=move |_| current.set(Some(row.clone()))>{tr(lang, "qa_score")}</button></td>
                            </tr>
                        }
                    }).collect_view()
                }}
            </tbody>
        </table>
        </div>
    }
}

/// The scoring sheet beside the chat of one conversation-day.
#[component]
fn Review(row: SampleRow, book: RwSignal<ScoreBook>) -> impl IntoView {
    let app = use_app();
    let chat = RwSignal::new(None::<Transcript>);
    then(app, api::transcript(row.conv), move |t| chat.set(t));
    let Some(tpl) = template(app) else {
        return view! { <p class="banner warn">{t(app, "qa_no_template")}</p> }.into_any();
    };
    let existing = book.with_untracked(|b| sheet_of(b, &row.key).cloned());
    // Points start full (a reviewer takes off what was missed), or as scored.
    let points: Vec<RwSignal<u32>> = tpl
        .items
        .iter()
        .map(|i| RwSignal::new(existing.as_ref().and_then(|s| s.items.get(&i.id)).map_or(i.points, |g| g.points)))
        .collect();
    let comments: Vec<RwSignal<String>> = tpl
        .items
        .iter()
        .map(|i| {
            RwSignal::new(
                existing.as_ref().and_then(|s| s.items.get(&i.id)).map(|g| g.comment.clone()).unwrap_or_default(),
            )
        })
        .collect();
    let comment = RwSignal::new(existing.as_ref().map(|s| s.comment.clone()).unwrap_or_default());
    let scorer =
        RwSignal::new(existing.as_ref().map(|s| s.scorer.clone()).filter(|s| !s.is_empty()).unwrap_or_else(qa_scorer));
    let saved = RwSignal::new(existing.as_ref().map(|s| s.scored_at.clone()));
    let max: u32 = tpl.items.iter().map(|i| i.points).sum();
    let total = {
        let points = points.clone();
        move || points.iter().map(|p| p.get()).sum::<u32>()
    };
    let key = row.key.clone();
    let tpl_id = tpl.id.clone();
    let items = tpl.items.clone();
    let (p2, c2) = (points.clone(), comments.clone());
    let on_save = move |_| {
        let mut sheet = ScoreSheet {
            key: stored_key(&key),
            template: tpl_id.clone(),
            items: items
                .iter()
                .zip(p2.iter().zip(&c2))
                .map(|(i, (p, c))| {
                    (i.id.clone(), ItemScore { points: p.get_untracked().min(i.points), comment: c.get_untracked() })
                })
                .collect(),
            total: 0,
            comment: comment.get_untracked(),
            scorer: scorer.get_untracked(),
            scored_at: String::from(js_sys::Date::new_0().to_iso_string()),
        };
        sheet.recompute();
        store_qa_scorer(&sheet.scorer);
        saved.set(Some(sheet.scored_at.clone()));
        let mut b = book.get_untracked();
        b.merge(ScoreBook { version: BOOK_VERSION, sheets: vec![sheet] });
        save(book, b);
    };
    view! {
        <section class="qa-review" id="qa-review" data-agent=row.key.agent.clone() data-day=row.key.day.clone()>
            <div class="qa-sheet" id="qa-sheet">
                <h3>{t(app, "qa_sheet_title")}" · "{row.agent_label.clone()}" · "{row.key.day.clone()}</h3>
                <table class="grid small">
                    <thead><tr><th>{t(app, "qa_item")}</th><th class="num">{t(app, "qa_points")}</th><th>{t(app, "qa_comment")}</th></tr></thead>
                    <tbody>
                        {tpl.items.iter().zip(points.iter().zip(&comments)).map(|(i, (&p, &c))| {
                            let lang = app.lang.get_untracked();
                            let (label, desc) = if lang.zh() { (i.label_zh.clone(), i.description_zh.clone()) } else { (i.label_en.clone(), i.description_en.clone()) };
                            let max = i.points;
                            view! {
                                <tr data-item=i.id.clone()>
                                    <td><b>{label}</b><div class="hint">{desc}</div></td>
                                    <td class="num"><input type="number" class="qa-points" min="0" max=max.to_string()
                                        prop:value=move || p.get().to_string()
                                        on:change=move |ev| { if let Ok(n) = event_target_value(&ev).trim().parse::<u32>() { p.set(n.min(max)) } }/>
                                        " / "{max}</td>
                                    <td><input type="text" class="qa-item-comment" prop:value=move || c.get()
                                        on:change=move |ev| c.set(event_target_value(&ev))/></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                <p>{t(app, "qa_total")}": "<b id="qa-sheet-total">{total}</b>" / "{max}</p>
                <label>{t(app, "qa_comment")}" "<input type="text" id="qa-comment" prop:value=move || comment.get() on:change=move |ev| comment.set(event_target_value(&ev))/></label>
                <label>{t(app, "qa_scorer")}" "<input type="text" id="qa-scorer" prop:value=move || scorer.get() on:change=move |ev| scorer.set(event_target_value(&ev))/></label>
                <button class="button" id="qa-save" on:click=on_save>{t(app, "qa_save")}</button>
                {move || saved.get().map(|at| view! { <span class="hint" id="qa-saved">{t(app, "qa_saved")}" "{at}</span> })}
            </div>
            <div class="qa-chat transcript">
                {move || chat.get().map(|tsc| {
                    let lang = app.lang.get();
                    view! { <Chat tsc lang/> }
                })}
            </div>
        </section>
    }
    .into_any()
}
