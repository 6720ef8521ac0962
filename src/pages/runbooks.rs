//! Runbooks Index (`/runbooks`): every runbook entry and the three checklists, filtered as you
//! type (by id, title and text). Results are links; arrow keys move between them.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use wasm_bindgen::JsCast;

use crate::domain::runbook::{filter, index_items, ItemKind};

/// Moves focus to the next (`delta` 1) or previous (-1) result link, from the focused one.
fn move_focus(delta: i32) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(list) = doc.query_selector_all(".index-results a") else {
        return;
    };
    let n = list.length() as i32;
    if n == 0 {
        return;
    }
    let active = doc.active_element();
    let mut current = -1;
    for i in 0..n {
        if let (Some(node), Some(a)) = (list.item(i as u32), active.as_ref()) {
            if node.is_same_node(Some(a.as_ref())) {
                current = i;
            }
        }
    }
    if current == 0 && delta < 0 {
        // Up from the first result goes back to the search box.
        if let Some(el) = doc
            .get_element_by_id("runbook-search")
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
        return;
    }
    let next = if current < 0 {
        if delta > 0 {
            0
        } else {
            n - 1
        }
    } else {
        (current + delta).clamp(0, n - 1)
    };
    if let Some(el) = list
        .item(next as u32)
        .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

#[component]
pub fn RunbooksIndex() -> impl IntoView {
    let items = StoredValue::new(index_items());
    let query = RwSignal::new(String::new());
    let results = Memo::new(move |_| {
        let q = query.get();
        items.with_value(|all| filter(all, &q).into_iter().cloned().collect::<Vec<_>>())
    });
    let navigate = use_navigate();
    let on_key = move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
        "ArrowDown" => {
            ev.prevent_default();
            move_focus(1);
        }
        "Enter" => {
            if let Some(first) = results.with_untracked(|r| r.first().map(|i| i.href.clone())) {
                ev.prevent_default();
                navigate(&first, Default::default());
            }
        }
        "Escape" => query.set(String::new()),
        _ => {}
    };
    let on_list_key = move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
        "ArrowDown" => {
            ev.prevent_default();
            move_focus(1);
        }
        "ArrowUp" => {
            ev.prevent_default();
            move_focus(-1);
        }
        _ => {}
    };
    let section = move |kind: ItemKind| {
        results.with(|r| {
            r.iter()
                .filter(|i| i.kind == kind)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="page runbooks-index">
            <h1>"Runbooks Index"</h1>
            <p class="subtitle">
                "Every runbook entry and the three checklists. Type to filter by id, title or text; "
                "press ↓ to move into the results and Enter to open the first one."
            </p>
            <div class="search-box">
                <label for="runbook-search">"Search runbooks and checklists"</label>
                <input
                    id="runbook-search"
                    type="search"
                    autocomplete="off"
                    placeholder="e.g. INC-003, fleet, webhook, rollback"
                    aria-describedby="search-count"
                    aria-controls="index-results"
                    prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev))
                    on:keydown=on_key
                />
                <p id="search-count" class="hint" role="status" aria-live="polite">
                    {move || {
                        let n = results.with(Vec::len);
                        let total = items.with_value(Vec::len);
                        if n == total {
                            format!("{n} items")
                        } else if n == 1 {
                            format!("1 of {total} items matches")
                        } else {
                            format!("{n} of {total} items match")
                        }
                    }}
                </p>
            </div>
            <div id="index-results" class="index-results" on:keydown=on_list_key>
                <section aria-labelledby="idx-runbook-title">
                    <h2 id="idx-runbook-title">"Runbook entries"</h2>
                    <Show
                        when=move || !section(ItemKind::Runbook).is_empty()
                        fallback=|| view! { <p class="muted">"No runbook entry matches."</p> }
                    >
                        <ul class="result-list" data-testid="runbook-results">
                            <For each=move || section(ItemKind::Runbook) key=|i| i.code.clone() let:i>
                                <li>
                                    <A href=i.href.clone()>
                                        <span class="entry-code">{i.code.clone()}</span>
                                        " " <span class="result-title">{i.title.clone()}</span>
                                    </A>
                                    <p class="hint">{i.summary.clone()}</p>
                                </li>
                            </For>
                        </ul>
                    </Show>
                </section>
                <section aria-labelledby="idx-checklist-title">
                    <h2 id="idx-checklist-title">"Checklists"</h2>
                    <Show
                        when=move || !section(ItemKind::Checklist).is_empty()
                        fallback=|| view! { <p class="muted">"No checklist matches."</p> }
                    >
                        <ul class="result-list" data-testid="checklist-results">
                            <For each=move || section(ItemKind::Checklist) key=|i| i.code.clone() let:i>
                                <li>
                                    <A href=i.href.clone()>
                                        <span class="result-title">{i.title.clone()}</span>
                                    </A>
                                    <p class="hint">{i.summary.clone()}</p>
                                </li>
                            </For>
                        </ul>
                    </Show>
                </section>
            </div>
        </section>
    }
}
