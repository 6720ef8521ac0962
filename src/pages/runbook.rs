//! Ops Runbook (`/runbook`): every entry with its anchor (`#inc-003`), symptoms, how to confirm
//! them on this console, the steps, and which steps need a T-JOSH approval. The entries are data
//! in `domain/runbook.rs`; Mission Control's Anomaly Summary links into them.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::context::expect_settings;
use crate::domain::runbook::{approval_href, approval_label, entry, RunbookEntry, ENTRIES};

#[component]
pub fn Runbook() -> impl IntoView {
    let settings = expect_settings();
    let approver = Signal::derive(move || {
        settings.with(|s| {
            let a = s.approver.trim();
            if a.is_empty() {
                "T-JOSH".to_string()
            } else {
                a.to_string()
            }
        })
    });
    view! {
        <section class="page runbook">
            <h1>"Ops Runbook"</h1>
            <p class="subtitle">
                "Procedures for the incidents the console detects. Each entry: symptoms, how to confirm them here, the steps, and which steps need "
                {approver} "'s approval (recorded in the " <A href="/governance-log">"Governance Log"</A>
                " first). Search them with the " <A href="/runbooks">"Runbooks Index"</A> "."
            </p>
            <nav class="card toc" aria-labelledby="toc-title">
                <h2 id="toc-title">"Entries"</h2>
                <ol class="toc-list">
                    {ENTRIES
                        .iter()
                        .map(|e| {
                            view! {
                                <li>
                                    <A href=e.href()>{e.code()} " — " {e.title}</A>
                                </li>
                            }
                        })
                        .collect_view()}
                </ol>
            </nav>
            {ENTRIES.iter().map(|e| view! { <Entry e=e approver=approver/> }).collect_view()}
        </section>
    }
}

#[component]
fn Entry(e: &'static RunbookEntry, approver: Signal<String>) -> impl IntoView {
    let heading = format!("{}-title", e.id);
    let labelled_by = heading.clone();
    view! {
        <article id=e.id class="card runbook-entry" aria-labelledby=labelled_by>
            <header class="card-head">
                <h2 id=heading>
                    <span class="entry-code">{e.code()}</span>
                    " " {e.title}
                </h2>
                <span class="badge lvl-unknown">"Severity: " {e.severity}</span>
            </header>
            <p>{e.summary}</p>
            <div class="entry-cols">
                <section>
                    <h3>"Symptoms"</h3>
                    <ul>{e.symptoms.iter().map(|s| view! { <li>{*s}</li> }).collect_view()}</ul>
                </section>
                <section>
                    <h3>"Confirm on this console"</h3>
                    <ul>
                        {e.confirm
                            .iter()
                            .map(|c| view! {
                                <li>
                                    <A href=c.link.href>{c.link.label}</A>
                                    ": " {c.text}
                                </li>
                            })
                            .collect_view()}
                    </ul>
                </section>
            </div>
            <h3>"Steps"</h3>
            <ol class="steps">
                {e.steps
                    .iter()
                    .map(|s| {
                        let gate = s.approval.map(|a| {
                            view! {
                                <p class="gate-note">
                                    <span class="badge lvl-amber">
                                        <span aria-hidden="true">"🔐"</span>
                                        " Needs " {approver} " approval"
                                    </span>
                                    " Record the " {approval_label(a)} " approval first: "
                                    <A href=approval_href(a)>"Governance Log → " {approval_label(a)}</A>
                                </p>
                            }
                        });
                        view! {
                            <li class:gated=s.approval.is_some()>
                                <span>{s.text}</span>
                                {s.link.map(|l| view! { " " <A href=l.href>{l.label} " ↗"</A> })}
                                {gate}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
            {(!e.related.is_empty()).then(|| view! {
                <p class="related">
                    "See also: "
                    {e.related
                        .iter()
                        .filter_map(|id| entry(id))
                        .map(|r| view! { <A href=r.href()>{r.code()} " " {r.title}</A> " " })
                        .collect_view()}
                </p>
            })}
        </article>
    }
}
