//! The backup file: all console state (every key under `ops-console/v1/`) as one JSON document,
//! its validation, the preview of what an import would change, and the import itself applied
//! all-or-nothing. Plain Rust, tested natively; the Admin Panel does the browser parts.
//!
//! ```json
//! { "format": "ops-console-backup", "version": 1, "exported_at": "2026-11-29T19:42:07Z",
//!   "app_version": "0.1.0",
//!   "entries": { "ops-console/v1/settings": { "schema": 1, "saved_at": "…", "data": { … } } } }
//! ```
//! Each entry is the stored envelope as it is kept in localStorage, so values of every page
//! travel unchanged. Quarantined values are not part of a backup and an import leaves them alone;
//! so is the cache of the last-known `/beak` answers (`last-known`): it is platform data, not
//! the operator's work.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::approvals::GovernanceLog;
use super::gated::{check_template, GatedOp, GatedTemplates};
use super::incident_mode::IncidentMode;
use super::last_known::LastKnown;
use super::settings::Settings;
use super::thresholds::Thresholds;
use super::trail::Trail;
use crate::storage::codec::{decode, key_of, Decoded, Stored, PREFIX};

/// The `format` marker of a backup file.
pub const FORMAT: &str = "ops-console-backup";
/// The backup version this console writes and reads up to.
pub const VERSION: u32 = 1;
/// The largest file accepted for import.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Backup {
    pub format: String,
    pub version: u32,
    pub exported_at: DateTime<Utc>,
    pub app_version: String,
    /// Stored envelopes by key.
    pub entries: BTreeMap<String, Value>,
}

/// The file name of an export made at `at`.
pub fn file_name(at: DateTime<Utc>) -> String {
    format!("ops-console-backup-{}.json", crate::domain::time::stamp(at))
}

/// A cache: left out of exports; an import neither writes, changes nor removes it.
fn is_cache(key: &str) -> bool {
    key == key_of::<LastKnown>()
}

/// Builds the backup of `current` (raw stored values by key). Keys outside `ops-console/v1/`
/// and caches are left out; values that are not JSON are left out and named in the second
/// result.
pub fn export(
    current: &BTreeMap<String, String>,
    now: DateTime<Utc>,
    app_version: &str,
) -> (Backup, Vec<String>) {
    let mut entries = BTreeMap::new();
    let mut skipped = Vec::new();
    for (k, raw) in current {
        if !k.starts_with(PREFIX) || is_cache(k) {
            continue;
        }
        match serde_json::from_str::<Value>(raw) {
            Ok(v) => {
                entries.insert(k.clone(), v);
            }
            Err(_) => skipped.push(k.clone()),
        }
    }
    (
        Backup {
            format: FORMAT.into(),
            version: VERSION,
            exported_at: now,
            app_version: app_version.into(),
            entries,
        },
        skipped,
    )
}

