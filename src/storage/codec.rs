//! The stored form of every value: a versioned envelope, decoded with migration or refusal.
//! Plain Rust (no web-sys), tested natively.

use chrono::{DateTime, Utc};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use serde_json::Value;

use crate::domain::time::to_rfc3339;

/// The prefix of every key the console writes.
pub const PREFIX: &str = "ops-console/v1/";
/// The prefix of quarantined values: kept aside, never overwritten.
pub const QUARANTINE_PREFIX: &str = "ops-console/quarantine/";

/// A value kept in localStorage under `ops-console/v1/<NAME>`, with a schema version.
pub trait Stored: Serialize + DeserializeOwned {
    /// The key's last part, e.g. `settings` (documented in docs/storage.md).
    const NAME: &'static str;
    /// The current schema version. Bump it and extend `migrate` when the shape changes.
    const SCHEMA: u32;
    /// Turns data of an older schema into data of the next one. The default knows none.
    fn migrate(from: u32, data: Value) -> Result<Value, String> {
        let _ = data;
        Err(format!("no migration from schema {from}"))
    }
}

pub fn key_of<T: Stored>() -> String {
    format!("{PREFIX}{}", T::NAME)
}

pub fn quarantine_key(name: &str, at: DateTime<Utc>) -> String {
    format!("{QUARANTINE_PREFIX}{name}/{}", to_rfc3339(at))
}

#[derive(Serialize, Deserialize)]
struct Envelope {
    schema: u32,
    saved_at: String,
    data: Value,
}

#[derive(Serialize)]
struct EnvelopeRef<'a, T> {
    schema: u32,
    saved_at: String,
    data: &'a T,
}

/// The outcome of reading one stored value.
#[derive(Debug, PartialEq)]
pub enum Decoded<T> {
    Current(T),
    /// Read from an older schema and migrated; write it back in the current form.
    Migrated {
        value: T,
        from: u32,
    },
    /// Unreadable: keep the raw text aside (quarantine) and report the reason.
    Invalid {
        reason: String,
    },
}

pub fn encode<T: Stored>(value: &T, now: DateTime<Utc>) -> Result<String, String> {
    serde_json::to_string(&EnvelopeRef {
        schema: T::SCHEMA,
        saved_at: to_rfc3339(now),
        data: value,
    })
    .map_err(|e| e.to_string())
}

/// The envelope of a value in the current schema, read straight into its type.
#[derive(Deserialize)]
struct CurrentEnvelope<T> {
    schema: u32,
    #[allow(dead_code)]
    saved_at: String,
    data: T,
}

