//! The one clock. `now()` for a single reading; [`Clock`] is a signal ticking every second for
//! views that show ages, so only the text nodes that read it update.

use chrono::{DateTime, Utc};
use leptos::prelude::*;

/// The current time in UTC.
pub fn now() -> DateTime<Utc> {
    Utc::now()
}

/// A once-a-second clock shared through context.
#[derive(Clone, Copy)]
pub struct Clock(pub RwSignal<DateTime<Utc>>);

impl Clock {
    /// Starts the ticking clock (call once, at the app root).
    pub fn start() -> Self {
        let sig = RwSignal::new(now());
        if let Ok(handle) = set_interval_with_handle(
            move || {
                sig.try_set(now());
            },
            std::time::Duration::from_secs(1),
        ) {
            on_cleanup(move || handle.clear());
        }
        Clock(sig)
    }

    /// The current time, tracked (re-runs the reader every second).
    pub fn now(&self) -> DateTime<Utc> {
        self.0.get()
    }
}

pub fn expect_clock() -> Clock {
    expect_context::<Clock>()
}
