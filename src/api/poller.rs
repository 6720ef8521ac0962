//! The one polling service: fetches the three routes together, never overlapping, on the
//! interval from settings; pauses while the tab is hidden, backs off on repeated failure,
//! keeps the last good data of each route, and can be frozen (Incident Mode) while
//! "refresh now" still works.
//!
//! The first poll's requests leave with the page, before the wasm is there: a small script in
//! `index.html` sends them, and the first poll takes their answers (`client::take_first_poll`)
//! instead of asking again. Whatever it does not take is aborted.
//!
//! The last good answers are also kept in browser storage (`domain::last_known`): put back
//! (as last known, never fresh) when the page loads, saved when the page is hidden or closed
//! and every [`SAVE_EVERY_SECS`] while it stays open.

use chrono::{DateTime, Utc};
use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::client::{self, fetch_route, Failure};
use super::models::{
    parse_metrics, parse_root, parse_status, Deployment, MetricsPayload, RootPayload, StatusPayload,
};
use crate::clock;
use crate::domain::last_known::LastKnown;
use crate::domain::merge::Merge;
use crate::domain::mission::platform_deployments;
use crate::domain::route::{Good, RouteId, RouteState};
use crate::domain::settings::Settings;
use crate::storage;

/// How often the scheduler looks whether a poll is due.
const TICK_MS: u64 = 250;
/// The longest back-off between polls after repeated failures.
const MAX_BACKOFF_SECS: u32 = 120;
/// How often the last good answers are saved while the page stays open and visible (they are
/// saved whenever the page is hidden or closed, so a reload always finds the latest).
pub const SAVE_EVERY_SECS: i64 = 600;

#[derive(Clone, Copy)]
pub struct Poller {
    pub root: RwSignal<RouteState<RootPayload>>,
    pub metrics: RwSignal<RouteState<MetricsPayload>>,
    pub status: RwSignal<RouteState<StatusPayload>>,
    /// Frozen by Incident Mode: no scheduled polls.
    pub frozen: RwSignal<bool>,
    pub in_flight: RwSignal<bool>,
    /// When the last poll cycle finished.
    pub last_poll_at: RwSignal<Option<DateTime<Utc>>>,
    /// When the next scheduled poll is due (None while frozen or in flight).
    pub next_due: RwSignal<Option<DateTime<Utc>>>,
    /// How many poll cycles have run (for tests and the benchmark).
    pub cycles: RwSignal<u64>,
    settings: Signal<Settings>,
}

pub fn expect_poller() -> Poller {
    expect_context::<Poller>()
}

/// Seconds to wait after a cycle, given the interval and how many cycles in a row failed.
pub fn backoff_secs(interval_secs: u32, consecutive_failures: u32) -> u32 {
    if consecutive_failures <= 1 {
        return interval_secs;
    }
    let factor = 1u32 << (consecutive_failures - 1).min(4);
    interval_secs
        .saturating_mul(factor)
        .min(MAX_BACKOFF_SECS.max(interval_secs))
}

/// The platform's deployments and the version the alias serves now, from the status route's
/// last good answer (`None` before there is one).
pub type PlatformDeployments = Option<(Vec<Deployment>, Option<String>)>;

impl Poller {
    /// [`PlatformDeployments`] as a memo: it changes only when an answer changes them, so what
    /// is built from them (the merge with the whole Deploy Log) is not rebuilt on every answer
    /// or every second.
    pub fn platform_deployments(&self) -> Memo<PlatformDeployments> {
        let status = self.status;
        Memo::new(move |_| status.with(|s| s.data().map(platform_deployments)))
    }

