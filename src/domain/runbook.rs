//! The ops runbook as data: entries INC-001 onwards, each with an anchor (`inc-003`), symptoms,
//! how to confirm them on this console, the steps an on-call operator follows and which steps
//! need a T-JOSH approval. The Runbooks Index searches these and the three checklists.
//! Other pages link to `/runbook#inc-00N`: keep the ids. Plain Rust, tested natively.

use super::checklist::ListId;

/// A link inside the console (an app path, optionally with a fragment or query).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Link {
    pub label: &'static str,
    pub href: &'static str,
}

const fn link(label: &'static str, href: &'static str) -> Link {
    Link { label, href }
}

/// One way to confirm a symptom on this console.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Check {
    pub text: &'static str,
    pub link: Link,
}

/// One step of a procedure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    pub text: &'static str,
    /// The Governance Log action slug (`rollback`, `cert-revocation`, …) whose T-JOSH approval
    /// must be recorded before this step is done.
    pub approval: Option<&'static str>,
    /// Where on the console the step is done or checked.
    pub link: Option<Link>,
}

const fn step(text: &'static str) -> Step {
    Step {
        text,
        approval: None,
        link: None,
    }
}

const fn step_at(text: &'static str, link: Link) -> Step {
    Step {
        text,
        approval: None,
        link: Some(link),
    }
}

const fn gated(text: &'static str, action: &'static str, link: Option<Link>) -> Step {
    Step {
        text,
        approval: Some(action),
        link,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunbookEntry {
    /// The anchor: `inc-001`.
    pub id: &'static str,
    pub title: &'static str,
    /// Typical severity.
    pub severity: &'static str,
    pub summary: &'static str,
    pub symptoms: &'static [&'static str],
    pub confirm: &'static [Check],
    pub steps: &'static [Step],
    /// Other entries to read alongside (ids).
    pub related: &'static [&'static str],
}

impl RunbookEntry {
    /// `INC-001`
    pub fn code(&self) -> String {
        self.id.to_ascii_uppercase()
    }

    /// `/runbook#inc-001`
    pub fn href(&self) -> String {
        format!("/runbook#{}", self.id)
    }

    /// Whether any step needs an approval.
    pub fn needs_approval(&self) -> bool {
        self.steps.iter().any(|s| s.approval.is_some())
    }

    /// Everything searchable, one string.
    pub fn text(&self) -> String {
        let mut parts: Vec<&str> = vec![self.summary, self.severity];
        parts.extend(self.symptoms.iter().copied());
        parts.extend(self.confirm.iter().map(|c| c.text));
        parts.extend(self.steps.iter().map(|s| s.text));
        parts.join(" ")
    }
}

/// The Governance Log link that records an approval of `action`.
pub fn approval_href(action: &str) -> String {
    format!("/governance-log?action={action}")
}

/// A readable name of an approval action slug.
pub fn approval_label(action: &str) -> &'static str {
    match action {
        "alias-promotion" => "alias promotion",
        "rollback" => "rollback",
        "freeze-override" => "change-freeze override",
        "cert-revocation" => "cert revocation",
        "connection-termination" => "connection termination",
        _ => "approval",
    }
}

