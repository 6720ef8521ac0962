//! Admin Panel (`/admin`): settings, stored data (usage, schema versions, quarantine, activity
//! trail check), backup export/import with a preview, reset all, gated operations, build info.
//! The backup format and its rules are in `domain/backup.rs`; gated commands in
//! `domain/gated.rs`. The console never calls a write API: gated operations build commands to
//! copy.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use wasm_bindgen::{JsCast, JsValue};

use crate::api::poller::expect_poller;
use crate::clock::{self, expect_clock};
use crate::components::download::{download_text, JSON, TEXT};
use crate::components::level::LevelBadge;
use crate::components::toast::expect_toasts;
use crate::components::trail::record;
use crate::context::{
    expect_governance, expect_settings, expect_storage_health, expect_thresholds, expect_trail,
};
use crate::domain::approvals::{gate_candidates, gate_message};
use crate::domain::backup::{self, ChangeKind, ImportPlan, KeyValue};
use crate::domain::gated::{self, GatedOp, GatedTemplates};
use crate::domain::settings::{FieldError, Settings, Theme, TimeDisplay};
use crate::domain::thresholds::Level;
use crate::domain::time::fmt_utc;
use crate::domain::trail::{kinds, Trail};
use crate::storage::codec::{self, key_of, PREFIX, QUARANTINE_PREFIX};
use crate::storage::{self, store::Store};

/// The app version, from Cargo.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
/// The commit the build was made from, when the build script sets `OPS_CONSOLE_COMMIT`.
pub const COMMIT: Option<&str> = option_env!("OPS_CONSOLE_COMMIT");

/// What a user types to confirm "reset all".
pub const RESET_WORD: &str = "RESET";

/// The browser's storage, as the import sees it.
struct BrowserKv;

impl KeyValue for BrowserKv {
    fn get(&self, key: &str) -> Result<Option<String>, String> {
        storage::get_raw(key).map_err(|e| e.to_string())
    }
    fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        storage::set_raw(key, value).map_err(|e| e.to_string())
    }
    fn remove(&mut self, key: &str) -> Result<(), String> {
        storage::remove_raw(key).map_err(|e| e.to_string())
    }
}

/// Every console value (under `ops-console/v1/`) as stored now.
fn current_state() -> BTreeMap<String, String> {
    crate::domain::sort::map_of(
        storage::usage()
            .into_iter()
            .filter(|(k, _)| k.starts_with(PREFIX))
            .filter_map(|(k, _)| storage::get_raw(&k).ok().flatten().map(|v| (k, v))),
    )
}

/// Downloads a backup of every console value as this tab holds it (values kept in memory
/// included): the way out when browser storage is unavailable or full. Returns the file name
/// and the number of values.
pub fn download_backup_now() -> Result<(String, usize), String> {
    let now = clock::now();
    let name = backup::file_name(now);
    let (b, _skipped) = backup::export(&current_state(), now, VERSION);
    download_text(&name, JSON, &backup::to_text(&b))?;
    Ok((name, b.entries.len()))
}

fn reload_soon() {
    set_timeout(
        || {
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        },
        std::time::Duration::from_millis(900),
    );
}

fn fmt_bytes(n: usize) -> String {
    if n < 1024 {
        format!("{n} B")
    } else if n < 1024 * 1024 {
        format!("{:.1} KB", n as f64 / 1024.0)
    } else {
        format!("{:.2} MB", n as f64 / (1024.0 * 1024.0))
    }
}

/// The schema this console reads for a stored name it knows.
fn known_schema(name: &str) -> Option<u32> {
    crate::storage::keys::schema_of(name)
}

/// Writes text to the clipboard; Err with the reason.
async fn write_clipboard(text: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let nav = window.navigator();
    let api = js_sys::Reflect::get(&nav, &JsValue::from_str("clipboard"))
        .map_err(|_| "clipboard unavailable".to_string())?;
    if api.is_undefined() || api.is_null() {
        return Err("clipboard unavailable on this page".into());
    }
    wasm_bindgen_futures::JsFuture::from(nav.clipboard().write_text(text))
        .await
        .map(|_| ())
        .map_err(|e| e.as_string().unwrap_or_else(|| "refused".into()))
}

/// The first file chosen in a file input: its name, size and a promise of its text.
fn chosen_file(input: &web_sys::HtmlInputElement) -> Option<(String, f64, js_sys::Promise)> {
    let files = js_sys::Reflect::get(input, &JsValue::from_str("files")).ok()?;
    let file = js_sys::Reflect::get(&files, &JsValue::from_f64(0.0)).ok()?;
    if file.is_undefined() || file.is_null() {
        return None;
    }
    let name = js_sys::Reflect::get(&file, &JsValue::from_str("name"))
        .ok()?
        .as_string()
        .unwrap_or_default();
    let size = js_sys::Reflect::get(&file, &JsValue::from_str("size"))
        .ok()?
        .as_f64()
        .unwrap_or(0.0);
    let text_fn: js_sys::Function = js_sys::Reflect::get(&file, &JsValue::from_str("text"))
        .ok()?
        .dyn_into()
        .ok()?;
    let promise: js_sys::Promise = text_fn.call0(&file).ok()?.dyn_into().ok()?;
    Some((name, size, promise))
}

#[component]
pub fn Admin() -> impl IntoView {
    // Bumped after anything that changes storage, so the usage tables re-read it.
    let storage_rev = RwSignal::new(0u64);
    view! {
        <section class="page admin">
            <h1>"Admin Panel"</h1>
            <p class="subtitle">
                "Settings, stored data, backup and import, gated operations and build info. "
                "The console never calls a write API: gated operations build commands for you to run."
            </p>
            <nav class="admin-toc" aria-label="Admin sections">
                <a href="#settings">"Settings"</a>
                <a href="#data">"Data"</a>
                <a href="#backup">"Backup"</a>
                <a href="#reset">"Reset"</a>
                <a href="#gated-operations">"Gated operations"</a>
                <a href="#build">"Build info"</a>
            </nav>
            <SettingsSection storage_rev=storage_rev/>
            <DataSection storage_rev=storage_rev/>
            <BackupSection storage_rev=storage_rev/>
            <ResetSection/>
            <GatedSection/>
            <BuildSection/>
        </section>
    }
}