/// The backup as the text of the file.
pub fn to_text(b: &Backup) -> String {
    serde_json::to_string_pretty(b).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

fn decode_check<T: Stored>(
    raw: &str,
    extra: impl Fn(&T) -> Result<(), String>,
) -> Result<(), String> {
    match decode::<T>(raw) {
        Decoded::Current(v) | Decoded::Migrated { value: v, .. } => extra(&v),
        Decoded::Invalid { reason } => Err(reason),
    }
}

fn no_extra<T>(_: &T) -> Result<(), String> {
    Ok(())
}

/// Checks one stored value of a known kind fully (shape, schema and the kind's own rules);
/// values of other kinds get the envelope check only.
pub fn check_entry(key: &str, raw: &str) -> Result<(), String> {
    if key == key_of::<Settings>() {
        decode_check::<Settings>(raw, |s| match s.validate().first() {
            None => Ok(()),
            Some(e) => Err(format!("settings field {}: {}", e.field, e.message)),
        })
    } else if key == key_of::<Thresholds>() {
        decode_check::<Thresholds>(raw, |t| match t.validate().first() {
            None => Ok(()),
            Some(e) => Err(format!("threshold {}: {}", e.field, e.message)),
        })
    } else if key == key_of::<IncidentMode>() {
        decode_check::<IncidentMode>(raw, no_extra)
    } else if key == key_of::<GovernanceLog>() {
        decode_check::<GovernanceLog>(raw, no_extra)
    } else if key == key_of::<GatedTemplates>() {
        decode_check::<GatedTemplates>(raw, |t| {
            for op in GatedOp::ALL {
                if let Some(e) = check_template(op, t.get(op)) {
                    return Err(format!("the {} template: {e}", op.id()));
                }
            }
            Ok(())
        })
    } else if key == key_of::<Trail>() {
        decode_check::<Trail>(raw, |t| {
            t.verify_chain()
                .map_err(|b| format!("the activity trail does not verify: {b}"))
        })
    } else {
        Ok(())
    }
}

fn check_envelope(v: &Value) -> Result<(), String> {
    let o = v.as_object().ok_or("not a stored record (an object)")?;
    match o.get("schema").and_then(Value::as_u64) {
        Some(s) if s >= 1 => {}
        _ => return Err("no schema version".into()),
    }
    if !o.get("saved_at").is_some_and(Value::is_string) {
        return Err("no saved_at time".into());
    }
    if !o.contains_key("data") {
        return Err("no data".into());
    }
    Ok(())
}

fn valid_key(k: &str) -> bool {
    k.strip_prefix(PREFIX).is_some_and(|name| {
        !name.is_empty()
            && name.len() <= 100
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
    })
}

/// Reads and validates a backup file. Every refusal says why; nothing is half-accepted.
pub fn parse(text: &str) -> Result<Backup, String> {
    if text.len() > MAX_BYTES {
        return Err(format!(
            "The file is too large ({:.1} MB; a backup is at most {} MB).",
            text.len() as f64 / (1024.0 * 1024.0),
            MAX_BYTES / (1024 * 1024)
        ));
    }
    if text.trim().is_empty() {
        return Err("The file is empty.".into());
    }
    let v: Value = serde_json::from_str(text).map_err(|e| {
        let mut m = e.to_string();
        m.truncate(160);
        format!("Not a JSON file (it may be damaged or cut off): {m}.")
    })?;
    let o = v
        .as_object()
        .ok_or("Not an Ops Console backup: the file is JSON but not an object.")?;
    match o.get("format").and_then(Value::as_str) {
        Some(FORMAT) => {}
        Some(other) => {
            return Err(format!(
                "Not an Ops Console backup: its format is \"{}\", expected \"{FORMAT}\".",
                other.chars().take(60).collect::<String>()
            ))
        }
        None => {
            return Err(format!(
                "Not an Ops Console backup: it has no \"format\": \"{FORMAT}\" marker."
            ))
        }
    }
    let version = o
        .get("version")
        .and_then(Value::as_u64)
        .ok_or("The backup has no version number.")?;
    if version > u64::from(VERSION) {
        return Err(format!(
            "The backup was written by a newer console (backup version {version}; this one reads up to {VERSION})."
        ));
    }
    if version == 0 {
        return Err("The backup version 0 is not valid.".into());
    }
    let entries = o
        .get("entries")
        .and_then(Value::as_object)
        .ok_or("The backup has no entries.")?;
    for (k, v) in entries {
        if !valid_key(k) {
            return Err(format!(
                "Entry \"{}\" is not a console key (keys start with {PREFIX}).",
                k.chars().take(80).collect::<String>()
            ));
        }
        check_envelope(v).map_err(|e| format!("Entry {k}: {e}."))?;
        check_entry(k, &v.to_string()).map_err(|e| format!("Entry {k}: {e}."))?;
    }
    serde_json::from_value::<Backup>(v.clone())
        .map_err(|e| format!("The backup header is damaged: {e}."))
}

/// What an import does to one key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    Added,
    Changed,
    Removed,
    Unchanged,
}

impl ChangeKind {
    pub fn word(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Changed => "changed",
            ChangeKind::Removed => "removed",
            ChangeKind::Unchanged => "unchanged",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub key: String,
    pub kind: ChangeKind,
    /// What differs, for a person: the fields that change, or item counts.
    pub detail: String,
}

/// The preview of an import, and what it will write and remove.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ImportPlan {
    pub changes: Vec<Change>,
    pub writes: Vec<(String, String)>,
    pub removes: Vec<String>,
}

