use crate::ui::*;

/// Text-format chats name people only by nick: let the user say which are staff.
#[component]
pub(crate) fn StaffPanel() -> impl IntoView {
    let app = use_app();
    move || {
        let l = app.loaded.get()?;
        if l.text_nicks.is_empty() {
            return None;
        }
        let lang = app.lang.get();
        Some(view! {
            <details class="staff-panel" id="staff-panel">
                <summary>{tr(lang, "staff_marking")}" ("{l.text_nicks.len()}")"</summary>
                <p class="hint">{tr(lang, "staff_hint")}</p>
                <table class="grid small">
                    <thead><tr><th>{tr(lang, "nick")}</th><th>{tr(lang, "messages")}</th><th>{tr(lang, "staff_col")}</th></tr></thead>
                    <tbody>
                        {l.text_nicks.into_iter().map(|n| {
                            let colon = n.nick.contains(':');
                            let nick = n.nick.clone();
                            view! {
                                <tr data-nick=n.nick.clone()>
                                    <td>{n.nick.clone()}</td>
                                    <td class="num">{format::int(n.messages)}</td>
                                    <td><input type="checkbox" class="staff-toggle" prop:checked=n.is_staff prop:disabled=colon
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            let mut s = current_settings(app);
                                            s.accounts.retain(|a| a.nick != nick);
                                            s.main_accounts.retain(|a| *a != nick);
                                            if on {
                                                s.accounts.push(kefu_lens::settings::Account { nick: nick.clone(), name: nick.clone(), ..Default::default() });
                                                s.main_accounts.push(nick.clone());
                                            }
                                            apply_settings(app, s);
                                        }/></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </details>
        })
    }
}
