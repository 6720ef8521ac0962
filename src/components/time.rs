//! Times shown in UTC with the local time on hover, and ages that tick with the one clock.

use chrono::{DateTime, Local, Utc};
use leptos::prelude::*;

use crate::clock::expect_clock;
use crate::domain::time::{age_secs, fmt_age, fmt_utc, to_rfc3339};

/// The local-time rendering of a UTC time, for hover titles.
pub fn local_title(t: DateTime<Utc>) -> String {
    let local = t.with_timezone(&Local);
    format!("Local time: {}", local.format("%Y-%m-%d %H:%M:%S %:z"))
}

/// A `<time>` element: UTC text, local time on hover.
#[component]
pub fn UtcTime(#[prop(into)] at: Signal<DateTime<Utc>>) -> impl IntoView {
    view! {
        <time datetime=move || to_rfc3339(at.get()) title=move || local_title(at.get())>
            {move || fmt_utc(at.get())}
        </time>
    }
}

/// "12 s ago", updating each second (only this text node re-renders). Measured with this
/// device's clock, which the hover title says (a time ahead of the device's clock shows "0 s").
#[component]
pub fn Age(#[prop(into)] since: Signal<DateTime<Utc>>) -> impl IntoView {
    let clock = expect_clock();
    view! {
        <span class="age" data-clock="device" title=move || format!("Age by this device's clock. {}", local_title(since.get()))>
            {move || format!("{} ago", fmt_age(age_secs(since.get(), clock.now())))}
        </span>
    }
}
