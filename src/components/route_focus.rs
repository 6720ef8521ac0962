//! Moves the focus to the new page's heading after an in-app navigation, so keyboard and
//! screen-reader users start at the top of the page they asked for (and hear its title).
//! The first load keeps the browser's focus; a URL with a fragment is left to the
//! fragment scroller. Pages are lazy routes (`pages::routes`): the page left stays in place
//! until the new one's module has arrived, so the focus waits for a heading that is not the
//! old page's.

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use wasm_bindgen::JsCast;

/// Up to 5 s: a page whose module comes over a slow network still gets the focus.
const ATTEMPTS: u32 = 100;
const RETRY_MS: u64 = 50;

fn main_heading() -> Option<web_sys::HtmlElement> {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("main h1").ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
}

/// Focuses the page's heading once there is one that is not `old` (the page navigated from).
fn focus_heading(left: u32, old: Option<web_sys::HtmlElement>) {
    let heading = main_heading().filter(|h| old.as_ref() != Some(h));
    match heading {
        Some(h) => {
            if !h.has_attribute("tabindex") {
                let _ = h.set_attribute("tabindex", "-1");
            }
            let opts = web_sys::FocusOptions::new();
            opts.set_prevent_scroll(true);
            let _ = h.focus_with_options(&opts);
            if let Some(w) = web_sys::window() {
                w.scroll_to_with_x_and_y(0.0, 0.0);
            }
        }
        None if left > 0 => set_timeout(
            move || focus_heading(left - 1, old),
            std::time::Duration::from_millis(RETRY_MS),
        ),
        None => {}
    }
}

/// On a phone the navigation is one row that scrolls sideways: keep the current page's link
/// in view.
fn reveal_current_nav_link() {
    let link = web_sys::window().and_then(|w| w.document()).and_then(|d| {
        d.query_selector(".app-nav a[aria-current=page]")
            .ok()
            .flatten()
    });
    let Some(link) = link else {
        return;
    };
    // Only the navigation row scrolls: the page stays where it is.
    if let Some(row) = link.closest("ul").ok().flatten() {
        let (l, r) = (
            link.get_bounding_client_rect(),
            row.get_bounding_client_rect(),
        );
        if l.right() > r.right() || l.left() < r.left() {
            let target = row.scroll_left() as f64 + l.left() - r.left() - 8.0;
            row.set_scroll_left(target.max(0.0) as i32);
        }
    }
}

#[component]
pub fn RouteFocus() -> impl IntoView {
    let location = use_location();
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        request_animation_frame(reveal_current_nav_link);
        let has_fragment = !location.hash.get_untracked().is_empty();
        if previous.as_ref().is_some_and(|p| *p != path) && !has_fragment {
            // The location changes before the routes do: this is still the old page's heading.
            let old = main_heading();
            request_animation_frame(move || focus_heading(ATTEMPTS, old));
        }
        path
    });
}
