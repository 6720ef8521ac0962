//! The facts the console judges from the platform's data: drift, fleet, peck failures, audit
//! counts, SES quota, sandbox, freeze, cold start, snapshot age, SLA. Each rule takes the
//! payload (or part of it) and the thresholds and returns a [`Judged`] value: a level with a
//! one-line reason. Missing data gives `Level::Unknown`, never green.

use chrono::{DateTime, Utc};

use super::thresholds::{Bounds, Level, Thresholds};
use super::time::{fmt_age, platform_age, shown_age, TimeSource};
use crate::api::models::{
    Agents, Audit, ChangeFreeze, MetricsPayload, Pecks, Sandbox, SesQuota, Sla, StatusPayload,
};

/// A level with the reason an operator reads.
#[derive(Clone, Debug, PartialEq)]
pub struct Judged {
    pub level: Level,
    pub reason: String,
}

impl Judged {
    fn new(level: Level, reason: impl Into<String>) -> Self {
        Self {
            level,
            reason: reason.into(),
        }
    }
    pub fn unknown(what: &str) -> Self {
        Self::new(Level::Unknown, format!("{what}: no data"))
    }
}

/// Alias drift: `lambda_alias_version` differs from `lambda.version`; `$LATEST` on the alias
/// is flagged as red too.
pub fn alias_drift(status: Option<&StatusPayload>) -> Judged {
    let Some(s) = status else {
        return Judged::unknown("Alias drift");
    };
    let function = s.lambda.version.trim();
    let Some(alias) = s.lambda_alias_version.as_deref().map(str::trim) else {
        return Judged::new(
            Level::Unknown,
            "Alias version unknown: lambda_alias_version is missing",
        );
    };
    if alias == "$LATEST" {
        return Judged::new(
            Level::Red,
            "The prod alias points at $LATEST: pin it to a numbered version",
        );
    }
    if alias != function {
        Judged::new(
            Level::Red,
            format!("Drift: alias {alias} ≠ function {function}"),
        )
    } else {
        Judged::new(
            Level::Green,
            format!("No drift: alias and function both at {function}"),
        )
    }
}

/// Agent fleet: all dead is a total outage (red), some dead amber.
pub fn fleet(agents: Option<&Agents>) -> Judged {
    let Some(a) = agents else {
        return Judged::unknown("Agent fleet");
    };
    match (a.alive, a.total) {
        (Some(_), Some(0)) => Judged::new(Level::Amber, "The fleet has no agents registered"),
        (Some(0), Some(total)) => Judged::new(
            Level::Red,
            format!("Total fleet outage: 0 of {total} agents pulsing"),
        ),
        (Some(alive), Some(total)) if alive < total => Judged::new(
            Level::Amber,
            format!("{alive} of {total} agents alive; {} dead", total - alive),
        ),
        (Some(alive), Some(total)) => {
            Judged::new(Level::Green, format!("{alive} of {total} agents alive"))
        }
        _ => Judged::new(Level::Unknown, "Fleet counts unknown"),
    }
}

/// Peck failure rate `(denied + expired + callback_error) / requested`, in percent.
pub fn peck_failure_rate(p: &Pecks) -> Option<f64> {
    let requested = p.requested?;
    if requested == 0 {
        return Some(0.0);
    }
    let failed = p.denied? + p.expired? + p.callback_error?;
    Some(failed as f64 * 100.0 / requested as f64)
}

pub fn peck_failures(metrics: Option<&MetricsPayload>, t: &Thresholds) -> Judged {
    let Some(p) = metrics.and_then(|m| m.pecks.as_ref()) else {
        return Judged::unknown("Peck failures");
    };
    let Some(rate) = peck_failure_rate(p) else {
        return Judged::new(Level::Unknown, "Peck counts incomplete");
    };
    let level = if rate >= t.peck_failure_red_pct {
        Level::Red
    } else if rate >= t.peck_failure_amber_pct {
        Level::Amber
    } else {
        Level::Green
    };
    Judged::new(
        level,
        format!(
            "Peck failure rate {rate:.1} % (amber from {} %, red from {} %)",
            t.peck_failure_amber_pct, t.peck_failure_red_pct
        ),
    )
}

/// A failure type of the pecks, and what a spike of it means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeckFailure {
    CallbackError,
    Denied,
    Expired,
}

