//! Alert Thresholds (`/alert-thresholds`): every threshold the console judges by, edited in place
//! with validation (numbers in range, amber below red, lower bound at most the upper), saved to
//! the shared store so every page re-levels at once, with "reset to default" per field and for
//! all. The field table and the rules are in `domain/threshold_fields.rs` and
//! `Thresholds::validate`.

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::clock;
use crate::components::toast::expect_toasts;
use crate::context::expect_thresholds;
use crate::domain::merge::{after_save, save_fields, MergeNote};
use crate::domain::threshold_fields::{
    follow_texts, texts_of, Texts, ThresholdField, FIELDS, GROUPS,
};
use crate::domain::thresholds::Thresholds;
use crate::storage;

/// For this long after a save, another tab's value that still has this tab's saved fields at
/// their old value (it was written without seeing this save) gets them put back.
const REAPPLY_SECS: i64 = 10;

/// The thresholds the texts describe (fields that do not parse keep `base`'s value) and the
/// error of each field: its own text first, then the orderings.
pub fn draft_of(base: &Thresholds, texts: &Texts) -> (Thresholds, BTreeMap<&'static str, String>) {
    let mut t = base.clone();
    let mut errors = BTreeMap::new();
    for f in FIELDS {
        let text = texts.get(f.id).map(String::as_str).unwrap_or("");
        match f.parse(text) {
            Ok(v) => (f.set)(&mut t, v),
            Err(e) => {
                errors.insert(f.id, e);
            }
        }
    }
    for e in t.validate() {
        errors.entry(e.field).or_insert(e.message);
    }
    (t, errors)
}

fn input_id(f: &ThresholdField) -> String {
    format!("th-{}", f.id.replace(['.', '_'], "-"))
}

fn unit_suffix(unit: &str) -> String {
    if unit.is_empty() {
        String::new()
    } else {
        format!(" {unit}")
    }
}

