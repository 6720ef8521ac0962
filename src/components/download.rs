//! Downloads generated text as a file: a Blob, an object URL and a temporary `<a download>`.
//! Reusable by any page (exports, archives, bundles).

use wasm_bindgen::JsCast;

/// MIME types of the console's exports.
pub const JSON: &str = "application/json;charset=utf-8";
pub const CSV: &str = "text/csv;charset=utf-8";
pub const MARKDOWN: &str = "text/markdown;charset=utf-8";
pub const TEXT: &str = "text/plain;charset=utf-8";

/// Offers `text` as a download named `filename`. Returns a sentence on failure (never panics).
pub fn download_text(filename: &str, mime: &str, text: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts)
        .map_err(|_| "the browser refused to build the file".to_string())?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|_| "the browser refused an object URL".to_string())?;
    let result = (|| {
        let a = document
            .create_element("a")
            .map_err(|_| "cannot create a link")?
            .dyn_into::<web_sys::HtmlAnchorElement>()
            .map_err(|_| "cannot create a link")?;
        a.set_href(&url);
        a.set_download(filename);
        a.set_attribute("hidden", "").ok();
        let body = document.body().ok_or("no body")?;
        body.append_child(&a)
            .map_err(|_| "cannot attach the link")?;
        a.click();
        a.remove();
        Ok::<(), &'static str>(())
    })();
    // Revoke later: some browsers read the URL after the click returns.
    let to_revoke = url.clone();
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&to_revoke);
        },
        std::time::Duration::from_secs(30),
    );
    result.map_err(str::to_string)
}

/// Downloads and reports the outcome as a toast (when toasts are provided).
pub fn download_with_toast(filename: &str, mime: &str, text: &str) -> bool {
    let toasts = leptos::prelude::use_context::<crate::components::toast::Toasts>();
    match download_text(filename, mime, text) {
        Ok(()) => {
            if let Some(t) = toasts {
                t.info(format!("Downloaded {filename}"));
            }
            true
        }
        Err(e) => {
            if let Some(t) = toasts {
                t.error(format!("Could not download {filename}: {e}"));
            }
            false
        }
    }
}
