//! Gated operations: the destructive steps of the triage list (rollback of the prod alias, cert
//! revocation, connection termination) as command builders with configurable templates. The
//! console never runs them: it builds the command once a matching approval is recorded and the
//! operator copies it. Templates are stored under `ops-console/v1/gated-templates`.
//! Plain Rust, tested natively.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::approvals::{find_gate, validate_version, Approval, ApprovalAction};
use super::merge::{Merge, PerField};
use super::settings::FieldError;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GatedOp {
    Rollback,
    CertRevocation,
    ConnectionTermination,
}

/// The longest template accepted.
pub const MAX_TEMPLATE: usize = 500;
/// The longest input value accepted.
pub const MAX_INPUT: usize = 128;

impl GatedOp {
    pub const ALL: [GatedOp; 3] = [
        GatedOp::Rollback,
        GatedOp::CertRevocation,
        GatedOp::ConnectionTermination,
    ];

    /// The operation with this [`GatedOp::id`].
    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|op| op.id() == id)
    }

    pub fn id(self) -> &'static str {
        match self {
            GatedOp::Rollback => "rollback",
            GatedOp::CertRevocation => "cert-revocation",
            GatedOp::ConnectionTermination => "connection-termination",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            GatedOp::Rollback => "Roll back the prod alias",
            GatedOp::CertRevocation => "Revoke a certificate",
            GatedOp::ConnectionTermination => "Terminate a connection",
        }
    }

    /// The approval action that unlocks it.
    pub fn action(self) -> ApprovalAction {
        match self {
            GatedOp::Rollback => ApprovalAction::Rollback,
            GatedOp::CertRevocation => ApprovalAction::CertRevocation,
            GatedOp::ConnectionTermination => ApprovalAction::ConnectionTermination,
        }
    }

    /// The operator's input: `(placeholder, label, hint)`.
    pub fn input(self) -> (&'static str, &'static str, &'static str) {
        match self {
            GatedOp::Rollback => (
                "version",
                "Known-good version",
                "The numbered version to point the prod alias at (never $LATEST).",
            ),
            GatedOp::CertRevocation => {
                ("cert", "Certificate id", "The certificate's id or serial.")
            }
            GatedOp::ConnectionTermination => (
                "connection",
                "Connection id",
                "The id of the connection to terminate.",
            ),
        }
    }

    /// Placeholders the template must contain.
    pub fn required(self) -> &'static [&'static str] {
        match self {
            GatedOp::Rollback => &["{function}", "{alias}", "{version}"],
            GatedOp::CertRevocation => &["{cert}"],
            GatedOp::ConnectionTermination => &["{connection}"],
        }
    }

    /// Placeholders the template may contain.
    pub fn allowed(self) -> &'static [&'static str] {
        match self {
            GatedOp::Rollback => &["{function}", "{alias}", "{version}"],
            GatedOp::CertRevocation => &["{cert}", "{function}"],
            GatedOp::ConnectionTermination => &["{connection}", "{function}"],
        }
    }

    pub fn default_template(self) -> &'static str {
        match self {
            GatedOp::Rollback => {
                "aws lambda update-alias --function-name {function} --name {alias} --function-version {version}"
            }
            GatedOp::CertRevocation => "beak-admin certs revoke --cert-id {cert}",
            GatedOp::ConnectionTermination => {
                "beak-admin connections terminate --connection-id {connection}"
            }
        }
    }

    /// Whether the approval must name the same target (rollback: the version). For the others
    /// an approval without a target unlocks any input, one with a target only that input.
    pub fn target_must_match(self) -> bool {
        matches!(self, GatedOp::Rollback)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct GatedTemplates {
    pub rollback: String,
    pub cert_revocation: String,
    pub connection_termination: String,
}

impl Default for GatedTemplates {
    fn default() -> Self {
        Self {
            rollback: GatedOp::Rollback.default_template().into(),
            cert_revocation: GatedOp::CertRevocation.default_template().into(),
            connection_termination: GatedOp::ConnectionTermination.default_template().into(),
        }
    }
}

impl Merge for GatedTemplates {
    fn merge(self, other: Self) -> Self {
        other
    }
}

/// Per template, so two tabs saving different templates both keep theirs.
impl PerField for GatedTemplates {
    fn field_ids() -> Vec<&'static str> {
        GatedOp::ALL.iter().map(|op| op.id()).collect()
    }
    fn field_label(id: &str) -> String {
        match GatedOp::from_id(id) {
            Some(op) => format!("{} template", op.title()),
            None => id.to_string(),
        }
    }
    fn field_text(&self, id: &str) -> String {
        GatedOp::from_id(id)
            .map(|op| format!("\"{}\"", self.get(op)))
            .unwrap_or_default()
    }
    fn field_eq(&self, other: &Self, id: &str) -> bool {
        GatedOp::from_id(id).is_none_or(|op| self.get(op) == other.get(op))
    }
    fn copy_field(&mut self, from: &Self, id: &str) {
        if let Some(op) = GatedOp::from_id(id) {
            self.set(op, from.get(op).to_string());
        }
    }
}

