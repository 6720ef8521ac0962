//! Every value the console stores, with its key name and schema version: the one list.
//! Keys are `ops-console/v1/<NAME>`; docs/storage.md describes each.

use super::codec::Stored;
use crate::domain::incident_mode::IncidentMode;
use crate::domain::settings::Settings;
use crate::domain::thresholds::Thresholds;

impl Stored for Settings {
    const NAME: &'static str = "settings";
    const SCHEMA: u32 = 1;
}

impl Stored for Thresholds {
    const NAME: &'static str = "thresholds";
    const SCHEMA: u32 = 1;
}

impl Stored for IncidentMode {
    const NAME: &'static str = "incident-mode";
    const SCHEMA: u32 = 1;
}
