//! Form pieces shared by the record pages (Deploy, Governance and Incident Logs, Postmortem):
//! labelled inputs with their refusal shown next to them, ids, and a clipboard helper.
//! All text is set as text or `value`, never as HTML.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::domain::settings::FieldError;

/// Some entropy for record ids (random in the browser, a counter elsewhere).
pub fn entropy() -> u64 {
    #[cfg(target_arch = "wasm32")]
    {
        (js_sys::Math::random() * 65536.0) as u64
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        use std::sync::atomic::{AtomicU64, Ordering};
        static N: AtomicU64 = AtomicU64::new(1);
        N.fetch_add(1, Ordering::Relaxed)
    }
}

/// The message for `field` in a list of refusals, as a signal for [`Field`].
pub fn error_of(errors: RwSignal<Vec<FieldError>>, field: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || {
        errors
            .with(|es| {
                es.iter()
                    .filter(|e| e.field == field)
                    .map(|e| e.message.clone())
                    .collect::<Vec<_>>()
            })
            .into_iter()
            .reduce(|a, b| format!("{a} {b}"))
    })
}

#[derive(Clone, Copy, PartialEq, Eq, Default)]
pub enum Kind {
    #[default]
    Text,
    Area,
}

/// A labelled text input or textarea bound to `value`, its hint and its refusal.
#[component]
pub fn Field(
    /// The element id (also the test hook).
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    #[prop(into, optional)] error: Signal<Option<String>>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] kind: Kind,
    #[prop(optional)] placeholder: Option<&'static str>,
    #[prop(optional)] required: bool,
    /// A `<datalist>` id for suggestions.
    #[prop(optional)]
    list: Option<&'static str>,
    /// Called after each change (drafts saved as typed).
    #[prop(optional)]
    on_change: Option<Callback<String>>,
) -> impl IntoView {
    let err_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = {
        let err_id = err_id.clone();
        let hint_id = hint_id.clone();
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(err_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let invalid = move || error.get().is_some().then_some("true");
    let on_input = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        value.set(v.clone());
        if let Some(cb) = on_change {
            cb.run(v);
        }
    };
    let input = match kind {
        Kind::Text => view! {
            <input
                id=id
                name=id
                type="text"
                autocomplete="off"
                prop:value=move || value.get()
                on:input=on_input
                aria-invalid=invalid
                aria-describedby=described
                aria-required=required.then_some("true")
                placeholder=placeholder
                list=list
            />
        }
        .into_any(),
        Kind::Area => view! {
            <textarea
                id=id
                name=id
                prop:value=move || value.get()
                on:input=on_input
                aria-invalid=invalid
                aria-describedby=described
                aria-required=required.then_some("true")
                placeholder=placeholder
            ></textarea>
        }
        .into_any(),
    };
    view! {
        <div class="field" class:rec-invalid=move || error.get().is_some()>
            <label for=id>{label} {required.then_some(view! { <span class="rec-req" aria-hidden="true">" *"</span> })}</label>
            {input}
            {hint.map(|h| view! { <span class="hint" id=hint_id>{h}</span> })}
            {move || error.get().map(|m| view! { <span class="field-error" id=err_id.clone()>{m}</span> })}
        </div>
    }
}

/// A labelled `<select>` bound to `value` (option values and labels given).
#[component]
pub fn Choice(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    options: Vec<(String, String)>,
    #[prop(into, optional)] error: Signal<Option<String>>,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let err_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = {
        let err_id = err_id.clone();
        let hint_id = hint_id.clone();
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(err_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:rec-invalid=move || error.get().is_some()>
            <label for=id>{label}</label>
            <select
                id=id
                name=id
                on:change=move |ev| value.set(event_target_value(&ev))
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described
                prop:value=move || value.get()
            >
                {options
                    .into_iter()
                    .map(|(v, l)| {
                        let v2 = v.clone();
                        view! { <option value=v selected=move || value.get() == v2>{l}</option> }
                    })
                    .collect_view()}
            </select>
            {hint.map(|h| view! { <span class="hint" id=hint_id>{h}</span> })}
            {move || error.get().map(|m| view! { <span class="field-error" id=err_id.clone()>{m}</span> })}
        </div>
    }
}

/// "Fix the N fields marked below", announced when a submit is refused.
#[component]
pub fn ErrorSummary(errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    view! {
        <p class="rec-error-summary" role="alert">
            {move || {
                let n = errors.with(Vec::len);
                match n {
                    0 => String::new(),
                    1 => "Not saved: fix the field marked below.".to_string(),
                    n => format!("Not saved: fix the {n} fields marked below."),
                }
            }}
        </p>
    }
}

/// Moves focus to the first invalid field of a form (after a refused submit).
pub fn focus_first_invalid() {
    request_animation_frame(|| {
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        if let Ok(Some(el)) = doc.query_selector("main [aria-invalid='true']") {
            if let Some(el) = el.dyn_ref::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    });
}

/// Writes text with `navigator.clipboard.writeText`; Err with the reason when the API is
/// missing or the browser refuses.
pub async fn write_clipboard(text: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let nav = window.navigator();
    let api = js_sys::Reflect::get(&nav, &JsValue::from_str("clipboard"))
        .map_err(|_| "clipboard unavailable".to_string())?;
    if api.is_undefined() || api.is_null() {
        return Err("clipboard unavailable on this page".into());
    }
    let write = js_sys::Reflect::get(&api, &JsValue::from_str("writeText"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .ok_or("clipboard unavailable")?;
    let promise = write
        .call1(&api, &JsValue::from_str(text))
        .map_err(|_| "the browser refused the clipboard".to_string())?
        .dyn_into::<js_sys::Promise>()
        .map_err(|_| "the browser refused the clipboard".to_string())?;
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map(|_| ())
        .map_err(|e| {
            e.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
                .unwrap_or_else(|| "the browser refused the clipboard".into())
        })
}

/// Percent-encodes a query value (ids are plain, but operators' text may not be).
pub fn query_value(v: &str) -> String {
    v.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
