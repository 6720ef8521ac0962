//! The HTTP server: `/beak` routes, `/__sim` control endpoints and static files.

use std::collections::{BTreeMap, HashMap};
use std::future::Future;
use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Query, Request, State};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::Utc;
use serde_json::{json, Value};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::csp;
use crate::scenario::{respond, Fault, Route, Scenario};
use crate::static_files;

/// How long a hanging route holds the request open.
const HANG_FOR: Duration = Duration::from_secs(3600);

/// Server configuration (the CLI maps onto this one to one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub bind: IpAddr,
    pub port: u16,
    /// Directory of the built web app; `None` serves no static files.
    pub dist: Option<PathBuf>,
    /// Where the web app is mounted: `"/"` or e.g. `"/ops/"`. `/beak*` and `/__sim*` stay at
    /// the root regardless.
    pub base_path: String,
    /// The scenario at start (`POST /__sim/reset` always returns to healthy).
    pub scenario: Scenario,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 8080,
            dist: None,
            base_path: "/".to_owned(),
            scenario: Scenario::Healthy,
        }
    }
}

/// Normalizes a mount path to start and end with `/` (`"ops"` → `"/ops/"`, `""` → `"/"`).
pub fn normalize_base_path(base: &str) -> String {
    let trimmed = base.trim().trim_matches('/');
    if trimmed.is_empty() {
        "/".to_owned()
    } else {
        format!("/{trimmed}/")
    }
}

/// Control endpoints only answer peers on the loopback interface.
pub fn is_control_allowed(peer: IpAddr) -> bool {
    peer.to_canonical().is_loopback()
}

struct Sim {
    scenario: Scenario,
    faults: BTreeMap<Route, Fault>,
    requests: [u64; 3],
    started: Instant,
    /// Seconds added to the platform's clock (every time in the `/beak` answers); negative
    /// puts it behind. Set by `/__sim/clock`, cleared by reset.
    clock_skew_secs: i64,
}

/// The largest clock skew `/__sim/clock` accepts, either way: 30 days.
pub const MAX_CLOCK_SKEW_SECS: i64 = 30 * 24 * 3600;

struct Inner {
    dist: Option<PathBuf>,
    base_path: String,
    sim: Mutex<Sim>,
    shutdown: watch::Sender<bool>,
}

/// Shared, cheaply clonable server state.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

impl AppState {
    pub fn new(config: &Config) -> Self {
        let (shutdown, _) = watch::channel(false);
        AppState {
            inner: Arc::new(Inner {
                dist: config.dist.clone(),
                base_path: normalize_base_path(&config.base_path),
                sim: Mutex::new(Sim {
                    scenario: config.scenario,
                    faults: BTreeMap::new(),
                    requests: [0; 3],
                    started: Instant::now(),
                    clock_skew_secs: 0,
                }),
                shutdown,
            }),
        }
    }

    fn sim(&self) -> MutexGuard<'_, Sim> {
        // A panic while holding the lock cannot leave `Sim` inconsistent: recover.
        self.inner.sim.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn dist(&self) -> Option<&PathBuf> {
        self.inner.dist.as_ref()
    }

    pub(crate) fn base_path(&self) -> &str {
        &self.inner.base_path
    }

    /// The current scenario.
    pub fn scenario(&self) -> Scenario {
        self.sim().scenario
    }

    /// Releases every hanging or delayed request (used on shutdown).
    pub fn begin_shutdown(&self) {
        self.inner.shutdown.send_replace(true);
    }

    async fn shutting_down(&self) {
        let mut rx = self.inner.shutdown.subscribe();
        // Err only if the sender is gone, which cannot happen while `self` lives.
        let _ = rx.wait_for(|v| *v).await;
    }

