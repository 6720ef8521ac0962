//! The platform cards: alias drift, agent fleet, peck failures, audit activity, SES quota,
//! sandbox, change freeze (card and page banner), database/pipeline/snapshot.

use leptos::prelude::*;
use leptos_router::components::A;

use super::{expect_mission, num_or_dash, Card};
use crate::clock::expect_clock;
use crate::components::level::LevelBadge;
use crate::components::time::{AgeOrDash, StaticUtcTime};
use crate::context::{expect_governance, expect_incident_mode, expect_settings, expect_thresholds};
use crate::domain::approvals::{find_gate, gate_candidates, ApprovalAction};
use crate::domain::mission::{card_badge, ses_lines};
use crate::domain::rules::{self, Judged};
use crate::domain::thresholds::Level;
use crate::domain::time::TimeSource;

/// The reason line: the rule's reason, or "No data yet".
fn reason_or_no_data(has_data: bool, j: &Judged) -> String {
    if has_data {
        j.reason.clone()
    } else {
        "No data yet.".into()
    }
}

#[component]
pub fn AliasDriftCard() -> impl IntoView {
    let ctx = expect_mission();
    let incident = expect_incident_mode();
    let judged = Memo::new(move |_| {
        ctx.facts
            .with(|f| rules::alias_drift(f.status.data.as_ref()))
    });
    let badge = Memo::new(move |_| {
        let j = judged.get();
        ctx.facts.with(|f| card_badge(&f.status, f.now, &j))
    });
    let stale = Memo::new(move |_| ctx.facts.with(|f| f.status.stale));
    let versions = Memo::new(move |_| {
        ctx.facts.with(|f| {
            f.status.data.as_ref().map(|s| {
                (
                    s.lambda.version.clone(),
                    s.lambda_alias_version.clone(),
                    s.lambda.function_name.clone(),
                )
            })
        })
    });
    let drift = move || judged.get().level == Level::Red;
    let latest = move || {
        versions.with(|v| {
            v.as_ref()
                .and_then(|v| v.1.as_deref())
                .is_some_and(|a| a.trim() == "$LATEST")
        })
    };
    let has_data = move || versions.with(|v| v.is_some());
    view! {
        <Card id="alias-drift" last_known=ctx.status_last_known() title="Alias Drift" badge=badge stale=stale highlight=Signal::derive(move || incident.with(|m| m.active))>
            <div class="mc-versions">
                <div class="mc-version">
                    <span class="mc-label">"Function " <code>"lambda.version"</code></span>
                    <span class="big">{move || versions.with(|v| v.as_ref().map(|v| v.0.clone()).unwrap_or_else(|| "—".into()))}</span>
                </div>
                <div class="mc-version" class:mc-bad=drift>
                    <span class="mc-label">"Alias " <code>"lambda_alias_version"</code></span>
                    <span class="big">{move || versions.with(|v| v.as_ref().and_then(|v| v.1.clone()).unwrap_or_else(|| "—".into()))}</span>
                </div>
            </div>
            <Show when=latest>
                <p class="mc-alert lvl-red"><span aria-hidden="true">"✖ "</span>"$LATEST on the prod alias: pin it to a numbered version."</p>
            </Show>
            <p class="mc-reason">{move || reason_or_no_data(has_data(), &judged.get())}</p>
            <Show when=drift>
                <p><A href="/runbook#inc-001">"Runbook INC-001: alias drift"</A></p>
            </Show>
        </Card>
    }
}

