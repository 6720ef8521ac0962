//! Merging two copies of the same stored state, used when another tab wrote it meanwhile.

/// A value that can be combined with another copy of itself (the other tab's) without losing
/// what either side wrote. `merge` must be commutative in effect: both tabs converge.
pub trait Merge: Sized {
    fn merge(self, other: Self) -> Self;
}

/// A three-way merge of a form's value, field by field (top-level JSON fields): the fields
/// `mine` changed since `base` (what the form was showing when editing began) take `mine`'s
/// value, every other field takes `theirs` (what is stored now, maybe written by another tab).
/// So two tabs saving different fields of the same form at once both keep their change.
/// Falls back to `mine` when a value is not a JSON object or the result does not decode.
pub fn merge_fields<T>(base: &T, mine: &T, theirs: &T) -> T
where
    T: serde::Serialize + serde::de::DeserializeOwned + Clone,
{
    use serde_json::Value;
    let (Ok(Value::Object(b)), Ok(Value::Object(m)), Ok(Value::Object(mut t))) = (
        serde_json::to_value(base),
        serde_json::to_value(mine),
        serde_json::to_value(theirs),
    ) else {
        return mine.clone();
    };
    for (k, v) in m {
        if b.get(&k) != Some(&v) {
            t.insert(k, v);
        }
    }
    serde_json::from_value(Value::Object(t)).unwrap_or_else(|_| mine.clone())
}

/// After this tab saved `saved` over `before`, another tab's value `theirs` arrived: the fields
/// this tab changed that `theirs` still has at their `before` value (the other tab wrote
/// without seeing this save) get this tab's value again. A field the other tab changed itself
/// is left to it. Returns `theirs` unchanged when nothing is missing.
pub fn reapply_fields<T>(before: &T, saved: &T, theirs: &T) -> T
where
    T: serde::Serialize + serde::de::DeserializeOwned + Clone,
{
    use serde_json::Value;
    let (Ok(Value::Object(b)), Ok(Value::Object(s)), Ok(Value::Object(mut t))) = (
        serde_json::to_value(before),
        serde_json::to_value(saved),
        serde_json::to_value(theirs),
    ) else {
        return theirs.clone();
    };
    for (k, v) in s {
        if b.get(&k) != Some(&v) && t.get(&k) == b.get(&k) {
            t.insert(k, v);
        }
    }
    serde_json::from_value(Value::Object(t)).unwrap_or_else(|_| theirs.clone())
}

/// A value edited field by field in a form (Alert Thresholds, the gated-step templates), merged
/// per field when two tabs save it: [`save_fields`] on save, [`after_save`] when another tab's
/// value arrives after this tab saved, [`follow_fields`] while this tab is editing.
pub trait PerField: Clone {
    /// Every field's id, in display order.
    fn field_ids() -> Vec<&'static str>;
    /// How the field is named to a person.
    fn field_label(id: &str) -> String;
    /// The field's value as shown to a person.
    fn field_text(&self, id: &str) -> String;
    /// Whether field `id` holds the same value in both.
    fn field_eq(&self, other: &Self, id: &str) -> bool;
    /// Sets field `id` to its value in `from`.
    fn copy_field(&mut self, from: &Self, id: &str);
}

/// What a person is told after a merge with another tab's save of the same field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MergeNote {
    /// Both tabs changed the field and this tab saved later: its value replaced the other's.
    Replaced {
        field: String,
        theirs: String,
        mine: String,
    },
    /// This tab saved the field and another tab saved it later: the other tab's value is kept.
    KeptTheirs {
        field: String,
        mine: String,
        theirs: String,
    },
}

impl MergeNote {
    pub fn text(&self) -> String {
        match self {
            MergeNote::Replaced {
                field,
                theirs,
                mine,
            } => format!(
                "{field}: another tab had saved {theirs}; your later save replaced it with {mine}."
            ),
            MergeNote::KeptTheirs {
                field,
                mine,
                theirs,
            } => format!(
                "{field}: another tab saved {theirs} after your {mine}; its later value is kept."
            ),
        }
    }
}

