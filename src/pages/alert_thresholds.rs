use leptos::prelude::*;

use crate::components::planned::Planned;

#[component]
pub fn AlertThresholds() -> impl IntoView {
    view! {
        <Planned
            title="Alert Thresholds"
            will_hold=&[
                "Every threshold the console judges by, editable, with defaults",
            ]
        />
    }
}
