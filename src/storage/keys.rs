//! Every value the console stores, with its key name and schema version: the one list.
//! Keys are `ops-console/v1/<NAME>`; docs/storage.md describes each.

use super::codec::Stored;
use crate::domain::approvals::GovernanceLog;
use crate::domain::checklist::Checklists;
use crate::domain::deploy_log::DeployLog;
use crate::domain::incident_log::IncidentLog;
use crate::domain::incident_mode::IncidentMode;
use crate::domain::last_known::LastKnown;
use crate::domain::postmortem::Postmortems;
use crate::domain::settings::Settings;
use crate::domain::snapshots::SnapshotLog;
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

impl Stored for SnapshotLog {
    const NAME: &'static str = "diagnostics-snapshots";
    const SCHEMA: u32 = 1;
}

/// The last good answer of each `/beak` route: a cache, read and written with
/// [`super::read_cache`] and [`super::write_cache`].
impl Stored for LastKnown {
    const NAME: &'static str = "last-known";
    const SCHEMA: u32 = 1;
}

/// Calls `$m!(Type)` for every stored kind: the one list of kinds, for code that must handle
/// each (the Admin Panel's schema column, the fuzz checks of the storage decoder).
#[macro_export]
macro_rules! for_each_stored {
    ($m:ident) => {
        $m!($crate::domain::settings::Settings);
        $m!($crate::domain::thresholds::Thresholds);
        $m!($crate::domain::incident_mode::IncidentMode);
        $m!($crate::domain::approvals::GovernanceLog);
        $m!($crate::domain::trail::Trail);
        $m!($crate::domain::checklist::Checklists);
        $m!($crate::domain::gated::GatedTemplates);
        $m!($crate::domain::deploy_log::DeployLog);
        $m!($crate::domain::incident_log::IncidentLog);
        $m!($crate::domain::postmortem::Postmortems);
        $m!($crate::domain::snapshots::SnapshotLog);
        $m!($crate::domain::last_known::LastKnown);
    };
}

/// The schema version the console writes for the stored kind `name`, if it is one.
pub fn schema_of(name: &str) -> Option<u32> {
    let mut found = None;
    macro_rules! check {
        ($t:ty) => {
            if found.is_none() && name == <$t as Stored>::NAME {
                found = Some(<$t as Stored>::SCHEMA);
            }
        };
    }
    crate::for_each_stored!(check);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_schema_and_names_are_unique() {
        let mut names = Vec::new();
        macro_rules! collect {
            ($t:ty) => {
                names.push(<$t as Stored>::NAME);
                assert_eq!(
                    schema_of(<$t as Stored>::NAME),
                    Some(<$t as Stored>::SCHEMA)
                );
            };
        }
        crate::for_each_stored!(collect);
        let count = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), count, "two stored kinds share a name");
        assert_eq!(schema_of("no-such-kind"), None);
    }
}