const ALIAS_DRIFT: Link = link("Mission Control → Alias Drift", "/#alias-drift");
const AGENT_FLEET: Link = link("Mission Control → Agent Fleet", "/#agent-fleet");
const PECK_FAILURES: Link = link("Mission Control → Peck Failures", "/#peck-failures");
const AUDIT_ACTIVITY: Link = link("Mission Control → Audit Activity", "/#audit-activity");
const SES_QUOTA: Link = link("Mission Control → SES Quota", "/#ses-quota");
const SANDBOX: Link = link("Mission Control → Sandbox", "/#sandbox");
const CHANGE_FREEZE: Link = link("Mission Control → Change Freeze", "/#change-freeze");
const ROUTE_HEALTH: Link = link("Mission Control → Route Health", "/#route-health");
const DEPLOYMENTS: Link = link("Mission Control → Deployments", "/#deployments");
const HEALTH_SCORE: Link = link("Mission Control → Health Score", "/#health-score");
const ANOMALIES: Link = link("Mission Control → Anomaly Summary", "/#anomaly-summary");
const INCIDENT_MODE: Link = link("Mission Control → Incident Mode", "/#incident-mode");
const DIAGNOSTICS: Link = link("Mission Control → Diagnostics", "/#diagnostics");
const SYSTEM_HEALTH: Link = link("System Health", "/system-health");
const PECK_AUDIT: Link = link("Peck Audit", "/peck-audit");
const DEPLOY_LOG: Link = link("Deploy Log", "/deploy-log");
const GOVERNANCE_LOG: Link = link("Governance Log", "/governance-log");
const INCIDENT_LOG: Link = link("Incident Log", "/incident-log");
const POSTMORTEM: Link = link("Incident Postmortem", "/postmortem");
const THRESHOLDS: Link = link("Alert Thresholds", "/alert-thresholds");
const ADMIN: Link = link("Admin Panel → Settings", "/admin#settings");
const GATED_OPS: Link = link("Admin Panel → Gated operations", "/admin#gated-operations");

