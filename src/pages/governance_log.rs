//! Governance Log: approvals recorded for gated actions, prefilled from links
//! (`/governance-log?action=rollback&version=41`), a gate check, exports and the activity trail.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_query_map};

use crate::clock::{self, expect_clock};
use crate::components::download::{download_with_toast, JSON, MARKDOWN};
use crate::components::pager::{sized_page_memo, Pager};
use crate::components::record_form::{
    entropy, error_of, focus_first_invalid, Choice, ErrorSummary, Field, Kind,
};
use crate::components::time::StaticUtcTime;
use crate::components::toast::expect_toasts;
use crate::components::trail::{record, TrailPanel};
use crate::context::{expect_governance, expect_settings, expect_thresholds};
use crate::domain::approvals::{
    gate_message, governance_markdown, new_id, select_newest_first, validate_approval, Approval,
    ApprovalAction, ApprovalDraft,
};
use crate::domain::paging::CARD_PAGE_SIZE;
use crate::domain::settings::FieldError;
use crate::domain::time::fmt_age;
use crate::domain::trail::kinds;
use crate::domain::utc_input::fmt_utc_input;
use crate::storage::to_export_json;

fn action_options() -> Vec<(String, String)> {
    ApprovalAction::ALL
        .iter()
        .map(|a| (a.slug().to_string(), a.label().to_string()))
        .collect()
}

