//! Scenarios, per-route faults and the pure payload generator [`respond`].
//!
//! Everything in this module is deterministic: the same scenario, fault, route, `now` and
//! `elapsed_secs` always give the same [`SimResponse`]. The Ops Console's native tests call
//! [`respond`] directly to obtain every scenario's payloads.

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

/// A whole-platform state the simulator can present.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scenario {
    Healthy,
    AliasDrift,
    PartialFleet,
    FleetOutage,
    PeckCallbackErrors,
    PeckDeniedSpike,
    PeckExpiredSpike,
    AuditSpike,
    SesAmber,
    SesRed,
    Sandbox,
    ChangeFreeze,
    StaleSnapshot,
    Slow,
    CrashLoop,
    GatewayTimeout,
    Hang,
    NotJson,
    MissingKeys,
}

impl Scenario {
    /// Every scenario, healthy first.
    pub const ALL: &'static [Scenario] = &[
        Scenario::Healthy,
        Scenario::AliasDrift,
        Scenario::PartialFleet,
        Scenario::FleetOutage,
        Scenario::PeckCallbackErrors,
        Scenario::PeckDeniedSpike,
        Scenario::PeckExpiredSpike,
        Scenario::AuditSpike,
        Scenario::SesAmber,
        Scenario::SesRed,
        Scenario::Sandbox,
        Scenario::ChangeFreeze,
        Scenario::StaleSnapshot,
        Scenario::Slow,
        Scenario::CrashLoop,
        Scenario::GatewayTimeout,
        Scenario::Hang,
        Scenario::NotJson,
        Scenario::MissingKeys,
    ];

    /// The kebab-case name used on the CLI and by the control endpoints.
    pub fn name(self) -> &'static str {
        match self {
            Scenario::Healthy => "healthy",
            Scenario::AliasDrift => "alias-drift",
            Scenario::PartialFleet => "partial-fleet",
            Scenario::FleetOutage => "fleet-outage",
            Scenario::PeckCallbackErrors => "peck-callback-errors",
            Scenario::PeckDeniedSpike => "peck-denied-spike",
            Scenario::PeckExpiredSpike => "peck-expired-spike",
            Scenario::AuditSpike => "audit-spike",
            Scenario::SesAmber => "ses-amber",
            Scenario::SesRed => "ses-red",
            Scenario::Sandbox => "sandbox",
            Scenario::ChangeFreeze => "change-freeze",
            Scenario::StaleSnapshot => "stale-snapshot",
            Scenario::Slow => "slow",
            Scenario::CrashLoop => "crash-loop",
            Scenario::GatewayTimeout => "gateway-timeout",
            Scenario::Hang => "hang",
            Scenario::NotJson => "not-json",
            Scenario::MissingKeys => "missing-keys",
        }
    }

    /// Parses a kebab-case name (surrounding whitespace ignored).
    pub fn from_name(name: &str) -> Option<Scenario> {
        let name = name.trim();
        Scenario::ALL.iter().copied().find(|s| s.name() == name)
    }

    /// One operator-facing sentence describing what the console should show.
    pub fn description(self) -> &'static str {
        match self {
            Scenario::Healthy => "Everything is green: no drift, all 12 agents alive, low failure rates, quota well under limits.",
            Scenario::AliasDrift => "The prod alias points at Lambda version 41 while the function is at 42.",
            Scenario::PartialFleet => "Three of twelve spaceduck agents have stopped pulsing (9 alive, 3 dead).",
            Scenario::FleetOutage => "No agent has pulsed for hours: 0 of 12 alive, the whole fleet is dead.",
            Scenario::PeckCallbackErrors => "About a quarter of pecks fail with callback errors, pointing at webhook delivery.",
            Scenario::PeckDeniedSpike => "Denied pecks spike to about 30 %, pointing at auth configuration drift.",
            Scenario::PeckExpiredSpike => "Expired pecks spike to about 30 %, pointing at slow response times.",
            Scenario::AuditSpike => "peck_notify audit events run at five times normal while no duck certificates are issued.",
            Scenario::SesAmber => "SES has sent 170 of its 200 daily emails, past the amber threshold.",
            Scenario::SesRed => "SES has sent 194 of its 200 daily emails, past the red threshold.",
            Scenario::Sandbox => "Both SES and SNS are still in sandbox mode, blocking production sends.",
            Scenario::ChangeFreeze => "A change freeze is active for the quarterly audit window, for the next six hours.",
            Scenario::StaleSnapshot => "The status snapshot was taken 40 minutes ago and is stale.",
            Scenario::Slow => "Every route answers correctly but only after 2.5 seconds.",
            Scenario::CrashLoop => "The Lambda is crash-looping: status and metrics answer 502 while the API root stays up.",
            Scenario::GatewayTimeout => "The status route times out at the gateway with a 504.",
            Scenario::Hang => "Every route accepts the connection but never answers.",
            Scenario::NotJson => "Every route answers 200 with an HTML error page instead of JSON.",
            Scenario::MissingKeys => "Status lacks database, agents and lambda.version; metrics lacks pecks.",
        }
    }
}

