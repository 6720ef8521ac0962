//! Incident Log: one entry per incident (severity, status, times, components, root cause,
//! corrective actions, linked approvals), opened from Incident Mode, with the handoff bundle.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::api::poller::expect_poller;
use crate::clock::{self, expect_clock};
use crate::components::download::{download_with_toast, JSON, MARKDOWN};
use crate::components::record_form::{
    entropy, error_of, focus_first_invalid, query_value, Choice, ErrorSummary, Field, Kind,
};
use crate::components::time::StaticUtcTime;
use crate::components::toast::expect_toasts;
use crate::components::trail::record;
use crate::context::{
    expect_deploy_log, expect_governance, expect_incident_log, expect_incident_mode,
    expect_settings, expect_snapshots, expect_trail,
};
use crate::domain::approvals::new_id;
use crate::domain::deploy_log::merged_rows;
use crate::domain::export::file_slug;
use crate::domain::incident_log::{
    handoff_bundle, validate_incident, Incident, IncidentDraft, IncidentStatus, Severity,
};
use crate::domain::mission::platform_deployments;
use crate::domain::settings::FieldError;
use crate::domain::snapshots::{CopiedSnapshot, SnapshotKind};
use crate::domain::time::fmt_elapsed;
use crate::domain::trail::kinds;
use crate::domain::utc_input::fmt_utc_input;

/// The form's fields as signals.
#[derive(Clone, Copy)]
struct Form {
    title: RwSignal<String>,
    severity: RwSignal<String>,
    status: RwSignal<String>,
    started_at: RwSignal<String>,
    detected_at: RwSignal<String>,
    resolved_at: RwSignal<String>,
    components: RwSignal<String>,
    root_cause: RwSignal<String>,
    corrective_actions: RwSignal<String>,
    notes: RwSignal<String>,
}

impl Form {
    fn new() -> Self {
        let d = IncidentDraft::default();
        Self {
            title: RwSignal::new(d.title),
            severity: RwSignal::new(d.severity),
            status: RwSignal::new(d.status),
            started_at: RwSignal::new(fmt_utc_input(clock::now())),
            detected_at: RwSignal::new(String::new()),
            resolved_at: RwSignal::new(String::new()),
            components: RwSignal::new(String::new()),
            root_cause: RwSignal::new(String::new()),
            corrective_actions: RwSignal::new(String::new()),
            notes: RwSignal::new(String::new()),
        }
    }

    fn load(&self, d: IncidentDraft) {
        self.title.set(d.title);
        self.severity.set(d.severity);
        self.status.set(d.status);
        self.started_at.set(d.started_at);
        self.detected_at.set(d.detected_at);
        self.resolved_at.set(d.resolved_at);
        self.components.set(d.affected_components);
        self.root_cause.set(d.root_cause);
        self.corrective_actions.set(d.corrective_actions);
        self.notes.set(d.notes);
    }

    fn draft(&self) -> IncidentDraft {
        IncidentDraft {
            title: self.title.get_untracked(),
            severity: self.severity.get_untracked(),
            status: self.status.get_untracked(),
            started_at: self.started_at.get_untracked(),
            detected_at: self.detected_at.get_untracked(),
            resolved_at: self.resolved_at.get_untracked(),
            affected_components: self.components.get_untracked(),
            root_cause: self.root_cause.get_untracked(),
            corrective_actions: self.corrective_actions.get_untracked(),
            notes: self.notes.get_untracked(),
        }
    }
}

/// What the form is doing.
#[derive(Clone, Debug, PartialEq)]
enum Editing {
    /// A new entry; `Some(id)` when it is opened for the Incident Mode session with that id.
    New(Option<String>),
    Existing(String),
}

