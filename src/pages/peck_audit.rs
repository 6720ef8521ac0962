//! Peck Audit (`/peck-audit`): pecks by outcome for the window, the failure rate, its trend over
//! the polls seen since the page opened, and spikes per failure type with what they indicate
//! and the runbook entry to follow.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::models::Pecks;
use crate::api::poller::expect_poller;
use crate::clock::expect_clock;
use crate::components::level::LevelBadge;
use crate::components::sparkline::{RefLine, Sparkline};
use crate::components::time::Age;
use crate::context::expect_thresholds;
use crate::domain::history::History;
use crate::domain::route::Freshness;
use crate::domain::rules::{self, PeckFailure};
use crate::domain::thresholds::{Level, Thresholds};
use crate::pages::system_health::{history_label, level_attr};

/// The runbook entry for a failure type's spike.
pub fn runbook_for(f: PeckFailure) -> (&'static str, &'static str) {
    match f {
        PeckFailure::CallbackError => ("/runbook#inc-004", "INC-004 Peck callback errors"),
        PeckFailure::Denied | PeckFailure::Expired => {
            ("/runbook#inc-008", "INC-008 Peck denied or expired spikes")
        }
    }
}

/// One failure type's row: count, share of requested, and whether it spikes.
#[derive(Clone, Debug, PartialEq)]
pub struct FailureRow {
    pub failure: PeckFailure,
    pub count: Option<u64>,
    pub pct: Option<f64>,
    pub level: Level,
}

/// The failure rows of `p`; `fresh` false gives no level better than Unknown.
pub fn failure_rows(p: &Pecks, t: &Thresholds, fresh: bool) -> Vec<FailureRow> {
    let spikes = rules::failure_spikes(p, t);
    PeckFailure::ALL
        .iter()
        .map(|f| {
            let count = f.count(p);
            let pct = match (count, p.requested) {
                (Some(c), Some(r)) if r > 0 => Some(c as f64 * 100.0 / r as f64),
                (Some(_), Some(_)) => Some(0.0),
                _ => None,
            };
            let level = if !fresh || pct.is_none() {
                Level::Unknown
            } else if spikes.iter().any(|(s, _)| s == f) {
                Level::Red
            } else {
                Level::Green
            };
            FailureRow {
                failure: *f,
                count,
                pct,
                level,
            }
        })
        .collect()
}

#[derive(Clone, Debug, Default, PartialEq)]
struct Trends {
    rate: History,
    callback_error: History,
    denied: History,
    expired: History,
}

fn pct_text(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.1} %")).unwrap_or_else(|| "—".into())
}

