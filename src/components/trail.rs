//! Recording to the activity trail from anywhere in the UI, and the trail's status panel.
//!
//! `record("tick", "Pre-Deploy step 3")` appends an entry (operator from settings, time from the
//! clock) and saves it in the next task. Without a trail store (a component test) it does
//! nothing.

use std::cell::{Cell, RefCell};

use leptos::prelude::*;

use crate::clock;
use crate::components::download::{download_text, JSON};
use crate::components::pager::{page_memo, Pager};
use crate::components::time::StaticUtcTime;
use crate::context::{SettingsStore, TrailStore};
use crate::domain::trail::{kinds, ChainCheck, Trail, TrailArchive, TrailBreak, TrailEntry};
use crate::storage::store::Store;
use crate::storage::to_export_json;

thread_local! {
    /// The stores registered by the app root, for callers outside the owner tree (timeouts,
    /// async tasks) where `use_context` finds nothing.
    static REGISTRY: Cell<Option<(TrailStore, Option<SettingsStore>)>> = const { Cell::new(None) };
}

thread_local! {
    /// What the trail panel verified last, so that a panel mounted again (each visit to the
    /// Governance Log) or a trail grown by an append does not hash every entry again.
    static CHAIN_CHECK: RefCell<ChainCheck> = RefCell::new(ChainCheck::default());
}

/// [`Trail::verify`], hashing only what changed since the last check ([`ChainCheck`]): the
/// same answer, a break anywhere included.
pub fn verify_trail(t: &Trail) -> Result<(), TrailBreak> {
    CHAIN_CHECK.with(|c| c.borrow_mut().verify(t))
}

/// Registers the stores for [`record`] (called once by the app root after providing them).
pub fn register(trail: TrailStore, settings: Option<SettingsStore>) {
    REGISTRY.with(|r| r.set(Some((trail, settings))));
}

fn stores() -> Option<(Store<Trail>, Option<SettingsStore>)> {
    let from_ctx = use_context::<TrailStore>().map(|t| (t, use_context::<SettingsStore>()));
    let (t, s) = from_ctx.or_else(|| REGISTRY.with(Cell::get))?;
    // A store whose owner was disposed (an unmounted test app) is not usable.
    t.0.signal().try_with_untracked(|_| ())?;
    Some((t.0, s))
}

/// Appends an entry to the activity trail: `kind` from [`kinds`], `detail` any text.
pub fn record(kind: &str, detail: impl Into<String>) {
    let Some((trail, settings)) = stores() else {
        return;
    };
    let operator = settings
        .and_then(|s| s.0.signal().try_with_untracked(|s| s.operator_or_unknown()))
        .unwrap_or_else(|| "(operator not set)".into());
    record_as(trail, &operator, kind, detail.into());
}

fn record_as(trail: Store<Trail>, operator: &str, kind: &str, detail: String) {
    let at = clock::now();
    // The entry is in the trail at once; its save (read, merge with other tabs, write the whole
    // trail) follows in the next task, so that it never holds up the action it records (a
    // tick's own save and render). See `Store::update_soon` for when it is made.
    trail.update_soon(|t| {
        t.append(at, operator, kind, detail);
    });
    if trail.signal().with_untracked(Trail::must_archive) {
        // Past the hard limit: export the oldest entries before dropping them, never silently.
        let _ = export_archive(trail, operator);
    }
}

/// The file name of an archive export.
pub fn archive_file_name(a: &TrailArchive) -> String {
    let first = a.entries.first().map(|e| e.seq).unwrap_or(0);
    let last = a.last_seq().unwrap_or(0);
    format!("activity-trail-archive-{first:06}-{last:06}.json")
}

/// Downloads the oldest entries beyond the soft limit, then drops them from the live trail and
/// records the archive. Returns how many entries were archived.
pub fn export_archive(trail: Store<Trail>, operator: &str) -> Result<usize, String> {
    let archive = trail.signal().with_untracked(Trail::archive);
    let Some(last) = archive.last_seq() else {
        return Ok(0);
    };
    download_text(
        &archive_file_name(&archive),
        JSON,
        &to_export_json(&archive),
    )?;
    let n = archive.entries.len();
    let at = clock::now();
    let name = archive_file_name(&archive);
    let _ = trail.update(|t| {
        t.drop_archived(last);
        t.append(
            at,
            operator,
            kinds::ARCHIVE,
            format!("{n} oldest entries exported to {name} and dropped"),
        );
    });
    Ok(n)
}

