use leptos::prelude::*;

use crate::components::planned::Planned;

#[component]
pub fn PeckAudit() -> impl IntoView {
    view! {
        <Planned
            title="Peck Audit"
            will_hold=&[
                "Pecks by outcome, failure rate and its trend, spikes per failure type with what they indicate",
            ]
        />
    }
}
