use leptos::prelude::*;

use crate::components::planned::Planned;

#[component]
pub fn IncidentLog() -> impl IntoView {
    view! {
        <Planned
            title="Incident Log"
            will_hold=&[
                "One entry per incident: severity, times, components, root cause, corrective actions",
            ]
        />
    }
}