impl PeckFailure {
    pub const ALL: [PeckFailure; 3] = [
        PeckFailure::CallbackError,
        PeckFailure::Denied,
        PeckFailure::Expired,
    ];
    pub fn key(self) -> &'static str {
        match self {
            PeckFailure::CallbackError => "callback_error",
            PeckFailure::Denied => "denied",
            PeckFailure::Expired => "expired",
        }
    }
    pub fn meaning(self) -> &'static str {
        match self {
            PeckFailure::CallbackError => "webhook delivery issues",
            PeckFailure::Denied => "auth config drift",
            PeckFailure::Expired => "slow response times",
        }
    }
    pub fn count(self, p: &Pecks) -> Option<u64> {
        match self {
            PeckFailure::CallbackError => p.callback_error,
            PeckFailure::Denied => p.denied,
            PeckFailure::Expired => p.expired,
        }
    }
}

/// The failure type with the highest count (None without failures or data).
pub fn dominant_failure(p: &Pecks) -> Option<(PeckFailure, u64)> {
    PeckFailure::ALL
        .iter()
        .filter_map(|f| f.count(p).map(|c| (*f, c)))
        .filter(|(_, c)| *c > 0)
        .max_by_key(|(_, c)| *c)
}

/// Failure types above the spike share of requested.
pub fn failure_spikes(p: &Pecks, t: &Thresholds) -> Vec<(PeckFailure, f64)> {
    let Some(requested) = p.requested.filter(|r| *r > 0) else {
        return Vec::new();
    };
    PeckFailure::ALL
        .iter()
        .filter_map(|f| {
            let pct = f.count(p)? as f64 * 100.0 / requested as f64;
            (pct >= t.peck_type_spike_pct).then_some((*f, pct))
        })
        .collect()
}

/// One audit count against its bounds.
pub fn audit_count(name: &str, count: Option<u64>, b: Bounds) -> Judged {
    match count {
        None => Judged::unknown(name),
        Some(c) if c < b.min => Judged::new(
            Level::Amber,
            format!("{name}: {c} is abnormally low (normal {}–{})", b.min, b.max),
        ),
        Some(c) if c > b.max => Judged::new(
            Level::Amber,
            format!(
                "{name}: {c} is abnormally high (normal {}–{})",
                b.min, b.max
            ),
        ),
        Some(c) => Judged::new(
            Level::Green,
            format!("{name}: {c} (normal {}–{})", b.min, b.max),
        ),
    }
}

/// The three audit counts of the window: `peck_notify`, `peck_requested`, `duck.cert_issued`.
pub fn audit_counts(audit: Option<&Audit>, t: &Thresholds) -> [(&'static str, Judged); 3] {
    let a = audit.cloned().unwrap_or_default();
    let known = audit.is_some();
    let j = |name: &'static str, c: Option<u64>, b| {
        if known {
            (name, audit_count(name, c, b))
        } else {
            (name, Judged::unknown(name))
        }
    };
    [
        j("peck_notify", a.peck_notify, t.audit_peck_notify),
        j("peck_requested", a.peck_requested, t.audit_peck_requested),
        j("duck.cert_issued", a.cert_issued, t.audit_cert_issued),
    ]
}

/// SES quota: amber from `ses_amber_pct` of the maximum (160/200), red from `ses_red_pct` (190/200).
pub fn ses_quota(q: Option<&SesQuota>, t: &Thresholds) -> Judged {
    let Some((sent, max)) = q.and_then(|q| Some((q.sent_24h?, q.max_24h?))) else {
        return Judged::unknown("SES quota");
    };
    let pct = sent as f64 * 100.0 / max as f64;
    let level = if pct >= t.ses_red_pct {
        Level::Red
    } else if pct >= t.ses_amber_pct {
        Level::Amber
    } else {
        Level::Green
    };
    Judged::new(
        level,
        format!("SES: {sent} / {max} sent in 24 h ({pct:.0} %)"),
    )
}

/// Sandbox blockers: SES or SNS still in the sandbox.
pub fn sandbox(s: Option<&Sandbox>) -> Judged {
    let Some(s) = s else {
        return Judged::unknown("Sandbox state");
    };
    match (s.ses, s.sns) {
        (Some(ses), Some(sns)) => {
            let mut blocked = Vec::new();
            if ses {
                blocked.push("SES");
            }
            if sns {
                blocked.push("SNS");
            }
            if blocked.is_empty() {
                Judged::new(Level::Green, "SES and SNS out of the sandbox")
            } else {
                Judged::new(
                    Level::Red,
                    format!("{} in the sandbox", blocked.join(" and ")),
                )
            }
        }
        _ => Judged::new(Level::Unknown, "Sandbox state incomplete"),
    }
}

