//! The app shell: contexts, router, header and navigation.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, Lazy};

use crate::api::poller::Poller;
use crate::clock::Clock;
use crate::components::fragment::FragmentScroller;
use crate::components::header::Header;
use crate::components::nav::Nav;
use crate::components::route_focus::RouteFocus;
use crate::components::shortcuts::ShortcutKeys;
use crate::components::toast::{ToastHost, Toasts};
use crate::context::{IncidentModeStore, SettingsStore, StorageHealthCtx, ThresholdsStore};
use crate::domain::incident_mode::IncidentMode;
use crate::domain::settings::Settings;
use crate::domain::thresholds::Thresholds;
use crate::pages;
use crate::pages::routes;
use crate::storage;
use crate::storage::store::Store;

/// The path the app is served under (`/` or e.g. `/ops`), read from `<base href>`, so the same
/// build works from a sub-path (`trunk build --public-url /ops/`).
pub(crate) fn router_base() -> String {
    let base = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .and_then(|uri| web_sys::Url::new(&uri).ok())
        .map(|u| u.pathname())
        .unwrap_or_default();
    base.trim_end_matches('/').to_string()
}

/// The page's path below the app's base (`/checklist` for `/ops/checklist`), or `None` when
/// the page is outside it.
pub fn path_below_base() -> Option<String> {
    let path = web_sys::window()?.location().pathname().ok()?;
    let base = router_base();
    let below = path.strip_prefix(base.as_str())?;
    if below.is_empty() || below.starts_with('/') {
        Some(format!("/{}", below.trim_start_matches('/')))
    } else {
        None
    }
}

/// Under a sub-path, in-app links written as `/page` are given the base before the router
/// sees the click (capture phase), so `/checklist` goes to `/ops/checklist`.
fn prefix_links_with_base(base: &str) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    if base.is_empty() {
        return;
    }
    let base = base.to_string();
    let handler = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
        let Some(el) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let Ok(Some(anchor)) = el.closest("a[href]") else {
            return;
        };
        let Some(href) = anchor.get_attribute("href") else {
            return;
        };
        let root_relative = href.starts_with('/') && !href.starts_with("//");
        let has_base = href == base
            || href.starts_with(&format!("{base}/"))
            || href.starts_with(&format!("{base}#"));
        if root_relative && !has_base {
            let _ = anchor.set_attribute("href", &format!("{base}{href}"));
        }
    });
    if let Some(w) = web_sys::window() {
        let _ = w.add_event_listener_with_callback_and_bool(
            "click",
            handler.as_ref().unchecked_ref(),
            true,
        );
    }
    // The listener lives as long as the page.
    handler.forget();
}

/// The whole app: [`provide_shell`] and [`Console`], for a caller that mounts both at once.
#[component]
pub fn App() -> impl IntoView {
    provide_shell();
    view! { <Console/> }
}

/// Provides what every page shares, before any view exists: the stores, the clock, the toasts
/// and the one poller, which sends its first requests at once (unless Incident Mode holds the
/// dashboard). `mount()` calls it before the takeover of the pre-rendered page, so the first
/// answers travel while the page's module loads.
pub fn provide_shell() {
    let health = storage::init();
    provide_context(StorageHealthCtx(health));
    let settings = Store::<Settings>::load(Settings::default);
    provide_context(SettingsStore(settings));
    provide_context(ThresholdsStore(Store::<Thresholds>::load(
        Thresholds::default,
    )));
    let incident = Store::<IncidentMode>::load(IncidentMode::default);
    provide_context(IncidentModeStore(incident));
    let governance = Store::<crate::domain::approvals::GovernanceLog>::load(Default::default);
    provide_context(crate::context::GovernanceStore(governance));
    let trail =
        crate::context::TrailStore(Store::<crate::domain::trail::Trail>::load(Default::default));
    provide_context(trail);
    provide_context(crate::context::IncidentLogStore(Store::<
        crate::domain::incident_log::IncidentLog,
    >::load(
        Default::default
    )));
    provide_context(crate::context::DeployLogStore(Store::<
        crate::domain::deploy_log::DeployLog,
    >::load(Default::default)));
    provide_context(crate::context::SnapshotStore(Store::<
        crate::domain::snapshots::SnapshotLog,
    >::load(Default::default)));
    crate::components::trail::register(trail, Some(SettingsStore(settings)));
    provide_context(crate::context::ChecklistStore(Store::<
        crate::domain::checklist::Checklists,
    >::load(Default::default)));
    provide_context(Clock::start());
    provide_context(Toasts::new());

    let frozen = incident.get_untracked().active;
    let poller = Poller::start(Signal::derive(move || settings.get()), frozen);
    provide_context(poller);
    // Incident Mode freezes the dashboard: no scheduled polls while it is on.
    Effect::new(move |_| {
        let active = incident.with(|m| m.active);
        poller.frozen.set(active);
    });
    // The theme switch sets `data-theme` on the document; without it the CSS follows the system.
    Effect::new(move |_| {
        let theme = settings.with(|s| s.theme);
        let root = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element());
        if let Some(root) = root {
            let _ = match theme.attribute() {
                Some(v) => root.set_attribute("data-theme", v),
                None => root.remove_attribute("data-theme"),
            };
        }
    });

    prefix_links_with_base(&router_base());
}

/// The console's view: router, header, navigation and pages, below [`provide_shell`]'s
/// contexts.
#[component]
pub fn Console() -> impl IntoView {
    // The ready mark is the view's: the first answers may be in before it is mounted.
    crate::perf::install(crate::api::poller::expect_poller());
    let base = router_base();
    let base_for_keys = base.clone();
    view! {
        <Router base=base>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <Header/>
            <div class="layout">
                <Nav/>
                <main id="main" tabindex="-1">
                    <crate::components::handoff::HandoffPanel/>
                    <Routes fallback=|| view! { <pages::not_found::NotFound/> }>
                        <Route path=path!("/") view={Lazy::<routes::MissionControlRoute>::new()}/>
                        <Route path=path!("/checklist") view={Lazy::<routes::ChecklistRoute>::new()}/>
                        <Route path=path!("/system-health") view={Lazy::<routes::SystemHealthRoute>::new()}/>
                        <Route path=path!("/runbook") view={Lazy::<routes::RunbookRoute>::new()}/>
                        <Route path=path!("/runbooks") view={Lazy::<routes::RunbooksIndexRoute>::new()}/>
                        <Route path=path!("/deploy-log") view={Lazy::<routes::DeployLogRoute>::new()}/>
                        <Route path=path!("/governance-log") view={Lazy::<routes::GovernanceLogRoute>::new()}/>
                        <Route path=path!("/incident-log") view={Lazy::<routes::IncidentLogRoute>::new()}/>
                        <Route path=path!("/postmortem") view={Lazy::<routes::PostmortemRoute>::new()}/>
                        <Route path=path!("/peck-audit") view={Lazy::<routes::PeckAuditRoute>::new()}/>
                        <Route path=path!("/alert-thresholds") view={Lazy::<routes::AlertThresholdsRoute>::new()}/>
                        <Route path=path!("/admin") view={Lazy::<routes::AdminRoute>::new()}/>
                    </Routes>
                </main>
            </div>
            <FragmentScroller/>
            <RouteFocus/>
            <ShortcutKeys base=base_for_keys/>
            <ToastHost/>
        </Router>
    }
}
