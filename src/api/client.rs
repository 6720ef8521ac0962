//! Fetches one `/beak` route with a timeout, and names whatever went wrong.

use std::cell::Cell;
use std::rc::Rc;

use gloo_net::http::Request;
use gloo_timers::callback::Timeout;

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

/// Fetches `base + route.path()` and parses it with `parse`.
pub async fn fetch_route<T>(
    base: &str,
    route: RouteId,
    timeout_ms: u32,
    parse: fn(&str) -> Result<Parsed<T>, ParseError>,
) -> Result<Good<T>, Failure> {
    let url = format!("{base}{}", route.path());
    let controller = web_sys::AbortController::new().ok();
    let timed_out = Rc::new(Cell::new(false));
    let _timer = controller.clone().map(|c| {
        let flag = timed_out.clone();
        Timeout::new(timeout_ms, move || {
            flag.set(true);
            c.abort();
        })
    });
    let started = perf_now();
    let elapsed = move || (perf_now() - started).max(0.0).round() as u32;
    let fail = |status, error| Failure {
        status,
        latency_ms: elapsed(),
        error,
    };

    let signal = controller.as_ref().map(|c| c.signal());
    let request = Request::get(&url)
        .header("Accept", "application/json")
        .abort_signal(signal.as_ref())
        .build();
    let request = match request {
        Ok(r) => r,
        Err(e) => {
            return Err(fail(
                None,
                RouteError::Network {
                    message: e.to_string(),
                },
            ))
        }
    };
    let response = match request.send().await {
        Ok(r) => r,
        Err(e) => {
            let error = if timed_out.get() {
                RouteError::Timeout {
                    after_ms: timeout_ms,
                }
            } else {
                RouteError::Network {
                    message: short(&e.to_string()),
                }
            };
            return Err(fail(None, error));
        }
    };
    let status = response.status();
    let body = match response.text().await {
        Ok(b) => b,
        Err(e) => {
            let error = if timed_out.get() {
                RouteError::Timeout {
                    after_ms: timeout_ms,
                }
            } else {
                RouteError::Network {
                    message: short(&e.to_string()),
                }
            };
            return Err(fail(Some(status), error));
        }
    };
    let latency_ms = elapsed();
    crate::perf::mark_answer(route.path());
    if !(200..300).contains(&status) {
        return Err(Failure {
            status: Some(status),
            latency_ms,
            error: RouteError::Http { status },
        });
    }
    match parse(&body) {
        Ok(Parsed { data, notes }) => Ok(Good {
            data,
            status,
            latency_ms,
            fetched_at: clock::now(),
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