/// One of the three `/beak` routes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Route {
    Root,
    Metrics,
    Status,
}

impl Route {
    pub const ALL: &'static [Route] = &[Route::Root, Route::Metrics, Route::Status];

    pub fn path(self) -> &'static str {
        match self {
            Route::Root => "/beak",
            Route::Metrics => "/beak/metrics",
            Route::Status => "/beak/system/status",
        }
    }

    pub fn from_path(path: &str) -> Option<Route> {
        Route::ALL.iter().copied().find(|r| r.path() == path.trim())
    }

    pub(crate) fn index(self) -> usize {
        match self {
            Route::Root => 0,
            Route::Metrics => 1,
            Route::Status => 2,
        }
    }
}

/// A per-route fault; when set it overrides the scenario for that route.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Fault {
    #[serde(rename = "status-500")]
    Status500,
    #[serde(rename = "status-502")]
    Status502,
    #[serde(rename = "status-504")]
    Status504,
    Hang,
    HtmlError,
    Truncated,
    MissingKeys,
    WrongTypes,
    Huge,
    Xss,
}

impl Fault {
    pub const ALL: &'static [Fault] = &[
        Fault::Status500,
        Fault::Status502,
        Fault::Status504,
        Fault::Hang,
        Fault::HtmlError,
        Fault::Truncated,
        Fault::MissingKeys,
        Fault::WrongTypes,
        Fault::Huge,
        Fault::Xss,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Fault::Status500 => "status-500",
            Fault::Status502 => "status-502",
            Fault::Status504 => "status-504",
            Fault::Hang => "hang",
            Fault::HtmlError => "html-error",
            Fault::Truncated => "truncated",
            Fault::MissingKeys => "missing-keys",
            Fault::WrongTypes => "wrong-types",
            Fault::Huge => "huge",
            Fault::Xss => "xss",
        }
    }

    pub fn from_name(name: &str) -> Option<Fault> {
        let name = name.trim();
        Fault::ALL.iter().copied().find(|f| f.name() == name)
    }
}

/// What the simulator sends for one request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimResponse {
    pub status: u16,
    pub content_type: &'static str,
    pub body: String,
    /// Wait this long before answering.
    pub delay_ms: u64,
    /// Never answer (hold the request open).
    pub hang: bool,
}

pub const JSON: &str = "application/json";
pub const HTML: &str = "text/html; charset=utf-8";

/// Body of the not-json scenario.
pub const NOT_JSON_BODY: &str = "<html><body>Internal error</body></html>";
/// Delay of the slow scenario.
pub const SLOW_DELAY_MS: u64 = 2_500;
/// Size of the padding string of the `huge` fault.
pub const HUGE_PADDING_LEN: usize = 10 * 1024 * 1024;

/// An inline script: if it ever ran it would set `window.__xss` and open a dialog.
pub const XSS_SCRIPT: &str = "<script>window.__xss=true;alert(\"xss\")</script>";
/// An image whose error handler would set `window.__xss` and open a dialog.
pub const XSS_IMG: &str = "<img src=x onerror=\"window.__xss=true;alert('xss')\">";
pub const XSS_LONG_LEN: usize = 5_000;

/// The current Lambda version and the alias value in alias-drift.
pub const LAMBDA_VERSION: &str = "42";
pub const DRIFTED_ALIAS_VERSION: &str = "41";
pub const AGENTS_TOTAL: u64 = 12;
pub const PARTIAL_DEAD_IDS: &[&str] = &["duck-03", "duck-07", "duck-11"];
pub const SES_MAX_24H: u64 = 200;
pub const FREEZE_REASON: &str = "Quarterly audit window";
pub const FREEZE_SET_BY: &str = "T-JOSH";

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A slowly moving triangle wave 0..=10..=0 over 20 minutes: drives the "live" values.
fn wave(elapsed_secs: u64) -> u64 {
    let phase = (elapsed_secs / 60) % 20;
    if phase <= 10 {
        phase
    } else {
        20 - phase
    }
}

/// Divides an integer number of hundredths into an f64 that prints cleanly (e.g. 0.34).
fn hundredths(n: u64) -> f64 {
    n as f64 / 100.0
}

