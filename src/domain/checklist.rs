//! The Ops Checklist: the three lists as data (written once, from
//! `../shared/seed/checklist-items.md`), the ticks with who and when, their merge across tabs,
//! the archived runs, the live hints, the gates and the rollback command. Plain Rust: no
//! signals, no web-sys. Stored under `ops-console/v1/checklists`.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::merge::Merge;
use super::route::{Freshness, RouteState};
use super::rules::{self, Judged};
use super::thresholds::{Level, Thresholds};
use super::time::{age_secs, fmt_age, fmt_utc};
use crate::api::models::{
    Deployment, MetricsPayload, RootPayload, StatusPayload, STATUS_REQUIRED_KEYS,
};

// ---------------------------------------------------------------------------------------------
// Definitions
// ---------------------------------------------------------------------------------------------

pub const PAGE_TITLE: &str = "Ops Checklist";
pub const PAGE_SUBTITLE: &str =
    "Pre-deploy, rollback, and incident-triage checklists. State persists across sessions.";

/// The three lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ListId {
    PreDeploy,
    Rollback,
    IncidentTriage,
}

impl ListId {
    pub const ALL: [ListId; 3] = [ListId::PreDeploy, ListId::Rollback, ListId::IncidentTriage];

    /// The kebab-case name: the section id on the page and the prefix of item ids.
    pub fn slug(self) -> &'static str {
        match self {
            ListId::PreDeploy => "pre-deploy",
            ListId::Rollback => "rollback",
            ListId::IncidentTriage => "incident-triage",
        }
    }

    pub fn from_slug(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.slug() == s.trim())
    }

    pub fn def(self) -> &'static ListDef {
        match self {
            ListId::PreDeploy => &LISTS[0],
            ListId::Rollback => &LISTS[1],
            ListId::IncidentTriage => &LISTS[2],
        }
    }
}

/// A piece of an item's text: plain words or an inline `code` span.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seg {
    Text(&'static str),
    Code(&'static str),
}

/// A link as written on the source page, with where it goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Link {
    /// The label exactly as written, with its " ↗".
    pub label: &'static str,
    /// The app path (`/`, `/system-health`, …).
    pub path: &'static str,
    /// The section of that page, if the label names one after the arrow.
    pub fragment: Option<&'static str>,
}

impl Link {
    /// `/#alias-drift`, `/runbook#inc-003`, `/system-health`.
    pub fn href(&self) -> String {
        match self.fragment {
            Some(f) => format!("{}#{f}", self.path),
            None => self.path.to_string(),
        }
    }
}

/// The live fact an item asks the operator to check, when the console can see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HintKind {
    /// `lambda_alias_version` against `lambda.version` (both shown).
    AliasDrift,
    /// The status route answers valid JSON with `lambda.version`, `database` and `agents`.
    StatusKeys,
    /// Alive agents of the fleet.
    Fleet,
    /// Peck failure rate.
    PeckFailures,
    /// `peck_notify`, `peck_requested`, `duck.cert_issued` against their normal bounds.
    AuditCounts,
    /// SES quota level.
    SesQuota,
    /// Change freeze active or not.
    ChangeFreeze,
    /// Cold start p95 against the limit (2,000 ms).
    ColdStart,
    /// The prior stable version from the deployment history.
    PriorVersion,
    /// The three `/beak` routes' last answers.
    RouteHealth,
    /// Which peck failure types spike.
    PeckFailureTypes,
}

/// An approval an item needs before the operator goes on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Gate {
    AliasPromotion,
    Rollback,
}

impl Gate {
    /// The Governance Log's action slug (`?action=`).
    pub fn slug(self) -> &'static str {
        match self {
            Gate::AliasPromotion => "alias-promotion",
            Gate::Rollback => "rollback",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Gate::AliasPromotion => "alias promotion",
            Gate::Rollback => "rollback",
        }
    }
}

/// The Governance Log with the approval form prefilled:
/// `/governance-log?action=rollback&version=41`.
pub fn governance_href(gate: Gate, version: Option<&str>) -> String {
    let mut href = format!("/governance-log?action={}", gate.slug());
    if let Some(v) = version.map(str::trim).filter(|v| !v.is_empty()) {
        href.push_str("&version=");
        href.push_str(&percent_encode(v));
    }
    href
}

fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// One checklist item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ItemDef {
    /// `pre-deploy-1`: the DOM id of the item and its key in the stored state.
    pub id: &'static str,
    /// Its number in the list, from 1.
    pub n: u8,
    pub text: &'static [Seg],
    pub link: Option<Link>,
    pub hint: Option<HintKind>,
    pub gate: Option<Gate>,
    /// Shows the AWS CLI rollback command (Rollback item 5).
    pub rollback_command: bool,
}

impl ItemDef {
    /// The text without markup (what the checkbox label reads).
    pub fn plain_text(&self) -> String {
        self.text
            .iter()
            .map(|s| match s {
                Seg::Text(t) | Seg::Code(t) => *t,
            })
            .collect()
    }

    /// The text with `code` spans in backticks, as in the seed markdown.
    pub fn markdown(&self) -> String {
        self.text
            .iter()
            .map(|s| match s {
                Seg::Text(t) => t.to_string(),
                Seg::Code(c) => format!("`{c}`"),
            })
            .collect()
    }

    pub fn code_spans(&self) -> Vec<&'static str> {
        self.text
            .iter()
            .filter_map(|s| match s {
                Seg::Code(c) => Some(*c),
                Seg::Text(_) => None,
            })
            .collect()
    }
}

/// One of the three lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListDef {
    pub id: ListId,
    pub icon: &'static str,
    pub title: &'static str,
    /// The short name of the progress summary ("Pre-Deploy").
    pub short: &'static str,
    pub description: &'static str,
    pub tag: &'static str,
    pub items: &'static [ItemDef],
}

impl ListDef {
    pub fn total(&self) -> usize {
        self.items.len()
    }

    pub fn item(&self, id: &str) -> Option<&'static ItemDef> {
        self.items.iter().find(|i| i.id == id)
    }
}

const fn t(s: &'static str) -> Seg {
    Seg::Text(s)
}
const fn c(s: &'static str) -> Seg {
    Seg::Code(s)
}
const fn link(label: &'static str, path: &'static str, fragment: Option<&'static str>) -> Link {
    Link {
        label,
        path,
        fragment,
    }
}

const L_ALIAS_DRIFT: Link = link("Mission Control → Alias Drift ↗", "/", Some("alias-drift"));
const L_SYSTEM_HEALTH: Link = link("System Health ↗", "/system-health", None);
const L_AGENT_FLEET: Link = link("Mission Control → Agent Fleet ↗", "/", Some("agent-fleet"));
const L_PECK_AUDIT: Link = link("Peck Audit ↗", "/peck-audit", None);
const L_SES_QUOTA: Link = link("Mission Control → SES Quota ↗", "/", Some("ses-quota"));
const L_CHANGE_FREEZE: Link = link(
    "Mission Control → Change Freeze ↗",
    "/",
    Some("change-freeze"),
);
const L_DEPLOY_LOG: Link = link("Deployment Log ↗", "/deploy-log", None);
const L_GOVERNANCE_LOG: Link = link("Governance Log ↗", "/governance-log", None);
const L_INCIDENT_MODE: Link = link(
    "Mission Control → Incident Mode ↗",
    "/",
    Some("incident-mode"),
);
const L_MISSION_CONTROL: Link = link("Mission Control ↗", "/", None);
const L_INCIDENT_LOG: Link = link("Incident Log ↗", "/incident-log", None);
const L_ANOMALY_SUMMARY: Link = link(
    "Mission Control → Anomaly Summary ↗",
    "/",
    Some("anomaly-summary"),
);
const L_ROUTE_HEALTH: Link = link(
    "Mission Control → Route Health ↗",
    "/",
    Some("route-health"),
);
const L_INC_003: Link = link("Ops Runbook → INC-003 ↗", "/runbook", Some("inc-003"));
const L_DIAGNOSTICS: Link = link("Mission Control → Diagnostics ↗", "/", Some("diagnostics"));

/// The link that closes the page, below the triage list.
pub const CLOSING_LINK: Link = link("Incident Postmortem ↗", "/postmortem", None);

const fn item(
    id: &'static str,
    n: u8,
    text: &'static [Seg],
    link: Option<Link>,
    hint: Option<HintKind>,
) -> ItemDef {
    ItemDef {
        id,
        n,
        text,
        link,
        hint,
        gate: None,
        rollback_command: false,
    }
}

