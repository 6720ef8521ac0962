//! The state of one polled route: its last good data, its last attempt and the named error.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::thresholds::Level;
use super::time::age_secs;

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
}

impl<T> Default for RouteState<T> {
    fn default() -> Self {
        Self {
            last_good: None,
            last_attempt: None,
            consecutive_failures: 0,
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
    /// but is older or the last attempt failed; no data otherwise.
    pub fn freshness(&self, now: DateTime<Utc>, stale_after_secs: i64) -> Freshness {
        match &self.last_good {
            None => Freshness::NoData,
            Some(g) => {
                let age = age_secs(g.fetched_at, now);
                if self.error().is_some() || age > stale_after_secs {
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
    /// Some data is old or missing, or some routes fail (named).
    Stale {
        age_secs: Option<i64>,
        failing: Vec<RouteId>,
    },
    /// No route answered at all (timeouts, refused connections); `age_secs` of the newest data.
    Offline { age_secs: Option<i64> },
}

/// Summarises the three routes: `(route, last attempt, freshness)` each.
pub fn data_status(routes: &[(RouteId, Option<&Attempt>, Freshness)]) -> DataStatus {
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
        DataStatus::Live {
            age_secs: ages.iter().copied().max().unwrap_or(0),
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
            data_status(&[(Root, None, Freshness::NoData)]),
            DataStatus::Connecting
        );
        assert_eq!(
            data_status(&[
                (Root, Some(&ok), fresh.clone()),
                (Status, Some(&ok), Freshness::Fresh { age_secs: 9 })
            ]),
            DataStatus::Live { age_secs: 9 }
        );
        assert_eq!(
            data_status(&[
                (Root, Some(&ok), fresh.clone()),
                (Status, Some(&bad), stale.clone())
            ]),
            DataStatus::Stale {
                age_secs: Some(40),
                failing: vec![Status]
            }
        );
        assert_eq!(
            data_status(&[
                (Root, Some(&timeout), stale.clone()),
                (Status, Some(&timeout), Freshness::NoData)
            ]),
            DataStatus::Offline { age_secs: Some(40) }
        );
        assert_eq!(
            data_status(&[
                (Root, Some(&ok), fresh),
                (Status, Some(&bad), Freshness::NoData)
            ]),
            DataStatus::Stale {
                age_secs: None,
                failing: vec![Status]
            }
        );
    }
}