    fn state_json(&self) -> Value {
        let sim = self.sim();
        let route_faults: serde_json::Map<String, Value> = sim
            .faults
            .iter()
            .map(|(r, f)| (r.path().to_owned(), json!(f.name())))
            .collect();
        json!({
            "current": sim.scenario.name(),
            "scenarios": Scenario::ALL
                .iter()
                .map(|s| json!({ "name": s.name(), "description": s.description() }))
                .collect::<Vec<_>>(),
            "faults": Fault::ALL.iter().map(|f| f.name()).collect::<Vec<_>>(),
            "route_faults": route_faults,
            "clock_skew_secs": sim.clock_skew_secs,
        })
    }

    fn stats_json(&self) -> Value {
        let sim = self.sim();
        let requests: serde_json::Map<String, Value> = Route::ALL
            .iter()
            .map(|r| (r.path().to_owned(), json!(sim.requests[r.index()])))
            .collect();
        json!({ "requests": requests })
    }
}

/// The full router (without `ConnectInfo`: serve it with
/// `into_make_service_with_connect_info::<SocketAddr>()`, or control endpoints answer 403).
pub fn app(state: AppState) -> Router {
    let beak = Router::new()
        .route(
            Route::Root.path(),
            get(|State(s): State<AppState>| beak(s, Route::Root)).options(preflight),
        )
        .route(
            Route::Metrics.path(),
            get(|State(s): State<AppState>| beak(s, Route::Metrics)).options(preflight),
        )
        .route(
            Route::Status.path(),
            get(|State(s): State<AppState>| beak(s, Route::Status)).options(preflight),
        )
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        ));

    let control = Router::new()
        .route("/__sim", get(control_page))
        .route("/__sim/", get(control_page))
        .route("/__sim/scenarios", get(get_scenarios))
        .route("/__sim/scenario", post(post_scenario))
        .route("/__sim/fault", post(post_fault))
        .route("/__sim/reset", post(post_reset))
        .route("/__sim/clock", post(post_clock))
        .route("/__sim/stats", get(get_stats))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .route_layer(middleware::from_fn(control_guard));

    Router::new()
        .merge(beak)
        .merge(control)
        .fallback(static_files::handle)
        .with_state(state)
        .layer(CompressionLayer::new())
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static(csp::NOSNIFF),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static(csp::REFERRER_POLICY),
        ))
}

/// Binds `config.bind:config.port` (port 0 allowed) and returns the real address plus the
/// server future, which runs until the process ends. Spawn the future.
pub async fn serve(
    config: Config,
) -> io::Result<(
    SocketAddr,
    impl Future<Output = io::Result<()>> + Send + 'static,
)> {
    serve_with_shutdown(config, std::future::pending()).await
}

/// Like [`serve`], but the server shuts down gracefully once `signal` completes; hanging and
/// delayed `/beak` requests are released at that moment.
pub async fn serve_with_shutdown<F>(
    config: Config,
    signal: F,
) -> io::Result<(
    SocketAddr,
    impl Future<Output = io::Result<()>> + Send + 'static,
)>
where
    F: Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind((config.bind, config.port)).await?;
    let addr = listener.local_addr()?;
    let state = AppState::new(&config);
    let router = app(state.clone());
    let server = async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async move {
            signal.await;
            state.begin_shutdown();
        })
        .await
    };
    Ok((addr, server))
}

async fn beak(state: AppState, route: Route) -> Response {
    let (scenario, fault, elapsed, skew) = {
        let mut sim = state.sim();
        sim.requests[route.index()] += 1;
        (
            sim.scenario,
            sim.faults.get(&route).copied(),
            sim.started.elapsed().as_secs(),
            sim.clock_skew_secs,
        )
    };
    let now = Utc::now() + chrono::Duration::seconds(skew);
    let res = respond(scenario, fault, route, now, elapsed);
    let wait = if res.hang {
        Some(HANG_FOR)
    } else if res.delay_ms > 0 {
        Some(Duration::from_millis(res.delay_ms))
    } else {
        None
    };
    if let Some(wait) = wait {
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = state.shutting_down() => {
                return (StatusCode::SERVICE_UNAVAILABLE, "shutting down").into_response();
            }
        }
    }
    let status = StatusCode::from_u16(res.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static(res.content_type),
        )],
        res.body,
    )
        .into_response()
}

