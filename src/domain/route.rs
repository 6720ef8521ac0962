//! The state of one polled route: its last good data, its last attempt and the named error.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::thresholds::Level;
use super::time::{age_secs, fmt_age};

/// The three routes the console reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RouteId {
    Root,
    Metrics,
    Status,
}

impl RouteId {
    pub const ALL: [RouteId; 3] = [RouteId::Root, RouteId::Metrics, RouteId::Status];
    pub fn path(self) -> &'static str {
        match self {
            RouteId::Root => "/beak",
            RouteId::Metrics => "/beak/metrics",
            RouteId::Status => "/beak/system/status",
        }
    }
}

/// A named reason a fetch gave no usable data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum RouteError {
    /// An HTTP status other than 2xx.
    Http { status: u16 },
    /// No answer within the request timeout.
    Timeout { after_ms: u32 },
    /// The request failed before any answer (refused, DNS, CORS, offline).
    Network { message: String },
    /// The body is not JSON (or not a JSON object).
    NotJson { message: String },
    /// JSON without the required keys.
    MissingKeys { keys: Vec<String> },
}

impl RouteError {
    /// A short name for the state: shown on Route Health and in the header.
    pub fn name(&self) -> String {
        match self {
            RouteError::Http { status: 502 } => "HTTP 502 (cold start or crash loop)".into(),
            RouteError::Http { status: 504 } => "HTTP 504 (cold start or crash loop)".into(),
            RouteError::Http { status } => format!("HTTP {status}"),
            RouteError::Timeout { after_ms } => format!("timeout after {} ms", after_ms),
            RouteError::Network { .. } => "unreachable".into(),
            RouteError::NotJson { .. } => "not JSON".into(),
            RouteError::MissingKeys { keys } => format!("JSON missing {}", keys.join(", ")),
        }
    }

    /// A sentence for an operator: what it likely means.
    pub fn explain(&self) -> String {
        match self {
            RouteError::Http { status: 502 } | RouteError::Http { status: 504 } => {
                "The gateway got no good answer from the Lambda: a cold start or a crash loop. \
                 Check CloudWatch logs; see the runbook entry for 502/504."
                    .into()
            }
            RouteError::Http { status } if *status >= 500 => {
                "The platform answered with a server error.".into()
            }
            RouteError::Http { .. } => "The platform refused the request.".into(),
            RouteError::Timeout { .. } => {
                "No answer within the request timeout: the route hangs or is very slow.".into()
            }
            RouteError::Network { message } => {
                format!("No connection to the platform ({message}).")
            }
            RouteError::NotJson { message } => {
                format!("The answer is not JSON, often an HTML error page ({message}).")
            }
            RouteError::MissingKeys { keys } => {
                format!("The JSON lacks required keys: {}.", keys.join(", "))
            }
        }
    }

    /// Whether the platform did answer (as opposed to timeouts and network errors).
    pub fn answered(&self) -> bool {
        !matches!(
            self,
            RouteError::Timeout { .. } | RouteError::Network { .. }
        )
    }
}

/// Data that parsed, with how and when it was fetched.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Good<T> {
    pub data: T,
    pub status: u16,
    pub latency_ms: u32,
    pub fetched_at: DateTime<Utc>,
    /// Fields present but unusable (wrong types), shown as unknown.
    pub notes: Vec<String>,
    /// The raw body as received (for System Health's raw view); truncated if large.
    pub raw: String,
}

/// The last attempt at a route, good or not.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Attempt {
    pub at: DateTime<Utc>,
    /// HTTP status if any answer came.
    pub status: Option<u16>,
    pub latency_ms: u32,
    pub error: Option<RouteError>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RouteState<T> {
    pub last_good: Option<Good<T>>,
    pub last_attempt: Option<Attempt>,
    pub consecutive_failures: u32,
    /// `last_good` was kept from an earlier visit (browser storage) and no good answer came
    /// since this page loaded: shown as last known, never fresh.
    #[serde(default)]
    pub restored: bool,
}