const PRE_DEPLOY: &[ItemDef] = &[
    item(
        "pre-deploy-1",
        1,
        &[
            t("Confirm "),
            c("lambda_alias_version"),
            t(" matches deployed function version. Check alias drift card on Mission Control."),
        ],
        Some(L_ALIAS_DRIFT),
        Some(HintKind::AliasDrift),
    ),
    item(
        "pre-deploy-2",
        2,
        &[
            t("Fetch the status endpoint and verify response is valid JSON with "),
            c("lambda.version"),
            t(", "),
            c("database"),
            t(", and "),
            c("agents"),
            t(" keys present."),
        ],
        Some(L_SYSTEM_HEALTH),
        Some(HintKind::StatusKeys),
    ),
    item(
        "pre-deploy-3",
        3,
        &[t("A dead fleet during deployment may mask downstream failures. Check Agent Fleet tile on Mission Control before promoting.")],
        Some(L_AGENT_FLEET),
        Some(HintKind::Fleet),
    ),
    item(
        "pre-deploy-4",
        4,
        &[t("Check Peck Failure Analysis on Mission Control. A high failure rate may indicate a callback issue that would worsen post-deploy.")],
        Some(L_PECK_AUDIT),
        Some(HintKind::PeckFailures),
    ),
    item(
        "pre-deploy-5",
        5,
        &[
            t("Check Audit Activity strip on Mission Control. Look for abnormal counts of "),
            c("peck_notify"),
            t(", "),
            c("peck_requested"),
            t(", or "),
            c("duck.cert_issued"),
            t(" events in the last 30 minutes."),
        ],
        None,
        Some(HintKind::AuditCounts),
    ),
    item(
        "pre-deploy-6",
        6,
        &[t("Deployment can trigger transactional emails. If quota is near 160/200 (amber), defer to off-peak or notify T-JOSH.")],
        Some(L_SES_QUOTA),
        Some(HintKind::SesQuota),
    ),
    item(
        "pre-deploy-7",
        7,
        &[t("Check the Change Freeze banner on Mission Control. If a freeze is active, deployment is visually blocked until the freeze is cleared or explicitly overridden with T-JOSH approval.")],
        Some(L_CHANGE_FREEZE),
        Some(HintKind::ChangeFreeze),
    ),
    item(
        "pre-deploy-8",
        8,
        &[t("Invoke the function with test payload and confirm no cold-start errors. Review CloudWatch logs if cold starts exceed 2,000ms.")],
        None,
        Some(HintKind::ColdStart),
    ),
    item(
        "pre-deploy-9",
        9,
        &[t("Document: version number, what changed, timestamp, and operator. This feeds the deployment-log.html surface and incident handoff bundles.")],
        Some(L_DEPLOY_LOG),
        None,
    ),
    ItemDef {
        gate: Some(Gate::AliasPromotion),
        ..item(
            "pre-deploy-10",
            10,
            &[t("All Lambda alias promotions require T-JOSH gate. Record the approval timestamp and approval method before executing the promotion.")],
            Some(L_GOVERNANCE_LOG),
            None,
        )
    },
];

const ROLLBACK: &[ItemDef] = &[
    item(
        "rollback-1",
        1,
        &[
            t("Note the current "),
            c("lambda.version"),
            t(" and "),
            c("lambda_alias_version"),
            t(" values. This is the version being rolled back from."),
        ],
        Some(L_ALIAS_DRIFT),
        Some(HintKind::AliasDrift),
    ),
    item(
        "rollback-2",
        2,
        &[t("Check the deployment history on Mission Control or deployment-log.html. Note the prior Lambda version number that was stable.")],
        Some(L_DEPLOY_LOG),
        Some(HintKind::PriorVersion),
    ),
    item(
        "rollback-3",
        3,
        &[t("Use the Incident Mode toggle on Mission Control to freeze the dashboard and flag the active incident with a UTC start time. This prevents refresh races during rollback.")],
        Some(L_INCIDENT_MODE),
        None,
    ),
    ItemDef {
        gate: Some(Gate::Rollback),
        ..item(
            "rollback-4",
            4,
            &[t("Rollback is a governance action. Record the approval in GOVERNANCE-LOG.md with the target version, reason, and approver before running the AWS CLI command.")],
            Some(L_GOVERNANCE_LOG),
            None,
        )
    },
    ItemDef {
        rollback_command: true,
        ..item(
            "rollback-5",
            5,
            &[
                t("Replace "),
                c("<prev-version>"),
                t(" with the known-good version number identified in step 2. Do not use "),
                c("$LATEST"),
                t(" for prod alias."),
            ],
            None,
            None,
        )
    },
    item(
        "rollback-6",
        6,
        &[
            t("Refresh Mission Control and confirm the Alias Drift card shows the expected version with no drift. The "),
            c("/beak/system/status"),
            t(" "),
            c("lambda_alias_version"),
            t(" should match the target."),
        ],
        Some(L_MISSION_CONTROL),
        Some(HintKind::AliasDrift),
    ),
    item(
        "rollback-7",
        7,
        &[t("After rollback, verify core API routes respond correctly. Check system-health.html for green status across all SLA metrics.")],
        Some(L_SYSTEM_HEALTH),
        Some(HintKind::RouteHealth),
    ),
    item(
        "rollback-8",
        8,
        &[t("Document: reverted version, target version, reason for rollback, approver, and timestamp. Exit incident mode on Mission Control after verification.")],
        Some(L_INCIDENT_LOG),
        None,
    ),
];

const INCIDENT_TRIAGE: &[ItemDef] = &[
    item(
        "incident-triage-1",
        1,
        &[t("Go to Mission Control and toggle Incident Mode. This freezes the dashboard, highlights drift and failure cards, and records a UTC start time to localStorage.")],
        Some(L_MISSION_CONTROL),
        None,
    ),
    item(
        "incident-triage-2",
        2,
        &[t("Mission Control Anomaly Summary surfaces the top operator issues (alias drift, dead agents, SES/SNS sandbox, peck callback errors). Record what's flagged before taking action.")],
        Some(L_ANOMALY_SUMMARY),
        None,
    ),
    item(
        "incident-triage-3",
        3,
        &[t("The health score (0–100) on Mission Control penalises dead agents, stale snapshots, peck failures, and sandbox blockers. Score <60 = red alert. Investigate the highest-penalty item first.")],
        Some(L_SYSTEM_HEALTH),
        None,
    ),
    item(
        "incident-triage-4",
        4,
        &[
            t("Verify "),
            c("/beak"),
            t(", "),
            c("/beak/metrics"),
            t(", and "),
            c("/beak/system/status"),
            t(" each return 200. A route returning 502 or 504 indicates a Lambda cold start or crash loop."),
        ],
        Some(L_ROUTE_HEALTH),
        Some(HintKind::RouteHealth),
    ),
    item(
        "incident-triage-5",
        5,
        &[t("A total fleet outage means no spaceducks are pulsing. This prevents peck approvals and cert issuance. Follow INC-003 in the ops runbook.")],
        Some(L_INC_003),
        Some(HintKind::Fleet),
    ),
    item(
        "incident-triage-6",
        6,
        &[
            t("Different failure types require different responses. "),
            c("callback_error"),
            t(" spikes indicate webhook delivery issues. "),
            c("denied"),
            t(" spikes may indicate auth config drift. "),
            c("expired"),
            t(" spikes may indicate slow response times."),
        ],
        Some(L_PECK_AUDIT),
        Some(HintKind::PeckFailureTypes),
    ),
    item(
        "incident-triage-7",
        7,
        &[t("Use the \"Copy Diagnostics JSON\" or \"Copy Incident Snapshot\" action on Mission Control to capture platform state (lambda version, pipeline counts, sandbox state) with a UTC timestamp.")],
        Some(L_DIAGNOSTICS),
        None,
    ),
    item(
        "incident-triage-8",
        8,
        &[t("Any destructive action (rollback, cert revocation, connection termination) requires T-JOSH gate. Do not execute without approval captured in GOVERNANCE-LOG.md.")],
        Some(L_GOVERNANCE_LOG),
        None,
    ),
    item(
        "incident-triage-9",
        9,
        &[t("After resolution, document: severity (P0/P1/P2), incident start time, detection time, resolution time, affected components, root cause, and corrective actions. Exit incident mode on Mission Control.")],
        Some(L_INCIDENT_LOG),
        None,
    ),
];

/// The three lists, in page order.
pub static LISTS: [ListDef; 3] = [
    ListDef {
        id: ListId::PreDeploy,
        icon: "🚀",
        title: "Pre-Deploy Checklist",
        short: "Pre-Deploy",
        description:
            "Complete before promoting any Lambda version to prod or deploying frontend changes.",
        tag: "Deployment",
        items: PRE_DEPLOY,
    },
    ListDef {
        id: ListId::Rollback,
        icon: "⏪",
        title: "Rollback Checklist",
        short: "Rollback",
        description: "Steps to safely roll back a Lambda alias to a previous known-good version.",
        tag: "P0-Ready",
        items: ROLLBACK,
    },
    ListDef {
        id: ListId::IncidentTriage,
        icon: "🚨",
        title: "Incident Triage Checklist",
        short: "Incident Triage",
        description: "First-response steps for any platform incident. Work top-to-bottom.",
        tag: "P0 Response",
        items: INCIDENT_TRIAGE,
    },
];

/// Items in all lists.
pub fn total_items() -> usize {
    LISTS.iter().map(ListDef::total).sum()
}

/// Finds an item by id in any list.
pub fn find_item(id: &str) -> Option<(ListId, &'static ItemDef)> {
    LISTS.iter().find_map(|l| l.item(id).map(|i| (l.id, i)))
}

// ---------------------------------------------------------------------------------------------
// State: ticks, merge, runs
// ---------------------------------------------------------------------------------------------

/// How many tick/untick events one list keeps for its current run.
pub const MAX_EVENTS_PER_LIST: usize = 500;
/// How many archived runs are kept per list.
pub const MAX_RUNS_PER_LIST: usize = 20;

/// The last change of one item: ticked or unticked, by whom, when (UTC).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemState {
    pub done: bool,
    /// The operator who made the change (from settings).
    pub by: String,
    /// When the change was made; the newer change wins across tabs.
    pub changed_at: DateTime<Utc>,
}

/// One tick or untick, kept for the run record.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct TickEvent {
    pub at: DateTime<Utc>,
    pub item: String,
    pub done: bool,
    pub by: String,
}

/// One list's current run.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ListState {
    /// The last reset: changes at or before it are gone (also when another tab still holds them).
    pub reset_at: Option<DateTime<Utc>>,
    /// Item id → its last change.
    pub items: BTreeMap<String, ItemState>,
    /// Every tick and untick since the reset, oldest first.
    pub events: Vec<TickEvent>,
}

