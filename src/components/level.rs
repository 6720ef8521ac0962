//! A status shown with an icon and a word, never colour alone.

use leptos::prelude::*;

use crate::domain::thresholds::Level;

/// `✔ OK`, `▲ Warning`, `✖ Critical`, `? No data`, or a custom word.
#[component]
pub fn LevelBadge(
    #[prop(into)] level: Signal<Level>,
    /// A word to show instead of the level's own.
    #[prop(optional, into)]
    word: Option<Signal<String>>,
) -> impl IntoView {
    view! {
        <span class=move || format!("badge {}", level.get().class())>
            <span class="badge-icon" aria-hidden="true">{move || level.get().icon()}</span>
            " "
            {move || match word {
                Some(w) => w.get(),
                None => level.get().word().to_string(),
            }}
        </span>
    }
}
