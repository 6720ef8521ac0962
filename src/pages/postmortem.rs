//! Incident Postmortem: one draft per Incident Log entry, prefilled from the entry, the activity
//! trail and the approvals, saved as typed; export as Markdown or copy to the clipboard.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::clock;
use crate::components::download::{download_with_toast, MARKDOWN};
use crate::components::record_form::{query_value, write_clipboard, Field, Kind};
use crate::components::toast::expect_toasts;
use crate::components::trail::record;
use crate::context::{
    expect_governance, expect_incident_log, expect_incident_mode, expect_settings, expect_trail,
};
use crate::domain::export::file_slug;
use crate::domain::incident_log::{Incident, IncidentStatus, Severity};
use crate::domain::mission::incident_id_for;
use crate::domain::postmortem::{
    prefill, to_markdown, validate_actions, ActionItem, Postmortem, Postmortems,
};
use crate::domain::time::{fmt_elapsed, fmt_utc, fmt_utc_from, TimeSource};
use crate::domain::trail::kinds;
use crate::storage::store::Store;

#[component]
pub fn Postmortem() -> impl IntoView {
    let log = expect_incident_log();
    let mode = expect_incident_mode();
    let settings = expect_settings();
    let toasts = expect_toasts();
    let query = use_query_map();
    let navigate = use_navigate();
    let drafts = Store::<Postmortems>::load(Postmortems::default);

    let incidents = Memo::new(move |_| {
        log.with(|l| {
            let mut v: Vec<(String, String)> = l
                .incidents
                .iter()
                .map(|i| (i.id.clone(), format!("{} — {}", i.id, i.title)))
                .collect();
            v.reverse();
            v
        })
    });
    let wanted = Memo::new(move |_| query.with(|q| q.get("incident")));
    // The incident shown: the one asked for, else the newest.
    let selected = Memo::new(move |_| {
        let ids = incidents.get();
        match wanted.get() {
            Some(id) if ids.iter().any(|(i, _)| *i == id) => Some(id),
            Some(_) => None,
            None => ids.first().map(|(i, _)| i.clone()),
        }
    });

    // An Incident Mode session (current or last) without an Incident Log entry.
    let session = Memo::new(move |_| {
        let m = mode.get();
        let start = m.started_at?;
        let id = m
            .incident_id
            .clone()
            .unwrap_or_else(|| incident_id_for(start));
        let has = log.with(|l| l.for_session(Some(&id), Some(start)).is_some());
        (!has).then_some((id, start, m.ended_at, m.active))
    });

    let create_from_session = {
        let navigate = navigate.clone();
        move |_| {
            let Some((id, start, end, _)) = session.get_untracked() else {
                return;
            };
            let now = clock::now();
            let by = settings.get_untracked().operator_or_unknown();
            let inc = Incident {
                id: id.clone(),
                title: format!("Incident {id}"),
                severity: Severity::P1,
                status: if end.is_some() {
                    IncidentStatus::Resolved
                } else {
                    IncidentStatus::Open
                },
                started_at: start,
                detected_at: Some(start),
                resolved_at: end,
                affected_components: Vec::new(),
                root_cause: String::new(),
                corrective_actions: String::new(),
                approval_ids: Vec::new(),
                notes: String::new(),
                from_incident_mode: true,
                created_by: by,
                created_at: now,
                updated_at: now,
            };
            match log.update(|l| l.upsert(inc)) {
                Ok(()) => toasts.info(format!("Incident Log entry {id} opened from the session")),
                Err(e) => toasts.error(e.to_string()),
            }
            record(
                kinds::INCIDENT,
                format!("{id} opened from the Incident Mode session (postmortem)"),
            );
            navigate(
                &format!("/postmortem?incident={}", query_value(&id)),
                Default::default(),
            );
        }
    };

    let on_pick = move |ev: leptos::ev::Event| {
        let id = event_target_value(&ev);
        navigate(
            &format!("/postmortem?incident={}", query_value(&id)),
            Default::default(),
        );
    };

    view! {
        <section class="page rec-page" aria-labelledby="pm-title">
            <h1 id="pm-title">"Incident Postmortem"</h1>
            <p class="subtitle">
                "One postmortem per Incident Log entry, prefilled from the entry, the activity trail and the approvals. Drafts are saved as you type."
            </p>

            {move || session.get().map(|(id, start, end, active)| view! {
                <div class="banner lvl-amber" role="status" data-testid="pm-session">
                    <p>
                        {format!(
                            "The Incident Mode session {id} ({} – {}, {}) has no Incident Log entry yet.",
                            fmt_utc(start),
                            end.map(fmt_utc).unwrap_or_else(|| if active { "ongoing".into() } else { "?".into() }),
                            TimeSource::Device.label()
                        )}
                    </p>
                    <button type="button" class="btn btn-primary" on:click=create_from_session.clone()>
                        "Create the entry from this session"
                    </button>
                </div>
            })}

            <div class="card rec-picker">
                <div class="field">
                    <label for="pm-incident">"Incident"</label>
                    <select id="pm-incident" on:change=on_pick prop:value=move || selected.get().unwrap_or_default()>
                        <option value="" disabled=true selected=move || selected.get().is_none()>"Choose an incident"</option>
                        <For each=move || incidents.get() key=|(id, label)| (id.clone(), label.clone()) let:item>
                            {
                                let (id, label) = item;
                                let id2 = id.clone();
                                view! { <option value=id selected=move || selected.get().as_deref() == Some(id2.as_str())>{label}</option> }
                            }
                        </For>
                    </select>
                </div>
                {move || match (wanted.get(), selected.get()) {
                    (Some(w), None) => Some(view! {
                        <p class="field-error">{format!("No Incident Log entry {w}.")}</p>
                    }.into_any()),
                    (_, None) if incidents.with(Vec::is_empty) => Some(view! {
                        <p class="hint">"No incidents in the Incident Log yet. Open one there (or from an Incident Mode session above) first."</p>
                    }.into_any()),
                    _ => None,
                }}
            </div>

            {move || selected.get().map(|id| view! { <Editor id=id drafts=drafts/> })}
        </section>
    }
}

