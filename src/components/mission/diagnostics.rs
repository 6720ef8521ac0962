//! "Copy Diagnostics JSON" and "Copy Incident Snapshot": to the clipboard, or, where the
//! browser refuses (plain http, permission), into a dialog to copy by hand.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsValue;

use super::Card;
use crate::api::poller::expect_poller;
use crate::components::download::{download_text, JSON};
use crate::components::toast::{expect_toasts, Toasts};
use crate::components::trail::record;
use crate::context::{
    expect_incident_mode, expect_settings, expect_thresholds, SnapshotStore, TrailStore,
};
use crate::domain::anomalies::anomalies;
use crate::domain::diagnostics::{
    diagnostics_json, incident_snapshot, DiagnosticsInput, TrailCheck,
};
use crate::domain::facts::Facts;
use crate::domain::health::health;
use crate::domain::snapshots::{
    archive_file_name, trail_detail, CopiedSnapshot, SnapshotKind, SnapshotLog,
};
use crate::domain::trail::kinds;
use crate::storage::store::Store;
use crate::storage::to_export_json;

/// Writes text with `navigator.clipboard.writeText`; Err with the reason when the API is
/// missing (insecure context) or the browser refuses.
pub(crate) async fn write_clipboard(text: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let nav = window.navigator();
    let api = js_sys::Reflect::get(&nav, &JsValue::from_str("clipboard"))
        .map_err(|_| "clipboard unavailable".to_string())?;
    if api.is_undefined() || api.is_null() {
        return Err("clipboard unavailable on this page".into());
    }
    let promise = nav.clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map(|_| ())
        .map_err(|e| {
            use wasm_bindgen::JsCast;
            e.dyn_ref::<web_sys::DomException>()
                .map(|x| x.name())
                .unwrap_or_else(|| "refused".into())
        })
}

#[derive(Clone, Copy, PartialEq)]
enum What {
    Json,
    Snapshot,
}

impl What {
    fn label(self) -> &'static str {
        self.kind().label()
    }

    fn kind(self) -> SnapshotKind {
        match self {
            What::Json => SnapshotKind::DiagnosticsJson,
            What::Snapshot => SnapshotKind::IncidentSnapshot,
        }
    }
}

/// Keeps a copied document: an activity-trail entry (kind `snapshot`, with a short SHA-256 of
/// the body) and the body itself in the bounded snapshot store. Past the bound the oldest are
/// downloaded as an archive, then dropped; the drop is recorded and shown, never silent.
fn keep_snapshot(store: Option<Store<SnapshotLog>>, s: CopiedSnapshot, toasts: Toasts) {
    record(kinds::SNAPSHOT, trail_detail(&s));
    let Some(store) = store else {
        return;
    };
    if let Err(e) = store.update(|l| l.add(s)) {
        toasts.error(e.to_string());
    }
    if store.signal().with_untracked(|l| l.overflow() == 0) {
        return;
    }
    let archive = store.signal().with_untracked(SnapshotLog::archive);
    let Some(last) = archive.snapshots.last().map(|s| s.id.clone()) else {
        return;
    };
    let n = archive.snapshots.len();
    let name = archive_file_name(&archive);
    let saved = download_text(&name, JSON, &to_export_json(&archive));
    if let Err(e) = &saved {
        toasts.error(format!(
            "The {n} oldest diagnostics snapshots could not be downloaded before they were dropped: {e}"
        ));
    }
    let _ = store.update(|l| {
        l.drop_archived(&last, saved.is_ok().then(|| name.clone()));
    });
    record(
        kinds::ARCHIVE,
        match saved {
            Ok(()) => format!("{n} oldest diagnostics snapshots exported to {name} and dropped"),
            Err(e) => format!("{n} oldest diagnostics snapshots dropped; the download failed: {e}"),
        },
    );
}