impl GatedTemplates {
    pub fn get(&self, op: GatedOp) -> &str {
        match op {
            GatedOp::Rollback => &self.rollback,
            GatedOp::CertRevocation => &self.cert_revocation,
            GatedOp::ConnectionTermination => &self.connection_termination,
        }
    }

    pub fn set(&mut self, op: GatedOp, t: String) {
        match op {
            GatedOp::Rollback => self.rollback = t,
            GatedOp::CertRevocation => self.cert_revocation = t,
            GatedOp::ConnectionTermination => self.connection_termination = t,
        }
    }
}

/// Why a template cannot be used, if it cannot.
pub fn check_template(op: GatedOp, t: &str) -> Option<String> {
    let t = t.trim();
    if t.is_empty() {
        return Some("The template cannot be empty.".into());
    }
    if t.chars().count() > MAX_TEMPLATE {
        return Some(format!("At most {MAX_TEMPLATE} characters."));
    }
    if t.contains(['\n', '\r']) {
        return Some("The template must be a single line.".into());
    }
    let missing: Vec<&str> = op
        .required()
        .iter()
        .copied()
        .filter(|p| !t.contains(p))
        .collect();
    if !missing.is_empty() {
        return Some(format!("The template must contain {}.", missing.join(", ")));
    }
    // Any other {name} is a typo that would end up in the command.
    let mut rest = t;
    while let Some(start) = rest.find('{') {
        let after = &rest[start..];
        let Some(end) = after.find('}') else {
            return Some("An opening { has no closing }.".into());
        };
        let ph = &after[..=end];
        if !op.allowed().contains(&ph) {
            return Some(format!(
                "Unknown placeholder {ph}; use {}.",
                op.allowed().join(", ")
            ));
        }
        rest = &after[end + 1..];
    }
    None
}

/// Whether `v` is safe to paste into a shell command as one word.
fn safe_word(v: &str) -> bool {
    !v.is_empty()
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':' | '/'))
        && !v.starts_with('-')
}

/// Checks the operator's input for `op`.
pub fn check_input(op: GatedOp, v: &str) -> Option<FieldError> {
    let v = v.trim();
    let (field, _, _) = op.input();
    if op == GatedOp::Rollback {
        if let Some(e) = validate_version(field, v) {
            return Some(e);
        }
        if !v.chars().all(|c| c.is_ascii_digit()) {
            return Some(FieldError {
                field,
                message: "A Lambda version is a number, such as 41.".into(),
            });
        }
        return None;
    }
    let message = if v.is_empty() {
        "Required."
    } else if v.chars().count() > MAX_INPUT {
        "Too long (at most 128 characters)."
    } else if !safe_word(v) {
        "Use letters, digits and - _ . : / only (no spaces or quotes; not starting with -)."
    } else {
        return None;
    };
    Some(FieldError {
        field,
        message: message.into(),
    })
}

