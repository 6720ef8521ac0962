use leptos::prelude::*;

use crate::components::planned::Planned;

#[component]
pub fn Postmortem() -> impl IntoView {
    view! {
        <Planned
            title="Incident Postmortem"
            will_hold=&[
                "A postmortem per incident, prefilled from the activity trail, exported as Markdown",
            ]
        />
    }
}
