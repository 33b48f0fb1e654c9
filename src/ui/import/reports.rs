use crate::ui::*;

pub(crate) fn kind_label(lang: Lang, k: FileKind) -> &'static str {
    match k {
        FileKind::Chats => tr(lang, "kind_chats"),
        FileKind::Orders => tr(lang, "kind_orders"),
        FileKind::Ratings => tr(lang, "kind_ratings"),
        FileKind::Items => tr(lang, "kind_items"),
        FileKind::Refunds => tr(lang, "kind_refunds"),
        FileKind::Unknown => tr(lang, "kind_unknown"),
    }
}

#[component]
pub(crate) fn Reports() -> impl IntoView {
    let app = use_app();
    move || {
        let l = app.loaded.get()?;
        let lang = app.lang.get();
        let cancelled = l.cancelled;
        if l.reports.is_empty() && !cancelled {
            return None;
        }
        Some(view! {
            <section class="reports" id="import-reports">
                <h2>{tr(lang, "import_reports")}</h2>
                {cancelled.then(|| view! { <div class="banner warn" id="import-cancelled">{tr(lang, "cancelled")}</div> })}
                <div class="report-list">
                    {l.reports.into_iter().enumerate().filter(|(_, r)| !r.removed).map(|(index, r)| view! { <ReportCard r index lang/> }).collect_view()}
                </div>
            </section>
        })
    }
}

#[component]
pub(crate) fn ReportCard(r: FileReport, index: usize, lang: Lang) -> impl IntoView {
    let app = use_app();
    // One sheet of a workbook cannot be re-imported alone (the whole file
    // would come back), so its kind override is off.
    let has_file = FILES.with(|m| m.borrow().contains_key(&r.name)) && r.sheet.is_none();
    let name = r.name.clone();
    let reimport = move |ev: leptos::ev::Event| {
        let kind = match event_target_value(&ev).as_str() {
            "chats" => Some(FileKind::Chats),
            "orders" => Some(FileKind::Orders),
            "ratings" => Some(FileKind::Ratings),
            "items" => Some(FileKind::Items),
            _ => None,
        };
        let Some(file) = FILES.with(|m| m.borrow().get(&name).cloned()) else { return };
        app.set_busy();
        api::remove_file(index);
        api::import(&[file], kind);
    };
    let current = match r.kind {
        FileKind::Chats => "chats",
        FileKind::Orders => "orders",
        FileKind::Ratings => "ratings",
        FileKind::Items => "items",
        FileKind::Refunds => "refunds",
        FileKind::Unknown => "",
    };
    let status = if r.cancelled {
        "report cancelled"
    } else if r.fatal.is_some() {
        "report fatal"
    } else if r.problem_count > 0 {
        "report warn"
    } else {
        "report ok"
    };
    let sheet_part = r.sheet.is_some();
    let more = r.problem_count.saturating_sub(r.problems.len() as u64);
    let dup_files: Vec<&str> = r.duplicate_of.iter().map(|d| d.name.as_str()).collect();
    let dup_note = duplicates_note(lang, current, r.duplicates, &dup_files, r.replaced);
    let has_problems = !r.problems.is_empty();
    view! {
        <div class=status data-file=r.name.clone() data-sheet=r.sheet.clone()>
            <div class="report-head">
                <strong class="file-name">{r.display_name()}</strong>
                <span class="tag" data-field="kind">{if r.reference.is_some() { tr(lang, "kind_reference") } else { kind_label(lang, r.kind) }}</span>
                <span class="tag" data-field="format">{r.format.clone()}</span>
                <span class="tag" data-field="encoding">{r.encoding.clone()}</span>
                <span class="size">{format::bytes(r.bytes)}</span>
            </div>
            <div class="report-tools">
                <label>{tr(lang, "kind")}": "
                    <select class="kind-override" prop:disabled=!has_file
                        title=if sheet_part { tr(lang, "sheet_reimport_hint") } else { tr(lang, "reimport_as") } on:change=reimport>
                        <option value="" selected=current.is_empty()>{tr(lang, "kind_auto")}</option>
                        <option value="chats" selected=current == "chats">{tr(lang, "kind_chats")}</option>
                        <option value="orders" selected=current == "orders">{tr(lang, "kind_orders")}</option>
                        <option value="ratings" selected=current == "ratings">{tr(lang, "kind_ratings")}</option>
                        <option value="items" selected=current == "items">{tr(lang, "kind_items")}</option>
                    </select>
                </label>
                <button class="button ghost small remove-file" on:click=move |_| {
                    if !confirm(app, "confirm_remove_file") {
                        return;
                    }
                    app.set_busy();
                    api::remove_file(index);
                }>{tr(lang, "remove")}</button>
            </div>
            {r.cancelled.then(|| view! { <p class="cancelled-note" data-field="cancelled">{tr(lang, "report_cancelled")}</p> })}
            {r.reference.map(|k| {
                let vs = use_view();
                let note = tr(lang, "reference_note").replace("{sheet}", k.label(lang.zh())).replace("{n}", &format::int(r.read));
                view! {
                    <p class="reference-note" data-field="reference" data-value=r.read.to_string()>{note}" "
                        <a href="#" class="reference-open" on:click=move |ev| {
                            ev.prevent_default();
                            select_tab(vs, Tab::Reconcile);
                        }>{tr(lang, "reference_open")}</a>
                    </p>
                }
            })}
            {r.fatal.clone().map(|f| {
                let platform = crate::ui::pure::howto::platform_for(&r.name, &r.format)
                    .unwrap_or(crate::ui::pure::howto::PLATFORMS[0].id);
                view! {
                    <p class="fatal" data-field="fatal">
                        <strong>{tr(lang, "fatal")}"："</strong>
                        {if lang.zh() { f.message_zh } else { f.message_en }}
                    </p>
                    <p class="hint">
                        <a href="#howto" class="howto-link" data-platform=platform on:click=move |ev| {
                            ev.prevent_default();
                            app.show_howto(Some(platform));
                            if let Some(el) = web_sys::window()
                                .and_then(|w| w.document())
                                .and_then(|d| d.get_element_by_id("howto"))
                            {
                                el.scroll_into_view();
                            }
                        }>{tr(lang, "howto_link")}</a>
                    </p>
                }
            })}
            {(!r.skipped_sheets.is_empty()).then(|| view! {
                <div class="skipped-sheets" data-field="skipped-sheets">
                    <strong>{tr(lang, "skipped_sheets")}"："</strong>
                    <ul>
                        {r.skipped_sheets.iter().map(|s| {
                            let why = if lang.zh() { s.message_zh.clone() } else { s.message_en.clone() };
                            view! { <li data-sheet=s.sheet.clone()><b>{s.sheet.clone()}</b>" — "{why}</li> }
                        }).collect_view()}
                    </ul>
                </div>
            })}
            {r.preview.clone().map(|preview| {
                let open = RwSignal::new(false);
                let name = r.name.clone();
                view! {
                    <button class="button small map-open" on:click=move |_| open.update(|o| *o = !*o)>{tr(lang, "map_columns")}</button>
                    {move || open.get().then(|| view! { <Mapper preview=preview.clone() index name=name.clone() open/> })}
                }
            })}
            <div class="counts" class:hidden=r.reference.is_some()>
                <span>{tr(lang, "read")}" "<b data-field="read" data-value=r.read.to_string()>{format::int(r.read)}</b></span>
                <span>{tr(lang, "imported")}" "<b data-field="imported" data-value=r.imported.to_string()>{format::int(r.imported)}</b></span>
                <span>{tr(lang, "skipped")}" "<b data-field="skipped" data-value=r.skipped.to_string()>{format::int(r.skipped)}</b></span>
                {(r.merged > 0).then(|| view! {
                    <span title=tr(lang, "merged_hint")>{tr(lang, "merged")}" "<b data-field="merged" data-value=r.merged.to_string()>{format::int(r.merged)}</b></span>
                })}
            </div>
            {(r.duplicates > 0).then(|| view! {
                <p class="duplicates" data-field="duplicates" data-value=r.duplicates.to_string()>{dup_note}</p>
            })}
            {has_problems.then(|| view! {
                <ul class="problems" data-field="problems">
                    {r.problems.iter().map(|p| {
                        let prefix = if p.line > 0 { tr(lang, "line_n").replace("{n}", &p.line.to_string()) } else { String::new() };
                        let msg = if lang.zh() { p.message_zh.clone() } else { p.message_en.clone() };
                        view! { <li data-line=p.line.to_string()>{prefix}{msg}</li> }
                    }).collect_view()}
                    {(more > 0).then(|| view! { <li class="more">{tr(lang, "more_problems").replace("{n}", &more.to_string())}</li> })}
                </ul>
                <p class="hint">{tr(lang, "fix_hint")}</p>
            })}
        </div>
    }
}

