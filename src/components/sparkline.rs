//! A small inline chart of the values seen since the page opened, drawn as SVG by the app
//! (no chart library, no HTML injection). Used by System Health and Peck Audit.

use leptos::prelude::*;

use crate::domain::history::{polyline, Scale};

/// A reference line across the chart (a threshold), with its CSS class (`lvl-amber`…).
#[derive(Clone, Debug, PartialEq)]
pub struct RefLine {
    pub value: f64,
    pub class: &'static str,
}

/// A sparkline. `label` describes it for screen readers (what, latest, range).
#[component]
pub fn Sparkline(
    #[prop(into)] values: Signal<Vec<f64>>,
    #[prop(into)] label: Signal<String>,
    /// Threshold lines drawn across the chart.
    #[prop(optional, into)]
    references: Option<Signal<Vec<RefLine>>>,
    #[prop(default = 180.0)] width: f64,
    #[prop(default = 40.0)] height: f64,
    /// `data-testid` of the chart.
    #[prop(optional)]
    testid: &'static str,
) -> impl IntoView {
    let refs = move || references.map(|r| r.get()).unwrap_or_default();
    let scale = Memo::new(move |_| {
        let ref_values: Vec<f64> = refs().iter().map(|r| r.value).collect();
        values.with(|v| Scale::fit(v, &ref_values))
    });
    let points = move || match scale.get() {
        Some(s) => values.with(|v| polyline(v, s, width, height)),
        None => String::new(),
    };
    let last = move || {
        let s = scale.get()?;
        values.with(|v| {
            let y = s.y(*v.last()?, height);
            Some((width, y))
        })
    };
    view! {
        <span class="sparkline-wrap" data-testid=testid data-points=move || values.with(Vec::len)>
            <Show
                when=move || values.with(|v| !v.is_empty())
                fallback=|| view! { <span class="sparkline-empty muted">"No history yet"</span> }
            >
                <svg
                    class="sparkline"
                    viewBox=format!("-3 -3 {} {}", width + 6.0, height + 6.0)
                    width=width + 6.0
                    height=height + 6.0
                    role="img"
                    aria-label=move || label.get()
                    focusable="false"
                >
                    {move || {
                        let s = scale.get();
                        refs()
                            .into_iter()
                            .filter_map(|r| {
                                let y = s?.y(r.value, height);
                                Some(view! {
                                    <line
                                        class=format!("spark-ref {}", r.class)
                                        x1="0"
                                        x2=width
                                        y1=y
                                        y2=y
                                    />
                                })
                            })
                            .collect_view()
                    }}
                    <polyline class="spark-line" fill="none" points=points/>
                    {move || last().map(|(x, y)| view! { <circle class="spark-dot" cx=x cy=y r="2.5"/> })}
                </svg>
            </Show>
        </span>
    }
}
