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

/// The pages of the last two modules; the number crosses the split boundary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Page {
    SystemHealth,
    PeckAudit,
    AlertThresholds,
    Runbook,
    RunbooksIndex,
    DeployLog,
    GovernanceLog,
    IncidentLog,
    Postmortem,
    Admin,
}

impl Page {
    const ALL: [Page; 10] = [
        Page::SystemHealth,
        Page::PeckAudit,
        Page::AlertThresholds,
        Page::Runbook,
        Page::RunbooksIndex,
        Page::DeployLog,
        Page::GovernanceLog,
        Page::IncidentLog,
        Page::Postmortem,
        Page::Admin,
    ];

    fn from_u8(n: u8) -> Option<Self> {
        Self::ALL.get(usize::from(n)).copied()
    }
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
fn status_view(page: u8) -> Result<AnyView, ModuleLoadFailed> {
    Ok(match Page::from_u8(page) {
        Some(Page::SystemHealth) => view! { <system_health::SystemHealth/> }.into_any(),
        Some(Page::PeckAudit) => view! { <peck_audit::PeckAudit/> }.into_any(),
        Some(Page::AlertThresholds) => view! { <alert_thresholds::AlertThresholds/> }.into_any(),
        Some(Page::Runbook) => view! { <runbook::Runbook/> }.into_any(),
        Some(Page::RunbooksIndex) => view! { <runbooks::RunbooksIndex/> }.into_any(),
        _ => view! { <super::not_found::NotFound/> }.into_any(),
    })
}

/// The records (the logs and the postmortem) and the Admin Panel.
#[wasm_split(ops_records, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_records))]
fn records_view(page: u8) -> Result<AnyView, ModuleLoadFailed> {
    Ok(match Page::from_u8(page) {
        Some(Page::DeployLog) => view! { <deploy_log::DeployLog/> }.into_any(),
        Some(Page::GovernanceLog) => view! { <governance_log::GovernanceLog/> }.into_any(),
        Some(Page::IncidentLog) => view! { <incident_log::IncidentLog/> }.into_any(),
        Some(Page::Postmortem) => view! { <postmortem::Postmortem/> }.into_any(),
        Some(Page::Admin) => view! { <admin::Admin/> }.into_any(),
        _ => view! { <super::not_found::NotFound/> }.into_any(),
    })
}

/// The split module that holds the page at `path` (the path below the app's base, e.g.
/// `/checklist`); `None` for a path no page has. scripts/postbuild preloads the same module's
/// files in each route's page.
pub fn module_of(path: &str) -> Option<&'static str> {
    let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
    Some(match first {
        "" => "ops_mission",
        "checklist" => "ops_checklist",
        "system-health" | "peck-audit" | "alert-thresholds" | "runbook" | "runbooks" => {
            "ops_status"
        }
        "deploy-log" | "governance-log" | "incident-log" | "postmortem" | "admin" => "ops_records",
        _ => return None,
    })
}

/// Starts loading the module of the page at `path` at once, so that it compiles while the
/// shell starts instead of after the router asks for it. A failure is left to the route,
/// which tries again and says so.
pub fn preload(path: &str) {
    let Some(module) = module_of(path) else {
        return;
    };
    // Before the app mounts Leptos's executor is not set up yet: spawn on the browser's.
    wasm_bindgen_futures::spawn_local(async move {
        let _ = match module {
            "ops_mission" => preload_mission().await,
            "ops_checklist" => preload_checklist().await,
            "ops_status" => preload_status().await,
            _ => preload_records().await,
        };
    });
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
route!(SystemHealthRoute, status_view(Page::SystemHealth as u8));
route!(PeckAuditRoute, status_view(Page::PeckAudit as u8));
route!(
    AlertThresholdsRoute,
    status_view(Page::AlertThresholds as u8)
);
route!(RunbookRoute, status_view(Page::Runbook as u8));
route!(RunbooksIndexRoute, status_view(Page::RunbooksIndex as u8));
route!(DeployLogRoute, records_view(Page::DeployLog as u8));
route!(GovernanceLogRoute, records_view(Page::GovernanceLog as u8));
route!(IncidentLogRoute, records_view(Page::IncidentLog as u8));
route!(PostmortemRoute, records_view(Page::Postmortem as u8));
route!(AdminRoute, records_view(Page::Admin as u8));

#[cfg(test)]
mod tests {
    use super::Page;

    #[test]
    fn every_page_path_has_its_module() {
        use super::module_of;
        for page in crate::pages::PAGES {
            assert!(module_of(page.path).is_some(), "{}", page.path);
        }
        assert_eq!(module_of("/"), Some("ops_mission"));
        assert_eq!(module_of("/checklist"), Some("ops_checklist"));
        assert_eq!(module_of("/runbook"), Some("ops_status"));
        assert_eq!(module_of("/postmortem/"), Some("ops_records"));
        assert_eq!(module_of("/admin"), Some("ops_records"));
        assert_eq!(module_of("/nope"), None);
    }

    #[test]
    fn every_page_crosses_the_split_as_its_own_number() {
        for (n, page) in Page::ALL.iter().enumerate() {
            assert_eq!(*page as u8 as usize, n);
            assert_eq!(Page::from_u8(n as u8), Some(*page));
        }
        assert_eq!(Page::from_u8(Page::ALL.len() as u8), None);
    }
}