impl<T> Default for RouteState<T> {
    fn default() -> Self {
        Self {
            last_good: None,
            last_attempt: None,
            consecutive_failures: 0,
            restored: false,
        }
    }
}

/// How far to trust a route's data right now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Freshness {
    /// Nothing good has been fetched yet.
    NoData,
    /// The last attempt succeeded and is recent.
    Fresh { age_secs: i64 },
    /// There is data, but it is old or the last attempt failed.
    Stale { age_secs: i64 },
}

impl<T> RouteState<T> {
    pub fn record_ok(&mut self, good: Good<T>) {
        self.last_attempt = Some(Attempt {
            at: good.fetched_at,
            status: Some(good.status),
            latency_ms: good.latency_ms,
            error: None,
        });
        self.last_good = Some(good);
        self.consecutive_failures = 0;
        self.restored = false;
    }

    /// Puts back the last good answer kept from an earlier visit, unless this page already has
    /// data of its own. It counts as stale (never fresh) until a good answer replaces it.
    pub fn restore(&mut self, good: Good<T>) {
        if self.last_good.is_none() {
            self.last_good = Some(good);
            self.restored = true;
        }
    }

    /// When the data shown was fetched, if it is *last known* rather than the route's current
    /// answer: kept from an earlier visit (after a reload), or the platform is unreachable
    /// (the last attempt got no answer at all: timeout, refused, offline).
    pub fn last_known_at(&self) -> Option<DateTime<Utc>> {
        let good = self.last_good.as_ref()?;
        let unreachable = self.error().is_some_and(|e| !e.answered());
        (self.restored || unreachable).then_some(good.fetched_at)
    }

    pub fn record_err(
        &mut self,
        at: DateTime<Utc>,
        status: Option<u16>,
        latency_ms: u32,
        error: RouteError,
    ) {
        self.last_attempt = Some(Attempt {
            at,
            status,
            latency_ms,
            error: Some(error),
        });
        self.consecutive_failures = self.consecutive_failures.saturating_add(1);
    }

    /// The error of the last attempt, if it failed.
    pub fn error(&self) -> Option<&RouteError> {
        self.last_attempt.as_ref().and_then(|a| a.error.as_ref())
    }

    /// Fresh when the last attempt succeeded within `stale_after_secs`; stale when data exists
    /// but is older, was kept from an earlier visit, or the last attempt failed; no data
    /// otherwise.
    pub fn freshness(&self, now: DateTime<Utc>, stale_after_secs: i64) -> Freshness {
        match &self.last_good {
            None => Freshness::NoData,
            Some(g) => {
                let age = age_secs(g.fetched_at, now);
                if self.restored || self.error().is_some() || age > stale_after_secs {
                    Freshness::Stale { age_secs: age }
                } else {
                    Freshness::Fresh { age_secs: age }
                }
            }
        }
    }

    /// The data if it is fresh: rules that would show green use only this.
    pub fn fresh_data(&self, now: DateTime<Utc>, stale_after_secs: i64) -> Option<&T> {
        match self.freshness(now, stale_after_secs) {
            Freshness::Fresh { .. } => self.last_good.as_ref().map(|g| &g.data),
            _ => None,
        }
    }

    /// The last good data whatever its age (shown muted and labelled when stale).
    pub fn data(&self) -> Option<&T> {
        self.last_good.as_ref().map(|g| &g.data)
    }

    /// Route health level: green only for a fresh success.
    pub fn level(&self, now: DateTime<Utc>, stale_after_secs: i64) -> Level {
        match (&self.last_attempt, self.freshness(now, stale_after_secs)) {
            (None, _) => Level::Unknown,
            (Some(a), _) if a.error.is_some() => Level::Red,
            (Some(_), Freshness::Fresh { .. }) => Level::Green,
            _ => Level::Unknown,
        }
    }
}