#[component]
pub fn FleetCard() -> impl IntoView {
    let ctx = expect_mission();
    let incident = expect_incident_mode();
    let agents = Memo::new(move |_| {
        ctx.facts
            .with(|f| f.status.data.as_ref().map(|s| s.agents.clone()))
    });
    let judged = Memo::new(move |_| agents.with(|a| rules::fleet(a.as_ref())));
    let badge = Memo::new(move |_| {
        let j = judged.get();
        ctx.facts.with(|f| card_badge(&f.status, f.now, &j))
    });
    let stale = Memo::new(move |_| ctx.facts.with(|f| f.status.stale));
    let outage = move || {
        judged.get().level == Level::Red
            && agents.with(|a| a.as_ref().is_some_and(|a| a.alive == Some(0)))
    };
    let dead_ids = move || {
        agents.with(|a| {
            let ids = a.as_ref().map(|a| a.dead_ids.clone()).unwrap_or_default();
            if ids.is_empty() {
                return "none".to_string();
            }
            let shown: Vec<_> = ids.iter().take(20).cloned().collect();
            let more = ids.len().saturating_sub(shown.len());
            if more > 0 {
                format!("{} and {more} more", shown.join(", "))
            } else {
                shown.join(", ")
            }
        })
    };
    let last_pulse = Memo::new(move |_| agents.with(|a| a.as_ref().and_then(|a| a.last_pulse_at)));
    view! {
        <Card id="agent-fleet" last_known=ctx.status_last_known() title="Agent Fleet" badge=badge stale=stale highlight=Signal::derive(move || incident.with(|m| m.active))>
            <p class="big">
                {move || agents.with(|a| format!(
                    "{} / {}",
                    num_or_dash(a.as_ref().and_then(|a| a.alive)),
                    num_or_dash(a.as_ref().and_then(|a| a.total))
                ))}
                <span class="mc-unit">" alive"</span>
            </p>
            <Show when=outage>
                <p class="mc-alert lvl-red">
                    <span aria-hidden="true">"✖ "</span>"Total outage: no agent is pulsing. "
                    <A href="/runbook#inc-003">"Runbook INC-003"</A>
                </p>
            </Show>
            <dl class="mc-facts">
                <dt>"Dead agents"</dt>
                <dd class="mc-ids">{dead_ids}</dd>
                <dt>"Last pulse"</dt>
                <dd><AgeOrDash since=last_pulse source=TimeSource::Platform/></dd>
            </dl>
            <p class="mc-reason">{move || reason_or_no_data(agents.with(|a| a.is_some()), &judged.get())}</p>
        </Card>
    }
}

#[component]
pub fn PeckFailuresCard() -> impl IntoView {
    let ctx = expect_mission();
    let thresholds = expect_thresholds();
    let incident = expect_incident_mode();
    let metrics = Memo::new(move |_| ctx.facts.with(|f| f.metrics.data.clone()));
    let judged = Memo::new(move |_| {
        thresholds.with(|t| metrics.with(|m| rules::peck_failures(m.as_ref(), t)))
    });
    let badge = Memo::new(move |_| {
        let j = judged.get();
        ctx.facts.with(|f| card_badge(&f.metrics, f.now, &j))
    });
    let stale = Memo::new(move |_| ctx.facts.with(|f| f.metrics.stale));
    let pecks =
        move || metrics.with(|m| m.as_ref().and_then(|m| m.pecks.clone()).unwrap_or_default());
    let window = move || {
        metrics.with(|m| {
            m.as_ref()
                .and_then(|m| m.window_minutes)
                .map(|w| format!("Last {w} minutes"))
                .unwrap_or_else(|| "Window unknown".into())
        })
    };
    let dominant = move || {
        let p = pecks();
        match rules::dominant_failure(&p) {
            Some((kind, n)) => format!(
                "Dominant failure: {} ({n}) — {}",
                kind.key(),
                kind.meaning()
            ),
            None if metrics.with(|m| m.is_some()) => "No failures in the window.".into(),
            None => "—".into(),
        }
    };
    let rate = move || {
        let p = pecks();
        let (amber, red) = thresholds.with(|t| (t.peck_failure_amber_pct, t.peck_failure_red_pct));
        match rules::peck_failure_rate(&p) {
            Some(r) if metrics.with(|m| m.is_some()) => {
                format!("Failure rate {r:.1} % (amber from {amber} %, red from {red} %)")
            }
            _ => format!("Failure rate — (amber from {amber} %, red from {red} %)"),
        }
    };
    let row = move |label: &'static str, get: fn(&crate::api::models::Pecks) -> Option<u64>| {
        view! {
            <tr>
                <th scope="row">{label}</th>
                <td class="num">{move || num_or_dash(get(&pecks()))}</td>
            </tr>
        }
    };
    view! {
        <Card id="peck-failures" last_known=ctx.metrics_last_known() title="Peck Failure Analysis" badge=badge stale=stale highlight=Signal::derive(move || incident.with(|m| m.active))>
            <p class="muted mc-window">{window}</p>
            <table class="mc-counts">
                <tbody>
                    {row("requested", |p| p.requested)}
                    {row("approved", |p| p.approved)}
                    {row("denied", |p| p.denied)}
                    {row("expired", |p| p.expired)}
                    {row("callback_error", |p| p.callback_error)}
                </tbody>
            </table>
            <p class="mc-reason">{rate}</p>
            <p>{dominant}</p>
            <p><A href="/peck-audit">"Open the Peck Audit"</A></p>
        </Card>
    }
}