#[component]
pub fn DiagnosticsCard() -> impl IntoView {
    let poller = expect_poller();
    let settings = expect_settings();
    let thresholds = expect_thresholds();
    let incident = expect_incident_mode();
    let toasts = expect_toasts();
    let dialog_ref = NodeRef::<leptos::html::Dialog>::new();
    let area_ref = NodeRef::<leptos::html::Textarea>::new();
    let fallback_what = RwSignal::new(What::Json);
    let trail = use_context::<TrailStore>().map(|t| t.0);
    let snapshots = use_context::<SnapshotStore>().map(|s| s.0);

    // Built at click time from the poller's current state, so ages are exact.
    let build = move |what: What| -> String {
        let now = crate::clock::now();
        let t = thresholds.get_untracked();
        let s = settings.get_untracked();
        let stale_after = i64::from(s.poll_interval_secs) * i64::from(t.stale_after_polls.max(1));
        let f = poller.root.with_untracked(|r| {
            poller.metrics.with_untracked(|m| {
                poller
                    .status
                    .with_untracked(|st| Facts::gather(now, stale_after, r, m, st))
            })
        });
        let h = health(&f, &t);
        let a = anomalies(&f, &t);
        let im = incident.get_untracked();
        let base = s.api_base();
        let check = trail.and_then(|t| t.signal().try_with_untracked(TrailCheck::of));
        let input = DiagnosticsInput {
            captured_at: now,
            app_version: env!("CARGO_PKG_VERSION"),
            api_base: &base,
            facts: &f,
            thresholds: &t,
            health: &h,
            anomalies: &a,
            incident: &im,
            trail: check.as_ref(),
        };
        match what {
            What::Json => serde_json::to_string_pretty(&diagnostics_json(&input))
                .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}")),
            What::Snapshot => incident_snapshot(&input),
        }
    };

    let copy = move |what: What| {
        let text = build(what);
        let at = crate::clock::now();
        let by = settings.get_untracked().operator_or_unknown();
        let session = incident
            .signal()
            .with_untracked(|m| m.active.then(|| m.incident_id.clone()).flatten());
        spawn_local(async move {
            let result = write_clipboard(&text).await;
            let method = if result.is_ok() {
                "clipboard"
            } else {
                "dialog"
            };
            let snap = CopiedSnapshot::new(what.kind(), text.clone(), at, &by, method, session);
            keep_snapshot(snapshots, snap, toasts);
            match result {
                Ok(()) => toasts.info(format!("Copied {} to the clipboard", what.label())),
                Err(why) => {
                    fallback_what.set(what);
                    if let Some(d) = dialog_ref.get_untracked() {
                        if !d.open() {
                            let _ = d.show_modal();
                        }
                    }
                    if let Some(area) = area_ref.get_untracked() {
                        area.set_value(&text);
                        let _ = area.focus();
                        area.select();
                    }
                    toasts.info(format!(
                        "The browser refused the clipboard ({why}): the {} is shown to copy yourself",
                        what.label()
                    ));
                }
            }
        });
    };
    let close = move |_| {
        if let Some(d) = dialog_ref.get_untracked() {
            d.close();
        }
    };

    view! {
        <Card id="diagnostics" title="Diagnostics">
            <p>"Everything on this page as a JSON document for a ticket, or as short Markdown for a chat channel or a handoff. No settings or secrets are included."</p>
            <p class="hint" data-testid="snapshot-kept">
                {move || match snapshots {
                    Some(st) => st.with(|l| {
                        let kept = format!(
                            "Each copy is recorded in the activity trail and kept (the last {}) for the Incident Log: {} kept.",
                            crate::domain::snapshots::MAX_SNAPSHOTS,
                            l.snapshots.len()
                        );
                        match l.dropped_note() {
                            Some(note) => format!("{kept} {note}"),
                            None => kept,
                        }
                    }),
                    None => String::new(),
                }}
            </p>
            <div class="mc-actions">
                <button type="button" class="btn btn-primary" on:click=move |_| copy(What::Json) data-testid="copy-json">
                    "Copy Diagnostics JSON"
                </button>
                <button type="button" class="btn" on:click=move |_| copy(What::Snapshot) data-testid="copy-snapshot">
                    "Copy Incident Snapshot"
                </button>
            </div>
            <dialog node_ref=dialog_ref class="mc-copy-dialog" aria-labelledby="copy-dialog-title" data-testid="copy-dialog">
                <h2 id="copy-dialog-title">{move || format!("Copy the {} yourself", fallback_what.get().label())}</h2>
                <p class="hint" id="copy-dialog-hint">
                    "The browser did not allow copying to the clipboard. The text below is selected: press Ctrl+C (⌘C on a Mac) to copy it."
                </p>
                <textarea
                    node_ref=area_ref
                    readonly=true
                    rows="14"
                    aria-label="Text to copy"
                    aria-describedby="copy-dialog-hint"
                    data-testid="copy-text"
                ></textarea>
                <div class="mc-actions">
                    <button type="button" class="btn" on:click=close>"Close"</button>
                </div>
            </dialog>
        </Card>
    }
}