#[component]
pub fn GovernanceLog() -> impl IntoView {
    let store = expect_governance();
    let settings = expect_settings();
    let thresholds = expect_thresholds();
    let toasts = expect_toasts();
    let clock = expect_clock();
    let query = use_query_map();

    let default_approver = move || {
        let a = settings.get_untracked().approver.trim().to_string();
        if a.is_empty() {
            "T-JOSH".to_string()
        } else {
            a
        }
    };
    let action = RwSignal::new(ApprovalAction::AliasPromotion.slug().to_string());
    let target = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let approver = RwSignal::new(default_approver());
    let method = RwSignal::new(String::new());
    let reference = RwSignal::new(String::new());
    let approved_at = RwSignal::new(fmt_utc_input(clock::now()));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let prefilled = RwSignal::new(None::<String>);

    // Prefill from the link that brought the operator here (and from later links to this page).
    Effect::new(move |_| {
        let q = query.get();
        let act = q.get("action");
        let tgt = q
            .get("version")
            .or_else(|| q.get("target"))
            .map(|s| s.trim().to_string());
        let why = q.get("reason");
        let mut notes = Vec::new();
        if let Some(a) = act.as_deref() {
            match ApprovalAction::from_slug(a) {
                Some(a) => {
                    action.set(a.slug().to_string());
                    notes.push(a.label().to_string());
                }
                None => notes.push(format!("unknown action \"{a}\" ignored")),
            }
        }
        if let Some(t) = tgt.filter(|t| !t.is_empty()) {
            notes.push(format!("target {t}"));
            target.set(t);
        }
        if let Some(r) = why {
            reason.set(r);
        }
        if !notes.is_empty() {
            approved_at.set(fmt_utc_input(clock::now()));
            prefilled.set(Some(notes.join(", ")));
        }
    });

    let target_err = error_of(errors, "target");
    let target_label = Signal::derive(move || {
        ApprovalAction::from_slug(&action.get())
            .map(|a| a.target_label())
            .unwrap_or("Target")
    });

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let now = clock::now();
        let draft = ApprovalDraft {
            action: action.get_untracked(),
            target: target.get_untracked(),
            reason: reason.get_untracked(),
            approver: approver.get_untracked(),
            method: method.get_untracked(),
            reference: reference.get_untracked(),
            approved_at: approved_at.get_untracked(),
        };
        let by = settings.get_untracked().operator_or_unknown();
        match validate_approval(&draft, new_id("APR", now, entropy()), &by, now) {
            Ok(a) => {
                errors.set(Vec::new());
                let summary = format!("{} approved by {} ({})", a.summary(), a.approver, a.id);
                let kind = if a.action == ApprovalAction::FreezeOverride {
                    kinds::FREEZE_OVERRIDE
                } else {
                    kinds::APPROVAL
                };
                match store.update(|l| l.add(a)) {
                    Ok(()) => toasts.info(format!("Recorded: {summary}")),
                    Err(e) => toasts.error(e.to_string()),
                }
                record(kind, summary);
                target.set(String::new());
                reason.set(String::new());
                reference.set(String::new());
                approved_at.set(fmt_utc_input(clock::now()));
                prefilled.set(None);
            }
            Err(es) => {
                errors.set(es);
                focus_first_invalid();
            }
        }
    };

    // The approvals that pass the filter, newest first, as positions in the stored list; only
    // the open page is cloned and rendered.
    let filter_text = RwSignal::new(String::new());
    let shown = Memo::new(move |_| {
        let q = filter_text.get();
        store.with(|l| select_newest_first(&l.approvals, &q))
    });
    let total = Memo::new(move |_| store.with(|l| l.approvals.len()));
    let page_req = RwSignal::new(0usize);
    let page = sized_page_memo(move || shown.with(Vec::len), page_req, CARD_PAGE_SIZE);
    // A link to one approval (`/governance-log#APR-…`, from the Incident Log) opens the page
    // that holds it, so the fragment scroller finds it.
    let location = use_location();
    Effect::new(move |_| {
        let hash = location.hash.get();
        let id = hash.trim_start_matches('#');
        if id.is_empty() {
            return;
        }
        // Its place newest first (the list is stored oldest first).
        let pos = store.signal().with_untracked(|l| {
            l.approvals
                .iter()
                .rposition(|a| a.id == id)
                .map(|i| l.approvals.len() - 1 - i)
        });
        if let Some(pos) = pos {
            filter_text.set(String::new());
            page_req.set(pos / CARD_PAGE_SIZE);
        }
    });
    let list = Memo::new(move |_| {
        let p = page.get();
        store.with(|l| shown.with(|ix| p.pick(&l.approvals, ix)))
    });
    let validity = Memo::new(move |_| thresholds.with(|t| t.approval_validity_secs));

    // The gate check: what the gated steps see.
    let check_action = RwSignal::new(ApprovalAction::Rollback.slug().to_string());
    let check_target = RwSignal::new(String::new());
    let gate = Memo::new(move |_| {
        let a = ApprovalAction::from_slug(&check_action.get())?;
        let t = check_target.get();
        let t = t.trim();
        let now = clock.now();
        Some(store.with(|l| {
            gate_message(
                &l.approvals,
                a,
                (!t.is_empty()).then_some(t),
                now,
                validity.get(),
            )
        }))
    });

    let export = move |fmt: &'static str| {
        let log = store.get_untracked();
        let now = clock::now();
        let (name, mime, text) = match fmt {
            "md" => (
                "GOVERNANCE-LOG.md".to_string(),
                MARKDOWN,
                governance_markdown(&log, now),
            ),
            _ => {
                let mut newest = log.clone();
                newest.approvals.reverse();
                (
                    "governance-log.json".to_string(),
                    JSON,
                    to_export_json(&newest),
                )
            }
        };
        if download_with_toast(&name, mime, &text) {
            record(
                kinds::EXPORT,
                format!(
                    "Governance Log: {} approvals as {name}",
                    log.approvals.len()
                ),
            );
        }
    };

    view! {
        <section class="page rec-page" aria-labelledby="gov-title">
            <h1 id="gov-title">"Governance Log"</h1>
            <p class="subtitle">
                "Approvals for gated actions. A gated step unlocks only with a matching approval (same action and target) given within the last "
                {move || fmt_age(i64::from(validity.get()))}
                " (set on Alert Thresholds). Times are UTC."
            </p>
            <div class="rec-layout">
                <form class="card rec-form" on:submit=submit novalidate=true aria-labelledby="gov-form-title">
                    <h2 id="gov-form-title">"Record an approval"</h2>
                    {move || prefilled.get().map(|n| view! {
                        <p class="banner lvl-amber" role="status" data-testid="gov-prefill">
                            "Prefilled from the link: " {n} ". Check every field before recording."
                        </p>
                    })}
                    <ErrorSummary errors=errors/>
                    <Choice id="gov-action" label="Action" value=action options=action_options()
                        error=error_of(errors, "action")/>
                    <div class="field" class:rec-invalid=move || target_err.get().is_some()>
                        <label for="gov-target">{move || target_label.get()}</label>
                        <input id="gov-target" name="gov-target" type="text" autocomplete="off"
                            prop:value=move || target.get()
                            on:input=move |ev| target.set(event_target_value(&ev))
                            aria-invalid=move || target_err.get().is_some().then_some("true")
                            aria-describedby=move || target_err.get().is_some().then_some("gov-target-error")/>
                        {move || target_err.get().map(|m| view! {
                            <span class="field-error" id="gov-target-error">{m}</span>
                        })}
                    </div>
                    <Field id="gov-reason" label="Reason" value=reason kind=Kind::Area required=true
                        error=error_of(errors, "reason")/>
                    <Field id="gov-approver" label="Approver" value=approver required=true
                        error=error_of(errors, "approver")
                        hint="Default from the Admin Panel (T-JOSH unless changed)."/>
                    <Field id="gov-method" label="Approval method" value=method required=true
                        error=error_of(errors, "method") list="gov-methods"
                        hint="chat, call, ticket, in person…"/>
                    <datalist id="gov-methods">
                        <option value="chat"></option>
                        <option value="call"></option>
                        <option value="ticket"></option>
                        <option value="in person"></option>
                    </datalist>
                    <Field id="gov-reference" label="Reference" value=reference
                        error=error_of(errors, "reference")
                        hint="Ticket number, message link… (optional)"/>
                    <Field id="gov-approved-at" label="Approved at (UTC)" value=approved_at required=true
                        error=error_of(errors, "approved_at")
                        hint="YYYY-MM-DD HH:MM[:SS] in UTC, or RFC 3339. Defaults to now."/>
                    <p class="hint">
                        "Recorded by " <strong data-stored="">{move || settings.with(|s| s.operator_or_unknown())}</strong> " at the time you save."
                    </p>
                    <button type="submit" class="btn btn-primary">"Record the approval"</button>
                </form>

                <div class="rec-side">
                    <section class="card" aria-labelledby="gov-gate-title">
                        <h2 id="gov-gate-title">"Check a gate"</h2>
                        <div class="rec-filters">
                            <Choice id="gov-check-action" label="Action" value=check_action options=action_options()/>
                            <Field id="gov-check-target" label="Target (version)" value=check_target
                                hint="Empty: any target."/>
                        </div>
                        <p role="status" data-testid="gov-gate">
                            {move || gate.get().map(|(ok, msg)| view! {
                                <span class=if ok { "badge lvl-green" } else { "badge lvl-red" }>
                                    {if ok { "Unlocked" } else { "Locked" }}
                                </span>
                                " " {msg}
                            })}
                        </p>
                    </section>

                    <section class="card rec-list" aria-labelledby="gov-list-title">
                        <div class="card-head">
                            <h2 id="gov-list-title">"Approvals, newest first"</h2>
                            <span class="hint" role="status" data-stored="">
                                {move || {
                                    let (n, all) = (shown.with(Vec::len), total.get());
                                    if n == all { format!("{all} recorded") } else { format!("{n} of {all} shown") }
                                }}
                            </span>
                        </div>
                        <div class="rec-filters" role="search" aria-label="Filter approvals">
                            <div class="field">
                                <label for="gov-filter-text">"Filter"</label>
                                <input id="gov-filter-text" type="search"
                                    placeholder="action, target, reason, approver, id"
                                    prop:value=move || filter_text.get()
                                    on:input=move |ev| {
                                        filter_text.set(event_target_value(&ev));
                                        page_req.set(0);
                                    }/>
                            </div>
                        </div>
                        <div class="rec-actions">
                            <span class="hint">"Export:"</span>
                            <button type="button" class="btn" on:click=move |_| export("md")>"GOVERNANCE-LOG.md"</button>
                            <button type="button" class="btn" on:click=move |_| export("json")>"JSON"</button>
                        </div>
                        <ol class="rec-entries" data-testid="gov-list">
                            <For each=move || list.get() key=|a| a.id.clone() let:a>
                                <ApprovalView a=a/>
                            </For>
                        </ol>
                        <Show when=move || total.get() == 0>
                            <p class="hint" data-stored="">"No approvals recorded yet."</p>
                        </Show>
                        <Show when=move || { total.get() > 0 && shown.with(Vec::is_empty) }>
                            <p class="hint" data-stored="">"No approvals match."</p>
                        </Show>
                        <Pager page=page requested=page_req label="Approvals pages"
                            one="approval" many="approvals" testid="gov-pager"/>
                    </section>
                </div>
            </div>
            <TrailPanel/>
        </section>
    }
}

#[component]
fn ApprovalView(a: Approval) -> impl IntoView {
    view! {
        <li class="rec-entry" id=a.id.clone()>
            <div class="card-head">
                <h3>{a.summary()}</h3>
                <code>{a.id.clone()}</code>
            </div>
            <dl class="rec-dl">
                <dt>"Approver"</dt><dd>{a.approver.clone()}</dd>
                <dt>"Method"</dt><dd>{a.method.clone()}
                    {(!a.reference.is_empty()).then(|| format!(" · {}", a.reference))}</dd>
                <dt>"Approved"</dt><dd><StaticUtcTime at=a.approved_at/></dd>
                <dt>"Recorded"</dt><dd>{a.recorded_by.clone()} " · " <StaticUtcTime at=a.recorded_at/></dd>
                <dt>"Reason"</dt><dd class="rec-text">{a.reason.clone()}</dd>
            </dl>
        </li>
    }
}
