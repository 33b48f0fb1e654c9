use crate::ui::*;

/// A chart canvas with a hover tooltip, click-to-drill by category, a PNG
/// download and its table alternative. The caller draws into `canvas` and
/// stores where the categories landed in `layout`; `tip` gives the tooltip
/// text of category `i`, `pick` its drill, `table` the chart's data.
#[component]
pub(crate) fn ChartCanvas(
    id: &'static str,
    canvas: NodeRef<leptos::html::Canvas>,
    layout: RwSignal<chart::Layout>,
    tip: std::rc::Rc<dyn Fn(usize) -> Option<String>>,
    table: std::rc::Rc<dyn Fn() -> kefu_lens::export::Table>,
    #[prop(optional)] pick: Option<std::rc::Rc<dyn Fn(usize)>>,
) -> impl IntoView {
    let app = use_app();
    let shown = RwSignal::new(None::<(f64, f64, bool, String)>);
    let show_table = RwSignal::new(false);
    let at = move |ev: &leptos::ev::MouseEvent| -> Option<usize> {
        let c = canvas.get_untracked()?;
        let rect = c.get_bounding_client_rect();
        layout.get_untracked().pick(ev.client_x() as f64 - rect.left(), ev.client_y() as f64 - rect.top())
    };
    let clickable = pick.is_some();
    // A redraw (new data, a drill step) hides a tooltip that no longer applies.
    Effect::new(move |_| {
        layout.track();
        shown.set(None);
    });
    // Reactive children must be Send: keep the table builder in local storage.
    let table = StoredValue::new_local(table);
    view! {
        <div class="chart-tools">
            <button class="button ghost small show-table" data-chart=id on:click=move |_| show_table.update(|v| *v = !*v)>
                {move || if show_table.get() { t(app, "hide_table")() } else { t(app, "show_table")() }}</button>
            <button class="button ghost small" data-png=id on:click=move |_| { if let Some(c) = canvas.get() { chart::download_png(&c, &format!("{id}.png")); } }>
                {t(app, "download_png")}</button>
        </div>
        <div class="chart-wrap">
            <canvas id=id class="chart" class:clickable=clickable node_ref=canvas
                data-left=move || layout.get().left.to_string() data-right=move || layout.get().right.to_string()
                data-n=move || layout.get().n.to_string()
                data-top=move || { let l = layout.get(); l.rows.map(|r| r.0).or(l.cells.map(|c| c.0)).map(|v| v.to_string()).unwrap_or_default() }
                data-bottom=move || { let l = layout.get(); l.rows.map(|r| r.1).or(l.cells.map(|c| c.1)).map(|v| v.to_string()).unwrap_or_default() }
                data-ny=move || layout.get().cells.map(|c| c.2.to_string()).unwrap_or_default()
                on:mousemove=move |ev| {
                    let w = canvas.get_untracked().map(|c| c.client_width() as f64).unwrap_or(0.0);
                    let x = ev.offset_x() as f64;
                    shown.set(at(&ev).and_then(|i| tip(i)).map(|s| (x, ev.offset_y() as f64, x > w * 0.6, s)));
                }
                on:mouseleave=move |_| shown.set(None)
                on:click=move |ev| {
                    if let (Some(p), Some(i)) = (pick.as_ref(), at(&ev)) {
                        p(i);
                    }
                }></canvas>
            {move || shown.get().map(|(x, y, flip, s)| view! {
                <div class="tooltip" data-for=id style:left=format!("{}px", if flip { x - 12.0 } else { x + 12.0 }) style:top=format!("{}px", y + 12.0)
                    style:transform=if flip { "translateX(-100%)" } else { "none" }>{s}</div>
            })}
        </div>
        {move || show_table.get().then(|| {
            let lang = app.lang.get();
            let tb = table.with_value(|f| f());
            view! {
                <div class="table-scroll">
                    <table class="grid small chart-table" id=format!("{id}-data")>
                        <thead><tr>{tb.headers.into_iter().map(|h| view! { <th>{h}</th> }).collect_view()}</tr></thead>
                        <tbody>{tb.rows.into_iter().map(|r| view! {
                            <tr>{r.into_iter().map(|c| {
                                let num = !matches!(c, kefu_lens::export::Cell::Text(_));
                                view! { <td class:num=num>{cell_text(&c, lang)}</td> }
                            }).collect_view()}</tr>
                        }).collect_view()}</tbody>
                    </table>
                </div>
            }
        })}
    }
}
