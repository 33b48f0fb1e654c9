//! 催付 (issue 14 item 3, seed 002): unpaid orders and the payment
//! reminders agents sent for them — coverage, success and, per agent, how
//! many first reminders fell inside each golden window (the windows are
//! settings). Every number opens its orders; a window cell opens the
//! orders whose first reminder it holds; the orders never reminded are one
//! click away, each with its transcript.

use kefu_lens::engine::cuifu::{CuifuTiming, TimingRow, OUTSIDE, WINDOW_KEY, WINDOW_METRIC};

use crate::ui::*;

#[component]
pub(crate) fn Cuifu() -> impl IntoView {
    let app = use_app();
    let vs = use_view();
    let dr = use_drill();
    let timing = RwSignal::new(None::<CuifuTiming>);
    use_answer(api::cuifu_timing, move |t| timing.set(Some(t)));
    view! {
        <section class="cuifu" id="cuifu">
            <h3>{t(app, "cuifu_title")}" "<HelpMark key="cuifu_concept"/></h3>
            <MetricCards id="cuifu-cards" keys=&CUIFU_COLUMNS/>
            <p><a href="#" id="cuifu-missed-list" on:click=move |ev| {
                ev.prevent_default();
                open_drill(vs, dr, "cuifu_missed", Default::default());
            }>{t(app, "cuifu_missed_list")}</a></p>
            <h3>{t(app, "cuifu_timing_title")}" "<HelpMark key="cuifu_timing"/></h3>
            {move || timing.get().map(|t| view! { <TimingTable timing=t/> })}
            <h3>{t(app, "cuifu_by_agent")}</h3>
            <KeyedTable id="cuifu-table" by=vec![Dim::Agent] columns=&CUIFU_COLUMNS/>
        </section>
    }
}

/// One row per agent and a total: first reminders per window, each with
/// its share of the reminded orders.
#[component]
fn TimingTable(timing: CuifuTiming) -> impl IntoView {
    let app = use_app();
    let vs = use_view();
    let dr = use_drill();
    let windows = timing.windows.clone();
    let row = move |r: TimingRow, total: bool, lang: Lang| {
        let key = |w: String| {
            let mut k = std::collections::BTreeMap::new();
            if !total {
                k.insert("agent".to_string(), r.agent.clone());
            }
            k.insert(WINDOW_KEY.to_string(), w);
            k
        };
        let mut agent_key = std::collections::BTreeMap::new();
        if !total {
            agent_key.insert("agent".to_string(), r.agent.clone());
        }
        let cell = move |n: u64, share: Option<f64>, k: std::collections::BTreeMap<String, String>| {
            view! {
                <td class="num"><a href="#" data-metric=WINDOW_METRIC data-value=n.to_string() on:click=move |ev| {
                    ev.prevent_default();
                    open_drill(vs, dr, WINDOW_METRIC, k.clone());
                }>{format::int(n)}</a>
                {share.map(|s| view! { <span class="hint">" ("{format::pct(Some(s))}")"</span> })}</td>
            }
        };
        let name = if total { tr(lang, "shop_total").to_string() } else { r.agent.clone() };
        view! {
            <tr data-agent=(!total).then(|| r.agent.clone()) class=if total { "total" } else { "" }>
                <td>{name}</td>
                <td class="num"><a href="#" data-metric="cuifu_covered" data-value=r.covered.to_string() on:click=move |ev| {
                    ev.prevent_default();
                    open_drill(vs, dr, "cuifu_covered", agent_key.clone());
                }>{format::int(r.covered)}</a></td>
                {r.counts.iter().zip(&r.shares).enumerate().map(|(i, (&n, &s))| cell(n, s, key(i.to_string()))).collect_view()}
                {cell(r.outside, r.outside_share, key(OUTSIDE.to_string()))}
            </tr>
        }
    };
    view! {
        <div class="table-scroll">
        <table class="grid" id="cuifu-timing">
            <thead><tr>
                <th>{t(app, "agent")}</th>
                <th>{t(app, "cuifu_covered")}</th>
                {windows.iter().map(|w| view! { <th>{w.clone()}</th> }).collect_view()}
                <th>{t(app, "cuifu_outside")}</th>
            </tr></thead>
            <tbody>
                {move || {
                    let lang = app.lang.get();
                    let mut rows: Vec<_> = timing.rows.iter().cloned().map(|r| row(r, false, lang)).collect();
                    rows.push(row(timing.total.clone(), true, lang));
                    rows.collect_view()
                }}
            </tbody>
        </table>
        </div>
    }
}
