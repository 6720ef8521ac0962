//! The Diagnostics JSON document and the Markdown Incident Snapshot, from plain inputs.
//! Schema: `docs/diagnostics.md`. Values are as last fetched, with their ages; no settings
//! are included except the data source, stripped of any credentials, query or fragment.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;

use super::anomalies::AnomalyReport;
use super::facts::{Facts, Observed};
use super::health::Health;
use super::incident_mode::IncidentMode;
use super::rules;
use super::thresholds::{Level, Thresholds};
use super::time::{fmt_age, fmt_elapsed, fmt_utc, fmt_utc_time, to_rfc3339};
use super::trail::Trail;

/// The schema version of the JSON document (bump when a field changes meaning or goes away).
pub const SCHEMA: u32 = 1;

/// Everything the documents are made from.
pub struct DiagnosticsInput<'a> {
    pub captured_at: DateTime<Utc>,
    pub app_version: &'a str,
    /// The `/beak` base URL from settings (empty: this origin).
    pub api_base: &'a str,
    pub facts: &'a Facts,
    pub thresholds: &'a Thresholds,
    pub health: &'a Health,
    pub anomalies: &'a AnomalyReport,
    pub incident: &'a IncidentMode,
    /// The activity trail's verification (None: the trail is not available).
    pub trail: Option<&'a TrailCheck>,
}

/// The activity trail's chain verification, as the documents report it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrailCheck {
    /// Live entries.
    pub entries: usize,
    /// The seq of the newest entry ever appended.
    pub last_seq: u64,
    /// Entries exported to an archive and dropped (seq 1 up to this one).
    pub archived: u64,
    /// Why the chain does not verify (None: it verifies).
    pub problem: Option<String>,
}

impl TrailCheck {
    /// Verifies the trail ([`Trail::verify`]: hashes, links, gaps, cut-off ends, earlier flags).
    pub fn of(t: &Trail) -> Self {
        Self {
            entries: t.entries.len(),
            last_seq: t.last_seq,
            archived: t.archived_through,
            problem: t.verify().err().map(|b| b.to_string()),
        }
    }

    pub fn verified(&self) -> bool {
        self.problem.is_none()
    }
}

/// The data source as the documents show it: the API base URL with every part that could
/// carry a secret removed, and the names of the parts removed (empty when none was there).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataSource {
    /// `"this origin"`, or scheme, host, port and path of the base URL.
    pub shown: String,
    /// What was removed: `"user info"`, `"query"`, `"fragment"`, in that order.
    pub redacted: Vec<&'static str>,
}

impl DataSource {
    /// The source with a note of what was removed, for the Markdown snapshot.
    pub fn text(&self) -> String {
        if self.redacted.is_empty() {
            self.shown.clone()
        } else {
            format!("{} ({} redacted)", self.shown, self.redacted.join(", "))
        }
    }
}