/// Every runbook entry, in order. Other pages link to these ids: keep them.
pub const ENTRIES: &[RunbookEntry] = &[
    RunbookEntry {
        id: "inc-001",
        title: "Alias drift",
        severity: "P1",
        summary: "The prod alias does not point at the deployed function version (or points at $LATEST): users are served a version nobody meant to serve.",
        symptoms: &[
            "The Alias Drift card is red: lambda_alias_version differs from lambda.version.",
            "The prod alias points at $LATEST instead of a numbered version.",
            "A fix that was deployed does not seem to be live, or an old bug is back.",
        ],
        confirm: &[
            Check { text: "Alias Drift card: both versions side by side.", link: ALIAS_DRIFT },
            Check { text: "Raw status response: compare lambda.version and lambda_alias_version.", link: SYSTEM_HEALTH },
            Check { text: "Which version was promoted last, by whom and when.", link: DEPLOY_LOG },
        ],
        steps: &[
            step_at("Note both values (function version and alias version) with the current UTC time. If an incident is open, add them to its Incident Log entry.", ALIAS_DRIFT),
            step_at("Check the deployment history: was a promotion started and not finished, or is a rollback in progress on purpose? If the drift is intended, record why and stop here.", DEPLOYMENTS),
            step_at("Check the Change Freeze banner. If a freeze is active, do not change the alias without a freeze override: follow INC-007.", CHANGE_FREEZE),
            step("Decide the version prod should serve: the last known-good numbered version from the Deploy Log. Never use $LATEST for the prod alias."),
            gated("Get T-JOSH's approval for the alias change and record it in the Governance Log with the target version, reason and method: an alias promotion when moving forward.", "alias-promotion", Some(GOVERNANCE_LOG)),
            gated("When moving back to an older version instead, record it as a rollback approval with the target version.", "rollback", Some(GOVERNANCE_LOG)),
            step_at("Build the update-alias command in the Admin Panel (it unlocks once the approval is recorded), check the version, copy it and run it.", GATED_OPS),
            step_at("Press Refresh now and confirm the Alias Drift card shows no drift. Record the change in the Deploy Log.", ALIAS_DRIFT),
        ],
        related: &["inc-007", "inc-002"],
    },
    RunbookEntry {
        id: "inc-002",
        title: "Route 502/504: cold start or crash loop",
        severity: "P1 (P0 when every route fails)",
        summary: "A /beak route answers 502 or 504: the gateway got no good answer from the Lambda, either a cold start or a crash loop.",
        symptoms: &[
            "Route Health shows HTTP 502 or 504 on /beak, /beak/metrics or /beak/system/status.",
            "The header says Stale and names the failing routes.",
            "Cold start p95 is above the limit (2,000 ms by default).",
        ],
        confirm: &[
            Check { text: "Route Health: status, latency and error of each route.", link: ROUTE_HEALTH },
            Check { text: "Route table and cold start p95 with its recent history.", link: SYSTEM_HEALTH },
            Check { text: "Copy the diagnostics to capture the state before acting.", link: DIAGNOSTICS },
        ],
        steps: &[
            step_at("Press Refresh now, wait 30 seconds and refresh again. A single 502/504 that clears is a cold start: note it and watch cold start p95 on System Health.", SYSTEM_HEALTH),
            step_at("If the error persists over two or more polls, treat it as a crash loop: turn on Incident Mode and copy the diagnostics.", INCIDENT_MODE),
            step("Open the function's CloudWatch logs and find the first error (init failures, missing configuration, out of memory, timeouts). Note its UTC time."),
            step_at("Check the Deploy Log: did the failures start after a promotion? Then the new version is the suspect.", DEPLOY_LOG),
            gated("If the new version is at fault, roll the prod alias back to the previous known-good version. Record T-JOSH's rollback approval with the target version first.", "rollback", Some(GATED_OPS)),
            step_at("Confirm all three routes answer 200 and cold start p95 is under the limit.", SYSTEM_HEALTH),
            step_at("Record the incident: start, detection and resolution times, cause and actions.", INCIDENT_LOG),
        ],
        related: &["inc-009", "inc-001"],
    },
    RunbookEntry {
        id: "inc-003",
        title: "Total fleet outage",
        severity: "P0",
        summary: "No spaceducks are pulsing: the whole agent fleet is dead. Peck approvals and cert issuance have stopped.",
        symptoms: &[
            "The Agent Fleet tile shows 0 agents alive (a total fleet outage: no spaceducks pulsing).",
            "The last pulse is minutes or hours old.",
            "Peck approvals stop while pecks are still requested; duck.cert_issued drops to 0 (cert issuance stopped).",
            "The health score drops below 60 (red).",
        ],
        confirm: &[
            Check { text: "Agent Fleet: alive count, dead agents and the last pulse time.", link: AGENT_FLEET },
            Check { text: "Audit Activity: duck.cert_issued at or near 0 in the window.", link: AUDIT_ACTIVITY },
            Check { text: "Peck Audit: approvals stopped, failures rising.", link: PECK_AUDIT },
            Check { text: "Health score and its largest penalty.", link: HEALTH_SCORE },
        ],
        steps: &[
            step_at("Turn on Incident Mode (P0). It freezes the dashboard and records the UTC start time.", INCIDENT_MODE),
            step_at("Copy the incident snapshot / diagnostics JSON before anything changes.", DIAGNOSTICS),
            step_at("Check that the platform itself answers: if routes fail too, follow INC-009 or INC-002 first; the agents may be alive but not observable.", ROUTE_HEALTH),
            step("Look at when the last pulse happened. All agents stopping at once points at a shared dependency (network, credentials, message bus, certificate expiry), not at the agents one by one."),
            gated("If a promotion shortly before the last pulse is the cause, roll back the prod alias to the previous version. Record T-JOSH's rollback approval first.", "rollback", Some(GATED_OPS)),
            step("Restart the agent fleet following the fleet operations procedure, a few agents first, then the rest."),
            gated("If stale agent connections must be cut before agents can re-register, terminate them only after T-JOSH's connection-termination approval is recorded.", "connection-termination", Some(GATED_OPS)),
            gated("If agent certificates are compromised or expired and must be revoked, revoke them only after T-JOSH's cert-revocation approval is recorded.", "cert-revocation", Some(GATED_OPS)),
            step_at("Confirm recovery: agents pulsing, peck approvals and duck.cert_issued back within their normal bounds.", AUDIT_ACTIVITY),
            step_at("Tell stakeholders that peck approvals and cert issuance were stopped between the start and the recovery times.", INCIDENT_LOG),
            step_at("Exit Incident Mode, complete the Incident Log entry and write the postmortem.", POSTMORTEM),
        ],
        related: &["inc-002", "inc-009", "inc-008"],
    },
    RunbookEntry {
        id: "inc-004",
        title: "Peck callback errors",
        severity: "P1",
        summary: "A spike of callback_error pecks: the platform cannot deliver its webhooks.",
        symptoms: &[
            "Peck Audit flags a callback_error spike (webhook delivery issues).",
            "The peck failure rate is amber or red.",
            "The Anomaly Summary lists peck callback errors.",
        ],
        confirm: &[
            Check { text: "Peck Audit: the callback_error share and its trend.", link: PECK_AUDIT },
            Check { text: "Peck Failures card on Mission Control.", link: PECK_FAILURES },
            Check { text: "Anomaly Summary: what else is flagged at the same time.", link: ANOMALIES },
        ],
        steps: &[
            step_at("Note the callback_error count and share in the window, and when the trend started to rise.", PECK_AUDIT),
            step("Check the webhook receiver: is it up, is its TLS certificate valid, has its URL or firewall changed? Callback errors mean webhook delivery is failing."),
            step_at("Check the Deploy Log: did the errors start after a deployment?", DEPLOY_LOG),
            gated("If the deployment is the cause, roll back the prod alias. Record T-JOSH's rollback approval with the target version first.", "rollback", Some(GATED_OPS)),
            gated("If the receiver holds stuck connections that must be cut, terminate them only after T-JOSH's connection-termination approval is recorded.", "connection-termination", Some(GATED_OPS)),
            step_at("Watch the failure rate fall back below the amber threshold over two or more polls.", PECK_AUDIT),
            step_at("Record what happened and what was done.", INCIDENT_LOG),
        ],
        related: &["inc-008"],
    },
    RunbookEntry {
        id: "inc-005",
        title: "SES quota exhaustion and sandbox",
        severity: "P1 at red, P2 at amber",
        summary: "Transactional email is close to or past the SES 24-hour quota, or SES/SNS is still in the sandbox and production sends are blocked.",
        symptoms: &[
            "The SES Quota card is amber (160 of 200 by default) or red (190 of 200).",
            "Transactional emails are delayed or refused.",
            "The Sandbox card shows SES or SNS in the sandbox: production sends are blocked.",
        ],
        confirm: &[
            Check { text: "SES Quota: sent in the last 24 h against the maximum.", link: SES_QUOTA },
            Check { text: "Sandbox: SES and SNS state.", link: SANDBOX },
            Check { text: "The amber and red levels in use.", link: THRESHOLDS },
        ],
        steps: &[
            step("At amber: defer deployments that trigger transactional email to off-peak hours and notify T-JOSH (Pre-Deploy item 6)."),
            step("At red: pause non-essential sends (digests, bulk notices) so account and security emails still go out."),
            step("The quota is a rolling 24 hours: estimate when today's sends fall out of the window."),
            step("If more capacity is needed, request a quota increase in the SES console and note the case id in the Incident Log."),
            step_at("If SES or SNS is in the sandbox, request production access; until it is granted only verified addresses receive messages.", SANDBOX),
            step_at("Record the event; if the levels are too noisy or too late, adjust them on Alert Thresholds.", INCIDENT_LOG),
        ],
        related: &[],
    },
    RunbookEntry {
        id: "inc-006",
        title: "Stale snapshot",
        severity: "P2",
        summary: "The platform's status snapshot is older than the limit (15 minutes by default): fleet, quota and pipeline numbers may be out of date.",
        symptoms: &[
            "snapshot.taken_at is older than the stale-snapshot threshold.",
            "The health score carries a stale-snapshot penalty.",
            "Numbers on Mission Control stop moving although the routes answer.",
        ],
        confirm: &[
            Check { text: "Health score: the stale snapshot penalty.", link: HEALTH_SCORE },
            Check { text: "Raw status response: snapshot.taken_at.", link: SYSTEM_HEALTH },
            Check { text: "Route Health: the console can still fetch (a stale header is a different problem).", link: ROUTE_HEALTH },
        ],
        steps: &[
            step_at("Tell the two apart: the header saying Stale means the console cannot fetch (see INC-009); a stale snapshot means the platform's own snapshot job is behind while the routes answer.", ROUTE_HEALTH),
            step("If the routes answer 200 but the snapshot is old, check the snapshot job's schedule and logs: is it stopped, failing or slow?"),
            step("Do not act on fleet or quota numbers from the stale snapshot; confirm them on the source systems first."),
            step_at("Re-run or restart the snapshot job and confirm snapshot.taken_at moves forward.", SYSTEM_HEALTH),
            step_at("Record the gap (from when to when the snapshot was stale).", INCIDENT_LOG),
        ],
        related: &["inc-009"],
    },
    RunbookEntry {
        id: "inc-007",
        title: "Change freeze during an incident",
        severity: "depends on the incident",
        summary: "A change freeze is active and the incident seems to need a change (a rollback, a hotfix, an alias promotion).",
        symptoms: &[
            "The Change Freeze banner is active and blocks deployment.",
            "An incident is open and the fix needs a change to prod.",
        ],
        confirm: &[
            Check { text: "Change Freeze: reason, until when, and who set it.", link: CHANGE_FREEZE },
            Check { text: "Incident Mode: the incident is open and timed.", link: INCIDENT_MODE },
            Check { text: "Governance Log: approvals already recorded.", link: GOVERNANCE_LOG },
        ],
        steps: &[
            step("A freeze means no deployments and no promotions. First try to mitigate without a change (wait out a cold start, restart agents, pause sends)."),
            gated("If a change is unavoidable, ask T-JOSH for a freeze override and record it with the reason and reference.", "freeze-override", Some(GOVERNANCE_LOG)),
            gated("The change itself needs its own approval as well, recorded separately: for a rollback, T-JOSH's rollback approval with the target version.", "rollback", Some(GATED_OPS)),
            step_at("Make the smallest change that resolves the incident, nothing else. Note both approval ids in the Incident Log.", INCIDENT_LOG),
            step("Tell the freeze owner (set_by) what was changed and confirm the freeze still holds for everything else."),
        ],
        related: &["inc-001", "inc-002"],
    },
    RunbookEntry {
        id: "inc-008",
        title: "Peck denied or expired spikes",
        severity: "P1",
        summary: "Many pecks are denied (auth configuration drift) or expire (slow response times).",
        symptoms: &[
            "Peck Audit flags a denied spike: auth config drift.",
            "Peck Audit flags an expired spike: slow response times.",
            "The peck failure rate is amber or red.",
        ],
        confirm: &[
            Check { text: "Peck Audit: which failure type spikes.", link: PECK_AUDIT },
            Check { text: "Peck Failures card on Mission Control.", link: PECK_FAILURES },
            Check { text: "Latency p95 and cold start for slow responses.", link: SYSTEM_HEALTH },
            Check { text: "Agent Fleet: fewer agents alive means slower approvals.", link: AGENT_FLEET },
        ],
        steps: &[
            step_at("Identify which type spikes and since when.", PECK_AUDIT),
            step_at("Denied: compare the auth configuration (keys, allow lists, token issuer, clock skew) with the last known-good; check the Deploy Log and Governance Log for recent changes.", DEPLOY_LOG),
            step_at("Expired: check latency p95 and cold start on System Health and the fleet size; a partial fleet approves pecks more slowly.", SYSTEM_HEALTH),
            gated("If a deployment caused it, roll back the prod alias after T-JOSH's rollback approval is recorded.", "rollback", Some(GATED_OPS)),
            step_at("Watch the failure rate return below the thresholds over two or more polls, then record the event.", INCIDENT_LOG),
        ],
        related: &["inc-004", "inc-002"],
    },
    RunbookEntry {
        id: "inc-009",
        title: "Route timeouts or unreachable platform",
        severity: "P0 when users are affected",
        summary: "The console gets no answer: routes time out, the connection is refused, or the answer is not the JSON the contract promises.",
        symptoms: &[
            "The header says Offline, or Route Health shows timeouts or unreachable routes.",
            "Routes answer with an HTML page instead of JSON, or JSON without the required keys.",
            "Every card shows No data or stale values.",
        ],
        confirm: &[
            Check { text: "Route Health: the named error of each route.", link: ROUTE_HEALTH },
            Check { text: "Status endpoint check and raw responses.", link: SYSTEM_HEALTH },
            Check { text: "API base URL and request timeout in use.", link: ADMIN },
        ],
        steps: &[
            step("Check your own connection or VPN, then open the /beak URL directly in a new tab."),
            step_at("Check the API base URL and request timeout in the Admin Panel: a typo or the wrong environment looks like an outage.", ADMIN),
            step_at("If every route times out but the host answers, the Lambda hangs: check CloudWatch for duration timeouts and follow INC-002.", SYSTEM_HEALTH),
            step("Refused connections or DNS errors point at the gateway or DNS: escalate to the platform on-call."),
            step("Do not trust the last known data: the console shows it as stale and never green."),
            step_at("If users are affected, turn on Incident Mode (P0) and record the start time.", INCIDENT_MODE),
        ],
        related: &["inc-002", "inc-006"],
    },
];

