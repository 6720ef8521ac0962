//! The navigation bar: every page, the current one marked (`aria-current`).

use leptos::prelude::*;
use leptos_router::components::A;

use crate::pages::PAGES;

#[component]
pub fn Nav() -> impl IntoView {
    view! {
        <nav class="app-nav" aria-label="Pages">
            <ul>
                {PAGES
                    .iter()
                    .map(|p| {
                        view! {
                            <li>
                                <A href=p.path exact=true>
                                    <span class="nav-icon" aria-hidden="true">{p.icon}</span>
                                    <span class="nav-title">{p.title}</span>
                                </A>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}
