//! Route Health (each `/beak` route's last check) and the deployment history.

use leptos::prelude::*;
use leptos_router::components::A;

use super::{expect_mission, level_attr, Card};
use crate::api::poller::expect_poller;
use crate::components::level::LevelBadge;
use crate::components::time::{AgeOrDash, StaticUtcTime};
use crate::context::{expect_deploy_log, expect_incident_mode, expect_thresholds};
use crate::domain::deploy_log::{merged_rows, DeployRow};
use crate::domain::mission::card_badge;
use crate::domain::route::{
    route_health_badge, route_health_level, route_state_word, wrong_types_explained,
    RouteHealthRow, RouteId,
};
use crate::domain::rules::Judged;
use crate::domain::thresholds::Level;

/// The "What it means" cell of a Route Health row.
#[derive(Clone, PartialEq)]
enum Explain {
    /// The error's explanation and its runbook anchor.
    Error(String, &'static str),
    WrongTypes(String),
    Plain(&'static str),
    Empty,
}

#[component]
pub fn RouteHealthCard() -> impl IntoView {
    let ctx = expect_mission();
    let thresholds = expect_thresholds();
    let incident = expect_incident_mode();
    let poller = expect_poller();
    // A fresh answer with fields of the wrong type is usable, but not all of it: amber, and
    // the fields are named, so it never shows as a plain green "OK".
    let judged = Memo::new(move |_| {
        thresholds.with(|t| {
            ctx.facts.with(|f| {
                f.routes
                    .iter()
                    .map(|r| {
                        let mut j = r.judge(t);
                        // Read once per answer; the badge and the rows use this.
                        let unusable = if r.error.is_none() {
                            poller.unusable_fields(r.route)
                        } else {
                            Vec::new()
                        };
                        j.level = route_health_level(j.level, unusable.len());
                        (r.clone(), j, unusable)
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    let badge = Memo::new(move |_| {
        judged.with(|rows| {
            let rows: Vec<RouteHealthRow> = rows
                .iter()
                .map(|(r, j, u)| RouteHealthRow {
                    checked: r.checked_at.is_some(),
                    failing: r.error.is_some(),
                    level: j.level,
                    wrong_types: u.len(),
                })
                .collect();
            route_health_badge(&rows)
        })
    });
    let row = move |id: RouteId| {
        let entry = Memo::new(move |_| {
            judged.with(|rows| {
                rows.iter()
                    .find(|(r, _, _)| r.route == id)
                    .map(|(r, j, _)| (r.clone(), j.clone()))
            })
        });
        let unusable = Memo::new(move |_| {
            judged.with(|rows| {
                rows.iter()
                    .find(|(r, _, _)| r.route == id)
                    .map(|(_, _, u)| u.clone())
                    .unwrap_or_default()
            })
        });
        // What the last cell shows, as a memo: the cell (and its `<A>`, which reads the router's
        // location) is rebuilt when the explanation changes, not on every answer; a rebuilt `<A>`
        // stays subscribed to the location (see `Age` in components/time.rs).
        let explain = Memo::new(move |_| {
            entry.with(|e| match e {
                Some((r, _)) => match &r.error {
                    Some(err) => {
                        Explain::Error(err.explain(), crate::domain::anomalies::route_runbook(err))
                    }
                    None if !unusable.with(Vec::is_empty) => {
                        Explain::WrongTypes(unusable.with(|u| wrong_types_explained(u)))
                    }
                    None if r.consecutive_failures == 0 && r.checked_at.is_some() => {
                        Explain::Plain("Answered with valid JSON.")
                    }
                    None => Explain::Plain(""),
                },
                None => Explain::Empty,
            })
        });
        // The State cell's level and word, as a memo: the badge is built once and its class and
        // text change in place, not rebuilt on every answer.
        let state = Memo::new(move |_| {
            entry.with(|e| match e {
                Some((r, j)) => (
                    j.level,
                    route_state_word(
                        r.error.as_ref(),
                        j.level,
                        unusable.with(Vec::len),
                        r.checked_at.is_some(),
                    ),
                ),
                None => (Level::Unknown, "Not checked".to_string()),
            })
        });
        view! {
            <tr data-route=id.path() data-level=move || state.with(|s| level_attr(s.0))>
                <th scope="row"><code>{id.path()}</code></th>
                <td><LevelBadge level=Signal::derive(move || state.with(|s| s.0)) word=Signal::derive(move || state.with(|s| s.1.clone()))/></td>
                <td class="num">{move || entry.with(|e| e.as_ref().and_then(|(r, _)| r.http_status).map(|s| s.to_string()).unwrap_or_else(|| "—".into()))}</td>
                <td class="num">{move || entry.with(|e| e.as_ref().and_then(|(r, _)| r.latency_ms).map(|l| format!("{l} ms")).unwrap_or_else(|| "—".into()))}</td>
                <td><AgeOrDash since=Signal::derive(move || entry.with(|e| e.as_ref().and_then(|(r, _)| r.checked_at)))/></td>
                <td class="mc-explain">{move || match explain.get() {
                    Explain::Error(text, runbook) => view! {
                        <span>{text}</span>
                        " "
                        <A href=format!("/runbook#{runbook}")>"Runbook"</A>
                    }.into_any(),
                    Explain::WrongTypes(text) => view! { <span>{text}</span> }.into_any(),
                    Explain::Plain(text) => view! { <span class="muted">{text}</span> }.into_any(),
                    Explain::Empty => view! { <span></span> }.into_any(),
                }}</td>
            </tr>
        }
    };
    view! {
        <Card id="route-health" title="Route Health" badge=badge wide=true highlight=Signal::derive(move || incident.with(|m| m.active))>
            <div class="table-wrap" tabindex="0" role="region" aria-label="Route health table">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">"Route"</th>
                            <th scope="col">"State"</th>
                            <th scope="col" class="num">"HTTP"</th>
                            <th scope="col" class="num">"Latency"</th>
                            <th scope="col">"Last checked"</th>
                            <th scope="col">"What it means"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {RouteId::ALL.into_iter().map(row).collect_view()}
                    </tbody>
                </table>
            </div>
        </Card>
    }
}

/// How many deployments the card lists (the Deploy Log has them all).
const DEPLOYMENTS_SHOWN: usize = 10;

#[component]
pub fn DeploymentsCard() -> impl IntoView {
    let ctx = expect_mission();
    let deploy_log = expect_deploy_log();
    // The newest rows only, rebuilt (with the table's body) when the platform's deployments,
    // the alias or the Deploy Log change: not every second with the facts, which merged and
    // sorted the whole log (10,000 entries: about 4 ms a second) to show ten of them.
    let platform = expect_poller().platform_deployments();
    let rows = Memo::new(move |_| {
        platform.with(|p| {
            let (deployments, current) = p.as_ref()?;
            let mut rows =
                deploy_log.with(|l| merged_rows(&l.entries, deployments, current.as_deref()));
            rows.truncate(DEPLOYMENTS_SHOWN);
            Some(rows)
        })
    });
    let badge = Memo::new(move |_| {
        ctx.facts.with(|f| {
            let j = Judged {
                level: Level::Green,
                reason: String::new(),
            };
            let (level, word) = card_badge(&f.status, f.now, &j);
            if level == Level::Green {
                (Level::Green, "Recorded".to_string())
            } else {
                (level, word)
            }
        })
    });
    let stale = Memo::new(move |_| ctx.facts.with(|f| f.status.stale));
    // The state row: no answer yet, or no deployments in it.
    let empty = Memo::new(move |_| rows.with(|r| r.as_ref().map(Vec::is_empty)));
    // Each row is built once for what it shows and kept while it stays among the newest: a
    // new alias (drift, a promotion, a rollback) moves the current and prior stable marks in
    // place instead of building every row again.
    let row = move |r: DeployRow| {
        let key = r.key.clone();
        let marks = Memo::new(move |_| {
            rows.with(|l| {
                l.iter()
                    .flatten()
                    .find(|x| x.key == key)
                    .map(|x| (x.current, x.prior_stable))
                    .unwrap_or_default()
            })
        });
        let current = move || marks.get().0;
        let prior_stable = move || marks.get().1;
        view! {
            <tr class:mc-current=current>
                <td>
                    <code>{r.version}</code>
                    {move || current().then_some(view! { " " <span class="badge lvl-green"><span aria-hidden="true">"● "</span>"current"</span> })}
                    {move || prior_stable().then_some(view! { " " <span class="badge lvl-unknown"><span aria-hidden="true">"↩ "</span>"prior stable"</span> })}
                </td>
                <td>{match r.deployed_at { Some(t) => view! { <StaticUtcTime at=t source=r.source.clock()/> }.into_any(), None => "—".into_any() }}</td>
                <td>{r.operator.unwrap_or_else(|| "—".into())}</td>
                <td>{r.what_changed}</td>
                <td>{r.source.label()}</td>
            </tr>
        }
    };
    view! {
        <Card id="deployments" last_known=ctx.status_last_known() title="Deployment History" badge=badge stale=stale wide=true>
            <div class="table-wrap" tabindex="0" role="region" aria-label="Deployment history table">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">"Version"</th>
                            <th scope="col">"Deployed"</th>
                            <th scope="col">"Operator"</th>
                            <th scope="col">"Summary"</th>
                            <th scope="col">"Source"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || match empty.get() {
                            None => Some(view! { <tr><td colspan="5" class="muted">"No data yet."</td></tr> }.into_any()),
                            Some(true) => Some(view! { <tr><td colspan="5" class="muted">"No deployments reported."</td></tr> }.into_any()),
                            Some(false) => None,
                        }}
                        <For each=move || rows.get().unwrap_or_default() key=DeployRow::unmarked children=row/>
                    </tbody>
                </table>
            </div>
        </Card>
    }
}
