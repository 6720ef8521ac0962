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
pub mod prerender;
pub mod service_worker;
pub mod storage;

pub use app::App;

use leptos::prelude::Owner;

/// Mounts the app on the page body and registers the offline service worker (the only thing
/// `main` does). The module of the page it opens on starts loading first, then the shared
/// state and the poller start ([`app::provide_shell`]). A page whose HTML holds its
/// pre-rendered copy ([`prerender`]) keeps showing it until that module is there, then the
/// copy is swapped for the app's view in one step.
pub fn mount() {
    console_error_panic_hook::set_once();
    // The shell's effects and the poller's requests are spawned before anything is mounted.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let owner = Owner::new();
    let path = app::path_below_base();
    let copy = prerender::present();
    if copy {
        let takeover = owner.clone();
        wasm_bindgen_futures::spawn_local(async move {
            if let Some(path) = path {
                let load = std::pin::pin!(pages::routes::load(&path));
                let give_up = gloo_timers::future::TimeoutFuture::new(MODULE_WAIT_MS);
                futures::future::select(load, give_up).await;
            }
            // Not before the copy has been on screen (at most half a second).
            for _ in 0..COPY_PAINT_FRAMES {
                if prerender::painted() {
                    break;
                }
                gloo_timers::future::TimeoutFuture::new(16).await;
            }
            prerender::remove();
            start(takeover);
        });
    } else if let Some(path) = path {
        pages::routes::preload(&path);
    }
    // After the module's request (with a copy, the future above starts it when first polled,
    // first in line).
    owner.with(app::provide_shell);
    if !copy {
        start(owner);
    }
}

/// How long the pre-rendered copy waits for its page's module. A module that neither arrives
/// nor fails by then (a stalled connection) does not hold up the console: the app starts, its
/// other pages work, and this one shows when its module arrives or says it could not be loaded.
const MODULE_WAIT_MS: u32 = 5_000;

/// How many frames (16 ms) the takeover waits at most for the copy's first paint.
const COPY_PAINT_FRAMES: u32 = 30;

/// Mounts the console's view below `owner`, which holds the shell, for the life of the page.
fn start(owner: Owner) {
    owner.with(|| leptos::mount::mount_to_body(app::Console));
    std::mem::forget(owner);
    service_worker::register();
}
