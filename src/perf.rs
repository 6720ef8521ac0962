//! What `scripts/bench` reads from the running app: a `performance.mark` named
//! [`READY_MARK`] once the first route has rendered with the first poll's answers, one named
//! `ops-console:answer <path>` when the app has read a route's answer (see [`mark_answer`]),
//! and `window.__opsConsoleStats()`, which returns `{poll_cycles, wasm_memory_bytes}`.
//! Nothing here changes what the operator sees.

use leptos::prelude::*;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};

use crate::api::poller::Poller;

/// The mark set after the first poll cycle's results are painted.
pub const READY_MARK: &str = "ops-console:ready";

fn wasm_memory_bytes() -> f64 {
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .ok()
        .and_then(|m| m.buffer().dyn_into::<js_sys::ArrayBuffer>().ok())
        .map_or(0.0, |b| f64::from(b.byte_length()))
}

/// Marks the moment the app has a route's answer in hand (its body read, not yet parsed), as
/// `ops-console:answer <path>`: the benchmark times re-levelling from it as well as from the
/// network's end of the response, which comes earlier by the time the browser takes to hand
/// the body over. The route's previous mark is cleared first, so hours of polling keep three.
pub fn mark_answer(path: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let name = format!("ops-console:answer {path}");
        p.clear_marks_with_mark_name(&name);
        let _ = p.mark(&name);
    }
}

/// Sets the ready mark (once) and installs the stats function.
pub fn install(poller: Poller) {
    Effect::new(move |marked: Option<bool>| {
        if marked == Some(true) {
            return true;
        }
        if poller.cycles.get() == 0 {
            return false;
        }
        // After the frame that shows the first answers.
        request_animation_frame(|| {
            if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
                let _ = p.mark(READY_MARK);
            }
        });
        true
    });

    let Some(window) = web_sys::window() else {
        return;
    };
    let stats = Closure::<dyn Fn() -> JsValue>::new(move || {
        let o = js_sys::Object::new();
        let cycles = poller.cycles.try_get_untracked().unwrap_or(0) as f64;
        let _ = js_sys::Reflect::set(&o, &"poll_cycles".into(), &cycles.into());
        let _ = js_sys::Reflect::set(&o, &"wasm_memory_bytes".into(), &wasm_memory_bytes().into());
        o.into()
    });
    let _ = js_sys::Reflect::set(&window, &"__opsConsoleStats".into(), stats.as_ref());
    // One closure for the life of the page.
    stats.forget();
}
