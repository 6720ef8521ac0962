//! The storage module on a real localStorage, in headless Chromium (wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use ops_console::domain::incident_mode::IncidentMode;
use ops_console::domain::merge::Merge;
use ops_console::domain::settings::Settings;
use ops_console::storage::{self, codec, store::Store, StorageError, Stored};
use serde::{Deserialize, Serialize};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn local() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

fn clear_console_keys() {
    let ls = local();
    let n = ls.length().unwrap();
    let keys: Vec<String> = (0..n).filter_map(|i| ls.key(i).ok().flatten()).collect();
    for k in keys {
        if k.starts_with("ops-console/") {
            ls.remove_item(&k).unwrap();
        }
    }
}

fn fresh() -> Owner {
    clear_console_keys();
    let owner = Owner::new();
    owner.with(|| {
        storage::init();
    });
    owner
}

#[wasm_bindgen_test]
fn typed_round_trip_lands_in_local_storage() {
    let owner = fresh();
    owner.with(|| {
        let s = Settings {
            operator: "ana \"the\" | <b>op</b>\nline 2 ✓".into(),
            ..Settings::default()
        };
        storage::write(&s).unwrap();
        let raw = local()
            .get_item("ops-console/v1/settings")
            .unwrap()
            .unwrap();
        assert!(raw.contains("\"schema\":1"));
        assert_eq!(storage::read::<Settings>().unwrap(), Some(s));
    });
}

#[wasm_bindgen_test]
fn corrupt_value_is_quarantined_not_overwritten() {
    let owner = fresh();
    owner.with(|| {
        let health = storage::init();
        local()
            .set_item("ops-console/v1/settings", "{definitely not json")
            .unwrap();
        let err = storage::read::<Settings>().unwrap_err();
        let StorageError::Quarantined { quarantined_as, .. } = err else {
            panic!("expected quarantine, got {err:?}");
        };
        assert!(quarantined_as.starts_with("ops-console/quarantine/settings/"));
        assert_eq!(
            local().get_item(&quarantined_as).unwrap().as_deref(),
            Some("{definitely not json")
        );
        assert_eq!(local().get_item("ops-console/v1/settings").unwrap(), None);
        assert_eq!(health.get_untracked().quarantined.len(), 1);
        // The rest still loads.
        storage::write(&IncidentMode::default()).unwrap();
        assert!(storage::read::<IncidentMode>().unwrap().is_some());
    });
}

