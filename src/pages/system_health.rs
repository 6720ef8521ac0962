//! System Health (`/system-health`): the status-endpoint check of Pre-Deploy item 2 automated,
//! SLA metrics and cold start p95 with their history since the page opened, route latency and
//! status, database status. "All green" only when every metric is fresh and green.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_router::components::A;
use serde_json::Value;

use crate::api::models::{missing_status_keys, StatusPayload, STATUS_REQUIRED_KEYS};
use crate::api::poller::expect_poller;
use crate::clock::expect_clock;
use crate::components::level::LevelBadge;
use crate::components::sparkline::{RefLine, Sparkline};
use crate::components::time::{Age, StaticUtcTime, UtcTime};
use crate::context::expect_thresholds;
use crate::domain::history::History;
use crate::domain::route::{Attempt, Freshness, RouteError, RouteId, RouteState};
use crate::domain::rules::{self, Judged};
use crate::domain::thresholds::Level;

/// The level as a word for `data-level` (tests and styles).
pub fn level_attr(l: Level) -> &'static str {
    match l {
        Level::Green => "green",
        Level::Amber => "amber",
        Level::Red => "red",
        Level::Unknown => "unknown",
    }
}

/// The Pre-Deploy item 2 check: is the status body valid JSON with the required keys?
#[derive(Clone, Debug, PartialEq)]
pub struct StatusCheck {
    pub level: Level,
    /// `Some(true)` valid JSON, `Some(false)` not JSON, `None` unknown (no body).
    pub valid_json: Option<bool>,
    /// Each required key: present (`Some(true)`), missing, or unknown.
    pub keys: Vec<(&'static str, Option<bool>)>,
    pub summary: String,
}

/// Judges the status route's last answer. Green only when that answer is fresh and complete.
pub fn status_check(
    state: &RouteState<StatusPayload>,
    now: DateTime<Utc>,
    stale_after_secs: i64,
) -> StatusCheck {
    let unknown_keys = || STATUS_REQUIRED_KEYS.iter().map(|k| (*k, None)).collect();
    let Some(attempt) = &state.last_attempt else {
        return StatusCheck {
            level: Level::Unknown,
            valid_json: None,
            keys: unknown_keys(),
            summary: "Waiting for the first answer of /beak/system/status.".into(),
        };
    };
    match &attempt.error {
        Some(RouteError::MissingKeys { keys }) => StatusCheck {
            level: Level::Red,
            valid_json: Some(true),
            keys: STATUS_REQUIRED_KEYS
                .iter()
                .map(|k| (*k, Some(!keys.iter().any(|m| m == k))))
                .collect(),
            summary: format!(
                "Valid JSON, but missing {}: the check fails.",
                keys.join(", ")
            ),
        },
        Some(RouteError::NotJson { message }) => StatusCheck {
            level: Level::Red,
            valid_json: Some(false),
            keys: unknown_keys(),
            summary: format!("The answer is not valid JSON ({message}): the check fails."),
        },
        Some(e) => StatusCheck {
            level: Level::Red,
            valid_json: None,
            keys: unknown_keys(),
            summary: format!("No usable answer: {}. {}", e.name(), e.explain()),
        },
        None => {
            let raw = state
                .last_good
                .as_ref()
                .map(|g| g.raw.as_str())
                .unwrap_or("");
            let (valid_json, keys) = match serde_json::from_str::<Value>(raw) {
                Ok(Value::Object(o)) => {
                    let missing = missing_status_keys(&o);
                    (
                        Some(true),
                        STATUS_REQUIRED_KEYS
                            .iter()
                            .map(|k| (*k, Some(!missing.iter().any(|m| m == k))))
                            .collect::<Vec<_>>(),
                    )
                }
                // The raw view is truncated for very large bodies; the parser saw it whole.
                _ => (
                    Some(true),
                    STATUS_REQUIRED_KEYS
                        .iter()
                        .map(|k| (*k, Some(true)))
                        .collect(),
                ),
            };
            let complete = keys.iter().all(|(_, p)| *p == Some(true));
            let fresh = matches!(
                state.freshness(now, stale_after_secs),
                Freshness::Fresh { .. }
            );
            let (level, summary) = match (complete, fresh) {
                (true, true) => (
                    Level::Green,
                    "Valid JSON with lambda.version, database and agents present.".to_string(),
                ),
                (true, false) => (
                    Level::Unknown,
                    "The last good answer passed, but it is stale: refresh before relying on it."
                        .to_string(),
                ),
                (false, _) => (Level::Red, "Required keys are missing.".to_string()),
            };
            StatusCheck {
                level,
                valid_json,
                keys,
                summary,
            }
        }
    }
}

/// The database's level from its reported status word.
pub fn database_level(status: Option<&str>) -> Level {
    match status.map(|s| s.trim().to_ascii_lowercase()) {
        None => Level::Unknown,
        Some(s) if matches!(s.as_str(), "ok" | "healthy" | "up" | "available") => Level::Green,
        Some(s) if matches!(s.as_str(), "degraded" | "slow" | "warning") => Level::Amber,
        Some(_) => Level::Red,
    }
}

/// Pretty-prints a raw body if it is JSON; otherwise returns it as it came.
pub fn pretty(raw: &str) -> String {
    match serde_json::from_str::<Value>(raw) {
        Ok(v) => serde_json::to_string_pretty(&v).unwrap_or_else(|_| raw.to_string()),
        Err(_) => raw.to_string(),
    }
}

/// A one-line description of a history for screen readers.
pub fn history_label(what: &str, h: &History, unit: &str) -> String {
    match (h.last(), h.range()) {
        (Some(last), Some((lo, hi))) => format!(
            "{what} history: {} points since this page opened, latest {} {unit}, range {}–{} {unit}",
            h.len(),
            trim_num(last.value),
            trim_num(lo),
            trim_num(hi)
        ),
        _ => format!("{what} history: no points yet"),
    }
}

fn trim_num(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The histories kept while the page is open.
#[derive(Clone, Debug, Default, PartialEq)]
struct Histories {
    availability: History,
    latency: History,
    errors: History,
    cold_start: History,
}

/// One route's row: what the table shows.
#[derive(Clone, Debug, PartialEq)]
struct RouteRow {
    route: RouteId,
    level: Level,
    attempt: Option<Attempt>,
    failures: u32,
    fresh: bool,
}

fn route_row<T>(route: RouteId, s: &RouteState<T>, now: DateTime<Utc>, stale: i64) -> RouteRow {
    RouteRow {
        route,
        level: s.level(now, stale),
        attempt: s.last_attempt.clone(),
        failures: s.consecutive_failures,
        fresh: matches!(s.freshness(now, stale), Freshness::Fresh { .. }),
    }
}

#[component]
pub fn SystemHealth() -> impl IntoView {
    let poller = expect_poller();
    let clock = expect_clock();
    let thresholds = expect_thresholds();
    let stale_after =
        Memo::new(move |_| poller.stale_after_secs(thresholds.with(|t| t.stale_after_polls)));

    // One point per new fetch of each route, since the page opened.
    let hist = RwSignal::new(Histories::default());
    Effect::new(move |_| {
        let point = poller.metrics.with(|m| {
            m.last_good
                .as_ref()
                .map(|g| (g.fetched_at, g.data.sla.clone().unwrap_or_default()))
        });
        if let Some((at, sla)) = point {
            hist.update(|h| {
                if let Some(v) = sla.availability_pct {
                    h.availability.push(at, v);
                }
                if let Some(v) = sla.latency_p95_ms {
                    h.latency.push(at, v);
                }
                if let Some(v) = sla.error_rate_pct {
                    h.errors.push(at, v);
                }
            });
        }
    });
    Effect::new(move |_| {
        let point = poller.status.with(|s| {
            s.last_good
                .as_ref()
                .and_then(|g| g.data.lambda.cold_start_ms_p95.map(|v| (g.fetched_at, v)))
        });
        if let Some((at, v)) = point {
            hist.update(|h| {
                h.cold_start.push(at, v);
            });
        }
    });

    let check = Memo::new(move |_| {
        let now = clock.now();
        poller
            .status
            .with(|s| status_check(s, now, stale_after.get()))
    });
    let metrics_fresh = Memo::new(move |_| {
        let now = clock.now();
        poller
            .metrics
            .with(|m| matches!(m.freshness(now, stale_after.get()), Freshness::Fresh { .. }))
    });
    let status_fresh = Memo::new(move |_| {
        let now = clock.now();
        poller
            .status
            .with(|m| matches!(m.freshness(now, stale_after.get()), Freshness::Fresh { .. }))
    });
    // SLA judged on fresh data only; the stale values are shown, labelled, with no level.
    let sla = Memo::new(move |_| {
        let t = thresholds.get();
        let fresh = metrics_fresh.get();
        poller.metrics.with(|m| {
            let data = m.data().and_then(|d| d.sla.as_ref());
            let judged = rules::sla(data, &t);
            judged.map(|(k, j)| {
                if fresh {
                    (k, j)
                } else {
                    let reason = if data.is_some() {
                        format!("{} (stale)", j.reason)
                    } else {
                        j.reason
                    };
                    (
                        k,
                        Judged {
                            level: Level::Unknown,
                            reason,
                        },
                    )
                }
            })
        })
    });
    let cold = Memo::new(move |_| {
        let t = thresholds.get();
        let fresh = status_fresh.get();
        poller.status.with(|s| {
            let j = rules::cold_start(s.data(), &t);
            if fresh || j.level == Level::Unknown {
                j
            } else {
                Judged {
                    level: Level::Unknown,
                    reason: format!("{} (stale)", j.reason),
                }
            }
        })
    });
    let database = Memo::new(move |_| {
        let fresh = status_fresh.get();
        poller.status.with(|s| {
            let db = s.data().map(|d| d.database.clone());
            let level = if fresh {
                database_level(db.as_ref().and_then(|d| d.status.as_deref()))
            } else {
                Level::Unknown
            };
            (level, db, fresh)
        })
    });
    let routes = Memo::new(move |_| {
        let now = clock.now();
        let st = stale_after.get();
        vec![
            poller.root.with(|s| route_row(RouteId::Root, s, now, st)),
            poller
                .metrics
                .with(|s| route_row(RouteId::Metrics, s, now, st)),
            poller
                .status
                .with(|s| route_row(RouteId::Status, s, now, st)),
        ]
    });
    let overall = Memo::new(move |_| {
        let mut items: Vec<(String, Level)> =
            vec![("Status endpoint check".to_string(), check.with(|c| c.level))];
        for (k, j) in sla.get() {
            items.push((metric_title(k).to_string(), j.level));
        }
        items.push(("Cold start p95".into(), cold.with(|c| c.level)));
        items.push(("Database".into(), database.with(|d| d.0)));
        for r in routes.get() {
            items.push((format!("Route {}", r.route.path()), r.level));
        }
        let worst = items.iter().fold(Level::Green, |acc, (_, l)| acc.worst(*l));
        let not_green: Vec<String> = items
            .iter()
            .filter(|(_, l)| *l != Level::Green)
            .map(|(n, l)| format!("{n}: {}", l.word()))
            .collect();
        (worst, not_green)
    });

    view! {
        <section class="page system-health">
            <h1>"System Health"</h1>
            <p class="subtitle">
                "The status endpoint check, SLA metrics, cold start, routes and database, judged against the "
                <A href="/alert-thresholds">"alert thresholds"</A>
                ". Nothing is shown green unless its data is fresh."
            </p>
            <div
                class=move || format!("banner {}", overall.with(|o| o.0.class()))
                role="status"
                data-testid="overall"
                data-level=move || level_attr(overall.with(|o| o.0))
            >
                <LevelBadge
                    level=Signal::derive(move || overall.with(|o| o.0))
                    word=Signal::derive(move || {
                        if overall.with(|o| o.0) == Level::Green {
                            "All green".to_string()
                        } else {
                            "Not all green".to_string()
                        }
                    })
                />
                {move || {
                    let (level, items) = overall.get();
                    if level == Level::Green {
                        view! { <span>" Every metric is fresh and within its thresholds."</span> }
                            .into_any()
                    } else {
                        view! {
                            <span>" " {items.join(" · ")}</span>
                        }
                            .into_any()
                    }
                }}
            </div>

            <div class="grid">
                <StatusCheckCard check=check/>

                <section class="card" id="sla" aria-labelledby="sla-title">
                    <h2 id="sla-title">"SLA metrics"</h2>
                    <p class="hint">
                        {move || {
                            poller
                                .metrics
                                .with(|m| {
                                    m.data()
                                        .and_then(|d| d.window_minutes)
                                        .map(|w| format!("From /beak/metrics, last {w} minutes."))
                                        .unwrap_or_else(|| "From /beak/metrics.".into())
                                })
                        }}
                    </p>
                    <ul class="metric-list">
                        <MetricRow
                            key="availability"
                            judged=Signal::derive(move || sla.with(|s| s[0].1.clone()))
                            values=Signal::derive(move || hist.with(|h| h.availability.values()))
                            label=Signal::derive(move || hist.with(|h| history_label("Availability", &h.availability, "%")))
                            refs=Signal::derive(move || {
                                thresholds.with(|t| vec![
                                    RefLine { value: t.sla_availability_amber_pct, class: "lvl-amber" },
                                    RefLine { value: t.sla_availability_red_pct, class: "lvl-red" },
                                ])
                            })
                        />
                        <MetricRow
                            key="latency_p95"
                            judged=Signal::derive(move || sla.with(|s| s[1].1.clone()))
                            values=Signal::derive(move || hist.with(|h| h.latency.values()))
                            label=Signal::derive(move || hist.with(|h| history_label("Latency p95", &h.latency, "ms")))
                            refs=Signal::derive(move || {
                                thresholds.with(|t| vec![
                                    RefLine { value: f64::from(t.sla_latency_amber_ms), class: "lvl-amber" },
                                    RefLine { value: f64::from(t.sla_latency_red_ms), class: "lvl-red" },
                                ])
                            })
                        />
                        <MetricRow
                            key="error_rate"
                            judged=Signal::derive(move || sla.with(|s| s[2].1.clone()))
                            values=Signal::derive(move || hist.with(|h| h.errors.values()))
                            label=Signal::derive(move || hist.with(|h| history_label("Error rate", &h.errors, "%")))
                            refs=Signal::derive(move || {
                                thresholds.with(|t| vec![
                                    RefLine { value: t.sla_error_amber_pct, class: "lvl-amber" },
                                    RefLine { value: t.sla_error_red_pct, class: "lvl-red" },
                                ])
                            })
                        />
                        <MetricRow
                            key="cold_start"
                            judged=Signal::derive(move || cold.get())
                            values=Signal::derive(move || hist.with(|h| h.cold_start.values()))
                            label=Signal::derive(move || hist.with(|h| history_label("Cold start p95", &h.cold_start, "ms")))
                            refs=Signal::derive(move || {
                                thresholds.with(|t| vec![
                                    RefLine { value: f64::from(t.cold_start_ms), class: "lvl-red" },
                                ])
                            })
                        />
                    </ul>
                    <p class="hint">
                        "Charts show the values seen since this page opened, one point per poll; lines mark the amber and red levels."
                    </p>
                </section>

                <section
                    class="card"
                    id="database"
                    aria-labelledby="database-title"
                    data-level=move || level_attr(database.with(|d| d.0))
                >
                    <div class="card-head">
                        <h2 id="database-title">"Database"</h2>
                        <LevelBadge level=Signal::derive(move || database.with(|d| d.0))/>
                    </div>
                    {move || {
                        let (_, db, fresh) = database.get();
                        match db {
                            None => view! { <p class="muted">"No data from /beak/system/status yet."</p> }.into_any(),
                            Some(db) => view! {
                                <dl class="facts">
                                    <dt>"Status"</dt>
                                    <dd data-testid="db-status">{db.status.clone().unwrap_or_else(|| "unknown".into())}</dd>
                                    <dt>"Latency"</dt>
                                    <dd>{db.latency_ms.map(|v| format!("{v:.0} ms")).unwrap_or_else(|| "unknown".into())}</dd>
                                </dl>
                                {(!fresh).then(|| view! { <p class="stale-note">"Stale: last seen in an older answer."</p> })}
                            }.into_any(),
                        }
                    }}
                </section>

                <section class="card wide" id="routes" aria-labelledby="routes-title">
                    <h2 id="routes-title">"Routes"</h2>
                    <div class="table-wrap" tabindex="0" role="region" aria-label="Routes table">
                        <table>
                            <caption class="sr-only">"Each /beak route: state, HTTP status, latency and last attempt"</caption>
                            <thead>
                                <tr>
                                    <th scope="col">"Route"</th>
                                    <th scope="col">"State"</th>
                                    <th scope="col" class="num">"HTTP"</th>
                                    <th scope="col" class="num">"Latency"</th>
                                    <th scope="col">"Last attempt"</th>
                                    <th scope="col">"Detail"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {RouteId::ALL
                                    .into_iter()
                                    .map(|route| view! { <RouteTableRow route=route routes=routes/> })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <p class="hint">
                        "A 502 or 504 means a Lambda cold start or a crash loop: see "
                        <A href="/runbook#inc-002">"INC-002"</A>
                        "; timeouts and unreachable routes: "
                        <A href="/runbook#inc-009">"INC-009"</A>
                        "."
                    </p>
                </section>

                <RawResponses/>
            </div>
        </section>
    }
}

/// One route's row of the Routes table, built once: each poll changes its cells in place. (Rows
/// keyed by their whole content were rebuilt on every poll, and each rebuilt row left its
/// owner and its ticking [`Age`]'s clock subscriptions behind: wasm memory grew with every poll.)
#[component]
fn RouteTableRow(route: RouteId, routes: Memo<Vec<RouteRow>>) -> impl IntoView {
    let row = Memo::new(move |_| routes.with(|rs| rs.iter().find(|r| r.route == route).cloned()));
    let attempt = Memo::new(move |_| row.with(|r| r.as_ref().and_then(|r| r.attempt.clone())));
    let level =
        Signal::derive(move || row.with(|r| r.as_ref().map_or(Level::Unknown, |r| r.level)));
    let attempt_at = Memo::new(move |_| attempt.with(|a| a.as_ref().map(|a| a.at)));
    let at = Signal::derive(move || attempt_at.get().unwrap_or_default());
    view! {
        <tr data-level=move || level_attr(level.get()) data-route=route.path()>
            <th scope="row"><code>{route.path()}</code></th>
            <td><LevelBadge level=level/></td>
            <td class="num">{move || attempt.with(|a| a.as_ref().and_then(|a| a.status).map(|s| s.to_string()).unwrap_or_else(|| "—".into()))}</td>
            <td class="num">{move || attempt.with(|a| a.as_ref().map(|a| format!("{} ms", a.latency_ms)).unwrap_or_else(|| "—".into()))}</td>
            <td>
                <Show when=move || attempt_at.with(Option::is_some)>
                    <UtcTime at=at/> " (" <Age since=at/> ")"
                </Show>
            </td>
            <td>
                {move || row.with(|r| {
                    let Some(r) = r else {
                        return "Waiting for the first answer.".to_string();
                    };
                    match r.attempt.as_ref().and_then(|a| a.error.as_ref()) {
                        Some(e) => format!(
                            "{}: {}{}",
                            e.name(),
                            e.explain(),
                            if r.failures > 1 { format!(" ({} failures in a row)", r.failures) } else { String::new() }
                        ),
                        None if r.attempt.is_none() => "Waiting for the first answer.".into(),
                        None if !r.fresh => "Answered, but the data is stale.".into(),
                        None => "OK".into(),
                    }
                })}
            </td>
        </tr>
    }
}

fn metric_title(key: &str) -> &'static str {
    match key {
        "availability" => "Availability",
        "latency_p95" => "Latency p95",
        "error_rate" => "Error rate",
        "cold_start" => "Cold start p95",
        _ => "Metric",
    }
}

#[component]
fn MetricRow(
    key: &'static str,
    #[prop(into)] judged: Signal<Judged>,
    #[prop(into)] values: Signal<Vec<f64>>,
    #[prop(into)] label: Signal<String>,
    #[prop(into)] refs: Signal<Vec<RefLine>>,
) -> impl IntoView {
    view! {
        <li
            class="metric-row"
            data-testid=format!("metric-{key}")
            data-level=move || level_attr(judged.with(|j| j.level))
        >
            <div class="metric-head">
                <span class="metric-name">{metric_title(key)}</span>
                <LevelBadge level=Signal::derive(move || judged.with(|j| j.level))/>
            </div>
            <div class="metric-reason">{move || judged.with(|j| j.reason.clone())}</div>
            <Sparkline values=values label=label references=refs testid="sparkline"/>
        </li>
    }
}

#[component]
fn StatusCheckCard(check: Memo<StatusCheck>) -> impl IntoView {
    let yes_no = |v: Option<bool>, yes: &'static str, no: &'static str| match v {
        Some(true) => (Level::Green, yes),
        Some(false) => (Level::Red, no),
        None => (Level::Unknown, "unknown"),
    };
    view! {
        <section
            class="card"
            id="status-check"
            aria-labelledby="status-check-title"
            data-level=move || level_attr(check.with(|c| c.level))
        >
            <div class="card-head">
                <h2 id="status-check-title">"Status endpoint check"</h2>
                <LevelBadge
                    level=Signal::derive(move || check.with(|c| c.level))
                    word=Signal::derive(move || match check.with(|c| c.level) {
                        Level::Green => "Passed".to_string(),
                        Level::Red => "Failed".to_string(),
                        l => l.word().to_string(),
                    })
                />
            </div>
            <p class="hint">
                "Pre-Deploy item 2: " <code>"GET /beak/system/status"</code>
                " returns valid JSON with " <code>"lambda.version"</code> ", "
                <code>"database"</code> " and " <code>"agents"</code> " present."
            </p>
            <ul class="check-list">
                <li data-testid="check-json">
                    {move || {
                        let (l, w) = yes_no(check.with(|c| c.valid_json), "valid", "not valid");
                        view! { "Valid JSON: " <LevelBadge level=l word=w.to_string()/> }
                    }}
                </li>
                {STATUS_REQUIRED_KEYS
                    .iter()
                    .enumerate()
                    .map(|(i, key)| {
                        let key = *key;
                        view! {
                            <li
                                data-testid=format!("check-key-{}", key.replace('.', "-"))
                                data-present=move || match check.with(|c| c.keys.get(i).and_then(|k| k.1)) {
                                    Some(true) => "present",
                                    Some(false) => "missing",
                                    None => "unknown",
                                }
                            >
                                <code>{key}</code> ": "
                                {move || {
                                    let (l, w) = yes_no(check.with(|c| c.keys.get(i).and_then(|k| k.1)), "present", "missing");
                                    view! { <LevelBadge level=l word=w.to_string()/> }
                                }}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <p data-testid="check-summary">{move || check.with(|c| c.summary.clone())}</p>
        </section>
    }
}

/// The last good body of each route, pretty-printed as text (never as HTML).
#[component]
fn RawResponses() -> impl IntoView {
    let poller = expect_poller();
    fn raw_of<T>(s: &RouteState<T>) -> (Option<(DateTime<Utc>, String)>, Option<String>) {
        (
            s.last_good.as_ref().map(|g| (g.fetched_at, pretty(&g.raw))),
            s.error().map(|e| e.name()),
        )
    }
    let rows = move || {
        vec![
            (RouteId::Status, poller.status.with(raw_of)),
            (RouteId::Metrics, poller.metrics.with(raw_of)),
            (RouteId::Root, poller.root.with(raw_of)),
        ]
    };
    view! {
        <section class="card wide" id="raw" aria-labelledby="raw-title">
            <h2 id="raw-title">"Raw responses"</h2>
            <p class="hint">"The last good body of each route as received, pretty-printed. Failed answers keep no body."</p>
            {move || {
                rows()
                    .into_iter()
                    .map(|(route, (good, err))| {
                        let open = route == RouteId::Status;
                        view! {
                            <details class="raw" open=open data-testid=format!("raw-{}", route.path().trim_start_matches('/').replace('/', "-"))>
                                <summary>
                                    <code>{route.path()}</code>
                                    {match &good {
                                        Some((at, _)) => {
                                            let at = *at;
                                            view! { " · received " <StaticUtcTime at=at/> }.into_any()
                                        }
                                        None => view! { " · no good answer yet" }.into_any(),
                                    }}
                                    {err.map(|e| format!(" · the last attempt failed: {e}"))}
                                </summary>
                                {good.map(|(_, text)| view! { <pre class="raw-body" tabindex="0">{text}</pre> })}
                            </details>
                        }
                    })
                    .collect_view()
            }}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::models::parse_status;
    use crate::domain::route::Good;
    use crate::domain::time::parse_rfc3339;

    fn at(s: &str) -> DateTime<Utc> {
        parse_rfc3339(s).unwrap()
    }

    const BODY: &str = r#"{"lambda":{"version":"42","cold_start_ms_p95":640},"database":{"status":"ok","latency_ms":11},"agents":{"total":12,"alive":12}}"#;

    fn good(t: &str) -> Good<StatusPayload> {
        Good {
            data: parse_status(BODY).unwrap().data,
            status: 200,
            latency_ms: 20,
            fetched_at: at(t),
            notes: vec![],
            raw: BODY.into(),
        }
    }

    #[test]
    fn passes_only_when_fresh_and_complete() {
        let now = at("2026-11-29T19:00:10Z");
        let mut s = RouteState::default();
        assert_eq!(status_check(&s, now, 30).level, Level::Unknown);
        s.record_ok(good("2026-11-29T19:00:00Z"));
        let c = status_check(&s, now, 30);
        assert_eq!(c.level, Level::Green);
        assert_eq!(c.valid_json, Some(true));
        assert!(c.keys.iter().all(|(_, p)| *p == Some(true)));
        let later = at("2026-11-29T19:01:00Z");
        assert_eq!(
            status_check(&s, later, 30).level,
            Level::Unknown,
            "stale is never green"
        );
    }

    #[test]
    fn names_missing_keys_and_bad_json() {
        let now = at("2026-11-29T19:00:10Z");
        let mut s: RouteState<StatusPayload> = RouteState::default();
        s.record_ok(good("2026-11-29T19:00:00Z"));
        s.record_err(
            now,
            Some(200),
            5,
            RouteError::MissingKeys {
                keys: vec!["lambda.version".into(), "agents".into()],
            },
        );
        let c = status_check(&s, now, 30);
        assert_eq!(c.level, Level::Red);
        assert_eq!(c.valid_json, Some(true));
        assert_eq!(
            c.keys,
            vec![
                ("lambda.version", Some(false)),
                ("database", Some(true)),
                ("agents", Some(false))
            ]
        );
        s.record_err(
            now,
            Some(200),
            5,
            RouteError::NotJson {
                message: "expected value".into(),
            },
        );
        let c = status_check(&s, now, 30);
        assert_eq!((c.level, c.valid_json), (Level::Red, Some(false)));
        assert!(c.keys.iter().all(|(_, p)| p.is_none()));
        s.record_err(now, Some(502), 5, RouteError::Http { status: 502 });
        let c = status_check(&s, now, 30);
        assert_eq!((c.level, c.valid_json), (Level::Red, None));
        assert!(c.summary.contains("502"));
    }

    #[test]
    fn database_and_formatting() {
        assert_eq!(database_level(Some("ok")), Level::Green);
        assert_eq!(database_level(Some(" OK ")), Level::Green);
        assert_eq!(database_level(Some("degraded")), Level::Amber);
        assert_eq!(database_level(Some("down")), Level::Red);
        assert_eq!(database_level(None), Level::Unknown);
        assert_eq!(pretty("{\"a\":1}"), "{\n  \"a\": 1\n}");
        assert_eq!(pretty("<html>"), "<html>");
        let mut h = History::new(3);
        assert_eq!(history_label("X", &h, "ms"), "X history: no points yet");
        h.push(at("2026-11-29T19:00:00Z"), 10.5);
        h.push(at("2026-11-29T19:00:15Z"), 12.0);
        assert_eq!(
            history_label("X", &h, "ms"),
            "X history: 2 points since this page opened, latest 12 ms, range 10.5–12 ms"
        );
    }
}