fn is_scheme(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Redacts the API base URL from settings for the diagnostics documents: keeps scheme, host,
/// port and path; removes user info (`user:password@`), the query and the fragment, which may
/// carry tokens. Parses the way a browser would read it as a base: `\` counts as `/`, any
/// number of slashes may follow the scheme, and a value without a scheme that does not start
/// with `/` begins with a host (so `user:pw@host/path` loses its user info too).
pub fn redact_source(api_base: &str) -> DataSource {
    let base = api_base.trim();
    if base.is_empty() {
        return DataSource {
            shown: "this origin".into(),
            redacted: Vec::new(),
        };
    }
    let mut redacted = Vec::new();
    let base = base.replace('\\', "/");
    let (base, fragment) = base.split_once('#').unwrap_or((base.as_str(), ""));
    let (base, query) = base.split_once('?').unwrap_or((base, ""));
    // (what precedes the authority, the authority and path); None: a path on this origin.
    let parts = match base.split_once(':') {
        Some((scheme, rest)) if is_scheme(scheme) && rest.starts_with('/') => {
            Some((format!("{scheme}://"), rest.trim_start_matches('/')))
        }
        _ if base.starts_with("//") => Some(("//".to_string(), base.trim_start_matches('/'))),
        _ if base.starts_with('/') => None,
        _ => Some((String::new(), base)),
    };
    let shown = match parts {
        None => base.to_string(),
        Some((prefix, rest)) => {
            let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            let host = match authority.rsplit_once('@') {
                Some((user_info, host)) => {
                    if !user_info.is_empty() {
                        redacted.push("user info");
                    }
                    host
                }
                None => authority,
            };
            format!("{prefix}{host}{path}")
        }
    };
    if !query.is_empty() {
        redacted.push("query");
    }
    if !fragment.is_empty() {
        redacted.push("fragment");
    }
    DataSource { shown, redacted }
}

/// The data source as shown and exported: `"this origin"`, or the base URL without user,
/// password, query or fragment (those may carry secrets). See [`redact_source`].
pub fn data_source(api_base: &str) -> String {
    redact_source(api_base).shown
}

#[derive(Serialize)]
struct DataAge {
    fetched_at: Option<String>,
    age_secs: Option<i64>,
    stale: bool,
}

fn data_age<T>(o: &Observed<T>, now: DateTime<Utc>) -> DataAge {
    DataAge {
        fetched_at: o.fetched_at.map(to_rfc3339),
        age_secs: o.age_secs(now),
        stale: o.data.is_some() && o.stale,
    }
}

fn level_name(l: Level) -> &'static str {
    match l {
        Level::Green => "green",
        Level::Amber => "amber",
        Level::Red => "red",
        Level::Unknown => "unknown",
    }
}

fn judged(j: &rules::Judged) -> Value {
    serde_json::json!({ "level": level_name(j.level), "reason": j.reason })
}

fn opt_time(t: Option<DateTime<Utc>>) -> Value {
    t.map(|t| Value::String(to_rfc3339(t)))
        .unwrap_or(Value::Null)
}

