//! The navigation bar: every page, the current one marked (`aria-current`).

use leptos::prelude::*;
use leptos_router::components::A;

use crate::pages::PAGES;

#[component]
pub fn Nav() -> impl IntoView {
    let checklists = use_context::<crate::context::ChecklistStore>().map(|c| c.0);
    view! {
        <nav class="app-nav" aria-label="Pages">
            <ul>
                {PAGES
                    .iter()
                    .map(|p| {
                        // The Ops Checklist entry shows the ticks of all three lists.
                        let progress = (p.path == "/checklist")
                            .then_some(checklists)
                            .flatten()
                            .map(|store| {
                                let counts = move || store.with(|c| c.total_progress());
                                view! {
                                    <span
                                        class="nav-progress"
                                        data-stored=""
                                        data-testid="nav-checklist-progress"
                                        title=move || {
                                            let (d, t) = counts();
                                            format!("{d} of {t} checklist items done")
                                        }
                                    >
                                        {move || {
                                            let (d, t) = counts();
                                            format!("{d}/{t}")
                                        }}
                                    </span>
                                }
                            });
                        view! {
                            <li>
                                <A href=p.path exact=true>
                                    <span class="nav-icon" aria-hidden="true">{p.icon}</span>
                                    <span class="nav-title">{p.title}</span>
                                    {progress}
                                </A>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}