/// A merged value and what to tell about it.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldMerge<T> {
    pub value: T,
    pub notes: Vec<MergeNote>,
}

/// A three-way save, field by field: `base` is what this tab's form was loaded from, `mine` the
/// form as saved, `theirs` what is stored now (maybe written by another tab meanwhile). Fields
/// this tab changed take `mine`'s value, every other field keeps `theirs`. A field both changed
/// to different values ends with this tab's value (the later write) and a
/// [`MergeNote::Replaced`] note.
pub fn save_fields<T: PerField>(base: &T, mine: &T, theirs: &T) -> FieldMerge<T> {
    let mut value = theirs.clone();
    let mut notes = Vec::new();
    for id in T::field_ids() {
        if mine.field_eq(base, id) {
            continue;
        }
        if !theirs.field_eq(base, id) && !theirs.field_eq(mine, id) {
            notes.push(MergeNote::Replaced {
                field: T::field_label(id),
                theirs: theirs.field_text(id),
                mine: mine.field_text(id),
            });
        }
        value.copy_field(mine, id);
    }
    FieldMerge { value, notes }
}

/// Another tab's value `theirs` arrived after this tab saved `saved` over `before`. For each
/// field this tab changed: when `theirs` still has it at its `before` value, the other tab wrote
/// without seeing this save, and `reapply` puts this tab's value back (only done shortly after
/// the save, so a deliberate later change is not undone); when `theirs` has another value, the
/// other tab saved the field later: its value is kept and a [`MergeNote::KeptTheirs`] says so.
pub fn after_save<T: PerField>(before: &T, saved: &T, theirs: &T, reapply: bool) -> FieldMerge<T> {
    let mut value = theirs.clone();
    let mut notes = Vec::new();
    for id in T::field_ids() {
        if saved.field_eq(before, id) || theirs.field_eq(saved, id) {
            continue;
        }
        if theirs.field_eq(before, id) {
            if reapply {
                value.copy_field(saved, id);
            }
        } else {
            notes.push(MergeNote::KeptTheirs {
                field: T::field_label(id),
                mine: saved.field_text(id),
                theirs: theirs.field_text(id),
            });
        }
    }
    FieldMerge { value, notes }
}

/// Another tab saved `theirs` while this tab edits `mine` (loaded from `base`): the fields this
/// tab has not touched follow `theirs`, in the form and in its base; edited fields keep their
/// base, so a save still sees that the other tab changed them too. Returns (base, mine).
pub fn follow_fields<T: PerField>(base: &T, mine: &T, theirs: &T) -> (T, T) {
    let (mut b, mut m) = (base.clone(), mine.clone());
    for id in T::field_ids() {
        if mine.field_eq(base, id) {
            b.copy_field(theirs, id);
            m.copy_field(theirs, id);
        }
    }
    (b, m)
}

/// Values that are replaced whole: the copy written last (as stored) wins.
macro_rules! last_writer_wins {
    ($($t:ty),*) => {$(
        impl Merge for $t {
            fn merge(self, other: Self) -> Self { other }
        }
    )*};
}
last_writer_wins!(bool, String, u32, u64, i64, f64);

