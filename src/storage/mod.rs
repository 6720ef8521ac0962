//! The one place that touches localStorage.
//!
//! Values are versioned envelopes (see [`codec`]) under `ops-console/v1/<name>`. Every call
//! returns errors instead of panicking. When localStorage is unavailable (blocked, private
//! mode) or full, the console keeps working in memory and says so through [`StorageHealth`].
//! A stored value that cannot be read is moved aside to a quarantine key and reported, never
//! silently overwritten. Changes from other tabs arrive through [`store::Store`].

pub mod codec;
pub mod keys;
pub mod store;

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

use leptos::prelude::*;
use serde::Serialize;

pub use codec::{Decoded, Stored};

use crate::clock;

/// Why a read or write did not reach localStorage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageError {
    /// localStorage cannot be used at all; values live in memory for this tab.
    Unavailable(String),
    /// The browser refused the write because storage is full; the value is kept in memory.
    QuotaExceeded { key: String },
    /// The stored value could not be read; it was moved to `quarantined_as`.
    Quarantined {
        key: String,
        quarantined_as: String,
        reason: String,
    },
    /// The value could not be serialised (a bug; reported, never panicked).
    Encode(String),
}

impl std::fmt::Display for StorageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StorageError::Unavailable(why) => write!(
                f,
                "Browser storage is unavailable ({why}): changes are kept in this tab only. Export them from the Admin Panel before closing."
            ),
            StorageError::QuotaExceeded { key } => write!(
                f,
                "Browser storage is full: the change to {key} is kept in this tab only. Export from the Admin Panel, then free space."
            ),
            StorageError::Quarantined { key, quarantined_as, reason } => write!(
                f,
                "The stored value {key} could not be read ({reason}); it was kept aside as {quarantined_as}."
            ),
            StorageError::Encode(e) => write!(f, "A value could not be saved: {e}"),
        }
    }
}

/// What the UI shows about storage: where values live and what went wrong.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StorageHealth {
    /// `Some(reason)` when localStorage is not used at all.
    pub memory_only: Option<String>,
    /// Keys whose last write was refused (full storage) and live in memory.
    pub unsaved_keys: Vec<String>,
    /// The browser refused even a tiny test write as over quota when the console started:
    /// storage is full (values are still read from it; every write lands in memory).
    pub full: bool,
    /// Quarantine reports (key, quarantine key, reason), newest last.
    pub quarantined: Vec<(String, String, String)>,
}

impl StorageHealth {
    pub fn is_ok(&self) -> bool {
        self.memory_only.is_none()
            && !self.full
            && self.unsaved_keys.is_empty()
            && self.quarantined.is_empty()
    }
}

enum Backend {
    Local(web_sys::Storage),
    Memory,
}

struct State {
    backend: Backend,
    /// Values held in memory: everything when memory-only, and refused writes otherwise.
    memory: BTreeMap<String, String>,
    health: Option<RwSignal<StorageHealth>>,
}

thread_local! {
    static STATE: RefCell<Option<State>> = const { RefCell::new(None) };
    /// Saves put off by [`save_soon`], run by [`flush`].
    static PENDING: RefCell<Vec<Box<dyn FnOnce()>>> = const { RefCell::new(Vec::new()) };
    /// Whether a task to run [`flush`] is already scheduled.
    static FLUSH_SCHEDULED: Cell<bool> = const { Cell::new(false) };
}

/// Puts a save off to the next task, so that an interaction's visible update and its own
/// save are not held up by the save of something secondary (the activity trail). The save
/// still happens before anything else is read from storage ([`get_raw`] and [`usage`] run
/// the pending saves first), when the page is hidden or left (`pagehide`,
/// `visibilitychange`, see [`init`]), and otherwise in the next task: only a browser that
/// dies within that one task loses it.
pub fn save_soon(save: impl FnOnce() + 'static) {
    PENDING.with(|p| p.borrow_mut().push(Box::new(save)));
    if FLUSH_SCHEDULED.with(|s| s.replace(true)) {
        return;
    }
    use wasm_bindgen::JsCast;
    let scheduled = web_sys::window().and_then(|w| {
        let run = wasm_bindgen::closure::Closure::once_into_js(flush);
        w.set_timeout_with_callback(run.unchecked_ref()).ok()
    });
    if scheduled.is_none() {
        // No timer to wait for (no window): save now.
        flush();
    }
}

