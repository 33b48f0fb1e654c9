//! 退款 (issue 14 item 2, seed 002's 首次品退率): refunds of the orders
//! agents sold — count, amount, rate of 客服销售额, first quality refunds —
//! and the refunds that followed an after-sales agent's chat. Every number
//! opens its orders, each with its chat; refund applications whose order
//! is not loaded are counted and named, never dropped silently.

use crate::ui::*;

#[component]
pub(crate) fn Refunds() -> impl IntoView {
    let app = use_app();
    let vs = use_view();
    view! {
        <section class="refunds" id="refunds">
            <h3>{t(app, "refund_title")}" "<HelpMark key="refund_rate"/></h3>
            <MetricCards id="refund-cards" keys=&REFUND_COLUMNS/>
            {move || {
                let lang = app.lang.get();
                let s = app.loaded.get().map(|l| l.summary)?;
                if s.refunds == 0 && vs.totals.get().is_none_or(|m| m.refund_orders == 0) {
                    return Some(view! { <p class="hint" id="refund-none">{tr(lang, "refund_none")}</p> }.into_any());
                }
                Some(view! {
                    <p class="hint" id="refund-applications">
                        {tr(lang, "refund_applications")}"："
                        <b data-metric="refund_applications" data-value=s.refunds.to_string()>{format::int(s.refunds)}</b>
                        " · "{tr(lang, "refunds_without_order")}"："
                        <b data-metric="refunds_without_order" data-value=s.refunds_without_order.to_string()>{format::int(s.refunds_without_order)}</b>
                    </p>
                }.into_any())
            }}
            <RefundReasons/>
            <h3>{t(app, "refund_by_agent")}</h3>
            <KeyedTable id="refund-table" by=vec![Dim::Agent] columns=&REFUND_COLUMNS/>
        </section>
    }
}

/// 退款原因: the refunded sales orders per first-application reason; a
/// row's order count opens those orders.
#[component]
fn RefundReasons() -> impl IntoView {
    let app = use_app();
    let vs = use_view();
    let dr = use_drill();
    let reasons = RwSignal::new(Vec::<kefu_lens::engine::RefundReason>::new());
    use_answer(api::refund_reasons, move |r| reasons.set(r));
    move || {
        let rows = reasons.get();
        (!rows.is_empty()).then(|| {
            let lang = app.lang.get();
            let for_export = rows.clone();
            let table = std::rc::Rc::new(move || {
                use kefu_lens::export::{Cell, Table};
                let lang = app.lang.get_untracked();
                Table {
                    headers: ["refund_reason", "refund_reason_quality", "refund_reason_orders", "refund_orders", "refund_amount", "refund_reason_share"]
                        .iter()
                        .map(|k| tr(lang, k).to_string())
                        .collect(),
                    rows: for_export
                        .iter()
                        .map(|r| {
                            vec![
                                Cell::Text(r.reason.clone()),
                                Cell::Text(if r.quality { "✓".into() } else { String::new() }),
                                Cell::Int(r.orders as i64),
                                Cell::Int(r.refund_orders as i64),
                                Cell::Yuan(r.refund_amount),
                                r.share.map_or(Cell::Empty, Cell::Pct),
                            ]
                        })
                        .collect(),
                }
            });
            view! {
                <h3>{tr(lang, "refund_reasons_title")}" "<HelpMark key="first_quality_refund_rate"/></h3>
                <div class="table-tools"><ExportButtons name="refund-reasons" table title=std::rc::Rc::new(move || tr(app.lang.get_untracked(), "refund_reasons_title").to_string())/></div>
                <div class="table-scroll">
                <table class="grid" id="refund-reasons">
                    <thead><tr>
                        <th>{tr(lang, "refund_reason")}</th>
                        <th class="num">{tr(lang, "refund_reason_orders")}</th>
                        <th class="num">{tr(lang, "refund_orders")}</th>
                        <th class="num">{tr(lang, "refund_amount")}</th>
                        <th class="num">{tr(lang, "refund_reason_share")}</th>
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|r| {
                            let key = std::collections::BTreeMap::from([("refund_reason".to_string(), r.reason.clone())]);
                            view! {
                                <tr data-reason=r.reason.clone()>
                                    <td>{r.reason.clone()}{r.quality.then(|| view! { " "<span class="tag warn">{tr(lang, "refund_reason_quality")}</span> })}</td>
                                    <td class="num"><a href="#" data-metric="refund_reason" data-value=r.orders.to_string() on:click=move |ev| {
                                        ev.prevent_default();
                                        open_drill(vs, dr, "refund_reason", key.clone());
                                    }>{format::int(r.orders)}</a></td>
                                    <td class="num" data-value=r.refund_orders.to_string()>{format::int(r.refund_orders)}</td>
                                    <td class="num" data-value=r.refund_amount.to_string()>{format::yuan(r.refund_amount)}</td>
                                    <td class="num" data-value=r.share.map(|s| s.to_string()).unwrap_or_default()>{format::pct(r.share)}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                </div>
            }
        })
    }
}
