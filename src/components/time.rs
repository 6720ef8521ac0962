//! Times shown in UTC with the local time on hover, and ages that tick with the one clock.

use chrono::{DateTime, Local, Utc};
use leptos::prelude::*;

use crate::api::poller::Poller;
use crate::clock::expect_clock;
use crate::domain::time::{fmt_utc, platform_now, shown_age, to_rfc3339, ShownAge, TimeSource};

/// The local-time rendering of a UTC time, for hover titles.
pub fn local_title(t: DateTime<Utc>) -> String {
    let local = t.with_timezone(&Local);
    format!(
        "Local time: {}",
        crate::domain::time::fmt_with_offset(local.naive_local(), local.offset().local_minus_utc())
    )
}

/// A `<time>` element: UTC text and its source ("this device" unless `source` says the time
/// came from the platform), local time on hover. For a time that never changes, use
/// [`StaticUtcTime`] (no reactive effects).
#[component]
pub fn UtcTime(
    #[prop(into)] at: Signal<DateTime<Utc>>,
    /// Where the time comes from (default: this device's clock).
    #[prop(optional)]
    source: TimeSource,
) -> impl IntoView {
    view! {
        <time
            datetime=move || to_rfc3339(at.get())
            data-clock=source.attr()
            title=move || format!("{} {}", source.explain(), local_title(at.get()))
        >
            {move || fmt_utc(at.get())}
            <span class="clock-src">{format!(" · {}", source.label())}</span>
        </time>
    }
}

/// A [`UtcTime`] of a time that never changes (a recorded time, a row built once): the same
/// element, its text and hover title formatted once, with no reactive effects. Lists of many
/// recorded times render faster, and a view rebuilt per poll leaves no subscribers behind.
#[component]
pub fn StaticUtcTime(
    at: DateTime<Utc>,
    /// Where the time comes from (default: this device's clock).
    #[prop(optional)]
    source: TimeSource,
) -> impl IntoView {
    view! {
        <time
            datetime=to_rfc3339(at)
            data-clock=source.attr()
            title=format!("{} {}", source.explain(), local_title(at))
        >
            {fmt_utc(at)}
            <span class="clock-src">{format!(" · {}", source.label())}</span>
        </time>
    }
}

/// The platform's clock now, estimated from the status route's last answer (its
/// `generated_at`), if there is one. Tracks the route and the one clock.
fn platform_clock(poller: Option<Poller>, device_now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    poller?.status.with(|s| {
        let g = s.last_good.as_ref()?;
        Some(platform_now(g.data.generated_at?, g.fetched_at, device_now))
    })
}

/// How an age of `since` from `source` reads now (see [`shown_age`]).
fn age_now(
    since: DateTime<Utc>,
    source: TimeSource,
    poller: Option<Poller>,
    device_now: DateTime<Utc>,
) -> ShownAge {
    let platform = match source {
        TimeSource::Platform => platform_clock(poller, device_now),
        TimeSource::Device => None,
    };
    shown_age(since, source, platform, device_now)
}

/// "12 s ago · this device", updating each second. A device time is measured with this
/// device's clock; a platform time (`source`) with the platform's clock when its last answer
/// carried it, and a platform time ahead of this device says "ahead of this device by N"
/// (never "0 s" nor a negative age). The label names the clock ([`shown_age`]).
///
/// Build it once and pass a time that changes (a derived signal), never inside a closure that
/// re-runs on each poll: its text subscribes to the page-long clock, and Leptos 0.8 does not
/// remove a dropped render effect (or memo) from the subscribers of the signals it read, so
/// every Age rebuilt per poll leaves dead subscribers on the clock (330–390 bytes of wasm
/// memory per poll on Mission Control before this was fixed, see docs/performance.md).
#[component]
pub fn Age(
    #[prop(into)] since: Signal<DateTime<Utc>>,
    /// Where the time comes from (default: this device's clock).
    #[prop(optional)]
    source: TimeSource,
) -> impl IntoView {
    // The same element as a present time of `AgeOrDash`.
    view! { <AgeOrDash since=Signal::derive(move || Some(since.get())) source=source/> }
}

/// An [`Age`] of a time that may be missing, or a dash while it is. One element for the life of
/// the view: a new time (each poll) changes its text and attributes in place and creates no new
/// reactive nodes (see [`Age`] for why that matters).
#[component]
pub fn AgeOrDash(
    #[prop(into)] since: Signal<Option<DateTime<Utc>>>,
    /// Where the time comes from (default: this device's clock).
    #[prop(optional)]
    source: TimeSource,
) -> impl IntoView {
    let clock = expect_clock();
    let poller = (source == TimeSource::Platform)
        .then(use_context::<Poller>)
        .flatten();
    let shown = Memo::new(move |_| since.get().map(|t| age_now(t, source, poller, clock.now())));
    view! {
        <span
            class=move || if since.with(Option::is_some) { "age" } else { "muted" }
            data-clock=move || shown.with(|a| a.as_ref().map(|a| a.source.attr()))
            title=move || {
                shown.with(|a| a.as_ref().map(|a| a.source.explain())).zip(since.get())
                    .map(|(why, t)| format!("{why} {}", local_title(t)))
            }
        >
            {move || shown.with(|a| a.as_ref().map(|a| a.text.clone()).unwrap_or_else(|| "—".to_string()))}
            <span class="clock-src">{move || shown.with(|a| a.as_ref().map(|a| format!(" · {}", a.tag())))}</span>
        </span>
    }
}
