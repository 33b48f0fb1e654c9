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
            <h3>{t(app, "refund_by_agent")}</h3>
            <KeyedTable id="refund-table" by=vec![Dim::Agent] columns=&REFUND_COLUMNS/>
        </section>
    }
}
