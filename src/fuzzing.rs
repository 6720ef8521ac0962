//! The decoders that take untrusted input, as entry points for the fuzz targets in `fuzz/`
//! (`scripts/fuzz`) and for the native tests that replay their findings.
//!
//! Each entry point takes arbitrary bytes and must never panic. Where the input decodes, it
//! also checks that the decoded value round-trips: encoded again and decoded, it is the same.
//! A broken round trip panics on purpose, so the fuzzer reports it as a finding.
//!
//! Plain Rust: no signals, no web-sys.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::api::models::{parse_metrics, parse_root, parse_status, Parsed};
use crate::domain::facts::Facts;
use crate::domain::route::{Good, RouteState};
use crate::domain::thresholds::Thresholds;
use crate::domain::{anomalies, backup, health, rules};
use crate::storage::codec::{decode, encode, Decoded, Stored};

/// Data older than this is stale in the checks (two polls of the default interval).
const STALE_AFTER_SECS: i64 = 60;

fn fixed_now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_796_000_000, 0).unwrap_or_default()
}

fn state_of<T>(parsed: Option<Parsed<T>>, at: DateTime<Utc>) -> RouteState<T> {
    let mut s = RouteState::default();
    if let Some(p) = parsed {
        s.record_ok(Good {
            data: p.data,
            status: 200,
            latency_ms: 10,
            fetched_at: at,
            notes: p.notes,
            raw: String::new(),
        });
    }
    s
}

/// The three `/beak` payload parsers on one body, and every rule that reads their data:
/// the route rules, the facts, the health score and the anomaly summary.
pub fn payloads(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let t = Thresholds::default();
    let now = fixed_now();
    let root = parse_root(&text).ok();
    let metrics = parse_metrics(&text).ok();
    let status = parse_status(&text).ok();
    if let Some(m) = &metrics {
        let _ = rules::peck_failures(Some(&m.data), &t);
        let _ = rules::audit_counts(m.data.audit.as_ref(), &t);
        let _ = rules::sla(m.data.sla.as_ref(), &t);
    }
    if let Some(s) = &status {
        let d = &s.data;
        let _ = rules::alias_drift(Some(d));
        let _ = rules::fleet(Some(&d.agents));
        let _ = rules::ses_quota(d.ses_quota.as_ref(), &t);
        let _ = rules::snapshot(Some(d), now, &t);
    }
    let facts = Facts::gather(
        now,
        STALE_AFTER_SECS,
        &state_of(root, now),
        &state_of(metrics, now),
        &state_of(status, now),
    );
    let _ = health::health(&facts, &t);
    let _ = anomalies::anomalies(&facts, &t);
}

fn json_of<T: Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}

fn stored_round_trip<T: Stored>(raw: &str) {
    let value = match decode::<T>(raw) {
        Decoded::Current(v) | Decoded::Migrated { value: v, .. } => v,
        Decoded::Invalid { .. } => return,
    };
    let encoded = match encode(&value, fixed_now()) {
        Ok(e) => e,
        Err(e) => panic!("{}: a decoded value does not encode: {e}", T::NAME),
    };
    match decode::<T>(&encoded) {
        Decoded::Current(again) => assert_eq!(
            json_of(&again),
            json_of(&value),
            "{}: the value changed on a round trip",
            T::NAME
        ),
        other => panic!(
            "{}: a value the console wrote does not read back as current: {}",
            T::NAME,
            match other {
                Decoded::Invalid { reason } => reason,
                _ => "migrated".into(),
            }
        ),
    }
}

/// The storage decoder for every stored kind: never panics, and whatever it accepts is
/// written back and read again unchanged.
pub fn storage(data: &[u8]) {
    let raw = String::from_utf8_lossy(data);
    macro_rules! round_trip {
        ($t:ty) => {
            stored_round_trip::<$t>(&raw);
        };
    }
    crate::for_each_stored!(round_trip);
}

