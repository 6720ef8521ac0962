use leptos::prelude::*;

use crate::components::planned::Planned;

#[component]
pub fn SystemHealth() -> impl IntoView {
    view! {
        <Planned
            title="System Health"
            will_hold=&[
                "The status endpoint check: valid JSON with lambda.version, database and agents",
                "SLA metrics and cold start p95 against their thresholds, with a short history",
                "Route and database latency",
            ]
        />
    }
}