#[wasm_bindgen_test]
fn newer_schema_and_wrong_types_are_quarantined() {
    let owner = fresh();
    owner.with(|| {
        local()
            .set_item("ops-console/v1/settings", r#"{"schema":99,"saved_at":"x","data":{}}"#)
            .unwrap();
        assert!(matches!(storage::read::<Settings>(), Err(StorageError::Quarantined { reason, .. }) if reason.contains("newer")));
        local()
            .set_item("ops-console/v1/incident-mode", r#"{"schema":1,"saved_at":"x","data":{"active":"yes"}}"#)
            .unwrap();
        assert!(matches!(storage::read::<IncidentMode>(), Err(StorageError::Quarantined { .. })));
    });
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Note {
    text: String,
}

impl Stored for Note {
    const NAME: &'static str = "test-note";
    const SCHEMA: u32 = 2;
    fn migrate(from: u32, data: serde_json::Value) -> Result<serde_json::Value, String> {
        match (from, data) {
            (1, serde_json::Value::String(s)) => Ok(serde_json::json!({ "text": s })),
            _ => Err("unknown".into()),
        }
    }
}

#[wasm_bindgen_test]
fn older_schema_is_migrated_and_written_back() {
    let owner = fresh();
    owner.with(|| {
        local()
            .set_item(
                "ops-console/v1/test-note",
                r#"{"schema":1,"saved_at":"2026-01-01T00:00:00Z","data":"hi"}"#,
            )
            .unwrap();
        assert_eq!(
            storage::read::<Note>().unwrap(),
            Some(Note { text: "hi".into() })
        );
        let raw = local()
            .get_item("ops-console/v1/test-note")
            .unwrap()
            .unwrap();
        assert!(raw.contains("\"schema\":2"), "{raw}");
        let kept = storage::usage()
            .into_iter()
            .any(|(k, _)| k.starts_with("ops-console/quarantine/test-note-pre-migration/"));
        assert!(kept, "the pre-migration form is kept aside");
    });
}

#[wasm_bindgen_test]
fn store_merges_what_another_tab_wrote() {
    let owner = fresh();
    owner.with(|| {
        let store = Store::<IncidentMode>::load(IncidentMode::default);
        let t0 = ops_console::domain::time::parse_rfc3339("2026-11-29T19:00:00Z").unwrap();
        // Another tab turns Incident Mode on later than our (older) change.
        let mut other = IncidentMode::default();
        other.turn_on(
            t0 + chrono::Duration::minutes(5),
            "raj",
            Some("INC-9".into()),
        );
        storage::write(&other).unwrap();
        store
            .update(|m| {
                m.turn_off(t0, "ana");
            })
            .unwrap();
        // The newer change (the other tab's) wins, and is what is stored.
        assert!(store.get_untracked().active);
        assert_eq!(
            storage::read::<IncidentMode>().unwrap().unwrap(),
            other.clone().merge(IncidentMode::default())
        );
    });
}

#[wasm_bindgen_test]
fn store_saves_without_a_merge_only_while_the_stored_text_is_its_own() {
    let owner = fresh();
    owner.with(|| {
        let health = storage::init();
        let key = "ops-console/v1/incident-mode";
        let store = Store::<IncidentMode>::load(IncidentMode::default);
        let t0 = ops_console::domain::time::parse_rfc3339("2026-11-29T19:00:00Z").unwrap();
        // Saves in a row: each finds the text the one before wrote, and stores the new value.
        store.update(|m| m.turn_on(t0, "ana", None)).unwrap();
        store
            .update(|m| m.turn_off(t0 + chrono::Duration::minutes(1), "ana"))
            .unwrap();
        assert!(!store.get_untracked().active);
        assert_eq!(
            storage::read::<IncidentMode>().unwrap().unwrap(),
            store.get_untracked()
        );
        // Another tab turns it on, later than this tab's next (older) change: merged, not
        // overwritten.
        let mut other = store.get_untracked();
        other.turn_on(
            t0 + chrono::Duration::minutes(5),
            "raj",
            Some("INC-7".into()),
        );
        storage::write(&other).unwrap();
        store
            .update(|m| m.turn_off(t0 + chrono::Duration::minutes(2), "ana"))
            .unwrap();
        assert!(
            store.get_untracked().active,
            "the other tab's newer change is kept"
        );
        assert!(storage::read::<IncidentMode>().unwrap().unwrap().active);
        // Text this store never wrote that cannot be read is quarantined, not overwritten.
        local().set_item(key, "{not json").unwrap();
        store
            .update(|m| m.turn_off(t0 + chrono::Duration::minutes(9), "ana"))
            .unwrap();
        let quarantined = health.get_untracked().quarantined;
        assert_eq!(quarantined.len(), 1, "{quarantined:?}");
        assert_eq!(
            local().get_item(&quarantined[0].1).unwrap().as_deref(),
            Some("{not json")
        );
        assert!(!storage::read::<IncidentMode>().unwrap().unwrap().active);
    });
}

#[wasm_bindgen_test]
fn raw_keys_and_usage() {
    let owner = fresh();
    owner.with(|| {
        storage::set_raw(&codec::key_of::<Note>(), "x").unwrap();
        assert!(storage::usage()
            .iter()
            .any(|(k, n)| k == "ops-console/v1/test-note" && *n == 1));
        storage::remove_raw("ops-console/v1/test-note").unwrap();
        assert_eq!(storage::get_raw("ops-console/v1/test-note").unwrap(), None);
    });
}

#[wasm_bindgen_test]
fn memory_only_mode_keeps_working_without_touching_local_storage() {
    let owner = fresh();
    owner.with(|| {
        let health = storage::init();
        storage::force_memory_only("test: storage blocked");
        let s = Settings {
            operator: "mem".into(),
            ..Settings::default()
        };
        storage::write(&s).unwrap();
        assert_eq!(storage::read::<Settings>().unwrap(), Some(s));
        assert_eq!(local().get_item("ops-console/v1/settings").unwrap(), None);
        assert!(health.get_untracked().memory_only.is_some());
        // Back to the real storage for any later test.
        storage::init();
    });
}

#[wasm_bindgen_test]
fn full_storage_keeps_the_value_in_memory_and_says_so() {
    let owner = fresh();
    owner.with(|| {
        let health = storage::init();
        let chunk = "x".repeat(512 * 1024);
        let mut filled = Vec::new();
        for i in 0..64 {
            let key = format!("ops-console/test-fill-{i}");
            if local().set_item(&key, &chunk).is_err() {
                break;
            }
            filled.push(key);
        }
        let s = Settings {
            operator: "full".into(),
            ..Settings::default()
        };
        let big = Settings {
            operator: "y".repeat(600 * 1024),
            ..s.clone()
        };
        let err = storage::write(&big).unwrap_err();
        assert!(matches!(err, StorageError::QuotaExceeded { .. }), "{err:?}");
        assert!(err.to_string().contains("full"));
        assert_eq!(
            storage::read::<Settings>().unwrap(),
            Some(big),
            "kept in memory"
        );
        assert_eq!(
            health.get_untracked().unsaved_keys,
            vec!["ops-console/v1/settings".to_string()]
        );
        for k in filled {
            local().remove_item(&k).unwrap();
        }
        storage::write(&s).unwrap();
        assert!(
            health.get_untracked().unsaved_keys.is_empty(),
            "a later good write clears the warning"
        );
    });
}