/// The backup (import) decoder: never panics; an accepted backup plans an import against
/// an empty and against its own state, and its text form reads back as the same backup.
pub fn import(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let Ok(b) = backup::parse(&text) else {
        return;
    };
    let empty = std::collections::BTreeMap::new();
    let _ = backup::plan(&empty, &b);
    let own: std::collections::BTreeMap<String, String> = b
        .entries
        .iter()
        .map(|(k, v)| (k.clone(), v.to_string()))
        .collect();
    assert!(
        backup::plan(&own, &b).is_noop(),
        "importing a backup over its own state must change nothing"
    );
    match backup::parse(&backup::to_text(&b)) {
        Ok(again) => assert_eq!(again, b, "the backup changed on a round trip"),
        Err(e) => panic!("a backup the console accepted does not read back: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Inputs found by fuzzing or written by hand for the edges; each must pass all three.
    const REGRESSIONS: &[&str] = &[
        "",
        "null",
        "{}",
        "[]",
        "\u{0}",
        "{\"lambda\":{\"version\":\"42\"},\"database\":{},\"agents\":{\"alive\":5,\"total\":3}}",
        "{\"agents\":{\"alive\":-1,\"total\":\"9\"},\"lambda\":null,\"database\":[]}",
        "{\"schema\":1,\"saved_at\":\"2026-11-29T00:00:00Z\",\"data\":{}}",
        "{\"schema\":4294967295,\"saved_at\":\"x\",\"data\":null}",
        "{\"schema\":0,\"saved_at\":\"x\",\"data\":{}}",
        "{\"format\":\"ops-console-backup\",\"version\":1,\"exported_at\":\"2026-11-29T00:00:00Z\",\"app_version\":\"x\",\"entries\":{}}",
        "{\"format\":\"ops-console-backup\",\"version\":18446744073709551615,\"entries\":{}}",
        // Found by the property test: a large number in a float field read back as a
        // different float (serde_json now parses floats exactly: feature float_roundtrip).
        "{\"schema\":1,\"saved_at\":\"2026-11-29T00:00:00Z\",\"data\":{\"ses_amber_pct\":1870883493975334000}}",
    ];

    #[test]
    fn regressions_pass_every_entry_point() {
        for input in REGRESSIONS {
            payloads(input.as_bytes());
            storage(input.as_bytes());
            import(input.as_bytes());
        }
    }

    fn arb_json() -> impl Strategy<Value = serde_json::Value> {
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::from),
            any::<i64>().prop_map(serde_json::Value::from),
            ".{0,12}".prop_map(serde_json::Value::from),
            prop_oneof![
                Just("2026-11-29T19:42:07Z"),
                Just("41"),
                Just("ana"),
                Just("<img src=x onerror=alert(1)>")
            ]
            .prop_map(serde_json::Value::from),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::from),
                prop::collection::btree_map(
                    prop_oneof![
                        Just("data".to_string()),
                        Just("schema".to_string()),
                        Just("saved_at".to_string()),
                        Just("operator".to_string()),
                        Just("entries".to_string()),
                        Just("approvals".to_string()),
                        "[a-z_]{1,8}"
                    ],
                    inner,
                    0..6
                )
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
            payloads(&bytes);
            storage(&bytes);
            import(&bytes);
        }

        #[test]
        fn stored_envelopes_of_arbitrary_json_never_panic(schema in 0u32..4, data in arb_json()) {
            let raw = serde_json::json!({
                "schema": schema, "saved_at": "2026-11-29T19:42:07Z", "data": data
            })
            .to_string();
            storage(raw.as_bytes());
        }

        #[test]
        fn backups_of_arbitrary_entries_never_panic(data in arb_json(), name in "[a-z-]{1,16}") {
            let raw = serde_json::json!({
                "format": backup::FORMAT, "version": 1,
                "exported_at": "2026-11-29T19:42:07Z", "app_version": "test",
                "entries": {
                    format!("{}{name}", crate::storage::codec::PREFIX): {
                        "schema": 1, "saved_at": "2026-11-29T19:42:07Z", "data": data
                    }
                }
            })
            .to_string();
            import(raw.as_bytes());
        }

        #[test]
        fn any_text_in_settings_round_trips(operator in "\\PC{0,40}", approver in ".{0,20}") {
            let settings = crate::domain::settings::Settings {
                operator,
                approver,
                ..Default::default()
            };
            let raw = encode(&settings, fixed_now()).unwrap();
            match decode::<crate::domain::settings::Settings>(&raw) {
                Decoded::Current(back) => prop_assert_eq!(json_of(&back), json_of(&settings)),
                _ => prop_assert!(false, "settings did not read back"),
            }
            storage(raw.as_bytes());
            let mut kv = std::collections::BTreeMap::new();
            kv.insert(crate::storage::codec::key_of::<crate::domain::settings::Settings>(), raw);
            let (b, _) = backup::export(&kv, fixed_now(), "test");
            import(backup::to_text(&b).as_bytes());
        }
    }

    #[test]
    fn a_backup_of_real_values_round_trips() {
        let mut kv = std::collections::BTreeMap::new();
        let now = fixed_now();
        kv.insert(
            crate::storage::codec::key_of::<Thresholds>(),
            encode(&Thresholds::default(), now).unwrap(),
        );
        let (b, skipped) = backup::export(&kv, now, "test");
        assert!(skipped.is_empty());
        import(backup::to_text(&b).as_bytes());
    }
}
