//! Keyboard shortcuts for the whole app (rules in `domain::shortcuts`): the `?` panel, `g` then
//! a page letter, `/` for the page's search, `i` for Incident Mode with a confirmation. The
//! dialogs are native modal `<dialog>`s: the browser traps focus in them, `Esc` closes them and
//! the focus goes back where it was.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use wasm_bindgen::JsCast;

use crate::components::incident_actions::IncidentActions;
use crate::components::toast::expect_toasts;
use crate::domain::shortcuts::{takes_typing, Action, KeyContext, Shortcuts};
use crate::pages::{page_keys, PAGES};

fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

fn dialog_open() -> bool {
    document()
        .and_then(|d| d.query_selector("dialog[open]").ok().flatten())
        .is_some()
}

fn typing_in(target: Option<web_sys::EventTarget>) -> bool {
    let Some(el) = target.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) else {
        return false;
    };
    let kind = el.get_attribute("type");
    takes_typing(&el.tag_name(), kind.as_deref(), el.is_content_editable())
}

/// Focuses the current page's search or filter field; false when the page has none.
fn focus_search() -> bool {
    let Some(el) = document()
        .and_then(|d| {
            d.query_selector("main input[type=search], main [data-shortcut-search]")
                .ok()
                .flatten()
        })
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return false;
    };
    let _ = el.focus();
    if let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        input.select();
    }
    true
}

fn open(dialog: NodeRef<leptos::html::Dialog>) {
    if let Some(d) = dialog.get_untracked() {
        if !d.open() {
            let _ = d.show_modal();
        }
    }
}

fn close(dialog: NodeRef<leptos::html::Dialog>) {
    if let Some(d) = dialog.get_untracked() {
        d.close();
    }
}

/// The global key listener and its two dialogs. Lives inside the router, for the whole app.
#[component]
pub fn ShortcutKeys(
    /// The path the app is served under ("" or e.g. "/ops").
    base: String,
) -> impl IntoView {
    let toasts = expect_toasts();
    let actions = IncidentActions::new();
    let navigate = use_navigate();
    let help = NodeRef::<leptos::html::Dialog>::new();
    let confirm = NodeRef::<leptos::html::Dialog>::new();
    // Whether the confirmation is about turning Incident Mode on (true) or off.
    let turning_on = RwSignal::new(true);
    let awaiting = RwSignal::new(false);
    let state = StoredValue::new(Shortcuts::default());
    let keys = page_keys();

    let handle = window_event_listener(leptos::ev::keydown, move |ev: web_sys::KeyboardEvent| {
        if ev.default_prevented() || ev.is_composing() {
            return;
        }
        let cx = KeyContext {
            typing: typing_in(ev.target()),
            modifier: ev.ctrl_key() || ev.alt_key() || ev.meta_key(),
            dialog_open: dialog_open(),
        };
        let now = js_sys::Date::now();
        let action = state
            .try_update_value(|s| s.on_key(&ev.key(), cx, now, &keys))
            .flatten();
        awaiting.set(state.with_value(|s| s.awaiting_page(now)));
        let Some(action) = action else {
            return;
        };
        ev.prevent_default();
        match action {
            Action::ShowHelp => open(help),
            Action::AwaitPage => {
                // Let the hint go once the window for the letter has passed.
                set_timeout(
                    move || {
                        let now = js_sys::Date::now();
                        awaiting.set(state.with_value(|s| s.awaiting_page(now)));
                    },
                    std::time::Duration::from_millis(
                        crate::domain::shortcuts::GO_WINDOW_MS as u64 + 50,
                    ),
                );
            }
            Action::GoTo(path) => navigate(&format!("{base}{path}"), Default::default()),
            Action::UnknownPage(c) => toasts.error(format!(
                "No page has the shortcut g {c}. Press ? to see the shortcuts."
            )),
            Action::FocusSearch => {
                if !focus_search() {
                    toasts.info("This page has no search or filter.");
                }
            }
            Action::ToggleIncident => {
                turning_on.set(!actions.active_untracked());
                open(confirm);
            }
        }
    });
    on_cleanup(move || handle.remove());

    let confirm_incident = move |_| {
        close(confirm);
        // The state may have changed in another tab since the dialog opened.
        match (turning_on.get_untracked(), actions.active_untracked()) {
            (true, false) => actions.turn_on(),
            (false, true) => actions.turn_off(),
            _ => {}
        }
    };

    view! {
        <Show when=move || awaiting.get()>
            <div class="go-hint" role="status" data-testid="go-hint">
                <kbd>"g"</kbd>" … then a page letter (press "<kbd>"?"</kbd>" for the list)"
            </div>
        </Show>
        <dialog node_ref=help class="shortcuts-dialog" aria-labelledby="shortcuts-title" data-testid="shortcuts-dialog">
            <h2 id="shortcuts-title">"Keyboard shortcuts"</h2>
            <p class="hint">"They never fire while you type in a field."</p>
            <table>
                <caption class="sr-only">"Keys and what they do"</caption>
                <thead>
                    <tr><th scope="col">"Keys"</th><th scope="col">"Does"</th></tr>
                </thead>
                <tbody>
                    <tr><td><kbd>"?"</kbd></td><td>"Show this list"</td></tr>
                    <tr><td><kbd>"/"</kbd></td><td>"Focus the page's search or filter"</td></tr>
                    <tr><td><kbd>"i"</kbd></td><td>"Turn Incident Mode on or off (asks first)"</td></tr>
                    <tr><td><kbd>"Esc"</kbd></td><td>"Close a dialog"</td></tr>
                    {PAGES
                        .iter()
                        .map(|p| {
                            view! {
                                <tr>
                                    <td><kbd>"g"</kbd>" "<kbd>{p.key.to_string()}</kbd></td>
                                    <td>"Go to " {p.title}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            <form method="dialog">
                <button type="submit" class="btn">"Close"</button>
            </form>
        </dialog>
        <dialog node_ref=confirm class="shortcuts-dialog" aria-labelledby="incident-shortcut-title" aria-describedby="incident-shortcut-text" data-testid="incident-shortcut-dialog">
            <h2 id="incident-shortcut-title">
                {move || if turning_on.get() { "Turn Incident Mode on?" } else { "End Incident Mode?" }}
            </h2>
            <p id="incident-shortcut-text">
                {move || if turning_on.get() {
                    "Polling freezes on the data shown now and an Incident Log entry opens with this start time."
                } else {
                    "This records the end time and resumes polling."
                }}
            </p>
            <div class="dialog-buttons">
                <button type="button" class="btn btn-danger" on:click=confirm_incident data-testid="incident-shortcut-confirm">
                    {move || if turning_on.get() { "Turn Incident Mode on" } else { "End Incident Mode" }}
                </button>
                <button type="button" class="btn" autofocus on:click=move |_| close(confirm)>"Cancel"</button>
            </div>
        </dialog>
    }
}
