//! Runbooks Index (`/runbooks`): every runbook entry and the three checklists, filtered as you
//! type (by id, title and text). Results are links; arrow keys move between them.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use wasm_bindgen::JsCast;

use crate::domain::runbook::{index_items, IndexItem, ItemKind, SearchIndex};

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

/// Results rendered per section before "Show all": a keystroke never builds more rows than
/// this, however large the index.
const SHOWN: usize = 50;

#[component]
pub fn RunbooksIndex() -> impl IntoView {
    view! { <IndexView items=index_items()/> }
}

/// The index over `items` (the page passes every runbook entry and checklist; component tests
/// pass made-up ones).
#[component]
pub fn IndexView(items: Vec<IndexItem>) -> impl IntoView {
    let index = StoredValue::new(SearchIndex::new(items));
    let query = RwSignal::new(String::new());
    // Matching positions in the index; the items themselves are never cloned per keystroke.
    let results = Memo::new(move |_| {
        let q = query.get();
        index.with_value(|i| i.search(&q))
    });
    let show_all = RwSignal::new(false);
    let navigate = use_navigate();
    let on_key = move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
        "ArrowDown" => {
            ev.prevent_default();
            move_focus(1);
        }
        "Enter" => {
            let first = results.with_untracked(|r| {
                r.first()
                    .map(|&i| index.with_value(|x| x.items()[i].href.clone()))
            });
            if let Some(first) = first {
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
    let section_of = move |kind: ItemKind| {
        Memo::new(move |_| {
            index.with_value(|x| {
                results.with(|r| {
                    r.iter()
                        .copied()
                        .filter(|&i| x.items()[i].kind == kind)
                        .collect::<Vec<usize>>()
                })
            })
        })
    };
    let runbooks = section_of(ItemKind::Runbook);
    let checklists = section_of(ItemKind::Checklist);
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
                    on:input=move |ev| {
                        show_all.set(false);
                        query.set(event_target_value(&ev));
                    }
                    on:keydown=on_key
                />
                <p id="search-count" class="hint" role="status" aria-live="polite">
                    {move || {
                        let n = results.with(Vec::len);
                        let total = index.with_value(SearchIndex::len);
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
                <ResultSection index=index matches=runbooks show_all=show_all
                    title_id="idx-runbook-title" title="Runbook entries"
                    testid="runbook-results" none="No runbook entry matches."/>
                <ResultSection index=index matches=checklists show_all=show_all
                    title_id="idx-checklist-title" title="Checklists"
                    testid="checklist-results" none="No checklist matches."/>
            </div>
        </section>
    }
}

/// One section of results: its heading, then its matches (at most [`SHOWN`] until "Show
/// all") or a sentence saying there are none. Runbook entries show their code.
#[component]
fn ResultSection(
    index: StoredValue<SearchIndex>,
    matches: Memo<Vec<usize>>,
    show_all: RwSignal<bool>,
    title_id: &'static str,
    title: &'static str,
    testid: &'static str,
    none: &'static str,
) -> impl IntoView {
    let shown = move || {
        let n = if show_all.get() { usize::MAX } else { SHOWN };
        matches.with(|v| v.iter().copied().take(n).collect::<Vec<usize>>())
    };
    // Plain links with the app's base already in their address: a router `<A>` per row would
    // add a memo and two effects that follow the location to each of up to 50 rows built on a
    // keystroke, to mark a link to another page as current, which it never is. The router
    // still handles their clicks.
    let base = StoredValue::new(crate::app::router_base());
    view! {
        <section aria-labelledby=title_id>
            <h2 id=title_id>{title}</h2>
            <Show
                when=move || !matches.with(Vec::is_empty)
                fallback=move || view! { <p class="muted">{none}</p> }
            >
                <ul class="result-list" data-testid=testid>
                    <For each=shown key=|i| *i let:i>
                        {
                            let (href, code, title, summary) = index.with_value(|x| {
                                let i = &x.items()[i];
                                let code = (i.kind == ItemKind::Runbook).then(|| i.code.clone());
                                (base.with_value(|b| format!("{b}{}", i.href)), code, i.title.clone(), i.summary.clone())
                            });
                            let code = code.map(|c| view! { <span class="entry-code">{c}</span> " " });
                            view! {
                                <li>
                                    <a href=href>
                                        {code}
                                        <span class="result-title">{title}</span>
                                    </a>
                                    <p class="hint">{summary}</p>
                                </li>
                            }
                        }
                    </For>
                </ul>
                <ShowAll all=matches show_all=show_all/>
            </Show>
        </section>
    }
}

/// "Showing 100 of 640 · Show all" under a section cut at [`SHOWN`] results.
#[component]
fn ShowAll(all: Memo<Vec<usize>>, show_all: RwSignal<bool>) -> impl IntoView {
    view! {
        <Show when=move || { !show_all.get() && all.with(Vec::len) > SHOWN }>
            <p class="hint">
                {move || format!("Showing the first {SHOWN} of {} matches. ", all.with(Vec::len))}
                <button type="button" class="btn" on:click=move |_| show_all.set(true)>
                    "Show all"
                </button>
            </p>
        </Show>
    }
}
