//! Mission Control's cards. The page (`pages/mission_control.rs`) gathers the facts once and
//! shares them with every card through [`MissionCtx`]; the rules are in `domain/`.

pub mod cards;
pub mod diagnostics;
pub mod incident;
pub mod overview;
pub mod routes;

use chrono::{DateTime, Utc};
use leptos::prelude::*;

use crate::components::last_known::LastKnownLabel;
use crate::components::level::LevelBadge;
use crate::domain::anomalies::AnomalyReport;
use crate::domain::facts::Facts;
use crate::domain::health::Health;
use crate::domain::thresholds::Level;

/// What every card reads: the facts of this second, the health score and the anomalies.
#[derive(Clone, Copy)]
pub struct MissionCtx {
    pub facts: Memo<Facts>,
    pub health: Memo<Health>,
    pub anomalies: Memo<AnomalyReport>,
}

pub fn expect_mission() -> MissionCtx {
    expect_context::<MissionCtx>()
}

impl MissionCtx {
    /// When the status data shown was fetched, while it is last known (see `Observed`).
    pub fn status_last_known(&self) -> Signal<Option<DateTime<Utc>>> {
        let facts = self.facts;
        Signal::derive(move || facts.with(|f| f.status.last_known_at))
    }

    /// When the metrics data shown was fetched, while it is last known.
    pub fn metrics_last_known(&self) -> Signal<Option<DateTime<Utc>>> {
        let facts = self.facts;
        Signal::derive(move || facts.with(|f| f.metrics.last_known_at))
    }

    /// The older of the two, for cards judged from both.
    pub fn any_last_known(&self) -> Signal<Option<DateTime<Utc>>> {
        let facts = self.facts;
        Signal::derive(move || {
            facts.with(|f| {
                crate::domain::last_known::oldest([f.status.last_known_at, f.metrics.last_known_at])
            })
        })
    }
}

/// The level as a word for `data-level` (tests and styles).
pub fn level_attr(l: Level) -> &'static str {
    match l {
        Level::Green => "green",
        Level::Amber => "amber",
        Level::Red => "red",
        Level::Unknown => "unknown",
    }
}

/// A card: its fragment id, title and status badge (icon + word), muted when stale, outlined
/// when Incident Mode highlights it; "Last known at …" under the title while its data is
/// last known (kept from an earlier visit, or the platform is unreachable).
#[component]
pub fn Card(
    id: &'static str,
    title: &'static str,
    /// The status shown next to the title (none for cards without a status).
    #[prop(optional, into)]
    badge: Option<Signal<(Level, String)>>,
    #[prop(optional, into)] stale: MaybeProp<bool>,
    #[prop(optional, into)] highlight: MaybeProp<bool>,
    /// When the card's data was fetched, while it is last known.
    #[prop(optional, into)]
    last_known: MaybeProp<DateTime<Utc>>,
    #[prop(optional)] wide: bool,
    children: Children,
) -> impl IntoView {
    let heading = format!("{id}-title");
    let labelled_by = heading.clone();
    let cls = if wide {
        format!("card mc-card mc-{id} wide")
    } else {
        format!("card mc-card mc-{id}")
    };
    view! {
        <section
            id=id
            class=cls
            class:stale=move || stale.get().unwrap_or(false)
            class:highlight=move || highlight.get().unwrap_or(false)
            data-level=move || badge.map(|b| level_attr(b.get().0))
            aria-labelledby=labelled_by
        >
            <div class="card-head">
                <h2 id=heading>{title}</h2>
                {badge.map(|b| view! {
                    <LevelBadge
                        level=Signal::derive(move || b.get().0)
                        word=Signal::derive(move || b.get().1)
                    />
                })}
            </div>
            <LastKnownLabel at=Signal::derive(move || last_known.get())/>
            {children()}
        </section>
    }
}

/// A count or a dash.
pub fn num_or_dash<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_else(|| "—".into())
}

/// Percent-encodes a query value (ids are plain, but never trust that).
pub fn encode_query(v: &str) -> String {
    v.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
