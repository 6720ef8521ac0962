//! The page pre-rendered into each route's HTML at build time (`scripts/prerender.mjs`): the
//! shell and the page as the app first draws them, inert, painted before the wasm arrives.
//! The app takes over by removing it and mounting in the same task, once the page's module is
//! loaded and the copy has been painted, so the browser never paints a page without its
//! content in between.

use wasm_bindgen::JsCast;

const SELECTOR: &str = "body > [data-prerendered]";

fn prerendered() -> Vec<web_sys::Element> {
    let Some(list) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector_all(SELECTOR).ok())
    else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
        .collect()
}

/// Whether the page holds a pre-rendered copy of itself.
pub fn present() -> bool {
    !prerendered().is_empty()
}

/// Removes the pre-rendered copy (call it right before mounting the app).
pub fn remove() {
    for el in prerendered() {
        el.remove();
    }
}

/// Whether the copy has been on screen: the browser painted text or images of the page (the
/// first contentful paint), or the tab is hidden and paints nothing. The app waits for it
/// before taking over, so the copy shows first even when the wasm is ready before the
/// browser's first frame.
pub fn painted() -> bool {
    let Some(window) = web_sys::window() else {
        return true;
    };
    if window.document().is_none_or(|d| d.hidden()) {
        return true;
    }
    window
        .performance()
        .is_none_or(|p| p.get_entries_by_name("first-contentful-paint").length() > 0)
}