/// The data situation as a whole, for the header on every page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DataStatus {
    /// No attempt has finished yet.
    Connecting,
    /// Every route answered with good data recently; the oldest is `age_secs` old.
    Live { age_secs: i64 },
    /// As `Live`, but some routes' fresh answers had fields of the wrong type (shown as
    /// unknown): the data is partial, so it is not called live.
    Partial {
        age_secs: i64,
        wrong_types: Vec<RouteId>,
    },
    /// Some data is old or missing, or some routes fail (named).
    Stale {
        age_secs: Option<i64>,
        failing: Vec<RouteId>,
    },
    /// No route answered at all (timeouts, refused connections); `age_secs` of the newest data.
    Offline { age_secs: Option<i64> },
}

/// Summarises the three routes: `(route, last attempt, freshness)` each, and the routes whose
/// current answer had fields of the wrong type ([`RouteState::wrong_type_fields`]).
pub fn data_status(
    routes: &[(RouteId, Option<&Attempt>, Freshness)],
    wrong_types: &[RouteId],
) -> DataStatus {
    if routes.iter().all(|(_, a, _)| a.is_none()) {
        return DataStatus::Connecting;
    }
    let ages: Vec<i64> = routes
        .iter()
        .filter_map(|(_, _, f)| match f {
            Freshness::Fresh { age_secs } | Freshness::Stale { age_secs } => Some(*age_secs),
            Freshness::NoData => None,
        })
        .collect();
    let failing: Vec<RouteId> = routes
        .iter()
        .filter(|(_, a, _)| a.is_some_and(|a| a.error.is_some()))
        .map(|(r, _, _)| *r)
        .collect();
    let none_answered = routes
        .iter()
        .all(|(_, a, _)| a.is_some_and(|a| a.error.as_ref().is_some_and(|e| !e.answered())));
    if none_answered {
        return DataStatus::Offline {
            age_secs: ages.iter().copied().min(),
        };
    }
    let all_fresh = routes
        .iter()
        .all(|(_, _, f)| matches!(f, Freshness::Fresh { .. }));
    if all_fresh && failing.is_empty() {
        let age_secs = ages.iter().copied().max().unwrap_or(0);
        let wrong_types: Vec<RouteId> = RouteId::ALL
            .into_iter()
            .filter(|r| wrong_types.contains(r))
            .collect();
        if wrong_types.is_empty() {
            DataStatus::Live { age_secs }
        } else {
            DataStatus::Partial {
                age_secs,
                wrong_types,
            }
        }
    } else {
        let oldest = if routes.iter().any(|(_, _, f)| *f == Freshness::NoData) {
            None
        } else {
            ages.iter().copied().max()
        };
        DataStatus::Stale {
            age_secs: oldest,
            failing,
        }
    }
}

/// How old the data is, with the clock the age comes from: data ages are measured between
/// two readings of this device's clock (when it was fetched, now).
fn data_age(secs: i64) -> String {
    format!(
        "{} old ({})",
        fmt_age(secs),
        super::time::TimeSource::Device.label()
    )
}

fn paths(routes: &[RouteId]) -> String {
    routes
        .iter()
        .map(|r| r.path())
        .collect::<Vec<_>>()
        .join(", ")
}

impl DataStatus {
    /// The header's text: `● Live · data 3 s old (this device)`,
    /// `▲ Partial · data 3 s old (this device) · wrong types from: /beak`,
    /// `▲ Stale · data 40 s old (this device) · failing: /beak/system/status`,
    /// `✖ Offline · last data 40 s old (this device)`.
    pub fn text(&self) -> String {
        match self {
            DataStatus::Connecting => "… Connecting".to_string(),
            DataStatus::Live { age_secs } => format!("● Live · data {}", data_age(*age_secs)),
            DataStatus::Partial {
                age_secs,
                wrong_types,
            } => format!(
                "▲ Partial · data {} · wrong types from: {}",
                data_age(*age_secs),
                paths(wrong_types)
            ),
            DataStatus::Stale { age_secs, failing } => {
                let age = age_secs
                    .map(|a| format!(" · data {}", data_age(a)))
                    .unwrap_or_else(|| " · some data missing".into());
                let routes = if failing.is_empty() {
                    String::new()
                } else {
                    format!(" · failing: {}", paths(failing))
                };
                format!("▲ Stale{age}{routes}")
            }
            DataStatus::Offline { age_secs } => match age_secs {
                Some(a) => format!("✖ Offline · last data {}", data_age(*a)),
                None => "✖ Offline · no data yet".to_string(),
            },
        }
    }

