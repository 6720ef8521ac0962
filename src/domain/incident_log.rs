//! The Incident Log and the incident handoff bundle. Stored under `ops-console/v1/incident-log`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::approvals::{check_len, Approval, FUTURE_SKEW_SECS, MAX_SHORT, MAX_TEXT};
use super::deploy_log::DeployRow;
use super::export::{md_block, md_inline, md_table};
use super::merge::Merge;
use super::settings::FieldError;
use super::snapshots::{in_window, CopiedSnapshot};
use super::time::{fmt_elapsed, fmt_utc, is_future};
use super::trail::TrailEntry;
use super::utc_input::{fmt_utc_input, parse_optional};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Severity {
    P0,
    P1,
    P2,
}

impl Severity {
    pub const ALL: [Severity; 3] = [Severity::P0, Severity::P1, Severity::P2];
    pub fn label(self) -> &'static str {
        match self {
            Severity::P0 => "P0",
            Severity::P1 => "P1",
            Severity::P2 => "P2",
        }
    }
    pub fn describe(self) -> &'static str {
        match self {
            Severity::P0 => "P0 — outage or data at risk",
            Severity::P1 => "P1 — major degradation",
            Severity::P2 => "P2 — minor or contained",
        }
    }
    pub fn from_label(s: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|x| x.label().eq_ignore_ascii_case(s.trim()))
    }
    /// The level class shown next to it.
    pub fn level_class(self) -> &'static str {
        match self {
            Severity::P0 => "lvl-red",
            Severity::P1 => "lvl-amber",
            Severity::P2 => "lvl-unknown",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IncidentStatus {
    Open,
    Mitigated,
    Resolved,
}

impl IncidentStatus {
    pub const ALL: [IncidentStatus; 3] = [
        IncidentStatus::Open,
        IncidentStatus::Mitigated,
        IncidentStatus::Resolved,
    ];
    pub fn label(self) -> &'static str {
        match self {
            IncidentStatus::Open => "open",
            IncidentStatus::Mitigated => "mitigated",
            IncidentStatus::Resolved => "resolved",
        }
    }
    pub fn from_label(s: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|x| x.label().eq_ignore_ascii_case(s.trim()))
    }
    pub fn level_class(self) -> &'static str {
        match self {
            IncidentStatus::Open => "lvl-red",
            IncidentStatus::Mitigated => "lvl-amber",
            IncidentStatus::Resolved => "lvl-green",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Incident {
    pub id: String,
    pub title: String,
    pub severity: Severity,
    pub status: IncidentStatus,
    pub started_at: DateTime<Utc>,
    pub detected_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub affected_components: Vec<String>,
    pub root_cause: String,
    pub corrective_actions: String,
    /// Approval ids linked by hand (those given during the incident are linked automatically).
    #[serde(default)]
    pub approval_ids: Vec<String>,
    /// Free notes: checklist runs, snapshots, links.
    #[serde(default)]
    pub notes: String,
    /// Opened from an Incident Mode session.
    #[serde(default)]
    pub from_incident_mode: bool,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Incident {
    /// The end of the incident's window: resolution time, or `now` while it is not resolved.
    pub fn window_end(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        self.resolved_at.unwrap_or(now).max(self.started_at)
    }

    pub fn duration_secs(&self, now: DateTime<Utc>) -> i64 {
        (self.window_end(now) - self.started_at)
            .num_seconds()
            .max(0)
    }

    /// Approvals linked by id or given within the window, oldest first.
    pub fn linked_approvals(&self, all: &[Approval], now: DateTime<Utc>) -> Vec<Approval> {
        let end = self.window_end(now);
        let mut v: Vec<Approval> = all
            .iter()
            .filter(|a| {
                self.approval_ids.contains(&a.id)
                    || (a.approved_at >= self.started_at && a.approved_at <= end)
            })
            .cloned()
            .collect();
        crate::domain::sort::sort_by_key(&mut v, |a| a.approved_at);
        v
    }

    /// The diagnostics snapshots copied during the incident: those copied within
    /// `[start, resolution or now]` (edges included), oldest first.
    pub fn snapshots(&self, all: &[CopiedSnapshot], now: DateTime<Utc>) -> Vec<CopiedSnapshot> {
        in_window(all, self.started_at, self.window_end(now))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct IncidentLog {
    /// Oldest first (by start time).
    pub incidents: Vec<Incident>,
}

impl IncidentLog {
    /// Adds or replaces (by id) an incident.
    pub fn upsert(&mut self, i: Incident) {
        match self.incidents.iter_mut().find(|x| x.id == i.id) {
            Some(x) => *x = i,
            None => self.incidents.push(i),
        }
        crate::domain::sort::sort_by(&mut self.incidents, |a, b| {
            a.started_at
                .cmp(&b.started_at)
                .then_with(|| a.id.cmp(&b.id))
        });
    }

    pub fn get(&self, id: &str) -> Option<&Incident> {
        self.incidents.iter().find(|i| i.id == id)
    }

    /// The entry opened for an Incident Mode session: by id, else one started at that time.
    pub fn for_session(
        &self,
        incident_id: Option<&str>,
        started_at: Option<DateTime<Utc>>,
    ) -> Option<&Incident> {
        incident_id.and_then(|id| self.get(id)).or_else(|| {
            let s = started_at?;
            self.incidents.iter().find(|i| i.started_at == s)
        })
    }
}

/// Union by id; on an id both tabs changed, the later `updated_at` wins (the other's on a tie).
impl Merge for IncidentLog {
    fn merge(self, other: Self) -> Self {
        let mut out = self;
        for i in other.incidents {
            match out.get(&i.id) {
                Some(x) if x.updated_at > i.updated_at => {}
                _ => out.upsert(i),
            }
        }
        out
    }
}

/// The form as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IncidentDraft {
    pub title: String,
    pub severity: String,
    pub status: String,
    pub started_at: String,
    pub detected_at: String,
    pub resolved_at: String,
    /// Comma- or newline-separated.
    pub affected_components: String,
    pub root_cause: String,
    pub corrective_actions: String,
    pub notes: String,
}

impl Default for IncidentDraft {
    fn default() -> Self {
        Self {
            title: String::new(),
            severity: "P1".into(),
            status: "open".into(),
            started_at: String::new(),
            detected_at: String::new(),
            resolved_at: String::new(),
            affected_components: String::new(),
            root_cause: String::new(),
            corrective_actions: String::new(),
            notes: String::new(),
        }
    }
}

impl IncidentDraft {
    /// The form for editing an existing entry.
    pub fn from_incident(i: &Incident) -> Self {
        Self {
            title: i.title.clone(),
            severity: i.severity.label().into(),
            status: i.status.label().into(),
            started_at: fmt_utc_input(i.started_at),
            detected_at: i.detected_at.map(fmt_utc_input).unwrap_or_default(),
            resolved_at: i.resolved_at.map(fmt_utc_input).unwrap_or_default(),
            affected_components: i.affected_components.join(", "),
            root_cause: i.root_cause.clone(),
            corrective_actions: i.corrective_actions.clone(),
            notes: i.notes.clone(),
        }
    }
}

/// Splits a component list on commas and newlines, trimmed, empty parts and repeats dropped.
pub fn split_components(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in s.split([',', '\n']) {
        let p = part.trim();
        if !p.is_empty() && !out.iter().any(|x| x == p) {
            out.push(p.to_string());
        }
    }
    out
}

fn time_field(
    errs: &mut Vec<FieldError>,
    field: &'static str,
    s: &str,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, ()> {
    match parse_optional(s) {
        Err(()) => {
            errs.push(FieldError {
                field,
                message: "Use a UTC time such as 2026-11-29 19:42 or 2026-11-29T19:42:00Z.".into(),
            });
            Err(())
        }
        Ok(Some(t)) if is_future(t, now, FUTURE_SKEW_SECS) => {
            errs.push(FieldError {
                field,
                message: "The time is more than 5 minutes in the future.".into(),
            });
            Err(())
        }
        Ok(t) => Ok(t),
    }
}

/// Checks the draft. `base` is the entry being edited (keeps id, creator, links); a new entry
/// gets `id`, `by` as creator and `from_incident_mode`.
pub fn validate_incident(
    d: &IncidentDraft,
    base: Option<&Incident>,
    id: String,
    by: &str,
    from_incident_mode: bool,
    now: DateTime<Utc>,
) -> Result<Incident, Vec<FieldError>> {
    let mut errs = Vec::new();
    check_len(
        &mut errs,
        "title",
        &d.title,
        MAX_SHORT,
        Some("Give the incident a short title."),
    );
    let severity = Severity::from_label(&d.severity);
    if severity.is_none() {
        errs.push(FieldError {
            field: "severity",
            message: "Choose P0, P1 or P2.".into(),
        });
    }
    let status = IncidentStatus::from_label(&d.status);
    if status.is_none() {
        errs.push(FieldError {
            field: "status",
            message: "Choose open, mitigated or resolved.".into(),
        });
    }
    let started = if d.started_at.trim().is_empty() {
        errs.push(FieldError {
            field: "started_at",
            message: "The start time is required (UTC).".into(),
        });
        Err(())
    } else {
        time_field(&mut errs, "started_at", &d.started_at, now)
    };
    let detected = time_field(&mut errs, "detected_at", &d.detected_at, now);
    let resolved = time_field(&mut errs, "resolved_at", &d.resolved_at, now);
    if let (Ok(Some(s)), Ok(Some(r))) = (&started, &resolved) {
        if r < s {
            errs.push(FieldError {
                field: "resolved_at",
                message: "The resolution cannot come before the start.".into(),
            });
        }
    }
    if status == Some(IncidentStatus::Resolved) && matches!(resolved, Ok(None)) {
        errs.push(FieldError {
            field: "resolved_at",
            message: "A resolved incident needs its resolution time.".into(),
        });
    }
    let components = split_components(&d.affected_components);
    if components.iter().any(|c| c.chars().count() > MAX_SHORT) {
        errs.push(FieldError {
            field: "affected_components",
            message: format!("Each component name has at most {MAX_SHORT} characters."),
        });
    }
    check_len(&mut errs, "root_cause", &d.root_cause, MAX_TEXT, None);
    check_len(
        &mut errs,
        "corrective_actions",
        &d.corrective_actions,
        MAX_TEXT,
        None,
    );
    check_len(&mut errs, "notes", &d.notes, MAX_TEXT, None);
    match (severity, status, started, detected, resolved) {
        (Some(severity), Some(status), Ok(Some(started_at)), Ok(detected_at), Ok(resolved_at))
            if errs.is_empty() =>
        {
            Ok(Incident {
                id: base.map(|b| b.id.clone()).unwrap_or(id),
                title: d.title.trim().to_string(),
                severity,
                status,
                started_at,
                detected_at,
                resolved_at,
                affected_components: components,
                root_cause: d.root_cause.trim().to_string(),
                corrective_actions: d.corrective_actions.trim().to_string(),
                approval_ids: base.map(|b| b.approval_ids.clone()).unwrap_or_default(),
                notes: d.notes.trim().to_string(),
                from_incident_mode: base.map_or(from_incident_mode, |b| b.from_incident_mode),
                created_by: base.map_or_else(|| by.to_string(), |b| b.created_by.clone()),
                created_at: base.map_or(now, |b| b.created_at),
                updated_at: now,
            })
        }
        _ => Err(errs),
    }
}

/// Everything the console knew about one incident, for the next shift or the postmortem.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HandoffBundle {
    pub kind: &'static str,
    pub schema: u32,
    pub generated_at: DateTime<Utc>,
    pub generated_by: String,
    pub incident: Incident,
    pub window_start: DateTime<Utc>,
    pub window_end: DateTime<Utc>,
    pub approvals: Vec<Approval>,
    /// The diagnostics snapshots copied in the window, bodies included, oldest first.
    pub snapshots: Vec<CopiedSnapshot>,
    /// Trail entries in the window: mode toggles, checklist ticks, snapshots, exports…
    pub activity: Vec<TrailEntry>,
    pub deployments: Vec<DeployRow>,
}

/// Trail kinds that stand for diagnostics snapshots.
pub fn is_snapshot(e: &TrailEntry) -> bool {
    e.kind.contains("snapshot") || e.kind.contains("diagnostics")
}

/// Trail kinds that stand for checklist activity.
pub fn is_checklist(e: &TrailEntry) -> bool {
    matches!(e.kind.as_str(), "tick" | "untick" | "reset") || e.kind.starts_with("checklist")
}

impl HandoffBundle {
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }

    pub fn to_markdown(&self) -> String {
        let i = &self.incident;
        let mut md = String::new();
        md.push_str(&format!(
            "# Incident handoff: {} — {}\n\n",
            md_inline(&i.id),
            md_inline(&i.title)
        ));
        md.push_str(&format!(
            "Generated {} by {}.\n\n",
            fmt_utc(self.generated_at),
            md_inline(&self.generated_by)
        ));
        md.push_str(&incident_facts_md(i, self.generated_at));
        md.push_str("\n## Root cause\n\n");
        md.push_str(&md_block(&i.root_cause));
        md.push_str("\n\n## Corrective actions\n\n");
        md.push_str(&md_block(&i.corrective_actions));
        md.push_str("\n\n## Notes\n\n");
        md.push_str(&md_block(&i.notes));
        md.push_str(&format!("\n\n## Approvals ({})\n\n", self.approvals.len()));
        if self.approvals.is_empty() {
            md.push_str("_(none)_\n");
        } else {
            md.push_str(&approvals_table(&self.approvals));
        }
        md.push_str(&format!(
            "\n## Diagnostics snapshots ({})\n\n",
            self.snapshots.len()
        ));
        md.push_str(&snapshots_md(&self.snapshots));
        let snaps: Vec<&TrailEntry> = self.activity.iter().filter(|e| is_snapshot(e)).collect();
        md.push_str(&format!(
            "\n## Snapshot copies in the activity trail ({})\n\n",
            snaps.len()
        ));
        md.push_str(&trail_table(&snaps));
        let checklist: Vec<&TrailEntry> =
            self.activity.iter().filter(|e| is_checklist(e)).collect();
        md.push_str(&format!(
            "\n## Checklist runs and ticks ({})\n\n",
            checklist.len()
        ));
        md.push_str(&trail_table(&checklist));
        let all: Vec<&TrailEntry> = self.activity.iter().collect();
        md.push_str(&format!("\n## All activity ({})\n\n", all.len()));
        md.push_str(&trail_table(&all));
        md.push_str(&format!(
            "\n## Deployments in the window ({})\n\n",
            self.deployments.len()
        ));
        if self.deployments.is_empty() {
            md.push_str("_(none)_\n");
        } else {
            let rows: Vec<Vec<String>> = self
                .deployments
                .iter()
                .map(|d| {
                    vec![
                        d.version.clone(),
                        d.deployed_at.map(fmt_utc).unwrap_or_default(),
                        d.operator.clone().unwrap_or_default(),
                        d.source.label().into(),
                        d.what_changed.clone(),
                    ]
                })
                .collect();
            md.push_str(&md_table(
                &[
                    "Version",
                    "Deployed (UTC)",
                    "Operator",
                    "Source",
                    "What changed",
                ],
                &rows,
            ));
        }
        md
    }
}

/// The facts list shared by the handoff and the postmortem.
pub fn incident_facts_md(i: &Incident, now: DateTime<Utc>) -> String {
    let opt = |t: Option<DateTime<Utc>>| t.map(fmt_utc).unwrap_or_else(|| "not set".into());
    format!(
        "- Severity: {}\n- Status: {}\n- Started: {}\n- Detected: {}\n- Resolved: {}\n- Duration: {}{}\n- Affected components: {}\n",
        i.severity.label(),
        i.status.label(),
        fmt_utc(i.started_at),
        opt(i.detected_at),
        opt(i.resolved_at),
        fmt_elapsed(i.duration_secs(now)),
        if i.resolved_at.is_none() { " (ongoing)" } else { "" },
        if i.affected_components.is_empty() {
            "not set".to_string()
        } else {
            i.affected_components
                .iter()
                .map(|c| md_inline(c))
                .collect::<Vec<_>>()
                .join(", ")
        }
    )
}

pub fn approvals_table(list: &[Approval]) -> String {
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|a| {
            vec![
                a.id.clone(),
                fmt_utc(a.approved_at),
                a.summary(),
                a.approver.clone(),
                format!("{} {}", a.method, a.reference),
                a.reason.clone(),
            ]
        })
        .collect();
    md_table(
        &[
            "Id",
            "Approved (UTC)",
            "Action",
            "Approver",
            "Method",
            "Reason",
        ],
        &rows,
    )
}

/// A fence for a code block around `body`: longer than any run of backticks in it.
fn fence_for(body: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in body.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    "`".repeat((longest + 1).max(3))
}

/// The snapshots as a table, then each body in a code block (verbatim: a code block shows it
/// as text, never as Markdown or HTML).
pub fn snapshots_md(list: &[CopiedSnapshot]) -> String {
    if list.is_empty() {
        return "_(none)_\n".into();
    }
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|s| {
            vec![
                s.id.clone(),
                fmt_utc(s.copied_at),
                s.kind.label().into(),
                s.copied_by.clone(),
                s.method.clone(),
                s.short_sha().into(),
            ]
        })
        .collect();
    let mut md = md_table(
        &["Id", "Copied (UTC)", "Kind", "By", "How", "SHA-256"],
        &rows,
    );
    for s in list {
        let fence = fence_for(&s.body);
        let lang = match s.kind {
            super::snapshots::SnapshotKind::DiagnosticsJson => "json",
            super::snapshots::SnapshotKind::IncidentSnapshot => "markdown",
        };
        md.push_str(&format!(
            "\n### {} — {}, {}\n\nSHA-256 `{}`{}\n\n{fence}{lang}\n{}{}{fence}\n",
            md_inline(&s.id),
            s.kind.label(),
            fmt_utc(s.copied_at),
            s.sha256,
            if s.intact() {
                ""
            } else {
                " (the stored body no longer matches it)"
            },
            s.body,
            if s.body.ends_with('\n') { "" } else { "\n" },
        ));
    }
    md
}