#[component]
pub fn IncidentLog() -> impl IntoView {
    let store = expect_incident_log();
    let mode = expect_incident_mode();
    let settings = expect_settings();
    let governance = expect_governance();
    let trail = expect_trail();
    let deploys = expect_deploy_log();
    let snapshots = expect_snapshots();
    let poller = expect_poller();
    let toasts = expect_toasts();
    let clock = expect_clock();
    let query = use_query_map();

    let form = Form::new();
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let editing = RwSignal::new(Editing::New(None));
    let offer_exit = RwSignal::new(false);

    let open_existing = move |id: String| {
        if let Some(i) = store.signal().with_untracked(|l| l.get(&id).cloned()) {
            form.load(IncidentDraft::from_incident(&i));
            errors.set(Vec::new());
            editing.set(Editing::Existing(id));
        }
    };

    // The session of Incident Mode that has no entry yet (id, start), if any.
    let session_without_entry = Memo::new(move |_| {
        let m = mode.get();
        if !m.active {
            return None;
        }
        let start = m.started_at?;
        let has = store.with(|l| {
            l.for_session(m.incident_id.as_deref(), Some(start))
                .is_some()
        });
        (!has).then(|| (m.incident_id.clone(), start))
    });

    let open_for_session = move || {
        let Some((id, start)) = session_without_entry.get_untracked() else {
            return;
        };
        let title = id
            .clone()
            .map(|i| format!("Incident {i}"))
            .unwrap_or_else(|| "Incident".into());
        form.load(IncidentDraft {
            title,
            started_at: fmt_utc_input(start),
            detected_at: fmt_utc_input(start),
            ..IncidentDraft::default()
        });
        errors.set(Vec::new());
        editing.set(Editing::New(Some(
            id.unwrap_or_else(|| crate::domain::mission::incident_id_for(start)),
        )));
        focus_title();
    };

    // `?incident=ID`: edit that entry, or offer the session's entry.
    Effect::new(move |_| {
        let Some(id) = query.with(|q| q.get("incident")) else {
            return;
        };
        if store.signal().with_untracked(|l| l.get(&id).is_some()) {
            open_existing(id);
        } else if session_without_entry
            .get_untracked()
            .is_some_and(|(sid, _)| sid.as_deref() == Some(id.as_str()))
        {
            open_for_session();
        }
    });

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let now = clock::now();
        let by = settings.get_untracked().operator_or_unknown();
        let draft = form.draft();
        let current = editing.get_untracked();
        let base = match &current {
            Editing::Existing(id) => store.signal().with_untracked(|l| l.get(id).cloned()),
            Editing::New(_) => None,
        };
        let (id, from_mode) = match &current {
            Editing::New(Some(sid)) => (sid.clone(), true),
            _ => (new_id("INC", now, entropy()), false),
        };
        match validate_incident(&draft, base.as_ref(), id, &by, from_mode, now) {
            Ok(inc) => {
                errors.set(Vec::new());
                let was_resolved = base
                    .as_ref()
                    .is_some_and(|b| b.status == IncidentStatus::Resolved);
                let what = if base.is_some() { "updated" } else { "opened" };
                let summary = format!(
                    "{} {what}: {} {} ({})",
                    inc.id,
                    inc.severity.label(),
                    inc.status.label(),
                    inc.title
                );
                let id = inc.id.clone();
                let resolved_now = inc.status == IncidentStatus::Resolved && !was_resolved;
                match store.update(|l| l.upsert(inc)) {
                    Ok(()) => toasts.info(format!("Incident {id} {what}")),
                    Err(e) => toasts.error(e.to_string()),
                }
                record(kinds::INCIDENT, summary);
                if from_mode {
                    // Link the session to its entry (Mission Control shows it).
                    let _ = mode.update(|m| {
                        if m.active && m.incident_id.is_none() {
                            m.incident_id = Some(id.clone());
                        }
                    });
                }
                editing.set(Editing::Existing(id));
                offer_exit.set(resolved_now && mode.signal().with_untracked(|m| m.active));
            }
            Err(es) => {
                errors.set(es);
                focus_first_invalid();
            }
        }
    };

    let exit_mode = move |_| {
        let now = clock::now();
        let by = settings.get_untracked().operator_or_unknown();
        let id = mode.get_untracked().incident_id.unwrap_or_default();
        match mode.update(|m| m.turn_off(now, &by)) {
            Ok(()) => {
                record(
                    kinds::INCIDENT_MODE_OFF,
                    format!("Incident Mode off from the Incident Log ({id})"),
                );
                toasts.info("Incident Mode is off; polling resumed.");
                poller.poll_now();
            }
            Err(e) => toasts.error(e.to_string()),
        }
        offer_exit.set(false);
    };

    let new_entry = move |_| {
        form.load(IncidentDraft {
            started_at: fmt_utc_input(clock::now()),
            ..IncidentDraft::default()
        });
        errors.set(Vec::new());
        editing.set(Editing::New(None));
        offer_exit.set(false);
        focus_title();
    };

    let list = Memo::new(move |_| {
        store.with(|l| {
            let mut v = l.incidents.clone();
            v.reverse();
            v
        })
    });

    let export_bundle = move |id: String, fmt: &'static str| {
        let Some(inc) = store.signal().with_untracked(|l| l.get(&id).cloned()) else {
            return;
        };
        let now = clock::now();
        let by = settings.get_untracked().operator_or_unknown();
        let (platform, current) = poller
            .status
            .with_untracked(|s| s.data().map(platform_deployments))
            .unwrap_or_default();
        let rows = deploys
            .signal()
            .with_untracked(|l| merged_rows(&l.entries, &platform, current.as_deref()));
        let approvals = governance.get_untracked().approvals;
        let entries = trail.get_untracked().entries;
        let snaps = snapshots
            .signal()
            .with_untracked(|l| inc.snapshots(&l.snapshots, now));
        let bundle = handoff_bundle(&inc, &approvals, &snaps, &entries, &rows, &by, now);
        let base = format!("incident-handoff-{}", file_slug(&inc.id));
        let (name, mime, text) = match fmt {
            "md" => (format!("{base}.md"), MARKDOWN, bundle.to_markdown()),
            _ => (format!("{base}.json"), JSON, bundle.to_json()),
        };
        if download_with_toast(&name, mime, &text) {
            record(kinds::EXPORT, format!("Incident handoff {name}"));
        }
    };

    let severity_options: Vec<(String, String)> = Severity::ALL
        .iter()
        .map(|s| (s.label().to_string(), s.describe().to_string()))
        .collect();
    let status_options: Vec<(String, String)> = IncidentStatus::ALL
        .iter()
        .map(|s| (s.label().to_string(), s.label().to_string()))
        .collect();

    let form_title = move || match editing.get() {
        Editing::New(None) => "Open an incident entry".to_string(),
        Editing::New(Some(id)) => format!("Open the entry for {id}"),
        Editing::Existing(id) => format!("Edit {id}"),
    };

    view! {
        <section class="page rec-page" aria-labelledby="inc-title">
            <h1 id="inc-title">"Incident Log"</h1>
            <p class="subtitle">"One entry per incident. Times are UTC."</p>
            <crate::components::handoff::HandoffButton/>

            {move || session_without_entry.get().map(|(id, start)| view! {
                <div class="banner lvl-red" role="status" data-testid="inc-session">
                    <p>
                        "Incident Mode is on since " <StaticUtcTime at=start/>
                        {id.map(|i| format!(" ({i})"))}
                        " and this incident has no entry yet."
                    </p>
                    <button type="button" class="btn btn-primary" on:click=move |_| open_for_session()>
                        "Open the entry for this incident"
                    </button>
                </div>
            })}

            <Show when=move || offer_exit.get()>
                <div class="banner lvl-amber" role="alert" data-testid="inc-exit-offer">
                    <p>"The incident is resolved but Incident Mode is still on (polling frozen)."</p>
                    <button type="button" class="btn btn-primary" on:click=exit_mode>"End Incident Mode"</button>
                    " "
                    <button type="button" class="btn" on:click=move |_| offer_exit.set(false)>"Keep it on"</button>
                </div>
            </Show>

            <div class="rec-layout">
                <form class="card rec-form" on:submit=submit novalidate=true aria-labelledby="inc-form-title">
                    <div class="card-head">
                        <h2 id="inc-form-title">{form_title}</h2>
                        <button type="button" class="btn btn-small" on:click=new_entry>"New entry"</button>
                    </div>
                    <ErrorSummary errors=errors/>
                    <Field id="inc-title-input" label="Title" value=form.title required=true
                        error=error_of(errors, "title")/>
                    <div class="rec-row">
                        <Choice id="inc-severity" label="Severity" value=form.severity
                            options=severity_options error=error_of(errors, "severity")/>
                        <Choice id="inc-status" label="Status" value=form.status
                            options=status_options error=error_of(errors, "status")/>
                    </div>
                    <Field id="inc-started" label="Started (UTC)" value=form.started_at required=true
                        error=error_of(errors, "started_at")
                        hint="YYYY-MM-DD HH:MM[:SS] in UTC, or RFC 3339."/>
                    <Field id="inc-detected" label="Detected (UTC)" value=form.detected_at
                        error=error_of(errors, "detected_at")/>
                    <Field id="inc-resolved" label="Resolved (UTC)" value=form.resolved_at
                        error=error_of(errors, "resolved_at")
                        hint="Required once the status is resolved."/>
                    <Field id="inc-components" label="Affected components" value=form.components
                        error=error_of(errors, "affected_components")
                        hint="Separated by commas or lines."/>
                    <Field id="inc-root-cause" label="Root cause" value=form.root_cause kind=Kind::Area
                        error=error_of(errors, "root_cause")/>
                    <Field id="inc-actions" label="Corrective actions" value=form.corrective_actions kind=Kind::Area
                        error=error_of(errors, "corrective_actions") hint="One per line."/>
                    <Field id="inc-notes" label="Notes (checklist runs, snapshots, links)" value=form.notes kind=Kind::Area
                        error=error_of(errors, "notes")/>
                    <button type="submit" class="btn btn-primary">
                        {move || if matches!(editing.get(), Editing::Existing(_)) { "Save the entry" } else { "Open the entry" }}
                    </button>
                </form>

                <section class="card rec-list" aria-labelledby="inc-list-title">
                    <div class="card-head">
                        <h2 id="inc-list-title">"Incidents, newest first"</h2>
                        <span class="hint">{move || format!("{} recorded", list.with(Vec::len))}</span>
                    </div>
                    <ol class="rec-entries" data-testid="inc-list">
                        <For
                            each=move || list.get()
                            key=|i| (i.id.clone(), i.updated_at)
                            children=move |i: Incident| {
                                let id = i.id.clone();
                                let id2 = i.id.clone();
                                let id3 = i.id.clone();
                                let approvals = governance.signal().with_untracked(|g| i.linked_approvals(&g.approvals, clock::now()));
                                let i2 = i.clone();
                                let id4 = i.id.clone();
                                // Copies made later (in another tab too) arrive through the store.
                                let copied = {
                                    let i = i.clone();
                                    Memo::new(move |_| snapshots.with(|l| i.snapshots(&l.snapshots, clock::now())))
                                };
                                let duration = {
                                    let i = i.clone();
                                    move || fmt_elapsed(i.duration_secs(clock.now()))
                                };
                                view! {
                                    <li class="rec-entry" id=i.id.clone()>
                                        <div class="card-head">
                                            <h3>{i.title.clone()}</h3>
                                            <span>
                                                <span class=format!("badge {}", i.severity.level_class())>{i.severity.label()}</span>
                                                " "
                                                <span class=format!("badge {}", i.status.level_class())>{i.status.label()}</span>
                                            </span>
                                        </div>
                                        <p class="hint"><code>{i.id.clone()}</code>
                                            {i.from_incident_mode.then_some(" · opened from Incident Mode")}</p>
                                        <dl class="rec-dl">
                                            <dt>"Started"</dt><dd><StaticUtcTime at=i.started_at/></dd>
                                            <dt>"Detected"</dt><dd>{i.detected_at.map(|t| view! { <StaticUtcTime at=t/> })}</dd>
                                            <dt>"Resolved"</dt><dd>{i.resolved_at.map(|t| view! { <StaticUtcTime at=t/> })}</dd>
                                            <dt>"Duration"</dt><dd>{duration}{i2.resolved_at.is_none().then_some(" (ongoing)")}</dd>
                                            <dt>"Components"</dt><dd>{i.affected_components.join(", ")}</dd>
                                            <dt>"Root cause"</dt><dd class="rec-text">{i.root_cause.clone()}</dd>
                                            <dt>"Corrective actions"</dt><dd class="rec-text">{i.corrective_actions.clone()}</dd>
                                            <dt>"Notes"</dt><dd class="rec-text">{i.notes.clone()}</dd>
                                            <dt>"Approvals"</dt>
                                            <dd>
                                                {if approvals.is_empty() {
                                                    view! { <span class="muted">"none during this incident"</span> }.into_any()
                                                } else {
                                                    view! {
                                                        <ul class="rec-links">
                                                            {approvals.into_iter().map(|a| {
                                                                let href = format!("/governance-log#{}", a.id);
                                                                let summary = a.summary();
                                                                view! {
                                                                    <li><A href=href>{summary}</A>
                                                                        " · " {a.approver}</li>
                                                                }
                                                            }).collect_view()}
                                                        </ul>
                                                    }.into_any()
                                                }}
                                            </dd>
                                            <dt>"Diagnostics snapshots"</dt>
                                            <dd data-testid="inc-snapshots">
                                                {move || {
                                                    let list = copied.get();
                                                    if list.is_empty() {
                                                        view! { <span class="muted">"none copied during this incident"</span> }.into_any()
                                                    } else {
                                                        view! {
                                                            <ul class="rec-links">
                                                                {list.into_iter().map(snapshot_item).collect_view()}
                                                            </ul>
                                                        }.into_any()
                                                    }
                                                }}
                                            </dd>
                                        </dl>
                                        <div class="rec-actions">
                                            <button type="button" class="btn btn-small" on:click=move |_| { open_existing(id.clone()); focus_title(); }>
                                                "Edit"
                                            </button>
                                            <button type="button" class="btn btn-small" on:click=move |_| export_bundle(id2.clone(), "json")>
                                                "Handoff JSON"
                                            </button>
                                            <button type="button" class="btn btn-small" on:click=move |_| export_bundle(id4.clone(), "md")>
                                                "Handoff Markdown"
                                            </button>
                                            <A href=format!("/postmortem?incident={}", query_value(&id3))>"Postmortem"</A>
                                        </div>
                                    </li>
                                }
                            }
                        />
                    </ol>
                    {move || snapshots.with(|l| l.dropped_note()).map(|note| view! {
                        <p class="hint" data-testid="inc-snapshots-dropped">{note}</p>
                    })}
                    <Show when=move || list.with(Vec::is_empty)>
                        <p class="hint">"No incidents recorded."</p>
                    </Show>
                </section>
            </div>
        </section>
    }
}