    /// The header element's classes (partial data looks like stale data: never green).
    pub fn class(&self) -> &'static str {
        match self {
            DataStatus::Connecting => "data-status status-connecting",
            DataStatus::Live { .. } => "data-status status-live",
            DataStatus::Partial { .. } | DataStatus::Stale { .. } => "data-status status-stale",
            DataStatus::Offline { .. } => "data-status status-offline",
        }
    }
}

impl<T> RouteState<T> {
    /// The fields of the current answer that had the wrong type and are shown as unknown (the
    /// parser's notes); empty when the last attempt failed (the failure is what counts then)
    /// or there is no answer.
    pub fn wrong_type_fields(&self) -> Vec<String> {
        if self.error().is_some() {
            return Vec::new();
        }
        self.last_good
            .as_ref()
            .map(|g| {
                g.notes
                    .iter()
                    .filter(|n| n.contains("shown as unknown"))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Route Health's level for a route judged `judged` whose answer had `wrong_types` fields of
/// the wrong type: usable, but not all of it, so amber where it would be green.
pub fn route_health_level(judged: Level, wrong_types: usize) -> Level {
    if judged == Level::Green && wrong_types > 0 {
        Level::Amber
    } else {
        judged
    }
}

/// Route Health's word for one route: the named error, the wrong-typed fields, or the level.
pub fn route_state_word(
    error: Option<&RouteError>,
    level: Level,
    wrong_types: usize,
    checked: bool,
) -> String {
    match (error, level) {
        (Some(e), _) => e.name(),
        (None, _) if wrong_types > 0 => format!(
            "wrong types: {} unknown",
            match wrong_types {
                1 => "1 field".to_string(),
                n => format!("{n} fields"),
            }
        ),
        (None, Level::Green) => "OK".into(),
        (None, Level::Amber) => "Slow".into(),
        (None, _) if !checked => "Not checked".into(),
        (None, _) => "stale".into(),
    }
}

/// One route as Route Health's badge sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RouteHealthRow {
    pub checked: bool,
    pub failing: bool,
    /// After [`route_health_level`].
    pub level: Level,
    pub wrong_types: usize,
}

/// Route Health's badge: "Not checked yet", "N failing" (red), "Wrong types" or "Slow"
/// (amber), else the level's word.
pub fn route_health_badge(rows: &[RouteHealthRow]) -> (Level, String) {
    if rows.iter().all(|r| !r.checked) {
        return (Level::Unknown, "Not checked yet".to_string());
    }
    let failing = rows.iter().filter(|r| r.failing).count();
    let worst = rows
        .iter()
        .map(|r| r.level)
        .fold(Level::Green, Level::worst);
    let wrong_types = rows.iter().any(|r| r.wrong_types > 0);
    match worst {
        Level::Red => (worst, format!("{failing} failing")),
        Level::Amber if wrong_types => (worst, "Wrong types".to_string()),
        Level::Amber => (worst, "Slow".to_string()),
        l => (l, l.word().to_string()),
    }
}

/// Route Health's explanation of an answer with wrong-typed fields.
pub fn wrong_types_explained(fields: &[String]) -> String {
    format!(
        "Answered, but some fields have the wrong type and are shown as unknown: {}.",
        fields.join("; ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::parse_rfc3339;

    fn at(s: &str) -> DateTime<Utc> {
        parse_rfc3339(s).unwrap()
    }

    fn good(t: &str) -> Good<u32> {
        Good {
            data: 7,
            status: 200,
            latency_ms: 12,
            fetched_at: at(t),
            notes: vec![],
            raw: "{}".into(),
        }
    }

    #[test]
    fn fresh_then_stale_by_age() {
        let mut r = RouteState::default();
        let now = at("2026-11-29T19:00:30Z");
        assert_eq!(r.freshness(now, 30), Freshness::NoData);
        assert_eq!(r.level(now, 30), Level::Unknown);
        r.record_ok(good("2026-11-29T19:00:00Z"));
        assert_eq!(r.freshness(now, 30), Freshness::Fresh { age_secs: 30 });
        assert_eq!(r.level(now, 30), Level::Green);
        let later = at("2026-11-29T19:00:31Z");
        assert_eq!(r.freshness(later, 30), Freshness::Stale { age_secs: 31 });
        assert_eq!(r.fresh_data(later, 30), None);
        assert_eq!(r.data(), Some(&7));
        assert_eq!(
            r.level(later, 30),
            Level::Unknown,
            "never green on stale data"
        );
    }

    #[test]
    fn a_failure_keeps_data_but_marks_it_stale() {
        let mut r = RouteState::default();
        r.record_ok(good("2026-11-29T19:00:00Z"));
        r.record_err(
            at("2026-11-29T19:00:15Z"),
            Some(502),
            40,
            RouteError::Http { status: 502 },
        );
        let now = at("2026-11-29T19:00:16Z");
        assert_eq!(r.freshness(now, 30), Freshness::Stale { age_secs: 16 });
        assert_eq!(r.level(now, 30), Level::Red);
        assert_eq!(r.consecutive_failures, 1);
        assert!(r
            .error()
            .unwrap()
            .name()
            .contains("cold start or crash loop"));
        r.record_ok(good("2026-11-29T19:00:30Z"));
        assert_eq!(r.consecutive_failures, 0);
    }

    #[test]
    fn restored_data_is_last_known_and_never_fresh() {
        let mut r = RouteState::default();
        let now = at("2026-11-29T19:00:05Z");
        r.restore(good("2026-11-29T19:00:00Z"));
        assert!(r.restored);
        assert_eq!(r.freshness(now, 30), Freshness::Stale { age_secs: 5 });
        assert_eq!(r.fresh_data(now, 30), None);
        assert_eq!(r.data(), Some(&7));
        assert_eq!(r.level(now, 30), Level::Unknown, "never green on kept data");
        assert_eq!(r.last_known_at(), Some(at("2026-11-29T19:00:00Z")));
        // Still last known after a failed attempt of any kind.
        r.record_err(now, Some(502), 9, RouteError::Http { status: 502 });
        assert_eq!(r.level(now, 30), Level::Red);
        assert_eq!(r.last_known_at(), Some(at("2026-11-29T19:00:00Z")));
        // A good answer replaces it: fresh and current again.
        r.record_ok(good("2026-11-29T19:00:04Z"));
        assert!(!r.restored);
        assert_eq!(r.freshness(now, 30), Freshness::Fresh { age_secs: 1 });
        assert_eq!(r.last_known_at(), None);
        // A restore never overwrites data of this page.
        r.restore(good("2026-11-29T18:00:00Z"));
        assert!(!r.restored);
        assert_eq!(
            r.last_good.as_ref().map(|g| g.fetched_at),
            Some(at("2026-11-29T19:00:04Z"))
        );
    }

    #[test]
    fn unreachable_platform_turns_the_data_into_last_known() {
        let mut r = RouteState::default();
        r.record_ok(good("2026-11-29T19:00:00Z"));
        assert_eq!(r.last_known_at(), None);
        // The platform answered with an error: stale, but not "last known".
        r.record_err(
            at("2026-11-29T19:00:15Z"),
            Some(500),
            9,
            RouteError::Http { status: 500 },
        );
        assert_eq!(r.last_known_at(), None);
        for e in [
            RouteError::Timeout { after_ms: 5000 },
            RouteError::Network {
                message: "offline".into(),
            },
        ] {
            r.record_err(at("2026-11-29T19:00:30Z"), None, 5000, e);
            assert_eq!(r.last_known_at(), Some(at("2026-11-29T19:00:00Z")));
        }
        // No data at all: nothing is last known.
        let mut empty = RouteState::<u32>::default();
        empty.record_err(
            at("2026-11-29T19:00:30Z"),
            None,
            1,
            RouteError::Network {
                message: "offline".into(),
            },
        );
        assert_eq!(empty.last_known_at(), None);
    }

    #[test]
    fn error_names() {
        assert_eq!(RouteError::Http { status: 500 }.name(), "HTTP 500");
        assert_eq!(
            RouteError::Timeout { after_ms: 5000 }.name(),
            "timeout after 5000 ms"
        );
        assert!(!RouteError::Timeout { after_ms: 1 }.answered());
        assert!(RouteError::NotJson {
            message: "x".into()
        }
        .answered());
        assert_eq!(
            RouteError::MissingKeys {
                keys: vec!["database".into(), "agents".into()]
            }
            .name(),
            "JSON missing database, agents"
        );
    }

    #[test]
    fn header_status_summary() {
        let ok = Attempt {
            at: at("2026-11-29T19:00:00Z"),
            status: Some(200),
            latency_ms: 5,
            error: None,
        };
        let timeout = Attempt {
            error: Some(RouteError::Timeout { after_ms: 5000 }),
            status: None,
            ..ok.clone()
        };
        let bad = Attempt {
            error: Some(RouteError::Http { status: 502 }),
            status: Some(502),
            ..ok.clone()
        };
        let fresh = Freshness::Fresh { age_secs: 3 };
        let stale = Freshness::Stale { age_secs: 40 };
        use RouteId::*;
        assert_eq!(
            data_status(&[(Root, None, Freshness::NoData)], &[]),
            DataStatus::Connecting
        );
        assert_eq!(
            data_status(
                &[
                    (Root, Some(&ok), fresh.clone()),
                    (Status, Some(&ok), Freshness::Fresh { age_secs: 9 })
                ],
                &[]
            ),
            DataStatus::Live { age_secs: 9 }
        );
        assert_eq!(
            data_status(
                &[
                    (Root, Some(&ok), fresh.clone()),
                    (Status, Some(&bad), stale.clone())
                ],
                &[]
            ),
            DataStatus::Stale {
                age_secs: Some(40),
                failing: vec![Status]
            }
        );
        assert_eq!(
            data_status(
                &[
                    (Root, Some(&timeout), stale.clone()),
                    (Status, Some(&timeout), Freshness::NoData)
                ],
                &[]
            ),
            DataStatus::Offline { age_secs: Some(40) }
        );
        assert_eq!(
            data_status(
                &[
                    (Root, Some(&ok), fresh),
                    (Status, Some(&bad), Freshness::NoData)
                ],
                &[]
            ),
            DataStatus::Stale {
                age_secs: None,
                failing: vec![Status]
            }
        );
    }

    #[test]
    fn wrong_types_make_the_header_partial_and_route_health_amber() {
        let ok = Attempt {
            at: at("2026-11-29T19:00:00Z"),
            status: Some(200),
            latency_ms: 5,
            error: None,
        };
        let bad = Attempt {
            error: Some(RouteError::Http { status: 500 }),
            status: Some(500),
            ..ok.clone()
        };
        let fresh = |s| Freshness::Fresh { age_secs: s };
        use RouteId::*;
        let live = [
            (Root, Some(&ok), fresh(2)),
            (Metrics, Some(&ok), fresh(3)),
            (Status, Some(&ok), fresh(1)),
        ];
        // Fresh data with wrong-typed fields is partial, never live; routes in their order.
        let partial = data_status(&live, &[Status, Root]);
        assert_eq!(
            partial,
            DataStatus::Partial {
                age_secs: 3,
                wrong_types: vec![Root, Status]
            }
        );
        assert_eq!(
            partial.text(),
            "▲ Partial · data 3 s old (this device) · wrong types from: /beak, /beak/system/status"
        );
        assert_eq!(partial.class(), "data-status status-stale");
        let l = data_status(&live, &[]);
        assert_eq!(l.text(), "● Live · data 3 s old (this device)");
        assert_eq!(l.class(), "data-status status-live");
        // A failing route outweighs wrong types: stale, naming the failure.
        let failing = data_status(
            &[
                (Root, Some(&ok), fresh(2)),
                (Status, Some(&bad), Freshness::Stale { age_secs: 40 }),
            ],
            &[Root],
        );
        assert_eq!(
            failing.text(),
            "▲ Stale · data 40 s old (this device) · failing: /beak/system/status"
        );
        assert_eq!(
            DataStatus::Offline { age_secs: Some(4) }.text(),
            "✖ Offline · last data 4 s old (this device)"
        );
        assert_eq!(
            DataStatus::Stale {
                age_secs: None,
                failing: vec![]
            }
            .text(),
            "▲ Stale · some data missing"
        );
        assert_eq!(
            DataStatus::Connecting.class(),
            "data-status status-connecting"
        );

        // The notes that count: only "shown as unknown", and only while the answer is current.
        let mut r = RouteState::default();
        let mut g = good("2026-11-29T19:00:00Z");
        g.notes = vec![
            "agents.total: \"12\" is not a count, shown as unknown".into(),
            "extra field ignored".into(),
        ];
        r.record_ok(g);
        assert_eq!(r.wrong_type_fields().len(), 1);
        r.record_err(
            at("2026-11-29T19:00:10Z"),
            Some(500),
            3,
            RouteError::Http { status: 500 },
        );
        assert_eq!(r.wrong_type_fields(), Vec::<String>::new());

        // Route Health: amber with the count where it would be green; errors come first.
        assert_eq!(route_health_level(Level::Green, 2), Level::Amber);
        assert_eq!(route_health_level(Level::Green, 0), Level::Green);
        assert_eq!(route_health_level(Level::Red, 2), Level::Red);
        assert_eq!(
            route_state_word(None, Level::Amber, 1, true),
            "wrong types: 1 field unknown"
        );
        assert_eq!(
            route_state_word(None, Level::Amber, 7, true),
            "wrong types: 7 fields unknown"
        );
        assert_eq!(route_state_word(None, Level::Amber, 0, true), "Slow");
        assert_eq!(route_state_word(None, Level::Green, 0, true), "OK");
        assert_eq!(
            route_state_word(None, Level::Unknown, 0, false),
            "Not checked"
        );
        assert_eq!(route_state_word(None, Level::Unknown, 0, true), "stale");
        assert_eq!(
            route_state_word(Some(&RouteError::Http { status: 500 }), Level::Red, 3, true),
            "HTTP 500"
        );
        let row = |level, wrong_types, failing| RouteHealthRow {
            checked: true,
            failing,
            level,
            wrong_types,
        };
        assert_eq!(
            route_health_badge(&[row(Level::Green, 0, false), row(Level::Amber, 2, false)]),
            (Level::Amber, "Wrong types".to_string())
        );
        assert_eq!(
            route_health_badge(&[row(Level::Amber, 0, false), row(Level::Green, 0, false)]),
            (Level::Amber, "Slow".to_string())
        );
        assert_eq!(
            route_health_badge(&[row(Level::Red, 0, true), row(Level::Amber, 2, false)]),
            (Level::Red, "1 failing".to_string())
        );
        assert_eq!(
            route_health_badge(&[row(Level::Green, 0, false)]),
            (Level::Green, "OK".to_string())
        );
        assert_eq!(
            route_health_badge(&[RouteHealthRow {
                checked: false,
                failing: false,
                level: Level::Unknown,
                wrong_types: 0
            }]),
            (Level::Unknown, "Not checked yet".to_string())
        );
        assert_eq!(
            wrong_types_explained(&["a".into(), "b".into()]),
            "Answered, but some fields have the wrong type and are shown as unknown: a; b."
        );
    }
}