async fn preflight() -> impl IntoResponse {
    (
        StatusCode::NO_CONTENT,
        [
            (header::ACCESS_CONTROL_ALLOW_METHODS, "GET, OPTIONS"),
            (header::ACCESS_CONTROL_ALLOW_HEADERS, "*"),
            (header::ACCESS_CONTROL_MAX_AGE, "600"),
        ],
    )
}

async fn control_guard(req: Request, next: Next) -> Response {
    let allowed = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .is_some_and(|ci| is_control_allowed(ci.0.ip()));
    if !allowed {
        return (
            StatusCode::FORBIDDEN,
            "beak-sim control endpoints only answer loopback clients\n",
        )
            .into_response();
    }
    next.run(req).await
}

fn is_form(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim()
                .to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        })
}

fn bad_request(message: String) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({ "error": message }))).into_response()
}

/// After a change: a form gets 303 back to the control page, anything else the new state.
fn changed(state: &AppState, form: bool) -> Response {
    if form {
        Redirect::to("/__sim").into_response()
    } else {
        Json(state.state_json()).into_response()
    }
}

/// Field `key` from a urlencoded form body or a JSON object body.
fn body_fields(form: bool, body: &[u8]) -> Result<HashMap<String, Value>, String> {
    if form {
        let text = std::str::from_utf8(body).map_err(|_| "form body is not UTF-8".to_owned())?;
        return parse_urlencoded(text)
            .map(|pairs| {
                pairs
                    .into_iter()
                    .map(|(k, v)| (k, Value::String(v)))
                    .collect()
            })
            .ok_or_else(|| "malformed form body".to_owned());
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(HashMap::new());
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map.into_iter().collect()),
        Ok(_) => Err("body must be a JSON object".to_owned()),
        Err(e) => Err(format!("body is not valid JSON: {e}")),
    }
}

fn parse_urlencoded(text: &str) -> Option<Vec<(String, String)>> {
    text.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            Some((
                static_files::percent_decode(&k.replace('+', " "))?,
                static_files::percent_decode(&v.replace('+', " "))?,
            ))
        })
        .collect()
}

fn scenario_names() -> String {
    Scenario::ALL
        .iter()
        .map(|s| s.name())
        .collect::<Vec<_>>()
        .join(", ")
}

async fn get_scenarios(State(state): State<AppState>) -> Json<Value> {
    Json(state.state_json())
}

async fn get_stats(State(state): State<AppState>) -> Json<Value> {
    Json(state.stats_json())
}

async fn post_scenario(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form = is_form(&headers);
    let name = match query.get("name").or_else(|| query.get("scenario")) {
        Some(name) => name.clone(),
        None => {
            let fields = match body_fields(form, &body) {
                Ok(f) => f,
                Err(e) => return bad_request(e),
            };
            match fields.get("scenario").or_else(|| fields.get("name")) {
                Some(Value::String(s)) => s.clone(),
                _ => {
                    return bad_request(format!(
                        "missing scenario: send {{\"scenario\": NAME}}, ?name=NAME or a form field \
                         `scenario`; known: {}",
                        scenario_names()
                    ))
                }
            }
        }
    };
    let Some(scenario) = Scenario::from_name(&name) else {
        return bad_request(format!(
            "unknown scenario {name:?}; known: {}",
            scenario_names()
        ));
    };
    {
        let mut sim = state.sim();
        sim.scenario = scenario;
        sim.faults.clear();
    }
    changed(&state, form)
}

