//! The header on every page: data source, how fresh the data is, Incident Mode, storage state.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::poller::expect_poller;
use crate::clock::expect_clock;
use crate::components::toast::expect_toasts;
use crate::context::{
    expect_incident_mode, expect_settings, expect_storage_health, expect_thresholds,
};
use crate::domain::route::{data_status, DataStatus, RouteId};
use crate::domain::time::{fmt_elapsed, fmt_utc_time, TimeSource};

#[component]
pub fn Header() -> impl IntoView {
    let poller = expect_poller();
    let clock = expect_clock();
    let settings = expect_settings();
    let thresholds = expect_thresholds();
    let incident = expect_incident_mode();
    let health = expect_storage_health();
    let toasts = expect_toasts();
    let export_now = move |_| match crate::pages::admin::download_backup_now() {
        Ok((name, n)) => toasts.info(format!("Exported {n} values to {name}")),
        Err(e) => toasts.error(format!("Could not export: {e}")),
    };

    // Routes whose fresh answer had fields of the wrong type (shown as unknown): the data is
    // partial, so the header does not say Live (the rule is `domain::route::data_status`).
    let wrong_types = Memo::new(move |_| {
        RouteId::ALL
            .into_iter()
            .filter(|r| !poller.unusable_fields(*r).is_empty())
            .collect::<Vec<_>>()
    });
    let status = Memo::new(move |_| {
        let now = clock.now();
        let stale_after = poller.stale_after_secs(thresholds.with(|t| t.stale_after_polls));
        let root = poller.root.get();
        let metrics = poller.metrics.get();
        let st = poller.status.get();
        data_status(
            &[
                (
                    RouteId::Root,
                    root.last_attempt.as_ref(),
                    root.freshness(now, stale_after),
                ),
                (
                    RouteId::Metrics,
                    metrics.last_attempt.as_ref(),
                    metrics.freshness(now, stale_after),
                ),
                (
                    RouteId::Status,
                    st.last_attempt.as_ref(),
                    st.freshness(now, stale_after),
                ),
            ],
            &wrong_types.get(),
        )
    });
    let source = Memo::new(move |_| {
        let base = settings.with(|s| s.api_base());
        if base.is_empty() {
            "this origin".to_string()
        } else {
            base
        }
    });
    let class = move || status.with(DataStatus::class);
    let text = move || status.with(DataStatus::text);
    let frozen = move || poller.frozen.get();
    let refresh = move |_| poller.poll_now();
    let incident_text = move || {
        incident.with(|m| match (m.active, m.elapsed_secs(clock.now())) {
            (true, Some(secs)) => format!(
                "🚨 Incident Mode ON since {} ({}) · {}",
                m.started_at.map(fmt_utc_time).unwrap_or_default(),
                TimeSource::Device.label(),
                fmt_elapsed(secs)
            ),
            _ => "Incident Mode off".to_string(),
        })
    };
    let incident_active = move || incident.with(|m| m.active);
    // Said to screen readers when Incident Mode changes (here or in another tab), not on load.
    let incident_news = Memo::new(move |prev: Option<&(bool, String)>| {
        let on = incident.with(|m| m.active);
        let text = match prev {
            Some((was, _)) if *was != on => if on {
                "Incident Mode is on: polling is frozen."
            } else {
                "Incident Mode is off: polling resumed."
            }
            .to_string(),
            Some((_, text)) => text.clone(),
            None => String::new(),
        };
        (on, text)
    });
    let theme = move || settings.with(|s| s.theme);
    let switch_theme = move |_| {
        let next = settings.get_untracked().theme.next();
        if let Err(e) = settings.update(|s| s.theme = next) {
            toasts.error(format!("The theme applies to this tab only: {e}"));
        }
    };

    view! {
        <header class="app-header" class:incident=incident_active>
            <A href="/" attr:class="brand">"Ops Console"</A>
            <div class="header-status">
                // First in the right-aligned row, so the last-known note coming and going moves
                // nothing else; one line, so it never adds a row on a phone (no layout shift).
                <span class="header-meta">
                    <crate::components::last_known::LastKnownNote/>
                    <span class="source" title=move || format!("Where the /beak data comes from: {}", source.get()) data-stored="">"Source: " {source}</span>
                </span>
                <span class=class data-testid="data-status" role="status">{text}</span>
                <Show when=frozen>
                    <span class="frozen-note">"Dashboard frozen"</span>
                </Show>
                <button type="button" class="btn btn-small" on:click=refresh disabled=move || poller.in_flight.get() data-stored="">
                    {move || if poller.in_flight.get() { "Refreshing…" } else { "Refresh now" }}
                </button>
                <button
                    type="button"
                    class="btn btn-small theme-switch"
                    on:click=switch_theme
                    data-testid="theme-switch"
                    data-stored=""
                    aria-label=move || format!("Theme: {}. Switch to {}", theme().label(), theme().next().label())
                    title=move || format!("Theme: {} (click for {})", theme().label(), theme().next().label())
                >
                    <span aria-hidden="true">{move || theme().icon()}</span>
                    " "
                    {move || theme().label()}
                </button>
                <A href="/#incident-mode" attr:class=move || if incident_active() { "incident-chip on" } else { "incident-chip" } attr:data-testid="incident-chip" attr:data-stored="">
                    {incident_text}
                </A>
            </div>
            <span class="sr-only" aria-live="assertive" data-testid="incident-news">
                {move || incident_news.with(|(_, t)| t.clone())}
            </span>
        </header>
        <Show when=move || !health.with(|h| h.is_ok())>
            <div class="storage-warning" role="alert">
                {move || health.with(|h| {
                    let mut lines = Vec::new();
                    if let Some(why) = &h.memory_only {
                        lines.push(format!("Browser storage is unavailable ({why}): everything you tick or write is kept in this tab only. Export it from the Admin Panel before closing."));
                    }
                    if !h.unsaved_keys.is_empty() {
                        lines.push(format!("Browser storage is full: {} kept in this tab only. Export from the Admin Panel, then free space.", h.unsaved_keys.join(", ")));
                    } else if h.full {
                        lines.push("Browser storage is full: nothing new can be saved, every change is kept in this tab only. Export it, then free space.".to_string());
                    }
                    for (key, q, reason) in &h.quarantined {
                        lines.push(format!("Stored value {key} could not be read ({reason}); it was kept aside as {q}. See the Admin Panel."));
                    }
                    lines.into_iter().map(|l| view! { <p>{l}</p> }).collect_view()
                })}
                <Show when=move || health.with(|h| h.memory_only.is_some() || h.full || !h.unsaved_keys.is_empty())>
                    <button type="button" class="btn btn-small" data-testid="storage-export" on:click=export_now>
                        "Export everything now"
                    </button>
                </Show>
                <A href="/admin">"Open the Admin Panel"</A>
            </div>
        </Show>
    }
}
