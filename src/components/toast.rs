//! Short confirmations ("Copied diagnostics JSON"), announced by a live region.

use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub struct Toast {
    pub id: u64,
    pub text: String,
    pub error: bool,
}

#[derive(Clone, Copy)]
pub struct Toasts {
    list: RwSignal<Vec<Toast>>,
    next: RwSignal<u64>,
}

impl Toasts {
    pub fn new() -> Self {
        Self {
            list: RwSignal::new(Vec::new()),
            next: RwSignal::new(1),
        }
    }

    fn push(&self, text: String, error: bool) {
        let id = self.next.get_untracked();
        self.next.set(id + 1);
        self.list.update(|l| l.push(Toast { id, text, error }));
        let list = self.list;
        set_timeout(
            move || {
                list.try_update(|l| l.retain(|t| t.id != id));
            },
            std::time::Duration::from_secs(if error { 8 } else { 4 }),
        );
    }

    pub fn info(&self, text: impl Into<String>) {
        self.push(text.into(), false);
    }

    pub fn error(&self, text: impl Into<String>) {
        self.push(text.into(), true);
    }
}

impl Default for Toasts {
    fn default() -> Self {
        Self::new()
    }
}

pub fn expect_toasts() -> Toasts {
    expect_context::<Toasts>()
}

#[component]
pub fn ToastHost() -> impl IntoView {
    let toasts = expect_toasts();
    view! {
        <div class="toasts" role="status" aria-live="polite">
            <For each=move || toasts.list.get() key=|t| t.id let:t>
                <div class=if t.error { "toast toast-error" } else { "toast" }>{t.text}</div>
            </For>
        </div>
    }
}
