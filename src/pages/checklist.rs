//! The Ops Checklist: the Pre-Deploy, Rollback and Incident Triage lists with their ticks (who
//! and when), live hints, approval gates, the rollback command and reset with archived runs.
//! The lists and every rule are in [`crate::domain::checklist`]; this file only shows them.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_router::components::A;
use wasm_bindgen::JsCast;

use crate::api::poller::expect_poller;
use crate::clock::{self, expect_clock};
use crate::components::level::LevelBadge;
use crate::components::time::UtcTime;
use crate::components::toast::expect_toasts;
use crate::components::trail;
use crate::context::{expect_checklists, expect_governance, expect_settings, expect_thresholds};
use crate::domain::approvals::{find_gate, gate_candidates, Approval, ApprovalAction};
use crate::domain::checklist::{
    self as cl, governance_href, hint, Checklists, Gate, HintKind, ItemDef, ItemState, ListDef,
    ListId, Observations, Seg, CLOSING_LINK, FREEZE_OVERRIDE_HREF, LISTS, PAGE_SUBTITLE,
    PAGE_TITLE,
};
use crate::domain::thresholds::Level;
use crate::domain::time::{fmt_age, fmt_utc, TimeSource};
use crate::domain::trail::kinds;
use crate::storage::store::Store;

/// What the reset dialog is asking about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ResetTarget {
    One(ListId),
    All,
}

/// Page-wide state shared by the lists.
#[derive(Clone, Copy)]
struct PageCtx {
    pending_reset: RwSignal<Option<ResetTarget>>,
    /// The rollback version as typed (None: the prior stable version from the status route).
    rollback_typed: RwSignal<Option<String>>,
    /// The effective rollback version (typed, or the default).
    rollback_version: Memo<String>,
    /// Each item's last change as its own signal (see [`follow_items`]).
    items: StoredValue<Vec<ItemSignal>>,
}