/// The Diagnostics JSON document (see docs/diagnostics.md).
pub fn diagnostics_json(i: &DiagnosticsInput) -> Value {
    use serde_json::json;
    let f = i.facts;
    let now = i.captured_at;
    let t = i.thresholds;
    let routes: Vec<Value> = f
        .routes
        .iter()
        .map(|r| {
            let j = r.judge(t);
            json!({
                "path": r.route.path(),
                "level": level_name(j.level),
                "state": j.reason,
                "http_status": r.http_status,
                "latency_ms": r.latency_ms,
                "checked_at": opt_time(r.checked_at),
                "error": r.error.as_ref().map(|e| e.name()),
                "error_explained": r.error.as_ref().map(|e| e.explain()),
                "last_good_at": opt_time(r.last_good_at),
                "last_good_age_secs": r.last_good_at.map(|g| super::time::age_secs(g, now)),
                "consecutive_failures": r.consecutive_failures,
            })
        })
        .collect();
    let s = f.status.data.as_ref();
    let m = f.metrics.data.as_ref();
    let snapshot_taken = s.and_then(|s| s.snapshot_taken_at);
    let freeze = s.and_then(|s| s.change_freeze.as_ref());
    json!({
        "schema": SCHEMA,
        "captured_at": to_rfc3339(now),
        "app": { "name": "ops-console", "version": i.app_version },
        "app_version": i.app_version,
        "data_source": data_source(i.api_base),
        "data_source_redacted": redact_source(i.api_base).redacted,
        "data": {
            "status": data_age(&f.status, now),
            "metrics": data_age(&f.metrics, now),
        },
        "routes": routes,
        "lambda": s.map(|s| json!({
            "function_name": s.lambda.function_name,
            "version": s.lambda.version,
            "cold_start_ms_p95": s.lambda.cold_start_ms_p95,
        })),
        "lambda_alias_version": s.and_then(|s| s.lambda_alias_version.clone()),
        "alias_drift": judged(&rules::alias_drift(s)),
        "database": s.map(|s| json!({ "status": s.database.status, "latency_ms": s.database.latency_ms })),
        "pipeline": s.and_then(|s| s.pipeline.as_ref()).map(|p| json!({
            "queued": p.queued, "running": p.running, "failed": p.failed, "completed_24h": p.completed_24h,
        })),
        "sandbox": s.and_then(|s| s.sandbox.as_ref()).map(|sb| json!({
            "ses": sb.ses, "sns": sb.sns, "level": level_name(rules::sandbox(Some(sb)).level),
        })),
        "agents": s.map(|s| json!({
            "total": s.agents.total,
            "alive": s.agents.alive,
            "dead": s.agents.total.zip(s.agents.alive).map(|(t, a)| t.saturating_sub(a)),
            "dead_ids": s.agents.dead_ids,
            "last_pulse_at": opt_time(s.agents.last_pulse_at),
            "last_pulse_age_secs": s.agents.last_pulse_at.map(|p| super::time::age_secs(p, now)),
            "level": level_name(rules::fleet(Some(&s.agents)).level),
        })),
        "ses_quota": s.and_then(|s| s.ses_quota.as_ref()).map(|q| json!({
            "sent_24h": q.sent_24h, "max_24h": q.max_24h,
            "level": level_name(rules::ses_quota(Some(q), t).level),
        })),
        "change_freeze": freeze.map(|c| json!({
            "active": rules::freeze_active(Some(c), now),
            "reason": c.reason, "until": opt_time(c.until), "set_by": c.set_by,
        })),
        "snapshot": {
            "taken_at": opt_time(snapshot_taken),
            "age_secs": snapshot_taken.map(|at| super::time::age_secs(at, now)),
            "level": level_name(rules::snapshot(s, now, t).level),
        },
        "snapshot_age_secs": snapshot_taken.map(|at| super::time::age_secs(at, now)),
        "pecks": m.and_then(|m| m.pecks.as_ref()).map(|p| json!({
            "window_minutes": m.and_then(|m| m.window_minutes),
            "requested": p.requested, "approved": p.approved, "denied": p.denied,
            "expired": p.expired, "callback_error": p.callback_error,
            "failure_rate_pct": rules::peck_failure_rate(p),
        })),
        "audit": m.and_then(|m| m.audit.as_ref()).map(|a| json!({
            "peck_notify": a.peck_notify, "peck_requested": a.peck_requested,
            "duck.cert_issued": a.cert_issued,
        })),
        "health": {
            "score": i.health.score,
            "level": level_name(i.health.level),
            "note": i.health.note,
            "penalties": i.health.penalties.iter().map(|p| json!({
                "rule": p.rule, "label": p.label, "points": p.points, "card": p.card, "reason": p.reason,
            })).collect::<Vec<_>>(),
        },
        "anomalies": i.anomalies.items.iter().map(|a| json!({
            "kind": a.kind, "level": level_name(a.level), "title": a.title, "reason": a.reason,
            "card": a.card, "runbook": a.runbook, "stale": a.stale,
        })).collect::<Vec<_>>(),
        "unjudged": i.anomalies.missing,
        "incident_mode": {
            "active": i.incident.active,
            "started_at": opt_time(i.incident.started_at),
            "ended_at": opt_time(i.incident.ended_at),
            "incident_id": i.incident.incident_id,
            "elapsed_secs": i.incident.elapsed_secs(now),
        },
        "trail": i.trail.map(|c| json!({
            "entries": c.entries,
            "last_seq": c.last_seq,
            "archived": c.archived,
            "verified": c.verified(),
            "problem": c.problem,
        })),
    })
}

