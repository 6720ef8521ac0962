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
    use crate::domain::settings::Settings;

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