/// A tick that was in place when a run ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunTick {
    pub item: String,
    pub by: String,
    pub at: DateTime<Utc>,
}

/// A list as it was when it was reset: for the Incident Log and the Postmortem.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Run {
    /// `rollback-20261129T194207.123Z`
    pub id: String,
    pub list: ListId,
    /// The first tick or untick of the run.
    pub started_at: Option<DateTime<Utc>>,
    /// The reset.
    pub ended_at: DateTime<Utc>,
    pub ended_by: String,
    pub total: usize,
    /// The items ticked at the end, in list order.
    pub ticks: Vec<RunTick>,
    /// How many ticks and unticks happened during the run.
    pub changes: usize,
}

impl Run {
    pub fn done(&self) -> usize {
        self.ticks.len()
    }

    /// `Rollback: 7 / 8 ticked, 2026-11-29 19:00:00 UTC → 2026-11-29 19:42:07 UTC`
    pub fn summary(&self) -> String {
        let start = self
            .started_at
            .map(fmt_utc)
            .unwrap_or_else(|| "no changes".into());
        format!(
            "{}: {} / {} ticked, {} → {}",
            self.list.def().short,
            self.done(),
            self.total,
            start,
            fmt_utc(self.ended_at)
        )
    }
}

/// All three lists and their archived runs.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Checklists {
    pub lists: BTreeMap<ListId, ListState>,
    /// Oldest first, at most [`MAX_RUNS_PER_LIST`] per list.
    pub runs: Vec<Run>,
}

impl Checklists {
    pub fn list(&self, list: ListId) -> Option<&ListState> {
        self.lists.get(&list)
    }

    /// The item's last change, if any since the last reset.
    pub fn item(&self, list: ListId, item: &str) -> Option<&ItemState> {
        let l = self.lists.get(&list)?;
        l.items
            .get(item)
            .filter(|s| l.reset_at.is_none_or(|r| s.changed_at > r))
    }

    pub fn is_done(&self, list: ListId, item: &str) -> bool {
        self.item(list, item).is_some_and(|s| s.done)
    }

    /// Ticks or unticks an item. Returns false (and changes nothing) for an unknown item or
    /// when the item is already in that state.
    pub fn set(
        &mut self,
        list: ListId,
        item: &str,
        done: bool,
        by: &str,
        at: DateTime<Utc>,
    ) -> bool {
        if list.def().item(item).is_none() || self.is_done(list, item) == done {
            return false;
        }
        let l = self.lists.entry(list).or_default();
        // Never record a change at or before the reset (a clock that went backwards).
        let at = match l.reset_at {
            Some(r) if at <= r => r + chrono::Duration::milliseconds(1),
            _ => at,
        };
        l.items.insert(
            item.to_string(),
            ItemState {
                done,
                by: by.to_string(),
                changed_at: at,
            },
        );
        l.events.push(TickEvent {
            at,
            item: item.to_string(),
            done,
            by: by.to_string(),
        });
        trim_events(&mut l.events);
        true
    }

    /// `(done, total)` of a list.
    pub fn progress(&self, list: ListId) -> (usize, usize) {
        let def = list.def();
        let done = def
            .items
            .iter()
            .filter(|i| self.is_done(list, i.id))
            .count();
        (done, def.total())
    }

    /// `(done, total)` over all three lists.
    pub fn total_progress(&self) -> (usize, usize) {
        ListId::ALL
            .into_iter()
            .map(|l| self.progress(l))
            .fold((0, 0), |(d, t), (d2, t2)| (d + d2, t + t2))
    }

    /// When the current run of a list started (its first change since the reset).
    pub fn started_at(&self, list: ListId) -> Option<DateTime<Utc>> {
        let l = self.lists.get(&list)?;
        l.events
            .iter()
            .filter(|e| l.reset_at.is_none_or(|r| e.at > r))
            .map(|e| e.at)
            .min()
    }

    /// Clears a list. When anything happened since the last reset, the run is archived and
    /// returned.
    pub fn reset(&mut self, list: ListId, by: &str, at: DateTime<Utc>) -> Option<Run> {
        let def = list.def();
        let ticks: Vec<RunTick> = def
            .items
            .iter()
            .filter_map(|i| {
                let s = self.item(list, i.id)?;
                s.done.then(|| RunTick {
                    item: i.id.to_string(),
                    by: s.by.clone(),
                    at: s.changed_at,
                })
            })
            .collect();
        let started_at = self.started_at(list);
        let changes = self.lists.get(&list).map_or(0, |l| {
            l.events
                .iter()
                .filter(|e| l.reset_at.is_none_or(|r| e.at > r))
                .count()
        });
        let l = self.lists.entry(list).or_default();
        let at = match l.reset_at {
            Some(r) if at <= r => r + chrono::Duration::milliseconds(1),
            _ => at,
        };
        l.reset_at = Some(at);
        l.items.clear();
        l.events.clear();
        if ticks.is_empty() && changes == 0 {
            return None;
        }
        let run = Run {
            id: format!(
                "{}-{}",
                list.slug(),
                crate::domain::time::stamp_iso_millis(at)
            ),
            list,
            started_at,
            ended_at: at,
            ended_by: by.to_string(),
            total: def.total(),
            ticks,
            changes,
        };
        self.runs.push(run.clone());
        normalise_runs(&mut self.runs);
        Some(run)
    }

    /// Clears all three lists at the same time; returns the archived runs.
    pub fn reset_all(&mut self, by: &str, at: DateTime<Utc>) -> Vec<Run> {
        ListId::ALL
            .into_iter()
            .filter_map(|l| self.reset(l, by, at))
            .collect()
    }

    /// A list's archived runs, newest first.
    pub fn runs_for(&self, list: ListId) -> Vec<&Run> {
        self.runs.iter().rev().filter(|r| r.list == list).collect()
    }

    /// Runs that overlap `[from, to]` (for an incident's window), oldest first.
    pub fn runs_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<&Run> {
        self.runs
            .iter()
            .filter(|r| r.ended_at >= from && r.started_at.unwrap_or(r.ended_at) <= to)
            .collect()
    }
}

fn trim_events(events: &mut Vec<TickEvent>) {
    if events.len() > MAX_EVENTS_PER_LIST {
        let cut = events.len() - MAX_EVENTS_PER_LIST;
        events.drain(..cut);
    }
}

fn normalise_runs(runs: &mut Vec<Run>) {
    crate::domain::sort::sort_by(runs, |a, b| {
        a.ended_at.cmp(&b.ended_at).then_with(|| a.id.cmp(&b.id))
    });
    runs.dedup_by(|b, a| a.id == b.id);
    for list in ListId::ALL {
        let n = runs.iter().filter(|r| r.list == list).count();
        if n > MAX_RUNS_PER_LIST {
            let mut drop = n - MAX_RUNS_PER_LIST;
            runs.retain(|r| {
                if r.list == list && drop > 0 {
                    drop -= 1;
                    false
                } else {
                    true
                }
            });
        }
    }
}

/// The newer of two changes of the same item; a full order, so both tabs pick the same.
fn newer(a: ItemState, b: ItemState) -> ItemState {
    let ka = (a.changed_at, a.done, &a.by);
    let kb = (b.changed_at, b.done, &b.by);
    if kb > ka {
        b
    } else {
        a
    }
}

/// Per item: the newer change wins; a reset (the later one) removes every change made at or
/// before it, in both copies. Never whole-list last-writer-wins.
impl Merge for ListState {
    fn merge(self, other: Self) -> Self {
        let reset_at = self.reset_at.max(other.reset_at);
        let after_reset = |at: DateTime<Utc>| reset_at.is_none_or(|r| at > r);
        let mut items = self.items;
        for (id, b) in other.items {
            let merged = match items.remove(&id) {
                Some(a) => newer(a, b),
                None => b,
            };
            items.insert(id, merged);
        }
        items.retain(|_, s| after_reset(s.changed_at));
        let mut events = self.events;
        events.extend(other.events);
        events.retain(|e| after_reset(e.at));
        crate::domain::sort::sort(&mut events);
        events.dedup();
        trim_events(&mut events);
        ListState {
            reset_at,
            items,
            events,
        }
    }
}

impl Merge for Checklists {
    fn merge(self, other: Self) -> Self {
        let mut lists = self.lists;
        for (id, b) in other.lists {
            let merged = match lists.remove(&id) {
                Some(a) => a.merge(b),
                None => b,
            };
            lists.insert(id, merged);
        }
        // Runs: union by id. Both copies of one run are the same record; keep the fuller one.
        let mut runs = self.runs;
        for b in other.runs {
            match runs.iter_mut().find(|a| a.id == b.id) {
                Some(a) => {
                    if (b.changes, b.ticks.len(), &b.ended_by)
                        > (a.changes, a.ticks.len(), &a.ended_by)
                    {
                        *a = b;
                    }
                }
                None => runs.push(b),
            }
        }
        normalise_runs(&mut runs);
        Checklists { lists, runs }
    }
}

// ---------------------------------------------------------------------------------------------
// Live hints
// ---------------------------------------------------------------------------------------------

/// The latest data of the three routes, with the time and thresholds to judge it by.
pub struct Observations<'a> {
    pub root: &'a RouteState<RootPayload>,
    pub metrics: &'a RouteState<MetricsPayload>,
    pub status: &'a RouteState<StatusPayload>,
    pub now: DateTime<Utc>,
    pub stale_after_secs: i64,
    pub thresholds: &'a Thresholds,
}

