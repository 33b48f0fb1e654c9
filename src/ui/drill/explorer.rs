use crate::ui::*;

/// Drill-down chart: shop → team (→ group) → agent → day → the list of
/// records behind the number → the transcript, with a breadcrumb back up.
#[component]
pub(crate) fn DrillExplorer() -> impl IntoView {
    let app = use_app();
    let vs = use_view();
    let dr = use_drill();
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let layout = RwSignal::new(chart::Layout::default());
    let metric = RwSignal::new("consult_buyers".to_string());
    // (level shown, its bars: (value, metric value))
    let bars = RwSignal::new(("shop", Vec::<(String, Option<f64>)>::new()));
    Effect::new(move |_| {
        let filter = vs.filter.get();
        let path = dr.explore.get();
        let m = metric.get();
        let _ = app.loaded.get();
        let level = next_level(&path, &current_settings(app));
        let mut by: Vec<Dim> =
            EXPLORE_LEVELS.iter().filter(|l| path.iter().any(|(d, _)| d == *l)).map(|l| explore_dim(l)).collect();
        by.push(explore_dim(level));
        then(app, api::report(Query { rules: vec![], by, filter }), move |report| {
            let mut v: Vec<(String, Option<f64>)> = report
                .rows
                .into_iter()
                .filter(|r| path.iter().all(|(d, val)| r.key.get(d) == Some(val)))
                .map(|r| (r.key.get(level).cloned().unwrap_or_default(), r.metrics.get(&m)))
                .collect();
            if level != "day" {
                v.sort_by(|a, b| {
                    b.1.unwrap_or(f64::MIN)
                        .partial_cmp(&a.1.unwrap_or(f64::MIN))
                        .unwrap_or(std::cmp::Ordering::Equal)
                        .then(a.0.cmp(&b.0))
                });
            }
            bars.set((level, v));
        });
    });
    Effect::new(move |_| {
        let lang = app.lang.get();
        let m = metric.get();
        app.resize.track();
        let Some(c) = canvas.get() else { return };
        bars.with(|(level, v)| {
            let labels: Vec<String> = v
                .iter()
                .map(|(k, _)| if *level == "day" { k.get(5..).unwrap_or(k).to_string() } else { crumb_value(level, k) })
                .collect();
            let vals: Vec<f64> = v.iter().map(|x| x.1.unwrap_or(0.0)).collect();
            let series = [chart::Series { name: tr(lang, i18n_key(&m)), color: chart::BLUE, values: &vals }];
            if let Some(l) = chart::bars(&c, &labels, &series, &axis_fmt(&m)) {
                layout.set(l);
            }
        });
    });
    let tip = std::rc::Rc::new(move |i: usize| {
        let lang = app.lang.get_untracked();
        let m = metric.get_untracked();
        bars.with_untracked(|(level, v)| {
            let (k, x) = v.get(i)?;
            let shown = x.map(|x| chart_value(&m, x, lang)).unwrap_or_else(|| "—".into());
            let hint = if *level == "day" { tr(lang, "click_for_list") } else { tr(lang, "click_to_drill") };
            Some(format!(
                "{} {} · {} {} · {}",
                level_label(lang, level),
                crumb_value(level, k),
                tr(lang, i18n_key(&m)),
                shown,
                hint
            ))
        })
    });
    let pick = std::rc::Rc::new(move |i: usize| {
        let Some((level, value)) = bars.with_untracked(|(level, v)| v.get(i).map(|x| (*level, x.0.clone()))) else {
            return;
        };
        if level == "day" {
            let key: std::collections::BTreeMap<String, String> =
                dr.explore.get_untracked().into_iter().chain(std::iter::once(("day".to_string(), value))).collect();
            open_drill(vs, dr, &metric.get_untracked(), key);
        } else {
            explore_push(dr, (level.to_string(), value));
        }
    });
    let table = std::rc::Rc::new(move || {
        use kefu_lens::export::{Cell, Table};
        let lang = app.lang.get();
        let m = metric.get();
        let (level, v) = bars.get();
        Table {
            headers: vec![level_label(lang, level).to_string(), tr(lang, i18n_key(&m)).to_string()],
            rows: v
                .into_iter()
                .map(|(k, x)| vec![Cell::Text(k), x.map(|x| value_cell(&m, x)).unwrap_or(Cell::Empty)])
                .collect(),
        }
    });
    view! {
        <div class="chart-box" id="drill-explorer" data-level={move || bars.get().0}>
            <div class="chart-head">
                <h3>{t(app, "drill_explorer")}</h3>
                <select id="explore-metric" on:change=move |ev| metric.set(event_target_value(&ev))>
                    {move || {
                        let lang = app.lang.get();
                        let cur = metric.get_untracked();
                        AGENT_COLUMNS.iter().map(|&k| view! { <option value=k selected=k == cur>{tr(lang, k)}</option> }).collect_view()
                    }}
                </select>
            </div>
            <nav class="crumbs" id="explore-crumbs">
                {move || {
                    let lang = app.lang.get();
                    let path = dr.explore.get();
                    let level = bars.get().0;
                    let n = path.len();
                    let mut out = vec![view! {
                        <a href="#" class="crumb" data-depth="0" on:click=move |ev| { ev.prevent_default(); set_explore(dr, Vec::new()); }>{tr(lang, "all")}</a>
                    }.into_any()];
                    for (i, (d, v)) in path.iter().enumerate() {
                        let prefix: Vec<(String, String)> = path[..=i].to_vec();
                        let label = format!("{} {}", level_label(lang, d), crumb_value(d, v));
                        out.push(view! { <span class="sep">"›"</span> }.into_any());
                        out.push(if i + 1 == n {
                            view! { <b class="crumb current" data-depth={(i + 1).to_string()}>{label}</b> }.into_any()
                        } else {
                            view! { <a href="#" class="crumb" data-depth={(i + 1).to_string()} on:click=move |ev| { ev.prevent_default(); set_explore(dr, prefix.clone()); }>{label}</a> }.into_any()
                        });
                    }
                    out.push(view! { <span class="sep">"›"</span> }.into_any());
                    out.push(view! { <span class="crumb next">{tr(lang, "by_level").replace("{level}", level_label(lang, level))}</span> }.into_any());
                    out
                }}
            </nav>
            {move || (bars.with(|b| b.1.is_empty()) && !dr.explore.with(|p| p.is_empty())).then(|| view! {
                <p class="empty" id="explore-empty">{t(app, "explorer_empty")}</p>
            })}
            <ChartCanvas id="explore-chart" canvas layout tip pick table/>
            <p class="hint">{t(app, "explorer_hint")}</p>
        </div>
    }
}