/// Runs the saves put off by [`save_soon`], oldest first.
pub fn flush() {
    FLUSH_SCHEDULED.with(|s| s.set(false));
    loop {
        let pending = PENDING.with(|p| std::mem::take(&mut *p.borrow_mut()));
        if pending.is_empty() {
            return;
        }
        for save in pending {
            save();
        }
    }
}

fn has_pending() -> bool {
    PENDING.with(|p| !p.borrow().is_empty())
}

/// Opens localStorage and probes it with a tiny write. `Ok((storage, true))` when the probe was
/// refused as over quota: the storage is readable but full, so it is still used for reads and
/// every refused write is kept in memory (reported as "full", not as "unavailable").
fn open_local() -> Result<(web_sys::Storage, bool), String> {
    let window = web_sys::window().ok_or("no window")?;
    let storage = window
        .local_storage()
        .map_err(|e| js_error_text(&e))?
        .ok_or("localStorage is disabled")?;
    // Some browsers hand out a storage object that throws on every write: probe it.
    let probe = "ops-console/probe";
    match storage.set_item(probe, "1") {
        Ok(()) => {
            let _ = storage.remove_item(probe);
            Ok((storage, false))
        }
        Err(e) if is_quota_error(&e) => {
            // Reading must still work, or the storage is of no use at all.
            storage.length().map_err(|e| js_error_text(&e))?;
            Ok((storage, true))
        }
        Err(e) => Err(js_error_text(&e)),
    }
}

fn js_error_text(e: &wasm_bindgen::JsValue) -> String {
    use wasm_bindgen::JsCast;
    if let Some(ex) = e.dyn_ref::<web_sys::DomException>() {
        return format!("{}: {}", ex.name(), ex.message());
    }
    e.as_string()
        .unwrap_or_else(|| "unknown browser error".into())
}

fn is_quota_error(e: &wasm_bindgen::JsValue) -> bool {
    use wasm_bindgen::JsCast;
    e.dyn_ref::<web_sys::DomException>()
        .map(|ex| {
            let n = ex.name();
            n == "QuotaExceededError" || n == "NS_ERROR_DOM_QUOTA_REACHED" || ex.code() == 22
        })
        .unwrap_or(false)
}

fn with_state<R>(f: impl FnOnce(&mut State) -> R) -> R {
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        let state = s.get_or_insert_with(|| {
            let backend = match open_local() {
                Ok((ls, _)) => Backend::Local(ls),
                Err(_) => Backend::Memory,
            };
            State {
                backend,
                memory: BTreeMap::new(),
                health: None,
            }
        });
        f(state)
    })
}

/// Opens storage and returns the health signal the UI shows. Call once, at the app root.
pub fn init() -> RwSignal<StorageHealth> {
    let opened = open_local();
    let memory_only = opened.as_ref().err().cloned();
    let full = matches!(opened, Ok((_, true)));
    let health = RwSignal::new(StorageHealth {
        memory_only,
        full,
        ..Default::default()
    });
    with_state(|s| {
        s.backend = match opened {
            Ok((ls, _)) => Backend::Local(ls),
            Err(_) => Backend::Memory,
        };
        s.memory.clear();
        s.health = Some(health);
    });
    // Saves put off by `save_soon` are made before the page goes away or into the background.
    let on_hide = window_event_listener(leptos::ev::pagehide, |_| flush());
    let on_visibility = window_event_listener(leptos::ev::visibilitychange, |_| flush());
    on_cleanup(move || {
        on_hide.remove();
        on_visibility.remove();
    });
    health
}