/// How old the fact behind a hint is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HintAge {
    NoData,
    Fresh { age_secs: i64 },
    Stale { age_secs: i64 },
}

impl HintAge {
    /// `no data`, `stale (3 min)`, `12 s ago`.
    pub fn text(&self) -> String {
        match self {
            HintAge::NoData => "no data".into(),
            HintAge::Fresh { age_secs } => format!("{} ago", fmt_age(*age_secs)),
            HintAge::Stale { age_secs } => format!("stale ({})", fmt_age(*age_secs)),
        }
    }

    fn from_freshness(f: Freshness) -> Self {
        match f {
            Freshness::NoData => HintAge::NoData,
            Freshness::Fresh { age_secs } => HintAge::Fresh { age_secs },
            Freshness::Stale { age_secs } => HintAge::Stale { age_secs },
        }
    }
}

/// What the console sees of an item's fact. It informs; it never ticks.
#[derive(Clone, Debug, PartialEq)]
pub struct Hint {
    /// None for a purely informational hint (e.g. the prior stable version).
    pub level: Option<Level>,
    pub text: String,
    pub age: HintAge,
}

impl Hint {
    fn no_data(what: &str, age: HintAge, why: Option<String>) -> Self {
        let text = match why {
            Some(w) => format!("{what}: no data (last attempt: {w})"),
            None => format!("{what}: no data"),
        };
        Hint {
            level: Some(Level::Unknown),
            text,
            age,
        }
    }
}

/// Judges a route's latest data; stale data is labelled and never shown green.
fn judge_route<T>(
    state: &RouteState<T>,
    o: &Observations<'_>,
    what: &str,
    judge: impl Fn(&T) -> Judged,
) -> Hint {
    let age = HintAge::from_freshness(state.freshness(o.now, o.stale_after_secs));
    match (&age, state.data()) {
        (HintAge::NoData, _) | (_, None) => {
            Hint::no_data(what, HintAge::NoData, state.error().map(|e| e.name()))
        }
        (HintAge::Fresh { .. }, Some(d)) => {
            let j = judge(d);
            Hint {
                level: Some(j.level),
                text: j.reason,
                age,
            }
        }
        (HintAge::Stale { .. }, Some(d)) => {
            let j = judge(d);
            let level = if j.level == Level::Green {
                Level::Unknown
            } else {
                j.level
            };
            Hint {
                level: Some(level),
                text: j.reason,
                age,
            }
        }
    }
}

/// The hint of one kind from the latest data.
pub fn hint(kind: HintKind, o: &Observations<'_>) -> Hint {
    let t = o.thresholds;
    match kind {
        HintKind::AliasDrift => judge_route(o.status, o, "Alias drift", |s| {
            let j = rules::alias_drift(Some(s));
            // Always name both versions.
            let alias = s.lambda_alias_version.as_deref().unwrap_or("unknown");
            let text = match j.level {
                Level::Green => format!(
                    "No drift: lambda_alias_version {alias} = lambda.version {}",
                    s.lambda.version
                ),
                Level::Red if alias != "$LATEST" => format!(
                    "Drift: lambda_alias_version {alias} ≠ lambda.version {}",
                    s.lambda.version
                ),
                _ => j.reason,
            };
            Judged {
                level: j.level,
                reason: text,
            }
        }),
        HintKind::StatusKeys => status_keys_hint(o),
        HintKind::Fleet => judge_route(o.status, o, "Agent fleet", |s| {
            rules::fleet(Some(&s.agents))
        }),
        HintKind::PeckFailures => judge_route(o.metrics, o, "Peck failures", |m| {
            rules::peck_failures(Some(m), t)
        }),
        HintKind::AuditCounts => judge_route(o.metrics, o, "Audit counts", |m| {
            let counts = rules::audit_counts(m.audit.as_ref(), t);
            let level = counts
                .iter()
                .fold(Level::Green, |acc, (_, j)| acc.worst(j.level));
            let window = m
                .window_minutes
                .map(|w| format!(" (last {w} min)"))
                .unwrap_or_default();
            let abnormal: Vec<&str> = counts
                .iter()
                .filter(|(_, j)| j.level != Level::Green)
                .map(|(_, j)| j.reason.as_str())
                .collect();
            let reason = if abnormal.is_empty() {
                format!(
                    "Audit counts normal{window}: {}",
                    counts
                        .iter()
                        .map(|(_, j)| j.reason.split(" (").next().unwrap_or(""))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            } else {
                format!("Abnormal audit counts{window}: {}", abnormal.join("; "))
            };
            Judged { level, reason }
        }),
        HintKind::SesQuota => judge_route(o.status, o, "SES quota", |s| {
            rules::ses_quota(s.ses_quota.as_ref(), t)
        }),
        HintKind::ChangeFreeze => judge_route(o.status, o, "Change freeze", |s| {
            rules::change_freeze(s.change_freeze.as_ref(), o.now)
        }),
        HintKind::ColdStart => judge_route(o.status, o, "Cold start p95", |s| {
            rules::cold_start(Some(s), t)
        }),
        HintKind::PeckFailureTypes => {
            judge_route(o.metrics, o, "Peck failure types", |m| peck_types(m, t))
        }
        HintKind::PriorVersion => {
            let mut h = judge_route(o.status, o, "Deployment history", |s| {
                match prior_stable(s) {
                    Some(d) => Judged {
                        level: Level::Green,
                        reason: format!(
                            "Current version {}; prior stable version {}{}{}",
                            s.lambda.version,
                            d.version,
                            d.deployed_at
                                .map(|at| format!(", deployed {}", fmt_utc(at)))
                                .unwrap_or_default(),
                            d.operator
                                .as_deref()
                                .map(|op| format!(" by {op}"))
                                .unwrap_or_default(),
                        ),
                    },
                    None => Judged {
                        level: Level::Unknown,
                        reason: format!(
                            "Current version {}; no earlier version in the deployment history",
                            s.lambda.version
                        ),
                    },
                }
            });
            if h.level == Some(Level::Green) {
                h.level = None;
            }
            h
        }
        HintKind::RouteHealth => route_health_hint(o),
    }
}

fn peck_types(m: &MetricsPayload, t: &Thresholds) -> Judged {
    let Some(p) = m.pecks.as_ref() else {
        return Judged::unknown("Peck failure types");
    };
    let Some(requested) = p.requested else {
        return Judged::unknown("Peck failure types");
    };
    let spikes = rules::failure_spikes(p, t);
    if spikes.is_empty() {
        let parts: Vec<String> = rules::PeckFailure::ALL
            .iter()
            .map(|f| match f.count(p) {
                Some(c) => format!("{} {c}", f.key()),
                None => format!("{} unknown", f.key()),
            })
            .collect();
        return Judged {
            level: Level::Green,
            reason: format!(
                "No failure type spikes: {} of {requested} requested",
                parts.join(", ")
            ),
        };
    }
    let parts: Vec<String> = spikes
        .iter()
        .map(|(f, pct)| format!("{} spike {pct:.0} % ({})", f.key(), f.meaning()))
        .collect();
    let worst = spikes.iter().map(|(_, p)| *p).fold(0.0, f64::max);
    Judged {
        level: if worst >= t.peck_failure_red_pct {
            Level::Red
        } else {
            Level::Amber
        },
        reason: parts.join("; "),
    }
}

/// Valid JSON with the three keys: judged from the status route's last attempt.
fn status_keys_hint(o: &Observations<'_>) -> Hint {
    let what = "Status JSON";
    let Some(attempt) = o.status.last_attempt.as_ref() else {
        return Hint::no_data(what, HintAge::NoData, None);
    };
    let age_secs = age_secs(attempt.at, o.now);
    let stale = age_secs > o.stale_after_secs;
    let age = if stale {
        HintAge::Stale { age_secs }
    } else {
        HintAge::Fresh { age_secs }
    };
    let keys = STATUS_REQUIRED_KEYS.join(", ");
    let (level, text) = match &attempt.error {
        None => (Level::Green, format!("Valid JSON with {keys} present")),
        Some(crate::domain::route::RouteError::MissingKeys { keys: missing }) => (
            Level::Red,
            format!("JSON is missing {}", missing.join(", ")),
        ),
        Some(crate::domain::route::RouteError::NotJson { .. }) => {
            (Level::Red, "The response is not valid JSON".to_string())
        }
        Some(e) => (
            if e.answered() {
                Level::Red
            } else {
                Level::Unknown
            },
            format!("Could not check the JSON: {}", e.name()),
        ),
    };
    let level = if stale && level == Level::Green {
        Level::Unknown
    } else {
        level
    };
    Hint {
        level: Some(level),
        text,
        age,
    }
}

fn route_health_hint(o: &Observations<'_>) -> Hint {
    use crate::domain::route::RouteId;
    let routes: [(RouteId, Option<&crate::domain::route::Attempt>, Level); 3] = [
        (
            RouteId::Root,
            o.root.last_attempt.as_ref(),
            o.root.level(o.now, o.stale_after_secs),
        ),
        (
            RouteId::Metrics,
            o.metrics.last_attempt.as_ref(),
            o.metrics.level(o.now, o.stale_after_secs),
        ),
        (
            RouteId::Status,
            o.status.last_attempt.as_ref(),
            o.status.level(o.now, o.stale_after_secs),
        ),
    ];
    if routes.iter().all(|(_, a, _)| a.is_none()) {
        return Hint::no_data("Route health", HintAge::NoData, None);
    }
    let parts: Vec<String> = routes
        .iter()
        .map(|(r, a, _)| {
            let state = match a {
                None => "no data".to_string(),
                Some(a) => match &a.error {
                    Some(e) => e.name(),
                    None => a.status.map_or("ok".into(), |s| s.to_string()),
                },
            };
            format!("{} {state}", r.path())
        })
        .collect();
    let level = routes
        .iter()
        .fold(Level::Green, |acc, (_, _, l)| acc.worst(*l));
    let oldest = routes
        .iter()
        .filter_map(|(_, a, _)| a.map(|a| age_secs(a.at, o.now)))
        .max()
        .unwrap_or(0);
    let age = if oldest > o.stale_after_secs || routes.iter().any(|(_, a, _)| a.is_none()) {
        HintAge::Stale { age_secs: oldest }
    } else {
        HintAge::Fresh { age_secs: oldest }
    };
    Hint {
        level: Some(level),
        text: parts.join(" · "),
        age,
    }
}

// ---------------------------------------------------------------------------------------------
// Gates and the change freeze
// ---------------------------------------------------------------------------------------------

/// The version an alias promotion would put on the alias: the deployed function version.
pub fn promotion_version(status: Option<&StatusPayload>) -> Option<String> {
    status
        .map(|s| s.lambda.version.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// An active change freeze that blocks deployment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FreezeBlock {
    pub reason: String,
    pub until: Option<DateTime<Utc>>,
    pub set_by: Option<String>,
}

impl FreezeBlock {
    /// The banner's sentence after "Change freeze active:"; `approver` is the approval gate's
    /// name (T-JOSH by default).
    pub fn message(&self, approver: &str) -> String {
        let mut s = format!(
            "{}. Deployment is visually blocked until the freeze is cleared",
            self.reason
        );
        if let Some(u) = self.until {
            s.push_str(&format!(" (it ends {})", fmt_utc(u)));
        }
        s.push_str(&format!(
            " or explicitly overridden with {approver} approval."
        ));
        if let Some(by) = &self.set_by {
            s.push_str(&format!(" Set by {by}."));
        }
        s
    }
}

/// The Governance Log with a change-freeze override prefilled.
pub const FREEZE_OVERRIDE_HREF: &str = "/governance-log?action=freeze-override";

/// The freeze that blocks Pre-Deploy: active (from the latest status, even stale: a freeze
/// is never assumed lifted) and not overridden by an approval in validity.
pub fn freeze_block(
    status: Option<&StatusPayload>,
    now: DateTime<Utc>,
    overridden: bool,
) -> Option<FreezeBlock> {
    let f = status?.change_freeze.as_ref();
    if overridden || rules::freeze_active(f, now) != Some(true) {
        return None;
    }
    let f = f?;
    Some(FreezeBlock {
        reason: f
            .reason
            .clone()
            .filter(|r| !r.trim().is_empty())
            .unwrap_or_else(|| "no reason given".into()),
        until: f.until,
        set_by: f.set_by.clone(),
    })
}

// ---------------------------------------------------------------------------------------------
// The rollback command (Rollback item 5)
// ---------------------------------------------------------------------------------------------

/// The command with its placeholders, as the source page shows it.
pub const ROLLBACK_TEMPLATE: &str =
    "aws lambda update-alias --function-name <fn> --name <alias> --function-version <prev-version>";

/// The prior stable deployment: the newest one (by time, then list order) whose version differs
/// from the current `lambda.version` and is a published version number.
pub fn prior_stable(s: &StatusPayload) -> Option<&Deployment> {
    let current = s.lambda.version.trim();
    let mut deps: Vec<(usize, &Deployment)> = s.deployments.iter().enumerate().collect();
    // Newest first; without a time, keep the payload's order (newest first by contract).
    crate::domain::sort::sort_by(&mut deps, |(ia, a), (ib, b)| {
        match (a.deployed_at, b.deployed_at) {
            (Some(x), Some(y)) => y.cmp(&x).then(ia.cmp(ib)),
            _ => ia.cmp(ib),
        }
    });
    deps.into_iter().map(|(_, d)| d).find(|d| {
        let v = d.version.trim();
        v != current && check_rollback_version(v).is_ok()
    })
}

/// The version to roll back to, as typed: a published version number.
pub fn check_rollback_version(v: &str) -> Result<String, String> {
    let v = v.trim();
    if v.is_empty() {
        return Err(
            "Enter the known-good version number (the prior stable version from step 2).".into(),
        );
    }
    if v.eq_ignore_ascii_case("$LATEST") {
        return Err(
            "$LATEST is refused: never point the prod alias at $LATEST. Use the published known-good version number."
                .into(),
        );
    }
    if !v.chars().all(|c| c.is_ascii_digit()) || v.len() > 10 {
        return Err(format!(
            "\"{v}\" is not a version number: use the published Lambda version (digits only, e.g. 41)."
        ));
    }
    if v.trim_start_matches('0').is_empty() {
        return Err("Version 0 does not exist: published versions start at 1.".into());
    }
    Ok(v.to_string())
}

fn check_name(what: &str, v: &str) -> Result<(), String> {
    let ok = !v.is_empty()
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "The {what} in the settings (\"{v}\") is not valid: fix it in the Admin Panel."
        ))
    }
}

