//! The column mapper (spec §10.1): on the report card of a table no format
//! knows, the user says which column is what. Saving adds the mapping to
//! the settings (so the same header is read this way from now on, in this
//! browser and in `kefu --config` with exported settings) and imports the
//! file again.

use std::collections::BTreeMap;

use kefu_lens::model::TablePreview;
use kefu_lens::settings::{
    mapping_fields, ChatMode, ColumnMapping, MappingColumns, MappingKind, MappingRoles, TimeFormat,
};

use crate::ui::*;

/// The i18n key of a field's label.
fn field_label(field: &str) -> &'static str {
    match field {
        "time" => "map_f_time",
        "agent" => "map_f_agent",
        "buyer" => "map_f_buyer",
        "conversation" => "map_f_conversation",
        "sender_name" => "map_f_sender_name",
        "role" => "map_f_role",
        "text" => "map_f_text",
        "shop" => "map_f_shop",
        "order_id" => "map_f_order_id",
        "created" => "map_f_created",
        "paid" => "map_f_paid",
        "amount" => "map_f_amount",
        "title" => "map_f_title",
        _ => "map_none",
    }
}

const ROLE_CHOICES: [(&str, &str); 5] = [
    ("", "map_role_unset"),
    ("buyer", "map_role_buyer"),
    ("agent", "map_role_agent"),
    ("auto", "map_role_auto"),
    ("system", "map_role_system"),
];

