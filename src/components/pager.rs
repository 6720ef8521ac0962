//! The page controls under a long list: First, Previous, where you are, Next, Last. The rule
//! (which rows a page holds, clamping) is [`crate::domain::paging::Page`].

use leptos::prelude::*;

use crate::domain::paging::{Page, PAGE_SIZE};

/// The page of `total()` rows that `requested` asks for, [`PAGE_SIZE`] rows a page, as a memo.
/// A list that shrinks under the open page (a filter typed, entries dropped) shows its last
/// page instead.
pub fn page_memo(
    total: impl Fn() -> usize + Send + Sync + 'static,
    requested: RwSignal<usize>,
) -> Memo<Page> {
    sized_page_memo(total, requested, PAGE_SIZE)
}

/// [`page_memo`] with `size` rows a page (lists of tall cards).
pub fn sized_page_memo(
    total: impl Fn() -> usize + Send + Sync + 'static,
    requested: RwSignal<usize>,
    size: usize,
) -> Memo<Page> {
    Memo::new(move |_| Page::of(total(), requested.get(), size))
}

/// Page controls for a list. `label` names the list for screen readers ("Deployments pages");
/// `one` and `many` name its rows ("deployment", "deployments"). With one page only the count
/// is shown.
#[component]
pub fn Pager(
    page: Memo<Page>,
    requested: RwSignal<usize>,
    label: &'static str,
    one: &'static str,
    many: &'static str,
    /// `data-testid` of the control.
    #[prop(optional)]
    testid: &'static str,
) -> impl IntoView {
    let go = move |to: usize| requested.set(to);
    // An empty list says so itself; the pager has nothing to add.
    view! {
        <Show when=move || page.with(|p| p.total > 0)>
        <nav class="pager" aria-label=label data-testid=testid>
            <span class="hint pager-where" role="status">
                {move || {
                    let p = page.get();
                    if p.count > 1 {
                        format!("{} · page {} of {}", p.label(one, many), p.index + 1, p.count)
                    } else {
                        p.label(one, many)
                    }
                }}
            </span>
            <Show when=move || page.with(|p| p.count > 1)>
                <span class="pager-buttons">
                    <button type="button" class="btn" disabled=move || !page.with(Page::has_previous)
                        on:click=move |_| go(0)>"« First"</button>
                    <button type="button" class="btn" disabled=move || !page.with(Page::has_previous)
                        on:click=move |_| go(page.get_untracked().index.saturating_sub(1))>"‹ Previous"</button>
                    <button type="button" class="btn" disabled=move || !page.with(Page::has_next)
                        on:click=move |_| go(page.get_untracked().index + 1)>"Next ›"</button>
                    <button type="button" class="btn" disabled=move || !page.with(Page::has_next)
                        on:click=move |_| go(page.get_untracked().count - 1)>"Last »"</button>
                </span>
            </Show>
        </nav>
        </Show>
    }
}
