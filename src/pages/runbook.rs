use leptos::prelude::*;

use crate::components::planned::Planned;

#[component]
pub fn Runbook() -> impl IntoView {
    view! {
        <Planned
            title="Ops Runbook"
            will_hold=&[
                "Runbook entries INC-001 onwards: symptoms, how to confirm them here, steps, approvals needed",
            ]
        />
    }
}