pub fn entry(id: &str) -> Option<&'static RunbookEntry> {
    ENTRIES.iter().find(|e| e.id == id)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    Runbook,
    Checklist,
}

/// One row of the Runbooks Index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexItem {
    /// `INC-003` or `pre-deploy`.
    pub code: String,
    pub title: String,
    pub href: String,
    pub kind: ItemKind,
    pub summary: String,
    /// Everything searched besides code and title.
    pub text: String,
}

/// Every runbook entry and the three checklists (from the checklist data), in index order.
pub fn index_items() -> Vec<IndexItem> {
    let mut items: Vec<IndexItem> = ENTRIES
        .iter()
        .map(|e| IndexItem {
            code: e.code(),
            title: e.title.to_string(),
            href: e.href(),
            kind: ItemKind::Runbook,
            summary: e.summary.to_string(),
            text: e.text(),
        })
        .collect();
    items.extend(ListId::ALL.iter().map(|l| {
        let def = l.def();
        let steps: Vec<String> = def.items.iter().map(|i| i.plain_text()).collect();
        IndexItem {
            code: l.slug().to_string(),
            title: def.title.to_string(),
            href: format!("/checklist#{}", l.slug()),
            kind: ItemKind::Checklist,
            summary: def.description.to_string(),
            text: format!(
                "checklist {} {} {}",
                def.tag,
                def.description,
                steps.join(" ")
            ),
        }
    }));
    // The benchmark's build measures the index at 1,000 items (docs/performance.md).
    #[cfg(feature = "bench-runbooks")]
    items.extend(synthetic_items(1000usize.saturating_sub(items.len())));
    items
}

