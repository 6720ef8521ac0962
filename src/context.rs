//! App-wide contexts, each a newtype with an `expect_…()` helper. Provided once by [`crate::App`].

use leptos::prelude::*;

use crate::domain::approvals::GovernanceLog;
use crate::domain::deploy_log::DeployLog;
use crate::domain::incident_log::IncidentLog;
use crate::domain::incident_mode::IncidentMode;
use crate::domain::settings::Settings;
use crate::domain::snapshots::SnapshotLog;
use crate::domain::thresholds::Thresholds;
use crate::domain::trail::Trail;
use crate::storage::store::Store;
use crate::storage::StorageHealth;

#[derive(Clone, Copy)]
pub struct SettingsStore(pub Store<Settings>);
pub fn expect_settings() -> Store<Settings> {
    expect_context::<SettingsStore>().0
}

#[derive(Clone, Copy)]
pub struct ThresholdsStore(pub Store<Thresholds>);
pub fn expect_thresholds() -> Store<Thresholds> {
    expect_context::<ThresholdsStore>().0
}

#[derive(Clone, Copy)]
pub struct IncidentModeStore(pub Store<IncidentMode>);
pub fn expect_incident_mode() -> Store<IncidentMode> {
    expect_context::<IncidentModeStore>().0
}

#[derive(Clone, Copy)]
pub struct StorageHealthCtx(pub RwSignal<StorageHealth>);
pub fn expect_storage_health() -> RwSignal<StorageHealth> {
    expect_context::<StorageHealthCtx>().0
}

#[derive(Clone, Copy)]
pub struct GovernanceStore(pub Store<GovernanceLog>);
pub fn expect_governance() -> Store<GovernanceLog> {
    expect_context::<GovernanceStore>().0
}

/// The activity trail; write to it through [`crate::components::trail::record`].
#[derive(Clone, Copy)]
pub struct TrailStore(pub Store<Trail>);
pub fn expect_trail() -> Store<Trail> {
    expect_context::<TrailStore>().0
}

/// The three checklists' ticks and runs (Ops Checklist; progress in the navigation).
#[derive(Clone, Copy)]
pub struct ChecklistStore(pub Store<crate::domain::checklist::Checklists>);
pub fn expect_checklists() -> Store<crate::domain::checklist::Checklists> {
    expect_context::<ChecklistStore>().0
}

#[derive(Clone, Copy)]
pub struct IncidentLogStore(pub Store<IncidentLog>);
pub fn expect_incident_log() -> Store<IncidentLog> {
    expect_context::<IncidentLogStore>().0
}

#[derive(Clone, Copy)]
pub struct DeployLogStore(pub Store<DeployLog>);
pub fn expect_deploy_log() -> Store<DeployLog> {
    expect_context::<DeployLogStore>().0
}

/// The diagnostics snapshots copied on Mission Control, bodies included (bounded).
#[derive(Clone, Copy)]
pub struct SnapshotStore(pub Store<SnapshotLog>);
pub fn expect_snapshots() -> Store<SnapshotLog> {
    expect_context::<SnapshotStore>().0
}
