//! The body of a page that is not built yet: its title and what it will hold. No fake data.

use leptos::prelude::*;

#[component]
pub fn Planned(
    title: &'static str,
    /// What the page will hold, one line each.
    will_hold: &'static [&'static str],
) -> impl IntoView {
    view! {
        <section class="page">
            <h1>{title}</h1>
            <p class="planned-note" role="note">
                "This page is not built yet. It will hold:"
            </p>
            <ul class="planned-list">
                {will_hold.iter().map(|line| view! { <li>{*line}</li> }).collect_view()}
            </ul>
        </section>
    }
}