#[component]
pub(crate) fn Mapper(preview: TablePreview, index: usize, name: String, open: RwSignal<bool>) -> impl IntoView {
    let app = use_app();
    let kind = RwSignal::new(MappingKind::Chats);
    let mode = RwSignal::new(ChatMode::AgentBuyer);
    let cols: RwSignal<BTreeMap<&'static str, String>> = RwSignal::new(BTreeMap::new());
    let roles: RwSignal<BTreeMap<String, String>> = RwSignal::new(BTreeMap::new());
    let time_format = RwSignal::new("auto".to_string());
    let error: RwSignal<Option<String>> = RwSignal::new(None);
    let header = StoredValue::new(preview.header.clone());
    let values = StoredValue::new(preview.values.clone());
    let lang = move || app.lang.get();

    // The distinct values of the column chosen as the role column.
    let role_values = move || {
        let col = cols.get().get("role").cloned().unwrap_or_default();
        let ix = header.with_value(|h| h.iter().position(|c| *c == col));
        ix.map(|i| values.with_value(|v| v.get(i).cloned().unwrap_or_default()))
    };

    let save = move |_| {
        let lang = app.lang.get_untracked();
        let (k, md) = (kind.get_untracked(), mode.get_untracked());
        let (required, optional) = mapping_fields(k, md);
        let chosen = cols.get_untracked();
        let mut columns = MappingColumns::default();
        for f in required.iter().chain(optional) {
            if let Some(c) = chosen.get(f).filter(|c| !c.is_empty()) {
                columns.set(f, Some(c.clone()));
            }
        }
        let missing: Vec<&str> =
            required.iter().filter(|f| columns.get(f).is_none()).map(|f| tr(lang, field_label(f))).collect();
        if !missing.is_empty() {
            error.set(Some(tr(lang, "map_missing").replace("{list}", &missing.join(" / "))));
            return;
        }
        let tf_text = time_format.get_untracked();
        let Ok(tf) = tf_text.parse::<TimeFormat>() else {
            error.set(Some(tr(lang, "map_bad_time").replace("{v}", &tf_text)));
            return;
        };
        let mut r = MappingRoles::default();
        if k == MappingKind::Chats {
            let seen = role_values().unwrap_or_default();
            for (v, role) in roles.get_untracked() {
                if !seen.contains(&v) {
                    continue;
                }
                match role.as_str() {
                    "buyer" => r.buyer.push(v),
                    "agent" => r.agent.push(v),
                    "auto" => r.auto.push(v),
                    "system" => r.system.push(v),
                    _ => {}
                }
            }
        }
        let m = ColumnMapping { kind: k, header: header.get_value(), columns, roles: r, time_format: tf };
        if let Err(e) = m.validate() {
            error.set(Some(e));
            return;
        }
        error.set(None);
        let mut s = current_settings(app);
        s.column_mappings.retain(|x| x.header != m.header);
        s.column_mappings.push(m);
        apply_settings(app, s);
        match FILES.with(|f| f.borrow().get(&name).cloned()) {
            Some(file) => {
                app.set_busy();
                api::remove_file(index);
                api::import(&[file], None);
                open.set(false);
            }
            None => error.set(Some(tr(lang, "map_choose_again").to_string())),
        }
    };

    let column_select = move |field: &'static str| {
        view! {
            <label class="map-field">
                <span>{move || tr(lang(), field_label(field))}</span>
                <select data-map=field on:change=move |ev| {
                    let v = event_target_value(&ev);
                    cols.update(|c| { c.insert(field, v); });
                }>
                    <option value="" selected=move || cols.get().get(field).is_none_or(|c| c.is_empty())>{move || tr(lang(), "map_none")}</option>
                    {header.get_value().into_iter().map(|h| {
                        let h2 = h.clone();
                        view! { <option value=h.clone() selected=move || cols.get().get(field) == Some(&h2)>{h.clone()}</option> }
                    }).collect_view()}
                </select>
            </label>
        }
    };

    view! {
        <div class="mapper" data-field="mapper">
            <h4>{move || tr(lang(), "map_title")}</h4>
            <div class="map-preview-wrap">
                <table class="grid small map-preview">
                    <thead><tr>{preview.header.iter().map(|h| view! { <th>{h.clone()}</th> }).collect_view()}</tr></thead>
                    <tbody>
                        {preview.rows.iter().map(|row| view! {
                            <tr>{row.iter().map(|c| view! { <td>{c.clone()}</td> }).collect_view()}</tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <div class="map-form">
                <label class="map-field">
                    <span>{move || tr(lang(), "map_kind")}</span>
                    <select data-map="kind" on:change=move |ev| {
                        kind.set(if event_target_value(&ev) == "orders" { MappingKind::Orders } else { MappingKind::Chats });
                    }>
                        <option value="chats" selected=move || kind.get() == MappingKind::Chats>{move || tr(lang(), "kind_chats")}</option>
                        <option value="orders" selected=move || kind.get() == MappingKind::Orders>{move || tr(lang(), "kind_orders")}</option>
                    </select>
                </label>
                {move || (kind.get() == MappingKind::Chats).then(|| view! {
                    <label class="map-field">
                        <span>{move || tr(lang(), "map_mode")}</span>
                        <select data-map="mode" on:change=move |ev| {
                            mode.set(if event_target_value(&ev) == "conversation" { ChatMode::Conversation } else { ChatMode::AgentBuyer });
                        }>
                            <option value="agent_buyer" selected=move || mode.get() == ChatMode::AgentBuyer>{move || tr(lang(), "map_mode_agent_buyer")}</option>
                            <option value="conversation" selected=move || mode.get() == ChatMode::Conversation>{move || tr(lang(), "map_mode_conversation")}</option>
                        </select>
                    </label>
                })}
                {move || {
                    let (required, optional) = mapping_fields(kind.get(), mode.get());
                    required.iter().chain(optional).map(|f| column_select(f)).collect_view()
                }}
                {move || (kind.get() == MappingKind::Chats).then(|| match role_values() {
                    None => ().into_any(),
                    Some(vals) if vals.is_empty() => view! { <p class="hint">{move || tr(lang(), "map_role_many")}</p> }.into_any(),
                    Some(vals) => view! {
                        <fieldset class="map-roles">
                            <legend>{move || tr(lang(), "map_roles")}</legend>
                            {vals.into_iter().map(|v| {
                                let v2 = v.clone();
                                let v3 = v.clone();
                                view! {
                                    <label class="map-field">
                                        <span class="role-value">{v.clone()}</span>
                                        <select data-role-value=v.clone() on:change=move |ev| {
                                            let r = event_target_value(&ev);
                                            roles.update(|m| { m.insert(v2.clone(), r); });
                                        }>
                                            {ROLE_CHOICES.iter().map(|(code, key)| {
                                                let v4 = v3.clone();
                                                view! { <option value=*code selected=move || roles.get().get(&v4).map_or("", |s| s.as_str()) == *code>{move || tr(lang(), key)}</option> }
                                            }).collect_view()}
                                        </select>
                                    </label>
                                }
                            }).collect_view()}
                        </fieldset>
                    }.into_any(),
                })}
                <label class="map-field">
                    <span>{move || tr(lang(), "map_time_format")}</span>
                    <input data-map="time_format" prop:value=move || time_format.get()
                        on:change=move |ev| time_format.set(event_target_value(&ev))/>
                </label>
                <p class="hint">{move || tr(lang(), "map_time_hint")}</p>
            </div>
            {move || error.get().map(|e| view! { <p class="fatal map-error">{e}</p> })}
            <div class="map-actions">
                <button class="button small primary map-save" on:click=save>{move || tr(lang(), "map_save")}</button>
                <button class="button ghost small map-cancel" on:click=move |_| open.set(false)>{move || tr(lang(), "cancel")}</button>
            </div>
        </div>
    }
}
