//! Governance approvals and the approval gate. Plain Rust: no signals, no web-sys.
//!
//! An approval records who allowed which action (and on which target), how and when. The
//! console's gated steps ask [`find_gate`] whether a matching approval exists within the
//! validity window. Stored under `ops-console/v1/governance-log`.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::merge::Merge;
use super::search::contains_folded;
use super::settings::FieldError;
use super::utc_input::parse_utc_input;

/// The default validity of an approval: 4 hours.
pub const DEFAULT_VALIDITY_SECS: u32 = 4 * 3600;
/// How far in the future an approval time may lie (clock skew between devices).
pub const FUTURE_SKEW_SECS: i64 = 5 * 60;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ApprovalAction {
    AliasPromotion,
    Rollback,
    FreezeOverride,
    CertRevocation,
    ConnectionTermination,
    Other,
}

impl ApprovalAction {
    pub const ALL: [ApprovalAction; 6] = [
        ApprovalAction::AliasPromotion,
        ApprovalAction::Rollback,
        ApprovalAction::FreezeOverride,
        ApprovalAction::CertRevocation,
        ApprovalAction::ConnectionTermination,
        ApprovalAction::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ApprovalAction::AliasPromotion => "Alias promotion",
            ApprovalAction::Rollback => "Rollback",
            ApprovalAction::FreezeOverride => "Change-freeze override",
            ApprovalAction::CertRevocation => "Cert revocation",
            ApprovalAction::ConnectionTermination => "Connection termination",
            ApprovalAction::Other => "Other",
        }
    }

    /// The kebab-case name used in URLs (`?action=rollback`) and in JSON.
    pub fn slug(self) -> &'static str {
        match self {
            ApprovalAction::AliasPromotion => "alias-promotion",
            ApprovalAction::Rollback => "rollback",
            ApprovalAction::FreezeOverride => "freeze-override",
            ApprovalAction::CertRevocation => "cert-revocation",
            ApprovalAction::ConnectionTermination => "connection-termination",
            ApprovalAction::Other => "other",
        }
    }

    /// Reads a slug (case and surrounding spaces ignored).
    pub fn from_slug(s: &str) -> Option<Self> {
        let s = s.trim().to_ascii_lowercase();
        Self::ALL.into_iter().find(|a| a.slug() == s)
    }

    /// Whether this action needs a target version (promotion and rollback do).
    pub fn needs_version(self) -> bool {
        matches!(
            self,
            ApprovalAction::AliasPromotion | ApprovalAction::Rollback
        )
    }

    /// What the target field means for this action.
    pub fn target_label(self) -> &'static str {
        match self {
            ApprovalAction::AliasPromotion | ApprovalAction::Rollback => "Target version",
            ApprovalAction::CertRevocation => "Certificate (optional)",
            ApprovalAction::ConnectionTermination => "Connection (optional)",
            _ => "Target (optional)",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    pub id: String,
    pub action: ApprovalAction,
    /// The version (promotion, rollback) or other target; None when it does not apply.
    pub target: Option<String>,
    pub reason: String,
    pub approver: String,
    /// How the approval was given: chat, call, ticket, in person…
    pub method: String,
    /// A ticket number, message link or similar.
    pub reference: String,
    pub approved_at: DateTime<Utc>,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}

