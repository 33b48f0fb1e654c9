//! 商品 (issue 14 item 1, seed 000's 商品咨询/推荐分析): per product, the
//! buyers who asked about it, inquired, ordered and paid for it, and what
//! agents recommended and sold; a ranking chart over a chosen metric, the
//! product table and agent × product. Every number opens its buyer-days.

use kefu_lens::engine::Row;

use crate::ui::*;

/// Products drawn in the ranking (the table has them all).
const RANK_TOP: usize = 20;

/// A product row's label: its title when known, else its key (id or title).
fn product_label(r: &Row) -> String {
    r.key.get("product_title").filter(|t| !t.is_empty()).or_else(|| r.key.get("product")).cloned().unwrap_or_default()
}

#[component]
pub(crate) fn Products() -> impl IntoView {
    let app = use_app();
    let vs = use_view();
    let dr = use_drill();
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let layout = RwSignal::new(chart::Layout::default());
    let metric = RwSignal::new("product_inquiry_buyers".to_string());
    let rows = use_report(vec![Dim::Product]);
    let ranked = Memo::new(move |_| -> Vec<Row> {
        let m = metric.get();
        let mut v = rows.get();
        v.sort_by(|a, b| {
            let (x, y) = (a.metrics.get(&m).unwrap_or(0.0), b.metrics.get(&m).unwrap_or(0.0));
            y.partial_cmp(&x).unwrap_or(std::cmp::Ordering::Equal).then_with(|| product_label(a).cmp(&product_label(b)))
        });
        v.truncate(RANK_TOP);
        v
    });
    Effect::new(move |_| {
        let v = ranked.get();
        let lang = app.lang.get();
        let m = metric.get();
        app.resize.track();
        let Some(c) = canvas.get() else { return };
        let labels: Vec<String> = v.iter().map(|r| product_label(r).chars().take(10).collect()).collect();
        let vals: Vec<f64> = v.iter().map(|r| r.metrics.get(&m).unwrap_or(0.0)).collect();
        let series = [chart::Series { name: tr(lang, i18n_key(&m)), color: chart::BLUE, values: &vals }];
        if let Some(l) = chart::bars(&c, &labels, &series, &axis_fmt(&m)) {
            layout.set(l);
        }
    });
    view! {
        <div id="view-products">
            <div class="chart-box">
                <div class="chart-head">
                    <h3>{t(app, "product_ranking")}</h3>
                    <select id="product-metric" on:change=move |ev| metric.set(event_target_value(&ev))>
                        {move || {
                            let lang = app.lang.get();
                            let cur = metric.get_untracked();
                            PRODUCT_COLUMNS.iter().map(|&k| view! { <option value=k selected=k == cur>{tr(lang, k)}</option> }).collect_view()
                        }}
                    </select>
                    <HelpMarkFor key=Signal::derive(move || metric.get())/>
                </div>
                <ChartCanvas id="product-chart" canvas layout
                    tip=std::rc::Rc::new(move |i: usize| {
                        let lang = app.lang.get_untracked();
                        let m = metric.get_untracked();
                        ranked.with_untracked(|v| v.get(i).map(|r| {
                            format!("{} · {} {}", product_label(r), tr(lang, i18n_key(&m)), chart_value(&m, r.metrics.get(&m).unwrap_or(0.0), lang))
                        }))
                    })
                    pick=std::rc::Rc::new(move |i: usize| {
                        if let Some(r) = ranked.with_untracked(|v| v.get(i).cloned()) {
                            open_drill(vs, dr, &metric.get_untracked(), r.key);
                        }
                    })
                    table=std::rc::Rc::new(move || {
                        use kefu_lens::export::{Cell, Table};
                        let lang = app.lang.get();
                        let m = metric.get();
                        Table {
                            headers: headers(lang, &["rank", "product", i18n_key(&m)]),
                            rows: ranked.get().into_iter().enumerate().map(|(i, r)| {
                                vec![Cell::Int(i as i64 + 1), Cell::Text(product_label(&r)), value_cell(&m, r.metrics.get(&m).unwrap_or(0.0))]
                            }).collect(),
                        }
                    })/>
            </div>
            <h3>{t(app, "product_table")}" "<HelpMark key="product_consult_buyers"/></h3>
            {move || app.loaded.get().map(|l| {
                let p = l.summary.products;
                let lang = app.lang.get();
                let mut text = tr(lang, "product_join").replace("{joined}", &format::int(p.orders_joined)).replace("{not}", &format::int(p.orders_not_joined));
                if p.mentions_unknown_to_items > 0 {
                    text.push_str(&tr(lang, "product_join_unknown").replace("{n}", &format::int(p.mentions_unknown_to_items)));
                }
                view! {
                    <p class="hint" id="product-join" data-joined=p.orders_joined.to_string() data-not-joined=p.orders_not_joined.to_string()
                        data-unknown=p.mentions_unknown_to_items.to_string()>{text}</p>
                }
            })}
            <KeyedTable id="product-table" by=vec![Dim::Product] columns=&PRODUCT_COLUMNS rows_from=Signal::from(rows)/>
            <h3>{t(app, "product_refund_table")}" "<HelpMark key="refund_rate"/></h3>
            <KeyedTable id="product-refund-table" by=vec![Dim::Product] columns=&REFUND_COLUMNS rows_from=Signal::from(rows)/>
            <h3>{t(app, "agent_product_table")}</h3>
            <KeyedTable id="agent-product-table" by=vec![Dim::Agent, Dim::Product] columns=&PRODUCT_COLUMNS/>
        </div>
    }
}
