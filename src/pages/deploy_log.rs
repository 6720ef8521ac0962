//! Deploy Log: deployments recorded here, merged with those the platform reports; filters and
//! exports (JSON, CSV, Markdown).

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::api::poller::expect_poller;
use crate::clock;
use crate::components::download::{download_with_toast, CSV, JSON, MARKDOWN};
use crate::components::pager::{page_memo, Pager};
use crate::components::record_form::{
    entropy, error_of, focus_first_invalid, ErrorSummary, Field, Kind,
};
use crate::components::time::StaticUtcTime;
use crate::components::toast::expect_toasts;
use crate::components::trail::record;
use crate::context::{expect_deploy_log, expect_settings};
use crate::domain::approvals::new_id;
use crate::domain::deploy_log::{
    merged_rows, parse_date, rows_csv, rows_json, rows_markdown, validate_deploy, DeployDraft,
    DeployFilter, DeployRow, Source,
};
use crate::domain::settings::FieldError;
use crate::domain::trail::kinds;
use crate::domain::utc_input::fmt_utc_input;

#[component]
pub fn DeployLog() -> impl IntoView {
    let store = expect_deploy_log();
    let settings = expect_settings();
    let poller = expect_poller();
    let toasts = expect_toasts();

    let version = RwSignal::new(String::new());
    let what = RwSignal::new(String::new());
    let at = RwSignal::new(fmt_utc_input(clock::now()));
    let operator = RwSignal::new(settings.get_untracked().operator.trim().to_string());
    let errors = RwSignal::new(Vec::<FieldError>::new());

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let now = clock::now();
        let draft = DeployDraft {
            version: version.get_untracked(),
            what_changed: what.get_untracked(),
            deployed_at: at.get_untracked(),
            operator: operator.get_untracked(),
        };
        match validate_deploy(&draft, new_id("DEP", now, entropy()), now) {
            Ok(entry) => {
                errors.set(Vec::new());
                let v = entry.version.clone();
                match store.update(|l| l.add(entry)) {
                    Ok(()) => toasts.info(format!("Deployment of version {v} recorded")),
                    Err(e) => toasts.error(e.to_string()),
                }
                record(kinds::DEPLOY, format!("Deploy Log: version {v} recorded"));
                version.set(String::new());
                what.set(String::new());
                at.set(fmt_utc_input(clock::now()));
            }
            Err(es) => {
                errors.set(es);
                focus_first_invalid();
            }
        }
    };

    // The platform's deployments and the version the alias serves now.
    let platform = poller.platform_deployments();
    let rows = Memo::new(move |_| {
        let (deps, current) = platform.get().unwrap_or_default();
        store.with(|l| merged_rows(&l.entries, &deps, current.as_deref()))
    });

    let filter_text = RwSignal::new(String::new());
    let filter_from = RwSignal::new(String::new());
    let filter_to = RwSignal::new(String::new());
    let filter = Memo::new(move |_| {
        let from = parse_date(&filter_from.get());
        let to = parse_date(&filter_to.get());
        (
            DeployFilter {
                text: filter_text.get(),
                from: from.clone().ok().flatten(),
                to: to.clone().ok().flatten(),
            },
            from.err(),
            to.err(),
        )
    });
    // The rows that pass the filter, as positions in `rows`; only the open page is cloned and
    // rendered, so a log of 10,000 entries filters and renders as fast as a short one.
    let shown = Memo::new(move |_| {
        let (f, _, _) = filter.get();
        rows.with(|r| f.select(r))
    });
    let page_req = RwSignal::new(0usize);
    // A new filter starts again at the first page.
    Effect::new(move |prev: Option<()>| {
        filter.track();
        if prev.is_some() {
            page_req.set(0);
        }
    });
    let page = page_memo(move || shown.with(Vec::len), page_req);
    let visible = Memo::new(move |_| {
        let p = page.get();
        rows.with(|r| shown.with(|ix| p.pick(r, ix)))
    });
    let from_err = Signal::derive(move || filter.with(|f| f.1.clone()));
    let to_err = Signal::derive(move || filter.with(|f| f.2.clone()));

    let export = move |format: &'static str| {
        let now = clock::now();
        let list = rows.with_untracked(|r| {
            shown.with_untracked(|ix| {
                ix.iter()
                    .filter_map(|&i| r.get(i).cloned())
                    .collect::<Vec<_>>()
            })
        });
        let stamp = crate::domain::time::stamp(now);
        let (name, mime, text) = match format {
            "csv" => (format!("deploy-log-{stamp}.csv"), CSV, rows_csv(&list)),
            "md" => (
                format!("deploy-log-{stamp}.md"),
                MARKDOWN,
                rows_markdown(&list, now),
            ),
            _ => (format!("deploy-log-{stamp}.json"), JSON, rows_json(&list)),
        };
        if download_with_toast(&name, mime, &text) {
            record(
                kinds::EXPORT,
                format!("Deploy Log: {} rows as {name}", list.len()),
            );
        }
    };

    let status_note = move || {
        poller.status.with(|s| match s.data() {
            Some(_) => None,
            None => Some(
                "The platform's deployments are not known yet (no answer from /beak/system/status): only the console's entries are listed.",
            ),
        })
    };

    view! {
        <section class="page rec-page" aria-labelledby="deploy-title">
            <h1 id="deploy-title">"Deploy Log"</h1>
            <p class="subtitle">
                "Deployments recorded in this console, merged with those the platform reports. Times are UTC."
            </p>
            <div class="rec-layout">
                <form class="card rec-form" on:submit=submit novalidate=true aria-labelledby="deploy-form-title">
                    <h2 id="deploy-form-title">"Record a deployment"</h2>
                    <ErrorSummary errors=errors/>
                    <Field id="deploy-version" label="Version" value=version required=true
                        error=error_of(errors, "version")
                        hint="The published Lambda version, e.g. 43 (not $LATEST)."/>
                    <Field id="deploy-what" label="What changed" value=what kind=Kind::Area required=true
                        error=error_of(errors, "what_changed")/>
                    <Field id="deploy-at" label="Deployed at (UTC)" value=at required=true
                        error=error_of(errors, "deployed_at")
                        hint="YYYY-MM-DD HH:MM[:SS] in UTC, or RFC 3339. Defaults to now."/>
                    <Field id="deploy-operator" label="Operator" value=operator required=true
                        error=error_of(errors, "operator")
                        hint="Defaults to the operator set on the Admin Panel."/>
                    <button type="submit" class="btn btn-primary">"Add to the Deploy Log"</button>
                </form>

                <section class="card rec-list" aria-labelledby="deploy-list-title">
                    <div class="card-head">
                        <h2 id="deploy-list-title">"Deployments, newest first"</h2>
                        <span class="hint" role="status" data-stored="">
                            {move || format!("{} of {} shown", shown.with(Vec::len), rows.with(Vec::len))}
                        </span>
                    </div>
                    {move || status_note().map(|n| view! { <p class="hint">{n}</p> })}
                    <div class="rec-filters" role="search" aria-label="Filter deployments">
                        <div class="field">
                            <label for="deploy-filter-text">"Filter"</label>
                            <input id="deploy-filter-text" type="search" placeholder="version, change, operator, source"
                                prop:value=move || filter_text.get()
                                on:input=move |ev| filter_text.set(event_target_value(&ev))/>
                        </div>
                        <Field id="deploy-filter-from" label="From (UTC date)" value=filter_from
                            placeholder="YYYY-MM-DD" error=from_err/>
                        <Field id="deploy-filter-to" label="To (UTC date)" value=filter_to
                            placeholder="YYYY-MM-DD" error=to_err/>
                    </div>
                    <div class="rec-actions">
                        <span class="hint">"Export what is shown:"</span>
                        <button type="button" class="btn" on:click=move |_| export("json")>"JSON"</button>
                        <button type="button" class="btn" on:click=move |_| export("csv")>"CSV"</button>
                        <button type="button" class="btn" on:click=move |_| export("md")>"Markdown"</button>
                    </div>
                    <div class="table-wrap" tabindex="0" role="region" aria-label="Deployments table">
                        <table class="rec-table" data-testid="deploy-table">
                            <thead>
                                <tr>
                                    <th scope="col">"Version"</th>
                                    <th scope="col">"Deployed (UTC)"</th>
                                    <th scope="col">"Operator"</th>
                                    <th scope="col">"Source"</th>
                                    <th scope="col">"What changed"</th>
                                </tr>
                            </thead>
                            <tbody>
                                <For each=move || visible.get() key=|r| (r.key.clone(), r.current, r.prior_stable) let:r>
                                    <DeployRowView row=r/>
                                </For>
                            </tbody>
                        </table>
                    </div>
                    <Pager page=page requested=page_req label="Deployments pages"
                        one="deployment" many="deployments" testid="deploy-pager"/>
                    <Show when=move || shown.with(Vec::is_empty)>
                        <p class="hint" data-stored="">"No deployments match."</p>
                    </Show>
                </section>
            </div>
        </section>
    }
}

#[component]
fn DeployRowView(row: DeployRow) -> impl IntoView {
    let source_class = match row.source {
        Source::Console => "badge rec-src-console",
        Source::Platform => "badge rec-src-platform",
    };
    view! {
        <tr class:rec-current=row.current class:rec-prior=row.prior_stable>
            <td>
                <strong>{row.version.clone()}</strong>
                {row.current.then(|| view! { " " <span class="badge lvl-green">"current alias"</span> })}
                {row.prior_stable.then(|| view! { " " <span class="badge lvl-amber">"prior stable"</span> })}
            </td>
            <td>
                {match row.deployed_at {
                    Some(t) => view! { <StaticUtcTime at=t source=row.source.clock()/> }.into_any(),
                    None => view! { <span class="muted">"unknown"</span> }.into_any(),
                }}
            </td>
            <td>{row.operator.clone().unwrap_or_default()}</td>
            <td><span class=source_class>{row.source.label()}</span></td>
            <td class="rec-text">{row.what_changed.clone()}</td>
        </tr>
    }
}
