//! Answers that follow the filter: each hook asks the worker when the view
//! opens and again whenever the filter or the loaded data change, and keeps
//! the latest answer in a signal. A failed query reaches the error banner.

use kefu_lens::engine::metric::Rule;
use kefu_lens::engine::{Dim, Filter, Query, Row};
use leptos::prelude::*;

use super::api::{self, Ask};
use crate::ui::state::{then, use_app, use_view};

/// Ask `ask(filter)` now and whenever the filter or the loaded data change;
/// `on_answer` gets each answer.
pub fn use_answer<T: 'static>(ask: impl Fn(Filter) -> Ask<T> + 'static, on_answer: impl Fn(T) + Copy + 'static) {
    let (app, vs) = (use_app(), use_view());
    Effect::new(move |_| {
        let filter = vs.filter.get();
        app.loaded.track();
        then(app, ask(filter), on_answer);
    });
}

/// The rows of a report by `by` for the current filter (changed by `adjust`,
/// e.g. to drop the agent filter), kept current.
pub fn use_report_with(by: Vec<Dim>, adjust: impl Fn(&mut Filter) + 'static) -> ReadSignal<Vec<Row>> {
    report_rows(by, Vec::new(), adjust)
}

/// The rows of a report by `by` with other platforms' rules computed
/// beside Taobao's (spec §3.1), kept current.
pub fn use_report_rules(by: Vec<Dim>, rules: Vec<Rule>) -> ReadSignal<Vec<Row>> {
    report_rows(by, rules, |_| {})
}

fn report_rows(by: Vec<Dim>, rules: Vec<Rule>, adjust: impl Fn(&mut Filter) + 'static) -> ReadSignal<Vec<Row>> {
    let rows = RwSignal::new(Vec::new());
    use_answer(
        move |mut filter| {
            adjust(&mut filter);
            api::report(Query { rules: rules.clone(), by: by.clone(), filter })
        },
        move |report: kefu_lens::engine::Report| rows.set(report.rows),
    );
    rows.read_only()
}

/// The rows of a report by `by` for the current filter, kept current.
pub fn use_report(by: Vec<Dim>) -> ReadSignal<Vec<Row>> {
    use_report_with(by, |_| {})
}