// ---------- settings ----------

#[derive(Clone, Debug, PartialEq)]
struct SettingsText {
    api_base_url: String,
    poll_interval_secs: String,
    request_timeout_ms: String,
    operator: String,
    approver: String,
    function_name: String,
    alias_name: String,
    time_display: TimeDisplay,
    /// Not on this form (the header's switch sets it): carried so a save keeps it.
    theme: Theme,
}

impl SettingsText {
    fn of(s: &Settings) -> Self {
        Self {
            api_base_url: s.api_base_url.clone(),
            poll_interval_secs: s.poll_interval_secs.to_string(),
            request_timeout_ms: s.request_timeout_ms.to_string(),
            operator: s.operator.clone(),
            approver: s.approver.clone(),
            function_name: s.function_name.clone(),
            alias_name: s.alias_name.clone(),
            time_display: s.time_display,
            theme: s.theme,
        }
    }
}

/// The settings the form describes, or the error of each field.
fn settings_from(t: &SettingsText) -> (Settings, Vec<FieldError>) {
    let mut errs = Vec::new();
    let mut num = |field: &'static str, text: &str, fallback: u32| -> u32 {
        match text.trim().parse::<u32>() {
            Ok(v) => v,
            Err(_) => {
                errs.push(FieldError {
                    field,
                    message: "Enter a whole number.".into(),
                });
                fallback
            }
        }
    };
    let d = Settings::default();
    let s = Settings {
        api_base_url: t.api_base_url.trim().to_string(),
        poll_interval_secs: num(
            "poll_interval_secs",
            &t.poll_interval_secs,
            d.poll_interval_secs,
        ),
        request_timeout_ms: num(
            "request_timeout_ms",
            &t.request_timeout_ms,
            d.request_timeout_ms,
        ),
        operator: t.operator.trim().to_string(),
        approver: t.approver.trim().to_string(),
        function_name: t.function_name.trim().to_string(),
        alias_name: t.alias_name.trim().to_string(),
        time_display: t.time_display,
        theme: t.theme,
    };
    for e in s.validate() {
        if !errs.iter().any(|x| x.field == e.field) {
            errs.push(e);
        }
    }
    (s, errs)
}