impl ImportPlan {
    pub fn count(&self, kind: ChangeKind) -> usize {
        self.changes.iter().filter(|c| c.kind == kind).count()
    }

    /// Whether applying it changes anything.
    pub fn is_noop(&self) -> bool {
        self.changes.iter().all(|c| c.kind == ChangeKind::Unchanged)
    }
}

fn data_of(v: &Value) -> Option<&Value> {
    v.get("data")
}

fn describe(before: &Value, after: &Value) -> String {
    match (before, after) {
        (Value::Object(a), Value::Object(b)) => {
            let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
            crate::domain::sort::sort(&mut keys);
            keys.dedup();
            let changed: Vec<String> = keys
                .into_iter()
                .filter(|k| a.get(*k) != b.get(*k))
                .map(|k| match (a.get(k), b.get(k)) {
                    (Some(Value::Array(x)), Some(Value::Array(y))) => {
                        format!("{k} ({} → {} items)", x.len(), y.len())
                    }
                    _ => k.to_string(),
                })
                .collect();
            if changed.is_empty() {
                "stored form differs".into()
            } else {
                format!("fields: {}", changed.join(", "))
            }
        }
        (Value::Array(x), Value::Array(y)) => format!("{} → {} items", x.len(), y.len()),
        _ => "value differs".into(),
    }
}

fn summarize(v: &Value) -> String {
    match data_of(v) {
        Some(Value::Object(o)) => {
            let lists: Vec<String> = o
                .iter()
                .filter_map(|(k, v)| v.as_array().map(|a| format!("{k}: {} items", a.len())))
                .collect();
            if lists.is_empty() {
                format!("{} fields", o.len())
            } else {
                lists.join(", ")
            }
        }
        Some(Value::Array(a)) => format!("{} items", a.len()),
        _ => String::new(),
    }
}

/// Compares the current state with a backup: an import makes the console state equal to the
/// backup's (keys it lacks are removed). Values are compared by their data, not their save time.
pub fn plan(current: &BTreeMap<String, String>, backup: &Backup) -> ImportPlan {
    let mut p = ImportPlan::default();
    for (k, after) in &backup.entries {
        if is_cache(k) {
            continue;
        }
        let raw_after = after.to_string();
        match current.get(k) {
            None => {
                p.changes.push(Change {
                    key: k.clone(),
                    kind: ChangeKind::Added,
                    detail: summarize(after),
                });
                p.writes.push((k.clone(), raw_after));
            }
            Some(raw_before) => {
                let before: Option<Value> = serde_json::from_str(raw_before).ok();
                let same = before.as_ref().and_then(data_of) == data_of(after)
                    && before.as_ref().and_then(|b| b.get("schema")) == after.get("schema");
                if same {
                    p.changes.push(Change {
                        key: k.clone(),
                        kind: ChangeKind::Unchanged,
                        detail: String::new(),
                    });
                } else {
                    let detail = match (before.as_ref().and_then(data_of), data_of(after)) {
                        (Some(b), Some(a)) => describe(b, a),
                        _ => "the current value is unreadable".into(),
                    };
                    p.changes.push(Change {
                        key: k.clone(),
                        kind: ChangeKind::Changed,
                        detail,
                    });
                    p.writes.push((k.clone(), raw_after));
                }
            }
        }
    }
    for (k, raw) in current {
        if k.starts_with(PREFIX) && !is_cache(k) && !backup.entries.contains_key(k) {
            let detail = serde_json::from_str::<Value>(raw)
                .map(|v| summarize(&v))
                .unwrap_or_default();
            p.changes.push(Change {
                key: k.clone(),
                kind: ChangeKind::Removed,
                detail,
            });
            p.removes.push(k.clone());
        }
    }
    crate::domain::sort::sort_by(&mut p.changes, |a, b| {
        a.kind.cmp(&b.kind).then_with(|| a.key.cmp(&b.key))
    });
    p
}

/// Raw key–value storage, as the import sees it.
pub trait KeyValue {
    fn get(&self, key: &str) -> Result<Option<String>, String>;
    fn set(&mut self, key: &str, value: &str) -> Result<(), String>;
    fn remove(&mut self, key: &str) -> Result<(), String>;
}