/// Forces the memory-only mode (used by tests, and when the browser keeps refusing).
pub fn force_memory_only(reason: &str) {
    with_state(|s| {
        s.backend = Backend::Memory;
        if let Some(h) = s.health {
            h.update(|h| h.memory_only = Some(reason.to_string()));
        }
    });
}

fn report(f: impl FnOnce(&mut StorageHealth)) {
    if let Some(h) = with_state(|s| s.health) {
        h.try_update(f);
    }
}

/// Reads a raw string (memory overlay first, then localStorage), after any pending save.
pub fn get_raw(key: &str) -> Result<Option<String>, StorageError> {
    if has_pending() {
        flush();
    }
    with_state(|s| {
        if let Some(v) = s.memory.get(key) {
            return Ok(Some(v.clone()));
        }
        match &s.backend {
            Backend::Local(ls) => ls
                .get_item(key)
                .map_err(|e| StorageError::Unavailable(js_error_text(&e))),
            Backend::Memory => Ok(None),
        }
    })
}

/// Writes a raw string. On a full storage the value is kept in memory and the error returned.
pub fn set_raw(key: &str, value: &str) -> Result<(), StorageError> {
    let result = with_state(|s| match &s.backend {
        Backend::Local(ls) => match ls.set_item(key, value) {
            Ok(()) => {
                s.memory.remove(key);
                Ok(())
            }
            Err(e) => {
                s.memory.insert(key.to_string(), value.to_string());
                if is_quota_error(&e) {
                    Err(StorageError::QuotaExceeded {
                        key: key.to_string(),
                    })
                } else {
                    Err(StorageError::Unavailable(js_error_text(&e)))
                }
            }
        },
        Backend::Memory => {
            s.memory.insert(key.to_string(), value.to_string());
            Ok(())
        }
    });
    match &result {
        Ok(()) => report(|h| h.unsaved_keys.retain(|k| k != key)),
        Err(_) => report(|h| {
            if !h.unsaved_keys.iter().any(|k| k == key) {
                h.unsaved_keys.push(key.to_string());
            }
        }),
    }
    result
}

/// Removes a key from memory and localStorage.
pub fn remove_raw(key: &str) -> Result<(), StorageError> {
    with_state(|s| {
        s.memory.remove(key);
        match &s.backend {
            Backend::Local(ls) => ls
                .remove_item(key)
                .map_err(|e| StorageError::Unavailable(js_error_text(&e))),
            Backend::Memory => Ok(()),
        }
    })
}

/// Every key the console owns (its prefix or the quarantine prefix) with its size in bytes.
pub fn usage() -> Vec<(String, usize)> {
    if has_pending() {
        flush();
    }
    with_state(|s| {
        let mut out: BTreeMap<String, usize> = BTreeMap::new();
        if let Backend::Local(ls) = &s.backend {
            let n = ls.length().unwrap_or(0);
            for i in 0..n {
                if let Ok(Some(k)) = ls.key(i) {
                    if k.starts_with("ops-console/") {
                        let len = ls.get_item(&k).ok().flatten().map(|v| v.len()).unwrap_or(0);
                        out.insert(k, len);
                    }
                }
            }
        }
        for (k, v) in &s.memory {
            out.insert(k.clone(), v.len());
        }
        out.into_iter().collect()
    })
}

/// A quarantine key not yet in use: earlier quarantined values are never overwritten.
fn free_quarantine_key(name: &str) -> String {
    let base = codec::quarantine_key(name, clock::now());
    let mut key = base.clone();
    let mut n = 1;
    while matches!(get_raw(&key), Ok(Some(_))) {
        n += 1;
        key = format!("{base}#{n}");
    }
    key
}

/// Moves an unreadable raw value aside and reports it. Returns the quarantine key.
fn quarantine(key: &str, name: &str, raw: &str, reason: &str) -> StorageError {
    let qkey = free_quarantine_key(name);
    let _ = set_raw(&qkey, raw);
    let _ = remove_raw(key);
    report(|h| {
        h.quarantined
            .push((key.to_string(), qkey.clone(), reason.to_string()))
    });
    StorageError::Quarantined {
        key: key.to_string(),
        quarantined_as: qkey,
        reason: reason.to_string(),
    }
}