async fn post_fault(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let form = is_form(&headers);
    let fields = match body_fields(form, &body) {
        Ok(f) => f,
        Err(e) => return bad_request(e),
    };
    let route = match fields.get("route") {
        Some(Value::String(p)) => match Route::from_path(p) {
            Some(r) => r,
            None => return bad_request(format!("unknown route {p:?}")),
        },
        _ => return bad_request("missing route (e.g. \"/beak/metrics\")".to_owned()),
    };
    let fault = match fields.get("fault") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.trim().is_empty() || s.trim() == "none" => None,
        Some(Value::String(s)) => match Fault::from_name(s) {
            Some(f) => Some(f),
            None => {
                let known: Vec<_> = Fault::ALL.iter().map(|f| f.name()).collect();
                return bad_request(format!(
                    "unknown fault {s:?}; known: {} (or null to clear)",
                    known.join(", ")
                ));
            }
        },
        Some(other) => return bad_request(format!("fault must be a string or null, got {other}")),
    };
    {
        let mut sim = state.sim();
        match fault {
            Some(f) => sim.faults.insert(route, f),
            None => sim.faults.remove(&route),
        };
    }
    changed(&state, form)
}

/// `{"skew_secs": N}` (or a form field): the platform's clock runs N seconds ahead of the
/// real one (behind when negative), within ±[`MAX_CLOCK_SKEW_SECS`]; 0 or null clears it.
async fn post_clock(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let form = is_form(&headers);
    let fields = match body_fields(form, &body) {
        Ok(f) => f,
        Err(e) => return bad_request(e),
    };
    let skew = match fields.get("skew_secs") {
        None | Some(Value::Null) => 0,
        Some(Value::Number(n)) => match n.as_i64() {
            Some(v) => v,
            None => return bad_request(format!("skew_secs must be whole seconds, got {n}")),
        },
        Some(Value::String(s)) => match s.trim().parse::<i64>() {
            Ok(v) => v,
            Err(_) => return bad_request(format!("skew_secs must be whole seconds, got {s:?}")),
        },
        Some(other) => return bad_request(format!("skew_secs must be a number, got {other}")),
    };
    if skew.abs() > MAX_CLOCK_SKEW_SECS {
        return bad_request(format!(
            "skew_secs {skew} is beyond ±{MAX_CLOCK_SKEW_SECS} (30 days)"
        ));
    }
    state.sim().clock_skew_secs = skew;
    changed(&state, form)
}