/// Builds the command from the template, the settings' function and alias names and the input.
pub fn build(
    op: GatedOp,
    template: &str,
    function: &str,
    alias: &str,
    input: &str,
) -> Result<String, Vec<FieldError>> {
    let mut errs = Vec::new();
    if let Some(m) = check_template(op, template) {
        errs.push(FieldError {
            field: "template",
            message: m,
        });
    }
    if let Some(e) = check_input(op, input) {
        errs.push(e);
    }
    for (field, v) in [("function_name", function), ("alias_name", alias)] {
        if !safe_word(v.trim()) {
            errs.push(FieldError {
                field,
                message: "Set a valid name in Settings (letters, digits, - and _).".into(),
            });
        }
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    let (ph, _, _) = op.input();
    Ok(template
        .trim()
        .replace("{function}", function.trim())
        .replace("{alias}", alias.trim())
        .replace(&format!("{{{ph}}}"), input.trim()))
}

/// The approval that unlocks `op` for `input`, if one is recorded within the validity window.
pub fn gate<'a>(
    op: GatedOp,
    approvals: &'a [Approval],
    input: &str,
    now: DateTime<Utc>,
    validity_secs: u32,
) -> Option<&'a Approval> {
    let input = input.trim();
    if op.target_must_match() {
        return find_gate(approvals, op.action(), Some(input), now, validity_secs);
    }
    let exact = find_gate(approvals, op.action(), Some(input), now, validity_secs);
    let untargeted: Vec<Approval> = approvals
        .iter()
        .filter(|a| a.target.as_deref().is_none_or(|t| t.trim().is_empty()))
        .cloned()
        .collect();
    let any = find_gate(&untargeted, op.action(), None, now, validity_secs)
        .and_then(|a| approvals.iter().find(|x| x.id == a.id));
    match (exact, any) {
        (Some(a), Some(b)) => Some(if b.approved_at > a.approved_at { b } else { a }),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::approvals::gate_candidates;
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
            method: "call".into(),
            reference: "INC-7".into(),
            approved_at: t(at),
            recorded_by: "ana".into(),
            recorded_at: t(at),
        }
    }

    #[test]
    fn default_templates_are_valid_and_build() {
        for op in GatedOp::ALL {
            assert_eq!(check_template(op, op.default_template()), None, "{op:?}");
            assert_eq!(GatedTemplates::default().get(op), op.default_template());
        }
        assert_eq!(
            build(
                GatedOp::Rollback,
                GatedOp::Rollback.default_template(),
                "beak-api",
                "prod",
                " 41 "
            )
            .unwrap(),
            "aws lambda update-alias --function-name beak-api --name prod --function-version 41"
        );
        assert_eq!(
            build(
                GatedOp::CertRevocation,
                "revoke {cert} for {function}",
                "beak-api",
                "prod",
                "duck-07.cert:1"
            )
            .unwrap(),
            "revoke duck-07.cert:1 for beak-api"
        );
    }

    #[test]
    fn templates_are_checked() {
        let op = GatedOp::Rollback;
        assert!(check_template(op, "  ").unwrap().contains("empty"));
        assert!(check_template(op, "aws {function} {alias}")
            .unwrap()
            .contains("{version}"));
        assert!(
            check_template(op, "aws {function} {alias} {version} {verison}")
                .unwrap()
                .contains("Unknown placeholder {verison}")
        );
        assert!(check_template(op, "aws {function} {alias} {version} {")
            .unwrap()
            .contains("no closing"));
        assert!(check_template(op, "aws {function}\n{alias} {version}")
            .unwrap()
            .contains("single line"));
        assert!(check_template(
            op,
            &format!(
                "{} {}",
                "x".repeat(MAX_TEMPLATE),
                "{function} {alias} {version}"
            )
        )
        .is_some());
        assert!(check_template(GatedOp::CertRevocation, "revoke {version} {cert}").is_some());
    }

    #[test]
    fn inputs_are_validated() {
        let bad = |op, v: &str| check_input(op, v).map(|e| e.message);
        assert!(bad(GatedOp::Rollback, "").unwrap().contains("required"));
        assert!(bad(GatedOp::Rollback, "$LATEST")
            .unwrap()
            .contains("$LATEST"));
        assert!(bad(GatedOp::Rollback, "41a").unwrap().contains("number"));
        assert!(bad(GatedOp::Rollback, "4 1").is_some());
        assert_eq!(bad(GatedOp::Rollback, "41"), None);
        for evil in [
            "a;rm -rf /",
            "$(id)",
            "`id`",
            "a b",
            "\"x\"",
            "x|y",
            "--all",
            "a&&b",
            "<b>",
        ] {
            assert!(
                bad(GatedOp::ConnectionTermination, evil).is_some(),
                "{evil}"
            );
            assert!(bad(GatedOp::CertRevocation, evil).is_some(), "{evil}");
        }
        assert_eq!(
            bad(GatedOp::CertRevocation, "arn:aws:acm/duck-07_1.2"),
            None
        );
        assert!(bad(GatedOp::CertRevocation, &"a".repeat(MAX_INPUT + 1)).is_some());
        let errs = build(GatedOp::Rollback, "x", "beak api", "", "$LATEST").unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            vec!["template", "version", "function_name", "alias_name"]
        );
    }

    #[test]
    fn gates_match_action_target_and_time() {
        let now = t("2026-11-29T20:00:00Z");
        let v = 4 * 3600;
        let list = vec![
            appr(
                "r41",
                ApprovalAction::Rollback,
                Some("41"),
                "2026-11-29T19:00:00Z",
            ),
            appr(
                "c-any",
                ApprovalAction::CertRevocation,
                None,
                "2026-11-29T18:00:00Z",
            ),
            appr(
                "c-7",
                ApprovalAction::CertRevocation,
                Some("duck-07"),
                "2026-11-29T19:30:00Z",
            ),
            appr(
                "old",
                ApprovalAction::ConnectionTermination,
                None,
                "2026-11-29T15:59:59Z",
            ),
        ];
        let id = |op, input| {
            let found = gate(op, &list, input, now, v).map(|a| a.id.clone());
            let target = op.target_must_match().then_some(input);
            let kept = gate_candidates(&list, op.action(), target);
            assert!(kept.len() < list.len());
            assert_eq!(
                gate(op, &kept, input, now, v).map(|a| a.id.clone()),
                found,
                "the candidates answer as the whole log"
            );
            found
        };
        assert_eq!(id(GatedOp::Rollback, "41").as_deref(), Some("r41"));
        assert_eq!(
            id(GatedOp::Rollback, "40"),
            None,
            "rollback needs the same version"
        );
        assert_eq!(
            id(GatedOp::CertRevocation, "duck-07").as_deref(),
            Some("c-7")
        );
        assert_eq!(
            id(GatedOp::CertRevocation, "duck-03").as_deref(),
            Some("c-any"),
            "an approval without a target unlocks any certificate"
        );
        assert_eq!(
            id(GatedOp::ConnectionTermination, "conn-1"),
            None,
            "expired"
        );
        assert_eq!(
            gate(
                GatedOp::ConnectionTermination,
                &list,
                "conn-1",
                now,
                5 * 3600
            )
            .map(|a| a.id.as_str()),
            Some("old")
        );
    }
}