/// One item's last change, set only when that item changes.
type ItemSignal = (ListId, &'static str, RwSignal<Option<ItemState>>);

/// Keeps every item's signal in step with the store: one pass per change of the checklists
/// (a tick here, a merge from another tab), and only the items that changed are set, so a tick
/// re-renders its own item and not the 26 others.
fn follow_items(store: Store<Checklists>, items: StoredValue<Vec<ItemSignal>>) {
    Effect::new(move |_| {
        store.with(|c| {
            items.with_value(|items| {
                for (list, id, sig) in items {
                    let now = c.item(*list, id);
                    if sig.try_with_untracked(|s| s.as_ref() != now) == Some(true) {
                        sig.try_set(now.cloned());
                    }
                }
            })
        })
    });
}

fn gate_action(g: Gate) -> ApprovalAction {
    match g {
        Gate::AliasPromotion => ApprovalAction::AliasPromotion,
        Gate::Rollback => ApprovalAction::Rollback,
    }
}

#[component]
pub fn ChecklistPage() -> impl IntoView {
    let store = expect_checklists();
    let poller = expect_poller();

    let rollback_typed = RwSignal::new(None::<String>);
    let default_version = Memo::new(move |_| {
        poller.status.with(|s| {
            s.data()
                .and_then(cl::prior_stable)
                .map(|d| d.version.trim().to_string())
                .unwrap_or_default()
        })
    });
    let rollback_version = Memo::new(move |_| {
        rollback_typed
            .get()
            .unwrap_or_else(|| default_version.get())
    });
    let ctx = PageCtx {
        pending_reset: RwSignal::new(None),
        rollback_typed,
        rollback_version,
        items: StoredValue::new(Vec::new()),
    };
    provide_context(ctx);
    follow_items(store, ctx.items);

    // Each count is its own memo: a tick re-renders only the text of the list it changed.
    let summary = LISTS
        .iter()
        .map(|l| {
            let list = l.id;
            let counts = Memo::new(move |_| store.with(|c| c.progress(list)));
            view! {
                <li>
                    <span class="cl-summary-name">{l.short}</span>
                    " "
                    <span class="cl-count" data-testid=format!("summary-{}", l.id.slug()) data-stored="">
                        {move || {
                            let (done, total) = counts.get();
                            format!("{done} / {total}")
                        }}
                    </span>
                </li>
            }
        })
        .collect_view();

    view! {
        <section class="page checklist-page">
            <h1><span aria-hidden="true">"✅ "</span>{PAGE_TITLE}</h1>
            <p class="subtitle">{PAGE_SUBTITLE}</p>
            <div class="cl-toolbar">
                <ul class="cl-summary" aria-label="Progress">{summary}</ul>
                <button
                    type="button"
                    class="btn btn-danger btn-small"
                    on:click=move |_| ctx.pending_reset.set(Some(ResetTarget::All))
                >
                    "Reset all…"
                </button>
            </div>
            <div class="cl-lists">
                {LISTS.iter().map(|def| view! { <ChecklistSection def=def/> }).collect_view()}
            </div>
            <p class="cl-closing">
                <A href=CLOSING_LINK.href() attr:class="cl-link">{CLOSING_LINK.label}</A>
            </p>
            <ResetDialog/>
        </section>
    }
}

#[component]
fn ChecklistSection(def: &'static ListDef) -> impl IntoView {
    let store = expect_checklists();
    let ctx = expect_context::<PageCtx>();
    let list = def.id;
    let slug = list.slug();
    // Memos, so that a tick in another list (or a change that leaves the counts alone) does not
    // touch this list's text, bar or runs.
    let counts = Memo::new(move |_| store.with(|c| c.progress(list)));
    let progress = move || {
        let (done, total) = counts.get();
        format!("{done} / {total}")
    };
    let progress_value = move || counts.get().0;
    let list_runs = Memo::new(move |_| {
        store.with(|c| {
            c.runs_for(list)
                .into_iter()
                .cloned()
                .collect::<Vec<cl::Run>>()
        })
    });
    let title_id = format!("{slug}-title");
    let labelled_by = title_id.clone();
    let freeze = (list == ListId::PreDeploy).then(|| view! { <FreezeBanner/> });
    let runs = move || {
        list_runs.with(|runs| {
            if runs.is_empty() {
                return None;
            }
            let n = runs.len();
            let rows = runs
                .iter()
                .take(5)
                .map(|r| {
                    let start = r
                        .started_at
                        .map(fmt_utc)
                        .unwrap_or_else(|| "—".into());
                    let ticked = r
                        .ticks
                        .iter()
                        .map(|t| {
                            cl::find_item(&t.item)
                                .map(|(_, i)| format!("{} (by {})", i.n, t.by))
                                .unwrap_or_else(|| t.item.clone())
                        })
                        .collect::<Vec<_>>()
                        .join(", ");
                    view! {
                        <li>
                            <span class="cl-run-count">{format!("{} / {} ticked", r.done(), r.total)}</span>
                            " · " {start} " → " {fmt_utc(r.ended_at)} " (" {TimeSource::Device.label()} ") · reset by " {r.ended_by.clone()}
                            {(!ticked.is_empty()).then(|| view! { <span class="muted">" · items " {ticked}</span> })}
                        </li>
                    }
                })
                .collect_view();
            Some(view! {
                <details class="cl-runs" data-testid=format!("runs-{slug}")>
                    <summary>{format!("Last runs ({n})")}</summary>
                    <ol reversed>{rows}</ol>
                </details>
            })
        })
    };
    view! {
        <section class="card cl-list" id=slug aria-labelledby=labelled_by data-testid=format!("list-{slug}")>
            <div class="cl-head">
                <h2 id=title_id>
                    <span class="cl-icon" aria-hidden="true">{def.icon}</span>
                    " "
                    {def.title}
                </h2>
                <span class="cl-tag">{def.tag}</span>
                <span class="cl-progress" data-testid=format!("progress-{slug}") data-stored="" aria-label=move || {
                    let (d, t) = counts.get();
                    format!("{d} of {t} done")
                }>
                    {progress}
                </span>
            </div>
            <p class="cl-desc">{def.description}</p>
            <progress
                class="cl-bar"
                data-stored=""
                max=def.total()
                value=progress_value
                aria-label=format!("{} progress", def.short)
            ></progress>
            {freeze}
            <ol class="cl-items">
                {def.items.iter().map(|item| view! { <ChecklistItem list=list item=item/> }).collect_view()}
            </ol>
            <div class="cl-foot">
                <button
                    type="button"
                    class="btn btn-small"
                    on:click=move |_| ctx.pending_reset.set(Some(ResetTarget::One(list)))
                >
                    {format!("Reset {}…", def.short)}
                </button>
            </div>
            {runs}
        </section>
    }
}

fn item_text(segs: &'static [Seg]) -> impl IntoView {
    segs.iter()
        .map(|s| match s {
            Seg::Text(t) => view! { <span>{*t}</span> }.into_any(),
            Seg::Code(c) => view! { <code>{*c}</code> }.into_any(),
        })
        .collect_view()
}

#[component]
fn ChecklistItem(list: ListId, item: &'static ItemDef) -> impl IntoView {
    let store = expect_checklists();
    let ctx = expect_context::<PageCtx>();
    let settings = expect_settings();
    let toasts = expect_toasts();
    let id = item.id;
    let check_id = format!("chk-{id}");
    let who_id = format!("who-{id}");
    let mut described = vec![who_id.clone()];
    if item.hint.is_some() {
        described.push(format!("hint-{id}"));
    }
    if item.gate.is_some() {
        described.push(format!("gate-{id}"));
    }
    // This item's last change, kept up to date by `follow_items`: the item's views re-render
    // only when it changes, not on every tick of another item.
    let state = RwSignal::new(store.signal().with_untracked(|c| c.item(list, id).cloned()));
    ctx.items
        .update_value(|items| items.push((list, id, state)));
    let done = move || state.with(|s| s.as_ref().is_some_and(|s| s.done));

    let on_change = move |ev: leptos::ev::Event| {
        let checked = event_target_checked(&ev);
        let by = settings
            .signal()
            .with_untracked(|s| s.operator_or_unknown());
        let mut changed = false;
        let result = store.update(|c| changed = c.set(list, id, checked, &by, clock::now()));
        if let Err(e) = result {
            toasts.error(e.to_string());
        }
        if changed {
            let kind = if checked { kinds::TICK } else { kinds::UNTICK };
            trail::record(kind, format!("{} step {}", list.def().short, item.n));
        } else if let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        {
            // Nothing changed (already in that state elsewhere): show the stored state.
            input.set_checked(store.signal().with_untracked(|c| c.is_done(list, id)));
        }
    };

    // Built once; a tick changes its texts and time in place.
    let verb = move || {
        if done() {
            "Ticked by "
        } else {
            "Unticked by "
        }
    };
    let by = move || state.with(|s| s.as_ref().map(|s| s.by.clone()).unwrap_or_default());
    let at = Signal::derive(move || {
        state.with(|s| {
            s.as_ref()
                .map(|s| s.changed_at)
                .unwrap_or_else(DateTime::<Utc>::default)
        })
    });
    let who = view! {
        <Show when=move || state.with(Option::is_some) fallback=|| "Not ticked yet">
            {verb} <strong>{by}</strong> " at " <UtcTime at=at/>
        </Show>
    };

    let link = item.link.map(|l| match item.gate {
        Some(g) => view! { <GateLink gate=g label=l.label/> }.into_any(),
        None => view! { <A href=l.href() attr:class="cl-link">{l.label}</A> }.into_any(),
    });

    view! {
        <li class="cl-item" class:done=done id=id data-testid=format!("item-{id}")>
            <div class="cl-main">
                <input
                    type="checkbox"
                    class="cl-check"
                    id=check_id.clone()
                    prop:checked=done
                    on:change=on_change
                    aria-describedby=described.join(" ")
                />
                <label for=check_id class="cl-label">{item_text(item.text)}</label>
            </div>
            <div class="cl-side">
                {link}
                <span class="cl-who" id=who_id role="note" data-stored="">{who}</span>
            </div>
            {item.hint.map(|k| view! { <ItemHint id=id kind=k/> })}
            {item.gate.map(|g| view! { <GateStatus id=id gate=g/> })}
            {item.rollback_command.then(|| view! { <RollbackCommand/> })}
        </li>
    }
}

/// Seconds after which polled data counts as stale, tracked.
fn stale_after() -> i64 {
    let poller = expect_poller();
    let thresholds = expect_thresholds();
    poller.stale_after_secs(thresholds.with(|t| t.stale_after_polls))
}

#[component]
fn ItemHint(id: &'static str, kind: HintKind) -> impl IntoView {
    let poller = expect_poller();
    let clock = expect_clock();
    let thresholds = expect_thresholds();
    let h = Memo::new(move |_| {
        let now = clock.now();
        let stale_after_secs = stale_after();
        thresholds.with(|t| {
            poller.root.with(|root| {
                poller.metrics.with(|metrics| {
                    poller.status.with(|status| {
                        hint(
                            kind,
                            &Observations {
                                root,
                                metrics,
                                status,
                                now,
                                stale_after_secs,
                                thresholds: t,
                            },
                        )
                    })
                })
            })
        })
    });
    let class = move || {
        let stale = !matches!(h.with(|h| h.age.clone()), cl::HintAge::Fresh { .. });
        if stale {
            "cl-hint stale"
        } else {
            "cl-hint"
        }
    };
    // The badge follows the level alone: the hint changes every second (its age), the level
    // seldom, and a badge rebuilt each second was five DOM changes a hint a second.
    let level = Memo::new(move |_| h.with(|h| h.level));
    let badge = move || {
        level.get().map(|level| {
            view! { <LevelBadge level=Signal::derive(move || level)/> }
        })
    };
    view! {
        <p class=class id=format!("hint-{id}") data-testid=format!("hint-{id}")>
            <span class="cl-hint-label">"Console sees: "</span>
            {badge}
            " "
            // The age before the text: the text, whose length changes with each answer, comes
            // last, so nothing after it moves when it wraps differently.
            <span class="cl-age">{move || format!("({})", h.with(|h| h.age.text()))}</span>
            " "
            <span class="cl-hint-text">{move || h.with(|h| h.text.clone())}</span>
        </p>
    }
}

/// The version a gate is about: the deployed function version (promotion) or the rollback
/// target (rollback), tracked.
fn gate_version(gate: Gate) -> Option<String> {
    match gate {
        Gate::AliasPromotion => {
            let poller = expect_poller();
            poller.status.with(|s| cl::promotion_version(s.data()))
        }
        Gate::Rollback => {
            let ctx = expect_context::<PageCtx>();
            cl::check_rollback_version(&ctx.rollback_version.get()).ok()
        }
    }
}

#[component]
fn GateLink(gate: Gate, label: &'static str) -> impl IntoView {
    let href = move || governance_href(gate, gate_version(gate).as_deref());
    view! { <A href=href attr:class="cl-link">{label}</A> }
}

/// The version a gate is about and the approvals that may meet it (`gate_candidates`): they
/// change with the log or the version, not with the clock.
fn gate_candidates_of(gate: Gate) -> (Option<String>, Vec<Approval>) {
    let governance = expect_governance();
    let version = gate_version(gate);
    let kept = version.as_deref().map_or_else(Vec::new, |v| {
        governance.with(|g| gate_candidates(&g.approvals, gate_action(gate), Some(v)))
    });
    (version, kept)
}

/// Whether a matching approval is recorded within its validity, and its sentence, from the
/// gate's version and candidates ([`gate_candidates_of`]).
fn gate_state(
    gate: Gate,
    (version, approvals): &(Option<String>, Vec<Approval>),
) -> (bool, String) {
    let thresholds = expect_thresholds();
    let clock = expect_clock();
    let settings = expect_settings();
    let validity = thresholds.with(|t| t.approval_validity_secs);
    let approver = settings.with(|s| s.approver.clone());
    let Some(version) = version else {
        return (
            false,
            format!(
                "Unmet: the target version is unknown, so no {} approval can match yet.",
                gate.label()
            ),
        );
    };
    let now = clock.now();
    match find_gate(approvals, gate_action(gate), Some(version), now, validity) {
        Some(a) => (
            true,
            format!(
                "Met: {} of version {version} approved by {} ({}) at {}.",
                gate.label(),
                a.approver,
                a.method,
                crate::domain::time::fmt_utc_from(a.approved_at, TimeSource::Device)
            ),
        ),
        None => (
            false,
            format!(
                "Unmet: no {approver} approval for the {} of version {version} recorded in the last {}.",
                gate.label(),
                fmt_age(i64::from(validity))
            ),
        ),
    }
}

/// A gate's state ([`gate_state`]), judged each second of the candidates kept while the log
/// and the version are unchanged.
fn gate_memo(gate: Gate) -> Memo<(bool, String)> {
    let candidates = Memo::new(move |_| gate_candidates_of(gate));
    Memo::new(move |_| candidates.with(|c| gate_state(gate, c)))
}

#[component]
fn GateStatus(id: &'static str, gate: Gate) -> impl IntoView {
    let state = gate_memo(gate);
    let met = move || state.with(|s| s.0);
    let level = Signal::derive(move || if met() { Level::Green } else { Level::Red });
    let word = Signal::derive(move || {
        if met() {
            "Gate met".to_string()
        } else {
            "Gate unmet".to_string()
        }
    });
    let href = move || governance_href(gate, gate_version(gate).as_deref());
    view! {
        <p class="cl-gate" class:met=met id=format!("gate-{id}") data-testid=format!("gate-{id}") data-stored="">
            <LevelBadge level=level word=word/>
            " "
            <span>{move || state.with(|s| s.1.clone())}</span>
            <Show when=move || !met()>
                " "
                <A href=href attr:class="cl-gate-link">"Record the approval"</A>
            </Show>
        </p>
    }
}

#[component]
fn FreezeBanner() -> impl IntoView {
    let poller = expect_poller();
    let clock = expect_clock();
    let governance = expect_governance();
    let thresholds = expect_thresholds();
    let settings = expect_settings();
    // The override approvals change with the log; the block is judged each second.
    let overrides = Memo::new(move |_| {
        governance.with(|g| gate_candidates(&g.approvals, ApprovalAction::FreezeOverride, None))
    });
    let block = Memo::new(move |_| {
        let now = clock.now();
        let validity = thresholds.with(|t| t.approval_validity_secs);
        let overridden = overrides
            .with(|o| find_gate(o, ApprovalAction::FreezeOverride, None, now, validity).is_some());
        poller
            .status
            .with(|s| cl::freeze_block(s.data(), now, overridden))
    });
    move || {
        block.get().map(|b| {
            let approver = settings.with(|s| s.approver.clone());
            view! {
                <div class="banner lvl-red cl-freeze" role="alert" data-testid="checklist-freeze-banner">
                    <p>
                        <strong><span aria-hidden="true">"⛔ "</span>"Change freeze active: "</strong>
                        {b.message(&approver)}
                    </p>
                    <A href=FREEZE_OVERRIDE_HREF attr:class="cl-gate-link">"Record a freeze override approval"</A>
                </div>
            }
        })
    }
}

fn clipboard() -> Option<web_sys::Clipboard> {
    let nav = web_sys::window()?.navigator();
    let v = js_sys::Reflect::get(&nav, &wasm_bindgen::JsValue::from_str("clipboard")).ok()?;
    if v.is_undefined() || v.is_null() {
        return None;
    }
    Some(v.unchecked_into())
}

#[component]
fn RollbackCommand() -> impl IntoView {
    let ctx = expect_context::<PageCtx>();
    let settings = expect_settings();
    let toasts = expect_toasts();
    let poller = expect_poller();
    let text_ref = NodeRef::<leptos::html::Textarea>::new();

    let checked = Memo::new(move |_| {
        let (function, alias) = settings.with(|s| (s.function_name.clone(), s.alias_name.clone()));
        cl::rollback_command(&function, &alias, &ctx.rollback_version.get())
    });
    let command_text = move || match checked.get() {
        Ok(c) => c,
        Err(_) => {
            let (function, alias) =
                settings.with(|s| (s.function_name.clone(), s.alias_name.clone()));
            format!(
                "aws lambda update-alias --function-name {function} --name {alias} --function-version <prev-version>"
            )
        }
    };
    let error = move || checked.get().err();
    let gate = gate_memo(Gate::Rollback);
    let locked = move || !gate.with(|g| g.0);
    let can_copy = move || checked.with(|c| c.is_ok()) && !locked();
    let default_note = move || {
        poller.status.with(|s| {
            match s.data().and_then(cl::prior_stable) {
                Some(d) => format!(
                    "Default: {}, the prior stable deployment in the status route's history.",
                    d.version
                ),
                None => "No prior stable deployment known from the status route: type the version from step 2."
                    .to_string(),
            }
        })
    };
    let lock_text = move || {
        if locked() {
            format!(
                "🔒 Locked until a rollback approval is recorded. {}",
                gate.with(|g| g.1.clone())
            )
        } else {
            format!("🔓 {}", gate.with(|g| g.1.clone()))
        }
    };

    let copy = move |_| {
        let Ok(cmd) = checked.get_untracked() else {
            return;
        };
        let select_fallback = move || {
            if let Some(t) = text_ref.get_untracked() {
                let _ = t.focus();
                t.select();
            }
        };
        match clipboard() {
            Some(cb) => {
                let promise = cb.write_text(&cmd);
                leptos::task::spawn_local(async move {
                    match wasm_bindgen_futures::JsFuture::from(promise).await {
                        Ok(_) => toasts.info("Copied the rollback command"),
                        Err(_) => {
                            select_fallback();
                            toasts.error(
                                "The clipboard refused the copy: the command is selected, press Ctrl+C (⌘C) to copy it.",
                            );
                        }
                    }
                });
            }
            None => {
                select_fallback();
                toasts.error(
                    "No clipboard access here: the command is selected, press Ctrl+C (⌘C) to copy it.",
                );
            }
        }
    };

    view! {
        <div class="cl-command" data-testid="rollback-command" data-stored="">
            <div class="cl-command-version">
                <label for="rollback-version">"Known-good version ("<code>"<prev-version>"</code>")"</label>
                <input
                    id="rollback-version"
                    type="text"
                    inputmode="numeric"
                    autocomplete="off"
                    spellcheck="false"
                    prop:value=move || ctx.rollback_version.get()
                    on:input=move |ev| ctx.rollback_typed.set(Some(event_target_value(&ev)))
                    aria-invalid=move || if error().is_some() { "true" } else { "false" }
                    aria-describedby="rollback-version-note rollback-version-error"
                />
                <button
                    type="button"
                    class="btn btn-small"
                    on:click=move |_| ctx.rollback_typed.set(None)
                    disabled=move || ctx.rollback_typed.with(Option::is_none)
                >
                    "Use the default"
                </button>
            </div>
            <p class="hint" id="rollback-version-note">{default_note}</p>
            <p class="field-error" id="rollback-version-error" role="alert" data-testid="rollback-error">
                {error}
            </p>
            <label for="rollback-command-text" class="cl-command-label">"AWS CLI command"</label>
            <textarea
                id="rollback-command-text"
                class="cl-command-text"
                class:invalid=move || error().is_some()
                readonly
                rows="2"
                node_ref=text_ref
                prop:value=command_text
            ></textarea>
            <p class="cl-lock" class:locked=locked data-testid="rollback-lock">{lock_text}</p>
            <button
                type="button"
                class="btn btn-primary btn-small"
                on:click=copy
                disabled=move || !can_copy()
                data-testid="copy-rollback"
            >
                "Copy command"
            </button>
        </div>
    }
}

#[component]
fn ResetDialog() -> impl IntoView {
    let ctx = expect_context::<PageCtx>();
    let store = expect_checklists();
    let settings = expect_settings();
    let toasts = expect_toasts();
    let dialog = NodeRef::<leptos::html::Dialog>::new();

    Effect::new(move |_| {
        let open = ctx.pending_reset.get().is_some();
        if let Some(d) = dialog.get() {
            if open && !d.open() {
                let _ = d.show_modal();
            } else if !open && d.open() {
                d.close();
            }
        }
    });

    let title = move || match ctx.pending_reset.get() {
        Some(ResetTarget::One(l)) => format!("Reset the {}?", l.def().title),
        Some(ResetTarget::All) => "Reset all three checklists?".to_string(),
        None => String::new(),
    };
    let body = move || {
        let target = ctx.pending_reset.get()?;
        let lists: Vec<ListId> = match target {
            ResetTarget::One(l) => vec![l],
            ResetTarget::All => ListId::ALL.to_vec(),
        };
        Some(store.with(|c| {
            let parts: Vec<String> = lists
                .iter()
                .map(|l| {
                    let (d, t) = c.progress(*l);
                    format!("{} ({d} / {t} ticked)", l.def().title)
                })
                .collect();
            let ticks: usize = lists.iter().map(|l| c.progress(*l).0).sum();
            format!(
                "This clears {ticks} tick{} and their who and when from: {}. The current state is archived as a run listed under the list; this cannot be undone.",
                if ticks == 1 { "" } else { "s" },
                parts.join(", ")
            )
        }))
    };
    let confirm_label = move || match ctx.pending_reset.get() {
        Some(ResetTarget::One(l)) => format!("Reset {}", l.def().short),
        _ => "Reset all".to_string(),
    };
    let confirm = move |_| {
        let Some(target) = ctx.pending_reset.get_untracked() else {
            return;
        };
        let by = settings
            .signal()
            .with_untracked(|s| s.operator_or_unknown());
        let now = clock::now();
        let mut runs = Vec::new();
        let result = store.update(|c| {
            runs = match target {
                ResetTarget::One(l) => c.reset(l, &by, now).into_iter().collect(),
                ResetTarget::All => c.reset_all(&by, now),
            }
        });
        if let Err(e) = result {
            toasts.error(e.to_string());
        }
        let what = match target {
            ResetTarget::One(l) => l.def().title.to_string(),
            ResetTarget::All => "all checklists".to_string(),
        };
        let archived: Vec<String> = runs.iter().map(|r| r.summary()).collect();
        trail::record(
            kinds::RESET,
            if archived.is_empty() {
                format!("{what} (nothing to archive)")
            } else {
                format!("{what}; archived {}", archived.join("; "))
            },
        );
        toasts.info(format!("Reset {what}"));
        ctx.pending_reset.set(None);
    };

    view! {
        <dialog
            node_ref=dialog
            class="cl-dialog"
            aria-labelledby="cl-reset-title"
            aria-describedby="cl-reset-body"
            data-testid="reset-dialog"
            on:close=move |_| ctx.pending_reset.set(None)
        >
            <h2 id="cl-reset-title">{title}</h2>
            <p id="cl-reset-body">{body}</p>
            <div class="cl-dialog-buttons">
                <button type="button" class="btn" on:click=move |_| ctx.pending_reset.set(None)>
                    "Cancel"
                </button>
                <button type="button" class="btn btn-danger" on:click=confirm>
                    {confirm_label}
                </button>
            </div>
        </dialog>
    }
}