#[component]
pub fn AlertThresholds() -> impl IntoView {
    let store = expect_thresholds();
    let toasts = expect_toasts();
    // The thresholds the form was loaded from (fields another tab changed while this one was
    // not touched follow it): a save applies only the fields edited since, onto what is stored
    // then, so two tabs saving different thresholds both keep theirs.
    let base = RwSignal::new(store.get_untracked());
    let texts = RwSignal::new(texts_of(&store.get_untracked()));
    let draft = Memo::new(move |_| base.with(|b| texts.with(|tx| draft_of(b, tx))));
    let dirty = Memo::new(move |_| {
        let stored = store.with(texts_of);
        texts.with(|t| *t != stored)
    });
    let save_error = RwSignal::new(None::<String>);
    // What the last merge with another tab's save of the same field did, shown until the next
    // save or discard.
    let merge_notes = RwSignal::new(Vec::<String>::new());
    // This tab's last save: (what was stored before it, what it wrote, when).
    let last_save =
        StoredValue::new(None::<(Thresholds, Thresholds, chrono::DateTime<chrono::Utc>)>);

    // The stored thresholds changed elsewhere (another tab, an import).
    Effect::new(move |prev: Option<Thresholds>| {
        let mut now = store.get();
        if prev.is_none_or(|p| p == now) {
            return now;
        }
        if let Some((before, saved, at)) = last_save.get_value() {
            let recent = (clock::now() - at).num_seconds() < REAPPLY_SECS;
            let m = after_save(&before, &saved, &now, recent);
            if !m.notes.is_empty() {
                merge_notes.update(|n| n.extend(m.notes.iter().map(MergeNote::text)));
                last_save.set_value(None);
            }
            if m.value != now {
                // The other tab wrote without seeing this save: put this tab's fields back.
                let _ = store.replace(m.value.clone());
                now = m.value;
            }
        }
        // Untouched fields show the new values; edited ones keep what is typed.
        let (b, tx) = base.with_untracked(|b| texts.with_untracked(|t| follow_texts(b, t, &now)));
        base.set(b);
        texts.set(tx);
        now
    });

    let error_count = move || draft.with(|(_, e)| e.len());
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (next, errors) = draft.get_untracked();
        if !errors.is_empty() {
            save_error.set(Some(format!(
                "Not saved: {} field(s) need attention.",
                errors.len()
            )));
            return;
        }
        // What is stored now (another tab may have saved a moment ago, before its storage
        // event reached this tab), with only this form's edits applied.
        let theirs = match storage::read::<Thresholds>() {
            Ok(Some(t)) => t,
            _ => store.get_untracked(),
        };
        let merged = base.with_untracked(|b| save_fields(b, &next, &theirs));
        let next = merged.value;
        let changed: Vec<&str> = FIELDS
            .iter()
            .filter(|f| (f.get)(&theirs) != (f.get)(&next))
            .map(|f| f.id)
            .collect();
        match store.replace(next.clone()) {
            Ok(()) => {
                last_save.set_value(Some((theirs.clone(), next.clone(), clock::now())));
                save_error.set(None);
                base.set(next.clone());
                texts.set(texts_of(&next));
                merge_notes.set(merged.notes.iter().map(MergeNote::text).collect());
                toasts.info("Thresholds saved: every page now judges by them.");
            }
            Err(e) => {
                save_error.set(Some(e.to_string()));
            }
        }
        if !changed.is_empty() {
            crate::components::trail::record(
                crate::domain::trail::kinds::SETTINGS,
                format!("alert thresholds changed: {}", changed.join(", ")),
            );
        }
    };
    let discard = move |_| {
        base.set(store.get_untracked());
        texts.set(store.with(texts_of));
        save_error.set(None);
        merge_notes.set(Vec::new());
    };
    let reset_all = move |_| {
        texts.set(texts_of(&Thresholds::default()));
    };
    let all_default = move || texts.with(|t| *t == texts_of(&Thresholds::default()));

    view! {
        <section class="page alert-thresholds">
            <h1>"Alert Thresholds"</h1>
            <p class="subtitle">
                "Every threshold the console judges by, with its default from the source page and the /beak contract. "
                "Saved thresholds take effect on every page at once."
            </p>
            <form class="thresholds-form" on:submit=save novalidate=true>
                <div class="form-actions sticky-actions" role="group" aria-label="Save or reset">
                    <button type="submit" class="btn btn-primary" disabled=move || { !dirty.get() || error_count() > 0 }>
                        "Save thresholds"
                    </button>
                    <button type="button" class="btn" on:click=discard disabled=move || !dirty.get()>
                        "Discard changes"
                    </button>
                    <button type="button" class="btn" on:click=reset_all disabled=all_default>
                        "Reset all to defaults"
                    </button>
                    <span class="form-state" role="status" data-testid="thresholds-state">
                        {move || {
                            let n = error_count();
                            if n > 0 {
                                format!("{n} field(s) need attention")
                            } else if dirty.get() {
                                "Unsaved changes".to_string()
                            } else {
                                "Saved".to_string()
                            }
                        }}
                    </span>
                </div>
                {move || save_error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                <div class="warning-note merge-notes" role="status" data-testid="thresholds-merge-notes"
                    hidden=move || merge_notes.with(Vec::is_empty)>
                    <p>"Saved in another tab too:"</p>
                    <ul>{move || merge_notes.get().into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
                </div>
                {GROUPS
                    .iter()
                    .map(|g| {
                        view! {
                            <fieldset class="card threshold-group">
                                <legend>{*g}</legend>
                                {FIELDS
                                    .iter()
                                    .filter(|f| f.group == *g)
                                    .map(|f| view! { <FieldRow f=f texts=texts draft=draft store_texts=Signal::derive(move || store.with(texts_of))/> })
                                    .collect_view()}
                            </fieldset>
                        }
                    })
                    .collect_view()}
            </form>
        </section>
    }
}

#[component]
fn FieldRow(
    f: &'static ThresholdField,
    texts: RwSignal<Texts>,
    draft: Memo<(Thresholds, BTreeMap<&'static str, String>)>,
    store_texts: Signal<Texts>,
) -> impl IntoView {
    let id = input_id(f);
    let err_id = format!("{id}-error");
    let help_id = format!("{id}-help");
    let default_text = f.text(&Thresholds::default());
    let default_for_reset = default_text.clone();
    let default_for_check = default_text.clone();
    let error = move || draft.with(|(_, e)| e.get(f.id).cloned());
    let value = move || texts.with(|t| t.get(f.id).cloned().unwrap_or_default());
    let changed = move || store_texts.with(|s| s.get(f.id).cloned()) != Some(value());
    let is_default = move || value().trim() == default_for_check;
    let reset = move |_| {
        let d = default_for_reset.clone();
        texts.update(|t| {
            t.insert(f.id, d);
        });
    };
    let described = {
        let err_id = err_id.clone();
        let help_id = help_id.clone();
        move || {
            if error().is_some() {
                format!("{help_id} {err_id}")
            } else {
                help_id.clone()
            }
        }
    };
    view! {
        <div class="threshold-field" class:has-error=move || error().is_some() data-field=f.id>
            <label for=id.clone()>{f.label}</label>
            <div class="threshold-input">
                <input
                    id=id.clone()
                    type="text"
                    inputmode="decimal"
                    autocomplete="off"
                    size="8"
                    prop:value=value
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        texts.update(|t| {
                            t.insert(f.id, v);
                        });
                    }
                    aria-invalid=move || if error().is_some() { "true" } else { "false" }
                    aria-describedby=described
                />
                <span class="unit">{f.unit}</span>
                <button
                    type="button"
                    class="btn btn-small"
                    on:click=reset
                    disabled=is_default
                    aria-label=format!("Reset {} to its default", f.label)
                >
                    "Reset"
                </button>
                <Show when=changed>
                    <span class="changed-mark">"changed"</span>
                </Show>
            </div>
            <p id=help_id class="hint">
                {format!("Default {}{}. ", default_text, unit_suffix(f.unit))}
                {f.help}
            </p>
            <p id=err_id class="field-error" role="alert" hidden=move || error().is_none()>
                {error}
            </p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draft_reads_texts_and_names_errors() {
        let base = Thresholds::default();
        let mut texts = texts_of(&base);
        let (t, e) = draft_of(&base, &texts);
        assert_eq!(t, base);
        assert!(e.is_empty());
        texts.insert("cold_start_ms", "1500".into());
        texts.insert("ses_amber_pct", "abc".into());
        texts.insert("peck_failure_amber_pct", "20".into());
        let (t, e) = draft_of(&base, &texts);
        assert_eq!(t.cold_start_ms, 1500);
        assert_eq!(
            t.ses_amber_pct, 80.0,
            "unparsable fields keep the stored value"
        );
        assert_eq!(
            e.get("ses_amber_pct").map(String::as_str),
            Some("Enter a number.")
        );
        assert!(e["peck_failure_amber_pct"].contains("below the red"));
        assert!(e["peck_failure_red_pct"].contains("below the red"));
        assert_eq!(e.len(), 3);
        assert_eq!(input_id(&FIELDS[0]), "th-ses-amber-pct");
    }
}