#[component]
pub(crate) fn LoadedSummary() -> impl IntoView {
    let app = use_app();
    move || {
        let lang = app.lang.get();
        let Some(l) = app.loaded.get().filter(|l| l.reports.iter().any(|r| !r.removed) || l.summary.messages > 0)
        else {
            return view! { <p class="empty" id="empty-state">{tr(lang, "empty_state")}</p> }.into_any();
        };
        let s = l.summary;
        let item = |key: &'static str, n: u64| {
            view! { <div class="stat"><span>{tr(lang, key)}</span><b data-summary=key data-value=n.to_string()>{format::int(n)}</b></div> }
        };
        let span = match (&s.first_day, &s.last_day) {
            (Some(a), Some(b)) => format!("{a} ~ {b}"),
            _ => "—".into(),
        };
        view! {
            <section class="loaded" id="loaded-summary">
                <h2>{tr(lang, "loaded")}</h2>
                <div class="stats">
                    {item("shops", s.shops)}
                    {item("agents", s.agents)}
                    {item("buyers", s.buyers)}
                    {item("days", s.days)}
                    {item("messages", s.messages)}
                    {item("orders", s.orders)}
                    {(s.orders_not_linked > 0).then(|| item("orders_not_linked", s.orders_not_linked))}
                    {item("ratings", s.ratings)}
                    <div class="stat wide"><span>{tr(lang, "span")}</span><b data-summary="span">{span}</b></div>
                </div>
            </section>
        }
        .into_any()
    }
}