/// The chain's status, archive and export controls, and the entries newest first, a page at a
/// time.
#[component]
pub fn TrailPanel() -> impl IntoView {
    let Some(TrailStore(trail)) = use_context::<TrailStore>() else {
        return view! { <p class="hint">"The activity trail is not available here."</p> }
            .into_any();
    };
    let settings = use_context::<SettingsStore>();
    let operator = move || {
        settings
            .map(|s| s.0.with(|s| s.operator_or_unknown()))
            .unwrap_or_else(|| "(operator not set)".into())
    };
    let status = Memo::new(move |_| trail.with(verify_trail));
    let overflow = Memo::new(move |_| trail.with(Trail::overflow));
    let flagged = Memo::new(move |_| trail.with(|t| t.flagged.is_some()));
    let count = Memo::new(move |_| trail.with(|t| t.entries.len()));
    let page_req = RwSignal::new(0usize);
    let page = page_memo(move || count.get(), page_req);
    let newest = Memo::new(move |_| {
        let p = page.get();
        trail.with(|t| {
            t.entries
                .iter()
                .rev()
                .skip(p.start)
                .take(p.end - p.start)
                .cloned()
                .collect::<Vec<TrailEntry>>()
        })
    });
    let export_all = move |_| {
        let t = trail.get_untracked();
        let name = format!(
            "activity-trail-{}.json",
            crate::domain::time::stamp(clock::now())
        );
        if crate::components::download::download_with_toast(&name, JSON, &to_export_json(&t)) {
            record_as(
                trail,
                &operator(),
                kinds::EXPORT,
                format!("activity trail ({name})"),
            );
        }
    };
    let archive_now = move |_| {
        let toasts = use_context::<crate::components::toast::Toasts>();
        match export_archive(trail, &operator()) {
            Ok(n) => {
                if let Some(t) = toasts {
                    t.info(format!("Archived {n} entries"));
                }
            }
            Err(e) => {
                if let Some(t) = toasts {
                    t.error(format!("Archive failed: {e}"));
                }
            }
        }
    };
    let acknowledge = move |_| {
        let op = operator();
        let at = clock::now();
        let note = trail.get_untracked().flagged.unwrap_or_default();
        let _ = trail.update(|t| {
            t.acknowledge_flag();
            t.append(at, &op, "trail-break-acknowledged", note);
        });
    };
    view! {
        <section class="card trail-panel" aria-labelledby="trail-title">
            <h2 id="trail-title">"Activity trail"</h2>
            <p role="status" data-stored="">
                {move || match status.get() {
                    Ok(()) => view! {
                        <span class="badge lvl-green">"Chain verified"</span>
                        " " {count.get()} " entries, each chained by SHA-256 to the one before."
                    }.into_any(),
                    Err(b) => view! {
                        <span class="badge lvl-red">"Chain broken"</span>
                        " " {b.to_string()} ". The trail is kept as found; nothing was repaired."
                    }.into_any(),
                }}
            </p>
            <Show when=move || flagged.get()>
                <button class="btn" on:click=acknowledge>"Acknowledge the reported break"</button>
            </Show>
            <Show when=move || { overflow.get() > 0 }>
                <p class="hint">
                    {move || format!("{} oldest entries are past the limit and wait to be archived.", overflow.get())}
                </p>
                <button class="btn" on:click=archive_now>"Download the archive and drop them"</button>
            </Show>
            <div class="trail-actions">
                <button class="btn" on:click=export_all>"Export the trail (JSON)"</button>
            </div>
            <div class="table-wrap" tabindex="0" role="region" aria-label="Activity trail table">
                <table class="trail-table">
                    <caption class="rec-sr-only">"Newest activity first"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"#"</th>
                            <th scope="col">"Time"</th>
                            <th scope="col">"Operator"</th>
                            <th scope="col">"Kind"</th>
                            <th scope="col">"Detail"</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || newest.get() key=|e| e.hash.clone() let:e>
                            <tr>
                                <td>{e.seq}</td>
                                <td><StaticUtcTime at=e.at/></td>
                                <td>{e.operator.clone()}</td>
                                <td><code>{e.kind.clone()}</code></td>
                                <td class="rec-text">{e.detail.clone()}</td>
                            </tr>
                        </For>
                    </tbody>
                </table>
            </div>
            <Pager page=page requested=page_req label="Activity trail pages"
                one="entry" many="entries" testid="trail-pager"/>
        </section>
    }
    .into_any()
}