fn json_response(status: u16, value: &Value) -> SimResponse {
    SimResponse {
        status,
        content_type: JSON,
        body: value.to_string(),
        delay_ms: 0,
        hang: false,
    }
}

fn hang_response() -> SimResponse {
    SimResponse {
        status: 200,
        content_type: JSON,
        body: String::new(),
        delay_ms: 0,
        hang: true,
    }
}

fn html_response(status: u16, body: &str) -> SimResponse {
    SimResponse {
        status,
        content_type: HTML,
        body: body.to_owned(),
        delay_ms: 0,
        hang: false,
    }
}

fn root_payload(now: DateTime<Utc>) -> Value {
    json!({ "service": "beak", "ok": true, "time": rfc3339(now) })
}

fn metrics_payload(scenario: Scenario, elapsed_secs: u64) -> Value {
    let w = wave(elapsed_secs);
    let requested = 210 + 3 * w; // 210..=240
    let mut denied = requested / 100;
    let mut expired = requested / 200;
    let mut callback_error = requested / 240;
    match scenario {
        Scenario::PeckCallbackErrors => callback_error = requested / 4,
        Scenario::PeckDeniedSpike => denied = requested * 30 / 100,
        Scenario::PeckExpiredSpike => expired = requested * 30 / 100,
        _ => {}
    }
    let approved = requested - denied - expired - callback_error;
    let normal_notify = requested - 4 + w % 3;
    let (peck_notify, cert_issued) = if scenario == Scenario::AuditSpike {
        (normal_notify * 5, 0)
    } else {
        (normal_notify, 12 + w)
    };
    let mut value = json!({
        "window_minutes": 30,
        "pecks": {
            "requested": requested,
            "approved": approved,
            "denied": denied,
            "expired": expired,
            "callback_error": callback_error,
        },
        "audit": {
            "peck_notify": peck_notify,
            "peck_requested": requested,
            "duck.cert_issued": cert_issued,
        },
        "sla": {
            "availability_pct": hundredths(9995 + w % 5),
            "latency_p95_ms": 290 + 2 * w,
            "error_rate_pct": hundredths(30 + 2 * w),
        },
    });
    if scenario == Scenario::MissingKeys {
        remove(&mut value, "pecks");
    }
    value
}

/// The start of the hour the simulator started in: `now` less the seconds since the start,
/// to the hour. The same for every answer of a run (the whole seconds `elapsed_secs` counts
/// leave `now - elapsed_secs` within a second of the start: only a start in the last second
/// of an hour could see two values).
fn deployments_anchor(now: DateTime<Utc>, elapsed_secs: u64) -> DateTime<Utc> {
    // At most a century: `Duration::seconds` has a range.
    let start = now - Duration::seconds(elapsed_secs.min(100 * 365 * 24 * 3600) as i64);
    start
        - Duration::seconds(start.timestamp().rem_euclid(3600))
        - Duration::nanoseconds(i64::from(start.timestamp_subsec_nanos()))
}

