//! Incident Mode: on/off with UTC start (and end) times, stored under
//! `ops-console/v1/incident-mode` so reloads, other tabs and restarts see the same state.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::merge::Merge;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct IncidentMode {
    pub active: bool,
    /// UTC start of the current (or last) incident session.
    pub started_at: Option<DateTime<Utc>>,
    /// UTC end of the last session, when it is over.
    pub ended_at: Option<DateTime<Utc>>,
    /// The Incident Log entry opened for this session.
    pub incident_id: Option<String>,
    /// Who turned it on or off last.
    pub changed_by: Option<String>,
    /// When it was last changed: the newer change wins across tabs.
    pub changed_at: Option<DateTime<Utc>>,
}

impl IncidentMode {
    pub fn turn_on(&mut self, at: DateTime<Utc>, by: &str, incident_id: Option<String>) {
        self.active = true;
        self.started_at = Some(at);
        self.ended_at = None;
        self.incident_id = incident_id;
        self.changed_by = Some(by.to_string());
        self.changed_at = Some(at);
    }

    pub fn turn_off(&mut self, at: DateTime<Utc>, by: &str) {
        self.active = false;
        self.ended_at = Some(at);
        self.changed_by = Some(by.to_string());
        self.changed_at = Some(at);
    }

    /// Seconds since the start while active.
    pub fn elapsed_secs(&self, now: DateTime<Utc>) -> Option<i64> {
        if !self.active {
            return None;
        }
        self.started_at.map(|s| (now - s).num_seconds().max(0))
    }
}

impl Merge for IncidentMode {
    fn merge(self, other: Self) -> Self {
        if other.changed_at >= self.changed_at {
            other
        } else {
            self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::parse_rfc3339;

    #[test]
    fn on_off_and_merge_newest_wins() {
        let t0 = parse_rfc3339("2026-11-29T19:00:00Z").unwrap();
        let t1 = parse_rfc3339("2026-11-29T19:05:00Z").unwrap();
        let mut a = IncidentMode::default();
        a.turn_on(t0, "ana", Some("INC-1".into()));
        assert_eq!(a.elapsed_secs(t1), Some(300));
        let mut b = a.clone();
        b.turn_off(t1, "raj");
        assert_eq!(b.elapsed_secs(t1), None);
        assert_eq!(a.clone().merge(b.clone()), b);
        assert_eq!(b.clone().merge(a), b);
    }
}
