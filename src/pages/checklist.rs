use leptos::prelude::*;

use crate::components::planned::Planned;

#[component]
pub fn ChecklistPage() -> impl IntoView {
    view! {
        <Planned
            title="Ops Checklist"
            will_hold=&[
                "The Pre-Deploy (10), Rollback (8) and Incident Triage (9) checklists",
                "Progress per list, kept across sessions and tabs",
                "Live hints from the platform beside each item, and the approval gates",
            ]
        />
    }
}
