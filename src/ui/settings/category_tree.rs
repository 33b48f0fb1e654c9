use crate::ui::*;

pub(crate) fn siblings_mut<'a>(tree: &'a mut Vec<CategoryNode>, parent: &[usize]) -> Option<&'a mut Vec<CategoryNode>> {
    let mut cur = tree;
    for &i in parent {
        cur = &mut cur.get_mut(i)?.children;
    }
    Some(cur)
}

pub(crate) fn node_mut<'a>(tree: &'a mut Vec<CategoryNode>, path: &[usize]) -> Option<&'a mut CategoryNode> {
    let (last, parent) = path.split_last()?;
    siblings_mut(tree, parent)?.get_mut(*last)
}

pub(crate) fn flatten(tree: &[CategoryNode], prefix: &mut Vec<usize>, out: &mut Vec<(Vec<usize>, CategoryNode)>) {
    for (i, n) in tree.iter().enumerate() {
        prefix.push(i);
        out.push((prefix.clone(), CategoryNode { children: Vec::new(), ..n.clone() }));
        flatten(&n.children, prefix, out);
        prefix.pop();
    }
}

/// One change to the draft tree.
type TreeEdit = Box<dyn FnOnce(&mut Vec<CategoryNode>)>;

/// Edit the consultation category tree (any depth): rename, recode, set
/// keywords or a regex, add children, move among siblings, delete; start
/// from the seed-003 clothing-shop example; import/export as JSON.
#[component]
pub(crate) fn TreeEditor() -> impl IntoView {
    let app = use_app();
    let draft = RwSignal::new(Vec::<CategoryNode>::new());
    let dirty = RwSignal::new(false);
    // Follow the settings, but never over unapplied edits.
    Effect::new(move |_| {
        let tree = current_settings_tracked(app).categories;
        if !dirty.get_untracked() {
            draft.set(tree);
        }
    });
    let edit = move |f: TreeEdit| {
        draft.update(|t| f(t));
        dirty.set(true);
    };
    let apply = move |_| {
        let mut s = current_settings(app);
        s.categories = draft.get_untracked();
        dirty.set(false);
        apply_settings(app, s);
    };
    let file_ref = NodeRef::<leptos::html::Input>::new();
    let import = move |_| {
        let Some(f) = file_ref.get().and_then(|i| i.files()).and_then(|l| l.get(0)) else { return };
        leptos::task::spawn_local(async move {
            let Ok(json) = read_text(f).await else { return };
            // A bare tree, or a settings file holding `categories`.
            let tree = serde_json::from_str::<Vec<CategoryNode>>(&json)
                .or_else(|_| kefu_lens::Settings::parse_stored(&json).map(|s| s.categories));
            match tree {
                Ok(t) => {
                    draft.set(t);
                    dirty.set(true);
                }
                Err(e) => app.show_error(format!("{}{e}", tr(app.lang.get_untracked(), "settings_bad"))),
            }
        });
    };
    view! {
        <details class="tree-editor" id="tree-editor">
            <summary>{t(app, "edit_tree")}</summary>
            <p class="hint">{t(app, "edit_tree_hint")}</p>
            <table class="grid small" id="tree-edit-table">
                <thead><tr><th>{t(app, "category_path")}</th><th>{t(app, "category_code")}</th><th>{t(app, "keywords")}</th><th>"regex"</th><th></th></tr></thead>
                <tbody>
                    {move || {
                        let mut flat = Vec::new();
                        flatten(&draft.get(), &mut Vec::new(), &mut flat);
                        flat.into_iter().map(|(path, n)| {
                            let depth = path.len() - 1;
                            let (p1, p2, p3, p4, p5, p6, p7, p8) = (path.clone(), path.clone(), path.clone(), path.clone(), path.clone(), path.clone(), path.clone(), path.clone());
                            view! {
                                <tr data-edit-code=n.code.clone()>
                                    <td style:padding-left=format!("{}px", 6 + depth * 18)>
                                        <input class="node-name" prop:value=n.name.clone() on:change=move |ev| {
                                            let v = event_target_value(&ev); let p = p1.clone();
                                            edit(Box::new(move |t| if let Some(n) = node_mut(t, &p) { n.name = v; }));
                                        }/></td>
                                    <td><input class="node-code" size="7" prop:value=n.code.clone() on:change=move |ev| {
                                            let v = event_target_value(&ev); let p = p2.clone();
                                            edit(Box::new(move |t| if let Some(n) = node_mut(t, &p) { n.code = v; }));
                                        }/></td>
                                    <td><input class="node-keywords" prop:value=n.keywords.join("，") on:change=move |ev| {
                                            let v = event_target_value(&ev); let p = p3.clone();
                                            let kw: Vec<String> = v.split([',', '，', ' ']).filter(|x| !x.is_empty()).map(str::to_string).collect();
                                            edit(Box::new(move |t| if let Some(n) = node_mut(t, &p) { n.keywords = kw; }));
                                        }/></td>
                                    <td><input class="node-regex" size="10" prop:value=n.regex.clone().unwrap_or_default() on:change=move |ev| {
                                            let v = event_target_value(&ev); let p = p4.clone();
                                            edit(Box::new(move |t| if let Some(n) = node_mut(t, &p) { n.regex = Some(v).filter(|x| !x.is_empty()); }));
                                        }/></td>
                                    <td class="tree-buttons">
                                        <button class="button small add-child" title=t(app, "add_child") on:click=move |_| { let p = p5.clone(); edit(Box::new(move |t| {
                                            if let Some(n) = node_mut(t, &p) {
                                                let code = format!("{}.{}", n.code, n.children.len() + 1);
                                                n.children.push(CategoryNode { code, name: "新类目".into(), ..Default::default() });
                                            }
                                        })); }>"+"</button>
                                        <button class="button small move-up" title=t(app, "move_up") on:click=move |_| { let p = p6.clone(); edit(Box::new(move |t| {
                                            if let Some((&i, parent)) = p.split_last() { if i > 0 { if let Some(sib) = siblings_mut(t, parent) { sib.swap(i, i - 1); } } }
                                        })); }>"↑"</button>
                                        <button class="button small move-down" title=t(app, "move_down") on:click=move |_| { let p = p7.clone(); edit(Box::new(move |t| {
                                            if let Some((&i, parent)) = p.split_last() { if let Some(sib) = siblings_mut(t, parent) { if i + 1 < sib.len() { sib.swap(i, i + 1); } } }
                                        })); }>"↓"</button>
                                        <button class="button small outdent" title=t(app, "outdent") on:click={let p = path.clone(); move |_| { let p = p.clone(); edit(Box::new(move |t| {
                                            // Become the next sibling of the parent.
                                            if p.len() < 2 { return; }
                                            let (i, parent) = (p[p.len() - 1], &p[..p.len() - 1]);
                                            let Some(sib) = siblings_mut(t, parent) else { return };
                                            if i >= sib.len() { return; }
                                            let node = sib.remove(i);
                                            let (pi, grand) = (parent[parent.len() - 1], &parent[..parent.len() - 1]);
                                            if let Some(g) = siblings_mut(t, grand) { g.insert(pi + 1, node); }
                                        })); }}>"←"</button>
                                        <button class="button small indent" title=t(app, "indent") on:click={let p = path.clone(); move |_| { let p = p.clone(); edit(Box::new(move |t| {
                                            // Become the last child of the previous sibling.
                                            let Some((&i, parent)) = p.split_last() else { return };
                                            if i == 0 { return; }
                                            let Some(sib) = siblings_mut(t, parent) else { return };
                                            if i >= sib.len() { return; }
                                            let node = sib.remove(i);
                                            sib[i - 1].children.push(node);
                                        })); }}>"→"</button>
                                        <button class="button small delete-node" title=t(app, "remove") on:click=move |_| { if !confirm(app, "confirm_delete_category") { return; } let p = p8.clone(); edit(Box::new(move |t| {
                                            if let Some((&i, parent)) = p.split_last() { if let Some(sib) = siblings_mut(t, parent) { if i < sib.len() { sib.remove(i); } } }
                                        })); }>"×"</button>
                                    </td>
                                </tr>
                            }
                        }).collect_view()
                    }}
                </tbody>
            </table>
            <div class="actions left">
                <button class="button" id="tree-add-root" on:click=move |_| edit(Box::new(|t| {
                    let code = (t.len() + 1).to_string();
                    t.push(CategoryNode { code, name: "新类目".into(), ..Default::default() });
                }))>{t(app, "add_root")}</button>
                <button class="button" id="tree-seed" on:click=move |_| edit(Box::new(|t| *t = kefu_lens::engine::category::seed003_example()))>{t(app, "tree_seed")}</button>
                <button class="button primary" id="tree-apply" prop:disabled=move || !dirty.get() on:click=apply>{t(app, "apply")}</button>
                <button class="button" on:click=move |_| download_text("categories.json", &serde_json::to_string_pretty(&draft.get_untracked()).unwrap_or_default(), "application/json")>{t(app, "export_tree")}</button>
                <label class="button">{t(app, "import_tree")}
                    <input type="file" accept=".json,application/json" node_ref=file_ref on:change=import class="hidden-file"/>
                </label>
            </div>
        </details>
    }
}
