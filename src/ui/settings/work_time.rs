//! The work-time and holiday editors: forms that show the schedule in
//! force (spec §2, `work_time`, `holidays`) and change it without JSON.

use crate::ui::*;
use kefu_lens::settings::{Interval, WEEKDAY_KEYS};

/// `09:00-12:00, 13:30-23:00` (or empty for a day off).
fn intervals_text(list: &[Interval]) -> String {
    list.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(", ")
}

/// Parse what the user typed for one day: intervals separated by commas or
/// spaces; empty (or 休息/off) is a day without work time. The first bad
/// piece is returned as the error.
fn parse_day(text: &str) -> Result<Vec<Interval>, String> {
    let t = text.trim();
    if t.is_empty() || t == "休息" || t.eq_ignore_ascii_case("off") {
        return Ok(Vec::new());
    }
    t.split([',', '，', ' ', '、', ';', '；'])
        .filter(|x| !x.is_empty())
        .map(|x| x.parse::<Interval>().map_err(|_| x.to_string()))
        .collect()
}

/// One line per weekday with its intervals, a button copying Monday to every
/// day, and the holidays as a list with add and remove.
#[component]
pub(crate) fn WorkTimeEditor() -> impl IntoView {
    let app = use_app();
    let bad = RwSignal::new(None::<(usize, String)>);
    let new_day = RwSignal::new(String::new());
    let set_day = move |d: usize, text: String| match parse_day(&text) {
        Ok(list) => {
            bad.set(None);
            let mut s = current_settings(app);
            s.work_time.insert(WEEKDAY_KEYS[d].to_string(), list);
            apply_settings(app, s);
        }
        Err(piece) => bad.set(Some((d, piece))),
    };
    let monday_to_all = move |_| {
        let mut s = current_settings(app);
        let mon = s.work_time.get(WEEKDAY_KEYS[0]).cloned().unwrap_or_default();
        for k in WEEKDAY_KEYS {
            s.work_time.insert(k.to_string(), mon.clone());
        }
        apply_settings(app, s);
    };
    let add_holiday = move |_| {
        let d = new_day.get_untracked();
        if parse_day_str(&d) {
            let mut s = current_settings(app);
            if !s.holidays.contains(&d) {
                s.holidays.push(d);
                s.holidays.sort();
                apply_settings(app, s);
            }
            new_day.set(String::new());
        }
    };
    view! {
        <fieldset class="work-time" id="work-time-editor">
            <legend>{t(app, "work_time")}" "<HelpMark key="work_time"/></legend>
            <p class="hint">{t(app, "work_time_hint")}</p>
            <table class="work-days">
                <tbody>
                    {(0..7usize).map(|d| view! {
                        <tr data-weekday=WEEKDAY_KEYS[d]>
                            <th>{move || weekday_name(app.lang.get(), d)}</th>
                            <td>
                                <input type="text" class="work-day" data-weekday=WEEKDAY_KEYS[d]
                                    prop:value=Memo::new(move |_| {
                                        let s = current_settings_tracked(app);
                                        intervals_text(s.work_time.get(WEEKDAY_KEYS[d]).map(Vec::as_slice).unwrap_or(&[]))
                                    })
                                    placeholder=move || tr(app.lang.get(), "day_off")
                                    on:change=move |ev| set_day(d, event_target_value(&ev))/>
                                {move || bad.get().filter(|b| b.0 == d).map(|(_, piece)| view! {
                                    <span class="note bad work-day-error">{tr(app.lang.get(), "work_time_bad").replace("{v}", &piece)}</span>
                                })}
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <button class="button small" id="work-time-all" on:click=monday_to_all>{t(app, "work_time_copy_monday")}</button>
            <h4>{t(app, "holidays")}</h4>
            <ul class="holidays" id="holidays">
                {move || {
                    let s = current_settings_tracked(app);
                    if s.holidays.is_empty() {
                        return view! { <li class="hint">{tr(app.lang.get(), "no_holidays")}</li> }.into_any();
                    }
                    s.holidays.into_iter().map(|h| {
                        let h2 = h.clone();
                        view! {
                            <li class="holiday" data-day=h.clone()>{h.clone()}
                                <button class="button ghost small remove-holiday" title=move || tr(app.lang.get(), "remove") on:click=move |_| {
                                    let mut s = current_settings(app);
                                    s.holidays.retain(|x| *x != h2);
                                    apply_settings(app, s);
                                }>"×"</button>
                            </li>
                        }
                    }).collect_view().into_any()
                }}
            </ul>
            <label>
                <input type="date" id="holiday-new" prop:value=move || new_day.get() on:input=move |ev| new_day.set(event_target_value(&ev))/>
                <button class="button small" id="holiday-add" on:click=add_holiday>{t(app, "holiday_add")}</button>
            </label>
        </fieldset>
    }
}

/// A `YYYY-MM-DD` date (what `<input type=date>` gives).
fn parse_day_str(s: &str) -> bool {
    kefu_lens::model::parse_day(s).is_some()
}
