//! The Incident Mode card: on/off with UTC start, elapsed time, frozen polling with a
//! "refresh now", a confirmed turn-off and the postmortem link afterwards.

use leptos::prelude::*;
use leptos_router::components::A;

use super::{encode_query, expect_mission, Card};
use crate::api::poller::expect_poller;
use crate::clock::expect_clock;
use crate::components::handoff::HandoffButton;
use crate::components::incident_actions::IncidentActions;
use crate::components::time::StaticUtcTime;
use crate::context::expect_incident_mode;
use crate::domain::thresholds::Level;
use crate::domain::time::{fmt_age, fmt_elapsed, fmt_utc_from, TimeSource};

#[component]
pub fn IncidentModeCard() -> impl IntoView {
    let ctx = expect_mission();
    let incident = expect_incident_mode();
    let poller = expect_poller();
    let clock = expect_clock();
    let confirming = RwSignal::new(false);
    let confirm_ref = NodeRef::<leptos::html::Button>::new();

    let active = Memo::new(move |_| incident.with(|m| m.active));
    let badge = Memo::new(move |_| {
        if active.get() {
            (Level::Red, "ON".to_string())
        } else {
            (Level::Green, "Off".to_string())
        }
    });

    let actions = IncidentActions::new();
    let turn_on = move |_| actions.turn_on();
    let ask_off = move |_| {
        confirming.set(true);
        // Focus the confirm button once it is rendered.
        request_animation_frame(move || {
            if let Some(b) = confirm_ref.get_untracked() {
                let _ = b.focus();
            }
        });
    };
    let turn_off = move |_| {
        confirming.set(false);
        actions.turn_off();
    };
    let elapsed = move || {
        incident
            .with(|m| m.elapsed_secs(clock.now()))
            .map(fmt_elapsed)
            .unwrap_or_default()
    };
    let data_age = move || {
        ctx.facts.with(|f| match f.oldest_age_secs() {
            Some(a) => format!("The data shown is {} old.", fmt_age(a)),
            None if f.connecting() => "No data was fetched since this page loaded.".to_string(),
            None => "Some data is missing.".to_string(),
        })
    };
    let ended = Memo::new(move |_| {
        incident.with(|m| {
            if m.active {
                return None;
            }
            Some((m.incident_id.clone()?, m.started_at?, m.ended_at?))
        })
    });

    view! {
        <Card id="incident-mode" title="Incident Mode" badge=badge highlight=Signal::derive(move || active.get()) attr:data-stored="">
            <Show
                when=move || active.get()
                fallback=move || view! {
                    <p>"Turn on during an incident: it records the UTC start, freezes the dashboard (no automatic polling), highlights the drift and failure cards and opens an incident for the log."</p>
                    <button type="button" class="btn btn-danger" on:click=turn_on data-testid="incident-on">
                        "Turn on Incident Mode"
                    </button>
                    {move || ended.get().map(|(id, start, end)| {
                        let secs = (end - start).num_seconds().max(0);
                        view! {
                            <p class="mc-ended" data-testid="incident-ended">
                                {format!("{id} ended at {} after {}. ", fmt_utc_from(end, TimeSource::Device), fmt_elapsed(secs))}
                                <A href=format!("/postmortem?incident={}", encode_query(&id))>"Write the postmortem"</A>
                            </p>
                        }
                    })}
                }
            >
                <div class="mc-incident-on" role="status">
                    <p class="mc-incident-line">
                        <strong>"🚨 Incident Mode ON"</strong>
                        " since "
                        {move || incident.with(|m| m.started_at).map(|t| view! { <StaticUtcTime at=t/> })}
                        " · elapsed "
                        <span class="mc-elapsed" data-testid="incident-elapsed">{elapsed}</span>
                    </p>
                    <p>
                        {move || incident.with(|m| m.incident_id.clone()).map(|id| view! {
                            "Incident " <strong>{id.clone()}</strong> " · "
                            <A href=format!("/incident-log?incident={}", encode_query(&id))>"Open its Incident Log entry"</A>
                        })}
                    </p>
                </div>
                <p class="frozen-note">
                    "Dashboard frozen: no automatic polling. " {data_age}
                </p>
                <div class="mc-actions">
                    <button type="button" class="btn" on:click=move |_| poller.poll_now() disabled=move || poller.in_flight.get() data-testid="incident-refresh">
                        {move || if poller.in_flight.get() { "Refreshing…" } else { "Fetch once now" }}
                    </button>
                    <Show
                        when=move || confirming.get()
                        fallback=move || view! {
                            <button type="button" class="btn" on:click=ask_off data-testid="incident-off">
                                "Turn off Incident Mode…"
                            </button>
                        }
                    >
                        <div class="mc-confirm" role="group" aria-labelledby="incident-confirm-text">
                            <span id="incident-confirm-text">"End Incident Mode? This records the end time and resumes polling."</span>
                            " "
                            <button type="button" class="btn btn-danger" node_ref=confirm_ref on:click=turn_off data-testid="incident-off-confirm">
                                "End Incident Mode"
                            </button>
                            " "
                            <button type="button" class="btn" on:click=move |_| confirming.set(false)>
                                "Cancel"
                            </button>
                        </div>
                    </Show>
                </div>
            </Show>
            <HandoffButton/>
        </Card>
    }
}
