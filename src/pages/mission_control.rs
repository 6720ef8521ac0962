use leptos::prelude::*;

use crate::components::planned::Planned;

#[component]
pub fn MissionControl() -> impl IntoView {
    view! {
        <Planned
            title="Mission Control"
            will_hold=&[
                "Alias drift, agent fleet, peck failures, audit activity, SES quota, sandbox and change freeze cards",
                "Health score with its penalties, anomaly summary and route health",
                "Incident Mode toggle, and Copy Diagnostics JSON / Copy Incident Snapshot",
            ]
        />
    }
}