fn status_payload(scenario: Scenario, now: DateTime<Utc>, elapsed_secs: u64) -> Value {
    let w = wave(elapsed_secs);
    let alias = if scenario == Scenario::AliasDrift {
        DRIFTED_ALIAS_VERSION
    } else {
        LAMBDA_VERSION
    };
    let all_ids: Vec<String> = (1..=AGENTS_TOTAL).map(|i| format!("duck-{i:02}")).collect();
    let (alive, dead_ids, last_pulse) = match scenario {
        Scenario::PartialFleet => (
            AGENTS_TOTAL - PARTIAL_DEAD_IDS.len() as u64,
            PARTIAL_DEAD_IDS.iter().map(|s| s.to_string()).collect(),
            now - Duration::seconds(3 + (elapsed_secs % 5) as i64),
        ),
        Scenario::FleetOutage => (0, all_ids, now - Duration::hours(3)),
        _ => (
            AGENTS_TOTAL,
            Vec::new(),
            now - Duration::seconds(3 + (elapsed_secs % 5) as i64),
        ),
    };
    let sent_24h = match scenario {
        Scenario::SesAmber => 170,
        Scenario::SesRed => 194,
        _ => 100 + 3 * w,
    };
    let sandbox = scenario == Scenario::Sandbox;
    let change_freeze = if scenario == Scenario::ChangeFreeze {
        json!({
            "active": true,
            "reason": FREEZE_REASON,
            "until": rfc3339(now + Duration::hours(6)),
            "set_by": FREEZE_SET_BY,
        })
    } else {
        json!({ "active": false, "reason": null, "until": null, "set_by": null })
    };
    let snapshot_age = if scenario == Scenario::StaleSnapshot {
        Duration::minutes(40)
    } else {
        Duration::seconds(120 + (elapsed_secs % 30) as i64)
    };
    // Past deployments keep their times from one answer to the next, as a platform's would:
    // counted back from the hour the simulator started in (or was reset).
    let deployed = deployments_anchor(now, elapsed_secs);
    let deployments = json!([
        { "version": "42", "deployed_at": rfc3339(deployed - Duration::hours(27)), "operator": "ana", "summary": "peck retries" },
        { "version": "41", "deployed_at": rfc3339(deployed - Duration::hours(9 * 24 + 5)), "operator": "raj", "summary": "cert renewals" },
        { "version": "40", "deployed_at": rfc3339(deployed - Duration::hours(16 * 24 + 2)), "operator": "mei", "summary": "audit log rotation" },
        { "version": "39", "deployed_at": rfc3339(deployed - Duration::hours(24 * 24 + 7)), "operator": "tom", "summary": "SES bounce handling" },
    ]);
    let mut value = json!({
        "generated_at": rfc3339(now),
        "lambda": {
            "function_name": "beak-api",
            "version": LAMBDA_VERSION,
            "cold_start_ms_p95": 600 + 4 * w,
        },
        "lambda_alias_version": alias,
        "database": { "status": "ok", "latency_ms": 9 + w % 5 },
        "agents": {
            "total": AGENTS_TOTAL,
            "alive": alive,
            "dead": AGENTS_TOTAL - alive,
            "last_pulse_at": rfc3339(last_pulse),
            "dead_ids": dead_ids,
        },
        "pipeline": {
            "queued": w % 5,
            "running": 1 + w % 3,
            "failed": 0,
            "completed_24h": 1300 + elapsed_secs / 30,
        },
        "sandbox": { "ses": sandbox, "sns": sandbox },
        "ses_quota": { "sent_24h": sent_24h, "max_24h": SES_MAX_24H },
        "change_freeze": change_freeze,
        "snapshot": { "taken_at": rfc3339(now - snapshot_age) },
        "deployments": deployments,
    });
    if scenario == Scenario::MissingKeys {
        remove(&mut value, "database");
        remove(&mut value, "agents");
        if let Some(lambda) = value.get_mut("lambda") {
            remove(lambda, "version");
        }
    }
    value
}

fn remove(value: &mut Value, key: &str) {
    if let Some(obj) = value.as_object_mut() {
        obj.remove(key);
    }
}

fn set(value: &mut Value, path: &[&str], new: Value) {
    let mut cur = value;
    for key in &path[..path.len() - 1] {
        cur = &mut cur[*key];
    }
    cur[path[path.len() - 1]] = new;
}

/// The JSON payload a route carries in `scenario` (ignoring status codes, delays and hangs).
pub fn payload(scenario: Scenario, route: Route, now: DateTime<Utc>, elapsed_secs: u64) -> Value {
    match route {
        Route::Root => root_payload(now),
        Route::Metrics => metrics_payload(scenario, elapsed_secs),
        Route::Status => status_payload(scenario, now, elapsed_secs),
    }
}

fn wrong_types(route: Route) -> Value {
    match route {
        Route::Root => json!({ "service": 42, "ok": "yes", "time": null }),
        Route::Metrics => json!({
            "window_minutes": "30",
            "pecks": { "requested": "220", "approved": -5, "denied": null, "expired": "4", "callback_error": -9 },
            "audit": null,
            "sla": { "availability_pct": "99.97", "latency_p95_ms": -310, "error_rate_pct": "0.4" },
        }),
        Route::Status => json!({
            "generated_at": 1_764_445_327,
            "lambda": { "function_name": null, "version": 42, "cold_start_ms_p95": "640" },
            "lambda_alias_version": 42,
            "database": null,
            "agents": {
                "total": "12", "alive": 15, "dead": -3,
                "last_pulse_at": "yesterday", "dead_ids": null,
            },
            "pipeline": { "queued": "4", "running": -2, "failed": -1, "completed_24h": "1380" },
            "sandbox": { "ses": "false", "sns": null },
            "ses_quota": { "sent_24h": "120", "max_24h": -200 },
            "change_freeze": null,
            "snapshot": null,
            "deployments": { "version": 42 },
        }),
    }
}