/// Reads a typed value. `Ok(None)` when nothing is stored. An unreadable value is quarantined
/// and returned as an error (the caller starts from its default; the raw text is kept aside).
/// A value of an older schema is migrated and written back.
pub fn read<T: Stored>() -> Result<Option<T>, StorageError> {
    Ok(read_with_text::<T>()?.map(|(value, _)| value))
}

/// [`read`], with the text the value was decoded from.
pub(crate) fn read_with_text<T: Stored>() -> Result<Option<(T, String)>, StorageError> {
    match get_raw(&codec::key_of::<T>())? {
        Some(raw) => decode_stored(&raw).map(|value| Some((value, raw))),
        None => Ok(None),
    }
}

/// Decodes `raw`, the text stored under `T`'s key, as [`read`] does: a value of an older
/// schema is migrated and written back, an unreadable one is quarantined and returned as an
/// error.
pub(crate) fn decode_stored<T: Stored>(raw: &str) -> Result<T, StorageError> {
    match codec::decode::<T>(raw) {
        Decoded::Current(v) => Ok(v),
        Decoded::Migrated { value, .. } => {
            // Keep the old form aside too, in case the migration is ever in doubt.
            let _ = set_raw(
                &free_quarantine_key(&format!("{}-pre-migration", T::NAME)),
                raw,
            );
            let _ = write(&value);
            Ok(value)
        }
        Decoded::Invalid { reason } => {
            Err(quarantine(&codec::key_of::<T>(), T::NAME, raw, &reason))
        }
    }
}

/// Writes a typed value in the current schema.
pub fn write<T: Stored>(value: &T) -> Result<(), StorageError> {
    write_text(value).1
}

/// Writes a typed value in the current schema, and returns the text now under its key: a
/// refused write keeps that text in memory, where reads find it. `None` when the value could
/// not be encoded (nothing was written).
pub(crate) fn write_text<T: Stored>(value: &T) -> (Option<String>, Result<(), StorageError>) {
    match codec::encode(value, clock::now()) {
        Ok(raw) => {
            let result = set_raw(&codec::key_of::<T>(), &raw);
            (Some(raw), result)
        }
        Err(e) => (None, Err(StorageError::Encode(e))),
    }
}

/// Reads a cached value (the last-known `/beak` answers): `None` when nothing readable is
/// stored. A cache holds no one's work, so an unreadable or newer-schema value is removed
/// (and logged), not quarantined, and never reported in the storage warning.
pub fn read_cache<T: Stored>() -> Option<T> {
    let key = codec::key_of::<T>();
    let raw = get_raw(&key).ok().flatten()?;
    match codec::decode::<T>(&raw) {
        Decoded::Current(v) | Decoded::Migrated { value: v, .. } => Some(v),
        Decoded::Invalid { reason } => {
            leptos::logging::warn!("ops-console: dropped the cached {key}: {reason}");
            let _ = remove_raw(&key);
            None
        }
    }
}

/// Writes a cached value straight to localStorage. Unlike [`write`], a refused write (full or
/// unavailable storage) is neither kept in memory nor reported: the cache is only lost, the
/// error is returned for the log. In memory-only mode nothing is written.
pub fn write_cache<T: Stored>(value: &T) -> Result<(), StorageError> {
    let key = codec::key_of::<T>();
    let raw = codec::encode(value, clock::now()).map_err(StorageError::Encode)?;
    with_state(|s| match &s.backend {
        Backend::Local(ls) => ls.set_item(&key, &raw).map_err(|e| {
            if is_quota_error(&e) {
                StorageError::QuotaExceeded { key: key.clone() }
            } else {
                StorageError::Unavailable(js_error_text(&e))
            }
        }),
        Backend::Memory => Ok(()),
    })
}

/// Serialises any value to pretty JSON for export (never panics).
pub fn to_export_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
