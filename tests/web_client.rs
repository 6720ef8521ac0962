//! The `/beak` client in headless Chromium (wasm-bindgen-test): the first poll takes the
//! requests the page's HTML sent before the wasm arrived (`index.html`), once, with their
//! latency and timeout counted from when the page sent them.
#![cfg(target_arch = "wasm32")]

use ops_console::api::client::{drop_early, fetch_route, take_early};
use ops_console::api::models::{ParseError, Parsed};
use ops_console::domain::route::{RouteError, RouteId};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn now() -> f64 {
    web_sys::window().unwrap().performance().unwrap().now()
}

fn set(target: &JsValue, key: &str, value: &JsValue) {
    js_sys::Reflect::set(target, &JsValue::from_str(key), value).unwrap();
}

/// Puts `window.opsConsoleEarly[url]` as the inline script of `index.html` does; returns the
/// request's controller.
fn install(url: &str, answer: js_sys::Promise, started: f64) -> web_sys::AbortController {
    let window = web_sys::window().unwrap();
    let mut all = js_sys::Reflect::get(&window, &"opsConsoleEarly".into()).unwrap();
    if all.is_undefined() {
        all = js_sys::Object::new().into();
        set(&window, "opsConsoleEarly", &all);
    }
    let controller = web_sys::AbortController::new().unwrap();
    let entry: JsValue = js_sys::Object::new().into();
    set(&entry, "answer", &answer);
    set(&entry, "started", &JsValue::from_f64(started));
    set(&entry, "controller", &controller);
    set(&all, url, &entry);
    controller
}

fn answer(status: u16, body: &str, ended: f64) -> js_sys::Promise {
    let value: JsValue = js_sys::Object::new().into();
    set(&value, "status", &JsValue::from_f64(f64::from(status)));
    set(&value, "body", &JsValue::from_str(body));
    set(&value, "ended", &JsValue::from_f64(ended));
    js_sys::Promise::resolve(&value)
}

/// A parser that keeps the body's length (the client is under test, not the models).
fn length(body: &str) -> Result<Parsed<usize>, ParseError> {
    if body.starts_with('{') {
        Ok(Parsed {
            data: body.len(),
            notes: Vec::new(),
        })
    } else {
        Err(ParseError::NotJson("not an object".into()))
    }
}

#[wasm_bindgen_test]
async fn the_first_poll_takes_the_early_answer_once_with_its_own_latency() {
    drop_early();
    let t = now();
    install(
        "/early-a/beak",
        answer(200, r#"{"ok":true}"#, t - 100.0),
        t - 400.0,
    );
    let before = chrono::Utc::now();
    let early = take_early("/early-a/beak");
    assert!(
        early.is_some(),
        "the page's request is found by its address"
    );
    assert!(take_early("/early-a/beak").is_none(), "and taken only once");
    let good = fetch_route("/early-a", RouteId::Root, 5_000, length, early)
        .await
        .expect("the early answer is used");
    assert_eq!(good.data, r#"{"ok":true}"#.len());
    assert_eq!(good.status, 200);
    // From when the page sent it to when its body ended: 300 ms, not the time it waited.
    assert!(
        (299..=301).contains(&good.latency_ms),
        "latency {} ms",
        good.latency_ms
    );
    // Fetched when it arrived (100 ms before it was taken), not when the app read it.
    let ago = (before - good.fetched_at).num_milliseconds();
    assert!((50..=200).contains(&ago), "fetched {ago} ms before");
}

#[wasm_bindgen_test]
async fn an_early_answer_that_is_not_2xx_or_not_json_fails_by_name() {
    drop_early();
    let t = now();
    install("/early-b/beak", answer(502, "Bad Gateway", t), t - 10.0);
    let early = take_early("/early-b/beak");
    let failed = fetch_route("/early-b", RouteId::Root, 5_000, length, early)
        .await
        .expect_err("a 502 is a failure");
    assert_eq!(failed.status, Some(502));
    assert_eq!(failed.error, RouteError::Http { status: 502 });

    install("/early-b/beak/metrics", answer(200, "<html>", t), t - 10.0);
    let early = take_early("/early-b/beak/metrics");
    let failed = fetch_route("/early-b", RouteId::Metrics, 5_000, length, early)
        .await
        .expect_err("a body that is not JSON is a failure");
    assert!(matches!(failed.error, RouteError::NotJson { .. }));
}

#[wasm_bindgen_test]
async fn a_refused_early_request_is_a_network_error_with_the_browsers_words() {
    drop_early();
    let error = js_sys::Error::new("Failed to fetch");
    error.set_name("TypeError");
    install(
        "/early-c/beak",
        js_sys::Promise::reject(&error.into()),
        now() - 20.0,
    );
    let early = take_early("/early-c/beak");
    let failed = fetch_route("/early-c", RouteId::Root, 5_000, length, early)
        .await
        .expect_err("refused");
    assert_eq!(failed.status, None);
    assert_eq!(
        failed.error,
        RouteError::Network {
            message: "TypeError: Failed to fetch".into()
        }
    );
}

#[wasm_bindgen_test]
async fn an_early_request_that_hangs_times_out_counting_from_when_the_page_sent_it() {
    drop_early();
    // Never answers until aborted, like fetch with a signal: the abort rejects it.
    let controller = web_sys::AbortController::new().unwrap();
    let signal = controller.signal();
    let hanging = js_sys::Promise::new(&mut |_resolve, reject| {
        let reject = reject.clone();
        let on_abort = wasm_bindgen::closure::Closure::once_into_js(move || {
            let _ = reject.call1(&JsValue::NULL, &js_sys::Error::new("aborted").into());
        });
        signal
            .add_event_listener_with_callback("abort", on_abort.unchecked_ref())
            .unwrap();
    });
    let window = web_sys::window().unwrap();
    let all: JsValue = js_sys::Object::new().into();
    set(&window, "opsConsoleEarly", &all);
    let entry: JsValue = js_sys::Object::new().into();
    set(&entry, "answer", &hanging);
    // Sent 900 ms ago with a 1 s timeout: about 100 ms are left.
    let started = now() - 900.0;
    set(&entry, "started", &JsValue::from_f64(started));
    set(&entry, "controller", &controller);
    set(&all, "/early-d/beak", &entry);

    let early = take_early("/early-d/beak");
    let t0 = now();
    let failed = fetch_route("/early-d", RouteId::Root, 1_000, length, early)
        .await
        .expect_err("hangs");
    let waited = now() - t0;
    assert_eq!(failed.error, RouteError::Timeout { after_ms: 1_000 });
    assert!(
        controller.signal().aborted(),
        "the page's request is aborted"
    );
    assert!(
        waited < 600.0,
        "the time already spent counts: waited {waited} ms"
    );
    assert!(failed.latency_ms >= 990, "latency {} ms", failed.latency_ms);
}

#[wasm_bindgen_test]
fn requests_nobody_took_are_aborted_and_forgotten() {
    drop_early();
    let controller = install("/early-e/beak", js_sys::Promise::new(&mut |_, _| {}), now());
    drop_early();
    assert!(controller.signal().aborted());
    assert!(take_early("/early-e/beak").is_none());
    let window = web_sys::window().unwrap();
    assert!(js_sys::Reflect::get(&window, &"opsConsoleEarly".into())
        .unwrap()
        .is_undefined());
}
