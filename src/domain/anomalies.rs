//! The Anomaly Summary: the operator issues flagged now, most severe first, each with a
//! one-line reason, the card that shows it and its runbook entry (`/runbook#inc-00N`).

use serde::Serialize;

use super::facts::Facts;
use super::route::RouteError;
use super::rules::{self, PeckFailure};
use super::thresholds::{Level, Thresholds};

/// Runbook entry ids (the runbook page uses exactly these anchors).
pub mod runbook {
    pub const ALIAS_DRIFT: &str = "inc-001";
    pub const ROUTE_502_504: &str = "inc-002";
    pub const FLEET_OUTAGE: &str = "inc-003";
    pub const PECK_CALLBACK: &str = "inc-004";
    pub const SES_SANDBOX: &str = "inc-005";
    pub const STALE_SNAPSHOT: &str = "inc-006";
    pub const CHANGE_FREEZE: &str = "inc-007";
    pub const PECK_SPIKES: &str = "inc-008";
    pub const ROUTE_TIMEOUTS: &str = "inc-009";
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Anomaly {
    /// A stable key, e.g. `alias-drift`, `route-/beak/metrics`, `peck-denied`.
    pub kind: String,
    pub level: Level,
    pub title: String,
    /// One line for the operator.
    pub reason: String,
    /// The fragment id of the card on Mission Control.
    pub card: &'static str,
    /// The runbook anchor, e.g. `inc-001`.
    pub runbook: &'static str,
    /// Judged on stale data (the last data received).
    pub stale: bool,
}

/// The summary: anomalies plus what could not be judged.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AnomalyReport {
    pub items: Vec<Anomaly>,
    /// Payloads missing entirely: their rules could not be judged.
    pub missing: Vec<&'static str>,
    /// Some data used is stale.
    pub stale: bool,
    /// Age of the oldest data used (None when some is missing).
    pub data_age_secs: Option<i64>,
}

impl AnomalyReport {
    /// "No anomalies" may be said only when nothing is flagged and all data is fresh.
    pub fn all_clear(&self) -> bool {
        self.items.is_empty() && self.missing.is_empty() && !self.stale
    }
}

/// The runbook entry for a route error: 502/504 and other server errors are cold starts or
/// crash loops (inc-002); timeouts, unreachable, non-JSON answers and missing keys are
/// inc-009.
pub fn route_runbook(e: &RouteError) -> &'static str {
    match e {
        RouteError::Http { status } if *status >= 500 => runbook::ROUTE_502_504,
        _ => runbook::ROUTE_TIMEOUTS,
    }
}

/// Priority among anomalies of equal level (lower first).
fn rank(kind: &str) -> u8 {
    match kind {
        "fleet" => 0,
        k if k.starts_with("route-") => 1,
        "alias-drift" => 2,
        "peck-callback_error" | "peck-rate" => 3,
        "peck-denied" | "peck-expired" => 4,
        "ses-quota" => 5,
        "sandbox" => 6,
        "stale-snapshot" => 7,
        "change-freeze" => 8,
        k if k.starts_with("audit-") => 9,
        k if k.starts_with("slow-") => 10,
        _ => 11,
    }
}

fn severity(l: Level) -> u8 {
    match l {
        Level::Red => 0,
        Level::Amber => 1,
        Level::Unknown => 2,
        Level::Green => 3,
    }
}