/// Text from the platform on one line, without characters that would break the Markdown.
fn one_line(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let cleaned = cleaned.replace('`', "'");
    let mut out: String = cleaned.chars().take(200).collect();
    if cleaned.chars().count() > 200 {
        out.push('…');
    }
    out
}

fn num<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_else(|| "?".into())
}

/// The Incident Snapshot: the same facts as short Markdown for a chat channel or a handoff,
/// headed with the UTC time.
pub fn incident_snapshot(i: &DiagnosticsInput) -> String {
    let f = i.facts;
    let now = i.captured_at;
    let t = i.thresholds;
    let mut out = Vec::new();
    out.push(format!("## Incident Snapshot — {}", fmt_utc(now)));
    out.push(String::new());
    out.push(format!(
        "- Console {} · source {} · status data {} · metrics data {}",
        i.app_version,
        redact_source(i.api_base).text(),
        f.status.describe(now),
        f.metrics.describe(now)
    ));
    let im = i.incident;
    out.push(match (im.active, im.started_at) {
        (true, Some(start)) => format!(
            "- Incident Mode: **ON** since {} ({} elapsed){}",
            fmt_utc_time(start),
            fmt_elapsed(im.elapsed_secs(now).unwrap_or(0)),
            im.incident_id
                .as_deref()
                .map(|id| format!(" · {}", one_line(id)))
                .unwrap_or_default()
        ),
        _ => "- Incident Mode: off".into(),
    });
    out.push(match i.trail {
        Some(c) => match &c.problem {
            None => format!("- Activity trail: {} entries, chain verified", c.entries),
            Some(p) => format!(
                "- Activity trail: {} entries, **chain broken** — {}",
                c.entries,
                one_line(p)
            ),
        },
        None => "- Activity trail: not available".into(),
    });
    let h = i.health;
    let breakdown = h
        .penalties
        .iter()
        .map(|p| format!("{} −{}", p.label.to_lowercase(), p.points))
        .collect::<Vec<_>>()
        .join(", ");
    out.push(format!(
        "- Health: {}{}{}",
        match h.score {
            Some(s) => format!("**{s}/100** ({})", h.level.word()),
            None => "no score".into(),
        },
        h.note
            .as_deref()
            .map(|n| format!(" — {n}"))
            .unwrap_or_default(),
        if breakdown.is_empty() {
            String::new()
        } else {
            format!(" — {breakdown}")
        }
    ));
    match f.status.data.as_ref() {
        Some(s) => {
            let drift = rules::alias_drift(Some(s));
            out.push(format!(
                "- Lambda {} · alias {} · {} {}",
                one_line(&s.lambda.version),
                one_line(s.lambda_alias_version.as_deref().unwrap_or("?")),
                drift.level.icon(),
                one_line(&drift.reason)
            ));
            let a = &s.agents;
            let dead = if a.dead_ids.is_empty() {
                String::new()
            } else {
                format!(
                    "; dead: {}",
                    one_line(
                        &a.dead_ids
                            .iter()
                            .take(20)
                            .cloned()
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                )
            };
            out.push(format!(
                "- Agents: {} / {} alive{dead}{}",
                num(a.alive),
                num(a.total),
                a.last_pulse_at
                    .map(|p| format!(
                        " · last pulse {} ago",
                        fmt_age(super::time::age_secs(p, now))
                    ))
                    .unwrap_or_default()
            ));
            if let Some(q) = &s.ses_quota {
                out.push(format!(
                    "- SES quota: {} / {} in 24 h ({})",
                    num(q.sent_24h),
                    num(q.max_24h),
                    rules::ses_quota(Some(q), t).level.word()
                ));
            }
            out.push(format!(
                "- Sandbox: {}",
                one_line(&rules::sandbox(s.sandbox.as_ref()).reason)
            ));
            let fr = s.change_freeze.clone().unwrap_or_default();
            out.push(match rules::freeze_active(s.change_freeze.as_ref(), now) {
                Some(true) => format!(
                    "- Change freeze: **active** — {}{}{} · deployment blocked",
                    one_line(fr.reason.as_deref().unwrap_or("no reason given")),
                    fr.until
                        .map(|u| format!(" · until {}", fmt_utc(u)))
                        .unwrap_or_default(),
                    fr.set_by
                        .as_deref()
                        .map(|b| format!(" · set by {}", one_line(b)))
                        .unwrap_or_default()
                ),
                Some(false) => "- Change freeze: none".into(),
                None => "- Change freeze: unknown".into(),
            });
            out.push(format!(
                "- Snapshot: {}",
                one_line(&rules::snapshot(Some(s), now, t).reason)
            ));
            if let Some(p) = &s.pipeline {
                out.push(format!(
                    "- Pipeline: queued {} · running {} · failed {} · completed 24 h {}",
                    num(p.queued),
                    num(p.running),
                    num(p.failed),
                    num(p.completed_24h)
                ));
            }
        }
        None => out.push("- Platform status: no data".into()),
    }
    match f.metrics.data.as_ref().and_then(|m| m.pecks.as_ref()) {
        Some(p) => out.push(format!(
            "- Pecks ({} min): {} requested · {} denied · {} expired · {} callback errors · failure rate {}",
            num(f.metrics.data.as_ref().and_then(|m| m.window_minutes)),
            num(p.requested),
            num(p.denied),
            num(p.expired),
            num(p.callback_error),
            rules::peck_failure_rate(p)
                .map(|r| format!("{r:.1} %"))
                .unwrap_or_else(|| "?".into())
        )),
        None => out.push("- Pecks: no data".into()),
    }
    let routes = f
        .routes
        .iter()
        .map(|r| {
            let state = match (&r.error, r.http_status) {
                (Some(e), _) => e.name(),
                (None, Some(code)) => format!(
                    "{code}{}",
                    r.latency_ms
                        .map(|l| format!(" in {l} ms"))
                        .unwrap_or_default()
                ),
                (None, None) => "not checked".into(),
            };
            format!("`{}` {}", r.route.path(), state)
        })
        .collect::<Vec<_>>()
        .join(" · ");
    out.push(format!("- Routes: {routes}"));
    out.push(String::new());
    let a = i.anomalies;
    if a.items.is_empty() {
        out.push(if a.all_clear() {
            "**No anomalies.**".to_string()
        } else {
            "**No anomalies in the data received** (some data is missing or stale).".to_string()
        });
    } else {
        out.push(format!("**Anomalies ({})**", a.items.len()));
        for (n, x) in a.items.iter().enumerate() {
            out.push(format!(
                "{}. {} {} — {}: {} (runbook {})",
                n + 1,
                x.level.icon(),
                x.level.word(),
                one_line(&x.title),
                one_line(&x.reason),
                x.runbook
            ));
        }
    }
    out.join("\n") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::anomalies::anomalies;
    use crate::domain::facts::tests::facts_for;
    use crate::domain::health::health;
    use beak_sim::Scenario;

    fn docs(s: Scenario, incident: &IncidentMode, api_base: &str) -> (Value, String) {
        docs_with_trail(s, incident, api_base, None)
    }

    fn docs_with_trail(
        s: Scenario,
        incident: &IncidentMode,
        api_base: &str,
        trail: Option<&TrailCheck>,
    ) -> (Value, String) {
        let f = facts_for(s);
        let t = Thresholds::default();
        let h = health(&f, &t);
        let a = anomalies(&f, &t);
        let input = DiagnosticsInput {
            captured_at: f.now,
            app_version: "0.1.0",
            api_base,
            facts: &f,
            thresholds: &t,
            health: &h,
            anomalies: &a,
            incident,
            trail,
        };
        (diagnostics_json(&input), incident_snapshot(&input))
    }

    #[test]
    fn document_names_every_field() {
        let mut im = IncidentMode::default();
        let start = crate::domain::time::parse_rfc3339("2026-11-29T19:30:00Z").unwrap();
        im.turn_on(start, "ana", Some("INC-20261129-1930".into()));
        let (j, md) = docs(Scenario::AliasDrift, &im, "");
        for key in [
            "schema",
            "captured_at",
            "app_version",
            "data_source",
            "routes",
            "lambda",
            "lambda_alias_version",
            "pipeline",
            "sandbox",
            "agents",
            "ses_quota",
            "change_freeze",
            "snapshot_age_secs",
            "health",
            "anomalies",
            "incident_mode",
            "data",
        ] {
            assert!(j.get(key).is_some(), "missing {key}");
        }
        assert_eq!(j["captured_at"], "2026-11-29T19:42:08Z");
        assert_eq!(j["app_version"], "0.1.0");
        assert_eq!(j["data_source"], "this origin");
        assert_eq!(j["lambda"]["version"], "42");
        assert_eq!(j["lambda_alias_version"], "41");
        assert_eq!(j["alias_drift"]["level"], "red");
        assert_eq!(j["routes"].as_array().unwrap().len(), 3);
        assert_eq!(j["routes"][2]["path"], "/beak/system/status");
        assert_eq!(j["routes"][2]["http_status"], 200);
        assert_eq!(j["data"]["status"]["age_secs"], 1);
        assert_eq!(j["data"]["status"]["stale"], false);
        assert_eq!(j["agents"]["alive"], 12);
        assert_eq!(j["pipeline"]["completed_24h"], 1320);
        assert_eq!(j["sandbox"]["ses"], false);
        assert_eq!(j["ses_quota"]["max_24h"], 200);
        assert_eq!(j["change_freeze"]["active"], false);
        assert_eq!(j["health"]["score"], 85);
        assert_eq!(j["health"]["penalties"][0]["rule"], "alias-drift");
        assert_eq!(j["health"]["penalties"][0]["card"], "alias-drift");
        assert_eq!(j["anomalies"][0]["runbook"], "inc-001");
        assert_eq!(j["incident_mode"]["active"], true);
        assert_eq!(j["incident_mode"]["started_at"], "2026-11-29T19:30:00Z");
        assert_eq!(j["incident_mode"]["incident_id"], "INC-20261129-1930");
        assert_eq!(j["incident_mode"]["elapsed_secs"], 728);
        assert!(md.starts_with("## Incident Snapshot — 2026-11-29 19:42:08 UTC\n"));
        assert!(md.contains("Incident Mode: **ON** since 19:30:00 UTC (00:12:08 elapsed)"));
        assert!(md.contains("Health: **85/100** (OK)"));
        assert!(md.contains("alias 41"));
        assert!(md.contains("1. ✖ Critical — Alias drift"));
        assert!(md.contains("(runbook inc-001)"));
    }

    #[test]
    fn no_data_is_null_not_invented() {
        let (j, md) = docs(Scenario::CrashLoop, &IncidentMode::default(), "");
        assert_eq!(j["health"]["score"], Value::Null);
        assert_eq!(j["lambda"], Value::Null);
        assert_eq!(j["agents"], Value::Null);
        assert_eq!(j["data"]["status"]["fetched_at"], Value::Null);
        assert_eq!(j["routes"][1]["http_status"], 502);
        assert!(j["routes"][1]["error"]
            .as_str()
            .unwrap()
            .contains("cold start or crash loop"));
        assert_eq!(j["unjudged"][0], "system status");
        assert_eq!(j["incident_mode"]["active"], false);
        assert!(md.contains("Health: no score"));
        assert!(md.contains("Platform status: no data"));
        assert!(md.contains("Incident Mode: off"));
    }

    #[test]
    fn healthy_snapshot_says_no_anomalies() {
        let (j, md) = docs(Scenario::Healthy, &IncidentMode::default(), "");
        assert_eq!(j["anomalies"].as_array().unwrap().len(), 0);
        assert!(md.contains("**No anomalies.**"));
        assert!(md.contains("Health: **100/100** (OK)"));
    }

    #[test]
    fn no_secrets() {
        assert_eq!(data_source(""), "this origin");
        assert_eq!(
            data_source("https://user:hunter2@beak.example.com/api?token=abc#x"),
            "https://beak.example.com/api"
        );
        assert_eq!(data_source("/proxy?key=1"), "/proxy");
        let (j, md) = docs(
            Scenario::Healthy,
            &IncidentMode::default(),
            "https://ops:s3cret@beak.example.com?token=t0k",
        );
        let text = j.to_string();
        for secret in ["s3cret", "t0k", "ops:", "T-JOSH", "operator", "approver"] {
            assert!(!text.contains(secret), "{secret} in {text}");
            assert!(!md.contains(secret), "{secret} in snapshot");
        }
        assert_eq!(j["data_source"], "https://beak.example.com");
        assert_eq!(
            j["data_source_redacted"],
            serde_json::json!(["user info", "query"])
        );
        assert!(md.contains("source https://beak.example.com (user info, query redacted) ·"));
    }

    #[test]
    fn the_api_url_is_redacted_in_every_form_a_browser_reads() {
        let r = |u: &str| {
            let d = redact_source(u);
            (d.shown, d.redacted)
        };
        // Scheme, host, port and path stay; nothing is said to be redacted.
        assert_eq!(
            r(" https://beak.example.com:8443/api/v1 "),
            ("https://beak.example.com:8443/api/v1".into(), vec![])
        );
        assert_eq!(r("/beak-proxy"), ("/beak-proxy".into(), vec![]));
        assert_eq!(r(""), ("this origin".into(), vec![]));
        // An "@" in the path is not user info.
        assert_eq!(
            r("https://beak.example/team@ops"),
            ("https://beak.example/team@ops".into(), vec![])
        );
        // Each secret-bearing part is removed and named.
        assert_eq!(
            r("https://ops:s3cret@beak.example.com:8443/api?token=t0k#access_token=x"),
            (
                "https://beak.example.com:8443/api".into(),
                vec!["user info", "query", "fragment"]
            )
        );
        assert_eq!(
            r("http://[::1]:9000/x#frag"),
            ("http://[::1]:9000/x".into(), vec!["fragment"])
        );
        assert_eq!(r("/proxy?key=1"), ("/proxy".into(), vec!["query"]));
        // Forms a browser also reads as user info: no scheme, a protocol-relative URL,
        // backslashes, one slash, several "@".
        for (u, shown) in [
            ("ops:s3cret@beak.example.com/api", "beak.example.com/api"),
            (
                "//ops:s3cret@beak.example.com/api",
                "//beak.example.com/api",
            ),
            (
                "https:\\\\ops:s3cret@beak.example.com\\api",
                "https://beak.example.com/api",
            ),
            (
                "https:/ops:s3cret@beak.example.com",
                "https://beak.example.com",
            ),
            (
                "https://a@b:s3cret@beak.example.com",
                "https://beak.example.com",
            ),
        ] {
            let d = redact_source(u);
            assert_eq!(d.shown, shown, "{u}");
            assert_eq!(d.redacted, vec!["user info"], "{u}");
            assert!(!d.text().contains("s3cret"), "{u}");
        }
        // Empty parts carry nothing: not reported.
        assert_eq!(
            r("https://@beak.example.com/?#"),
            ("https://beak.example.com/".into(), vec![])
        );
        // The note the Markdown shows.
        assert_eq!(
            redact_source("https://u:p@h.example/?q=1").text(),
            "https://h.example/ (user info, query redacted)"
        );
        assert_eq!(redact_source("").text(), "this origin");
        // The JSON says nothing was redacted when nothing was.
        let (j, md) = docs(
            Scenario::Healthy,
            &IncidentMode::default(),
            "https://beak.example.com/api",
        );
        assert_eq!(j["data_source"], "https://beak.example.com/api");
        assert_eq!(j["data_source_redacted"], serde_json::json!([]));
        assert!(md.contains("source https://beak.example.com/api ·"));
    }

    #[test]
    fn markdown_is_one_line_per_fact() {
        let mut f = facts_for(Scenario::ChangeFreeze);
        f.status
            .data
            .as_mut()
            .unwrap()
            .change_freeze
            .as_mut()
            .unwrap()
            .reason = Some("line one\n## injected `code`".into());
        let t = Thresholds::default();
        let h = health(&f, &t);
        let a = anomalies(&f, &t);
        let md = incident_snapshot(&DiagnosticsInput {
            captured_at: f.now,
            app_version: "0.1.0",
            api_base: "",
            facts: &f,
            thresholds: &t,
            health: &h,
            anomalies: &a,
            incident: &IncidentMode::default(),
            trail: None,
        });
        assert!(md.contains("**active** — line one ## injected 'code'"));
        assert!(!md.contains("\n## injected"));
    }
    fn trail_of(n: usize) -> Trail {
        let t0 = crate::domain::time::parse_rfc3339("2026-11-29T19:00:00Z").unwrap();
        let mut t = Trail::default();
        for i in 0..n {
            t.append(
                t0 + chrono::Duration::seconds(i as i64),
                "ana",
                "tick",
                format!("step {i}"),
            );
        }
        t
    }

    #[test]
    fn the_trail_verification_is_reported() {
        // A good chain.
        let good = TrailCheck::of(&trail_of(4));
        let (j, md) = docs_with_trail(Scenario::Healthy, &IncidentMode::default(), "", Some(&good));
        assert_eq!(j["trail"]["entries"], 4);
        assert_eq!(j["trail"]["last_seq"], 4);
        assert_eq!(j["trail"]["archived"], 0);
        assert_eq!(j["trail"]["verified"], true);
        assert_eq!(j["trail"]["problem"], Value::Null);
        assert!(md.contains("- Activity trail: 4 entries, chain verified"));

        // A tampered chain.
        let mut t = trail_of(4);
        t.entries[1].detail = "edited afterwards".into();
        let bad = TrailCheck::of(&t);
        let (j, md) = docs_with_trail(Scenario::Healthy, &IncidentMode::default(), "", Some(&bad));
        assert_eq!(j["trail"]["verified"], false);
        assert_eq!(
            j["trail"]["problem"],
            "entry #2 was changed after it was recorded"
        );
        assert!(md.contains("**chain broken** — entry #2 was changed after it was recorded"));

        // A cut-off end, and an earlier flag.
        let mut t = trail_of(4);
        t.entries.pop();
        let (j, _) = docs_with_trail(
            Scenario::Healthy,
            &IncidentMode::default(),
            "",
            Some(&TrailCheck::of(&t)),
        );
        assert_eq!(j["trail"]["verified"], false);
        assert!(j["trail"]["problem"].as_str().unwrap().contains("missing"));
        let mut t = trail_of(2);
        t.flagged = Some("seen on load".into());
        assert!(!TrailCheck::of(&t).verified());

        // Archived entries are counted; the rest still verifies.
        let mut t = trail_of(crate::domain::trail::SOFT_LIMIT + 3);
        let a = t.archive();
        t.drop_archived(a.last_seq().unwrap());
        let c = TrailCheck::of(&t);
        assert_eq!(c.archived, 3);
        assert!(c.verified());

        // Without a trail: null.
        let (j, md) = docs(Scenario::Healthy, &IncidentMode::default(), "");
        assert_eq!(j["trail"], Value::Null);
        assert!(md.contains("Activity trail: not available"));
    }
}
