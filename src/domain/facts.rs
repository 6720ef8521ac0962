//! What the console knows right now, gathered from the three polled routes as plain values:
//! the last good payload of each route with its fetch time and freshness, and each route's last
//! check. Mission Control's health score, anomaly summary and diagnostics are computed from
//! this one snapshot (plain Rust, tested natively).

use chrono::{DateTime, Utc};

use super::route::{Freshness, RouteError, RouteId, RouteState};
use super::rules::Judged;
use super::thresholds::{Level, Thresholds};
use super::time::{age_secs, fmt_age};
use crate::api::models::{MetricsPayload, RootPayload, StatusPayload};

/// The last good data of one route, with when it was fetched and whether it is still fresh.
#[derive(Clone, Debug, PartialEq)]
pub struct Observed<T> {
    pub data: Option<T>,
    pub fetched_at: Option<DateTime<Utc>>,
    /// Data exists but is old, or the last attempt failed. Never judged green.
    pub stale: bool,
    /// When the data was fetched, if it is last known (kept from an earlier visit, or the
    /// platform is unreachable): see [`RouteState::last_known_at`].
    pub last_known_at: Option<DateTime<Utc>>,
}

impl<T> Default for Observed<T> {
    fn default() -> Self {
        Self {
            data: None,
            fetched_at: None,
            stale: false,
            last_known_at: None,
        }
    }
}

impl<T: Clone> Observed<T> {
    pub fn from_state(s: &RouteState<T>, now: DateTime<Utc>, stale_after_secs: i64) -> Self {
        Self {
            data: s.data().cloned(),
            fetched_at: s.last_good.as_ref().map(|g| g.fetched_at),
            stale: matches!(s.freshness(now, stale_after_secs), Freshness::Stale { .. }),
            last_known_at: s.last_known_at(),
        }
    }
}

impl<T> Observed<T> {
    /// Fresh data: present and not stale.
    pub fn is_fresh(&self) -> bool {
        self.data.is_some() && !self.stale
    }

    pub fn age_secs(&self, now: DateTime<Utc>) -> Option<i64> {
        self.fetched_at.map(|t| age_secs(t, now))
    }

    /// `"no data"`, `"stale (3 min)"` or `"fresh (4 s)"`.
    pub fn describe(&self, now: DateTime<Utc>) -> String {
        match (self.data.is_some(), self.age_secs(now)) {
            (false, _) | (_, None) => "no data".into(),
            (true, Some(a)) if self.stale => format!("stale ({})", fmt_age(a)),
            (true, Some(a)) => format!("fresh ({})", fmt_age(a)),
        }
    }
}

/// The last check of one route.
#[derive(Clone, Debug, PartialEq)]
pub struct RouteCheck {
    pub route: RouteId,
    /// When the last attempt finished (None: never tried yet).
    pub checked_at: Option<DateTime<Utc>>,
    pub http_status: Option<u16>,
    pub latency_ms: Option<u32>,
    pub error: Option<RouteError>,
    /// When good data last came.
    pub last_good_at: Option<DateTime<Utc>>,
    pub consecutive_failures: u32,
    /// The level from [`RouteState::level`]: green only for a fresh success.
    pub base_level: Level,
}

impl RouteCheck {
    pub fn from_state<T>(
        route: RouteId,
        s: &RouteState<T>,
        now: DateTime<Utc>,
        stale_after_secs: i64,
    ) -> Self {
        let a = s.last_attempt.as_ref();
        Self {
            route,
            checked_at: a.map(|a| a.at),
            http_status: a.and_then(|a| a.status),
            latency_ms: a.map(|a| a.latency_ms),
            error: a.and_then(|a| a.error.clone()),
            last_good_at: s.last_good.as_ref().map(|g| g.fetched_at),
            consecutive_failures: s.consecutive_failures,
            base_level: s.level(now, stale_after_secs),
        }
    }

