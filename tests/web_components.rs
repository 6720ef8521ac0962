//! Components in headless Chromium (wasm-bindgen-test): the page controls of long lists and the
//! Runbooks Index at more entries than it renders at once.
#![cfg(target_arch = "wasm32")]

use gloo_timers::future::TimeoutFuture;
use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos_router::components::Router;
use ops_console::components::pager::{page_memo, Pager};
use ops_console::domain::runbook::synthetic_items;
use ops_console::pages::runbooks::IndexView;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh element in the document to mount into.
fn host() -> web_sys::HtmlElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let el: web_sys::HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&el).unwrap();
    el
}

/// Lets the reactive system run its effects.
async fn settle() {
    TimeoutFuture::new(0).await;
}

fn text(root: &web_sys::HtmlElement, sel: &str) -> String {
    root.query_selector(sel)
        .unwrap()
        .map(|e| e.text_content().unwrap_or_default())
        .unwrap_or_default()
}

fn count(root: &web_sys::HtmlElement, sel: &str) -> u32 {
    root.query_selector_all(sel).unwrap().length()
}

fn button(root: &web_sys::HtmlElement, label: &str) -> web_sys::HtmlButtonElement {
    let all = root.query_selector_all("button").unwrap();
    (0..all.length())
        .filter_map(|i| all.item(i))
        .map(|n| n.unchecked_into::<web_sys::HtmlButtonElement>())
        .find(|b| b.text_content().unwrap_or_default().trim() == label)
        .unwrap_or_else(|| panic!("no button {label}"))
}

#[wasm_bindgen_test]
async fn pager_moves_through_pages_and_clamps_when_the_list_shrinks() {
    let root = host();
    let total = RwSignal::new(120usize);
    let requested = RwSignal::new(0usize);
    let handle = mount_to(root.clone(), move || {
        let page = page_memo(move || total.get(), requested);
        view! {
            <Pager page=page requested=requested label="Rows pages" one="row" many="rows" testid="pager"/>
            <p id="range">{move || { let p = page.get(); format!("{}..{}", p.start, p.end) }}</p>
        }
    });
    settle().await;
    assert_eq!(
        text(&root, "[data-testid=pager] .pager-where"),
        "Rows 1–50 of 120 · page 1 of 3"
    );
    assert!(button(&root, "« First").disabled());
    assert!(button(&root, "‹ Previous").disabled());

    button(&root, "Next ›").click();
    settle().await;
    assert_eq!(text(&root, "#range"), "50..100");
    assert!(!button(&root, "‹ Previous").disabled());

    button(&root, "Last »").click();
    settle().await;
    assert_eq!(text(&root, "#range"), "100..120");
    assert_eq!(
        text(&root, "[data-testid=pager] .pager-where"),
        "Rows 101–120 of 120 · page 3 of 3"
    );
    assert!(button(&root, "Next ›").disabled());

    // The list shrinks under the open page (a filter): the last page that exists is shown.
    total.set(70);
    settle().await;
    assert_eq!(text(&root, "#range"), "50..70");

    // One page: only the count, no buttons; an empty list: no pager at all.
    total.set(7);
    settle().await;
    assert_eq!(text(&root, "[data-testid=pager]"), "7 rows");
    assert_eq!(count(&root, "[data-testid=pager] button"), 0);
    total.set(0);
    settle().await;
    assert_eq!(count(&root, "[data-testid=pager]"), 0);
    drop(handle);
}

#[wasm_bindgen_test]
async fn runbooks_index_renders_a_bounded_list_and_shows_all_on_request() {
    let root = host();
    let handle = mount_to(root.clone(), || {
        view! { <Router><IndexView items=synthetic_items(250)/></Router> }
    });
    settle().await;
    let rows = "[data-testid=runbook-results] li";
    assert_eq!(text(&root, "#search-count"), "250 items");
    assert_eq!(count(&root, rows), 50, "only the first 50 are rendered");
    assert!(text(&root, "#index-results").contains("Showing the first 50 of 250 matches."));

    button(&root, "Show all").click();
    settle().await;
    assert_eq!(count(&root, rows), 250);

    // Typing starts again from the bounded list, and narrows it.
    let input: web_sys::HtmlInputElement = root
        .query_selector("#runbook-search")
        .unwrap()
        .unwrap()
        .unchecked_into();
    for (query, matches, rendered) in [
        ("syn-0042", "1 of 250 items matches", 1),
        ("webhook", "32 of 250 items match", 32),
        ("", "250 items", 50),
    ] {
        input.set_value(query);
        input
            .dispatch_event(
                &web_sys::Event::new_with_event_init_dict("input", &{
                    let init = web_sys::EventInit::new();
                    init.set_bubbles(true);
                    init
                })
                .unwrap(),
            )
            .unwrap();
        settle().await;
        assert_eq!(text(&root, "#search-count"), matches, "{query}");
        assert_eq!(count(&root, rows), rendered, "{query}");
    }
    drop(handle);
}

/// The pre-rendered copy of a page (`scripts/prerender.mjs`): found among the body's children
/// and removed whole, and nothing else with it.
#[wasm_bindgen_test]
fn the_prerendered_copy_is_found_and_removed_alone() {
    let doc = web_sys::window().unwrap().document().unwrap();
    let body = doc.body().unwrap();
    assert!(!ops_console::prerender::present());
    let other = host();
    other.set_inner_html("<p data-prerendered=\"/\">nested, not the page's copy</p>");
    assert!(
        !ops_console::prerender::present(),
        "only the body's own children count"
    );
    for _ in 0..2 {
        let copy = doc.create_element("div").unwrap();
        copy.set_attribute("data-prerendered", "/checklist")
            .unwrap();
        copy.set_inner_html("<main><h1>Ops Checklist</h1></main>");
        body.append_child(&copy).unwrap();
    }
    assert!(ops_console::prerender::present());
    ops_console::prerender::remove();
    assert!(!ops_console::prerender::present());
    assert_eq!(
        doc.query_selector_all("body > [data-prerendered]")
            .unwrap()
            .length(),
        0
    );
    assert!(other.is_connected(), "the rest of the page stays");
    other.remove();
}
