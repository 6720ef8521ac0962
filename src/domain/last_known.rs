//! The last good answer of each `/beak` route, kept in browser storage
//! (`ops-console/v1/last-known`) so that after a reload, or while the platform is unreachable,
//! the pages show what was last known with its time — "last known at 19:42:07 UTC, 5 min ago",
//! muted like stale data and never green (see [`RouteState::last_known_at`]).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::merge::Merge;
use super::route::{Good, RouteState};
use super::time::{age_secs, fmt_age, fmt_utc, fmt_utc_time};
use crate::api::models::{MetricsPayload, RootPayload, StatusPayload};

/// How much of each raw body is kept in storage (System Health's raw view shows the rest as
/// truncated): enough for every real answer, small enough for a full storage.
pub const RAW_KEEP: usize = 16 * 1024;

/// The kept answers. Each is the route's last good answer as it was parsed, with its fetch time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct LastKnown {
    /// The `/beak` base the answers came from (`Settings::api_base`, empty for this origin):
    /// answers are put back only while the console still reads the same platform.
    pub source: String,
    pub root: Option<Good<RootPayload>>,
    pub metrics: Option<Good<MetricsPayload>>,
    pub status: Option<Good<StatusPayload>>,
}

impl LastKnown {
    /// What to keep of the three routes' states: each route's last good answer (raw body cut to
    /// [`RAW_KEEP`]).
    pub fn from_states(
        source: &str,
        root: &RouteState<RootPayload>,
        metrics: &RouteState<MetricsPayload>,
        status: &RouteState<StatusPayload>,
    ) -> Self {
        Self {
            source: source.to_string(),
            root: kept(root),
            metrics: kept(metrics),
            status: kept(status),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.root.is_none() && self.metrics.is_none() && self.status.is_none()
    }

    /// The kept answers if they came from `source` (the platform the console reads now).
    pub fn for_source(self, source: &str) -> Option<Self> {
        (self.source == source && !self.is_empty()).then_some(self)
    }
}

fn kept<T: Clone>(s: &RouteState<T>) -> Option<Good<T>> {
    let mut g = s.last_good.clone()?;
    g.raw = cut_raw(std::mem::take(&mut g.raw));
    Some(g)
}

fn cut_raw(mut raw: String) -> String {
    const MARK: &str = "\n… (truncated)";
    if raw.len() > RAW_KEEP {
        let mut cut = RAW_KEEP - MARK.len();
        while !raw.is_char_boundary(cut) {
            cut -= 1;
        }
        raw.truncate(cut);
        raw.push_str(MARK);
    }
    raw
}

fn newer<T>(a: Option<Good<T>>, b: Option<Good<T>>) -> Option<Good<T>> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if b.fetched_at >= a.fetched_at { b } else { a }),
        (a, None) => a,
        (None, b) => b,
    }
}

/// Per route, the answer fetched later wins (another tab may have kept a newer one). Answers
/// of another platform are dropped: `other` (the copy being saved) decides the source.
impl Merge for LastKnown {
    fn merge(self, other: Self) -> Self {
        if self.source != other.source {
            return other;
        }
        Self {
            source: other.source,
            root: newer(self.root, other.root),
            metrics: newer(self.metrics, other.metrics),
            status: newer(self.status, other.status),
        }
    }
}

/// `last known at 19:42:07 UTC, 5 min ago` (the date too when it is not today's, in UTC).
pub fn label(at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let when = if at.date_naive() == now.date_naive() {
        fmt_utc_time(at)
    } else {
        fmt_utc(at)
    };
    let age = age_secs(at, now);
    let ago = if age < 60 {
        "under 1 min ago".to_string()
    } else {
        format!("{} ago", fmt_age(age))
    };
    format!("last known at {when}, {ago}")
}

