//! Registers the service worker that keeps the app shell of this build for offline use
//! (`service-worker.js`, written into the build by `scripts/postbuild`; see docs/deploy.md).
//!
//! Registered from the wasm (no inline script, so the strict CSP holds), relative to the
//! document's `<base href>` so a sub-path build (`--public-url /ops/`) gets scope `/ops/`.
//! A build made with `OPS_CONSOLE_SERVICE_WORKER=off` carries
//! `<meta name="ops-console-service-worker" content="off">`: then any earlier registration of
//! this scope is removed with its caches instead. Nothing here is ever shown as an error:
//! without a service worker the console works as before, only not offline.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The script, next to `index.html`.
pub const SCRIPT: &str = "service-worker.js";
/// The start of every cache name the service worker uses: `ops-console-shell:<scope path>:<build>`.
pub const CACHE_PREFIX: &str = "ops-console-shell:";

fn note(what: &str, e: &JsValue) {
    let why = e
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown reason".into());
    leptos::logging::warn!("ops-console: {what} ({why}); the console works, only not offline");
}

/// Registers (or, when the build says so, removes) the service worker. Call once at start.
pub fn register() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(doc) = window.document() else {
        return;
    };
    if !window.is_secure_context() {
        leptos::logging::log!(
            "ops-console: no service worker on an insecure page (http:// other than localhost)"
        );
        return;
    }
    let navigator = window.navigator();
    if !js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker")).unwrap_or(false) {
        return;
    }
    let Some(base) = doc.base_uri().ok().flatten() else {
        return;
    };
    let Ok(script) = web_sys::Url::new_with_base(SCRIPT, &base) else {
        return;
    };
    let off = doc
        .query_selector(r#"meta[name="ops-console-service-worker"][content="off"]"#)
        .ok()
        .flatten()
        .is_some();
    let container = navigator.service_worker();
    if off {
        let caches = window.caches().ok();
        wasm_bindgen_futures::spawn_local(remove(container, caches, base));
        return;
    }
    let options = web_sys::RegistrationOptions::new();
    options.set_scope(&base);
    // The script itself is always checked with the server, whatever its cache headers say.
    options.set_update_via_cache(web_sys::ServiceWorkerUpdateViaCache::None);
    let promise = container.register_with_options(&script.href(), &options);
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(e) = JsFuture::from(promise).await {
            note("the service worker could not be registered", &e);
        }
    });
}

/// Unregisters this scope's service worker and deletes its caches.
async fn remove(
    container: web_sys::ServiceWorkerContainer,
    caches: Option<web_sys::CacheStorage>,
    base: String,
) {
    match JsFuture::from(container.get_registrations()).await {
        Ok(list) => {
            for reg in js_sys::Array::from(&list).iter() {
                let Ok(reg) = reg.dyn_into::<web_sys::ServiceWorkerRegistration>() else {
                    continue;
                };
                if reg.scope() == base {
                    if let Ok(p) = reg.unregister() {
                        if let Err(e) = JsFuture::from(p).await {
                            note("the service worker could not be removed", &e);
                        }
                    }
                }
            }
        }
        Err(e) => note("the service workers could not be listed", &e),
    }
    let Some(caches) = caches else {
        return;
    };
    let scope_path = web_sys::Url::new(&base)
        .map(|u| u.pathname())
        .unwrap_or_default();
    let mine = format!("{CACHE_PREFIX}{scope_path}:");
    if let Ok(names) = JsFuture::from(caches.keys()).await {
        for name in js_sys::Array::from(&names).iter() {
            if let Some(name) = name.as_string().filter(|n| n.starts_with(&mine)) {
                let _ = JsFuture::from(caches.delete(&name)).await;
            }
        }
    }
}