/// Whether a change freeze is active (until its end time, when given).
pub fn freeze_active(f: Option<&ChangeFreeze>, now: DateTime<Utc>) -> Option<bool> {
    let f = f?;
    let active = f.active?;
    Some(active && f.until.is_none_or(|u| u > now))
}

pub fn change_freeze(f: Option<&ChangeFreeze>, now: DateTime<Utc>) -> Judged {
    match freeze_active(f, now) {
        None => Judged::unknown("Change freeze"),
        Some(false) => Judged::new(Level::Green, "No change freeze"),
        Some(true) => {
            let f = f.cloned().unwrap_or_default();
            let reason = f.reason.unwrap_or_else(|| "no reason given".into());
            Judged::new(
                Level::Red,
                format!("Change freeze active: {reason}; deployment is blocked"),
            )
        }
    }
}

/// Cold start p95 against the threshold (2,000 ms).
pub fn cold_start(status: Option<&StatusPayload>, t: &Thresholds) -> Judged {
    match status.and_then(|s| s.lambda.cold_start_ms_p95) {
        None => Judged::unknown("Cold start p95"),
        Some(ms) if ms > f64::from(t.cold_start_ms) => Judged::new(
            Level::Red,
            format!(
                "Cold start p95 {ms:.0} ms exceeds {} ms: review CloudWatch logs",
                t.cold_start_ms
            ),
        ),
        Some(ms) => Judged::new(
            Level::Green,
            format!("Cold start p95 {ms:.0} ms (limit {} ms)", t.cold_start_ms),
        ),
    }
}

/// Snapshot age: stale past `stale_snapshot_secs`. Measured against the platform's own
/// clock (`generated_at`) when the answer has it, else this device's; the text names which.
pub fn snapshot(status: Option<&StatusPayload>, now: DateTime<Utc>, t: &Thresholds) -> Judged {
    match status.and_then(|s| s.snapshot_taken_at) {
        None => Judged::unknown("Snapshot age"),
        Some(at) => {
            let generated = status.and_then(|s| s.generated_at);
            let (age, _) = platform_age(at, generated, now);
            let shown = shown_age(at, TimeSource::Platform, generated, now);
            let taken = if shown.text.starts_with("ahead") {
                format!("time is {} ({})", shown.text, shown.tag())
            } else {
                format!("taken {} ({})", shown.text, shown.tag())
            };
            if age > i64::from(t.stale_snapshot_secs) {
                Judged::new(
                    Level::Red,
                    format!(
                        "Snapshot is stale: {taken}, limit {}",
                        fmt_age(i64::from(t.stale_snapshot_secs))
                    ),
                )
            } else {
                Judged::new(Level::Green, format!("Snapshot {taken}"))
            }
        }
    }
}

fn band_high_bad(value: f64, amber: f64, red: f64) -> Level {
    if value >= red {
        Level::Red
    } else if value >= amber {
        Level::Amber
    } else {
        Level::Green
    }
}