fn fold(s: &str) -> String {
    s.to_lowercase()
}

/// An item's searchable forms, folded once: the index keeps these so a keystroke compares
/// strings and allocates nothing per item.
#[derive(Clone, Debug)]
struct Folded {
    /// Code, title and text, lower-cased.
    hay: String,
    /// The code without dashes (`inc003`).
    compact_code: String,
    /// The compact code without leading zeros of the number (`inc3`).
    short_code: String,
}

impl Folded {
    fn of(item: &IndexItem) -> Folded {
        let hay = fold(&format!("{} {} {}", item.code, item.title, item.text));
        let compact_code: String = fold(&item.code).chars().filter(|c| *c != '-').collect();
        let short_code = compact_code.replace("inc00", "inc").replace("inc0", "inc");
        Folded {
            hay,
            compact_code,
            short_code,
        }
    }

    /// `words` are folded query words, each paired with its form without dashes.
    fn matches(&self, words: &[(String, String)]) -> bool {
        words.iter().all(|(w, compact)| {
            self.hay.contains(w.as_str())
                || (!compact.is_empty()
                    && (self.compact_code.contains(compact.as_str())
                        || self.short_code == *compact))
        })
    }
}

/// The Runbooks Index's items with their searchable forms prepared once.
#[derive(Clone, Debug)]
pub struct SearchIndex {
    items: Vec<IndexItem>,
    folded: Vec<Folded>,
}

