use crate::ui::*;

/// The drill list's breadcrumb: the explorer levels in its key (each goes
/// back up to that chart), then the list itself, then the open transcript.
#[component]
pub(crate) fn DrillCrumbs() -> impl IntoView {
    let app = use_app();
    let vs = use_view();
    let dr = use_drill();
    move || {
        let lang = app.lang.get();
        let key = dr.drill_key.get();
        let d = dr.drill.get()?;
        let tsc = dr.transcript.get();
        let mut out = vec![view! {
            <a href="#" class="crumb" on:click=move |ev| { ev.prevent_default(); explore_to(vs, dr, Vec::new()); }>{tr(lang, "all")}</a>
        }.into_any()];
        let mut path: Vec<(String, String)> = Vec::new();
        for level in ["shop", "team", "group", "agent"] {
            if let Some(v) = key.get(level) {
                path.push((level.to_string(), v.clone()));
                let p = path.clone();
                out.push(view! { <span class="sep">"›"</span> }.into_any());
                out.push(view! {
                    <a href="#" class="crumb" data-level=level on:click=move |ev| { ev.prevent_default(); explore_to(vs, dr, p.clone()); }>
                        {format!("{} {}", level_label(lang, level), crumb_value(level, v))}</a>
                }.into_any());
            }
        }
        // the list: its other key parts and the metric
        let mut rest: Vec<String> = Vec::new();
        for (k, v) in &key {
            if ["shop", "team", "group", "agent"].contains(&k.as_str()) {
                continue;
            }
            rest.push(match k.as_str() {
                "weekday" => {
                    v.parse::<usize>().map(|d| weekday_name(lang, d).to_string()).unwrap_or_else(|_| v.clone())
                }
                "hour" => format!("{v}{}", if lang.zh() { "时" } else { "h" }),
                kefu_lens::engine::histogram::HIST_KEY => kefu_lens::engine::histogram::parse_range(v)
                    .map(|(lo, hi)| range_label(lo, hi, lang.zh()))
                    .unwrap_or_else(|| v.clone()),
                _ => v.clone(),
            });
        }
        let name = tr(lang, i18n_key(&d.metric));
        let n = format::int(dr.drill_total.get() as u64);
        rest.push(if name.ends_with("明细") {
            format!("{name}（{n}条）")
        } else {
            tr(lang, "list_of").replace("{metric}", name).replace("{n}", &n)
        });
        out.push(view! { <span class="sep">"›"</span> }.into_any());
        let label = rest.join(" · ");
        out.push(match &tsc {
            Some(_) => view! { <a href="#" class="crumb" id="crumb-list" on:click=move |ev| { ev.prevent_default(); close_transcript(dr); }>{label}</a> }.into_any(),
            None => view! { <b class="crumb current" id="crumb-list">{label}</b> }.into_any(),
        });
        if let Some(t) = tsc {
            out.push(view! { <span class="sep">"›"</span> }.into_any());
            out.push(view! { <b class="crumb current" id="crumb-transcript">{format!("{} {}", tr(lang, "transcript"), t.buyer)}</b> }.into_any());
        }
        Some(view! { <nav class="crumbs" id="drill-crumbs">{out}</nav> })
    }
}