impl Approval {
    /// `Rollback → 41`, or just the action label.
    pub fn summary(&self) -> String {
        match &self.target {
            Some(t) => format!("{} → {}", self.action.label(), t),
            None => self.action.label().to_string(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct GovernanceLog {
    /// Oldest first (by approval time, then id).
    pub approvals: Vec<Approval>,
}

impl GovernanceLog {
    /// Adds an approval (kept sorted; an entry with the same id is replaced).
    pub fn add(&mut self, a: Approval) {
        self.approvals.retain(|x| x.id != a.id);
        self.approvals.push(a);
        sort(&mut self.approvals);
    }

    /// Newest first, for lists and exports.
    pub fn newest_first(&self) -> Vec<Approval> {
        let mut v = self.approvals.clone();
        v.reverse();
        v
    }

    pub fn get(&self, id: &str) -> Option<&Approval> {
        self.approvals.iter().find(|a| a.id == id)
    }

    /// Approvals given within `[from, to]` (inclusive), oldest first.
    pub fn between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Approval> {
        self.approvals
            .iter()
            .filter(|a| a.approved_at >= from && a.approved_at <= to)
            .cloned()
            .collect()
    }
}

fn sort(v: &mut [Approval]) {
    crate::domain::sort::sort_by(v, |a, b| {
        a.approved_at
            .cmp(&b.approved_at)
            .then_with(|| a.id.cmp(&b.id))
    });
}

/// The positions in `approvals` (oldest first, as stored) of those matching `query`, newest
/// first. The query is matched case-insensitively against the id, action, target, reason,
/// approver, method, reference and who recorded it; an empty query matches all.
pub fn select_newest_first(approvals: &[Approval], query: &str) -> Vec<usize> {
    let needle = query.trim().to_lowercase();
    let hit = |a: &Approval| {
        needle.is_empty()
            || [
                a.id.as_str(),
                a.action.label(),
                a.action.slug(),
                a.target.as_deref().unwrap_or(""),
                a.reason.as_str(),
                a.approver.as_str(),
                a.method.as_str(),
                a.reference.as_str(),
                a.recorded_by.as_str(),
            ]
            .iter()
            .any(|f| contains_folded(f, &needle))
    };
    (0..approvals.len())
        .rev()
        .filter(|&i| hit(&approvals[i]))
        .collect()
}

/// Union by id: both tabs keep their entries. Approvals are never edited in place, so on an id
/// present on both sides the later-recorded copy wins (the other tab's on a tie).
impl Merge for GovernanceLog {
    fn merge(self, other: Self) -> Self {
        // By id in a map, then sorted once (a search per entry would be quadratic).
        let mut by_id: std::collections::HashMap<String, Approval> = self
            .approvals
            .into_iter()
            .map(|a| (a.id.clone(), a))
            .collect();
        for b in other.approvals {
            match by_id.get(&b.id) {
                Some(a) if b.recorded_at < a.recorded_at => {}
                _ => {
                    by_id.insert(b.id.clone(), b);
                }
            }
        }
        let mut out: Vec<Approval> = by_id.into_values().collect();
        sort(&mut out);
        GovernanceLog { approvals: out }
    }
}

/// Whether `a` is an approval of `action` for `target` (any target with None; with Some the
/// approval's target must equal it after trimming both), whatever its time.
fn is_for(a: &Approval, action: ApprovalAction, target: Option<&str>) -> bool {
    a.action == action
        && match target {
            None => true,
            Some(t) => a.target.as_deref().map(str::trim) == Some(t.trim()),
        }
}

/// The newest approval of `action` whose target matches and whose approval time lies within
/// `[now - validity, now + 5 min]` (both edges included). With `target` None any target
/// matches; with Some the approval's target must equal it after trimming both.
pub fn find_gate<'a>(
    approvals: &'a [Approval],
    action: ApprovalAction,
    target: Option<&str>,
    now: DateTime<Utc>,
    validity_secs: u32,
) -> Option<&'a Approval> {
    let earliest = now - Duration::seconds(i64::from(validity_secs));
    let latest = now + Duration::seconds(FUTURE_SKEW_SECS);
    approvals
        .iter()
        .filter(|a| is_for(a, action, target))
        .filter(|a| a.approved_at >= earliest && a.approved_at <= latest)
        .max_by(|a, b| {
            a.approved_at
                .cmp(&b.approved_at)
                .then_with(|| a.recorded_at.cmp(&b.recorded_at))
                .then_with(|| a.id.cmp(&b.id))
        })
}

/// The approvals of `action` for `target` (as [`find_gate`] matches them), whatever their
/// time: the only ones a gate's answer depends on. A gate shown on screen keeps them while the
/// log is unchanged and asks [`find_gate`] of them each second, instead of the whole log.
pub fn gate_candidates(
    approvals: &[Approval],
    action: ApprovalAction,
    target: Option<&str>,
) -> Vec<Approval> {
    approvals
        .iter()
        .filter(|a| is_for(a, action, target))
        .cloned()
        .collect()
}

/// A sentence for a gated step: which approval satisfies it, or that none does.
pub fn gate_message(
    approvals: &[Approval],
    action: ApprovalAction,
    target: Option<&str>,
    now: DateTime<Utc>,
    validity_secs: u32,
) -> (bool, String) {
    let what = match target {
        Some(t) => format!("{} of {}", action.label(), t.trim()),
        None => action.label().to_string(),
    };
    match find_gate(approvals, action, target, now, validity_secs) {
        Some(a) => (
            true,
            format!(
                "{what} approved by {} ({}, {}) at {} — {}",
                a.approver,
                a.method,
                a.reference,
                super::time::fmt_utc(a.approved_at),
                a.id
            ),
        ),
        None => (
            false,
            format!(
                "No approval for {what} within the last {}: record one in the Governance Log.",
                super::time::fmt_age(i64::from(validity_secs))
            ),
        ),
    }
}

/// The approval form's text, as typed. Validated into an [`Approval`].
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ApprovalDraft {
    /// An action slug (see [`ApprovalAction::slug`]).
    pub action: String,
    pub target: String,
    pub reason: String,
    pub approver: String,
    pub method: String,
    pub reference: String,
    /// UTC time as RFC 3339 or `YYYY-MM-DD HH:MM[:SS]`.
    pub approved_at: String,
}

/// Longest accepted free text (characters) in one field.
pub const MAX_TEXT: usize = 4000;
/// Longest accepted short field (names, versions, references).
pub const MAX_SHORT: usize = 200;

/// A version string as typed: required, not `$LATEST`, no spaces, at most 64 characters.
pub fn validate_version(field: &'static str, v: &str) -> Option<FieldError> {
    let v = v.trim();
    let msg = if v.is_empty() {
        "The version is required."
    } else if v.eq_ignore_ascii_case("$LATEST") {
        "$LATEST is not a deployable version: use the published version number."
    } else if v.chars().any(char::is_whitespace) {
        "A version cannot contain spaces."
    } else if v.chars().count() > 64 {
        "A version has at most 64 characters."
    } else {
        return None;
    };
    Some(FieldError {
        field,
        message: msg.into(),
    })
}

pub(crate) fn check_len(
    errs: &mut Vec<FieldError>,
    field: &'static str,
    v: &str,
    max: usize,
    required: Option<&str>,
) {
    if let Some(msg) = required {
        if v.trim().is_empty() {
            errs.push(FieldError {
                field,
                message: msg.into(),
            });
            return;
        }
    }
    if v.chars().count() > max {
        errs.push(FieldError {
            field,
            message: format!("At most {max} characters."),
        });
    }
}

/// Checks the draft; on success returns the approval with the given id and recorder.
pub fn validate_approval(
    d: &ApprovalDraft,
    id: String,
    recorded_by: &str,
    now: DateTime<Utc>,
) -> Result<Approval, Vec<FieldError>> {
    let mut errs = Vec::new();
    let action = ApprovalAction::from_slug(&d.action);
    if action.is_none() {
        errs.push(FieldError {
            field: "action",
            message: "Choose the action that was approved.".into(),
        });
    }
    let target = d.target.trim();
    match action {
        Some(a) if a.needs_version() => {
            if let Some(e) = validate_version("target", target) {
                errs.push(e);
            }
        }
        _ => check_len(&mut errs, "target", target, MAX_SHORT, None),
    }
    check_len(
        &mut errs,
        "reason",
        &d.reason,
        MAX_TEXT,
        Some("Say why the action was approved."),
    );
    check_len(
        &mut errs,
        "approver",
        &d.approver,
        MAX_SHORT,
        Some("The approver is required."),
    );
    check_len(
        &mut errs,
        "method",
        &d.method,
        MAX_SHORT,
        Some("How was it approved (chat, call, ticket, in person)?"),
    );
    check_len(&mut errs, "reference", &d.reference, MAX_SHORT, None);
    let approved_at = match parse_utc_input(&d.approved_at) {
        None => {
            errs.push(FieldError {
                field: "approved_at",
                message: "Use a UTC time such as 2026-11-29 19:42 or 2026-11-29T19:42:00Z.".into(),
            });
            None
        }
        Some(t) if super::time::is_future(t, now, FUTURE_SKEW_SECS) => {
            errs.push(FieldError {
                field: "approved_at",
                message: "The approval time is more than 5 minutes in the future.".into(),
            });
            None
        }
        Some(t) => Some(t),
    };
    match (action, approved_at) {
        (Some(action), Some(approved_at)) if errs.is_empty() => Ok(Approval {
            id,
            action,
            target: (!target.is_empty()).then(|| target.to_string()),
            reason: d.reason.trim().to_string(),
            approver: d.approver.trim().to_string(),
            method: d.method.trim().to_string(),
            reference: d.reference.trim().to_string(),
            approved_at,
            recorded_by: recorded_by.to_string(),
            recorded_at: now,
        }),
        _ => Err(errs),
    }
}

/// An id such as `APR-20261129-194207-3f2a` from the time and some entropy.
pub fn new_id(prefix: &str, at: DateTime<Utc>, entropy: u64) -> String {
    format!(
        "{prefix}-{}-{:04x}",
        crate::domain::time::stamp(at),
        entropy & 0xffff
    )
}

/// `GOVERNANCE-LOG.md`: one section per approval, newest first. Operator text is escaped
/// (HTML stays text, `|` and Markdown punctuation are inert).
pub fn governance_markdown(log: &GovernanceLog, generated_at: DateTime<Utc>) -> String {
    use super::export::{md_block, md_inline};
    use super::time::fmt_utc;
    let mut md = format!(
        "# Governance Log\n\nExported {} — {} approvals, newest first.\n",
        fmt_utc(generated_at),
        log.approvals.len()
    );
    for a in log.newest_first() {
        md.push_str(&format!(
            "\n## {} — {}\n\n",
            md_inline(&a.id),
            md_inline(&a.summary())
        ));
        md.push_str(&format!("- Action: {}\n", a.action.label()));
        md.push_str(&format!(
            "- Target: {}\n",
            a.target
                .as_deref()
                .map(md_inline)
                .unwrap_or_else(|| "n/a".into())
        ));
        md.push_str(&format!("- Approver: {}\n", md_inline(&a.approver)));
        md.push_str(&format!("- Method: {}\n", md_inline(&a.method)));
        md.push_str(&format!(
            "- Reference: {}\n",
            if a.reference.trim().is_empty() {
                "none".into()
            } else {
                md_inline(&a.reference)
            }
        ));
        md.push_str(&format!("- Approved at: {}\n", fmt_utc(a.approved_at)));
        md.push_str(&format!(
            "- Recorded by: {} at {}\n",
            md_inline(&a.recorded_by),
            fmt_utc(a.recorded_at)
        ));
        md.push_str(&format!("\n### Reason\n\n{}\n", md_block(&a.reason)));
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::parse_rfc3339;

    fn t(s: &str) -> DateTime<Utc> {
        parse_rfc3339(s).unwrap()
    }

    fn appr(id: &str, action: ApprovalAction, target: Option<&str>, at: &str) -> Approval {
        Approval {
            id: id.into(),
            action,
            target: target.map(Into::into),
            reason: "r".into(),
            approver: "T-JOSH".into(),
            method: "chat".into(),
            reference: "#1".into(),
            approved_at: t(at),
            recorded_by: "ana".into(),
            recorded_at: t(at),
        }
    }

    #[test]
    fn slugs_round_trip() {
        for a in ApprovalAction::ALL {
            assert_eq!(ApprovalAction::from_slug(a.slug()), Some(a));
            let json = serde_json::to_string(&a).unwrap();
            assert_eq!(json, format!("\"{}\"", a.slug()));
        }
        assert_eq!(
            ApprovalAction::from_slug(" Rollback "),
            Some(ApprovalAction::Rollback)
        );
        assert_eq!(ApprovalAction::from_slug("nuke"), None);
    }

    #[test]
    fn gate_matches_action_and_target() {
        let now = t("2026-11-29T20:00:00Z");
        let list = vec![
            appr(
                "a",
                ApprovalAction::Rollback,
                Some(" 41 "),
                "2026-11-29T19:00:00Z",
            ),
            appr(
                "b",
                ApprovalAction::AliasPromotion,
                Some("42"),
                "2026-11-29T19:30:00Z",
            ),
        ];
        let v = DEFAULT_VALIDITY_SECS;
        assert_eq!(
            find_gate(&list, ApprovalAction::Rollback, Some("41"), now, v).map(|a| &a.id[..]),
            Some("a")
        );
        assert!(find_gate(&list, ApprovalAction::Rollback, Some("42"), now, v).is_none());
        assert!(find_gate(&list, ApprovalAction::AliasPromotion, Some("41"), now, v).is_none());
        assert!(find_gate(&list, ApprovalAction::FreezeOverride, None, now, v).is_none());
        assert_eq!(
            find_gate(&list, ApprovalAction::AliasPromotion, None, now, v).map(|a| &a.id[..]),
            Some("b")
        );
        let (ok, msg) = gate_message(&list, ApprovalAction::Rollback, Some("41"), now, v);
        assert!(ok && msg.contains("T-JOSH") && msg.contains('a'));
        let (ok, msg) = gate_message(&list, ApprovalAction::Rollback, Some("40"), now, v);
        assert!(!ok && msg.contains("No approval") && msg.contains("4 h"));
    }

    #[test]
    fn gate_candidates_answer_as_the_whole_log_does() {
        let actions = [
            ApprovalAction::Rollback,
            ApprovalAction::AliasPromotion,
            ApprovalAction::FreezeOverride,
        ];
        let targets = [Some("41"), Some(" 41 "), Some("42"), None, Some("")];
        let mut list = Vec::new();
        for i in 0..60u32 {
            let at = format!("2026-11-29T{:02}:{:02}:00Z", 14 + i % 6, (i * 7) % 60);
            let id = format!("a{i}");
            let mut a = appr(&id, actions[i as usize % 3], targets[i as usize % 5], &at);
            a.recorded_at = t(&format!("2026-11-29T20:{:02}:00Z", i % 4));
            list.push(a);
        }
        for action in actions {
            for target in [Some("41"), Some("42"), Some("43"), None] {
                let kept = gate_candidates(&list, action, target);
                assert!(kept.len() < list.len());
                for minute in (0..600).step_by(17) {
                    let now = t("2026-11-29T14:00:00Z") + Duration::minutes(minute);
                    for v in [60, 3600, DEFAULT_VALIDITY_SECS] {
                        assert_eq!(
                            find_gate(&kept, action, target, now, v),
                            find_gate(&list, action, target, now, v),
                            "{action:?} {target:?} {now} {v}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn gate_validity_window_edges() {
        let now = t("2026-11-29T20:00:00Z");
        let v = 3600;
        let at = |s: &str| vec![appr("x", ApprovalAction::Rollback, Some("41"), s)];
        let hit =
            |l: &[Approval]| find_gate(l, ApprovalAction::Rollback, Some("41"), now, v).is_some();
        assert!(hit(&at("2026-11-29T19:00:00Z")), "exactly at the old edge");
        assert!(!hit(&at("2026-11-29T18:59:59Z")), "one second too old");
        assert!(
            hit(&at("2026-11-29T20:05:00Z")),
            "exactly 5 min in the future"
        );
        assert!(!hit(&at("2026-11-29T20:05:01Z")), "beyond the skew");
        assert!(hit(&at("2026-11-29T20:00:00Z")));
    }

    #[test]
    fn gate_picks_the_newest() {
        let now = t("2026-11-29T20:00:00Z");
        let list = vec![
            appr(
                "new",
                ApprovalAction::Rollback,
                Some("41"),
                "2026-11-29T19:50:00Z",
            ),
            appr(
                "old",
                ApprovalAction::Rollback,
                Some("41"),
                "2026-11-29T19:00:00Z",
            ),
        ];
        assert_eq!(
            find_gate(&list, ApprovalAction::Rollback, Some("41"), now, 7200).map(|a| &a.id[..]),
            Some("new")
        );
    }

    fn draft() -> ApprovalDraft {
        ApprovalDraft {
            action: "rollback".into(),
            target: "41".into(),
            reason: "5xx after \"42\" | <b>bad</b>\nline 2".into(),
            approver: "T-JOSH".into(),
            method: "call".into(),
            reference: "INC-7".into(),
            approved_at: "2026-11-29 19:42".into(),
        }
    }

    #[test]
    fn validation_accepts_a_good_draft() {
        let now = t("2026-11-29T20:00:00Z");
        let a = validate_approval(&draft(), "APR-1".into(), "ana", now).unwrap();
        assert_eq!(a.action, ApprovalAction::Rollback);
        assert_eq!(a.target.as_deref(), Some("41"));
        assert_eq!(a.approved_at, t("2026-11-29T19:42:00Z"));
        assert!(a.reason.contains("<b>bad</b>"));
        // Targets are optional for other actions.
        let d = ApprovalDraft {
            action: "freeze-override".into(),
            target: " ".into(),
            ..draft()
        };
        let a = validate_approval(&d, "APR-2".into(), "ana", now).unwrap();
        assert_eq!(a.target, None);
    }

    #[test]
    fn validation_names_each_bad_field() {
        let now = t("2026-11-29T20:00:00Z");
        let d = ApprovalDraft {
            action: "nuke".into(),
            target: "".into(),
            reason: " ".into(),
            approver: "".into(),
            method: "".into(),
            reference: "x".repeat(MAX_SHORT + 1),
            approved_at: "tomorrow".into(),
        };
        let errs = validate_approval(&d, "x".into(), "ana", now).unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            vec![
                "action",
                "reason",
                "approver",
                "method",
                "reference",
                "approved_at"
            ]
        );
        let d = ApprovalDraft {
            target: "$LATEST".into(),
            approved_at: "2026-11-29T20:06:00Z".into(),
            ..draft()
        };
        let errs = validate_approval(&d, "x".into(), "ana", now).unwrap_err();
        assert_eq!(errs.len(), 2);
        assert!(errs[0].message.contains("$LATEST"));
        assert!(errs[1].message.contains("future"));
        let d = ApprovalDraft {
            target: "".into(),
            ..draft()
        };
        let errs = validate_approval(&d, "x".into(), "ana", now).unwrap_err();
        assert_eq!(errs[0].field, "target");
    }

    #[test]
    fn selection_is_newest_first_and_case_insensitive() {
        let mut a = appr(
            "APR-1",
            ApprovalAction::Rollback,
            Some("41"),
            "2026-11-20T00:00:00Z",
        );
        a.reason = "Webhook errors after 42".into();
        let b = appr(
            "APR-2",
            ApprovalAction::AliasPromotion,
            Some("43"),
            "2026-11-21T00:00:00Z",
        );
        let mut c = appr(
            "APR-3",
            ApprovalAction::Rollback,
            Some("42"),
            "2026-11-22T00:00:00Z",
        );
        c.method = "Ticket".into();
        let all = vec![a, b, c];
        assert_eq!(select_newest_first(&all, ""), vec![2, 1, 0]);
        assert_eq!(select_newest_first(&all, "  "), vec![2, 1, 0]);
        assert_eq!(select_newest_first(&all, "ROLLBACK"), vec![2, 0]);
        assert_eq!(select_newest_first(&all, "webhook"), vec![0]);
        assert_eq!(select_newest_first(&all, "ticket"), vec![2]);
        assert_eq!(select_newest_first(&all, "apr-2"), vec![1]);
        assert_eq!(select_newest_first(&all, "43"), vec![1]);
        assert!(select_newest_first(&all, "nothing like this").is_empty());
        assert!(select_newest_first(&[], "x").is_empty());
    }

    #[test]
    fn merge_is_a_union_by_id() {
        let a = GovernanceLog {
            approvals: vec![appr(
                "a",
                ApprovalAction::Rollback,
                Some("41"),
                "2026-11-29T19:00:00Z",
            )],
        };
        let b = GovernanceLog {
            approvals: vec![
                appr("b", ApprovalAction::Other, None, "2026-11-29T18:00:00Z"),
                appr(
                    "a",
                    ApprovalAction::Rollback,
                    Some("41"),
                    "2026-11-29T19:00:00Z",
                ),
            ],
        };
        let ab = a.clone().merge(b.clone());
        let ba = b.merge(a);
        assert_eq!(ab, ba);
        let ids: Vec<_> = ab.approvals.iter().map(|x| &x.id[..]).collect();
        assert_eq!(ids, vec!["b", "a"]);
        assert_eq!(ab.newest_first()[0].id, "a");
    }

    #[test]
    fn markdown_export_newest_first_and_escaped() {
        let mut old = appr(
            "APR-1",
            ApprovalAction::Rollback,
            Some("41"),
            "2026-11-29T18:00:00Z",
        );
        old.reason = "a | b <script>x</script>\n- not a list".into();
        let new = appr(
            "APR-2",
            ApprovalAction::FreezeOverride,
            None,
            "2026-11-29T19:00:00Z",
        );
        let log = GovernanceLog {
            approvals: vec![old, new],
        };
        let md = governance_markdown(&log, t("2026-11-29T20:00:00Z"));
        let p1 = md.find("## APR-1").unwrap();
        let p2 = md.find("## APR-2").unwrap();
        assert!(p2 < p1, "newest first");
        assert!(md.contains("## APR-1 — Rollback → 41"));
        assert!(md.contains("a \\| b &lt;script&gt;x&lt;/script&gt;  \n\\- not a list"));
        assert!(md.contains("- Target: n/a"));
        assert!(!md.contains("<script>"));
    }

    #[test]
    fn every_hostile_reason_round_trips_and_stays_inert_in_governance_markdown() {
        use crate::domain::export::{assert_inert_markdown, HOSTILE};
        for (i, text) in HOSTILE.iter().enumerate() {
            let mut a = appr(
                "APR-1",
                ApprovalAction::Rollback,
                Some("41"),
                "2026-11-29T18:00:00Z",
            );
            a.reason = (*text).into();
            a.method = (*text).into();
            a.reference = (*text).into();
            let log = GovernanceLog { approvals: vec![a] };
            let back: GovernanceLog =
                serde_json::from_str(&serde_json::to_string(&log).unwrap()).unwrap();
            assert_eq!(back, log, "case {i}");
            let md = governance_markdown(&log, t("2026-11-29T20:00:00Z"));
            assert_inert_markdown(&md);
            assert_eq!(md.matches("## APR-").count(), 1, "case {i}");
        }
    }

    #[test]
    fn ids_are_readable() {
        assert_eq!(
            new_id("APR", t("2026-11-29T19:42:07Z"), 0x1_3f2a),
            "APR-20261129-194207-3f2a"
        );
    }
}
