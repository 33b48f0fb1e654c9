use crate::ui::*;

/// Staff accounts: display name, multi-level team path (团队/小组), and
/// pre-/after-sales role. Each change applies at once (no re-import).
#[component]
pub(crate) fn AccountsEditor() -> impl IntoView {
    let app = use_app();
    let accounts = move || current_settings_tracked(app).accounts;
    let edit = move |i: usize, f: Box<dyn FnOnce(&mut kefu_lens::settings::Account)>| {
        let mut s = current_settings(app);
        if let Some(a) = s.accounts.get_mut(i) {
            f(a);
        }
        apply_settings(app, s);
    };
    view! {
        <div class="accounts-editor" id="accounts-editor">
            <h4>{t(app, "accounts")}</h4>
            <p class="hint">{t(app, "accounts_hint")}</p>
            <table class="grid small" id="accounts-table">
                <thead><tr><th>{t(app, "nick")}</th><th>{t(app, "display_name")}</th><th>{t(app, "team_path")}</th><th>{t(app, "role")}</th><th></th></tr></thead>
                <tbody>
                    <For each={move || (0..accounts().len()).collect::<Vec<usize>>()} key={|i: &usize| *i} let:i>
                        <tr data-account=move || accounts().get(i).map(|a| a.nick.clone()).unwrap_or_default()>
                            <td>{move || accounts().get(i).map(|a| a.nick.clone()).unwrap_or_default()}</td>
                            <td><input class="acc-name" prop:value=move || accounts().get(i).map(|a| a.name.clone()).unwrap_or_default()
                                on:change=move |ev| { let v = event_target_value(&ev); edit(i, Box::new(move |a| a.name = v)); }/></td>
                            <td><input class="acc-team" placeholder="售前部/一组" prop:value=move || accounts().get(i).map(|a| a.team.join("/")).unwrap_or_default()
                                on:change=move |ev| {
                                    let v = event_target_value(&ev);
                                    let path: Vec<String> = v.split('/').map(|x| x.trim().to_string()).filter(|x| !x.is_empty()).collect();
                                    edit(i, Box::new(move |a| a.team = path));
                                }/></td>
                            <td><select class="acc-role" on:change=move |ev| {
                                    let role = if event_target_value(&ev) == "aftersales" { kefu_lens::settings::Role::Aftersales } else { kefu_lens::settings::Role::Presales };
                                    edit(i, Box::new(move |a| a.role = role));
                                }>
                                <option value="presales" selected=move || accounts().get(i).map(|a| a.role == kefu_lens::settings::Role::Presales).unwrap_or(true)>{t(app, "presales")}</option>
                                <option value="aftersales" selected=move || accounts().get(i).map(|a| a.role == kefu_lens::settings::Role::Aftersales).unwrap_or(false)>{t(app, "aftersales")}</option>
                            </select></td>
                            <td><button class="button small" on:click=move |_| {
                                let mut s = current_settings(app);
                                if i < s.accounts.len() { s.accounts.remove(i); }
                                apply_settings(app, s);
                            }>"×"</button></td>
                        </tr>
                    </For>
                </tbody>
            </table>
            <button class="button small" id="accounts-add-seen" on:click=move |_| {
                let mut s = current_settings(app);
                for a in app.loaded.get_untracked().map(|l| l.agents).unwrap_or_default() {
                    if !s.accounts.iter().any(|x| x.nick == a) {
                        let name = a.rsplit(':').next().unwrap_or(&a).to_string();
                        s.accounts.push(kefu_lens::settings::Account { nick: a, name, ..Default::default() });
                    }
                }
                apply_settings(app, s);
            }>{t(app, "accounts_add_seen")}</button>
        </div>
    }
}
