use leptos::prelude::*;

use crate::components::planned::Planned;

#[component]
pub fn RunbooksIndex() -> impl IntoView {
    view! {
        <Planned
            title="Runbooks Index"
            will_hold=&[
                "Every runbook entry and checklist, with a search box that filters as you type",
            ]
        />
    }
}
