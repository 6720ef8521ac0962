//! App-wide contexts, each a newtype with an `expect_…()` helper. Provided once by [`crate::App`].

use leptos::prelude::*;

use crate::domain::incident_mode::IncidentMode;
use crate::domain::settings::Settings;
use crate::domain::thresholds::Thresholds;
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