pub fn decode<T: Stored>(raw: &str) -> Decoded<T> {
    // The usual case, a value of the current schema, is read in one pass straight into `T`;
    // anything else (older or newer schema, unreadable) takes the general path below, which
    // gives the same value or the reason.
    if let Ok(env) = serde_json::from_str::<CurrentEnvelope<T>>(raw) {
        if env.schema == T::SCHEMA {
            return Decoded::Current(env.data);
        }
    }
    let env: Envelope = match serde_json::from_str(raw) {
        Ok(e) => e,
        Err(e) => {
            return Decoded::Invalid {
                reason: format!("not a readable console record: {e}"),
            }
        }
    };
    if env.schema > T::SCHEMA {
        return Decoded::Invalid {
            reason: format!(
                "written by a newer console (schema {}, this one reads up to {})",
                env.schema,
                T::SCHEMA
            ),
        };
    }
    let from = env.schema;
    let mut data = env.data;
    let mut v = from;
    while v < T::SCHEMA {
        data = match T::migrate(v, data) {
            Ok(d) => d,
            Err(e) => {
                return Decoded::Invalid {
                    reason: format!("schema {from} cannot be migrated: {e}"),
                }
            }
        };
        v += 1;
    }
    // Read from text, like the one-pass read above: one deserializer per stored type in the
    // wasm, not two (each is the whole derived reader of the type; the second one cost
    // 110 KB of wasm, 45 KB gzip: docs/performance.md).
    match serde_json::from_str::<T>(&data.to_string()) {
        Ok(value) if from == T::SCHEMA => Decoded::Current(value),
        Ok(value) => Decoded::Migrated { value, from },
        Err(e) => Decoded::Invalid {
            reason: format!("wrong shape for schema {}: {e}", T::SCHEMA),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Note {
        text: String,
        pinned: bool,
    }

    impl Stored for Note {
        const NAME: &'static str = "note";
        const SCHEMA: u32 = 2;
        fn migrate(from: u32, data: Value) -> Result<Value, String> {
            match from {
                // schema 1 was a bare string
                1 => match data {
                    Value::String(s) => Ok(serde_json::json!({"text": s, "pinned": false})),
                    _ => Err("schema 1 holds a string".into()),
                },
                _ => Err(format!("unknown schema {from}")),
            }
        }
    }

    fn now() -> DateTime<Utc> {
        crate::domain::time::parse_rfc3339("2026-11-29T19:00:00Z").unwrap()
    }

    #[test]
    fn round_trip() {
        let n = Note {
            text: "a \"quoted\" | <b>x</b>\nline".into(),
            pinned: true,
        };
        let raw = encode(&n, now()).unwrap();
        assert!(raw.contains("\"schema\":2"));
        assert_eq!(decode::<Note>(&raw), Decoded::Current(n));
        assert_eq!(key_of::<Note>(), "ops-console/v1/note");
        assert_eq!(
            quarantine_key("note", now()),
            "ops-console/quarantine/note/2026-11-29T19:00:00Z"
        );
    }

    #[test]
    fn the_one_pass_read_of_the_current_schema_agrees_with_the_general_one() {
        // Read in one pass straight into the type, or through the general path: same value.
        let raw = r#"{"schema":2,"saved_at":"2026-01-01T00:00:00Z","data":{"text":"x","pinned":true,"extra":1},"more":0}"#;
        let env: Envelope = serde_json::from_str(raw).unwrap();
        let general: Note = serde_json::from_value(env.data).unwrap();
        assert_eq!(decode::<Note>(raw), Decoded::Current(general));
        // What the general path refuses stays refused, with its reason.
        for (raw, needle) in [
            (
                r#"{"schema":2,"data":{"text":"x","pinned":true}}"#,
                "not a readable",
            ),
            (r#"{"schema":2,"saved_at":"x"}"#, "not a readable"),
            (
                r#"{"schema":2,"saved_at":"x","data":{"text":"x"}}"#,
                "wrong shape",
            ),
            (
                r#"{"schema":2,"saved_at":"x","data":{"text":"x","pinned":true}} x"#,
                "not a readable",
            ),
        ] {
            match decode::<Note>(raw) {
                Decoded::Invalid { reason } => assert!(reason.contains(needle), "{raw}: {reason}"),
                other => panic!("{raw} decoded as {other:?}"),
            }
        }
    }

    #[test]
    fn older_schema_is_migrated() {
        let raw = r#"{"schema":1,"saved_at":"2026-01-01T00:00:00Z","data":"hello"}"#;
        assert_eq!(
            decode::<Note>(raw),
            Decoded::Migrated {
                value: Note {
                    text: "hello".into(),
                    pinned: false
                },
                from: 1
            }
        );
    }

    #[test]
    fn unreadable_values_are_refused_with_a_reason() {
        for (raw, needle) in [
            ("{not json", "not a readable"),
            (r#"{"schema":3,"saved_at":"x","data":{}}"#, "newer console"),
            (
                r#"{"schema":2,"saved_at":"x","data":{"text":5}}"#,
                "wrong shape",
            ),
            (
                r#"{"schema":1,"saved_at":"x","data":7}"#,
                "cannot be migrated",
            ),
            ("\"just a string\"", "not a readable"),
        ] {
            match decode::<Note>(raw) {
                Decoded::Invalid { reason } => assert!(reason.contains(needle), "{raw}: {reason}"),
                other => panic!("{raw} decoded as {other:?}"),
            }
        }
    }
}
