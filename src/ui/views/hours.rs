use crate::ui::*;

#[component]
pub(crate) fn Hours() -> impl IntoView {
    let app = use_app();
    let vs = use_view();
    let dr = use_drill();
    let heat = NodeRef::<leptos::html::Canvas>::new();
    let cells = RwSignal::new(vec![vec![0.0f64; 24]; 7]);
    let bars = NodeRef::<leptos::html::Canvas>::new();
    let staff_canvas = NodeRef::<leptos::html::Canvas>::new();
    let per_hour = RwSignal::new(Vec::<kefu_lens::engine::Row>::new());
    let online = RwSignal::new(vec![0.0f64; 24]);
    // The charts are drawn once the first answer is in (not empty first).
    let answered = RwSignal::new(false);
    // One worker query answers the whole view: heatmap cells, the per-hour
    // rows (chart and #hour-table) and staff online by hour (agents who sent
    // a human reply in conversations that started in that hour).
    use_answer(api::hours, move |hours| {
        cells.set(hours.heat.iter().map(|r| r.iter().map(|&v| v as f64).collect()).collect());
        online.set(hours.staff_online.iter().map(|&v| v as f64).collect());
        per_hour.set(hours.rows);
        answered.set(true);
    });
    let heat_layout = RwSignal::new(chart::Layout::default());
    let bars_layout = RwSignal::new(chart::Layout::default());
    let staff_layout = RwSignal::new(chart::Layout::default());
    Effect::new(move |_| {
        let m = cells.get();
        let lang = app.lang.get();
        app.resize.track();
        if !answered.get() {
            return;
        }
        let Some(c) = heat.get() else { return };
        let rows: Vec<String> = (0..7).map(|d| weekday_name(lang, d).to_string()).collect();
        let cols: Vec<String> = (0..24).map(|h| format!("{h}")).collect();
        if let Some(g) = chart::heatmap(&c, &rows, &cols, &m, tr(lang, "consult_buyers")) {
            heat_layout.set(g.layout());
        }
    });
    // (consultations, 3-minute failures) per hour 0..23
    let per_hour_series = move || -> (Vec<f64>, Vec<f64>) {
        let mut fails = vec![0.0; 24];
        let mut consult = vec![0.0; 24];
        per_hour.with(|rows| {
            for r in rows {
                if let Some(h) = r.key.get("hour").and_then(|x| x.parse::<usize>().ok()).filter(|h| *h < 24) {
                    fails[h] = (r.metrics.rounds - r.metrics.rounds_3min) as f64;
                    consult[h] = r.metrics.consult_buyers as f64;
                }
            }
        });
        (consult, fails)
    };
    let hour_label = move |lang: Lang, h: usize| if lang.zh() { format!("{h}时") } else { format!("{h}:00") };
    Effect::new(move |_| {
        let (consult, fails) = per_hour_series();
        let lang = app.lang.get();
        app.resize.track();
        if !answered.get() {
            return;
        }
        let labels: Vec<String> = (0..24).map(|h| format!("{h}")).collect();
        let staff = online.get();
        if let Some(c) = bars.get() {
            let series = [
                chart::Series { name: tr(lang, "consult_buyers"), color: chart::BLUE, values: &consult },
                chart::Series { name: tr(lang, "fails_3min"), color: chart::ORANGE, values: &fails },
            ];
            if let Some(l) = chart::bars(&c, &labels, &series, &|y| format!("{y:.0}")) {
                bars_layout.set(l);
            }
        }
        if let Some(sc) = staff_canvas.get() {
            let series = [chart::Series { name: tr(lang, "staff_online"), color: chart::BLUE, values: &staff }];
            if let Some(l) = chart::bars(&sc, &labels, &series, &|y| format!("{y:.0}")) {
                staff_layout.set(l);
            }
        }
    });
    let hour_key = |wd: Option<usize>, h: usize| {
        let mut key = std::collections::BTreeMap::new();
        if let Some(wd) = wd {
            key.insert("weekday".to_string(), wd.to_string());
        }
        key.insert("hour".to_string(), format!("{h:02}"));
        key
    };
    view! {
        <div id="view-hours">
            <div class="chart-box">
                <div class="chart-head"><h3>{t(app, "heatmap")}" "<HelpMark key="consult_buyers"/></h3></div>
                <ChartCanvas id="heatmap" canvas=heat layout=heat_layout
                    tip=std::rc::Rc::new(move |i: usize| {
                        let lang = app.lang.get_untracked();
                        let (wd, h) = (i / 24, i % 24);
                        let v = cells.with_untracked(|m| m.get(wd).and_then(|r| r.get(h)).copied())?;
                        Some(format!("{} {} · {} {}", weekday_name(lang, wd), hour_label(lang, h), tr(lang, "consult_buyers"), format::int(v as u64)))
                    })
                    pick=std::rc::Rc::new(move |i: usize| open_drill(vs, dr, "consult_buyers", hour_key(Some(i / 24), i % 24)))
                    table=std::rc::Rc::new(move || {
                        use kefu_lens::export::{Cell, Table};
                        let lang = app.lang.get();
                        let mut headers = vec![String::new()];
                        headers.extend((0..24).map(|h| format!("{h}")));
                        Table {
                            headers,
                            rows: cells.get().iter().enumerate().map(|(wd, r)| {
                                let mut row = vec![Cell::Text(weekday_name(lang, wd).to_string())];
                                row.extend(r.iter().map(|v| Cell::Int(*v as i64)));
                                row
                            }).collect(),
                        }
                    })/>
                <p class="hint">{t(app, "hours_hint")}</p>
            </div>
            <div class="chart-box">
                <div class="chart-head"><h3>{t(app, "fails_by_hour")}" "<HelpMark key="response_rate_3min"/></h3></div>
                <ChartCanvas id="hour-chart" canvas=bars layout=bars_layout
                    tip=std::rc::Rc::new(move |h: usize| {
                        let lang = app.lang.get_untracked();
                        let (consult, fails) = untrack(per_hour_series);
                        Some(format!("{} · {} {} · {} {}", hour_label(lang, h), tr(lang, "consult_buyers"), format::int(*consult.get(h)? as u64),
                            tr(lang, "fails_3min"), format::int(*fails.get(h)? as u64)))
                    })
                    pick=std::rc::Rc::new(move |h: usize| open_drill_view(vs, dr, "response_rate_3min", hour_key(None, h), DrillView { failures_only: true, ..Default::default() }))
                    table=std::rc::Rc::new(move || {
                        use kefu_lens::export::{Cell, Table};
                        let lang = app.lang.get();
                        let (consult, fails) = per_hour_series();
                        Table {
                            headers: headers(lang, &["hour", "consult_buyers", "fails_3min"]),
                            rows: (0..24).map(|h| vec![Cell::Text(hour_label(lang, h)), Cell::Int(consult[h] as i64), Cell::Int(fails[h] as i64)]).collect(),
                        }
                    })/>
            </div>
            <div class="chart-box" id="staff-box" data-total={move || online.get().iter().sum::<f64>().to_string()}>
                <div class="chart-head"><h3>{t(app, "staff_online")}" "<HelpMark key="online_agents"/></h3></div>
                <ChartCanvas id="staff-chart" canvas=staff_canvas layout=staff_layout
                    tip=std::rc::Rc::new(move |h: usize| {
                        let lang = app.lang.get_untracked();
                        let n = online.with_untracked(|o| o.get(h).copied())?;
                        Some(format!("{} · {} {}", hour_label(lang, h), tr(lang, "staff_online"), format::int(n as u64)))
                    })
                    table=std::rc::Rc::new(move || {
                        use kefu_lens::export::{Cell, Table};
                        let lang = app.lang.get();
                        Table {
                            headers: headers(lang, &["hour", "staff_online"]),
                            rows: online.get().iter().enumerate().map(|(h, n)| vec![Cell::Text(hour_label(lang, h)), Cell::Int(*n as i64)]).collect(),
                        }
                    })/>
                <p class="hint">{t(app, "staff_online_hint")}</p>
            </div>
            <KeyedTable id="hour-table" by=vec![Dim::Hour] rows_from=per_hour columns=&["consult_buyers", "rounds", "rounds_3min", "response_rate_3min", "avg_response_secs", "unreplied_buyers"]/>
        </div>
    }
}
