//! The pages as lazy routes. Their code is split out of the main wasm at build time
//! (`scripts/split-wasm`) into four modules: Mission Control, the Ops Checklist (the two pages
//! an operator opens first), the status pages (System Health, Peck Audit, Alert Thresholds,
//! the runbooks) and the records with the Admin Panel. The first load of a page fetches the
//! shell and that page's module (each route's HTML preloads it, and `preload` starts it before
//! the app mounts); the others are fetched when first visited. Code some modules share goes
//! into shared chunks, loaded with each of them. A module per page would make each smaller but
//! share through about 200 chunks, a request each; five modules made 26 chunks and 20 files a
//! page, which cost more on a slow network than the bytes saved (docs/performance.md).
//!
//! If a module cannot be fetched (the network dropped between the shell and the page), the page
//! says so and offers a reload instead of aborting the app. Native builds and wasm builds that
//! skip the split (the browser tests) call the views directly.

use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};
use leptos_router::LazyRoute;

use super::{
    admin, alert_thresholds, checklist, deploy_log, governance_log, incident_log, mission_control,
    peck_audit, postmortem, runbook, runbooks, system_health,
};

/// A page's module could not be fetched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ModuleLoadFailed;

impl From<SplitLoaderError> for ModuleLoadFailed {
    fn from(_: SplitLoaderError) -> Self {
        ModuleLoadFailed
    }
}

/// The pages of the status module. A plain `repr(u8)` enum crosses the split boundary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum StatusPage {
    SystemHealth,
    PeckAudit,
    AlertThresholds,
    Runbook,
    RunbooksIndex,
}

/// The pages of the records module.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum RecordsPage {
    DeployLog,
    GovernanceLog,
    IncidentLog,
    Postmortem,
    Admin,
}

#[wasm_split(ops_mission, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_mission))]
fn mission_view() -> Result<AnyView, ModuleLoadFailed> {
    Ok(view! { <mission_control::MissionControl/> }.into_any())
}

#[wasm_split(ops_checklist, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_checklist))]
fn checklist_view() -> Result<AnyView, ModuleLoadFailed> {
    Ok(view! { <checklist::ChecklistPage/> }.into_any())
}

/// System Health, Peck Audit, Alert Thresholds and the two runbook pages.
#[wasm_split(ops_status, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_status))]
fn status_view(page: StatusPage) -> Result<AnyView, ModuleLoadFailed> {
    Ok(match page {
        StatusPage::SystemHealth => view! { <system_health::SystemHealth/> }.into_any(),
        StatusPage::PeckAudit => view! { <peck_audit::PeckAudit/> }.into_any(),
        StatusPage::AlertThresholds => view! { <alert_thresholds::AlertThresholds/> }.into_any(),
        StatusPage::Runbook => view! { <runbook::Runbook/> }.into_any(),
        StatusPage::RunbooksIndex => view! { <runbooks::RunbooksIndex/> }.into_any(),
    })
}

/// The records (the logs and the postmortem) and the Admin Panel.
#[wasm_split(ops_records, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_records))]
fn records_view(page: RecordsPage) -> Result<AnyView, ModuleLoadFailed> {
    Ok(match page {
        RecordsPage::DeployLog => view! { <deploy_log::DeployLog/> }.into_any(),
        RecordsPage::GovernanceLog => view! { <governance_log::GovernanceLog/> }.into_any(),
        RecordsPage::IncidentLog => view! { <incident_log::IncidentLog/> }.into_any(),
        RecordsPage::Postmortem => view! { <postmortem::Postmortem/> }.into_any(),
        RecordsPage::Admin => view! { <admin::Admin/> }.into_any(),
    })
}

/// The four split modules (their names in the build: `ops_mission`, `ops_checklist`,
/// `ops_status`, `ops_records`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Module {
    Mission,
    Checklist,
    Status,
    Records,
}

/// The split module that holds the page at `path` (the path below the app's base, e.g.
/// `/checklist`); `None` for a path no page has. scripts/postbuild preloads the same module's
/// files in each route's page.
pub fn module_of(path: &str) -> Option<Module> {
    let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
    Some(match first {
        "" => Module::Mission,
        "checklist" => Module::Checklist,
        "system-health" | "peck-audit" | "alert-thresholds" | "runbook" | "runbooks" => {
            Module::Status
        }
        "deploy-log" | "governance-log" | "incident-log" | "postmortem" | "admin" => {
            Module::Records
        }
        _ => return None,
    })
}

/// Loads the module of the page at `path` (nothing for a path no page has). A failure is left
/// to the route, which tries again and says so.
pub async fn load(path: &str) {
    let Some(module) = module_of(path) else {
        return;
    };
    let _ = match module {
        Module::Mission => preload_mission().await,
        Module::Checklist => preload_checklist().await,
        Module::Status => preload_status().await,
        Module::Records => preload_records().await,
    };
}

/// Starts loading the module of the page at `path` at once, so that it compiles while the
/// shell starts instead of after the router asks for it.
pub fn preload(path: &str) {
    let path = path.to_string();
    // Before the app mounts Leptos's executor is not set up yet: spawn on the browser's.
    wasm_bindgen_futures::spawn_local(async move { load(&path).await });
}

/// What a page shows when its module could not be fetched.
fn load_failed() -> AnyView {
    let reload = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    };
    view! {
        <section class="page">
            <h1>"This page could not be loaded"</h1>
            <p role="alert">
                "The console could not fetch this page's code: the network or the server did not "
                "answer. Nothing you ticked or wrote is lost; it is kept in this browser."
            </p>
            <p><button type="button" on:click=reload>"Reload the page"</button></p>
        </section>
    }
    .into_any()
}

fn shown(result: Result<AnyView, ModuleLoadFailed>) -> AnyView {
    result.unwrap_or_else(|ModuleLoadFailed| load_failed())
}

macro_rules! route {
    ($route:ident, $load:expr) => {
        #[derive(Clone, Copy, Debug)]
        pub struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_this: Self) -> AnyView {
                shown($load.await)
            }
        }
    };
}

route!(MissionControlRoute, mission_view());
route!(ChecklistRoute, checklist_view());
route!(SystemHealthRoute, status_view(StatusPage::SystemHealth));
route!(PeckAuditRoute, status_view(StatusPage::PeckAudit));
route!(
    AlertThresholdsRoute,
    status_view(StatusPage::AlertThresholds)
);
route!(RunbookRoute, status_view(StatusPage::Runbook));
route!(RunbooksIndexRoute, status_view(StatusPage::RunbooksIndex));
route!(DeployLogRoute, records_view(RecordsPage::DeployLog));
route!(GovernanceLogRoute, records_view(RecordsPage::GovernanceLog));
route!(IncidentLogRoute, records_view(RecordsPage::IncidentLog));
route!(PostmortemRoute, records_view(RecordsPage::Postmortem));
route!(AdminRoute, records_view(RecordsPage::Admin));

#[cfg(test)]
mod tests {
    use super::{module_of, Module};

    #[test]
    fn every_page_path_has_its_module() {
        for page in crate::pages::PAGES {
            assert!(module_of(page.path).is_some(), "{}", page.path);
        }
        assert_eq!(module_of("/"), Some(Module::Mission));
        assert_eq!(module_of("/checklist"), Some(Module::Checklist));
        assert_eq!(module_of("/runbook"), Some(Module::Status));
        assert_eq!(module_of("/postmortem/"), Some(Module::Records));
        assert_eq!(module_of("/admin"), Some(Module::Records));
        assert_eq!(module_of("/nope"), None);
    }
}
