//! Incident postmortems: one draft per Incident Log entry, prefilled from the entry, the
//! activity trail and the approvals. Stored under `ops-console/v1/postmortems`.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::approvals::Approval;
use super::export::{md_block, md_inline, md_table};
use super::incident_log::{incident_facts_md, Incident};
use super::merge::Merge;
use super::settings::FieldError;
use super::time::{fmt_elapsed, fmt_utc, fmt_utc_time};
use super::trail::TrailEntry;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ActionItem {
    pub action: String,
    pub owner: String,
    /// `YYYY-MM-DD`.
    pub due: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Postmortem {
    pub incident_id: String,
    pub summary: String,
    pub impact: String,
    pub timeline: String,
    pub root_cause: String,
    pub went_well: String,
    pub went_wrong: String,
    pub actions: Vec<ActionItem>,
    pub updated_at: Option<DateTime<Utc>>,
    pub updated_by: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Postmortems {
    /// By incident id.
    pub drafts: BTreeMap<String, Postmortem>,
}

/// Per incident, the draft saved last wins (the other tab's on a tie); drafts for different
/// incidents are all kept.
impl Merge for Postmortems {
    fn merge(self, other: Self) -> Self {
        let mut out = self.drafts;
        for (k, v) in other.drafts {
            match out.get(&k) {
                Some(x) if x.updated_at > v.updated_at => {}
                _ => {
                    out.insert(k, v);
                }
            }
        }
        Postmortems { drafts: out }
    }
}

/// One timeline line per trail entry and approval in the window, oldest first.
pub fn timeline_lines(
    incident: &Incident,
    trail: &[TrailEntry],
    approvals: &[Approval],
    now: DateTime<Utc>,
) -> Vec<(DateTime<Utc>, String)> {
    let start = incident.started_at;
    let end = incident.window_end(now);
    let mut lines: Vec<(DateTime<Utc>, String)> = vec![(start, "Incident started".into())];
    if let Some(d) = incident.detected_at {
        lines.push((d, "Incident detected".into()));
    }
    for e in trail.iter().filter(|e| e.at >= start && e.at <= end) {
        lines.push((
            e.at,
            format!("{} ({}): {}", e.kind, e.operator, one_line(&e.detail)),
        ));
    }
    for a in incident.linked_approvals(approvals, now) {
        // Approvals are also in the trail when recorded in this console; list the approval
        // time itself (it can be earlier than its recording).
        lines.push((
            a.approved_at,
            format!("Approved: {} by {} ({})", a.summary(), a.approver, a.method),
        ));
    }
    if let Some(r) = incident.resolved_at {
        lines.push((r, "Incident resolved".into()));
    }
    crate::domain::sort::sort_by_key(&mut lines, |l| l.0);
    lines
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A new draft prefilled from what the console knows.
pub fn prefill(
    incident: &Incident,
    trail: &[TrailEntry],
    approvals: &[Approval],
    now: DateTime<Utc>,
) -> Postmortem {
    let duration = fmt_elapsed(incident.duration_secs(now));
    let summary = format!(
        "{} incident \"{}\" started {}{}, lasting {}{}.",
        incident.severity.label(),
        incident.title,
        fmt_utc(incident.started_at),
        incident
            .detected_at
            .map(|d| format!(", detected {}", fmt_utc(d)))
            .unwrap_or_default(),
        duration,
        incident
            .resolved_at
            .map(|r| format!(", resolved {}", fmt_utc(r)))
            .unwrap_or_else(|| " so far (not resolved)".into()),
    );
    let impact = if incident.affected_components.is_empty() {
        String::new()
    } else {
        format!(
            "Affected components: {}.",
            incident.affected_components.join(", ")
        )
    };
    let timeline = timeline_lines(incident, trail, approvals, now)
        .into_iter()
        .map(|(at, text)| format!("{} — {}", fmt_utc_time(at), text))
        .collect::<Vec<_>>()
        .join("\n");
    let actions = incident
        .corrective_actions
        .lines()
        .map(|l| l.trim().trim_start_matches(['-', '*']).trim())
        .filter(|l| !l.is_empty())
        .map(|l| ActionItem {
            action: l.to_string(),
            ..Default::default()
        })
        .collect();
    Postmortem {
        incident_id: incident.id.clone(),
        summary,
        impact,
        timeline,
        root_cause: incident.root_cause.clone(),
        went_well: String::new(),
        went_wrong: String::new(),
        actions,
        updated_at: None,
        updated_by: String::new(),
    }
}

/// Refusals for the corrective actions: (row index, error). Rows left entirely empty are fine.
pub fn validate_actions(actions: &[ActionItem]) -> Vec<(usize, FieldError)> {
    let mut out = Vec::new();
    for (i, a) in actions.iter().enumerate() {
        let empty =
            a.action.trim().is_empty() && a.owner.trim().is_empty() && a.due.trim().is_empty();
        if empty {
            continue;
        }
        if a.action.trim().is_empty() {
            out.push((
                i,
                FieldError {
                    field: "action",
                    message: "Describe the action.".into(),
                },
            ));
        }
        if a.owner.trim().is_empty() {
            out.push((
                i,
                FieldError {
                    field: "owner",
                    message: "Every action needs an owner.".into(),
                },
            ));
        }
        let due = a.due.trim();
        if due.is_empty() {
            out.push((
                i,
                FieldError {
                    field: "due",
                    message: "Set a due date (YYYY-MM-DD).".into(),
                },
            ));
        } else if crate::domain::time::parse_date(due).is_none() {
            out.push((
                i,
                FieldError {
                    field: "due",
                    message: "Use a date such as 2026-12-15.".into(),
                },
            ));
        }
    }
    out
}

/// The postmortem as Markdown.
pub fn to_markdown(pm: &Postmortem, incident: &Incident, now: DateTime<Utc>) -> String {
    let mut md = format!(
        "# Postmortem: {} — {}\n\n",
        md_inline(&incident.id),
        md_inline(&incident.title)
    );
    md.push_str(&incident_facts_md(incident, now));
    if let Some(u) = pm.updated_at {
        md.push_str(&format!(
            "- Draft saved: {} by {}\n",
            fmt_utc(u),
            md_inline(&pm.updated_by)
        ));
    }
    for (title, body) in [
        ("Summary", &pm.summary),
        ("Impact", &pm.impact),
        ("Timeline (UTC)", &pm.timeline),
        ("Root cause", &pm.root_cause),
        ("What went well", &pm.went_well),
        ("What went wrong", &pm.went_wrong),
    ] {
        md.push_str(&format!("\n## {title}\n\n{}\n", md_block(body)));
    }
    md.push_str("\n## Corrective actions\n\n");
    let rows: Vec<Vec<String>> = pm
        .actions
        .iter()
        .filter(|a| !(a.action.trim().is_empty() && a.owner.trim().is_empty()))
        .map(|a| vec![a.action.clone(), a.owner.clone(), a.due.clone()])
        .collect();
    if rows.is_empty() {
        md.push_str("_(none)_\n");
    } else {
        md.push_str(&md_table(&["Action", "Owner", "Due"], &rows));
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::incident_log::{validate_incident, IncidentDraft};
    use crate::domain::time::parse_rfc3339;
    use crate::domain::trail::Trail;

    fn t(s: &str) -> DateTime<Utc> {
        parse_rfc3339(s).unwrap()
    }

    fn incident() -> Incident {
        let d = IncidentDraft {
            title: "Peck storm".into(),
            severity: "P1".into(),
            status: "resolved".into(),
            started_at: "2026-11-29 19:00".into(),
            detected_at: "".into(),
            resolved_at: "2026-11-29 19:45".into(),
            affected_components: "peck-worker".into(),
            root_cause: "retry loop".into(),
            corrective_actions: "- cap retries\n- alert on rate\n".into(),
            notes: "".into(),
        };
        validate_incident(
            &d,
            None,
            "INC-1".into(),
            "ana",
            true,
            t("2026-11-29T20:00:00Z"),
        )
        .unwrap()
    }

    #[test]
    fn prefill_takes_times_trail_and_actions() {
        let mut trail = Trail::default();
        trail.append(t("2026-11-29T18:00:00Z"), "ana", "tick", "too early");
        trail.append(
            t("2026-11-29T19:00:00Z"),
            "ana",
            "incident-mode-on",
            "INC-1",
        );
        trail.append(t("2026-11-29T19:10:00Z"), "ana", "tick", "step\n2");
        trail.append(t("2026-11-29T19:45:00Z"), "ana", "incident-mode-off", "");
        trail.append(t("2026-11-29T19:50:00Z"), "ana", "tick", "too late");
        let pm = prefill(&incident(), &trail.entries, &[], t("2026-11-29T20:00:00Z"));
        assert!(pm.summary.contains("P1"));
        assert!(pm.summary.contains("00:45:00"));
        assert!(pm.impact.contains("peck-worker"));
        let lines: Vec<_> = pm.timeline.lines().collect();
        assert_eq!(lines.len(), 5, "{lines:?}");
        assert_eq!(lines[0], "19:00:00 UTC — Incident started");
        assert!(lines.iter().any(|l| l.contains("tick (ana): step 2")));
        assert!(!pm.timeline.contains("too"));
        assert_eq!(pm.actions.len(), 2);
        assert_eq!(pm.actions[0].action, "cap retries");
        assert_eq!(pm.root_cause, "retry loop");
    }

    #[test]
    fn the_timeline_lists_snapshot_copies() {
        use crate::domain::snapshots::{append_to_trail, CopiedSnapshot, SnapshotKind};
        let s = CopiedSnapshot::new(
            SnapshotKind::DiagnosticsJson,
            "{}".into(),
            t("2026-11-29T19:20:00Z"),
            "ana",
            "clipboard",
            Some("INC-1".into()),
        );
        let mut trail = Trail::default();
        append_to_trail(&mut trail, &s);
        let pm = prefill(&incident(), &trail.entries, &[], t("2026-11-29T20:00:00Z"));
        let line = pm
            .timeline
            .lines()
            .find(|l| l.starts_with("19:20:00 UTC — snapshot (ana): Diagnostics JSON copied"))
            .unwrap_or_else(|| panic!("{}", pm.timeline));
        assert!(line.contains(&format!("sha256 {}", s.short_sha())));
        assert!(line.contains(&s.id));
    }

    #[test]
    fn actions_need_owner_and_date() {
        let v = validate_actions(&[
            ActionItem::default(),
            ActionItem {
                action: "cap".into(),
                owner: "".into(),
                due: "soon".into(),
            },
            ActionItem {
                action: "ok".into(),
                owner: "raj".into(),
                due: "2026-12-15".into(),
            },
        ]);
        let got: Vec<_> = v.iter().map(|(i, e)| (*i, e.field)).collect();
        assert_eq!(got, vec![(1, "owner"), (1, "due")]);
    }

    #[test]
    fn markdown_has_every_section_and_escapes() {
        let mut pm = prefill(&incident(), &[], &[], t("2026-11-29T20:00:00Z"));
        pm.went_wrong = "<script>x</script> | a".into();
        pm.actions[0].owner = "raj | ops".into();
        pm.actions[0].due = "2026-12-15".into();
        let md = to_markdown(&pm, &incident(), t("2026-11-29T20:00:00Z"));
        for s in [
            "## Summary",
            "## Impact",
            "## Timeline (UTC)",
            "## Root cause",
            "## What went well",
            "## What went wrong",
            "## Corrective actions",
        ] {
            assert!(md.contains(s), "{s}");
        }
        assert!(md.contains("&lt;script&gt;x&lt;/script&gt; \\| a"));
        assert!(md.contains("| cap retries | raj \\| ops | 2026-12-15 |"));
        assert!(!md.contains("<script>"));
    }

    #[test]
    fn every_hostile_text_in_every_field_round_trips_and_stays_inert_in_markdown() {
        use crate::domain::export::{assert_inert_markdown, HOSTILE};
        for (i, text) in HOSTILE.iter().enumerate() {
            let mut pm = prefill(&incident(), &[], &[], t("2026-11-29T20:00:00Z"));
            let s = (*text).to_string();
            pm.summary = s.clone();
            pm.impact = s.clone();
            pm.timeline = s.clone();
            pm.root_cause = s.clone();
            pm.went_well = s.clone();
            pm.went_wrong = s.clone();
            pm.actions[0].action = s.clone();
            pm.actions[0].owner = s.clone();
            let back: Postmortem =
                serde_json::from_str(&serde_json::to_string(&pm).unwrap()).unwrap();
            assert_eq!(back, pm, "case {i}");
            let md = to_markdown(&pm, &incident(), t("2026-11-29T20:00:00Z"));
            assert_inert_markdown(&md);
            // The corrective actions table keeps its columns.
            let header = md.lines().position(|l| l.starts_with("| Action")).unwrap();
            let row = md.lines().nth(header + 2).unwrap();
            let cols = md.lines().nth(header).unwrap().matches('|').count();
            assert_eq!(
                row.replace("\\|", "").matches('|').count(),
                cols,
                "case {i}: {row}"
            );
        }
    }

    #[test]
    fn merge_keeps_newest_per_incident() {
        let mut a = Postmortems::default();
        let mut b = Postmortems::default();
        let mk = |id: &str, s: &str, at: &str| Postmortem {
            incident_id: id.into(),
            summary: s.into(),
            updated_at: Some(t(at)),
            ..Default::default()
        };
        a.drafts
            .insert("X".into(), mk("X", "old", "2026-11-29T19:00:00Z"));
        b.drafts
            .insert("X".into(), mk("X", "new", "2026-11-29T19:01:00Z"));
        b.drafts
            .insert("Y".into(), mk("Y", "y", "2026-11-29T19:00:00Z"));
        let ab = a.clone().merge(b.clone());
        assert_eq!(ab, b.merge(a));
        assert_eq!(ab.drafts["X"].summary, "new");
        assert_eq!(ab.drafts.len(), 2);
    }
}