impl<T: Merge> Merge for Option<T> {
    fn merge(self, other: Self) -> Self {
        match (self, other) {
            (Some(a), Some(b)) => Some(a.merge(b)),
            (a, None) => a,
            (None, b) => b,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::gated::{GatedOp, GatedTemplates};
    use crate::domain::settings::Settings;
    use crate::domain::threshold_fields::{follow_texts, texts_of};
    use crate::domain::thresholds::Thresholds;

    #[test]
    fn two_tabs_saving_different_thresholds_keep_both() {
        let base = Thresholds::default();
        let mut a = base.clone();
        a.cold_start_ms = 2500;
        a.health_weights.dead_agents = 30;
        let mut b = base.clone();
        b.ses_amber_pct = 70.0;
        // Another field of the same nested group: a top-level merge would lose one of them.
        b.health_weights.alias_drift = 5;
        // A saved first; B, still on `base`, saves on top of what A stored.
        let stored = save_fields(&base, &a, &base).value;
        assert_eq!(stored, a);
        let after_b = save_fields(&base, &b, &stored);
        assert_eq!(after_b.notes, vec![]);
        let v = &after_b.value;
        assert_eq!(
            (
                v.cold_start_ms,
                v.health_weights.dead_agents,
                v.ses_amber_pct,
                v.health_weights.alias_drift
            ),
            (2500, 30, 70.0, 5)
        );
        // The other order reaches the same value.
        assert_eq!(save_fields(&base, &a, &b).value, after_b.value);
        // Nothing edited: what is stored stays.
        assert_eq!(save_fields(&base, &base, &a).value, a);

        // Both saved at the same moment without seeing each other: B's write lacks A's
        // fields. Shortly after its save A puts them back; B, seeing A's write, does the same
        // with its own; both reach the union, and nobody is told of a conflict.
        let fixed_by_a = after_save(&base, &a, &b, true);
        assert_eq!(fixed_by_a.value, after_b.value);
        assert_eq!(fixed_by_a.notes, vec![]);
        assert_eq!(after_save(&base, &b, &a, true).value, after_b.value);
        // Long after a save, another tab's value is followed as it is.
        assert_eq!(after_save(&base, &a, &b, false).value, b);
    }

    #[test]
    fn the_same_threshold_in_two_tabs_ends_with_the_later_save_and_says_so() {
        let base = Thresholds::default();
        let mut a = base.clone();
        a.cold_start_ms = 2500;
        let mut b = base.clone();
        b.cold_start_ms = 3000;
        b.ses_red_pct = 90.0;
        // A saved; B, which changed the same field before A's save reached it, saves later.
        let stored_a = save_fields(&base, &a, &base).value;
        let saved_b = save_fields(&base, &b, &stored_a);
        assert_eq!(saved_b.value.cold_start_ms, 3000);
        assert_eq!(saved_b.value.ses_red_pct, 90.0);
        assert_eq!(
            saved_b.notes,
            vec![MergeNote::Replaced {
                field: "Cold start p95 limit".into(),
                theirs: "2500 ms".into(),
                mine: "3000 ms".into(),
            }]
        );
        assert_eq!(
            saved_b.notes[0].text(),
            "Cold start p95 limit: another tab had saved 2500 ms; your later save replaced it with 3000 ms."
        );
        // A receives B's value: B's later value is kept (not put back), and A is told.
        let seen_by_a = after_save(&base, &stored_a, &saved_b.value, true);
        assert_eq!(seen_by_a.value, saved_b.value);
        assert_eq!(
            seen_by_a.notes,
            vec![MergeNote::KeptTheirs {
                field: "Cold start p95 limit".into(),
                mine: "2500 ms".into(),
                theirs: "3000 ms".into(),
            }]
        );
        assert!(seen_by_a.notes[0]
            .text()
            .contains("its later value is kept"));
        // The same value saved by both is no conflict.
        let same = save_fields(&base, &a, &stored_a);
        assert_eq!(same.notes, vec![]);
        // A weight is named with its group.
        let mut w = base.clone();
        w.health_weights.peck_failures = 1;
        let mut w2 = base.clone();
        w2.health_weights.peck_failures = 2;
        let n = save_fields(&base, &w2, &w).notes;
        assert_eq!(n.len(), 1);
        assert!(
            n[0].text()
                .starts_with("Health score weights: Peck failures: another tab had saved 1 points"),
            "{}",
            n[0].text()
        );
    }

    #[test]
    fn an_open_thresholds_form_follows_another_tabs_save_on_untouched_fields() {
        let base = Thresholds::default();
        let mut texts = texts_of(&base);
        texts.insert("cold_start_ms", "2500".into());
        let mut theirs = base.clone();
        theirs.ses_amber_pct = 70.0;
        theirs.cold_start_ms = 1800;
        let (b, tx) = follow_texts(&base, &texts, &theirs);
        // The untouched field shows the other tab's value; the edited one keeps this tab's.
        assert_eq!(tx["ses_amber_pct"], "70");
        assert_eq!(tx["cold_start_ms"], "2500");
        assert_eq!(b.ses_amber_pct, 70.0);
        assert_eq!(b.cold_start_ms, 2000, "an edited field keeps its base");
        // Saving then replaces the other tab's value of the edited field, and says so.
        let mut mine = b.clone();
        mine.cold_start_ms = 2500;
        let saved = save_fields(&b, &mine, &theirs);
        assert_eq!(saved.value.ses_amber_pct, 70.0);
        assert_eq!(saved.value.cold_start_ms, 2500);
        assert_eq!(saved.notes.len(), 1);
        // The generic form does the same on values.
        let mut m = base.clone();
        m.cold_start_ms = 2500;
        let (b2, m2) = follow_fields(&base, &m, &theirs);
        assert_eq!((b2.ses_amber_pct, b2.cold_start_ms), (70.0, 2000));
        assert_eq!((m2.ses_amber_pct, m2.cold_start_ms), (70.0, 2500));
    }

    #[test]
    fn two_tabs_saving_gated_templates_merge_per_template() {
        let base = GatedTemplates::default();
        let mut a = base.clone();
        a.set(GatedOp::Rollback, "rb {function} {alias} {version}".into());
        let mut b = base.clone();
        b.set(GatedOp::CertRevocation, "revoke {cert}".into());
        // At once: B's write lacks A's template; A puts it back on seeing B's write.
        let both = after_save(&base, &a, &b, true);
        assert_eq!(both.notes, vec![]);
        assert_eq!(both.value.rollback, "rb {function} {alias} {version}");
        assert_eq!(both.value.cert_revocation, "revoke {cert}");
        assert_eq!(both.value, save_fields(&base, &b, &a).value);
        // The same template: the later save wins and says whose value it replaced.
        let mut c = base.clone();
        c.set(GatedOp::Rollback, "rb2 {function} {alias} {version}".into());
        let later = save_fields(&base, &c, &a);
        assert_eq!(later.value.rollback, "rb2 {function} {alias} {version}");
        assert_eq!(
            later.notes[0].text(),
            "Roll back the prod alias template: another tab had saved \"rb {function} {alias} {version}\"; your later save replaced it with \"rb2 {function} {alias} {version}\"."
        );
        assert_eq!(
            GatedOp::from_id("cert-revocation"),
            Some(GatedOp::CertRevocation)
        );
        assert_eq!(GatedOp::from_id("nope"), None);
    }

    #[test]
    fn two_tabs_saving_different_settings_fields_keep_both() {
        let base = Settings::default();
        let mut a = base.clone();
        a.operator = "ana".into();
        let mut b = base.clone();
        b.poll_interval_secs = 7;
        // Tab A saved first; tab B, still showing `base`, saves its own field on top.
        let stored_after_b = merge_fields(&base, &b, &a);
        assert_eq!(stored_after_b.operator, "ana");
        assert_eq!(stored_after_b.poll_interval_secs, 7);
        // The other order gives the same state.
        let stored_after_a = merge_fields(&base, &a, &b);
        assert_eq!(stored_after_a, stored_after_b);
        // The same field changed by both: the later save wins.
        let mut c = base.clone();
        c.operator = "raj".into();
        assert_eq!(merge_fields(&base, &c, &a).operator, "raj");
        // Nothing changed: what is stored stays.
        assert_eq!(merge_fields(&base, &base, &a), a);

        // Both saved at once without seeing each other: A wrote `a`, B wrote `b` over it.
        // A gets B's value and puts its field back; B's own field stays.
        let fixed = reapply_fields(&base, &a, &b);
        assert_eq!(
            (fixed.operator.as_str(), fixed.poll_interval_secs),
            ("ana", 7)
        );
        // B gets A's (older) write: it puts its field back too; both reach the same value.
        assert_eq!(reapply_fields(&base, &b, &a), fixed);
        // A field the other tab changed itself is not overwritten.
        assert_eq!(reapply_fields(&base, &a, &c), c);
    }
}