#[component]
fn SettingsSection(storage_rev: RwSignal<u64>) -> impl IntoView {
    let store = expect_settings();
    let toasts = expect_toasts();
    let text = RwSignal::new(SettingsText::of(&store.get_untracked()));
    // The settings the form's text was last taken from: a save applies only the fields changed
    // since then onto what is stored now, so another tab's change to another field survives.
    let base = RwSignal::new(store.get_untracked());
    // This tab's last save: (what was stored before it, what it wrote, when).
    let last_save = StoredValue::new(None::<(Settings, Settings, chrono::DateTime<chrono::Utc>)>);
    let parsed = Memo::new(move |_| text.with(settings_from));
    let dirty = Memo::new(move |_| store.with(SettingsText::of) != text.get());
    let save_error = RwSignal::new(None::<String>);
    Effect::new(move |prev: Option<Settings>| {
        let now = store.get();
        // Another tab saved (or an import): follow it unless this form holds edits. The test
        // is against the value the text was taken from (`base`), since `dirty` compares with
        // the new value and would always be true here.
        // This tab saved a moment ago and the other tab wrote without seeing it: put this
        // tab's fields back (the store writes, the other tab follows).
        if let Some((before, saved, at)) = last_save.get_value() {
            if prev.as_ref().is_some_and(|p| *p != now) && (clock::now() - at).num_seconds() < 10 {
                let fixed = crate::domain::merge::reapply_fields(&before, &saved, &now);
                if fixed != now {
                    let _ = store.replace(fixed.clone());
                    text.set(SettingsText::of(&fixed));
                    base.set(fixed.clone());
                    return fixed;
                }
            }
        }
        let unedited = text.with_untracked(|t| *t == SettingsText::of(&base.get_untracked()));
        if prev.is_some_and(|p| p != now) && (unedited || !dirty.get_untracked()) {
            text.set(SettingsText::of(&now));
            base.set(now.clone());
        }
        now
    });
    let error_of = move |field: &'static str| {
        parsed.with(|(_, e)| {
            e.iter()
                .find(|x| x.field == field)
                .map(|x| x.message.clone())
        })
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (next, errs) = parsed.get_untracked();
        if !errs.is_empty() {
            save_error.set(Some(format!(
                "Not saved: {} field(s) need attention.",
                errs.len()
            )));
            return;
        }
        let before = store.get_untracked();
        // What is stored now (another tab may have saved a moment ago, before its storage
        // event reached this tab), with only this form's changes applied.
        let theirs = match storage::read::<Settings>() {
            Ok(Some(s)) => s,
            _ => before.clone(),
        };
        let next = crate::domain::merge::merge_fields(&base.get_untracked(), &next, &theirs);
        match store.replace(next.clone()) {
            Ok(()) => {
                last_save.set_value(Some((theirs.clone(), next.clone(), clock::now())));
                save_error.set(None);
                base.set(next.clone());
                text.set(SettingsText::of(&next));
                toasts.info("Settings saved.");
            }
            Err(e) => save_error.set(Some(e.to_string())),
        }
        storage_rev.update(|r| *r += 1);
        let a = serde_json::to_value(&before).unwrap_or_default();
        let b = serde_json::to_value(&next).unwrap_or_default();
        let changed: Vec<String> = match (a, b) {
            (serde_json::Value::Object(a), serde_json::Value::Object(b)) => b
                .iter()
                .filter(|(k, v)| a.get(*k) != Some(v))
                .map(|(k, _)| k.clone())
                .collect(),
            _ => Vec::new(),
        };
        if !changed.is_empty() {
            record(
                kinds::SETTINGS,
                format!("settings changed: {}", changed.join(", ")),
            );
        }
    };
    let reset_defaults = move |_| text.set(SettingsText::of(&Settings::default()));
    let discard = move |_| {
        base.set(store.get_untracked());
        text.set(store.with(SettingsText::of));
        save_error.set(None);
    };

    let field = move |id: &'static str,
                      field: &'static str,
                      label: &'static str,
                      hint: &'static str,
                      get: fn(&SettingsText) -> String,
                      set: fn(&mut SettingsText, String)| {
        view! {
            <SettingsField
                id=id
                label=label
                hint=hint
                value=Signal::derive(move || text.with(get))
                on_input=Callback::new(move |v: String| text.update(|t| set(t, v)))
                error=Signal::derive(move || error_of(field))
            />
        }
    };

    view! {
        <section class="card admin-section" id="settings" aria-labelledby="settings-title">
            <h2 id="settings-title">"Settings"</h2>
            <form on:submit=save novalidate=true class="settings-form">
                {field("api-base-url", "api_base_url", "API base URL",
                    "Where the /beak routes are. Empty: this console's own origin (the default).",
                    |t| t.api_base_url.clone(), |t, v| t.api_base_url = v)}
                {field("poll-interval", "poll_interval_secs", "Poll interval (seconds)",
                    "How often the three routes are fetched (2–3600).",
                    |t| t.poll_interval_secs.clone(), |t, v| t.poll_interval_secs = v)}
                {field("request-timeout", "request_timeout_ms", "Request timeout (ms)",
                    "A route that does not answer within this is a timeout (500–60000).",
                    |t| t.request_timeout_ms.clone(), |t, v| t.request_timeout_ms = v)}
                {field("operator", "operator", "Operator name",
                    "Your name, recorded with checklist ticks, approvals and log entries.",
                    |t| t.operator.clone(), |t, v| t.operator = v)}
                {field("approver", "approver", "Approver name",
                    "Whose approval gated steps need (default T-JOSH).",
                    |t| t.approver.clone(), |t, v| t.approver = v)}
                {field("function-name", "function_name", "Lambda function name",
                    "Used in the rollback command.",
                    |t| t.function_name.clone(), |t, v| t.function_name = v)}
                {field("alias-name", "alias_name", "Lambda alias",
                    "The prod alias the rollback command moves.",
                    |t| t.alias_name.clone(), |t, v| t.alias_name = v)}
                <div class="field">
                    <label for="set-time-display">"Time display"</label>
                    <select
                        id="set-time-display"
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            text.update(|t| {
                                t.time_display = if v == "both" {
                                    TimeDisplay::Both
                                } else {
                                    TimeDisplay::UtcWithLocalHover
                                }
                            });
                        }
                        prop:value=move || match text.with(|t| t.time_display) {
                            TimeDisplay::Both => "both",
                            TimeDisplay::UtcWithLocalHover => "utc-with-local-hover",
                        }
                    >
                        <option value="utc-with-local-hover">"UTC, local time on hover"</option>
                        <option value="both">"UTC and local time"</option>
                    </select>
                </div>
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary"
                        disabled=move || !dirty.get() || parsed.with(|(_, e)| !e.is_empty())>
                        "Save settings"
                    </button>
                    <button type="button" class="btn" on:click=discard disabled=move || !dirty.get()>"Discard changes"</button>
                    <button type="button" class="btn" on:click=reset_defaults>"Defaults"</button>
                    <span class="form-state" role="status" data-testid="settings-state">
                        {move || {
                            let n = parsed.with(|(_, e)| e.len());
                            if n > 0 { format!("{n} field(s) need attention") }
                            else if dirty.get() { "Unsaved changes".into() }
                            else { "Saved".into() }
                        }}
                    </span>
                </div>
                {move || save_error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            </form>
        </section>
    }
}

/// One text field of the settings form, with its hint and its error next to it.
#[component]
fn SettingsField(
    id: &'static str,
    label: &'static str,
    hint: &'static str,
    value: Signal<String>,
    on_input: Callback<String>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let input_id = format!("set-{id}");
    let err_id = format!("set-{id}-error");
    let hint_id = format!("set-{id}-hint");
    let described = {
        let (e, h) = (err_id.clone(), hint_id.clone());
        move || {
            if error.with(Option::is_some) {
                format!("{h} {e}")
            } else {
                h.clone()
            }
        }
    };
    view! {
        <div class="field" class:has-error=move || error.with(Option::is_some)>
            <label for=input_id.clone()>{label}</label>
            <input
                id=input_id
                type="text"
                autocomplete="off"
                prop:value=value
                on:input=move |ev| on_input.run(event_target_value(&ev))
                aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                aria-describedby=described
            />
            <p id=hint_id class="hint">{hint}</p>
            <p id=err_id class="field-error" role="alert" hidden=move || error.with(Option::is_none)>
                {move || error.get()}
            </p>
        </div>
    }
}

// ---------- data ----------