impl SearchIndex {
    pub fn new(items: Vec<IndexItem>) -> SearchIndex {
        let folded = items.iter().map(Folded::of).collect();
        SearchIndex { items, folded }
    }

    pub fn items(&self) -> &[IndexItem] {
        &self.items
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The positions of the items matching every word of `query` (case-insensitive) in their
    /// code, title or text, in index order. `inc3`, `inc 3` and `inc-003` find INC-003. An
    /// empty query matches everything.
    pub fn search(&self, query: &str) -> Vec<usize> {
        let words: Vec<(String, String)> = query
            .split_whitespace()
            .map(|w| {
                let w = fold(w);
                let compact = w.chars().filter(|c| *c != '-').collect();
                (w, compact)
            })
            .collect();
        (0..self.items.len())
            .filter(|&i| self.folded[i].matches(&words))
            .collect()
    }
}

/// `n` made-up runbook entries shaped like the real ones (a code, a title, a summary and a few
/// hundred characters of steps), for measuring the index at scale. Only the benchmark's build
/// (`--features bench-runbooks`) lists them.
pub fn synthetic_items(n: usize) -> Vec<IndexItem> {
    const TOPICS: [&str; 8] = [
        "webhook",
        "fleet",
        "alias",
        "quota",
        "peck",
        "audit",
        "certificate",
        "queue",
    ];
    const SYMPTOMS: [&str; 6] = [
        "errors climbing",
        "stale heartbeat",
        "drift after deploy",
        "throttled sends",
        "denied spike",
        "slow responses",
    ];
    (0..n)
        .map(|i| {
            let topic = TOPICS[i % TOPICS.len()];
            let symptom = SYMPTOMS[(i / TOPICS.len()) % SYMPTOMS.len()];
            let code = format!("SYN-{:04}", i + 1);
            IndexItem {
                href: format!("/runbook#{}", code.to_lowercase()),
                title: format!("{topic} {symptom} ({})", i + 1),
                kind: ItemKind::Runbook,
                summary: format!("When the {topic} shows {symptom}: confirm, contain, then fix."),
                text: format!(
                    "Check the {topic} card on Mission Control and the route health. \
                     Compare the {topic} numbers with the last deploy in the Deploy Log. \
                     If {symptom} continues for more than five minutes, turn on Incident Mode, \
                     record the incident and page the owner of {topic}. Roll back only with an \
                     approval in the Governance Log. Entry {} of the synthetic set.",
                    i + 1
                ),
                code,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::approvals::ApprovalAction;

    fn items() -> Vec<IndexItem> {
        index_items()
    }

    fn codes(q: &str) -> Vec<String> {
        let index = SearchIndex::new(items());
        index
            .search(q)
            .into_iter()
            .map(|i| index.items()[i].code.clone())
            .collect()
    }

    #[test]
    fn ids_are_the_ones_other_pages_link_to() {
        let ids: Vec<_> = ENTRIES.iter().map(|e| e.id).collect();
        assert_eq!(
            ids,
            vec![
                "inc-001", "inc-002", "inc-003", "inc-004", "inc-005", "inc-006", "inc-007",
                "inc-008", "inc-009"
            ]
        );
        assert_eq!(entry("inc-003").unwrap().title, "Total fleet outage");
        assert_eq!(entry("inc-003").unwrap().href(), "/runbook#inc-003");
        assert_eq!(entry("inc-003").unwrap().code(), "INC-003");
        for id in [
            crate::domain::anomalies::runbook::ALIAS_DRIFT,
            crate::domain::anomalies::runbook::ROUTE_502_504,
            crate::domain::anomalies::runbook::FLEET_OUTAGE,
            crate::domain::anomalies::runbook::PECK_CALLBACK,
            crate::domain::anomalies::runbook::SES_SANDBOX,
            crate::domain::anomalies::runbook::STALE_SNAPSHOT,
            crate::domain::anomalies::runbook::CHANGE_FREEZE,
            crate::domain::anomalies::runbook::PECK_SPIKES,
            crate::domain::anomalies::runbook::ROUTE_TIMEOUTS,
        ] {
            assert!(
                entry(id).is_some(),
                "{id} is linked from the Anomaly Summary"
            );
        }
    }

    #[test]
    fn every_entry_is_complete_and_links_inside_the_console() {
        for e in ENTRIES {
            assert!(!e.symptoms.is_empty(), "{}", e.id);
            assert!(!e.confirm.is_empty(), "{}", e.id);
            assert!(e.steps.len() >= 3, "{}", e.id);
            let links = e
                .confirm
                .iter()
                .map(|c| c.link)
                .chain(e.steps.iter().filter_map(|s| s.link));
            for l in links {
                assert!(l.href.starts_with('/'), "{}: {}", e.id, l.href);
            }
            for s in e.steps {
                if let Some(a) = s.approval {
                    assert!(
                        ApprovalAction::from_slug(a).is_some(),
                        "{}: unknown approval action {a}",
                        e.id
                    );
                    assert_ne!(approval_label(a), "approval");
                }
            }
            for r in e.related {
                assert!(entry(r).is_some(), "{} relates to unknown {r}", e.id);
            }
        }
        let fleet = entry("inc-003").unwrap();
        assert!(fleet.text().contains("no spaceducks pulsing"));
        assert!(fleet.text().contains("cert issuance stopped"));
        assert!(fleet.needs_approval());
        assert!(!entry("inc-005").unwrap().needs_approval());
        assert_eq!(approval_href("rollback"), "/governance-log?action=rollback");
    }

    #[test]
    fn index_lists_every_entry_and_the_checklists() {
        let all = items();
        assert_eq!(all.len(), ENTRIES.len() + 3);
        assert_eq!(codes("").len(), all.len());
        assert_eq!(codes("   ").len(), all.len());
        let titles: Vec<_> = all
            .iter()
            .filter(|i| i.kind == ItemKind::Checklist)
            .map(|i| i.title.as_str())
            .collect();
        assert_eq!(
            titles,
            vec![
                "Pre-Deploy Checklist",
                "Rollback Checklist",
                "Incident Triage Checklist"
            ]
        );
    }

    #[test]
    fn the_index_searches_1000_items() {
        let mut all = items();
        all.extend(synthetic_items(1000 - all.len()));
        assert_eq!(all.len(), 1000);
        let codes: std::collections::HashSet<_> = all.iter().map(|i| i.code.clone()).collect();
        assert_eq!(codes.len(), 1000, "codes are unique");
        let index = SearchIndex::new(all.clone());
        assert_eq!(index.search("").len(), 1000);
        assert_eq!(
            index.search("syn-0042"),
            vec![all.iter().position(|i| i.code == "SYN-0042").unwrap()]
        );
        let hits = index.search("Webhook ERRORS");
        assert!(hits.len() > 10, "{}", hits.len());
        assert!(hits.iter().all(|&i| {
            let hay = format!("{} {} {}", all[i].code, all[i].title, all[i].text).to_lowercase();
            hay.contains("webhook") && hay.contains("errors")
        }));
        assert!(index
            .search("inc3")
            .iter()
            .any(|&i| all[i].code == "INC-003"));
        assert!(index.search("zzzz nothing").is_empty());
    }

    #[test]
    fn filter_by_id_title_and_text() {
        // The triage checklist says "Follow INC-003": it is found too, after the entry.
        assert_eq!(codes("INC-003"), vec!["INC-003", "incident-triage"]);
        assert_eq!(codes("inc-003"), vec!["INC-003", "incident-triage"]);
        assert_eq!(codes("inc3"), vec!["INC-003"]);
        assert_eq!(codes("INC003"), vec!["INC-003"]);
        assert_eq!(codes("fleet outage"), vec!["INC-003", "incident-triage"]);
        assert_eq!(codes("SPACEDUCKS"), vec!["INC-003", "incident-triage"]);
        assert_eq!(codes("spaceducks restart"), vec!["INC-003"]);
        assert!(codes("rollback checklist").contains(&"rollback".to_string()));
        assert_eq!(codes("p0-ready"), vec!["rollback"]);
        assert_eq!(items()[ENTRIES.len()].href, "/checklist#pre-deploy");
        assert!(codes("checklist").contains(&"pre-deploy".to_string()));
        assert!(codes("webhook").contains(&"INC-004".to_string()));
        assert!(codes("sandbox").contains(&"INC-005".to_string()));
        assert_eq!(codes("zebra"), Vec::<String>::new());
        assert_eq!(
            codes("alias zebra"),
            Vec::<String>::new(),
            "every word must match"
        );
        assert!(codes("$latest").contains(&"INC-001".to_string()));
        assert!(codes("<script>").is_empty());
    }
}