#[component]
fn Editor(id: String, drafts: Store<Postmortems>) -> impl IntoView {
    let log = expect_incident_log();
    let trail = expect_trail();
    let governance = expect_governance();
    let settings = expect_settings();
    let toasts = expect_toasts();

    let incident = {
        let id = id.clone();
        Memo::new(move |_| log.with(|l| l.get(&id).cloned()))
    };
    let Some(inc0) = incident.get_untracked() else {
        return ().into_any();
    };
    let prefilled = move || {
        let inc = incident.get_untracked().unwrap_or_else(|| inc0.clone());
        let t = trail.get_untracked();
        let g = governance.get_untracked();
        prefill(&inc, &t.entries, &g.approvals, clock::now())
    };
    let stored = drafts
        .signal()
        .with_untracked(|d| d.drafts.get(&id).cloned());
    let was_saved = stored.is_some();
    let start: Postmortem = stored.unwrap_or_else(prefilled.clone());

    let summary = RwSignal::new(start.summary.clone());
    let impact = RwSignal::new(start.impact.clone());
    let timeline = RwSignal::new(start.timeline.clone());
    let root_cause = RwSignal::new(start.root_cause.clone());
    let went_well = RwSignal::new(start.went_well.clone());
    let went_wrong = RwSignal::new(start.went_wrong.clone());
    let actions = RwSignal::new(start.actions.clone());
    let saved_at = RwSignal::new(start.updated_at);
    let saved_state = RwSignal::new(if was_saved {
        "Draft loaded"
    } else {
        "Prefilled, not saved yet"
    });

    let current = {
        let id = id.clone();
        move || Postmortem {
            incident_id: id.clone(),
            summary: summary.get_untracked(),
            impact: impact.get_untracked(),
            timeline: timeline.get_untracked(),
            root_cause: root_cause.get_untracked(),
            went_well: went_well.get_untracked(),
            went_wrong: went_wrong.get_untracked(),
            actions: actions.get_untracked(),
            updated_at: saved_at.get_untracked(),
            updated_by: settings.get_untracked().operator_or_unknown(),
        }
    };
    let save = {
        let current = current.clone();
        let id = id.clone();
        move || {
            let now = clock::now();
            let mut pm = current();
            pm.updated_at = Some(now);
            saved_at.set(Some(now));
            let id = id.clone();
            match drafts.update(move |d| {
                d.drafts.insert(id, pm);
            }) {
                Ok(()) => saved_state.set("Draft saved"),
                Err(_) => saved_state.set("Draft kept in this tab only (storage refused it)"),
            }
        }
    };
    let on_change = Callback::new({
        let save = save.clone();
        move |_: String| save()
    });

    let refill_timeline = {
        let prefilled = prefilled.clone();
        let save = save.clone();
        move |_| {
            timeline.set(prefilled().timeline);
            save();
        }
    };

    let action_errors = Memo::new(move |_| actions.with(|a| validate_actions(a)));
    let add_action = {
        let save = save.clone();
        move |_| {
            actions.update(|a| a.push(ActionItem::default()));
            save();
        }
    };

    let markdown = {
        let current = current.clone();
        move || {
            let inc = incident.get_untracked()?;
            Some(to_markdown(&current(), &inc, clock::now()))
        }
    };
    let file_name = format!("POSTMORTEM-{}.md", file_slug(&id));
    let export = {
        let markdown = markdown.clone();
        let file_name = file_name.clone();
        let id = id.clone();
        move |_| {
            let Some(md) = markdown() else { return };
            if download_with_toast(&file_name, MARKDOWN, &md) {
                record(kinds::EXPORT, format!("Postmortem {id} as {file_name}"));
            }
        }
    };
    let fallback_text = RwSignal::new(None::<String>);
    let fallback_ref = NodeRef::<leptos::html::Textarea>::new();
    let copy = {
        let markdown = markdown.clone();
        let id = id.clone();
        move |_| {
            let Some(md) = markdown() else { return };
            let id = id.clone();
            spawn_local(async move {
                match write_clipboard(&md).await {
                    Ok(()) => {
                        fallback_text.try_set(None);
                        toasts.info("Postmortem copied to the clipboard");
                        record(
                            kinds::EXPORT,
                            format!("Postmortem {id} copied to the clipboard"),
                        );
                    }
                    Err(why) => {
                        toasts.error(format!(
                            "The browser refused the clipboard ({why}): the text is shown selected below, copy it with Ctrl+C."
                        ));
                        fallback_text.try_set(Some(md));
                        request_animation_frame(move || {
                            if let Some(t) = fallback_ref.get_untracked() {
                                let _ = t.focus();
                                t.select();
                            }
                        });
                    }
                }
            });
        }
    };

    let facts = move || {
        incident.get().map(|i| {
            let now = clock::now();
            format!(
                "{} · {} · started {} · {} · duration {}{}",
                i.severity.label(),
                i.status.label(),
                fmt_utc_from(i.started_at, TimeSource::Device),
                i.resolved_at
                    .map(|r| format!("resolved {}", fmt_utc_from(r, TimeSource::Device)))
                    .unwrap_or_else(|| "not resolved".into()),
                fmt_elapsed(i.duration_secs(now)),
                if i.affected_components.is_empty() {
                    String::new()
                } else {
                    format!(" · {}", i.affected_components.join(", "))
                }
            )
        })
    };

    let title = incident
        .get_untracked()
        .map(|i| i.title)
        .unwrap_or_default();
    let rows = move || actions.with(|a| (0..a.len()).collect::<Vec<usize>>());

    view! {
        <article class="card rec-pm" aria-labelledby="pm-doc-title">
            <div class="card-head">
                <h2 id="pm-doc-title">{format!("{id} — {title}")}</h2>
                <span class="hint" role="status" data-testid="pm-saved">
                    {move || saved_state.get()}
                    {move || saved_at.get().map(|t| format!(" · {}", fmt_utc_from(t, TimeSource::Device)))}
                </span>
            </div>
            <p class="hint" data-testid="pm-facts">{facts}</p>
            <div class="rec-actions">
                <button type="button" class="btn" on:click=export>"Export Markdown"</button>
                <button type="button" class="btn" on:click=copy>"Copy to clipboard"</button>
                <button type="button" class="btn" on:click=refill_timeline>"Refill the timeline from the trail"</button>
            </div>
            {move || fallback_text.get().map(|t| view! {
                <div class="field">
                    <label for="pm-copy-fallback">"Postmortem Markdown (selected: press Ctrl+C)"</label>
                    <textarea id="pm-copy-fallback" class="rec-fallback" readonly=true node_ref=fallback_ref prop:value=t></textarea>
                </div>
            })}
            <form class="rec-form" on:submit=|ev| ev.prevent_default()>
                <Field id="pm-summary" label="Summary" value=summary kind=Kind::Area on_change=on_change/>
                <Field id="pm-impact" label="Impact" value=impact kind=Kind::Area on_change=on_change
                    hint="Who and what was affected; anomalies seen."/>
                <Field id="pm-timeline" label="Timeline (UTC)" value=timeline kind=Kind::Area on_change=on_change
                    hint="Prefilled from the activity trail: mode toggles, checklist ticks, approvals, snapshots."/>
                <Field id="pm-root-cause" label="Root cause" value=root_cause kind=Kind::Area on_change=on_change/>
                <Field id="pm-went-well" label="What went well" value=went_well kind=Kind::Area on_change=on_change/>
                <Field id="pm-went-wrong" label="What went wrong" value=went_wrong kind=Kind::Area on_change=on_change/>
                <fieldset class="rec-actions-set">
                    <legend>"Corrective actions"</legend>
                    <For each=rows key=|i| *i let:i>
                        <ActionRow i=i actions=actions errors=action_errors on_change=on_change/>
                    </For>
                    <button type="button" class="btn btn-small" on:click=add_action>"Add an action"</button>
                </fieldset>
            </form>
        </article>
    }
    .into_any()
}