    /// Creates the service and starts its scheduler (call once, at the app root). Unless
    /// `frozen` or the tab is hidden, the first poll starts at once.
    pub fn start(settings: Signal<Settings>, frozen: bool) -> Self {
        let p = Poller {
            root: RwSignal::new(RouteState::default()),
            metrics: RwSignal::new(RouteState::default()),
            status: RwSignal::new(RouteState::default()),
            frozen: RwSignal::new(frozen),
            in_flight: RwSignal::new(false),
            last_poll_at: RwSignal::new(None),
            next_due: RwSignal::new(Some(clock::now())),
            cycles: RwSignal::new(0),
            settings,
        };
        p.restore_last_known();
        let saved_at = StoredValue::new(clock::now());
        let save = move || {
            p.save_last_known();
            saved_at.set_value(clock::now());
        };
        let on_hide = window_event_listener(ev::pagehide, move |_| save());
        let on_visibility = window_event_listener(ev::visibilitychange, move |_| {
            let hidden = web_sys::window()
                .and_then(|w| w.document())
                .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden);
            if hidden {
                save();
            }
        });
        on_cleanup(move || {
            on_hide.remove();
            on_visibility.remove();
        });
        let visibility = leptos_use::use_document_visibility();
        if let Ok(handle) = set_interval_with_handle(
            move || {
                let hidden = visibility.get_untracked() == web_sys::VisibilityState::Hidden;
                if !hidden && (clock::now() - saved_at.get_value()).num_seconds() >= SAVE_EVERY_SECS
                {
                    save();
                }
                if hidden
                    || p.frozen.try_get_untracked().unwrap_or(true)
                    || p.in_flight.get_untracked()
                {
                    return;
                }
                let due = p.next_due.get_untracked().is_none_or(|d| d <= clock::now());
                if due {
                    p.poll_now();
                }
            },
            std::time::Duration::from_millis(TICK_MS),
        ) {
            on_cleanup(move || handle.clear());
        }
        if !frozen && visibility.get_untracked() != web_sys::VisibilityState::Hidden {
            // The first poll takes the requests the page's HTML already sent (index.html).
            let base = settings.with_untracked(Settings::api_base);
            p.poll(client::take_first_poll(&base));
        } else {
            // The page's early requests are not for a poll that waits.
            client::drop_early();
        }
        p
    }

    /// Puts back the answers kept by an earlier visit (of the same platform), as last known.
    fn restore_last_known(&self) {
        let source = self.settings.with_untracked(Settings::api_base);
        let Some(kept) = storage::read_cache::<LastKnown>().and_then(|k| k.for_source(&source))
        else {
            return;
        };
        if let Some(g) = kept.root {
            self.root.update(|s| s.restore(g));
        }
        if let Some(g) = kept.metrics {
            self.metrics.update(|s| s.restore(g));
        }
        if let Some(g) = kept.status {
            self.status.update(|s| s.restore(g));
        }
    }

    /// Saves the last good answers (merged with what another tab kept, per route the newer),
    /// when this page fetched any itself. A refused write only loses the cache: logged.
    pub fn save_last_known(&self) {
        let (Some(root), Some(metrics), Some(status)) = (
            self.root.try_get_untracked(),
            self.metrics.try_get_untracked(),
            self.status.try_get_untracked(),
        ) else {
            return;
        };
        let fetched_here = [
            root.last_good.is_some() && !root.restored,
            metrics.last_good.is_some() && !metrics.restored,
            status.last_good.is_some() && !status.restored,
        ];
        if !fetched_here.contains(&true) {
            return;
        }
        let Some(source) = self.settings.try_with_untracked(Settings::api_base) else {
            return;
        };
        let mine = LastKnown::from_states(&source, &root, &metrics, &status);
        let merged = match storage::read_cache::<LastKnown>() {
            Some(stored) => stored.merge(mine),
            None => mine,
        };
        if let Err(e) = storage::write_cache(&merged) {
            leptos::logging::warn!("ops-console: the last-known answers were not saved: {e}");
        }
    }

    /// The fields of `route`'s last answer that had the wrong type and are shown as unknown
    /// (the parser's notes), when that answer is the route's current state; empty otherwise.
    /// Reactive: tracks the route's signal.
    pub fn unusable_fields(&self, route: RouteId) -> Vec<String> {
        fn of<T>(s: &RouteState<T>) -> Vec<String> {
            s.wrong_type_fields()
        }
        match route {
            RouteId::Root => self.root.try_with(of),
            RouteId::Metrics => self.metrics.try_with(of),
            RouteId::Status => self.status.try_with(of),
        }
        .unwrap_or_default()
    }

    /// Seconds after which data counts as stale: `stale_after_polls` poll intervals.
    pub fn stale_after_secs(&self, stale_after_polls: u32) -> i64 {
        i64::from(self.settings.get().poll_interval_secs) * i64::from(stale_after_polls.max(1))
    }

    /// Fetches all three routes now unless a poll is already running. Works while frozen.
    pub fn poll_now(&self) {
        self.poll([None, None, None]);
    }

    /// A poll; `early` holds the requests already sent for it, per route (the first poll).
    fn poll(&self, early: [Option<client::Early>; 3]) {
        if self.in_flight.get_untracked() {
            return;
        }
        let p = *self;
        p.in_flight.set(true);
        p.next_due.set(None);
        let settings = p.settings.get_untracked();
        let base = settings.api_base();
        let timeout = settings.request_timeout_ms;
        let interval = settings.poll_interval_secs;
        let [root, metrics, status] = early;
        spawn_local(async move {
            // Each route's answer is shown as soon as it is in, not after the slowest of the
            // three: the cards judged from one route do not wait for the others.
            futures::join!(
                async {
                    apply(
                        p.root,
                        fetch_route(&base, RouteId::Root, timeout, parse_root, root).await,
                    )
                },
                async {
                    apply(
                        p.metrics,
                        fetch_route(&base, RouteId::Metrics, timeout, parse_metrics, metrics).await,
                    )
                },
                async {
                    apply(
                        p.status,
                        fetch_route(&base, RouteId::Status, timeout, parse_status, status).await,
                    )
                },
            );
            let at = clock::now();
            let failures = [
                p.root.try_with_untracked(|r| r.consecutive_failures),
                p.metrics.try_with_untracked(|r| r.consecutive_failures),
                p.status.try_with_untracked(|r| r.consecutive_failures),
            ]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(0);
            let wait = backoff_secs(interval, failures);
            p.next_due
                .try_set(Some(at + chrono::Duration::seconds(i64::from(wait))));
            p.last_poll_at.try_set(Some(at));
            p.cycles.try_update(|c| *c += 1);
            p.in_flight.try_set(false);
        });
    }
}

/// Records one route's answer (or failure, at the time it ended) in its signal.
fn apply<T: Send + Sync + 'static>(sig: RwSignal<RouteState<T>>, result: Result<Good<T>, Failure>) {
    sig.try_update(|s| match result {
        Ok(good) => s.record_ok(good),
        Err(f) => s.record_err(clock::now(), f.status, f.latency_ms, f.error),
    });
}

#[cfg(test)]
mod tests {
    use super::backoff_secs;

    #[test]
    fn backoff_doubles_and_caps() {
        assert_eq!(backoff_secs(15, 0), 15);
        assert_eq!(backoff_secs(15, 1), 15);
        assert_eq!(backoff_secs(15, 2), 30);
        assert_eq!(backoff_secs(15, 3), 60);
        assert_eq!(backoff_secs(15, 4), 120);
        assert_eq!(backoff_secs(15, 9), 120);
        assert_eq!(backoff_secs(300, 5), 300, "never shorter than the interval");
    }
}