pub fn trail_table(list: &[&TrailEntry]) -> String {
    if list.is_empty() {
        return "_(none)_\n".into();
    }
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|e| {
            vec![
                fmt_utc(e.at),
                e.operator.clone(),
                e.kind.clone(),
                e.detail.clone(),
            ]
        })
        .collect();
    md_table(&["Time (UTC)", "Operator", "Kind", "Detail"], &rows)
}

/// Builds the bundle from the stores' contents.
pub fn handoff_bundle(
    incident: &Incident,
    approvals: &[Approval],
    snapshots: &[CopiedSnapshot],
    trail: &[TrailEntry],
    deployments: &[DeployRow],
    by: &str,
    now: DateTime<Utc>,
) -> HandoffBundle {
    let start = incident.started_at;
    let end = incident.window_end(now);
    HandoffBundle {
        kind: "ops-console-incident-handoff",
        schema: 1,
        generated_at: now,
        generated_by: by.to_string(),
        incident: incident.clone(),
        window_start: start,
        window_end: end,
        approvals: incident.linked_approvals(approvals, now),
        snapshots: incident.snapshots(snapshots, now),
        activity: trail
            .iter()
            .filter(|e| e.at >= start && e.at <= end)
            .cloned()
            .collect(),
        deployments: super::deploy_log::rows_between(deployments, start, end),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::approvals::ApprovalAction;
    use crate::domain::deploy_log::{merged_rows, DeployEntry};
    use crate::domain::snapshots::SnapshotKind;
    use crate::domain::time::parse_rfc3339;
    use crate::domain::trail::Trail;

    fn t(s: &str) -> DateTime<Utc> {
        parse_rfc3339(s).unwrap()
    }

    fn draft() -> IncidentDraft {
        IncidentDraft {
            title: "DB down | <b>bad</b>".into(),
            severity: "P0".into(),
            status: "open".into(),
            started_at: "2026-11-29 19:00".into(),
            detected_at: "2026-11-29 19:02".into(),
            resolved_at: "".into(),
            affected_components: "database, api\napi, ".into(),
            root_cause: "".into(),
            corrective_actions: "".into(),
            notes: "".into(),
        }
    }

    #[test]
    fn validation_accepts_and_refuses() {
        let now = t("2026-11-29T20:00:00Z");
        let i = validate_incident(&draft(), None, "INC-1".into(), "ana", true, now).unwrap();
        assert_eq!(i.affected_components, vec!["database", "api"]);
        assert_eq!(i.severity, Severity::P0);
        assert!(i.from_incident_mode);
        assert_eq!(i.duration_secs(now), 3600);
        let bad = IncidentDraft {
            title: " ".into(),
            severity: "P4".into(),
            status: "gone".into(),
            started_at: "".into(),
            detected_at: "later".into(),
            resolved_at: "2026-11-29 21:00".into(),
            ..draft()
        };
        let errs = validate_incident(&bad, None, "x".into(), "ana", false, now).unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            vec![
                "title",
                "severity",
                "status",
                "started_at",
                "detected_at",
                "resolved_at"
            ]
        );
        let bad = IncidentDraft {
            status: "resolved".into(),
            ..draft()
        };
        let errs = validate_incident(&bad, None, "x".into(), "ana", false, now).unwrap_err();
        assert_eq!(errs[0].field, "resolved_at");
        let bad = IncidentDraft {
            resolved_at: "2026-11-29 18:00".into(),
            ..draft()
        };
        let errs = validate_incident(&bad, None, "x".into(), "ana", false, now).unwrap_err();
        assert!(errs[0].message.contains("before the start"));
        let bad = IncidentDraft {
            started_at: "nope".into(),
            ..draft()
        };
        let errs = validate_incident(&bad, None, "x".into(), "ana", false, now).unwrap_err();
        assert_eq!(errs[0].field, "started_at");
    }

    #[test]
    fn editing_keeps_identity() {
        let now = t("2026-11-29T20:00:00Z");
        let i = validate_incident(&draft(), None, "INC-1".into(), "ana", true, now).unwrap();
        let later = t("2026-11-29T20:10:00Z");
        let d = IncidentDraft {
            status: "resolved".into(),
            resolved_at: "2026-11-29 20:05".into(),
            ..IncidentDraft::from_incident(&i)
        };
        let j = validate_incident(&d, Some(&i), "ignored".into(), "raj", false, later).unwrap();
        assert_eq!(j.id, "INC-1");
        assert_eq!(j.created_by, "ana");
        assert!(j.from_incident_mode);
        assert_eq!(j.updated_at, later);
        assert_eq!(j.duration_secs(later), 65 * 60);
    }

    #[test]
    fn merge_keeps_both_and_newest_edit() {
        let now = t("2026-11-29T20:00:00Z");
        let a = validate_incident(&draft(), None, "A".into(), "ana", false, now).unwrap();
        let b = validate_incident(&draft(), None, "B".into(), "raj", false, now).unwrap();
        let mut a2 = a.clone();
        a2.title = "edited".into();
        a2.updated_at = t("2026-11-29T20:01:00Z");
        let x = IncidentLog {
            incidents: vec![a2.clone(), b.clone()],
        };
        let y = IncidentLog {
            incidents: vec![a.clone()],
        };
        let xy = x.clone().merge(y.clone());
        assert_eq!(xy, y.merge(x));
        assert_eq!(xy.incidents.len(), 2);
        assert_eq!(xy.get("A").unwrap().title, "edited");
        assert_eq!(
            xy.for_session(None, Some(t("2026-11-29T19:00:00Z")))
                .map(|i| &i.id[..]),
            Some("A")
        );
        assert_eq!(
            xy.for_session(Some("B"), None).map(|i| &i.id[..]),
            Some("B")
        );
    }

    #[test]
    fn handoff_bundle_collects_the_window() {
        let now = t("2026-11-29T20:00:00Z");
        let inc = validate_incident(&draft(), None, "INC-1".into(), "ana", true, now).unwrap();
        let appr = |id: &str, at: &str| Approval {
            id: id.into(),
            action: ApprovalAction::Rollback,
            target: Some("41".into()),
            reason: "r | x".into(),
            approver: "T-JOSH".into(),
            method: "call".into(),
            reference: "".into(),
            approved_at: t(at),
            recorded_by: "ana".into(),
            recorded_at: t(at),
        };
        let approvals = vec![
            appr("in", "2026-11-29T19:30:00Z"),
            appr("out", "2026-11-29T18:00:00Z"),
        ];
        let mut trail = Trail::default();
        trail.append(t("2026-11-29T18:59:00Z"), "ana", "tick", "before");
        trail.append(t("2026-11-29T19:10:00Z"), "ana", "tick", "Pre-Deploy 1");
        trail.append(t("2026-11-29T19:11:00Z"), "ana", "snapshot", "copied <md>");
        let deploys = merged_rows(
            &[DeployEntry {
                id: "D".into(),
                version: "43".into(),
                what_changed: "hotfix".into(),
                deployed_at: t("2026-11-29T19:40:00Z"),
                operator: "ana".into(),
                recorded_at: now,
            }],
            &[],
            None,
        );
        let b = handoff_bundle(&inc, &approvals, &[], &trail.entries, &deploys, "raj", now);
        assert_eq!(b.approvals.len(), 1);
        assert_eq!(b.snapshots.len(), 0);
        assert_eq!(b.activity.len(), 2);
        assert_eq!(b.deployments.len(), 1);
        let md = b.to_markdown();
        assert!(md.contains("# Incident handoff: INC-1 — DB down \\| &lt;b&gt;bad&lt;/b&gt;"));
        assert!(md.contains("## Diagnostics snapshots (0)"));
        assert!(md.contains("## Snapshot copies in the activity trail (1)"));
        assert!(md.contains("## Checklist runs and ticks (1)"));
        assert!(md.contains("copied &lt;md&gt;"));
        assert!(md.contains("Duration: 01:00:00 (ongoing)"));
        let json: serde_json::Value = serde_json::from_str(&b.to_json()).unwrap();
        assert_eq!(json["incident"]["title"], "DB down | <b>bad</b>");
        assert_eq!(json["approvals"][0]["id"], "in");
    }
    fn copied(at: &str, kind: SnapshotKind, body: &str) -> CopiedSnapshot {
        CopiedSnapshot::new(kind, body.into(), t(at), "ana", "clipboard", None)
    }

    #[test]
    fn snapshots_during_an_incident_include_the_edges() {
        let now = t("2026-11-29T21:00:00Z");
        let mut inc = validate_incident(&draft(), None, "INC-1".into(), "ana", true, now).unwrap();
        let all = vec![
            copied(
                "2026-11-29T18:59:59Z",
                SnapshotKind::DiagnosticsJson,
                "before",
            ),
            copied(
                "2026-11-29T19:00:00Z",
                SnapshotKind::DiagnosticsJson,
                "at start",
            ),
            copied(
                "2026-11-29T19:30:00Z",
                SnapshotKind::IncidentSnapshot,
                "inside",
            ),
            copied(
                "2026-11-29T20:00:00Z",
                SnapshotKind::DiagnosticsJson,
                "at resolution",
            ),
            copied(
                "2026-11-29T20:00:01Z",
                SnapshotKind::DiagnosticsJson,
                "after",
            ),
        ];
        let bodies = |v: Vec<CopiedSnapshot>| v.into_iter().map(|s| s.body).collect::<Vec<_>>();
        // Open: up to now.
        assert_eq!(
            bodies(inc.snapshots(&all, now)),
            vec!["at start", "inside", "at resolution", "after"]
        );
        // Open, seen earlier: up to that moment.
        assert_eq!(
            bodies(inc.snapshots(&all, t("2026-11-29T19:30:00Z"))),
            vec!["at start", "inside"]
        );
        // Resolved: up to the resolution, edge included.
        inc.resolved_at = Some(t("2026-11-29T20:00:00Z"));
        inc.status = IncidentStatus::Resolved;
        assert_eq!(
            bodies(inc.snapshots(&all, now)),
            vec!["at start", "inside", "at resolution"]
        );
    }

    #[test]
    fn handoff_bundle_holds_the_snapshots_with_their_bodies() {
        let now = t("2026-11-29T20:00:00Z");
        let inc = validate_incident(&draft(), None, "INC-1".into(), "ana", true, now).unwrap();
        let json_body = "{\n  \"schema\": 1,\n  \"note\": \"<b>x</b> | y\"\n}";
        let md_body = "## Incident Snapshot — 2026-11-29 19:20:00 UTC\n\n- Routes: `/beak` 200\n";
        let all = vec![
            copied("2026-11-29T18:00:00Z", SnapshotKind::DiagnosticsJson, "old"),
            copied(
                "2026-11-29T19:10:00Z",
                SnapshotKind::DiagnosticsJson,
                json_body,
            ),
            copied(
                "2026-11-29T19:20:00Z",
                SnapshotKind::IncidentSnapshot,
                md_body,
            ),
        ];
        let mut trail = Trail::default();
        for s in &all {
            crate::domain::snapshots::append_to_trail(&mut trail, s);
        }
        let b = handoff_bundle(&inc, &[], &all, &trail.entries, &[], "raj", now);
        assert_eq!(b.snapshots.len(), 2);
        assert_eq!(b.snapshots[0].body, json_body);
        assert_eq!(b.activity.len(), 2);
        let json: serde_json::Value = serde_json::from_str(&b.to_json()).unwrap();
        assert_eq!(json["snapshots"][0]["kind"], "diagnostics-json");
        assert_eq!(json["snapshots"][0]["body"], json_body);
        assert_eq!(json["snapshots"][0]["sha256"], all[1].sha256);
        assert_eq!(json["snapshots"][1]["kind"], "incident-snapshot");
        let md = b.to_markdown();
        assert!(md.contains("## Diagnostics snapshots (2)"));
        assert!(md.contains(&format!("| {} |", all[1].id)));
        assert!(md.contains(&format!(
            "### {} — Diagnostics JSON, 2026-11-29 19:10:00 UTC",
            all[1].id
        )));
        assert!(md.contains(&format!("SHA-256 `{}`", all[1].sha256)));
        // Bodies verbatim inside code blocks.
        assert!(md.contains(&format!("```json\n{json_body}\n```\n")));
        assert!(md.contains(&format!("```markdown\n{md_body}```\n")));
        assert!(md.contains("## Snapshot copies in the activity trail (2)"));
        assert!(!md.contains(&all[0].id));
        // A body with a fence inside gets a longer fence.
        let tricky = copied(
            "2026-11-29T19:30:00Z",
            SnapshotKind::IncidentSnapshot,
            "a ```` b",
        );
        assert!(snapshots_md(&[tricky]).contains("`````markdown\na ```` b\n`````"));
        assert_eq!(snapshots_md(&[]), "_(none)_\n");
    }
}