/// `aws lambda update-alias --function-name beak-api --name prod --function-version 41`
pub fn rollback_command(function: &str, alias: &str, version: &str) -> Result<String, String> {
    let (function, alias) = (function.trim(), alias.trim());
    check_name("function name", function)?;
    check_name("alias name", alias)?;
    let version = check_rollback_version(version)?;
    Ok(format!(
        "aws lambda update-alias --function-name {function} --name {alias} --function-version {version}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::models::parse_status;
    use crate::domain::route::{Good, RouteError};
    use crate::domain::time::parse_rfc3339;

    fn at(s: &str) -> DateTime<Utc> {
        parse_rfc3339(s).unwrap()
    }

    // ----- definitions -----

    #[test]
    fn twenty_seven_items_ten_eight_nine() {
        let counts: Vec<usize> = LISTS.iter().map(ListDef::total).collect();
        assert_eq!(counts, vec![10, 8, 9]);
        assert_eq!(total_items(), 27);
        let progress = Checklists::default();
        assert_eq!(progress.progress(ListId::PreDeploy), (0, 10));
        assert_eq!(progress.progress(ListId::Rollback), (0, 8));
        assert_eq!(progress.progress(ListId::IncidentTriage), (0, 9));
        assert_eq!(progress.total_progress(), (0, 27));
        for l in &LISTS {
            assert_eq!(l.id.def().id, l.id);
            assert_eq!(ListId::from_slug(l.id.slug()), Some(l.id));
            for (i, it) in l.items.iter().enumerate() {
                assert_eq!(usize::from(it.n), i + 1);
                assert_eq!(it.id, format!("{}-{}", l.id.slug(), it.n));
                assert_eq!(find_item(it.id).map(|(lid, _)| lid), Some(l.id));
            }
        }
    }

    #[test]
    fn list_headers_as_on_the_source_page() {
        let heads: Vec<_> = LISTS
            .iter()
            .map(|l| (l.icon, l.title, l.tag, l.short))
            .collect();
        assert_eq!(
            heads,
            vec![
                ("🚀", "Pre-Deploy Checklist", "Deployment", "Pre-Deploy"),
                ("⏪", "Rollback Checklist", "P0-Ready", "Rollback"),
                (
                    "🚨",
                    "Incident Triage Checklist",
                    "P0 Response",
                    "Incident Triage"
                ),
            ]
        );
    }

    #[test]
    fn every_link_goes_to_its_page_and_section() {
        let expected: &[(&str, Option<(&str, &str)>)] = &[
            (
                "pre-deploy-1",
                Some(("Mission Control → Alias Drift ↗", "/#alias-drift")),
            ),
            ("pre-deploy-2", Some(("System Health ↗", "/system-health"))),
            (
                "pre-deploy-3",
                Some(("Mission Control → Agent Fleet ↗", "/#agent-fleet")),
            ),
            ("pre-deploy-4", Some(("Peck Audit ↗", "/peck-audit"))),
            ("pre-deploy-5", None),
            (
                "pre-deploy-6",
                Some(("Mission Control → SES Quota ↗", "/#ses-quota")),
            ),
            (
                "pre-deploy-7",
                Some(("Mission Control → Change Freeze ↗", "/#change-freeze")),
            ),
            ("pre-deploy-8", None),
            ("pre-deploy-9", Some(("Deployment Log ↗", "/deploy-log"))),
            (
                "pre-deploy-10",
                Some(("Governance Log ↗", "/governance-log")),
            ),
            (
                "rollback-1",
                Some(("Mission Control → Alias Drift ↗", "/#alias-drift")),
            ),
            ("rollback-2", Some(("Deployment Log ↗", "/deploy-log"))),
            (
                "rollback-3",
                Some(("Mission Control → Incident Mode ↗", "/#incident-mode")),
            ),
            ("rollback-4", Some(("Governance Log ↗", "/governance-log"))),
            ("rollback-5", None),
            ("rollback-6", Some(("Mission Control ↗", "/"))),
            ("rollback-7", Some(("System Health ↗", "/system-health"))),
            ("rollback-8", Some(("Incident Log ↗", "/incident-log"))),
            ("incident-triage-1", Some(("Mission Control ↗", "/"))),
            (
                "incident-triage-2",
                Some(("Mission Control → Anomaly Summary ↗", "/#anomaly-summary")),
            ),
            (
                "incident-triage-3",
                Some(("System Health ↗", "/system-health")),
            ),
            (
                "incident-triage-4",
                Some(("Mission Control → Route Health ↗", "/#route-health")),
            ),
            (
                "incident-triage-5",
                Some(("Ops Runbook → INC-003 ↗", "/runbook#inc-003")),
            ),
            ("incident-triage-6", Some(("Peck Audit ↗", "/peck-audit"))),
            (
                "incident-triage-7",
                Some(("Mission Control → Diagnostics ↗", "/#diagnostics")),
            ),
            (
                "incident-triage-8",
                Some(("Governance Log ↗", "/governance-log")),
            ),
            (
                "incident-triage-9",
                Some(("Incident Log ↗", "/incident-log")),
            ),
        ];
        let all: Vec<&ItemDef> = LISTS.iter().flat_map(|l| l.items.iter()).collect();
        assert_eq!(all.len(), expected.len());
        for (it, (id, link)) in all.iter().zip(expected) {
            assert_eq!(it.id, *id);
            let got = it.link.map(|l| (l.label, l.href()));
            assert_eq!(got.as_ref().map(|(l, h)| (*l, h.as_str())), *link, "{id}");
            if let Some(l) = it.link {
                assert!(l.label.ends_with(" ↗"), "{id}");
                let known = crate::pages::PAGES.iter().any(|p| p.path == l.path) || l.path == "/";
                assert!(known, "{id}: {} is a page of the console", l.path);
            }
        }
        assert_eq!(CLOSING_LINK.label, "Incident Postmortem ↗");
        assert_eq!(CLOSING_LINK.href(), "/postmortem");
    }

    #[test]
    fn texts_contain_their_code_spans() {
        for l in &LISTS {
            for it in l.items {
                let plain = it.plain_text();
                for code in it.code_spans() {
                    assert!(plain.contains(code), "{}: {code}", it.id);
                    assert!(it.markdown().contains(&format!("`{code}`")));
                }
                assert!(!plain.contains('`'), "{}", it.id);
                assert_eq!(plain.trim(), plain, "{}", it.id);
            }
        }
        let pd2 = find_item("pre-deploy-2").unwrap().1;
        assert_eq!(
            pd2.code_spans(),
            vec!["lambda.version", "database", "agents"]
        );
        let rb5 = find_item("rollback-5").unwrap().1;
        assert_eq!(rb5.code_spans(), vec!["<prev-version>", "$LATEST"]);
        assert!(rb5.rollback_command);
        assert_eq!(
            find_item("pre-deploy-10").unwrap().1.gate,
            Some(Gate::AliasPromotion)
        );
        assert_eq!(
            find_item("rollback-4").unwrap().1.gate,
            Some(Gate::Rollback)
        );
    }

    /// The texts match the e2e fixture, which is copied verbatim from the seed markdown.
    #[test]
    fn texts_match_the_seed_copy() {
        let fixture: serde_json::Value =
            serde_json::from_str(include_str!("../../e2e/fixtures/checklist-items.json")).unwrap();
        assert_eq!(fixture["title"], PAGE_TITLE);
        assert_eq!(fixture["subtitle"], PAGE_SUBTITLE);
        assert_eq!(fixture["closing_link"]["label"], CLOSING_LINK.label);
        let lists = fixture["lists"].as_array().unwrap();
        assert_eq!(lists.len(), 3);
        for (l, fl) in LISTS.iter().zip(lists) {
            assert_eq!(fl["id"], l.id.slug());
            assert_eq!(fl["title"], l.title);
            assert_eq!(fl["icon"], l.icon);
            assert_eq!(fl["tag"], l.tag);
            assert_eq!(fl["description"], l.description);
            let items = fl["items"].as_array().unwrap();
            assert_eq!(items.len(), l.total());
            for (it, fi) in l.items.iter().zip(items) {
                assert_eq!(fi["markdown"], it.markdown().as_str(), "{}", it.id);
                assert_eq!(fi["text"], it.plain_text().as_str(), "{}", it.id);
                match it.link {
                    Some(link) => {
                        assert_eq!(fi["link"]["label"], link.label, "{}", it.id);
                        assert_eq!(fi["link"]["href"], link.href().as_str(), "{}", it.id);
                    }
                    None => assert!(fi["link"].is_null(), "{}", it.id),
                }
            }
        }
    }

    // ----- state and merge -----

    #[test]
    fn tick_untick_records_who_and_when() {
        let mut c = Checklists::default();
        let t0 = at("2026-11-29T19:00:00Z");
        assert!(c.set(ListId::PreDeploy, "pre-deploy-1", true, "ana", t0));
        assert!(
            !c.set(ListId::PreDeploy, "pre-deploy-1", true, "ana", t0),
            "no change"
        );
        assert!(
            !c.set(ListId::PreDeploy, "rollback-1", true, "ana", t0),
            "not in that list"
        );
        assert!(!c.set(ListId::PreDeploy, "nope", true, "ana", t0));
        assert_eq!(c.progress(ListId::PreDeploy), (1, 10));
        let s = c.item(ListId::PreDeploy, "pre-deploy-1").unwrap();
        assert_eq!((s.done, s.by.as_str(), s.changed_at), (true, "ana", t0));
        let t1 = at("2026-11-29T19:01:00Z");
        assert!(c.set(ListId::PreDeploy, "pre-deploy-1", false, "raj", t1));
        assert_eq!(c.progress(ListId::PreDeploy), (0, 10));
        let s = c.item(ListId::PreDeploy, "pre-deploy-1").unwrap();
        assert_eq!(
            (s.done, s.by.as_str()),
            (false, "raj"),
            "the untick is recorded"
        );
        let events = &c.list(ListId::PreDeploy).unwrap().events;
        assert_eq!(events.len(), 2);
        assert_eq!(c.started_at(ListId::PreDeploy), Some(t0));
    }

    #[test]
    fn two_tabs_ticking_different_items_both_keep_their_ticks() {
        let base = Checklists::default();
        let mut a = base.clone();
        let mut b = base;
        a.set(
            ListId::PreDeploy,
            "pre-deploy-1",
            true,
            "ana",
            at("2026-11-29T19:00:00Z"),
        );
        b.set(
            ListId::PreDeploy,
            "pre-deploy-2",
            true,
            "raj",
            at("2026-11-29T19:00:01Z"),
        );
        b.set(
            ListId::Rollback,
            "rollback-3",
            true,
            "raj",
            at("2026-11-29T19:00:02Z"),
        );
        let ab = a.clone().merge(b.clone());
        let ba = b.merge(a);
        assert_eq!(ab, ba, "both tabs converge");
        assert!(ab.is_done(ListId::PreDeploy, "pre-deploy-1"));
        assert!(ab.is_done(ListId::PreDeploy, "pre-deploy-2"));
        assert!(ab.is_done(ListId::Rollback, "rollback-3"));
        assert_eq!(ab.progress(ListId::PreDeploy), (2, 10));
        assert_eq!(ab.list(ListId::PreDeploy).unwrap().events.len(), 2);
    }

    #[test]
    fn the_newer_change_of_one_item_wins() {
        let mut a = Checklists::default();
        a.set(
            ListId::PreDeploy,
            "pre-deploy-1",
            true,
            "ana",
            at("2026-11-29T19:00:00Z"),
        );
        let mut b = a.clone();
        // b unticks later; a ticks another item even later.
        b.set(
            ListId::PreDeploy,
            "pre-deploy-1",
            false,
            "raj",
            at("2026-11-29T19:05:00Z"),
        );
        a.set(
            ListId::PreDeploy,
            "pre-deploy-4",
            true,
            "ana",
            at("2026-11-29T19:06:00Z"),
        );
        for m in [a.clone().merge(b.clone()), b.clone().merge(a.clone())] {
            assert!(
                !m.is_done(ListId::PreDeploy, "pre-deploy-1"),
                "newer untick wins"
            );
            assert_eq!(m.item(ListId::PreDeploy, "pre-deploy-1").unwrap().by, "raj");
            assert!(m.is_done(ListId::PreDeploy, "pre-deploy-4"));
        }
        // An older copy never undoes a newer tick.
        let mut old = Checklists::default();
        old.set(
            ListId::PreDeploy,
            "pre-deploy-4",
            false,
            "x",
            at("2026-11-29T18:00:00Z"),
        );
        assert!(a
            .clone()
            .merge(old.clone())
            .is_done(ListId::PreDeploy, "pre-deploy-4"));
        assert!(old.merge(a).is_done(ListId::PreDeploy, "pre-deploy-4"));
    }

    #[test]
    fn a_reset_is_not_undone_by_a_tab_that_missed_it() {
        let mut a = Checklists::default();
        a.set(
            ListId::Rollback,
            "rollback-1",
            true,
            "ana",
            at("2026-11-29T19:00:00Z"),
        );
        let mut stale_tab = a.clone();
        a.reset(ListId::Rollback, "ana", at("2026-11-29T19:10:00Z"));
        // The other tab ticks a new item after the reset.
        stale_tab.set(
            ListId::Rollback,
            "rollback-2",
            true,
            "raj",
            at("2026-11-29T19:11:00Z"),
        );
        for m in [a.clone().merge(stale_tab.clone()), stale_tab.merge(a)] {
            assert!(
                !m.is_done(ListId::Rollback, "rollback-1"),
                "cleared by the reset"
            );
            assert!(
                m.is_done(ListId::Rollback, "rollback-2"),
                "ticked after the reset"
            );
            assert_eq!(m.runs_for(ListId::Rollback).len(), 1);
        }
    }

    #[test]
    fn reset_archives_a_run() {
        let mut c = Checklists::default();
        assert!(
            c.reset(ListId::Rollback, "ana", at("2026-11-29T18:00:00Z"))
                .is_none(),
            "nothing to archive"
        );
        c.set(
            ListId::Rollback,
            "rollback-2",
            true,
            "ana",
            at("2026-11-29T19:00:00Z"),
        );
        c.set(
            ListId::Rollback,
            "rollback-1",
            true,
            "raj",
            at("2026-11-29T19:01:00Z"),
        );
        c.set(
            ListId::Rollback,
            "rollback-3",
            true,
            "raj",
            at("2026-11-29T19:02:00Z"),
        );
        c.set(
            ListId::Rollback,
            "rollback-3",
            false,
            "raj",
            at("2026-11-29T19:03:00Z"),
        );
        c.set(
            ListId::PreDeploy,
            "pre-deploy-1",
            true,
            "raj",
            at("2026-11-29T19:03:00Z"),
        );
        let end = at("2026-11-29T19:42:07Z");
        let run = c.reset(ListId::Rollback, "ana", end).unwrap();
        assert_eq!(run.list, ListId::Rollback);
        assert_eq!(run.started_at, Some(at("2026-11-29T19:00:00Z")));
        assert_eq!(run.ended_at, end);
        assert_eq!(run.total, 8);
        assert_eq!(run.changes, 4);
        let items: Vec<_> = run.ticks.iter().map(|t| t.item.as_str()).collect();
        assert_eq!(items, vec!["rollback-1", "rollback-2"], "list order");
        assert_eq!(run.ticks[0].by, "raj");
        assert_eq!(run.id, "rollback-20261129T194207.000Z");
        assert!(run.summary().starts_with("Rollback: 2 / 8 ticked"));
        assert_eq!(c.progress(ListId::Rollback), (0, 8));
        assert_eq!(
            c.progress(ListId::PreDeploy),
            (1, 10),
            "other lists untouched"
        );
        assert_eq!(c.runs_for(ListId::Rollback).len(), 1);
        assert_eq!(
            c.runs_between(at("2026-11-29T19:30:00Z"), at("2026-11-29T20:00:00Z"))
                .len(),
            1
        );
        assert!(c
            .runs_between(at("2026-11-29T20:00:00Z"), at("2026-11-29T21:00:00Z"))
            .is_empty());
        // A tick at the reset's own instant lands after it.
        assert!(c.set(ListId::Rollback, "rollback-1", true, "ana", end));
        assert!(c.is_done(ListId::Rollback, "rollback-1"));

        let runs = c.reset_all("ana", at("2026-11-29T20:00:00Z"));
        assert_eq!(
            runs.len(),
            2,
            "rollback and pre-deploy had changes; triage none"
        );
        assert_eq!(c.total_progress(), (0, 27));
        assert_eq!(c.runs_for(ListId::Rollback).len(), 2);
        assert_eq!(
            c.runs_for(ListId::Rollback)[0].ended_at,
            at("2026-11-29T20:00:00Z"),
            "newest first"
        );
    }

    #[test]
    fn runs_are_capped_and_merged_by_id() {
        let mut c = Checklists::default();
        for i in 0..(MAX_RUNS_PER_LIST + 5) {
            let t = at("2026-11-29T00:00:00Z") + chrono::Duration::minutes(i as i64 * 2);
            c.set(ListId::IncidentTriage, "incident-triage-1", true, "ana", t);
            c.reset(
                ListId::IncidentTriage,
                "ana",
                t + chrono::Duration::minutes(1),
            );
        }
        assert_eq!(c.runs_for(ListId::IncidentTriage).len(), MAX_RUNS_PER_LIST);
        let merged = c.clone().merge(c.clone());
        assert_eq!(merged, c);
    }

    #[test]
    fn stored_shape_round_trips() {
        let mut c = Checklists::default();
        c.set(
            ListId::PreDeploy,
            "pre-deploy-1",
            true,
            "ana",
            at("2026-11-29T19:00:00.250Z"),
        );
        c.reset(ListId::Rollback, "ana", at("2026-11-29T19:00:01Z"));
        let json = serde_json::to_string(&c).unwrap();
        assert!(json.contains("\"pre-deploy\""));
        let back: Checklists = serde_json::from_str(&json).unwrap();
        assert_eq!(back, c);
        let empty: Checklists = serde_json::from_str("{}").unwrap();
        assert_eq!(empty, Checklists::default());
    }

    proptest::proptest! {
        /// Two tabs doing anything in any order converge, and every item ends as its latest
        /// effective change (or the latest reset of its list) says.
        #[test]
        fn merge_converges_per_item(
            ops in proptest::collection::vec((proptest::bool::ANY, 0usize..3, 0usize..10, 0u8..5), 0..60)
        ) {
            let mut tabs = [Checklists::default(), Checklists::default()];
            // (list, item) -> (time, done); list -> reset time
            let mut last_set: BTreeMap<(ListId, String), (DateTime<Utc>, bool)> = BTreeMap::new();
            let mut last_reset: BTreeMap<ListId, DateTime<Utc>> = BTreeMap::new();
            let t0 = at("2026-11-29T00:00:00Z");
            for (i, (tab, l, it, op)) in ops.into_iter().enumerate() {
                let now = t0 + chrono::Duration::seconds(i as i64 + 1);
                let list = ListId::ALL[l];
                let def = list.def();
                let item = def.items[it % def.total()].id;
                let c = &mut tabs[usize::from(tab)];
                match op {
                    0 => {
                        c.reset(list, "x", now);
                        last_reset.insert(list, now);
                    }
                    1 => {
                        // Sync: this tab reads what the other stored.
                        let other = tabs[usize::from(!tab)].clone();
                        let c = &mut tabs[usize::from(tab)];
                        *c = c.clone().merge(other);
                    }
                    _ => {
                        let done = op != 2;
                        if c.set(list, item, done, if tab { "b" } else { "a" }, now) {
                            last_set.insert((list, item.to_string()), (now, done));
                        }
                    }
                }
            }
            let [a, b] = tabs;
            let ab = a.clone().merge(b.clone());
            let ba = b.clone().merge(a.clone());
            proptest::prop_assert_eq!(&ab, &ba);
            proptest::prop_assert_eq!(&ab.clone().merge(ab.clone()), &ab);
            proptest::prop_assert_eq!(&ab.clone().merge(a.clone()), &ab);
            for list in ListId::ALL {
                for item in list.def().items {
                    let want = match last_set.get(&(list, item.id.to_string())) {
                        Some((t, done)) if last_reset.get(&list).is_none_or(|r| t > r) => *done,
                        _ => false,
                    };
                    proptest::prop_assert_eq!(ab.is_done(list, item.id), want, "{}", item.id);
                }
            }
        }
    }

    // ----- hints -----

    fn good<T>(data: T, fetched: DateTime<Utc>) -> Good<T> {
        Good {
            data,
            status: 200,
            latency_ms: 5,
            fetched_at: fetched,
            notes: vec![],
            raw: String::new(),
        }
    }

    fn sim_status(scenario: beak_sim::scenario::Scenario, now: DateTime<Utc>) -> StatusPayload {
        let r =
            beak_sim::scenario::respond(scenario, None, beak_sim::scenario::Route::Status, now, 0);
        parse_status(&r.body).unwrap().data
    }

    fn sim_metrics(scenario: beak_sim::scenario::Scenario, now: DateTime<Utc>) -> MetricsPayload {
        let r =
            beak_sim::scenario::respond(scenario, None, beak_sim::scenario::Route::Metrics, now, 0);
        crate::api::models::parse_metrics(&r.body).unwrap().data
    }

    struct World {
        root: RouteState<RootPayload>,
        metrics: RouteState<MetricsPayload>,
        status: RouteState<StatusPayload>,
        now: DateTime<Utc>,
        t: Thresholds,
    }

    impl World {
        fn scenario(s: beak_sim::scenario::Scenario) -> Self {
            let now = at("2026-11-29T19:42:07Z");
            let fetched = now - chrono::Duration::seconds(3);
            let mut w = World {
                root: RouteState::default(),
                metrics: RouteState::default(),
                status: RouteState::default(),
                now,
                t: Thresholds::default(),
            };
            w.root.record_ok(good(RootPayload::default(), fetched));
            w.metrics.record_ok(good(sim_metrics(s, fetched), fetched));
            w.status.record_ok(good(sim_status(s, fetched), fetched));
            w
        }
        fn obs(&self) -> Observations<'_> {
            Observations {
                root: &self.root,
                metrics: &self.metrics,
                status: &self.status,
                now: self.now,
                stale_after_secs: 30,
                thresholds: &self.t,
            }
        }
        fn hint(&self, k: HintKind) -> Hint {
            hint(k, &self.obs())
        }
    }

    #[test]
    fn hints_follow_the_scenario() {
        use beak_sim::scenario::Scenario as S;
        let healthy = World::scenario(S::Healthy);
        let h = healthy.hint(HintKind::AliasDrift);
        assert_eq!(h.level, Some(Level::Green));
        assert!(
            h.text.contains("42") && h.text.contains("No drift"),
            "{}",
            h.text
        );
        assert_eq!(h.age, HintAge::Fresh { age_secs: 3 });
        assert_eq!(h.age.text(), "3 s ago");
        let d = World::scenario(S::AliasDrift).hint(HintKind::AliasDrift);
        assert_eq!(d.level, Some(Level::Red));
        assert!(d.text.contains("41") && d.text.contains("42"), "{}", d.text);

        assert_eq!(healthy.hint(HintKind::StatusKeys).level, Some(Level::Green));
        assert!(healthy.hint(HintKind::Fleet).text.contains("12 of 12"));
        let out = World::scenario(S::FleetOutage).hint(HintKind::Fleet);
        assert_eq!(out.level, Some(Level::Red));
        assert!(out.text.contains("0 of 12"));
        assert_eq!(
            healthy.hint(HintKind::PeckFailures).level,
            Some(Level::Green)
        );
        assert_eq!(
            World::scenario(S::PeckCallbackErrors)
                .hint(HintKind::PeckFailures)
                .level,
            Some(Level::Red)
        );
        let types = World::scenario(S::PeckDeniedSpike).hint(HintKind::PeckFailureTypes);
        assert!(types.text.contains("denied spike"), "{}", types.text);
        assert_eq!(
            healthy.hint(HintKind::PeckFailureTypes).level,
            Some(Level::Green)
        );
        let audit = World::scenario(S::AuditSpike).hint(HintKind::AuditCounts);
        assert_eq!(audit.level, Some(Level::Amber));
        assert!(
            audit.text.contains("Abnormal") && audit.text.contains("peck_notify"),
            "{}",
            audit.text
        );
        assert_eq!(
            healthy.hint(HintKind::AuditCounts).level,
            Some(Level::Green)
        );
        assert_eq!(
            World::scenario(S::SesAmber).hint(HintKind::SesQuota).level,
            Some(Level::Amber)
        );
        assert!(World::scenario(S::SesAmber)
            .hint(HintKind::SesQuota)
            .text
            .contains("170 / 200"));
        let freeze = World::scenario(S::ChangeFreeze).hint(HintKind::ChangeFreeze);
        assert_eq!(freeze.level, Some(Level::Red));
        assert!(freeze.text.contains("Quarterly audit window"));
        assert_eq!(
            healthy.hint(HintKind::ChangeFreeze).level,
            Some(Level::Green)
        );
        assert_eq!(healthy.hint(HintKind::ColdStart).level, Some(Level::Green));
        let prior = healthy.hint(HintKind::PriorVersion);
        assert_eq!(prior.level, None);
        assert!(
            prior.text.contains("prior stable version 41"),
            "{}",
            prior.text
        );
        let routes = healthy.hint(HintKind::RouteHealth);
        assert_eq!(routes.level, Some(Level::Green));
        assert!(
            routes.text.contains("/beak/system/status 200"),
            "{}",
            routes.text
        );
    }

    #[test]
    fn hints_say_no_data_and_stale_honestly() {
        let t = Thresholds::default();
        let empty_root = RouteState::default();
        let empty_metrics = RouteState::default();
        let empty_status = RouteState::default();
        let now = at("2026-11-29T19:42:07Z");
        let o = Observations {
            root: &empty_root,
            metrics: &empty_metrics,
            status: &empty_status,
            now,
            stale_after_secs: 30,
            thresholds: &t,
        };
        for k in [
            HintKind::AliasDrift,
            HintKind::StatusKeys,
            HintKind::Fleet,
            HintKind::PeckFailures,
            HintKind::AuditCounts,
            HintKind::SesQuota,
            HintKind::ChangeFreeze,
            HintKind::ColdStart,
            HintKind::PriorVersion,
            HintKind::RouteHealth,
            HintKind::PeckFailureTypes,
        ] {
            let h = hint(k, &o);
            assert_eq!(h.age, HintAge::NoData, "{k:?}");
            assert_eq!(h.age.text(), "no data");
            assert_eq!(h.level, Some(Level::Unknown), "{k:?}");
            assert!(h.text.contains("no data"), "{k:?}: {}", h.text);
        }

        // Old healthy data: labelled stale, never green.
        let mut w = World::scenario(beak_sim::scenario::Scenario::Healthy);
        w.now += chrono::Duration::minutes(3);
        let h = w.hint(HintKind::AliasDrift);
        assert_eq!(h.level, Some(Level::Unknown));
        assert_eq!(h.age.text(), "stale (3 min)");
        // A failed attempt after good data: stale, and the error is named for status keys.
        let mut w = World::scenario(beak_sim::scenario::Scenario::Healthy);
        w.status.record_err(
            w.now,
            Some(200),
            5,
            RouteError::MissingKeys {
                keys: vec!["database".into(), "agents".into()],
            },
        );
        let h = w.hint(HintKind::StatusKeys);
        assert_eq!(h.level, Some(Level::Red));
        assert!(h.text.contains("missing database, agents"), "{}", h.text);
        assert!(matches!(w.hint(HintKind::Fleet).age, HintAge::Stale { .. }));
        let mut w = World::scenario(beak_sim::scenario::Scenario::Healthy);
        w.status
            .record_err(w.now, Some(502), 5, RouteError::Http { status: 502 });
        let r = w.hint(HintKind::RouteHealth);
        assert_eq!(r.level, Some(Level::Red));
        assert!(
            r.text.contains("/beak/system/status HTTP 502"),
            "{}",
            r.text
        );
        // No data at all, with the reason.
        let mut status = RouteState::<StatusPayload>::default();
        status.record_err(now, None, 5000, RouteError::Timeout { after_ms: 5000 });
        let o = Observations {
            status: &status,
            ..o
        };
        let h = hint(HintKind::Fleet, &o);
        assert!(
            h.text
                .contains("no data (last attempt: timeout after 5000 ms)"),
            "{}",
            h.text
        );
    }

    // ----- freeze, gates, command -----

    #[test]
    fn freeze_blocks_until_overridden() {
        use beak_sim::scenario::Scenario as S;
        let now = at("2026-11-29T19:42:07Z");
        let frozen = sim_status(S::ChangeFreeze, now);
        let b = freeze_block(Some(&frozen), now, false).unwrap();
        assert_eq!(b.reason, "Quarterly audit window");
        assert!(b
            .message("T-JOSH")
            .contains("Deployment is visually blocked"));
        assert!(b
            .message("T-JOSH")
            .contains("overridden with T-JOSH approval"));
        assert!(
            freeze_block(Some(&frozen), now, true).is_none(),
            "overridden"
        );
        assert!(
            freeze_block(Some(&frozen), now + chrono::Duration::hours(7), false).is_none(),
            "past its end"
        );
        assert!(freeze_block(Some(&sim_status(S::Healthy, now)), now, false).is_none());
        assert!(freeze_block(None, now, false).is_none());
    }

    #[test]
    fn governance_links_are_prefilled() {
        assert_eq!(
            governance_href(Gate::AliasPromotion, Some("42")),
            "/governance-log?action=alias-promotion&version=42"
        );
        assert_eq!(
            governance_href(Gate::Rollback, Some(" 41 ")),
            "/governance-log?action=rollback&version=41"
        );
        assert_eq!(
            governance_href(Gate::Rollback, None),
            "/governance-log?action=rollback"
        );
        assert_eq!(
            governance_href(Gate::Rollback, Some("a&b c")),
            "/governance-log?action=rollback&version=a%26b%20c"
        );
        let now = at("2026-11-29T19:42:07Z");
        let s = sim_status(beak_sim::scenario::Scenario::Healthy, now);
        assert_eq!(promotion_version(Some(&s)).as_deref(), Some("42"));
        assert_eq!(promotion_version(None), None);
    }

    #[test]
    fn prior_stable_is_the_newest_other_version() {
        let now = at("2026-11-29T19:42:07Z");
        let s = sim_status(beak_sim::scenario::Scenario::Healthy, now);
        assert_eq!(prior_stable(&s).map(|d| d.version.as_str()), Some("41"));
        let body = r#"{"lambda":{"version":"42"},"database":{},"agents":{},
          "deployments":[
            {"version":"40","deployed_at":"2026-11-01T00:00:00Z"},
            {"version":"42","deployed_at":"2026-11-28T00:00:00Z"},
            {"version":"$LATEST","deployed_at":"2026-11-27T00:00:00Z"},
            {"version":"42","deployed_at":"2026-11-26T00:00:00Z"},
            {"version":"41","deployed_at":"2026-11-20T00:00:00Z"}]}"#;
        let s = parse_status(body).unwrap().data;
        assert_eq!(prior_stable(&s).map(|d| d.version.as_str()), Some("41"));
        let only = parse_status(r#"{"lambda":{"version":"42"},"database":{},"agents":{},"deployments":[{"version":"42"}]}"#)
            .unwrap()
            .data;
        assert!(prior_stable(&only).is_none());
    }

    #[test]
    fn rollback_command_validation() {
        assert_eq!(
            rollback_command("beak-api", "prod", " 41 ").unwrap(),
            "aws lambda update-alias --function-name beak-api --name prod --function-version 41"
        );
        for bad in ["$LATEST", "$latest", " $LATEST "] {
            let e = rollback_command("beak-api", "prod", bad).unwrap_err();
            assert!(e.contains("$LATEST is refused"), "{bad}: {e}");
        }
        assert!(rollback_command("beak-api", "prod", "")
            .unwrap_err()
            .contains("Enter the known-good version"));
        assert!(rollback_command("beak-api", "prod", "   ").is_err());
        for bad in ["41a", "4.1", "-1", "v41", "41; rm -rf /", "１２"] {
            let e = rollback_command("beak-api", "prod", bad).unwrap_err();
            assert!(e.contains("not a version number"), "{bad}: {e}");
        }
        assert!(rollback_command("beak-api", "prod", "0").is_err());
        assert!(rollback_command("beak-api", "prod", "12345678901").is_err());
        assert!(rollback_command("beak api", "prod", "41")
            .unwrap_err()
            .contains("function name"));
        assert!(rollback_command("beak-api", "", "41")
            .unwrap_err()
            .contains("alias name"));
        assert!(ROLLBACK_TEMPLATE.contains("<prev-version>"));
    }
}
