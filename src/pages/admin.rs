use leptos::prelude::*;

use crate::components::planned::Planned;

#[component]
pub fn Admin() -> impl IntoView {
    view! {
        <Planned
            title="Admin Panel"
            will_hold=&[
                "Settings, stored data and quarantine, backup and import, gated operations, build info",
            ]
        />
    }
}
