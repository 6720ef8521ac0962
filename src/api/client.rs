//! Fetches one `/beak` route with a timeout, and names whatever went wrong.

use std::cell::Cell;
use std::rc::Rc;

use gloo_net::http::Request;
use gloo_timers::callback::Timeout;
use wasm_bindgen::{JsCast, JsValue};

use super::models::{ParseError, Parsed};
use crate::clock;
use crate::domain::route::{Good, RouteError, RouteId};

/// How much of a body is kept for the raw view.
const RAW_KEEP: usize = 64 * 1024;

/// A failed fetch: the HTTP status when an answer came, latency, and the named error.
#[derive(Clone, Debug)]
pub struct Failure {
    pub status: Option<u16>,
    pub latency_ms: u32,
    pub error: RouteError,
}

fn perf_now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or_else(js_sys::Date::now)
}

/// The address of `route` below `base` (the settings' API base, empty for the same origin).
pub fn route_url(base: &str, route: RouteId) -> String {
    format!("{base}{}", route.path())
}

/// A request for the first poll that the page's HTML sent before the wasm was there
/// (`index.html`): its answer (a promise of status, body and the time it ended), when it
/// started and the controller that aborts it.
pub struct Early {
    answer: js_sys::Promise,
    started: f64,
    controller: web_sys::AbortController,
}

const EARLY: &str = "opsConsoleEarly";

fn early_requests() -> Option<js_sys::Object> {
    let window = web_sys::window()?;
    js_sys::Reflect::get(&window, &JsValue::from_str(EARLY))
        .ok()
        .and_then(|v| v.dyn_into::<js_sys::Object>().ok())
}

/// Takes the early request for `url`, if the page sent one (once: a later call finds none).
pub fn take_early(url: &str) -> Option<Early> {
    let all = early_requests()?;
    let key = JsValue::from_str(url);
    let entry = js_sys::Reflect::get(&all, &key).ok()?;
    let _ = js_sys::Reflect::delete_property(&all, &key);
    let field = |name: &str| js_sys::Reflect::get(&entry, &JsValue::from_str(name)).ok();
    Some(Early {
        answer: field("answer")?.dyn_into().ok()?,
        started: field("started")?.as_f64()?,
        controller: field("controller")?.dyn_into().ok()?,
    })
}

/// Aborts and forgets the early requests nobody took (a poll that did not start at once, or
/// an address the app does not use).
pub fn drop_early() {
    let Some(all) = early_requests() else {
        return;
    };
    for key in js_sys::Object::keys(&all).iter() {
        if let Some(early) = key.as_string().and_then(|url| take_early(&url)) {
            early.controller.abort();
        }
    }
    if let Some(window) = web_sys::window() {
        let _ = js_sys::Reflect::delete_property(&window, &JsValue::from_str(EARLY));
    }
}

/// The early requests of the three routes below `base`, for the first poll; the others are
/// dropped.
pub fn take_first_poll(base: &str) -> [Option<Early>; 3] {
    let taken =
        [RouteId::Root, RouteId::Metrics, RouteId::Status].map(|r| take_early(&route_url(base, r)));
    drop_early();
    taken
}

/// An answer read to its end: HTTP status, body, and when it ended (`performance.now()`).
struct Answer {
    status: u16,
    body: String,
    ended: f64,
}

/// Why no whole answer came: the HTTP status when one had started, and the browser's message.
type NoAnswer = (Option<u16>, String);

async fn request(url: &str, signal: Option<&web_sys::AbortSignal>) -> Result<Answer, NoAnswer> {
    let request = Request::get(url)
        .header("Accept", "application/json")
        .abort_signal(signal)
        .build()
        .map_err(|e| (None, e.to_string()))?;
    let response = request.send().await.map_err(|e| (None, e.to_string()))?;
    let status = response.status();
    let body = response
        .text()
        .await
        .map_err(|e| (Some(status), e.to_string()))?;
    Ok(Answer {
        status,
        body,
        ended: perf_now(),
    })
}

