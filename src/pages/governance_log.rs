use leptos::prelude::*;

use crate::components::planned::Planned;

#[component]
pub fn GovernanceLog() -> impl IntoView {
    view! {
        <Planned
            title="Governance Log"
            will_hold=&[
                "T-JOSH approvals for promotions, rollbacks, freeze overrides and destructive steps",
                "Export as GOVERNANCE-LOG.md and JSON",
            ]
        />
    }
}
