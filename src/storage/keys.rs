//! Every value the console stores, with its key name and schema version: the one list.
//! Keys are `ops-console/v1/<NAME>`; docs/storage.md describes each.

use super::codec::Stored;
use crate::domain::approvals::GovernanceLog;
use crate::domain::checklist::Checklists;
use crate::domain::deploy_log::DeployLog;
use crate::domain::incident_log::IncidentLog;
use crate::domain::incident_mode::IncidentMode;
use crate::domain::postmortem::Postmortems;
use crate::domain::settings::Settings;
use crate::domain::thresholds::Thresholds;
use crate::domain::trail::Trail;

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

impl Stored for GovernanceLog {
    const NAME: &'static str = "governance-log";
    const SCHEMA: u32 = 1;
}

impl Stored for Trail {
    const NAME: &'static str = "activity-trail";
    const SCHEMA: u32 = 1;
}

impl Stored for Checklists {
    const NAME: &'static str = "checklists";
    const SCHEMA: u32 = 1;
}

impl Stored for crate::domain::gated::GatedTemplates {
    const NAME: &'static str = "gated-templates";
    const SCHEMA: u32 = 1;
}

impl Stored for DeployLog {
    const NAME: &'static str = "deploy-log";
    const SCHEMA: u32 = 1;
}

impl Stored for IncidentLog {
    const NAME: &'static str = "incident-log";
    const SCHEMA: u32 = 1;
}

impl Stored for Postmortems {
    const NAME: &'static str = "postmortems";
    const SCHEMA: u32 = 1;
}