    /// The route's state for Route Health: red when the last attempt failed (named), amber when
    /// it answered but slower than `sla_latency_red_ms`, green for a fresh success, unknown
    /// before the first answer or when its data went stale.
    pub fn judge(&self, t: &Thresholds) -> Judged {
        let path = self.route.path();
        if let Some(e) = &self.error {
            return Judged {
                level: Level::Red,
                reason: format!("{path}: {}", e.name()),
            };
        }
        match (self.base_level, self.latency_ms) {
            (Level::Green, Some(ms)) if ms >= t.sla_latency_red_ms => Judged {
                level: Level::Amber,
                reason: format!(
                    "{path}: slow, answered in {ms} ms (limit {} ms)",
                    t.sla_latency_red_ms
                ),
            },
            (Level::Green, ms) => Judged {
                level: Level::Green,
                reason: format!(
                    "{path}: OK{}",
                    ms.map(|m| format!(" in {m} ms")).unwrap_or_default()
                ),
            },
            _ if self.checked_at.is_none() => Judged {
                level: Level::Unknown,
                reason: format!("{path}: not checked yet"),
            },
            _ => Judged {
                level: Level::Unknown,
                reason: format!("{path}: data is stale"),
            },
        }
    }
}

/// Everything Mission Control judges from, at one moment.
#[derive(Clone, Debug, PartialEq)]
pub struct Facts {
    pub now: DateTime<Utc>,
    pub stale_after_secs: i64,
    /// `/beak`, `/beak/metrics`, `/beak/system/status`, in that order.
    pub routes: Vec<RouteCheck>,
    pub status: Observed<StatusPayload>,
    pub metrics: Observed<MetricsPayload>,
}

impl Facts {
    /// Gathers the facts from the poller's three route states.
    pub fn gather(
        now: DateTime<Utc>,
        stale_after_secs: i64,
        root: &RouteState<RootPayload>,
        metrics: &RouteState<MetricsPayload>,
        status: &RouteState<StatusPayload>,
    ) -> Self {
        Self {
            now,
            stale_after_secs,
            routes: vec![
                RouteCheck::from_state(RouteId::Root, root, now, stale_after_secs),
                RouteCheck::from_state(RouteId::Metrics, metrics, now, stale_after_secs),
                RouteCheck::from_state(RouteId::Status, status, now, stale_after_secs),
            ],
            status: Observed::from_state(status, now, stale_after_secs),
            metrics: Observed::from_state(metrics, now, stale_after_secs),
        }
    }

    /// The routes whose last attempt failed.
    pub fn failing_routes(&self) -> impl Iterator<Item = &RouteCheck> {
        self.routes.iter().filter(|r| r.error.is_some())
    }

    /// True when no route has been checked yet.
    pub fn connecting(&self) -> bool {
        self.routes.iter().all(|r| r.checked_at.is_none())
    }

    /// Whether any data used is stale.
    pub fn any_stale(&self) -> bool {
        self.status.stale || self.metrics.stale
    }

    /// The age of the oldest data in use (None when some data is missing).
    pub fn oldest_age_secs(&self) -> Option<i64> {
        let s = self.status.age_secs(self.now)?;
        let m = self.metrics.age_secs(self.now)?;
        Some(s.max(m))
    }

    /// The payloads that are missing entirely, by name.
    pub fn missing(&self) -> Vec<&'static str> {
        let mut v = Vec::new();
        if self.status.data.is_none() {
            v.push("system status");
        }
        if self.metrics.data.is_none() {
            v.push("metrics");
        }
        v
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::api::models::{parse_metrics, parse_root, parse_status};
    use crate::domain::route::Good;
    use crate::domain::time::parse_rfc3339;
    use beak_sim::{respond, Route, Scenario};

    pub fn now() -> DateTime<Utc> {
        parse_rfc3339("2026-11-29T19:42:07Z").unwrap()
    }

    fn good<T>(data: T, at: DateTime<Utc>) -> Good<T> {
        Good {
            data,
            status: 200,
            latency_ms: 12,
            fetched_at: at,
            notes: vec![],
            raw: String::new(),
        }
    }