#[component]
fn ActionRow(
    i: usize,
    actions: RwSignal<Vec<ActionItem>>,
    errors: Memo<Vec<(usize, crate::domain::settings::FieldError)>>,
    on_change: Callback<String>,
) -> impl IntoView {
    let get = move |f: fn(&ActionItem) -> String| {
        move || actions.with(|a| a.get(i).map(f).unwrap_or_default())
    };
    let set = move |f: fn(&mut ActionItem, String)| {
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            actions.update(|a| {
                if let Some(item) = a.get_mut(i) {
                    f(item, v.clone());
                }
            });
            on_change.run(v);
        }
    };
    let err = move |field: &'static str| {
        move || {
            errors.with(|es| {
                es.iter()
                    .find(|(row, e)| *row == i && e.field == field)
                    .map(|(_, e)| e.message.clone())
            })
        }
    };
    let remove = move |_| {
        actions.update(|a| {
            if i < a.len() {
                a.remove(i);
            }
        });
        on_change.run(String::new());
    };
    let id = |f: &str| format!("pm-action-{i}-{f}");
    // A refused value is named next to its field: the input is aria-invalid and described by
    // the message.
    let described = move |f: &'static str, field: &'static str| {
        move || err(field)().map(|_| format!("pm-action-{i}-{f}-error"))
    };
    let message = move |f: &'static str, field: &'static str| {
        move || {
            err(field)().map(|m| view! { <span id=format!("pm-action-{i}-{f}-error") class="field-error">{m}</span> })
        }
    };
    view! {
        <div class="rec-action-row">
            <div class="field">
                <label for=id("what")>{format!("Action {}", i + 1)}</label>
                <input id=id("what") type="text" prop:value=get(|a| a.action.clone())
                    on:input=set(|a, v| a.action = v)
                    aria-invalid=move || err("action")().is_some().then_some("true")
                    aria-describedby=described("what", "action")/>
                {message("what", "action")}
            </div>
            <div class="field">
                <label for=id("owner")>"Owner"</label>
                <input id=id("owner") type="text" prop:value=get(|a| a.owner.clone())
                    on:input=set(|a, v| a.owner = v)
                    aria-invalid=move || err("owner")().is_some().then_some("true")
                    aria-describedby=described("owner", "owner")/>
                {message("owner", "owner")}
            </div>
            <div class="field">
                <label for=id("due")>"Due (YYYY-MM-DD)"</label>
                <input id=id("due") type="text" placeholder="YYYY-MM-DD" prop:value=get(|a| a.due.clone())
                    on:input=set(|a, v| a.due = v)
                    aria-invalid=move || err("due")().is_some().then_some("true")
                    aria-describedby=described("due", "due")/>
                {message("due", "due")}
            </div>
            <button type="button" class="btn btn-small" on:click=remove
                aria-label=format!("Remove action {}", i + 1)>"Remove"</button>
        </div>
    }
}
