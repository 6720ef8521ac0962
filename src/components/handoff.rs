//! Hand-off links (rules in `domain::handoff`): "Copy hand-off link" where Incident Mode is
//! controlled and on the Incident Log, and the panel that shows an opened link's state
//! read-only beside this console's, with "Adopt" and "Dismiss". Only the URL fragment carries
//! the state: nothing is sent anywhere.

use chrono::SubsecRound;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_location;

use crate::api::poller::expect_poller;
use crate::clock;
use crate::components::mission::diagnostics::write_clipboard;
use crate::components::toast::expect_toasts;
use crate::components::trail::record;
use crate::context::{
    expect_checklists, expect_incident_log, expect_incident_mode, expect_settings,
};
use crate::domain::handoff::{
    adopt_checklists, adopt_incident, adopt_incident_mode, adopt_summary, compare, decode, encode,
    snapshot, Handoff, Refusal,
};
use crate::domain::time::fmt_utc;
use crate::domain::trail::kinds;
use crate::pages::PAGES;

/// The app paths a hand-off may name.
fn page_paths() -> Vec<&'static str> {
    PAGES.iter().map(|p| p.path).collect()
}

fn page_title(path: &str) -> String {
    PAGES
        .iter()
        .find(|p| p.path == path)
        .map(|p| format!("{} ({path})", p.title))
        .unwrap_or_else(|| path.to_string())
}

/// The document's base URL (`https://host/` or `https://host/ops/`), from `<base href>`.
fn base_url() -> Option<web_sys::Url> {
    let uri = web_sys::window()?.document()?.base_uri().ok()??;
    web_sys::Url::new(&uri).ok()
}

/// The page shown now as an app path (`/checklist`), without the base path; `/` for a path
/// that is not one of the console's pages.
fn current_page() -> String {
    let path = web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default();
    let base = base_url()
        .map(|u| u.pathname())
        .unwrap_or_else(|| "/".into());
    let rel = path.strip_prefix(base.as_str()).unwrap_or(&path);
    let page = format!("/{}", rel.trim_matches('/'));
    if PAGES.iter().any(|p| p.path == page) {
        page
    } else {
        "/".into()
    }
}

/// The full link to `page` with the hand-off fragment.
fn link_url(page: &str, fragment: &str) -> String {
    let base = base_url().map(|u| u.href()).unwrap_or_else(|| "/".into());
    format!("{base}{}#{fragment}", page.trim_start_matches('/'))
}