#[component]
fn DataSection(storage_rev: RwSignal<u64>) -> impl IntoView {
    let health = expect_storage_health();
    let trail = expect_trail();
    let toasts = expect_toasts();
    let usage = Memo::new(move |_| {
        storage_rev.track();
        health.track();
        storage::usage()
    });
    let console_keys = Memo::new(move |_| {
        usage.with(|u| {
            u.iter()
                .filter(|(k, _)| k.starts_with(PREFIX))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let quarantined = Memo::new(move |_| {
        usage.with(|u| {
            u.iter()
                .filter(|(k, _)| k.starts_with(QUARANTINE_PREFIX))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let total = Memo::new(move |_| usage.with(|u| u.iter().map(|(_, n)| n).sum::<usize>()));
    let viewing = RwSignal::new(None::<String>);
    let trail_check = Memo::new(move |_| {
        trail.with(|t| (crate::components::trail::verify_trail(t), t.entries.len()))
    });

    let discard = move |key: String| {
        match storage::remove_raw(&key) {
            Ok(()) => {
                health.update(|h| h.quarantined.retain(|(_, q, _)| *q != key));
                toasts.info(format!("Discarded {key}"));
            }
            Err(e) => toasts.error(format!("Could not discard {key}: {e}")),
        }
        if viewing.get_untracked().as_deref() == Some(key.as_str()) {
            viewing.set(None);
        }
        storage_rev.update(|r| *r += 1);
    };
    let download = move |key: String| {
        let raw = storage::get_raw(&key).ok().flatten().unwrap_or_default();
        let name = format!(
            "{}.txt",
            key.trim_start_matches(QUARANTINE_PREFIX)
                .replace(['/', ':', '#'], "_")
        );
        match download_text(&format!("quarantined-{name}"), TEXT, &raw) {
            Ok(()) => toasts.info(format!("Downloaded {key}")),
            Err(e) => toasts.error(format!("Could not download {key}: {e}")),
        }
    };

    view! {
        <section class="card admin-section" id="data" aria-labelledby="data-title">
            <h2 id="data-title">"Data"</h2>
            <h3>"Storage health"</h3>
            <div role="status" data-testid="storage-health">
                {move || health.with(|h| {
                    let mut lines: Vec<(Level, String)> = Vec::new();
                    match &h.memory_only {
                        Some(why) => lines.push((Level::Red, format!("Browser storage unavailable ({why}): everything lives in this tab only. Export a backup before closing."))),
                        None => lines.push((Level::Green, "Browser storage in use.".into())),
                    }
                    if !h.unsaved_keys.is_empty() {
                        lines.push((Level::Amber, format!("Storage full: {} kept in this tab only.", h.unsaved_keys.join(", "))));
                    }
                    for (key, q, reason) in &h.quarantined {
                        lines.push((Level::Amber, format!("{key} could not be read ({reason}); kept aside as {q}.")));
                    }
                    lines.into_iter().map(|(l, t)| view! { <p><LevelBadge level=l/> " " {t}</p> }).collect_view()
                })}
            </div>

            <h3>"Activity trail check"</h3>
            <p data-testid="trail-check" data-stored="">
                {move || match trail_check.get() {
                    (Ok(()), n) => view! {
                        <LevelBadge level=Level::Green word="Chain verified".to_string()/>
                        {format!(" {n} entries, each chained by SHA-256 to the one before.")}
                    }.into_any(),
                    (Err(b), _) => view! {
                        <LevelBadge level=Level::Red word="Chain broken".to_string()/>
                        {format!(" {b}. The trail is kept as found.")}
                    }.into_any(),
                }}
            </p>

            <h3>"Stored values"</h3>
            <div class="table-wrap" tabindex="0" role="region" aria-label="Stored values table">
                <table data-testid="usage-table">
                    <thead>
                        <tr>
                            <th scope="col">"Key"</th>
                            <th scope="col" class="num">"Size"</th>
                            <th scope="col" class="num">"Stored schema"</th>
                            <th scope="col" class="num">"This console reads"</th>
                        </tr>
                    </thead>
                    <tbody data-stored="">
                        <For each=move || console_keys.get() key=|(k, n)| format!("{k}:{n}") let:row>
                            {
                                let (k, n) = row;
                                let name = k.trim_start_matches(PREFIX).to_string();
                                let stored_schema = storage::get_raw(&k)
                                    .ok()
                                    .flatten()
                                    .and_then(|raw| serde_json::from_str::<serde_json::Value>(&raw).ok())
                                    .and_then(|v| v.get("schema").and_then(serde_json::Value::as_u64));
                                view! {
                                    <tr>
                                        <th scope="row"><code>{k.clone()}</code></th>
                                        <td class="num">{fmt_bytes(n)}</td>
                                        <td class="num">{stored_schema.map(|s| s.to_string()).unwrap_or_else(|| "unreadable".into())}</td>
                                        <td class="num">{known_schema(&name).map(|s| s.to_string()).unwrap_or_else(|| "—".into())}</td>
                                    </tr>
                                }
                            }
                        </For>
                    </tbody>
                    <tfoot>
                        <tr>
                            <th scope="row">"Total (including quarantine)"</th>
                            <td class="num" data-testid="usage-total" data-stored="">{move || fmt_bytes(total.get())}</td>
                            <td colspan="2" class="hint">"Browsers allow about 5 MB per site."</td>
                        </tr>
                    </tfoot>
                </table>
            </div>
            <button type="button" class="btn btn-small" on:click=move |_| storage_rev.update(|r| *r += 1)>"Re-read storage"</button>

            <h3>"Quarantined values"</h3>
            <p class="hint">"Stored values that could not be read are kept aside here, never overwritten. View, download or discard them."</p>
            <Show when=move || !quarantined.with(Vec::is_empty) fallback=|| view! { <p class="muted" data-testid="no-quarantine">"Nothing is quarantined."</p> }>
                <ul class="quarantine-list" data-testid="quarantine-list">
                    <For each=move || quarantined.get() key=|(k, n)| format!("{k}:{n}") let:row>
                        {
                            let (k, n) = row;
                            let (k1, k2, k3, k4) = (k.clone(), k.clone(), k.clone(), k.clone());
                            let open = move || viewing.get().as_deref() == Some(k4.as_str());
                            view! {
                                <li>
                                    <code>{k.clone()}</code> " · " {fmt_bytes(n)} " "
                                    <button type="button" class="btn btn-small" on:click=move |_| {
                                        let k = k1.clone();
                                        viewing.update(|v| *v = if v.as_deref() == Some(k.as_str()) { None } else { Some(k) });
                                    }>{let o = open.clone(); move || if o() { "Hide" } else { "View" }}</button>
                                    " "
                                    <button type="button" class="btn btn-small" on:click=move |_| download(k2.clone())>"Download"</button>
                                    " "
                                    <button type="button" class="btn btn-small btn-danger" on:click=move |_| discard(k3.clone())>"Discard"</button>
                                    <Show when=open.clone()>
                                        <pre class="raw-body" tabindex="0">{
                                            let k = k.clone();
                                            move || storage::get_raw(&k).ok().flatten().unwrap_or_default()
                                        }</pre>
                                    </Show>
                                </li>
                            }
                        }
                    </For>
                </ul>
            </Show>
        </section>
    }
}

// ---------- backup ----------

#[derive(Clone, Debug, PartialEq)]
enum ImportState {
    Idle,
    Reading(String),
    Refused {
        file: String,
        reason: String,
    },
    Preview {
        file: String,
        plan: ImportPlan,
        exported_at: String,
    },
    Failed(String),
    Done(usize),
}

#[component]
fn BackupSection(storage_rev: RwSignal<u64>) -> impl IntoView {
    let toasts = expect_toasts();
    let state = RwSignal::new(ImportState::Idle);
    let file_input = NodeRef::<leptos::html::Input>::new();

    let export = move |_| {
        let now = clock::now();
        let name = backup::file_name(now);
        // Recorded first, so the backup holds the trail as it stands after the export.
        record(kinds::EXPORT, format!("backup {name}"));
        let (b, skipped) = backup::export(&current_state(), now, VERSION);
        match download_text(&name, JSON, &backup::to_text(&b)) {
            Ok(()) => {
                let extra = if skipped.is_empty() {
                    String::new()
                } else {
                    format!(
                        " ({} unreadable value(s) left out: {})",
                        skipped.len(),
                        skipped.join(", ")
                    )
                };
                toasts.info(format!(
                    "Exported {} values to {name}{extra}",
                    b.entries.len()
                ));
            }
            Err(e) => toasts.error(format!("Could not export: {e}")),
        }
    };

    let on_file = move |_| {
        let Some(input) = file_input.get_untracked() else {
            return;
        };
        let Some((name, size, promise)) = chosen_file(&input) else {
            state.set(ImportState::Idle);
            return;
        };
        if size > backup::MAX_BYTES as f64 {
            state.set(ImportState::Refused {
                file: name,
                reason: format!(
                    "The file is too large ({:.1} MB; a backup is at most {} MB).",
                    size / (1024.0 * 1024.0),
                    backup::MAX_BYTES / (1024 * 1024)
                ),
            });
            return;
        }
        state.set(ImportState::Reading(name.clone()));
        spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(promise)
                .await
                .ok()
                .and_then(|v| v.as_string());
            let next = match text {
                None => ImportState::Refused {
                    file: name,
                    reason: "The file could not be read as text.".into(),
                },
                Some(text) => match backup::parse(&text) {
                    Err(reason) => ImportState::Refused { file: name, reason },
                    Ok(b) => ImportState::Preview {
                        file: name,
                        exported_at: fmt_utc(b.exported_at),
                        plan: backup::plan(&current_state(), &b),
                    },
                },
            };
            state.try_set(next);
        });
    };

    let cancel = move |_| {
        state.set(ImportState::Idle);
        if let Some(input) = file_input.get_untracked() {
            input.set_value("");
        }
    };

    let apply = move |_| {
        let ImportState::Preview { file, mut plan, .. } = state.get_untracked() else {
            return;
        };
        let trail_key = key_of::<Trail>();
        let detail = format!(
            "backup {file} imported: {} added, {} changed, {} removed",
            plan.count(ChangeKind::Added),
            plan.count(ChangeKind::Changed),
            plan.count(ChangeKind::Removed)
        );
        // Record the import in the trail that is being imported, so it survives the reload.
        let operator = expect_settings().get_untracked().operator_or_unknown();
        let mut trail_written = false;
        for (k, raw) in plan.writes.iter_mut() {
            if *k == trail_key {
                if let codec::Decoded::Current(mut t)
                | codec::Decoded::Migrated { value: mut t, .. } = codec::decode::<Trail>(raw)
                {
                    t.append(clock::now(), &operator, kinds::IMPORT, detail.clone());
                    if let Ok(enc) = codec::encode(&t, clock::now()) {
                        *raw = enc;
                        trail_written = true;
                    }
                }
            }
        }
        match backup::apply(&plan, &mut BrowserKv) {
            Ok(n) => {
                if !trail_written && !plan.removes.contains(&trail_key) {
                    record(kinds::IMPORT, detail);
                }
                state.set(ImportState::Done(n));
                storage_rev.update(|r| *r += 1);
                reload_soon();
            }
            Err(e) => {
                state.set(ImportState::Failed(e));
                storage_rev.update(|r| *r += 1);
            }
        }
    };

    view! {
        <section class="card admin-section" id="backup" aria-labelledby="backup-title">
            <h2 id="backup-title">"Backup"</h2>
            <p>
                "Export all console state (every value under " <code>{PREFIX}</code>
                ") as one JSON file. Import a backup to replace the console state with it: you see what will change before anything is written, and a failed import changes nothing. Quarantined values are neither exported nor touched."
            </p>
            <div class="form-actions">
                <button type="button" class="btn btn-primary" on:click=export data-testid="export-backup">"Export backup"</button>
            </div>
            <div class="field">
                <label for="import-file">"Import a backup file"</label>
                <input id="import-file" type="file" accept=".json,application/json" node_ref=file_input on:change=on_file data-testid="import-file"/>
            </div>
            <div class="import-state" data-testid="import-state">
                {move || match state.get() {
                    ImportState::Idle => ().into_any(),
                    ImportState::Reading(f) => view! { <p role="status">"Reading " {f} "…"</p> }.into_any(),
                    ImportState::Refused { file, reason } => view! {
                        <div class="banner lvl-red" role="alert" data-testid="import-refused">
                            <LevelBadge level=Level::Red word="Refused".to_string()/>
                            " " <strong>{file}</strong> " was not imported: " {reason} " Nothing was changed."
                        </div>
                    }.into_any(),
                    ImportState::Failed(e) => view! {
                        <div class="banner lvl-red" role="alert" data-testid="import-failed">
                            <LevelBadge level=Level::Red word="Import failed".to_string()/> " " {e}
                        </div>
                    }.into_any(),
                    ImportState::Done(n) => view! {
                        <div class="banner lvl-green" role="status" data-testid="import-done">
                            <LevelBadge level=Level::Green word="Imported".to_string()/>
                            {format!(" {n} value(s) changed. Reloading so every page reads them…")}
                        </div>
                    }.into_any(),
                    ImportState::Preview { file, plan, exported_at } => {
                        let noop = plan.is_noop();
                        let summary = format!(
                            "{} added, {} changed, {} removed, {} unchanged",
                            plan.count(ChangeKind::Added),
                            plan.count(ChangeKind::Changed),
                            plan.count(ChangeKind::Removed),
                            plan.count(ChangeKind::Unchanged)
                        );
                        view! {
                            <div class="import-preview" data-testid="import-preview">
                                <h3>"Preview: " {file}</h3>
                                <p>"Exported " {exported_at} ". " <strong data-testid="import-summary">{summary}</strong> ". Nothing has been written yet."</p>
                                <div class="table-wrap" tabindex="0" role="region" aria-label="Import preview table">
                                    <table>
                                        <thead>
                                            <tr>
                                                <th scope="col">"Key"</th>
                                                <th scope="col">"Change"</th>
                                                <th scope="col">"Detail"</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {plan.changes.iter().map(|c| view! {
                                                <tr data-change=c.kind.word()>
                                                    <th scope="row"><code>{c.key.clone()}</code></th>
                                                    <td>
                                                        <span class=format!("change change-{}", c.kind.word())>{c.kind.word()}</span>
                                                    </td>
                                                    <td>{c.detail.clone()}</td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                                <div class="form-actions">
                                    <button type="button" class="btn btn-primary" on:click=apply disabled=noop data-testid="apply-import">
                                        {if noop { "Nothing to import".to_string() } else { "Import these changes".to_string() }}
                                    </button>
                                    <button type="button" class="btn" on:click=cancel>"Cancel"</button>
                                </div>
                            </div>
                        }.into_any()
                    }
                }}
            </div>
        </section>
    }
}

// ---------- reset ----------

#[component]
fn ResetSection() -> impl IntoView {
    let typed = RwSignal::new(String::new());
    let result = RwSignal::new(None::<Result<usize, String>>);
    let armed = move || typed.with(|t| t.trim() == RESET_WORD);
    let reset = move |_| {
        if !armed() {
            return;
        }
        let keys: Vec<String> = storage::usage()
            .into_iter()
            .map(|(k, _)| k)
            .filter(|k| k.starts_with(PREFIX))
            .collect();
        let mut failed = Vec::new();
        for k in &keys {
            if storage::remove_raw(k).is_err() {
                failed.push(k.clone());
            }
        }
        // Start the new activity trail with the reset itself.
        let operator = expect_settings().get_untracked().operator_or_unknown();
        let mut t = Trail::default();
        t.append(
            clock::now(),
            &operator,
            kinds::RESET,
            format!(
                "all console state reset ({} values removed)",
                keys.len() - failed.len()
            ),
        );
        let _ = storage::write(&t);
        if failed.is_empty() {
            result.set(Some(Ok(keys.len())));
            reload_soon();
        } else {
            result.set(Some(Err(format!(
                "Could not remove: {}",
                failed.join(", ")
            ))));
        }
    };
    view! {
        <section class="card admin-section" id="reset" aria-labelledby="reset-title">
            <h2 id="reset-title">"Reset all"</h2>
            <p>
                "Removes every console value (checklists, logs, approvals, settings, thresholds, the activity trail) from this browser. "
                "Quarantined values stay. Export a backup first."
            </p>
            <div class="field">
                <label for="reset-confirm">"Type " <code>{RESET_WORD}</code> " to confirm"</label>
                <input
                    id="reset-confirm"
                    type="text"
                    autocomplete="off"
                    prop:value=move || typed.get()
                    on:input=move |ev| typed.set(event_target_value(&ev))
                />
            </div>
            <button type="button" class="btn btn-danger" disabled=move || !armed() on:click=reset>
                "Reset all console state"
            </button>
            {move || result.get().map(|r| match r {
                Ok(n) => view! { <p role="status">{format!("Removed {n} values. Reloading…")}</p> }.into_any(),
                Err(e) => view! { <p class="field-error" role="alert">{e}</p> }.into_any(),
            })}
        </section>
    }
}

// ---------- gated operations ----------

/// For this long after a template save, another tab's value written without seeing it gets
/// this tab's template put back.
const TEMPLATE_REAPPLY_SECS: i64 = 10;

#[component]
fn GatedSection() -> impl IntoView {
    let templates = Store::<GatedTemplates>::load(GatedTemplates::default);
    view! {
        <section class="card admin-section" id="gated-operations" aria-labelledby="gated-title">
            <h2 id="gated-title">"Gated operations"</h2>
            <p>
                "The destructive steps of the triage list. Each stays locked until a matching approval is recorded in the "
                <A href="/governance-log">"Governance Log"</A>
                " within its validity window; then the command is built from the template for you to copy and run. The console runs nothing itself."
            </p>
            <div class="gated-grid">
                {GatedOp::ALL.iter().map(|op| view! { <GatedCard op=*op templates=templates/> }).collect_view()}
            </div>
        </section>
    }
}

#[component]
fn GatedCard(op: GatedOp, templates: Store<GatedTemplates>) -> impl IntoView {
    let settings = expect_settings();
    let thresholds = expect_thresholds();
    let governance = expect_governance();
    let clock = expect_clock();
    let poller = expect_poller();
    let toasts = expect_toasts();
    let input = RwSignal::new(String::new());
    let template_text = RwSignal::new(templates.get_untracked().get(op).to_string());
    let template_saved = Memo::new(move |_| templates.with(|t| t.get(op).to_string()));
    // The templates this card's text was loaded from: a save applies only this template onto
    // what is stored then, so two tabs saving different templates both keep theirs, and the
    // same template saved in both ends with the later save, which says so.
    let template_base = RwSignal::new(templates.get_untracked());
    let merge_notes = RwSignal::new(Vec::<String>::new());
    // This card's last save: (what was stored before it, what it wrote, when).
    let last_save = StoredValue::new(
        None::<(
            GatedTemplates,
            GatedTemplates,
            chrono::DateTime<chrono::Utc>,
        )>,
    );
    let with_text = move |b: &GatedTemplates| {
        let mut m = b.clone();
        m.set(op, template_text.get_untracked());
        m
    };
    // Another tab (or an import) changed the stored templates.
    Effect::new(move |prev: Option<GatedTemplates>| {
        let mut now = templates.get();
        if prev.is_none_or(|p| p == now) {
            return now;
        }
        if let Some((before, saved, at)) = last_save.get_value() {
            let recent = (clock::now() - at).num_seconds() < TEMPLATE_REAPPLY_SECS;
            let m = crate::domain::merge::after_save(&before, &saved, &now, recent);
            if !m.notes.is_empty() {
                merge_notes.update(|n| n.extend(m.notes.iter().map(|x| x.text())));
                last_save.set_value(None);
            }
            if m.value != now {
                let _ = templates.replace(m.value.clone());
                now = m.value;
            }
        }
        // An untouched template shows the new one; an edited one keeps what is typed.
        let base = template_base.get_untracked();
        let (b, m) = crate::domain::merge::follow_fields(&base, &with_text(&base), &now);
        template_base.set(b);
        template_text.set(m.get(op).to_string());
        now
    });
    let (placeholder, label, hint) = op.input();
    let id = op.id();
    let input_id = format!("gated-{id}-input");
    let input_err_id = format!("gated-{id}-input-error");
    let tpl_id = format!("gated-{id}-template");

    let input_error = Memo::new(move |_| {
        let v = input.get();
        if v.trim().is_empty() {
            None
        } else {
            gated::check_input(op, &v).map(|e| e.message)
        }
    });
    let template_error = Memo::new(move |_| gated::check_template(op, &template_text.get()));
    // The approvals that may unlock this input, and that its lock's sentence is judged of: its
    // action's, with the same target where the target must match. They change with the log and
    // the input; the gate and the sentence are judged of them each second.
    let candidates = Memo::new(move |_| {
        let v = input.get();
        let target = op.target_must_match().then_some(v.trim());
        let kept = governance.with(|g| gate_candidates(&g.approvals, op.action(), target));
        (target.map(str::to_owned), kept)
    });
    let gate = Memo::new(move |_| {
        let now = clock.now();
        let v = input.get();
        if v.trim().is_empty() || gated::check_input(op, &v).is_some() {
            return None;
        }
        let validity = thresholds.with(|t| t.approval_validity_secs);
        candidates.with(|(_, kept)| gated::gate(op, kept, &v, now, validity).cloned())
    });
    let locked_reason = Memo::new(move |_| {
        let v = input.get();
        if v.trim().is_empty() {
            return format!("Enter the {} first.", label.to_lowercase());
        }
        if input_error.get().is_some() {
            return "Fix the input first.".into();
        }
        let now = clock.now();
        let validity = thresholds.with(|t| t.approval_validity_secs);
        candidates.with(|(target, kept)| {
            gate_message(kept, op.action(), target.as_deref(), now, validity).1
        })
    });
    let command = Memo::new(move |_| {
        gate.get()?;
        let (f, a) = settings.with(|s| (s.function_name.clone(), s.alias_name.clone()));
        gated::build(op, &template_saved.get(), &f, &a, &input.get()).ok()
    });
    let build_errors = Memo::new(move |_| {
        let (f, a) = settings.with(|s| (s.function_name.clone(), s.alias_name.clone()));
        let v = input.get();
        if v.trim().is_empty() {
            return Vec::new();
        }
        gated::build(op, &template_saved.get(), &f, &a, &v)
            .err()
            .unwrap_or_default()
            .into_iter()
            .filter(|e| e.field != placeholder)
            .map(|e| e.message)
            .collect::<Vec<_>>()
    });
    let same_as_current = Memo::new(move |_| {
        if op != GatedOp::Rollback {
            return None;
        }
        let v = input.get();
        let current = poller
            .status
            .with(|s| s.data().and_then(|d| d.lambda_alias_version.clone()))?;
        (current.trim() == v.trim()).then(|| {
            format!("The prod alias already points at version {current}: a rollback to it changes nothing.")
        })
    });
    let copy = move |_| {
        let Some(cmd) = command.get_untracked() else {
            return;
        };
        let approval = gate.get_untracked().map(|a| a.id).unwrap_or_default();
        spawn_local(async move {
            match write_clipboard(&cmd).await {
                Ok(()) => toasts.info("Command copied to the clipboard"),
                Err(e) => toasts.error(format!("The browser refused the clipboard ({e}): select the command and copy it yourself")),
            }
        });
        record(
            "gated-command",
            format!("{} command copied (approval {approval})", op.title()),
        );
    };
    let save_template = move |_| {
        if template_error.get_untracked().is_some() {
            return;
        }
        template_text.set(template_text.get_untracked().trim().to_string());
        // What is stored now (another tab may have saved a moment ago), with only this
        // template applied.
        let theirs = match storage::read::<GatedTemplates>() {
            Ok(Some(t)) => t,
            _ => templates.get_untracked(),
        };
        let base = template_base.get_untracked();
        let merged = crate::domain::merge::save_fields(&base, &with_text(&base), &theirs);
        match templates.replace(merged.value.clone()) {
            Ok(()) => {
                last_save.set_value(Some((theirs, merged.value.clone(), clock::now())));
                template_base.set(merged.value);
                merge_notes.set(merged.notes.iter().map(|x| x.text()).collect());
                toasts.info("Template saved");
            }
            Err(e) => toasts.error(e.to_string()),
        }
    };
    let reset_template = move |_| {
        template_text.set(op.default_template().to_string());
    };

    let described = {
        let err = input_err_id.clone();
        let hint = format!("gated-{id}-hint");
        move || {
            if input_error.get().is_some() {
                format!("{hint} {err}")
            } else {
                hint.clone()
            }
        }
    };

    view! {
        <article class="gated-card" data-testid=format!("gated-{id}") data-locked=move || if command.get().is_some() { "false" } else { "true" }>
            <h3>{op.title()}</h3>
            <div class="field">
                <label for=input_id.clone()>{label}</label>
                <input
                    id=input_id.clone()
                    type="text"
                    autocomplete="off"
                    spellcheck="false"
                    prop:value=move || input.get()
                    on:input=move |ev| input.set(event_target_value(&ev))
                    aria-invalid=move || if input_error.get().is_some() { "true" } else { "false" }
                    aria-describedby=described
                />
                <p id=format!("gated-{id}-hint") class="hint">{hint}</p>
                <p id=input_err_id class="field-error" role="alert" hidden=move || input_error.get().is_none()>
                    {move || input_error.get()}
                </p>
            </div>
            <div class="gate-state" role="status">
                {move || match gate.get() {
                    Some(a) => view! {
                        <p class="unlocked">
                            <LevelBadge level=Level::Green word="Unlocked".to_string()/>
                            " by approval " <strong>{a.id.clone()}</strong> ": "
                            {a.summary()} " — approved by " {a.approver.clone()} " (" {a.method.clone()}
                            {(!a.reference.is_empty()).then(|| format!(", {}", a.reference))} ") at "
                            {crate::domain::time::fmt_utc_from(a.approved_at, crate::domain::time::TimeSource::Device)}
                        </p>
                    }.into_any(),
                    None => view! {
                        <p class="locked">
                            <LevelBadge level=Level::Unknown word="Locked".to_string()/>
                            " " {locked_reason.get()} " "
                            <A href=format!("/governance-log?action={}", op.action().slug())>
                                "Record an approval"
                            </A>
                        </p>
                    }.into_any(),
                }}
            </div>
            {move || same_as_current.get().map(|w| view! { <p class="warning-note">{w}</p> })}
            {move || {
                let errs = build_errors.get();
                (!errs.is_empty()).then(|| view! {
                    <ul class="field-error">{errs.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
                })
            }}
            {move || match command.get() {
                Some(cmd) => view! {
                    <pre class="command" data-testid="command"><code>{cmd}</code></pre>
                    <button type="button" class="btn btn-primary" on:click=copy>"Copy command"</button>
                }.into_any(),
                None => view! {
                    <p class="muted">"The command appears here once the operation is unlocked."</p>
                }.into_any(),
            }}
            <details class="template">
                <summary>"Command template"</summary>
                <div class="field">
                    <label for=tpl_id.clone()>"Template"</label>
                    <input
                        id=tpl_id
                        type="text"
                        class="mono"
                        spellcheck="false"
                        autocomplete="off"
                        prop:value=move || template_text.get()
                        on:input=move |ev| template_text.set(event_target_value(&ev))
                    />
                    <p class="hint">"Placeholders: " {op.allowed().join(", ")} "."</p>
                    {move || template_error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                </div>
                <div class="form-actions">
                    <button type="button" class="btn btn-small" on:click=save_template
                        disabled=move || template_error.get().is_some() || template_text.get().trim() == template_saved.get()>
                        "Save template"
                    </button>
                    <button type="button" class="btn btn-small" on:click=reset_template>"Default template"</button>
                </div>
                <div class="warning-note merge-notes" role="status" data-testid=format!("gated-{id}-merge-notes")
                    hidden=move || merge_notes.with(Vec::is_empty)>
                    <p>"Saved in another tab too:"</p>
                    <ul>{move || merge_notes.get().into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
                </div>
            </details>
        </article>
    }
}

// ---------- build info ----------

#[component]
fn BuildSection() -> impl IntoView {
    view! {
        <section class="card admin-section" id="build" aria-labelledby="build-title">
            <h2 id="build-title">"Build info"</h2>
            <dl class="facts">
                <dt>"Version"</dt>
                <dd data-testid="app-version">{VERSION}</dd>
                <dt>"Commit"</dt>
                <dd data-testid="app-commit"><code>{COMMIT.unwrap_or("unknown (not set at build time)")}</code></dd>
                <dt>"Backup format"</dt>
                <dd>{format!("{} v{}", backup::FORMAT, backup::VERSION)}</dd>
            </dl>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_form_reads_and_names_errors() {
        let mut t = SettingsText::of(&Settings::default());
        let (s, e) = settings_from(&t);
        assert_eq!(s, Settings::default());
        assert!(e.is_empty());
        t.poll_interval_secs = "fast".into();
        t.request_timeout_ms = "100".into();
        t.api_base_url = "ftp://x".into();
        t.operator = "  ana ".into();
        let (s, e) = settings_from(&t);
        assert_eq!(s.operator, "ana");
        let fields: Vec<_> = e.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            vec!["poll_interval_secs", "api_base_url", "request_timeout_ms"]
        );
        assert_eq!(e[0].message, "Enter a whole number.");
        assert_eq!(known_schema("settings"), Some(1));
        assert_eq!(known_schema("gated-templates"), Some(1));
        assert_eq!(known_schema("nope"), None);
        assert_eq!(fmt_bytes(100), "100 B");
        assert_eq!(fmt_bytes(2048), "2.0 KB");
    }
}