    /// Facts as the console would gather them one second after polling a beak-sim scenario.
    pub fn facts_for(s: Scenario) -> Facts {
        let at = now();
        let mut root = RouteState::default();
        let mut metrics = RouteState::default();
        let mut status = RouteState::default();
        fn apply<T>(
            st: &mut RouteState<T>,
            s: Scenario,
            r: Route,
            at: DateTime<Utc>,
            parse: fn(
                &str,
            )
                -> Result<crate::api::models::Parsed<T>, crate::api::models::ParseError>,
        ) {
            let resp = respond(s, None, r, at, 600);
            if resp.hang {
                st.record_err(at, None, 5000, RouteError::Timeout { after_ms: 5000 });
                return;
            }
            if resp.status != 200 {
                st.record_err(
                    at,
                    Some(resp.status),
                    30,
                    RouteError::Http {
                        status: resp.status,
                    },
                );
                return;
            }
            match parse(&resp.body) {
                Ok(p) => {
                    let mut g = good(p.data, at);
                    g.latency_ms = resp.delay_ms as u32 + 12;
                    st.record_ok(g)
                }
                Err(crate::api::models::ParseError::MissingKeys(keys)) => {
                    st.record_err(at, Some(200), 12, RouteError::MissingKeys { keys })
                }
                Err(e) => st.record_err(
                    at,
                    Some(200),
                    12,
                    RouteError::NotJson {
                        message: format!("{e:?}"),
                    },
                ),
            }
        }
        apply(&mut root, s, Route::Root, at, parse_root);
        apply(&mut metrics, s, Route::Metrics, at, parse_metrics);
        apply(&mut status, s, Route::Status, at, parse_status);
        Facts::gather(
            at + chrono::Duration::seconds(1),
            30,
            &root,
            &metrics,
            &status,
        )
    }

    #[test]
    fn healthy_facts_are_fresh_and_complete() {
        let f = facts_for(Scenario::Healthy);
        assert!(f.status.is_fresh() && f.metrics.is_fresh());
        assert_eq!(f.failing_routes().count(), 0);
        assert!(f.missing().is_empty());
        assert_eq!(f.oldest_age_secs(), Some(1));
        assert_eq!(f.status.describe(f.now), "fresh (1 s)");
        assert!(!f.connecting());
    }

    #[test]
    fn failing_routes_are_named_and_data_missing() {
        let f = facts_for(Scenario::CrashLoop);
        let failing: Vec<_> = f.failing_routes().map(|r| r.route).collect();
        assert_eq!(failing, vec![RouteId::Metrics, RouteId::Status]);
        assert_eq!(f.missing(), vec!["system status", "metrics"]);
        assert_eq!(f.status.describe(f.now), "no data");
        let t = Thresholds::default();
        assert_eq!(f.routes[0].judge(&t).level, Level::Green);
        let j = f.routes[2].judge(&t);
        assert_eq!(j.level, Level::Red);
        assert!(
            j.reason.contains("cold start or crash loop"),
            "{}",
            j.reason
        );
    }

    #[test]
    fn stale_data_is_never_green() {
        let mut st = RouteState::default();
        st.record_ok(good(RootPayload::default(), now()));
        let later = now() + chrono::Duration::seconds(31);
        let c = RouteCheck::from_state(RouteId::Root, &st, later, 30);
        assert_eq!(c.judge(&Thresholds::default()).level, Level::Unknown);
        let o = Observed::from_state(&st, later, 30);
        assert!(o.stale && !o.is_fresh());
        assert_eq!(o.describe(later), "stale (31 s)");
        let never = RouteCheck::from_state(
            RouteId::Root,
            &RouteState::<RootPayload>::default(),
            later,
            30,
        );
        assert_eq!(never.judge(&Thresholds::default()).level, Level::Unknown);
        assert!(never
            .judge(&Thresholds::default())
            .reason
            .contains("not checked"));
    }

    #[test]
    fn slow_route_boundary() {
        let t = Thresholds::default();
        let mut st = RouteState::default();
        let mut g = good(RootPayload::default(), now());
        g.latency_ms = t.sla_latency_red_ms - 1;
        st.record_ok(g.clone());
        let c = RouteCheck::from_state(RouteId::Root, &st, now(), 30);
        assert_eq!(c.judge(&t).level, Level::Green);
        g.latency_ms = t.sla_latency_red_ms;
        st.record_ok(g);
        let c = RouteCheck::from_state(RouteId::Root, &st, now(), 30);
        assert_eq!(c.judge(&t).level, Level::Amber);
        assert!(c.judge(&t).reason.contains("slow"));
        let slow = facts_for(Scenario::Slow);
        assert!(slow
            .routes
            .iter()
            .all(|r| r.judge(&t).level == Level::Amber));
    }
}
