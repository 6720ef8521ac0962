use leptos::prelude::*;

use crate::components::planned::Planned;

#[component]
pub fn DeployLog() -> impl IntoView {
    view! {
        <Planned
            title="Deploy Log"
            will_hold=&[
                "Deployments recorded here, merged with those the platform reports",
                "Filters and exports as JSON, CSV and Markdown",
            ]
        />
    }
}
