//! Scrolls the section named by the URL fragment (`/#alias-drift`, `/runbook#inc-003`) into
//! view and highlights it briefly, also when the section renders after the data arrives.

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use wasm_bindgen::JsCast;

const ATTEMPTS: u32 = 30;
const RETRY_MS: u64 = 100;

fn try_scroll(id: &str) -> bool {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return true;
    };
    let Some(el) = doc.get_element_by_id(id) else {
        return false;
    };
    let opts = web_sys::ScrollIntoViewOptions::new();
    opts.set_block(web_sys::ScrollLogicalPosition::Start);
    el.scroll_into_view_with_scroll_into_view_options(&opts);
    let list = el.class_list();
    let _ = list.remove_1("flash");
    // Restart the animation.
    if let Some(h) = el.dyn_ref::<web_sys::HtmlElement>() {
        let _ = h.offset_width();
    }
    let _ = list.add_1("flash");
    let el2 = el.clone();
    set_timeout(
        move || {
            let _ = el2.class_list().remove_1("flash");
        },
        std::time::Duration::from_millis(2200),
    );
    true
}

fn scroll_with_retries(id: String, left: u32) {
    if try_scroll(&id) || left == 0 {
        return;
    }
    set_timeout(
        move || scroll_with_retries(id, left - 1),
        std::time::Duration::from_millis(RETRY_MS),
    );
}

#[component]
pub fn FragmentScroller() -> impl IntoView {
    let location = use_location();
    Effect::new(move |_| {
        let hash = location.hash.get();
        let _path = location.pathname.get();
        let id = hash.trim_start_matches('#').to_string();
        // A hand-off link's fragment is state, not a section (see `components::handoff`).
        let handoff =
            id.starts_with(crate::domain::handoff::FRAGMENT_PREFIX) || id.starts_with("handoff%3D");
        if !id.is_empty() && !handoff {
            scroll_with_retries(id, ATTEMPTS);
        }
    });
}