/// The oldest of the given times (the header names the oldest data it shows).
pub fn oldest(times: impl IntoIterator<Item = Option<DateTime<Utc>>>) -> Option<DateTime<Utc>> {
    times.into_iter().flatten().min()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::models::{parse_metrics, parse_root, parse_status};
    use crate::domain::time::parse_rfc3339;
    use crate::storage::codec::{decode, encode, Decoded};

    fn at(s: &str) -> DateTime<Utc> {
        parse_rfc3339(s).unwrap()
    }

    fn good<T>(data: T, t: &str, raw: &str) -> Good<T> {
        Good {
            data,
            status: 200,
            latency_ms: 12,
            fetched_at: at(t),
            notes: vec![],
            raw: raw.to_string(),
        }
    }

    fn states() -> (
        RouteState<RootPayload>,
        RouteState<MetricsPayload>,
        RouteState<StatusPayload>,
    ) {
        use beak_sim::{respond, Route, Scenario};
        let t = at("2026-11-29T19:42:00Z");
        let status_body = respond(Scenario::Healthy, None, Route::Status, t, 600).body;
        let status = parse_status(&status_body).unwrap().data;
        let metrics_body = respond(Scenario::Healthy, None, Route::Metrics, t, 600).body;
        let metrics = parse_metrics(&metrics_body).unwrap().data;
        let root = parse_root(r#"{"service":"beak","ok":true}"#).unwrap().data;
        let mut r = RouteState::default();
        r.record_ok(good(root, "2026-11-29T19:42:00Z", "{}"));
        let mut m = RouteState::default();
        m.record_ok(good(metrics, "2026-11-29T19:42:01Z", &metrics_body));
        let mut s = RouteState::default();
        s.record_ok(good(
            status,
            "2026-11-29T19:42:02Z",
            &"x".repeat(RAW_KEEP * 2),
        ));
        (r, m, s)
    }

    #[test]
    fn kept_answers_survive_storage_and_come_back_as_last_known() {
        let (r, m, s) = states();
        let kept = LastKnown::from_states("", &r, &m, &s);
        assert!(kept.status.as_ref().unwrap().raw.len() <= RAW_KEEP);
        assert!(kept.status.as_ref().unwrap().raw.ends_with("(truncated)"));
        let raw = encode(&kept, at("2026-11-29T19:43:00Z")).unwrap();
        let Decoded::Current(back) = decode::<LastKnown>(&raw) else {
            panic!("kept answers do not read back");
        };
        assert_eq!(back, kept);
        // Put back into a fresh page's state: the data is there, stale, and last known.
        let back = back.for_source("").expect("same platform");
        let mut fresh = RouteState::<StatusPayload>::default();
        fresh.restore(back.status.unwrap());
        let now = at("2026-11-29T19:47:30Z");
        assert_eq!(fresh.data().map(|d| d.lambda.version.as_str()), Some("42"));
        assert_eq!(fresh.fresh_data(now, 3600), None, "never fresh");
        assert_eq!(fresh.last_known_at(), Some(at("2026-11-29T19:42:02Z")));
        assert_eq!(
            label(fresh.last_known_at().unwrap(), now),
            "last known at 19:42:02 UTC, 5 min ago"
        );
    }

    #[test]
    fn another_platform_answers_are_not_put_back() {
        let (r, m, s) = states();
        let kept = LastKnown::from_states("https://api.example.com", &r, &m, &s);
        assert!(kept.clone().for_source("").is_none());
        assert!(kept.for_source("https://api.example.com").is_some());
        assert!(
            LastKnown::default().for_source("").is_none(),
            "nothing kept"
        );
    }

    #[test]
    fn merge_keeps_the_newer_answer_of_each_route() {
        let (r, m, s) = states();
        let older = LastKnown::from_states("", &r, &m, &s);
        let mut newer_status = s.clone();
        newer_status.record_ok(good(
            s.data().unwrap().clone(),
            "2026-11-29T19:50:00Z",
            "{}",
        ));
        // This tab saw only the status route again.
        let mine = LastKnown {
            root: None,
            metrics: None,
            ..LastKnown::from_states("", &r, &m, &newer_status)
        };
        let merged = older.clone().merge(mine.clone());
        assert_eq!(merged.root, older.root);
        assert_eq!(merged.metrics, older.metrics);
        assert_eq!(
            merged.status.as_ref().map(|g| g.fetched_at),
            Some(at("2026-11-29T19:50:00Z"))
        );
        // Either order gives the same answers per route.
        assert_eq!(mine.merge(older.clone()).status, merged.status);
        // Another platform: the saved copy wins outright.
        let other = LastKnown {
            source: "https://api.example.com".into(),
            ..LastKnown::default()
        };
        assert_eq!(older.merge(other.clone()), other);
    }

    #[test]
    fn labels() {
        let now = at("2026-11-29T19:42:07Z");
        assert_eq!(
            label(at("2026-11-29T19:42:00Z"), now),
            "last known at 19:42:00 UTC, under 1 min ago"
        );
        assert_eq!(
            label(at("2026-11-29T17:30:00Z"), now),
            "last known at 17:30:00 UTC, 2 h 12 min ago"
        );
        assert_eq!(
            label(at("2026-11-28T23:00:00Z"), now),
            "last known at 2026-11-28 23:00:00 UTC, 20 h 42 min ago"
        );
        // A time ahead of this device's clock reads as just now, never negative.
        assert_eq!(
            label(at("2026-11-29T19:45:00Z"), now),
            "last known at 19:45:00 UTC, under 1 min ago"
        );
        assert_eq!(
            oldest([None, Some(now), Some(at("2026-11-29T19:00:00Z"))]),
            Some(at("2026-11-29T19:00:00Z"))
        );
        assert_eq!(oldest([None, None]), None);
    }
}
