//! Turning Incident Mode on and off: one place for what each does (the Incident Log entry, the
//! trail, the toast, polling), used by the Incident Mode card and by the `i` shortcut.

use chrono::SubsecRound;
use leptos::prelude::*;

use crate::api::poller::{expect_poller, Poller};
use crate::components::toast::{expect_toasts, Toasts};
use crate::components::trail::record;
use crate::context::{expect_incident_log, expect_incident_mode, expect_settings};
use crate::domain::incident_log::IncidentLog;
use crate::domain::incident_mode::IncidentMode;
use crate::domain::mission::{incident_id_for, session_incident, unique_incident_id};
use crate::domain::settings::Settings;
use crate::domain::time::{fmt_utc, fmt_utc_time};
use crate::domain::trail::kinds;
use crate::storage::store::Store;

/// The contexts Incident Mode changes touch, taken once when a component is created, so the
/// actions can run from event handlers.
#[derive(Clone, Copy)]
pub struct IncidentActions {
    incident: Store<IncidentMode>,
    settings: Store<Settings>,
    log: Store<IncidentLog>,
    toasts: Toasts,
    poller: Poller,
}

impl IncidentActions {
    pub fn new() -> Self {
        Self {
            incident: expect_incident_mode(),
            settings: expect_settings(),
            log: expect_incident_log(),
            toasts: expect_toasts(),
            poller: expect_poller(),
        }
    }

    pub fn active_untracked(&self) -> bool {
        self.incident.signal().with_untracked(|m| m.active)
    }

    /// Turns Incident Mode on now: opens this session's Incident Log entry with the same start
    /// time, records it in the trail and freezes polling (through the shell's effect).
    pub fn turn_on(&self) {
        let Self {
            incident,
            settings,
            log,
            toasts,
            ..
        } = *self;
        let now = crate::clock::now().trunc_subsecs(0);
        let by = settings.get_untracked().operator_or_unknown();
        let id = log
            .signal()
            .with_untracked(|l| unique_incident_id(&incident_id_for(now), |x| l.get(x).is_some()));
        match session_incident(&id, now, &by) {
            Ok(entry) => {
                if let Err(e) = log.update(|l| l.upsert(entry)) {
                    toasts.error(e.to_string());
                }
            }
            Err(errs) => toasts.error(format!(
                "The Incident Log entry could not be opened: {}",
                errs.iter()
                    .map(|e| e.message.clone())
                    .collect::<Vec<_>>()
                    .join(" ")
            )),
        }
        match incident.update(|m| m.turn_on(now, &by, Some(id.clone()))) {
            Ok(()) => {
                record(
                    kinds::INCIDENT_MODE_ON,
                    format!(
                        "Incident Mode on at {}; Incident Log entry {id} opened",
                        fmt_utc(now)
                    ),
                );
                toasts.info(format!(
                    "Incident Mode on since {} (this device): {id}. Polling is frozen.",
                    fmt_utc_time(now)
                ))
            }
            Err(e) => toasts.error(e.to_string()),
        }
    }

    /// Ends Incident Mode now, records it and resumes polling with an immediate refresh.
    pub fn turn_off(&self) {
        let Self {
            incident,
            settings,
            toasts,
            poller,
            ..
        } = *self;
        let now = crate::clock::now();
        let by = settings.get_untracked().operator_or_unknown();
        let id = incident.get_untracked().incident_id.unwrap_or_default();
        match incident.update(|m| m.turn_off(now, &by)) {
            Ok(()) => {
                record(
                    kinds::INCIDENT_MODE_OFF,
                    format!("Incident Mode off at {} ({id})", fmt_utc(now)),
                );
                toasts.info(format!(
                    "Incident Mode off at {} (this device). Polling resumed.",
                    fmt_utc_time(now)
                ))
            }
            Err(e) => toasts.error(e.to_string()),
        }
        poller.poll_now();
    }
}

impl Default for IncidentActions {
    fn default() -> Self {
        Self::new()
    }
}