/// The SLA metrics: availability (low is bad), p95 latency and error rate (high is bad).
pub fn sla(s: Option<&Sla>, t: &Thresholds) -> [(&'static str, Judged); 3] {
    let s = s.cloned().unwrap_or_default();
    let availability = match s.availability_pct {
        None => Judged::unknown("Availability"),
        Some(v) => {
            let level = if v < t.sla_availability_red_pct {
                Level::Red
            } else if v < t.sla_availability_amber_pct {
                Level::Amber
            } else {
                Level::Green
            };
            Judged::new(level, format!("Availability {v:.2} %"))
        }
    };
    let latency = match s.latency_p95_ms {
        None => Judged::unknown("Latency p95"),
        Some(v) => Judged::new(
            band_high_bad(
                v,
                f64::from(t.sla_latency_amber_ms),
                f64::from(t.sla_latency_red_ms),
            ),
            format!("Latency p95 {v:.0} ms"),
        ),
    };
    let errors = match s.error_rate_pct {
        None => Judged::unknown("Error rate"),
        Some(v) => Judged::new(
            band_high_bad(v, t.sla_error_amber_pct, t.sla_error_red_pct),
            format!("Error rate {v:.2} %"),
        ),
    };
    [
        ("availability", availability),
        ("latency_p95", latency),
        ("error_rate", errors),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::models::parse_status;
    use crate::domain::time::parse_rfc3339;

    fn status(body: &str) -> StatusPayload {
        parse_status(body).unwrap().data
    }

    fn base(alias: &str) -> String {
        format!(
            r#"{{"lambda":{{"version":"42","cold_start_ms_p95":2000}},"lambda_alias_version":"{alias}","database":{{}},"agents":{{"total":12,"alive":12}}}}"#
        )
    }

    #[test]
    fn drift_rules() {
        assert_eq!(alias_drift(Some(&status(&base("42")))).level, Level::Green);
        let d = alias_drift(Some(&status(&base("41"))));
        assert_eq!(d.level, Level::Red);
        assert!(d.reason.contains("41") && d.reason.contains("42"));
        assert!(alias_drift(Some(&status(&base("$LATEST"))))
            .reason
            .contains("$LATEST"));
        assert_eq!(alias_drift(None).level, Level::Unknown);
    }

    #[test]
    fn fleet_rules() {
        let a = |alive, total| Agents {
            alive: Some(alive),
            total: Some(total),
            ..Default::default()
        };
        assert_eq!(fleet(Some(&a(12, 12))).level, Level::Green);
        assert_eq!(fleet(Some(&a(9, 12))).level, Level::Amber);
        assert_eq!(fleet(Some(&a(0, 12))).level, Level::Red);
        assert!(fleet(Some(&a(0, 12))).reason.contains("Total fleet outage"));
        assert_eq!(fleet(Some(&Agents::default())).level, Level::Unknown);
        assert_eq!(fleet(None).level, Level::Unknown);
    }

    #[test]
    fn ses_boundaries() {
        let t = Thresholds::default();
        let q = |sent| SesQuota {
            sent_24h: Some(sent),
            max_24h: Some(200),
        };
        assert_eq!(ses_quota(Some(&q(159)), &t).level, Level::Green);
        assert_eq!(ses_quota(Some(&q(160)), &t).level, Level::Amber);
        assert_eq!(ses_quota(Some(&q(189)), &t).level, Level::Amber);
        assert_eq!(ses_quota(Some(&q(190)), &t).level, Level::Red);
        assert_eq!(
            ses_quota(
                Some(&SesQuota {
                    sent_24h: Some(1),
                    max_24h: None
                }),
                &t
            )
            .level,
            Level::Unknown
        );
    }

    #[test]
    fn peck_rules() {
        let t = Thresholds::default();
        let p = Pecks {
            requested: Some(200),
            approved: Some(180),
            denied: Some(2),
            expired: Some(2),
            callback_error: Some(6),
        };
        assert_eq!(peck_failure_rate(&p), Some(5.0));
        let m = MetricsPayload {
            pecks: Some(p.clone()),
            ..Default::default()
        };
        assert_eq!(peck_failures(Some(&m), &t).level, Level::Amber);
        assert_eq!(dominant_failure(&p), Some((PeckFailure::CallbackError, 6)));
        assert!(failure_spikes(&p, &t).is_empty());
        let spike = Pecks {
            callback_error: Some(50),
            ..p
        };
        assert_eq!(failure_spikes(&spike, &t)[0].0, PeckFailure::CallbackError);
        assert_eq!(PeckFailure::Denied.meaning(), "auth config drift");
        assert_eq!(peck_failures(None, &t).level, Level::Unknown);
    }

    #[test]
    fn audit_bounds() {
        let b = Bounds { min: 10, max: 20 };
        assert_eq!(audit_count("x", Some(9), b).level, Level::Amber);
        assert_eq!(audit_count("x", Some(10), b).level, Level::Green);
        assert_eq!(audit_count("x", Some(20), b).level, Level::Green);
        assert_eq!(audit_count("x", Some(21), b).level, Level::Amber);
        assert_eq!(
            audit_counts(None, &Thresholds::default())[0].1.level,
            Level::Unknown
        );
    }

    #[test]
    fn freeze_sandbox_cold_start_snapshot() {
        let now = parse_rfc3339("2026-11-29T19:00:00Z").unwrap();
        let t = Thresholds::default();
        let f = ChangeFreeze {
            active: Some(true),
            reason: Some("audit".into()),
            until: Some(now + chrono::Duration::hours(1)),
            set_by: None,
        };
        assert_eq!(freeze_active(Some(&f), now), Some(true));
        assert_eq!(change_freeze(Some(&f), now).level, Level::Red);
        let expired = ChangeFreeze {
            until: Some(now - chrono::Duration::hours(1)),
            ..f
        };
        assert_eq!(freeze_active(Some(&expired), now), Some(false));
        assert_eq!(
            sandbox(Some(&Sandbox {
                ses: Some(true),
                sns: Some(false)
            }))
            .reason,
            "SES in the sandbox"
        );
        assert_eq!(
            cold_start(Some(&status(&base("42"))), &t).level,
            Level::Green,
            "2000 is at the limit, not over"
        );
        let s = status(
            r#"{"lambda":{"version":"1"},"database":{},"agents":{},"snapshot":{"taken_at":"2026-11-29T18:44:59Z"}}"#,
        );
        assert_eq!(snapshot(Some(&s), now, &t).level, Level::Red);
        let s = status(
            r#"{"lambda":{"version":"1"},"database":{},"agents":{},"snapshot":{"taken_at":"2026-11-29T18:45:00Z"}}"#,
        );
        assert_eq!(snapshot(Some(&s), now, &t).level, Level::Green);
        assert!(snapshot(Some(&s), now, &t)
            .reason
            .ends_with("ago (this device)"));
        let s = status(
            r#"{"lambda":{"version":"1"},"database":{},"agents":{},"snapshot":{"taken_at":"2026-11-29T18:44:59Z"}}"#,
        );
        assert!(snapshot(Some(&s), now, &t)
            .reason
            .starts_with("Snapshot is stale: taken 15 min ago (this device), limit 15 min"));
    }

    #[test]
    fn snapshot_age_follows_the_platform_clock_and_is_never_negative() {
        let t = Thresholds::default();
        // The platform's clock 3 h ahead of the device: taken 2 min ago by platform time.
        let device_now = DateTime::parse_from_rfc3339("2026-11-29T16:42:00Z")
            .unwrap()
            .to_utc();
        let s = status(
            r#"{"generated_at":"2026-11-29T19:42:00Z","lambda":{"version":"1"},"database":{},"agents":{},"snapshot":{"taken_at":"2026-11-29T19:40:00Z"}}"#,
        );
        let j = snapshot(Some(&s), device_now, &t);
        assert_eq!(j.level, Level::Green);
        assert_eq!(
            j.reason,
            "Snapshot taken 2 min ago (platform time, ahead of this device by 2 h 58 min)"
        );
        // Without generated_at, a snapshot "in the future" of the device is never a negative
        // age nor "0 s": it says how far ahead of this device it is.
        let s = status(
            r#"{"lambda":{"version":"1"},"database":{},"agents":{},"snapshot":{"taken_at":"2026-11-29T19:40:00Z"}}"#,
        );
        let j = snapshot(Some(&s), device_now, &t);
        assert_eq!(j.level, Level::Green);
        assert_eq!(
            j.reason,
            "Snapshot time is ahead of this device by 2 h 58 min (platform time)"
        );
        // The device 5 h ahead: stale by its clock, fresh by the platform's.
        let device_now = DateTime::parse_from_rfc3339("2026-11-30T00:42:00Z")
            .unwrap()
            .to_utc();
        let s = status(
            r#"{"generated_at":"2026-11-29T19:42:00Z","lambda":{"version":"1"},"database":{},"agents":{},"snapshot":{"taken_at":"2026-11-29T19:40:00Z"}}"#,
        );
        assert_eq!(snapshot(Some(&s), device_now, &t).level, Level::Green);
        assert_eq!(
            snapshot(Some(&s), device_now, &t).reason,
            "Snapshot taken 2 min ago (platform time)"
        );
    }

    #[test]
    fn sla_levels() {
        let t = Thresholds::default();
        let s = Sla {
            availability_pct: Some(99.95),
            latency_p95_ms: Some(500.0),
            error_rate_pct: Some(5.0),
        };
        let [a, l, e] = sla(Some(&s), &t);
        assert_eq!(a.1.level, Level::Green);
        assert_eq!(l.1.level, Level::Amber);
        assert_eq!(e.1.level, Level::Red);
        assert_eq!(sla(None, &t)[0].1.level, Level::Unknown);
    }
}