fn xss(route: Route, now: DateTime<Utc>, elapsed_secs: u64) -> Value {
    let long = "A".repeat(XSS_LONG_LEN);
    let mut value = payload(Scenario::Healthy, route, now, elapsed_secs);
    match route {
        Route::Root => {
            set(&mut value, &["service"], json!(XSS_SCRIPT));
            set(&mut value, &["message"], json!(XSS_IMG));
            set(&mut value, &["detail"], json!(long));
        }
        Route::Metrics => {
            let audit = value["audit"].as_object_mut().expect("audit object");
            audit.insert(XSS_SCRIPT.to_owned(), json!(3));
            audit.insert(XSS_IMG.to_owned(), json!(4));
            audit.insert(long.clone(), json!(5));
            set(&mut value, &["note"], json!(XSS_SCRIPT));
        }
        Route::Status => {
            set(&mut value, &["lambda", "function_name"], json!(XSS_SCRIPT));
            set(&mut value, &["lambda", "version"], json!(XSS_IMG));
            set(&mut value, &["lambda_alias_version"], json!(XSS_SCRIPT));
            set(&mut value, &["database", "status"], json!(XSS_IMG));
            set(
                &mut value,
                &["agents", "dead_ids"],
                json!([XSS_SCRIPT, XSS_IMG, long]),
            );
            let mut d = Map::new();
            d.insert("version".into(), json!(XSS_IMG));
            d.insert("deployed_at".into(), json!(rfc3339(now)));
            d.insert("operator".into(), json!(XSS_SCRIPT));
            d.insert("summary".into(), json!(long));
            value["deployments"]
                .as_array_mut()
                .expect("deployments array")
                .insert(0, Value::Object(d));
            set(
                &mut value,
                &["change_freeze"],
                json!({ "active": true, "reason": XSS_SCRIPT, "until": rfc3339(now + Duration::hours(1)), "set_by": XSS_IMG }),
            );
        }
    }
    value
}

fn fault_response(
    fault: Fault,
    route: Route,
    now: DateTime<Utc>,
    elapsed_secs: u64,
) -> SimResponse {
    match fault {
        Fault::Status500 => json_response(500, &json!({ "message": "Internal server error" })),
        Fault::Status502 => json_response(502, &json!({ "message": "Internal server error" })),
        Fault::Status504 => json_response(504, &json!({ "message": "Endpoint request timed out" })),
        Fault::Hang => hang_response(),
        Fault::HtmlError => html_response(
            200,
            "<!DOCTYPE html><html><head><title>Error</title></head>\
             <body><h1>Something went wrong</h1><p>Internal error</p></body></html>",
        ),
        Fault::Truncated => {
            let full = payload(Scenario::Healthy, route, now, elapsed_secs).to_string();
            let mut cut = full.len() / 2;
            while !full.is_char_boundary(cut) {
                cut -= 1;
            }
            SimResponse {
                body: full[..cut].to_owned(),
                ..json_response(200, &Value::Null)
            }
        }
        Fault::MissingKeys => {
            let value = match route {
                Route::Root => json!({ "service": "beak" }),
                _ => payload(Scenario::MissingKeys, route, now, elapsed_secs),
            };
            json_response(200, &value)
        }
        Fault::WrongTypes => json_response(200, &wrong_types(route)),
        Fault::Huge => {
            let mut value = payload(Scenario::Healthy, route, now, elapsed_secs);
            set(
                &mut value,
                &["padding"],
                json!("x".repeat(HUGE_PADDING_LEN)),
            );
            json_response(200, &value)
        }
        Fault::Xss => json_response(200, &xss(route, now, elapsed_secs)),
    }
}

/// The response for one request. Pure and deterministic given its inputs.
///
/// A `fault` overrides the scenario for the route (faults are applied to the healthy payload).
pub fn respond(
    scenario: Scenario,
    fault: Option<Fault>,
    route: Route,
    now: DateTime<Utc>,
    elapsed_secs: u64,
) -> SimResponse {
    if let Some(fault) = fault {
        return fault_response(fault, route, now, elapsed_secs);
    }
    match (scenario, route) {
        (Scenario::Hang, _) => hang_response(),
        (Scenario::NotJson, _) => html_response(200, NOT_JSON_BODY),
        (Scenario::CrashLoop, Route::Metrics | Route::Status) => {
            json_response(502, &json!({ "message": "Internal server error" }))
        }
        (Scenario::GatewayTimeout, Route::Status) => {
            json_response(504, &json!({ "message": "Endpoint request timed out" }))
        }
        _ => {
            let mut res = json_response(200, &payload(scenario, route, now, elapsed_secs));
            if scenario == Scenario::Slow {
                res.delay_ms = SLOW_DELAY_MS;
            }
            res
        }
    }
}
