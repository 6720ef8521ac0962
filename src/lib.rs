//! The Ops Console: a client-side rendered Leptos app for the operators of the beak platform.

pub mod api;
pub mod app;
pub mod clock;
pub mod components;
pub mod context;
pub mod domain;
pub mod fuzzing;
pub mod pages;
pub mod perf;
pub mod service_worker;
pub mod storage;

pub use app::App;

/// Mounts the app on the page body and registers the offline service worker (the only thing
/// `main` does).
pub fn mount() {
    console_error_panic_hook::set_once();
    if let Some(path) = app::path_below_base() {
        pages::routes::preload(&path);
    }
    leptos::mount::mount_to_body(App);
    service_worker::register();
}