/// Drops the fragment from the address bar (a reload does not show the panel again).
fn drop_fragment() {
    let Some(w) = web_sys::window() else {
        return;
    };
    let loc = w.location();
    let url = format!(
        "{}{}",
        loc.pathname().unwrap_or_default(),
        loc.search().unwrap_or_default()
    );
    if let Ok(h) = w.history() {
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// "Copy hand-off link": builds the link from this console's state and the page shown, copies
/// it, and shows it in a field to copy by hand when the browser refuses the clipboard.
#[component]
pub fn HandoffButton() -> impl IntoView {
    let mode = expect_incident_mode();
    let log = expect_incident_log();
    let lists = expect_checklists();
    let settings = expect_settings();
    let toasts = expect_toasts();
    let link = RwSignal::new(None::<String>);
    let copied = RwSignal::new(None::<Result<(), String>>);

    let make = move |_| {
        let page = current_page();
        let h = snapshot(
            &mode.get_untracked(),
            &log.get_untracked(),
            &lists.get_untracked(),
            &page,
            settings.get_untracked().operator.trim(),
            clock::now().trunc_subsecs(0),
        );
        let url = link_url(&page, &encode(&h));
        link.set(Some(url.clone()));
        copied.set(None);
        spawn_local(async move {
            let result = write_clipboard(&url).await;
            if result.is_ok() {
                toasts.info(
                    "Hand-off link copied: it opens this state read-only for the next operator",
                );
            }
            copied.try_set(Some(result));
        });
    };
    let select = move |ev: leptos::ev::FocusEvent| {
        use wasm_bindgen::JsCast;
        if let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        {
            input.select();
        }
    };

    view! {
        <div class="handoff-copy">
            <button type="button" class="btn" on:click=make data-testid="handoff-copy"
                title="A link to this page with Incident Mode, the open incident and the checklist progress in its fragment (never sent to a server)">
                "🔗 Copy hand-off link"
            </button>
            {move || link.get().map(|url| view! {
                <label class="handoff-link">
                    "Hand-off link "
                    <input type="text" readonly prop:value=url data-testid="handoff-link" on:focus=select/>
                </label>
                <span class="muted" role="status">
                    {move || match copied.get() {
                        None => "Copying…".to_string(),
                        Some(Ok(())) => "Copied to the clipboard.".to_string(),
                        Some(Err(why)) => format!("The browser refused the clipboard ({why}): select the link and copy it."),
                    }}
                </span>
            })}
        </div>
    }
}

/// Shown when the page was opened with a `#handoff=…` fragment: the link's state beside this
/// console's, read-only, with "Adopt this state" and "Dismiss"; a malformed link is refused
/// with the reason. Other fragments (section anchors) show nothing.
#[component]
pub fn HandoffPanel() -> impl IntoView {
    let location = use_location();
    let dismissed = RwSignal::new(None::<String>);
    let opened = Memo::new(move |_| {
        let hash = location.hash.get();
        if dismissed.with(|d| d.as_deref() == Some(hash.as_str())) {
            return None;
        }
        decode(&hash, &page_paths()).map(|r| (hash, r))
    });
    let dismiss = move || {
        if let Some((hash, _)) = opened.get_untracked() {
            dismissed.set(Some(hash));
        }
        drop_fragment();
    };

    move || {
        opened.get().map(|(_, result)| match result {
            Ok(link) => view! { <HandoffView link=link on_done=dismiss/> }.into_any(),
            Err(refusal) => view! { <HandoffRefused refusal=refusal on_done=dismiss/> }.into_any(),
        })
    }
}

#[component]
fn HandoffRefused(refusal: Refusal, on_done: impl Fn() + Clone + 'static) -> impl IntoView {
    view! {
        <section class="handoff-panel handoff-refused" role="alert" aria-labelledby="handoff-title" data-testid="handoff-refused">
            <h2 id="handoff-title">"Hand-off link refused"</h2>
            <p data-testid="handoff-reason">{format!("{refusal} Nothing was changed.")}</p>
            <button type="button" class="btn" on:click=move |_| on_done() data-testid="handoff-dismiss">"Dismiss"</button>
        </section>
    }
}

#[component]
fn HandoffView(link: Handoff, on_done: impl Fn() + Clone + 'static) -> impl IntoView {
    let mode = expect_incident_mode();
    let log = expect_incident_log();
    let lists = expect_checklists();
    let settings = expect_settings();
    let toasts = expect_toasts();
    let poller = expect_poller();

    // This console's state, as a hand-off made now on the same page: compared row by row.
    let here = Memo::new({
        let page = link.page.clone();
        move |_| {
            snapshot(
                &mode.get(),
                &log.get(),
                &lists.get(),
                &page,
                "",
                clock::now().trunc_subsecs(0),
            )
        }
    });
    let rows = {
        let link = link.clone();
        move || compare(&link, &here.get(), page_title)
    };
    let changes = {
        let link = link.clone();
        Memo::new(move |_| adopt_summary(&link, &here.get()))
    };
    let made_by = if link.by.is_empty() {
        "an operator who had not set a name".to_string()
    } else {
        link.by.clone()
    };
    let intro = format!(
        "Made by {made_by} at {}. Shown read-only beside this console's state: nothing here changes unless you adopt it.",
        fmt_utc(link.made_at)
    );

    let adopt = {
        let link = link.clone();
        let on_done = on_done.clone();
        move |_| {
            let now = clock::now();
            let by = settings.get_untracked().operator_or_unknown();
            let summary = adopt_summary(&link, &here.get_untracked());
            let mut errors = Vec::new();
            match adopt_incident(&log.get_untracked(), &link, &by, now) {
                Ok(Some(entry)) => {
                    if let Err(e) = log.update(|l| l.upsert(entry)) {
                        errors.push(e.to_string());
                    }
                }
                Ok(None) => {}
                Err(e) => errors.push(format!("The incident could not be opened: {e}")),
            }
            let mut m = mode.get_untracked();
            let was_active = m.active;
            if adopt_incident_mode(&mut m, &link, &by, now) {
                if let Err(e) = mode.update(|x| *x = m.clone()) {
                    errors.push(e.to_string());
                }
                if was_active && !m.active {
                    poller.poll_now();
                }
            }
            let mut c = lists.get_untracked();
            if adopt_checklists(&mut c, &link, &by, now) > 0 {
                if let Err(e) = lists.update(|x| *x = c) {
                    errors.push(e.to_string());
                }
            }
            record(
                kinds::HANDOFF,
                format!(
                    "Adopted the hand-off link made by {} at {}: {}",
                    if link.by.is_empty() {
                        "(operator not set)"
                    } else {
                        &link.by
                    },
                    fmt_utc(link.made_at),
                    if summary.is_empty() {
                        "nothing differed".to_string()
                    } else {
                        summary.join("; ")
                    }
                ),
            );
            for e in errors {
                toasts.error(e);
            }
            toasts.info("Adopted the hand-off state");
            on_done();
        }
    };

    view! {
        <section class="handoff-panel card" aria-labelledby="handoff-title" data-testid="handoff-panel">
            <h2 id="handoff-title">"Hand-off link"</h2>
            <p>{intro}</p>
            <table class="handoff-compare" data-testid="handoff-compare">
                <thead>
                    <tr>
                        <th scope="col">"What"</th>
                        <th scope="col">"In the link (read-only)"</th>
                        <th scope="col">"Here"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || rows().into_iter().map(|r| view! {
                        <tr data-same=if r.same { "true" } else { "false" }>
                            <th scope="row">{r.label}</th>
                            <td>{r.link}</td>
                            <td>{r.here}{(!r.same).then_some(view! { <span class="muted">" (differs)"</span> })}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            {move || {
                let list = changes.get();
                if list.is_empty() {
                    view! { <p data-testid="handoff-summary">"This console already has the same state."</p> }.into_any()
                } else {
                    view! {
                        <div data-testid="handoff-summary">
                            <p>"Adopting will:"</p>
                            <ul>{list.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul>
                        </div>
                    }.into_any()
                }
            }}
            <div class="mc-actions">
                <button type="button" class="btn" on:click=adopt data-testid="handoff-adopt"
                    disabled=move || changes.with(Vec::is_empty)>
                    "Adopt this state"
                </button>
                " "
                <button type="button" class="btn" on:click=move |_| on_done() data-testid="handoff-dismiss">
                    "Dismiss"
                </button>
            </div>
        </section>
    }
}