#[component]
pub fn PeckAudit() -> impl IntoView {
    let poller = expect_poller();
    let clock = expect_clock();
    let thresholds = expect_thresholds();
    let stale_after =
        Memo::new(move |_| poller.stale_after_secs(thresholds.with(|t| t.stale_after_polls)));

    let trends = RwSignal::new(Trends::default());
    Effect::new(move |_| {
        let point = poller.metrics.with(|m| {
            m.last_good
                .as_ref()
                .and_then(|g| g.data.pecks.clone().map(|p| (g.fetched_at, p)))
        });
        if let Some((at, p)) = point {
            trends.update(|tr| {
                if let Some(rate) = rules::peck_failure_rate(&p) {
                    tr.rate.push(at, rate);
                }
                if let Some(r) = p.requested.filter(|r| *r > 0) {
                    let share = |c: Option<u64>| c.map(|c| c as f64 * 100.0 / r as f64);
                    if let Some(v) = share(p.callback_error) {
                        tr.callback_error.push(at, v);
                    }
                    if let Some(v) = share(p.denied) {
                        tr.denied.push(at, v);
                    }
                    if let Some(v) = share(p.expired) {
                        tr.expired.push(at, v);
                    }
                }
            });
        }
    });

    let fresh = Memo::new(move |_| {
        let now = clock.now();
        poller
            .metrics
            .with(|m| matches!(m.freshness(now, stale_after.get()), Freshness::Fresh { .. }))
    });
    let pecks = Memo::new(move |_| {
        poller
            .metrics
            .with(|m| m.data().and_then(|d| d.pecks.clone()))
    });
    let window = Memo::new(move |_| {
        poller
            .metrics
            .with(|m| m.data().and_then(|d| d.window_minutes))
    });
    let fetched_at = Memo::new(move |_| {
        poller
            .metrics
            .with(|m| m.last_good.as_ref().map(|g| g.fetched_at))
    });
    let rate = Memo::new(move |_| {
        let t = thresholds.get();
        poller.metrics.with(|m| {
            let j = rules::peck_failures(m.data(), &t);
            if fresh.get() || j.level == Level::Unknown {
                j
            } else {
                rules::Judged {
                    level: Level::Unknown,
                    reason: format!("{} (stale)", j.reason),
                }
            }
        })
    });
    let rows = Memo::new(move |_| {
        let t = thresholds.get();
        pecks
            .get()
            .map(|p| failure_rows(&p, &t, fresh.get()))
            .unwrap_or_default()
    });
    let route_error = Memo::new(move |_| poller.metrics.with(|m| m.error().map(|e| e.name())));
    let data_state = Memo::new(move |_| fetched_at.with(Option::is_some));
    let since = Signal::derive(move || fetched_at.get().unwrap_or_default());

    let outcomes = move || {
        let p = pecks.get().unwrap_or_default();
        let req = p.requested;
        let share = move |c: Option<u64>| match (c, req) {
            (Some(c), Some(r)) if r > 0 => Some(c as f64 * 100.0 / r as f64),
            _ => None,
        };
        vec![
            ("requested", "Requested", p.requested, None),
            ("approved", "Approved", p.approved, share(p.approved)),
            ("denied", "Denied", p.denied, share(p.denied)),
            ("expired", "Expired", p.expired, share(p.expired)),
            (
                "callback_error",
                "Callback error",
                p.callback_error,
                share(p.callback_error),
            ),
        ]
    };

    view! {
        <section class="page peck-audit">
            <h1>"Peck Audit"</h1>
            <p class="subtitle">
                "Pecks by outcome from " <code>"/beak/metrics"</code>
                ", the failure rate " <code>"(denied + expired + callback_error) / requested"</code>
                " and spikes per failure type. Levels follow the "
                <A href="/alert-thresholds">"alert thresholds"</A> "."
            </p>
            <p class="data-note" role="status">
                // Rebuilt only when data appears or turns stale, not on each poll: the age
                // follows `since` in place (see `Age`).
                {move || match (data_state.get(), fresh.get()) {
                    (false, _) => view! { <span class="muted">"No peck data yet."</span> }.into_any(),
                    (true, true) => view! { "Data from " <Age since=since/> "." }.into_any(),
                    (true, false) => view! {
                        <span class="stale-note">"Stale: last good data from " <Age since=since/> ", shown without levels."</span>
                    }.into_any(),
                }}
                {move || route_error.get().map(|e| format!(" The last attempt failed: {e}."))}
            </p>

            <div class="grid">
                <section
                    class="card"
                    id="failure-rate"
                    aria-labelledby="rate-title"
                    data-testid="failure-rate"
                    data-level=move || level_attr(rate.with(|r| r.level))
                >
                    <div class="card-head">
                        <h2 id="rate-title">"Failure rate"</h2>
                        <LevelBadge level=Signal::derive(move || rate.with(|r| r.level))/>
                    </div>
                    <p class="big" data-testid="rate-value">
                        {move || pct_text(pecks.get().as_ref().and_then(rules::peck_failure_rate))}
                    </p>
                    <p>{move || rate.with(|r| r.reason.clone())}</p>
                    <h3>"Trend over the polls seen"</h3>
                    <Sparkline
                        values=Signal::derive(move || trends.with(|t| t.rate.values()))
                        label=Signal::derive(move || trends.with(|t| history_label("Peck failure rate", &t.rate, "%")))
                        references=Signal::derive(move || thresholds.with(|t| vec![
                            RefLine { value: t.peck_failure_amber_pct, class: "lvl-amber" },
                            RefLine { value: t.peck_failure_red_pct, class: "lvl-red" },
                        ]))
                        width=260.0
                        height=60.0
                        testid="rate-trend"
                    />
                </section>

                <section class="card" id="outcomes" aria-labelledby="outcomes-title">
                    <h2 id="outcomes-title">
                        "Pecks by outcome"
                        {move || window.get().map(|w| format!(" (last {w} minutes)"))}
                    </h2>
                    <div class="table-wrap" tabindex="0" role="region" aria-label="Pecks by outcome table">
                        <table>
                            <thead>
                                <tr>
                                    <th scope="col">"Outcome"</th>
                                    <th scope="col" class="num">"Count"</th>
                                    <th scope="col" class="num">"Share of requested"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {move || outcomes()
                                    .into_iter()
                                    .map(|(key, label, count, share)| {
                                        let bar = share.map(|s| s.clamp(0.0, 100.0));
                                        view! {
                                            <tr data-outcome=key>
                                                <th scope="row">{label}</th>
                                                <td class="num">{count.map(|c| c.to_string()).unwrap_or_else(|| "—".into())}</td>
                                                <td class="num">
                                                    {bar.map(|b| view! {
                                                        <span class="share-bar" aria-hidden="true">
                                                            <span class="share-fill" style:width=format!("{b:.1}%")></span>
                                                        </span>
                                                    })}
                                                    " " {if key == "requested" { "—".to_string() } else { pct_text(share) }}
                                                </td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </div>
                </section>

                <section class="card wide" id="spikes" aria-labelledby="spikes-title">
                    <h2 id="spikes-title">"Failure types"</h2>
                    <p class="hint">
                        {move || format!(
                            "A type at or above {} % of requested pecks is a spike.",
                            thresholds.with(|t| t.peck_type_spike_pct)
                        )}
                    </p>
                    <div class="table-wrap" tabindex="0" role="region" aria-label="Spikes by type table">
                        <table>
                            <thead>
                                <tr>
                                    <th scope="col">"Type"</th>
                                    <th scope="col">"State"</th>
                                    <th scope="col" class="num">"Count"</th>
                                    <th scope="col" class="num">"Share"</th>
                                    <th scope="col">"Trend"</th>
                                    <th scope="col">"Indicates"</th>
                                    <th scope="col">"Runbook"</th>
                                </tr>
                            </thead>
                            <tbody>
                                <For each=move || rows.get() key=|r| format!("{r:?}") let:r>
                                    {
                                        let f = r.failure;
                                        let (href, runbook) = runbook_for(f);
                                        let spike = r.level == Level::Red;
                                        let values = Signal::derive(move || trends.with(|t| match f {
                                            PeckFailure::CallbackError => t.callback_error.values(),
                                            PeckFailure::Denied => t.denied.values(),
                                            PeckFailure::Expired => t.expired.values(),
                                        }));
                                        let label = Signal::derive(move || trends.with(|t| {
                                            let h = match f {
                                                PeckFailure::CallbackError => &t.callback_error,
                                                PeckFailure::Denied => &t.denied,
                                                PeckFailure::Expired => &t.expired,
                                            };
                                            history_label(&format!("{} share", f.key()), h, "%")
                                        }));
                                        view! {
                                            <tr
                                                data-testid=format!("spike-{}", f.key())
                                                data-level=level_attr(r.level)
                                                class:spike-row=spike
                                            >
                                                <th scope="row"><code>{f.key()}</code></th>
                                                <td>
                                                    <LevelBadge
                                                        level=r.level
                                                        word=match r.level {
                                                            Level::Red => "Spike".to_string(),
                                                            Level::Green => "Normal".to_string(),
                                                            l => l.word().to_string(),
                                                        }
                                                    />
                                                </td>
                                                <td class="num">{r.count.map(|c| c.to_string()).unwrap_or_else(|| "—".into())}</td>
                                                <td class="num">{pct_text(r.pct)}</td>
                                                <td>
                                                    <Sparkline values=values label=label width=120.0 height=24.0/>
                                                </td>
                                                <td>
                                                    {if spike {
                                                        view! { <strong>{format!("Spike: {}", f.meaning())}</strong> }.into_any()
                                                    } else {
                                                        view! { <span class="muted">{format!("A spike would indicate {}", f.meaning())}</span> }.into_any()
                                                    }}
                                                </td>
                                                <td>
                                                    <A href=href>{runbook}</A>
                                                </td>
                                            </tr>
                                        }
                                    }
                                </For>
                            </tbody>
                        </table>
                    </div>
                    <Show when=move || rows.with(|r| r.is_empty())>
                        <p class="muted">"No peck counts yet."</p>
                    </Show>
                    <Show when=move || rows.with(|r| r.iter().any(|x| x.level == Level::Red))>
                        <div class="banner lvl-red" role="alert" data-testid="spike-alert">
                            {move || rows.with(|r| {
                                r.iter()
                                    .filter(|x| x.level == Level::Red)
                                    .map(|x| format!("{} spike ({}): {}.", x.failure.key(), pct_text(x.pct), x.failure.meaning()))
                                    .collect::<Vec<_>>()
                                    .join(" ")
                            })}
                            " Follow the runbook entry in the table."
                        </div>
                    </Show>
                </section>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_flag_spikes_only_on_fresh_data() {
        let t = Thresholds::default();
        let p = Pecks {
            requested: Some(200),
            approved: Some(138),
            denied: Some(2),
            expired: Some(10),
            callback_error: Some(50),
        };
        let rows = failure_rows(&p, &t, true);
        let levels: Vec<_> = rows.iter().map(|r| (r.failure.key(), r.level)).collect();
        assert_eq!(
            levels,
            vec![
                ("callback_error", Level::Red),
                ("denied", Level::Green),
                ("expired", Level::Red)
            ]
        );
        assert_eq!(rows[0].pct, Some(25.0));
        assert!(failure_rows(&p, &t, false)
            .iter()
            .all(|r| r.level == Level::Unknown));
        let none = failure_rows(&Pecks::default(), &t, true);
        assert!(none
            .iter()
            .all(|r| r.level == Level::Unknown && r.pct.is_none()));
        assert_eq!(
            runbook_for(PeckFailure::CallbackError).0,
            "/runbook#inc-004"
        );
        assert_eq!(runbook_for(PeckFailure::Denied).0, "/runbook#inc-008");
    }
}