/// Every anomaly in the facts, most severe first.
pub fn anomalies(f: &Facts, t: &Thresholds) -> AnomalyReport {
    let mut items = Vec::new();
    let mut push = |kind: String,
                    j: rules::Judged,
                    title: String,
                    card: &'static str,
                    runbook: &'static str,
                    stale: bool| {
        if matches!(j.level, Level::Red | Level::Amber) {
            items.push(Anomaly {
                kind,
                level: j.level,
                title,
                reason: j.reason,
                card,
                runbook,
                stale,
            });
        }
    };

    for r in &f.routes {
        let j = r.judge(t);
        let path = r.route.path();
        match &r.error {
            Some(e) => push(
                format!("route-{path}"),
                rules::Judged {
                    level: Level::Red,
                    reason: format!("{path}: {}. {}", e.name(), e.explain()),
                },
                format!("Route failing: {path}"),
                "route-health",
                route_runbook(e),
                false,
            ),
            None => push(
                format!("slow-{path}"),
                j,
                format!("Slow route: {path}"),
                "route-health",
                runbook::ROUTE_TIMEOUTS,
                false,
            ),
        }
    }

    if let Some(s) = f.status.data.as_ref() {
        let stale = f.status.stale;
        push(
            "alias-drift".into(),
            rules::alias_drift(Some(s)),
            "Alias drift".into(),
            "alias-drift",
            runbook::ALIAS_DRIFT,
            stale,
        );
        let fleet = rules::fleet(Some(&s.agents));
        let title = if fleet.level == Level::Red {
            "Total fleet outage"
        } else {
            "Dead agents"
        };
        push(
            "fleet".into(),
            fleet,
            title.into(),
            "agent-fleet",
            runbook::FLEET_OUTAGE,
            stale,
        );
        push(
            "sandbox".into(),
            rules::sandbox(s.sandbox.as_ref()),
            "Sandbox blockers".into(),
            "sandbox",
            runbook::SES_SANDBOX,
            stale,
        );
        if s.ses_quota.is_some() {
            push(
                "ses-quota".into(),
                rules::ses_quota(s.ses_quota.as_ref(), t),
                "SES quota".into(),
                "ses-quota",
                runbook::SES_SANDBOX,
                stale,
            );
        }
        let freeze = rules::change_freeze(s.change_freeze.as_ref(), f.now);
        if freeze.level == Level::Red {
            push(
                "change-freeze".into(),
                rules::Judged {
                    level: Level::Amber,
                    reason: freeze.reason,
                },
                "Change freeze active".into(),
                "change-freeze",
                runbook::CHANGE_FREEZE,
                stale,
            );
        }
        push(
            "stale-snapshot".into(),
            rules::snapshot(Some(s), f.now, t),
            "Stale snapshot".into(),
            "pipeline",
            runbook::STALE_SNAPSHOT,
            stale,
        );
    }

    if let Some(m) = f.metrics.data.as_ref() {
        let stale = f.metrics.stale;
        if let Some(p) = m.pecks.as_ref() {
            let spikes = rules::failure_spikes(p, t);
            let rate = rules::peck_failures(Some(m), t);
            for (kind, pct) in &spikes {
                let (title, rb) = match kind {
                    PeckFailure::CallbackError => ("Peck callback errors", runbook::PECK_CALLBACK),
                    PeckFailure::Denied => ("Denied pecks spike", runbook::PECK_SPIKES),
                    PeckFailure::Expired => ("Expired pecks spike", runbook::PECK_SPIKES),
                };
                let level = if *pct >= t.peck_failure_red_pct {
                    Level::Red
                } else {
                    Level::Amber
                };
                push(
                    format!("peck-{}", kind.key()),
                    rules::Judged {
                        level,
                        reason: format!(
                            "{} {pct:.1} % of requested pecks: {}",
                            kind.key(),
                            kind.meaning()
                        ),
                    },
                    title.into(),
                    "peck-failures",
                    rb,
                    stale,
                );
            }
            // A high overall rate without a single dominant spike.
            if spikes.is_empty() {
                let rb = match rules::dominant_failure(p) {
                    Some((PeckFailure::CallbackError, _)) | None => runbook::PECK_CALLBACK,
                    Some(_) => runbook::PECK_SPIKES,
                };
                push(
                    "peck-rate".into(),
                    rate,
                    "Peck failure rate".into(),
                    "peck-failures",
                    rb,
                    stale,
                );
            }
        }
        if m.audit.is_some() {
            for (name, j) in rules::audit_counts(m.audit.as_ref(), t) {
                push(
                    format!("audit-{name}"),
                    j,
                    format!("Abnormal audit count: {name}"),
                    "audit-activity",
                    runbook::PECK_SPIKES,
                    stale,
                );
            }
        }
    }

    crate::domain::sort::sort_by(&mut items, |a, b| {
        severity(a.level)
            .cmp(&severity(b.level))
            .then_with(|| rank(&a.kind).cmp(&rank(&b.kind)))
    });
    AnomalyReport {
        items,
        missing: f.missing(),
        stale: f.any_stale(),
        data_age_secs: f.oldest_age_secs(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::models::Pecks;
    use crate::domain::facts::tests::facts_for;
    use beak_sim::Scenario;

    fn kinds(s: Scenario) -> Vec<(String, Level, &'static str)> {
        anomalies(&facts_for(s), &Thresholds::default())
            .items
            .into_iter()
            .map(|a| (a.kind, a.level, a.runbook))
            .collect()
    }

    fn k(kind: &str, level: Level, rb: &'static str) -> (String, Level, &'static str) {
        (kind.to_string(), level, rb)
    }

    #[test]
    fn healthy_has_none() {
        let r = anomalies(&facts_for(Scenario::Healthy), &Thresholds::default());
        assert!(r.items.is_empty(), "{:?}", r.items);
        assert!(r.all_clear());
        assert_eq!(r.data_age_secs, Some(1));
    }

    #[test]
    fn each_scenario_flags_its_issue() {
        use Level::*;
        use Scenario as S;
        assert_eq!(kinds(S::AliasDrift), vec![k("alias-drift", Red, "inc-001")]);
        assert_eq!(kinds(S::PartialFleet), vec![k("fleet", Amber, "inc-003")]);
        assert_eq!(kinds(S::FleetOutage), vec![k("fleet", Red, "inc-003")]);
        assert_eq!(
            kinds(S::PeckCallbackErrors),
            vec![k("peck-callback_error", Red, "inc-004")]
        );
        assert_eq!(
            kinds(S::PeckDeniedSpike),
            vec![k("peck-denied", Red, "inc-008")]
        );
        assert_eq!(
            kinds(S::PeckExpiredSpike),
            vec![k("peck-expired", Red, "inc-008")]
        );
        assert_eq!(
            kinds(S::AuditSpike),
            vec![
                k("audit-peck_notify", Amber, "inc-008"),
                k("audit-duck.cert_issued", Amber, "inc-008")
            ]
        );
        assert_eq!(kinds(S::SesAmber), vec![k("ses-quota", Amber, "inc-005")]);
        assert_eq!(kinds(S::SesRed), vec![k("ses-quota", Red, "inc-005")]);
        assert_eq!(kinds(S::Sandbox), vec![k("sandbox", Red, "inc-005")]);
        assert_eq!(
            kinds(S::ChangeFreeze),
            vec![k("change-freeze", Amber, "inc-007")]
        );
        assert_eq!(
            kinds(S::StaleSnapshot),
            vec![k("stale-snapshot", Red, "inc-006")]
        );
        assert_eq!(
            kinds(S::CrashLoop),
            vec![
                k("route-/beak/metrics", Red, "inc-002"),
                k("route-/beak/system/status", Red, "inc-002")
            ]
        );
        assert_eq!(
            kinds(S::GatewayTimeout),
            vec![k("route-/beak/system/status", Red, "inc-002")]
        );
        assert_eq!(kinds(S::Hang).len(), 3);
        assert!(kinds(S::Hang).iter().all(|a| a.2 == "inc-009"));
        assert!(kinds(S::NotJson).iter().all(|a| a.2 == "inc-009"));
        assert_eq!(
            kinds(S::MissingKeys),
            vec![
                k("route-/beak/metrics", Red, "inc-009"),
                k("route-/beak/system/status", Red, "inc-009")
            ]
        );
        let slow = kinds(S::Slow);
        assert_eq!(slow.len(), 3);
        assert!(slow
            .iter()
            .all(|a| a.1 == Amber && a.0.starts_with("slow-")));
    }

    #[test]
    fn missing_data_is_not_all_clear() {
        let r = anomalies(&facts_for(Scenario::CrashLoop), &Thresholds::default());
        assert_eq!(r.missing, vec!["system status", "metrics"]);
        assert!(!r.all_clear());
        let mut f = facts_for(Scenario::Healthy);
        f.metrics.stale = true;
        let r = anomalies(&f, &Thresholds::default());
        assert!(r.items.is_empty() && !r.all_clear());
    }

    #[test]
    fn most_severe_first() {
        let mut f = facts_for(Scenario::PartialFleet);
        let s = f.status.data.as_mut().unwrap();
        s.lambda_alias_version = Some("41".into());
        s.ses_quota.as_mut().unwrap().sent_24h = Some(170);
        f.routes[1].error = Some(RouteError::Timeout { after_ms: 5000 });
        let r = anomalies(&f, &Thresholds::default());
        let got: Vec<_> = r.items.iter().map(|a| (a.kind.as_str(), a.level)).collect();
        assert_eq!(
            got,
            vec![
                ("route-/beak/metrics", Level::Red),
                ("alias-drift", Level::Red),
                ("fleet", Level::Amber),
                ("ses-quota", Level::Amber),
            ]
        );
        assert_eq!(r.items[0].runbook, "inc-009");
        assert_eq!(r.items[0].card, "route-health");
    }

    #[test]
    fn peck_spike_and_rate_boundaries() {
        let t = Thresholds::default();
        let mut f = facts_for(Scenario::Healthy);
        let set = |f: &mut crate::domain::facts::Facts, denied, cb| {
            f.metrics.data.as_mut().unwrap().pecks = Some(Pecks {
                requested: Some(100),
                approved: Some(100 - denied - cb),
                denied: Some(denied),
                expired: Some(0),
                callback_error: Some(cb),
            });
        };
        // 4 % denied + 0: below every line.
        set(&mut f, 4, 0);
        assert!(anomalies(&f, &t).items.is_empty());
        // 5 % denied: a spike (amber), at the amber rate.
        set(&mut f, 5, 0);
        let a = anomalies(&f, &t).items;
        assert_eq!(a.len(), 1);
        assert_eq!(
            (a[0].kind.as_str(), a[0].level),
            ("peck-denied", Level::Amber)
        );
        // 9 % and 10 % callback errors: amber then red.
        set(&mut f, 0, 9);
        assert_eq!(anomalies(&f, &t).items[0].level, Level::Amber);
        set(&mut f, 0, 10);
        let a = anomalies(&f, &t).items;
        assert_eq!((a[0].level, a[0].runbook), (Level::Red, "inc-004"));
        // 3 % + 3 % = 6 %: no spike, but an amber overall rate.
        set(&mut f, 3, 3);
        let a = anomalies(&f, &t).items;
        assert_eq!(
            (a[0].kind.as_str(), a[0].level),
            ("peck-rate", Level::Amber)
        );
    }

    #[test]
    fn ses_boundaries_as_anomalies() {
        let t = Thresholds::default();
        for (sent, expect) in [
            (159, None),
            (160, Some(Level::Amber)),
            (189, Some(Level::Amber)),
            (190, Some(Level::Red)),
        ] {
            let mut f = facts_for(Scenario::Healthy);
            f.status
                .data
                .as_mut()
                .unwrap()
                .ses_quota
                .as_mut()
                .unwrap()
                .sent_24h = Some(sent);
            let got = anomalies(&f, &t).items.first().map(|a| a.level);
            assert_eq!(got, expect, "sent {sent}");
        }
    }

    #[test]
    fn route_runbooks() {
        assert_eq!(route_runbook(&RouteError::Http { status: 502 }), "inc-002");
        assert_eq!(route_runbook(&RouteError::Http { status: 504 }), "inc-002");
        assert_eq!(route_runbook(&RouteError::Http { status: 500 }), "inc-002");
        assert_eq!(route_runbook(&RouteError::Http { status: 404 }), "inc-009");
        assert_eq!(
            route_runbook(&RouteError::Timeout { after_ms: 1 }),
            "inc-009"
        );
        assert_eq!(
            route_runbook(&RouteError::Network {
                message: "x".into()
            }),
            "inc-009"
        );
    }
}
