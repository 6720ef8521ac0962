//! "Last known at 19:42:07 UTC, 5 min ago": the label of data kept from an earlier visit or
//! from before the platform became unreachable. Muted like stale data, never a level colour;
//! only the text node re-renders each second.

use chrono::{DateTime, Utc};
use leptos::prelude::*;

use crate::api::poller::expect_poller;
use crate::clock::expect_clock;
use crate::components::time::local_title;
use crate::domain::last_known::{label, oldest};
use crate::domain::time::fmt_utc;

fn capitalised(s: String) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => s,
    }
}

/// The label for `at`, or nothing while the data is current.
#[component]
pub fn LastKnownLabel(
    #[prop(into)] at: Signal<Option<DateTime<Utc>>>,
    /// `data-testid` of the label (tests find the header's by it).
    #[prop(optional)]
    testid: Option<&'static str>,
) -> impl IntoView {
    let clock = expect_clock();
    // Rebuild the span only when the time itself changes, not each time the signal it derives
    // from re-runs (every poll): a dropped view's effects stay subscribed to the clock.
    let at = Memo::new(move |_| at.get());
    move || {
        at.get().map(|t| {
            view! {
                <span class="last-known muted" data-testid=testid title=format!("Data fetched at {}. {}", fmt_utc(t), local_title(t))>
                    {move || capitalised(label(t, clock.now()))}
                </span>
            }
        })
    }
}

/// The header's label: the oldest last-known data of the three routes, if any.
#[component]
pub fn LastKnownNote() -> impl IntoView {
    let poller = expect_poller();
    let at = Memo::new(move |_| {
        oldest([
            poller.root.with(|s| s.last_known_at()),
            poller.metrics.with(|s| s.last_known_at()),
            poller.status.with(|s| s.last_known_at()),
        ])
    });
    view! { <LastKnownLabel at=at testid="last-known"/> }
}