/// One copied snapshot: when, what, by whom, its short SHA-256, the body to view and download.
fn snapshot_item(s: CopiedSnapshot) -> impl IntoView {
    let mime = match s.kind {
        SnapshotKind::DiagnosticsJson => JSON,
        SnapshotKind::IncidentSnapshot => MARKDOWN,
    };
    let name = s.file_name();
    let body = s.body.clone();
    let download = move |_| {
        if download_with_toast(&name, mime, &body) {
            record(kinds::EXPORT, format!("Diagnostics snapshot {name}"));
        }
    };
    let intact = s.intact();
    view! {
        <li class="rec-snapshot" data-snapshot-id=s.id.clone()>
            <StaticUtcTime at=s.copied_at/>
            " · " {s.kind.label()} " · " {s.copied_by.clone()}
            " · sha256 " <code>{s.short_sha().to_string()}</code>
            {(!intact).then_some(" · the stored body no longer matches its hash")}
            " "
            <button type="button" class="btn btn-small" on:click=download>"Download"</button>
            <details>
                <summary>{format!("View {}", s.id)}</summary>
                // Focusable, so a long body can be scrolled with the keyboard.
                <pre class="rec-text" tabindex="0" role="region" aria-label=format!("Body of {}", s.id)>{s.body}</pre>
            </details>
        </li>
    }
}

fn focus_title() {
    request_animation_frame(|| {
        use wasm_bindgen::JsCast;
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("inc-title-input"))
        {
            if let Some(el) = el.dyn_ref::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    });
}
