use self::cuifu::Cuifu;
use self::refunds::Refunds;
use crate::ui::*;

pub(crate) mod cuifu;
pub(crate) mod refunds;

#[component]
pub(crate) fn Conversion() -> impl IntoView {
    let app = use_app();
    let vs = use_view();
    let dr = use_drill();
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let layout = RwSignal::new(chart::Layout::default());
    // Stages that narrow: every final payer ordered, every same-day payer
    // is a final payer (the paid counts are windows of growing length, so
    // same day comes last; next day is in the table below).
    const FUNNEL: [&str; 4] = ["inquiry_buyers", "ordered_buyers", "paid_buyers_final", "paid_buyers_same_day"];
    Effect::new(move |_| {
        let m = vs.totals.get().unwrap_or_default();
        let lang = app.lang.get();
        app.resize.track();
        let Some(c) = canvas.get() else { return };
        let labels: Vec<String> = FUNNEL.iter().map(|k| tr(lang, k).to_string()).collect();
        let vals: Vec<f64> = FUNNEL.iter().map(|k| m.get(k).unwrap_or(0.0)).collect();
        let first = vals.first().copied().unwrap_or(0.0);
        let text = |i: usize| {
            let v = vals[i];
            if i == 0 || first <= 0.0 {
                format::int(v as u64)
            } else {
                format!("{} ({})", format::int(v as u64), format::pct(Some(v / first)))
            }
        };
        if let Some(l) = chart::funnel(&c, &labels, &vals, &text) {
            layout.set(l);
        }
    });
    view! {
        <div id="view-conversion">
            <div class="chart-box">
                <div class="chart-head"><h3>{t(app, "funnel")}" "<HelpMark key="funnel"/></h3></div>
                <ChartCanvas id="funnel-chart" canvas layout
                    tip=std::rc::Rc::new(move |i: usize| {
                        let lang = app.lang.get_untracked();
                        let m = vs.totals.get_untracked().unwrap_or_default();
                        let k = FUNNEL.get(i)?;
                        let v = m.get(k).unwrap_or(0.0);
                        let prev = if i > 0 { m.get(FUNNEL[i - 1]).filter(|p| *p > 0.0).map(|p| v / p) } else { None };
                        let first = m.get(FUNNEL[0]).filter(|p| *p > 0.0).map(|p| v / p);
                        Some(format!("{} {} · {} {} · {} {}", tr(lang, k), format::int(v as u64), tr(lang, "of_previous"), format::pct(prev), tr(lang, "of_first"), format::pct(first)))
                    })
                    pick=std::rc::Rc::new(move |i: usize| { if let Some(k) = FUNNEL.get(i) { open_drill(vs, dr, k, Default::default()); } })
                    table=std::rc::Rc::new(move || {
                        use kefu_lens::export::{Cell, Table};
                        let lang = app.lang.get();
                        let m = vs.totals.get().unwrap_or_default();
                        let first = m.get(FUNNEL[0]).unwrap_or(0.0);
                        Table {
                            headers: headers(lang, &["stage", "buyer_count", "of_first"]),
                            rows: FUNNEL.iter().map(|k| {
                                let v = m.get(k).unwrap_or(0.0);
                                vec![Cell::Text(tr(lang, k).to_string()), Cell::Int(v as i64), if first > 0.0 { Cell::Pct(v / first) } else { Cell::Empty }]
                            }).collect(),
                        }
                    })/>
                <p class="hint" id="funnel-windows">
                    {move || {
                        let days = app.settings.get().map_or(3, |s| s.final_window_days);
                        tr(app.lang.get(), "funnel_windows").replace("{n}", &days.to_string())
                    }}
                </p>
            </div>
            {move || {
                let lang = app.lang.get();
                let s = app.loaded.get().map(|l| l.summary).filter(|s| s.orders > 0)?;
                let n = s.orders_not_linked;
                Some(view! {
                    <p class="orders-not-linked" id="orders-not-linked" title=tr(lang, "orders_not_linked_hint")>
                        {tr(lang, "orders_not_linked")}"："
                        <b data-metric="orders_not_linked" data-value=n.to_string()>{format::int(n)}</b>
                        <span class="hint">" · "{tr(lang, "orders_linked")}"："
                            <b data-metric="orders_linked" data-value=s.orders_linked.to_string()>{format::int(s.orders_linked)}</b>
                        </span>
                        <br/><span class="hint">{tr(lang, "orders_not_linked_hint")}</span>
                    </p>
                })
            }}
            <h3>{t(app, "conversion_by_agent")}</h3>
            <KeyedTable id="conversion-table" by=vec![Dim::Agent] columns=CONVERSION_COLUMNS/>
            <Cuifu/>
            <Refunds/>
        </div>
    }
}