#[component]
pub fn AuditActivityCard() -> impl IntoView {
    let ctx = expect_mission();
    let thresholds = expect_thresholds();
    let counts = Memo::new(move |_| {
        thresholds.with(|t| {
            ctx.facts.with(|f| {
                let audit = f.metrics.data.as_ref().and_then(|m| m.audit.as_ref());
                let values = audit.cloned().unwrap_or_default();
                let bounds = [
                    t.audit_peck_notify,
                    t.audit_peck_requested,
                    t.audit_cert_issued,
                ];
                let vals = [
                    values.peck_notify,
                    values.peck_requested,
                    values.cert_issued,
                ];
                rules::audit_counts(audit, t)
                    .into_iter()
                    .zip(bounds)
                    .zip(vals)
                    .map(|(((name, j), b), v)| (name, j, b, v))
                    .collect::<Vec<_>>()
            })
        })
    });
    let badge = Memo::new(move |_| {
        let worst = counts.with(|c| {
            c.iter()
                .fold(Level::Green, |acc, (_, j, _, _)| acc.worst(j.level))
        });
        let j = Judged {
            level: worst,
            reason: String::new(),
        };
        let (level, word) = ctx.facts.with(|f| card_badge(&f.metrics, f.now, &j));
        if level == Level::Amber {
            (level, "Abnormal".to_string())
        } else {
            (level, word)
        }
    });
    let stale = Memo::new(move |_| ctx.facts.with(|f| f.metrics.stale));
    let fresh = Memo::new(move |_| ctx.facts.with(|f| f.metrics.is_fresh()));
    let window = move || {
        ctx.facts.with(|f| {
            f.metrics
                .data
                .as_ref()
                .and_then(|m| m.window_minutes)
                .map(|w| format!("Counts in the last {w} minutes"))
                .unwrap_or_else(|| "Counts in the audit window".into())
        })
    };
    view! {
        <Card id="audit-activity" last_known=ctx.metrics_last_known() title="Audit Activity" badge=badge stale=stale wide=true>
            <p class="muted mc-window">{window}</p>
            <ul class="mc-strip">
                {move || counts.get().into_iter().map(|(name, j, b, v)| {
                    let level = if fresh.get() { j.level } else { Level::Unknown };
                    let word = match (level, v) {
                        (Level::Amber, Some(c)) if c < b.min => "Abnormally low".to_string(),
                        (Level::Amber, _) => "Abnormally high".to_string(),
                        (Level::Green, _) => "Normal".to_string(),
                        _ => if v.is_some() { "stale".to_string() } else { "No data".to_string() },
                    };
                    view! {
                        <li class="mc-strip-item">
                            <code>{name}</code>
                            <span class="big">{num_or_dash(v)}</span>
                            <LevelBadge level=level word=word/>
                            <span class="hint">{format!("normal {}–{}", b.min, b.max)}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </Card>
    }
}

#[component]
pub fn SesQuotaCard() -> impl IntoView {
    let ctx = expect_mission();
    let thresholds = expect_thresholds();
    let quota = Memo::new(move |_| {
        ctx.facts
            .with(|f| f.status.data.as_ref().and_then(|s| s.ses_quota.clone()))
    });
    let judged =
        Memo::new(move |_| thresholds.with(|t| quota.with(|q| rules::ses_quota(q.as_ref(), t))));
    let badge = Memo::new(move |_| {
        let j = judged.get();
        ctx.facts.with(|f| card_badge(&f.status, f.now, &j))
    });
    let stale = Memo::new(move |_| ctx.facts.with(|f| f.status.stale));
    let sent = move || quota.with(|q| q.as_ref().and_then(|q| q.sent_24h));
    let max = move || quota.with(|q| q.as_ref().and_then(|q| q.max_24h));
    let lines = move || thresholds.with(|t| ses_lines(max().unwrap_or(200), t));
    view! {
        <Card id="ses-quota" last_known=ctx.status_last_known() title="SES Quota" badge=badge stale=stale>
            <p class="big">
                {move || format!("{} / {}", num_or_dash(sent()), num_or_dash(max()))}
                <span class="mc-unit">" sent in 24 h"</span>
            </p>
            <meter
                class="mc-gauge"
                aria-label="SES emails sent in the last 24 hours"
                min="0"
                max=move || max().unwrap_or(200).to_string()
                low=move || lines().0.to_string()
                high=move || lines().1.to_string()
                optimum="0"
                value=move || sent().unwrap_or(0).to_string()
            ></meter>
            <p class="hint">{move || {
                let (a, r) = lines();
                format!("Amber from {a}, red from {r} of {}", max().map(|m| m.to_string()).unwrap_or_else(|| "the maximum".into()))
            }}</p>
            <p class="mc-reason">{move || reason_or_no_data(quota.with(|q| q.is_some()), &judged.get())}</p>
        </Card>
    }
}

#[component]
pub fn SandboxCard() -> impl IntoView {
    let ctx = expect_mission();
    let sandbox = Memo::new(move |_| {
        ctx.facts
            .with(|f| f.status.data.as_ref().and_then(|s| s.sandbox.clone()))
    });
    let judged = Memo::new(move |_| sandbox.with(|s| rules::sandbox(s.as_ref())));
    let badge = Memo::new(move |_| {
        let j = judged.get();
        ctx.facts.with(|f| card_badge(&f.status, f.now, &j))
    });
    let stale = Memo::new(move |_| ctx.facts.with(|f| f.status.stale));
    let fresh = Memo::new(move |_| ctx.facts.with(|f| f.status.is_fresh()));
    let service = move |name: &'static str,
                        get: fn(&crate::api::models::Sandbox) -> Option<bool>| {
        view! {
            <div class="mc-service">
                <span class="mc-label">{name}</span>
                {move || {
                    let v = sandbox.with(|s| s.as_ref().and_then(get));
                    let (level, word) = match (v, fresh.get()) {
                        (Some(true), true) => (Level::Red, "In sandbox"),
                        (Some(false), true) => (Level::Green, "Production"),
                        (Some(_), false) => (Level::Unknown, "stale"),
                        (None, _) => (Level::Unknown, "Unknown"),
                    };
                    view! { <LevelBadge level=level word=word.to_string()/> }
                }}
            </div>
        }
    };
    view! {
        <Card id="sandbox" last_known=ctx.status_last_known() title="Sandbox Blockers" badge=badge stale=stale>
            <div class="mc-services">
                {service("SES", |s| s.ses)}
                {service("SNS", |s| s.sns)}
            </div>
            <p class="mc-reason">{move || reason_or_no_data(sandbox.with(|s| s.is_some()), &judged.get())}</p>
            <Show when=move || judged.get().level == Level::Red>
                <p><A href="/runbook#inc-005">"Runbook INC-005: SES quota and sandbox"</A></p>
            </Show>
        </Card>
    }
}

/// The active change freeze, if the last status says so: (reason, until, set_by).
type FreezeInfo = Option<(
    String,
    Option<chrono::DateTime<chrono::Utc>>,
    Option<String>,
)>;

fn active_freeze(ctx: super::MissionCtx) -> Memo<FreezeInfo> {
    Memo::new(move |_| {
        ctx.facts.with(|f| {
            let c = f.status.data.as_ref()?.change_freeze.as_ref()?;
            if rules::freeze_active(Some(c), f.now) == Some(true) {
                Some((
                    c.reason.clone().unwrap_or_else(|| "no reason given".into()),
                    c.until,
                    c.set_by.clone(),
                ))
            } else {
                None
            }
        })
    })
}

/// The banner across the page while a change freeze is active.
#[component]
pub fn FreezeBanner() -> impl IntoView {
    let ctx = expect_mission();
    let freeze = active_freeze(ctx);
    move || {
        freeze.get().map(|(reason, until, by)| {
            view! {
                <div class="banner lvl-red mc-freeze-banner" data-testid="freeze-banner">
                    <strong><span aria-hidden="true">"✖ "</span>"Change freeze active — deployment blocked. "</strong>
                    <span>{reason}</span>
                    {until.map(|u| view! { <span>" · until " <StaticUtcTime at=u source=TimeSource::Platform/></span> })}
                    {by.map(|b| view! { <span>" · set by " {b}</span> })}
                    " · "
                    <A href="/#change-freeze">"Override"</A>
                </div>
            }
        })
    }
}

#[component]
pub fn ChangeFreezeCard() -> impl IntoView {
    let ctx = expect_mission();
    let settings = expect_settings();
    let judged = Memo::new(move |_| {
        ctx.facts.with(|f| {
            rules::change_freeze(
                f.status
                    .data
                    .as_ref()
                    .and_then(|s| s.change_freeze.as_ref()),
                f.now,
            )
        })
    });
    let badge = Memo::new(move |_| {
        let j = judged.get();
        let (level, word) = ctx.facts.with(|f| card_badge(&f.status, f.now, &j));
        match level {
            Level::Red => (level, "Deployment blocked".to_string()),
            Level::Green => (level, "No freeze".to_string()),
            _ => (level, word),
        }
    });
    let stale = Memo::new(move |_| ctx.facts.with(|f| f.status.stale));
    let freeze = active_freeze(ctx);
    let approver = move || settings.with(|s| s.approver.clone());
    view! {
        <Card id="change-freeze" last_known=ctx.status_last_known() title="Change Freeze" badge=badge stale=stale>
            {move || match freeze.get() {
                Some((reason, until, by)) => view! {
                    <dl class="mc-facts">
                        <dt>"Reason"</dt><dd>{reason}</dd>
                        <dt>"Until"</dt><dd>{match until { Some(u) => view! { <StaticUtcTime at=u source=TimeSource::Platform/> }.into_any(), None => "no end set".into_any() }}</dd>
                        <dt>"Set by"</dt><dd>{by.unwrap_or_else(|| "unknown".into())}</dd>
                    </dl>
                    <p class="mc-alert lvl-red"><span aria-hidden="true">"✖ "</span>"Deployment blocked."</p>
                    <FreezeOverride/>
                }.into_any(),
                None => view! {
                    <p class="mc-reason">{move || if ctx.facts.with(|f| f.status.data.is_some()) { judged.get().reason } else { "No data yet.".into() }}</p>
                }.into_any(),
            }}
            <Show when=move || freeze.with(|f| f.is_none())>
                <p class="hint">{move || format!("During a freeze, an override needs a recorded {} approval in the Governance Log.", approver())}</p>
            </Show>
        </Card>
    }
}

#[component]
pub fn PipelineCard() -> impl IntoView {
    let ctx = expect_mission();
    let thresholds = expect_thresholds();
    let status = Memo::new(move |_| {
        ctx.facts.with(|f| {
            f.status
                .data
                .as_ref()
                .map(|s| (s.database.clone(), s.pipeline.clone(), s.snapshot_taken_at))
        })
    });
    let judged = Memo::new(move |_| {
        thresholds.with(|t| {
            ctx.facts
                .with(|f| rules::snapshot(f.status.data.as_ref(), f.now, t))
        })
    });
    let badge = Memo::new(move |_| {
        let j = judged.get();
        ctx.facts.with(|f| card_badge(&f.status, f.now, &j))
    });
    let stale = Memo::new(move |_| ctx.facts.with(|f| f.status.stale));
    let db = move || {
        status.with(|s| match s {
            Some((d, _, _)) => format!(
                "{}{}",
                d.status.clone().unwrap_or_else(|| "unknown".into()),
                d.latency_ms
                    .map(|l| format!(" · {l:.0} ms"))
                    .unwrap_or_default()
            ),
            None => "—".into(),
        })
    };
    let pipe = move |get: fn(&crate::api::models::Pipeline) -> Option<u64>| {
        move || status.with(|s| num_or_dash(s.as_ref().and_then(|s| s.1.as_ref()).and_then(get)))
    };
    let taken = Memo::new(move |_| status.with(|s| s.as_ref().and_then(|s| s.2)));
    view! {
        <Card id="pipeline" last_known=ctx.status_last_known() title="Pipeline and Snapshot" badge=badge stale=stale>
            <dl class="mc-facts">
                <dt>"Database"</dt><dd>{db}</dd>
                <dt>"Queued"</dt><dd>{pipe(|p| p.queued)}</dd>
                <dt>"Running"</dt><dd>{pipe(|p| p.running)}</dd>
                <dt>"Failed"</dt><dd>{pipe(|p| p.failed)}</dd>
                <dt>"Completed 24 h"</dt><dd>{pipe(|p| p.completed_24h)}</dd>
                <dt>"Snapshot"</dt><dd><AgeOrDash since=taken source=TimeSource::Platform/></dd>
            </dl>
            <p class="mc-reason">{move || reason_or_no_data(status.with(|s| s.is_some()), &judged.get())}</p>
            <Show when=move || judged.get().level == Level::Red>
                <p><A href="/runbook#inc-006">"Runbook INC-006: stale snapshot"</A></p>
            </Show>
        </Card>
    }
}

/// The override of an active freeze: the recorded approval that allows it (who approved it and
/// when), or the button that opens the Governance Log's approval form prefilled.
#[component]
pub fn FreezeOverride() -> impl IntoView {
    let settings = expect_settings();
    let thresholds = expect_thresholds();
    let governance = expect_governance();
    let clock = expect_clock();
    // The override approvals change with the log; the gate is judged each second.
    let overrides = Memo::new(move |_| {
        governance.with(|g| gate_candidates(&g.approvals, ApprovalAction::FreezeOverride, None))
    });
    let gate = Memo::new(move |_| {
        let now = clock.now();
        let validity = thresholds.with(|t| t.approval_validity_secs);
        overrides
            .with(|o| find_gate(o, ApprovalAction::FreezeOverride, None, now, validity).cloned())
    });
    move || {
        match gate.get() {
        Some(a) => view! {
            <p class="mc-override" data-testid="freeze-override">
                <LevelBadge level=Level::Green word="Override approved".to_string()/>
                " by " <strong>{a.approver.clone()}</strong>
                " at " <StaticUtcTime at=a.approved_at/>
                {format!(" ({}, {}) — {}", a.method, if a.reference.is_empty() { "no reference".to_string() } else { a.reference.clone() }, a.id)}
            </p>
        }
        .into_any(),
        None => view! {
            <div class="mc-override" data-testid="freeze-override">
                <p class="hint">{move || format!(
                    "No {} approval for a change-freeze override within the validity window.",
                    settings.with(|s| s.approver.clone())
                )}</p>
                <A href="/governance-log?action=freeze-override" attr:class="btn">
                    "Request override approval"
                </A>
            </div>
        }
        .into_any(),
    }
    }
}