/// The answer of an early request (see `index.html`).
async fn early_answer(answer: js_sys::Promise) -> Result<Answer, NoAnswer> {
    let value = wasm_bindgen_futures::JsFuture::from(answer)
        .await
        .map_err(|e| (None, js_message(&e)))?;
    let field = |name: &str| js_sys::Reflect::get(&value, &JsValue::from_str(name)).ok();
    let status = field("status").and_then(|s| s.as_f64());
    let body = field("body").and_then(|b| b.as_string());
    match (status, body) {
        (Some(status), Some(body)) => Ok(Answer {
            status: status as u16,
            body,
            ended: field("ended")
                .and_then(|e| e.as_f64())
                .unwrap_or_else(perf_now),
        }),
        _ => Err((None, "the early request gave no answer".into())),
    }
}

/// A JavaScript error as gloo-net words it (`TypeError: Failed to fetch`).
fn js_message(e: &JsValue) -> String {
    match e.dyn_ref::<js_sys::Error>() {
        Some(err) => format!(
            "{}: {}",
            String::from(err.name()),
            String::from(err.message())
        ),
        None => format!("{e:?}"),
    }
}

/// Fetches `base + route.path()` and parses it with `parse`. With `early` (the first poll,
/// when the page's HTML already asked), waits for that request's answer instead of sending
/// another; its latency and the timeout count from when the page sent it.
pub async fn fetch_route<T>(
    base: &str,
    route: RouteId,
    timeout_ms: u32,
    parse: fn(&str) -> Result<Parsed<T>, ParseError>,
    early: Option<Early>,
) -> Result<Good<T>, Failure> {
    let url = route_url(base, route);
    let (controller, started) = match &early {
        Some(e) => (Some(e.controller.clone()), e.started),
        None => (web_sys::AbortController::new().ok(), perf_now()),
    };
    let timed_out = Rc::new(Cell::new(false));
    let waited = (perf_now() - started).max(0.0).round() as u32;
    let _timer = controller.clone().map(|c| {
        let flag = timed_out.clone();
        Timeout::new(timeout_ms.saturating_sub(waited), move || {
            flag.set(true);
            c.abort();
        })
    });
    let since_start = move |at: f64| (at - started).max(0.0).round() as u32;

    let answer = match early {
        Some(e) => early_answer(e.answer).await,
        None => {
            let signal = controller.as_ref().map(|c| c.signal());
            request(&url, signal.as_ref()).await
        }
    };
    let Answer {
        status,
        body,
        ended,
    } = match answer {
        Ok(a) => a,
        Err((status, message)) => {
            let error = if timed_out.get() {
                RouteError::Timeout {
                    after_ms: timeout_ms,
                }
            } else {
                RouteError::Network {
                    message: short(&message),
                }
            };
            return Err(Failure {
                status,
                latency_ms: since_start(perf_now()),
                error,
            });
        }
    };
    let latency_ms = since_start(ended);
    crate::perf::mark_answer(route.path());
    if !(200..300).contains(&status) {
        return Err(Failure {
            status: Some(status),
            latency_ms,
            error: RouteError::Http { status },
        });
    }
    // An early answer may have waited for the app: its time is when it arrived.
    let fetched_at =
        clock::now() - chrono::Duration::milliseconds((perf_now() - ended).max(0.0) as i64);
    match parse(&body) {
        Ok(Parsed { data, notes }) => Ok(Good {
            data,
            status,
            latency_ms,
            fetched_at,
            notes,
            raw: keep_raw(body),
        }),
        Err(ParseError::NotJson(message)) => Err(Failure {
            status: Some(status),
            latency_ms,
            error: RouteError::NotJson { message },
        }),
        Err(ParseError::NotObject) => Err(Failure {
            status: Some(status),
            latency_ms,
            error: RouteError::NotJson {
                message: "JSON, but not an object".into(),
            },
        }),
        Err(ParseError::MissingKeys(keys)) => Err(Failure {
            status: Some(status),
            latency_ms,
            error: RouteError::MissingKeys { keys },
        }),
    }
}

fn short(s: &str) -> String {
    s.chars().take(160).collect()
}

fn keep_raw(mut body: String) -> String {
    if body.len() > RAW_KEEP {
        let mut cut = RAW_KEEP;
        while !body.is_char_boundary(cut) {
            cut -= 1;
        }
        body.truncate(cut);
        body.push_str("\n… (truncated)");
    }
    body
}
