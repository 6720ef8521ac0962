//! The health score with its breakdown, and the anomaly summary.

use leptos::prelude::*;

use super::{expect_mission, Card};
use crate::components::level::LevelBadge;
use crate::context::expect_thresholds;
use crate::domain::anomalies::AnomalyReport;
use crate::domain::thresholds::Level;
use crate::domain::time::fmt_age;

#[component]
pub fn HealthScoreCard() -> impl IntoView {
    let ctx = expect_mission();
    let thresholds = expect_thresholds();
    let h = ctx.health;
    let badge = Memo::new(move |_| {
        h.with(|h| match (h.score, h.level) {
            (None, _) => (Level::Unknown, "No data".to_string()),
            (Some(_), Level::Unknown) => (
                Level::Unknown,
                h.note
                    .as_deref()
                    .and_then(|n| n.split(':').next())
                    .unwrap_or("stale")
                    .to_string(),
            ),
            (Some(_), l) => (l, l.word().to_string()),
        })
    });
    let stale = Memo::new(move |_| h.with(|h| h.score.is_some() && h.level == Level::Unknown));
    // The list is rebuilt when the penalties change, not whenever the score or its note does;
    // its links are plain (see the Anomaly Summary below).
    let penalties = Memo::new(move |_| h.with(|h| (h.penalties.clone(), h.score.is_some())));
    let base = StoredValue::new(crate::app::router_base());
    view! {
        <Card id="health-score" last_known=ctx.any_last_known() title="Health Score" badge=badge stale=stale>
            <p class="mc-score" data-testid="health-score-value">
                {move || h.with(|h| match h.score {
                    Some(s) => view! { <span class="big">{s}</span><span class="mc-unit">" / 100"</span> }.into_any(),
                    None => view! { <span class="mc-noscore">"No score"</span> }.into_any(),
                })}
            </p>
            <p class="mc-reason">{move || h.with(|h| h.note.clone()).unwrap_or_else(|| thresholds.with(|t| format!(
                "Red below {}, amber below {}.",
                t.health_red_below, t.health_amber_below
            )))}</p>
            <h3>"Penalties"</h3>
            {move || {
                let (list, scored) = penalties.get();
                if list.is_empty() {
                    let text = if scored { "None." } else { "—" };
                    view! { <p class="muted">{text}</p> }.into_any()
                } else {
                    view! {
                        <ol class="mc-penalties">
                            {list.into_iter().map(|p| view! {
                                <li>
                                    <span class="mc-points">{format!("−{}", p.points)}</span>" "
                                    <a href=base.with_value(|b| format!("{b}/#{}", p.card))>{p.label}</a>
                                    <span class="muted">{format!(" — {}", p.reason)}</span>
                                </li>
                            }).collect_view()}
                        </ol>
                    }.into_any()
                }
            }}
        </Card>
    }
}

#[component]
pub fn AnomalySummaryCard() -> impl IntoView {
    let ctx = expect_mission();
    let a = ctx.anomalies;
    let badge = Memo::new(move |_| {
        a.with(|r| {
            let worst = r
                .items
                .iter()
                .map(|x| x.level)
                .fold(Level::Green, Level::worst);
            if !r.items.is_empty() {
                let n = r.items.len();
                (
                    worst,
                    format!("{n} {}", if n == 1 { "anomaly" } else { "anomalies" }),
                )
            } else if r.all_clear() {
                (Level::Green, "None".to_string())
            } else if !r.missing.is_empty() {
                (Level::Unknown, "No data".to_string())
            } else {
                (Level::Unknown, "stale".to_string())
            }
        })
    });
    // The report without the data's age, which changes every second: the list and its links
    // are rebuilt when the anomalies change, and only the sentence's age follows the clock.
    let shape = Memo::new(move |_| {
        a.with(|r| AnomalyReport {
            data_age_secs: None,
            ..r.clone()
        })
    });
    // Plain links with the app's base in their address (the router still handles their
    // clicks): a router `<A>` would add a memo and two effects per link to a list that is
    // rebuilt whenever the anomalies change, to mark a link to this page as current.
    let base = StoredValue::new(crate::app::router_base());
    let age = move || {
        a.with(|r| r.data_age_secs)
            .map(fmt_age)
            .unwrap_or_else(|| "?".into())
    };
    view! {
        <Card id="anomaly-summary" last_known=ctx.any_last_known() title="Anomaly Summary" badge=badge>
            {move || {
                let r = shape.get();
                if r.items.is_empty() {
                    let all_clear = r.all_clear();
                    let missing = r.missing.join(" or ");
                    let text = move || {
                        if all_clear {
                            format!("No anomalies (data {} old).", age())
                        } else if !missing.is_empty() {
                            format!("Cannot judge yet: no data from {missing}.")
                        } else {
                            format!(
                                "No anomalies in the last data received, but it is stale ({} old).",
                                age()
                            )
                        }
                    };
                    view! { <p class="mc-empty" data-testid="anomaly-empty">{text}</p> }.into_any()
                } else {
                    let note = (!r.missing.is_empty())
                        .then(|| format!("Not judged (no data): {}.", r.missing.join(", ")));
                    view! {
                        <ol class="mc-anomalies" data-testid="anomaly-list">
                            {r.items.into_iter().map(|x| view! {
                                <li class="mc-anomaly" data-kind=x.kind.clone() data-level=super::level_attr(x.level)>
                                    <LevelBadge level=x.level/>
                                    " "
                                    <strong>{x.title.clone()}</strong>
                                    {x.stale.then_some(view! { <span class="muted">" (stale data)"</span> })}
                                    <span class="mc-anomaly-reason">{x.reason.clone()}</span>
                                    <span class="mc-links">
                                        <a href=base.with_value(|b| format!("{b}/#{}", x.card))>"Card"</a>
                                        " · "
                                        <a href=base.with_value(|b| format!("{b}/runbook#{}", x.runbook))>{format!("Runbook {}", x.runbook.to_uppercase())}</a>
                                    </span>
                                </li>
                            }).collect_view()}
                        </ol>
                        {note.map(|n| view! { <p class="muted">{n}</p> })}
                    }.into_any()
                }
            }}
        </Card>
    }
}