/// Applies a plan all-or-nothing: on the first failure everything already written or removed
/// is put back as it was, and the reason returned. Returns how many keys changed.
pub fn apply(plan: &ImportPlan, kv: &mut impl KeyValue) -> Result<usize, String> {
    // Remember every value we are about to touch before touching any.
    let mut before: Vec<(String, Option<String>)> = Vec::new();
    for key in plan
        .writes
        .iter()
        .map(|(k, _)| k)
        .chain(plan.removes.iter())
    {
        let v = kv
            .get(key)
            .map_err(|e| format!("Nothing was imported: {key} could not be read ({e})."))?;
        before.push((key.clone(), v));
    }
    let mut written = 0usize;
    let mut failure = None;
    for (k, v) in &plan.writes {
        if let Err(e) = kv.set(k, v) {
            failure = Some(format!("{k} could not be written ({e})"));
            break;
        }
        written += 1;
    }
    let mut removed = 0usize;
    if failure.is_none() {
        for k in &plan.removes {
            if let Err(e) = kv.remove(k) {
                failure = Some(format!("{k} could not be removed ({e})"));
                break;
            }
            removed += 1;
        }
    }
    match failure {
        None => Ok(written + removed),
        Some(why) => {
            // Put back only what was touched: the writes done, then the removals done.
            let touched = before
                .iter()
                .take(written)
                .chain(before.iter().skip(plan.writes.len()).take(removed));
            let mut not_restored = Vec::new();
            for (k, v) in touched {
                let r = match v {
                    Some(v) => kv.set(k, v),
                    None => kv.remove(k),
                };
                if r.is_err() {
                    not_restored.push(k.clone());
                }
            }
            // The write that failed may still be held in memory by the storage layer: put
            // its old value back as well (best effort; its stored copy never changed).
            if written < plan.writes.len() && removed == 0 {
                if let Some((k, v)) = before.get(written) {
                    let _ = match v {
                        Some(v) => kv.set(k, v),
                        None => kv.remove(k),
                    };
                }
            }
            if not_restored.is_empty() {
                Err(format!(
                    "Nothing was imported: {why}. Everything was put back as it was."
                ))
            } else {
                Err(format!(
                    "The import failed: {why}, and {} could not be put back. Export what you have now before anything else.",
                    not_restored.join(", ")
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::parse_rfc3339;
    use crate::storage::codec::encode;

    fn now() -> DateTime<Utc> {
        parse_rfc3339("2026-11-29T19:42:07Z").unwrap()
    }

    fn state() -> BTreeMap<String, String> {
        let settings = Settings {
            operator: "ana \"quoted\" <b>x</b>".into(),
            poll_interval_secs: 30,
            ..Settings::default()
        };
        let thresholds = Thresholds {
            cold_start_ms: 1500,
            ..Thresholds::default()
        };
        let mut trail = Trail::default();
        trail.append(now(), "ana", "tick", "Pre-Deploy step 1");
        let mut m = BTreeMap::new();
        m.insert(key_of::<Settings>(), encode(&settings, now()).unwrap());
        m.insert(key_of::<Thresholds>(), encode(&thresholds, now()).unwrap());
        m.insert(key_of::<Trail>(), encode(&trail, now()).unwrap());
        m.insert(
            "ops-console/v1/checklist".into(),
            r#"{"schema":1,"saved_at":"2026-11-29T19:00:00Z","data":{"ticked":["pre-1","pre-2"]}}"#
                .into(),
        );
        m.insert(
            "ops-console/quarantine/settings/2026-11-29T19:00:00Z".into(),
            "{broken".into(),
        );
        m
    }

    struct Mem {
        map: BTreeMap<String, String>,
        fail_on_set: Option<String>,
    }

    impl KeyValue for Mem {
        fn get(&self, key: &str) -> Result<Option<String>, String> {
            Ok(self.map.get(key).cloned())
        }
        fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
            if self.fail_on_set.as_deref() == Some(key) {
                return Err("QuotaExceededError".into());
            }
            self.map.insert(key.into(), value.into());
            Ok(())
        }
        fn remove(&mut self, key: &str) -> Result<(), String> {
            self.map.remove(key);
            Ok(())
        }
    }

    fn values(m: &BTreeMap<String, String>) -> BTreeMap<String, Value> {
        m.iter()
            .filter(|(k, _)| k.starts_with(PREFIX))
            .map(|(k, v)| (k.clone(), serde_json::from_str(v).unwrap()))
            .collect()
    }

    #[test]
    fn round_trip_gives_the_same_state() {
        let s = state();
        let (b, skipped) = export(&s, now(), "0.1.0");
        assert!(skipped.is_empty());
        assert_eq!(b.entries.len(), 4, "quarantine is not exported");
        let text = to_text(&b);
        let back = parse(&text).unwrap();
        assert_eq!(back, b);
        let p = plan(&s, &back);
        assert!(p.is_noop(), "{p:?}");
        assert_eq!(p.count(ChangeKind::Unchanged), 4);

        // Into an empty console: everything is added and the result reads the same values.
        let mut kv = Mem {
            map: BTreeMap::new(),
            fail_on_set: None,
        };
        let p = plan(&kv.map, &back);
        assert_eq!(p.count(ChangeKind::Added), 4);
        assert_eq!(apply(&p, &mut kv).unwrap(), 4);
        assert_eq!(values(&kv.map), values(&s));
        match decode::<Settings>(&kv.map[&key_of::<Settings>()]) {
            Decoded::Current(v) => assert_eq!(v.operator, "ana \"quoted\" <b>x</b>"),
            other => panic!("{other:?}"),
        }
        assert_eq!(file_name(now()), "ops-console-backup-20261129-194207.json");
    }

    #[test]
    fn the_last_known_cache_is_neither_exported_nor_imported() {
        let cache = key_of::<LastKnown>();
        let mut s = state();
        s.insert(
            cache.clone(),
            crate::storage::codec::encode(&LastKnown::default(), now()).unwrap(),
        );
        let (b, _) = export(&s, now(), "0.1.0");
        assert!(!b.entries.contains_key(&cache));
        // Importing a backup without it keeps this console's cache.
        assert!(plan(&s, &b).is_noop());
        // A backup that carries one (hand-edited, or from elsewhere) does not write it.
        let mut with = b.clone();
        with.entries
            .insert(cache.clone(), serde_json::from_str(&s[&cache]).unwrap());
        let back = parse(&to_text(&with)).unwrap();
        let p = plan(&BTreeMap::new(), &back);
        assert!(p.writes.iter().all(|(k, _)| *k != cache));
        assert!(p.changes.iter().all(|c| c.key != cache));
    }

    #[test]
    fn preview_names_what_changes() {
        let s = state();
        let (mut b, _) = export(&s, now(), "0.1.0");
        // The backup has other settings, no checklist, and an extra key.
        let other = Settings {
            operator: "raj".into(),
            ..Settings::default()
        };
        b.entries.insert(
            key_of::<Settings>(),
            serde_json::from_str(&encode(&other, now()).unwrap()).unwrap(),
        );
        b.entries.remove("ops-console/v1/checklist");
        b.entries.insert(
            "ops-console/v1/deploy-log".into(),
            serde_json::json!({"schema":1,"saved_at":"x","data":{"entries":[1,2,3]}}),
        );
        let p = plan(&s, &b);
        let kinds: Vec<_> = p.changes.iter().map(|c| (c.key.as_str(), c.kind)).collect();
        assert_eq!(
            kinds,
            vec![
                ("ops-console/v1/deploy-log", ChangeKind::Added),
                ("ops-console/v1/settings", ChangeKind::Changed),
                ("ops-console/v1/checklist", ChangeKind::Removed),
                ("ops-console/v1/activity-trail", ChangeKind::Unchanged),
                ("ops-console/v1/thresholds", ChangeKind::Unchanged),
            ]
        );
        assert_eq!(p.changes[0].detail, "entries: 3 items");
        assert!(
            p.changes[1].detail.contains("operator")
                && p.changes[1].detail.contains("poll_interval_secs"),
            "{}",
            p.changes[1].detail
        );
        assert_eq!(p.changes[2].detail, "ticked: 2 items");
        assert_eq!(p.removes, vec!["ops-console/v1/checklist".to_string()]);
        assert_eq!(p.writes.len(), 2);
        assert!(!p.is_noop());
    }

    #[test]
    fn a_failed_import_changes_nothing() {
        let s = state();
        let (mut b, _) = export(&s, now(), "0.1.0");
        b.entries.insert(
            "ops-console/v1/aaa".into(),
            serde_json::json!({"schema":1,"saved_at":"x","data":1}),
        );
        b.entries.remove("ops-console/v1/checklist");
        let other = Thresholds {
            cold_start_ms: 900,
            ..Thresholds::default()
        };
        b.entries.insert(
            key_of::<Thresholds>(),
            serde_json::from_str(&encode(&other, now()).unwrap()).unwrap(),
        );
        let mut kv = Mem {
            map: s.clone(),
            fail_on_set: Some(key_of::<Thresholds>()),
        };
        let p = plan(&kv.map, &b);
        let err = apply(&p, &mut kv).unwrap_err();
        assert!(err.starts_with("Nothing was imported"), "{err}");
        assert!(err.contains("QuotaExceededError"));
        assert_eq!(kv.map, s, "everything put back");
    }

    #[test]
    fn corrupt_or_foreign_files_are_refused_with_the_reason() {
        let (b, _) = export(&state(), now(), "0.1.0");
        let good = to_text(&b);
        let cut = &good[..good.len() / 2];
        let with = |f: &dyn Fn(&mut Value)| {
            let mut v: Value = serde_json::from_str(&good).unwrap();
            f(&mut v);
            v.to_string()
        };
        let cases: Vec<(String, &str)> = vec![
            (String::new(), "empty"),
            (cut.to_string(), "Not a JSON file"),
            ("<html>backup</html>".into(), "Not a JSON file"),
            ("[1,2]".into(), "not an object"),
            (
                r#"{"name":"some other app","items":[]}"#.into(),
                "no \"format\"",
            ),
            (
                with(&|v| v["format"] = "grafana-dashboard".into()),
                "its format is \"grafana-dashboard\"",
            ),
            (with(&|v| v["version"] = 2.into()), "newer console"),
            (with(&|v| v["version"] = Value::Null), "no version"),
            (with(&|v| v["entries"] = Value::Null), "no entries"),
            (
                with(&|v| v["entries"]["other-app/key"] = serde_json::json!({})),
                "not a console key",
            ),
            (
                with(&|v| v["entries"]["ops-console/v1/x"] = "plain".into()),
                "not a stored record",
            ),
            (
                with(&|v| {
                    v["entries"]["ops-console/v1/x"] = serde_json::json!({"saved_at":"x","data":1})
                }),
                "no schema",
            ),
            (
                with(&|v| {
                    v["entries"]["ops-console/v1/settings"]["data"]["poll_interval_secs"] = 0.into()
                }),
                "poll_interval_secs",
            ),
            (
                with(&|v| {
                    v["entries"]["ops-console/v1/thresholds"]["data"]["ses_amber_pct"] = 99.into()
                }),
                "ses_amber_pct",
            ),
            (
                with(&|v| v["entries"]["ops-console/v1/thresholds"]["schema"] = 9.into()),
                "newer console",
            ),
            (
                with(&|v| {
                    v["entries"]["ops-console/v1/activity-trail"]["data"]["entries"][0]["detail"] =
                        "edited".into()
                }),
                "does not verify",
            ),
            (
                with(&|v| v["entries"]["ops-console/v1/settings"]["data"] = "x".into()),
                "wrong shape",
            ),
            (
                with(&|v| {
                    v["entries"]["ops-console/v1/gated-templates"] = serde_json::json!({
                        "schema": 1, "saved_at": "x", "data": {"rollback": "aws {function} {alias}"}
                    })
                }),
                "rollback template",
            ),
            ("x".repeat(MAX_BYTES + 1), "too large"),
        ];
        for (text, needle) in cases {
            match parse(&text) {
                Ok(_) => panic!("accepted: {}", text.chars().take(120).collect::<String>()),
                Err(e) => assert!(e.contains(needle), "{needle:?} not in {e:?}"),
            }
        }
        assert!(parse(&good).is_ok());
    }
}