async fn post_reset(State(state): State<AppState>, headers: HeaderMap) -> Response {
    {
        let mut sim = state.sim();
        sim.scenario = Scenario::Healthy;
        sim.faults.clear();
        sim.requests = [0; 3];
        sim.started = Instant::now();
        sim.clock_skew_secs = 0;
    }
    changed(&state, is_form(&headers))
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

async fn control_page(State(state): State<AppState>) -> Html<String> {
    let (current, faults, requests) = {
        let sim = state.sim();
        (sim.scenario, sim.faults.clone(), sim.requests)
    };
    let mut scenarios = String::new();
    for s in Scenario::ALL {
        let is_current = *s == current;
        scenarios.push_str(&format!(
            "<li{cls}><form method=\"post\" action=\"/__sim/scenario\">\
             <input type=\"hidden\" name=\"scenario\" value=\"{name}\">\
             <button type=\"submit\" aria-describedby=\"d-{name}\"{pressed}>{name}</button> \
             <span id=\"d-{name}\">{desc}</span>{mark}</form></li>\n",
            cls = if is_current { " class=\"current\"" } else { "" },
            name = esc(s.name()),
            desc = esc(s.description()),
            pressed = if is_current {
                " aria-current=\"true\""
            } else {
                ""
            },
            mark = if is_current {
                " <strong>(current)</strong>"
            } else {
                ""
            },
        ));
    }
    let route_options: String = Route::ALL
        .iter()
        .map(|r| format!("<option value=\"{0}\">{0}</option>", r.path()))
        .collect();
    let fault_options: String = Fault::ALL
        .iter()
        .map(|f| format!("<option value=\"{0}\">{0}</option>", f.name()))
        .collect();
    let active_faults = if faults.is_empty() {
        "<p>No route faults.</p>".to_owned()
    } else {
        let items: String = faults
            .iter()
            .map(|(r, f)| format!("<li><code>{}</code>: {}</li>", r.path(), f.name()))
            .collect();
        format!("<ul>{items}</ul>")
    };
    let stats: String = Route::ALL
        .iter()
        .map(|r| {
            format!(
                "<li><code>{}</code>: {}</li>",
                r.path(),
                requests[r.index()]
            )
        })
        .collect();
    Html(format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>beak-sim control</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 1.5rem; max-width: 60rem; color: #111; background: #fff; }}
ul.scenarios {{ list-style: none; padding: 0; }}
ul.scenarios li {{ padding: .35rem .5rem; border-bottom: 1px solid #ddd; }}
li.current {{ background: #e6f0ff; }}
button {{ min-width: 12rem; padding: .3rem .6rem; font: inherit; cursor: pointer; }}
li.current button {{ font-weight: bold; }}
button:focus-visible, select:focus-visible {{ outline: 3px solid #1a56db; outline-offset: 2px; }}
fieldset {{ margin: 1rem 0; }}
label {{ margin-right: .5rem; }}
</style>
</head>
<body>
<main>
<h1>beak-sim control</h1>
<p>Current scenario: <strong>{current}</strong>. JSON: <a href="/__sim/scenarios">/__sim/scenarios</a>, <a href="/__sim/stats">/__sim/stats</a>.</p>
<h2 id="scenarios-h">Scenarios</h2>
<ul class="scenarios" aria-labelledby="scenarios-h">
{scenarios}</ul>
<h2>Route faults</h2>
{active_faults}
<form method="post" action="/__sim/fault">
<fieldset>
<legend>Inject a fault on one route</legend>
<label for="fault-route">Route</label>
<select id="fault-route" name="route">{route_options}</select>
<label for="fault-kind">Fault</label>
<select id="fault-kind" name="fault"><option value="">none (clear)</option>{fault_options}</select>
<button type="submit">Apply fault</button>
</fieldset>
</form>
<h2>Requests since start or reset</h2>
<ul>{stats}</ul>
<form method="post" action="/__sim/reset">
<button type="submit">Reset to healthy, clear faults and counters</button>
</form>
</main>
</body>
</html>
"#,
        current = esc(current.name()),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv6Addr;

    #[test]
    fn control_allowed_only_from_loopback() {
        assert!(is_control_allowed(IpAddr::V4(Ipv4Addr::LOCALHOST)));
        assert!(is_control_allowed("127.8.9.10".parse().unwrap()));
        assert!(is_control_allowed(IpAddr::V6(Ipv6Addr::LOCALHOST)));
        assert!(is_control_allowed("::ffff:127.0.0.1".parse().unwrap()));
        assert!(!is_control_allowed("10.0.0.5".parse().unwrap()));
        assert!(!is_control_allowed("192.168.1.20".parse().unwrap()));
        assert!(!is_control_allowed("0.0.0.0".parse().unwrap()));
        assert!(!is_control_allowed("::ffff:10.0.0.5".parse().unwrap()));
        assert!(!is_control_allowed("2001:db8::1".parse().unwrap()));
    }

    #[test]
    fn base_path_normalized() {
        assert_eq!(normalize_base_path("/"), "/");
        assert_eq!(normalize_base_path(""), "/");
        assert_eq!(normalize_base_path("ops"), "/ops/");
        assert_eq!(normalize_base_path("/ops"), "/ops/");
        assert_eq!(normalize_base_path("/ops/"), "/ops/");
        assert_eq!(normalize_base_path("/a/b/"), "/a/b/");
    }

    #[test]
    fn urlencoded_form_parses() {
        assert_eq!(
            parse_urlencoded("scenario=alias-drift&x=a+b%2Fc").unwrap(),
            vec![
                ("scenario".to_owned(), "alias-drift".to_owned()),
                ("x".to_owned(), "a b/c".to_owned())
            ]
        );
        assert!(parse_urlencoded("a=%zz").is_none());
    }

    #[test]
    fn control_page_escapes_and_marks_current() {
        assert_eq!(
            esc("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
