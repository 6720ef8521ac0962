//! Typed models of the three `/beak` routes and their parsers.
//!
//! Parsing goes through `serde_json::Value` so that the console can say exactly which required
//! keys are missing, ignore unknown fields, and treat an optional field of the wrong type as
//! unknown (with a note) rather than refuse the whole payload. Plain Rust, tested natively.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::domain::time::parse_rfc3339;

/// Why a body could not be used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ParseError {
    /// The body is not JSON at all (an HTML error page, truncated text…).
    NotJson(String),
    /// JSON, but not an object at the top.
    NotObject,
    /// JSON without the required keys, named.
    MissingKeys(Vec<String>),
}

/// A parsed payload with notes about fields that were present but unusable.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Parsed<T> {
    pub data: T,
    pub notes: Vec<String>,
}

// ---------- GET /beak ----------

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct RootPayload {
    pub service: Option<String>,
    pub ok: Option<bool>,
    pub time: Option<DateTime<Utc>>,
}

// ---------- GET /beak/metrics ----------

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct Pecks {
    pub requested: Option<u64>,
    pub approved: Option<u64>,
    pub denied: Option<u64>,
    pub expired: Option<u64>,
    pub callback_error: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct Audit {
    pub peck_notify: Option<u64>,
    pub peck_requested: Option<u64>,
    pub cert_issued: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct Sla {
    pub availability_pct: Option<f64>,
    pub latency_p95_ms: Option<f64>,
    pub error_rate_pct: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct MetricsPayload {
    pub window_minutes: Option<u64>,
    pub pecks: Option<Pecks>,
    pub audit: Option<Audit>,
    pub sla: Option<Sla>,
}

// ---------- GET /beak/system/status ----------

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct Lambda {
    pub function_name: Option<String>,
    pub version: String,
    pub cold_start_ms_p95: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct Database {
    pub status: Option<String>,
    pub latency_ms: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct Agents {
    pub total: Option<u64>,
    pub alive: Option<u64>,
    pub dead: Option<u64>,
    pub last_pulse_at: Option<DateTime<Utc>>,
    pub dead_ids: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct Pipeline {
    pub queued: Option<u64>,
    pub running: Option<u64>,
    pub failed: Option<u64>,
    pub completed_24h: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct Sandbox {
    pub ses: Option<bool>,
    pub sns: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct SesQuota {
    pub sent_24h: Option<u64>,
    pub max_24h: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct ChangeFreeze {
    pub active: Option<bool>,
    pub reason: Option<String>,
    pub until: Option<DateTime<Utc>>,
    pub set_by: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct Deployment {
    pub version: String,
    pub deployed_at: Option<DateTime<Utc>>,
    pub operator: Option<String>,
    pub summary: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct StatusPayload {
    pub generated_at: Option<DateTime<Utc>>,
    pub lambda: Lambda,
    pub lambda_alias_version: Option<String>,
    pub database: Database,
    pub agents: Agents,
    pub pipeline: Option<Pipeline>,
    pub sandbox: Option<Sandbox>,
    pub ses_quota: Option<SesQuota>,
    pub change_freeze: Option<ChangeFreeze>,
    pub snapshot_taken_at: Option<DateTime<Utc>>,
    pub deployments: Vec<Deployment>,
}

/// The keys the Pre-Deploy check requires of the status route.
pub const STATUS_REQUIRED_KEYS: [&str; 3] = ["lambda.version", "database", "agents"];

// ---------- the field reader ----------

/// Reads fields from a JSON object leniently, noting what was present but unusable.
struct Reader<'a> {
    notes: &'a mut Vec<String>,
}

impl Reader<'_> {
    fn note(&mut self, path: &str, what: &str) {
        self.notes.push(format!("{path}: {what}; shown as unknown"));
    }

    fn obj<'v>(
        &mut self,
        o: &'v Map<String, Value>,
        key: &str,
        path: &str,
    ) -> Option<&'v Map<String, Value>> {
        match o.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::Object(m)) => Some(m),
            Some(_) => {
                self.note(path, "not an object");
                None
            }
        }
    }

    fn count(&mut self, o: &Map<String, Value>, key: &str, path: &str) -> Option<u64> {
        match o.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) => match n.as_u64() {
                Some(v) => Some(v),
                None => {
                    self.note(path, "not a non-negative whole number");
                    None
                }
            },
            Some(_) => {
                self.note(path, "not a number");
                None
            }
        }
    }

    fn num(&mut self, o: &Map<String, Value>, key: &str, path: &str) -> Option<f64> {
        match o.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) => n.as_f64().filter(|v| v.is_finite()),
            Some(_) => {
                self.note(path, "not a number");
                None
            }
        }
    }

    fn boolean(&mut self, o: &Map<String, Value>, key: &str, path: &str) -> Option<bool> {
        match o.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::Bool(b)) => Some(*b),
            Some(_) => {
                self.note(path, "not true/false");
                None
            }
        }
    }

    fn string(&mut self, o: &Map<String, Value>, key: &str, path: &str) -> Option<String> {
        match o.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => {
                self.note(path, "not a string");
                None
            }
        }
    }

    /// A version: a string, or (leniently) a whole number written without quotes.
    fn version(&mut self, o: &Map<String, Value>, key: &str, path: &str) -> Option<String> {
        match o.get(key) {
            Some(Value::Number(n)) if n.is_u64() => {
                self.notes
                    .push(format!("{path}: a number, read as the version \"{n}\""));
                Some(n.to_string())
            }
            _ => self.string(o, key, path),
        }
    }

    fn time(&mut self, o: &Map<String, Value>, key: &str, path: &str) -> Option<DateTime<Utc>> {
        let s = self.string(o, key, path)?;
        let t = parse_rfc3339(&s);
        if t.is_none() {
            self.note(path, "not an RFC 3339 time");
        }
        t
    }
}

fn object(body: &str) -> Result<Map<String, Value>, ParseError> {
    let v: Value = serde_json::from_str(body).map_err(|e| {
        let mut msg = e.to_string();
        msg.truncate(200);
        ParseError::NotJson(msg)
    })?;
    match v {
        Value::Object(m) => Ok(m),
        _ => Err(ParseError::NotObject),
    }
}

/// Parses the body of `GET /beak`. Nothing is required but an object.
pub fn parse_root(body: &str) -> Result<Parsed<RootPayload>, ParseError> {
    let o = object(body)?;
    let mut notes = Vec::new();
    let mut r = Reader { notes: &mut notes };
    let data = RootPayload {
        service: r.string(&o, "service", "service"),
        ok: r.boolean(&o, "ok", "ok"),
        time: r.time(&o, "time", "time"),
    };
    Ok(Parsed { data, notes })
}

/// Parses the body of `GET /beak/metrics`. Requires `pecks`.
pub fn parse_metrics(body: &str) -> Result<Parsed<MetricsPayload>, ParseError> {
    let o = object(body)?;
    if !matches!(o.get("pecks"), Some(Value::Object(_))) {
        return Err(ParseError::MissingKeys(vec!["pecks".into()]));
    }
    let mut notes = Vec::new();
    let mut r = Reader { notes: &mut notes };
    let pecks = r.obj(&o, "pecks", "pecks").map(|p| Pecks {
        requested: r.count(p, "requested", "pecks.requested"),
        approved: r.count(p, "approved", "pecks.approved"),
        denied: r.count(p, "denied", "pecks.denied"),
        expired: r.count(p, "expired", "pecks.expired"),
        callback_error: r.count(p, "callback_error", "pecks.callback_error"),
    });
    let audit = r.obj(&o, "audit", "audit").map(|a| Audit {
        peck_notify: r.count(a, "peck_notify", "audit.peck_notify"),
        peck_requested: r.count(a, "peck_requested", "audit.peck_requested"),
        cert_issued: r.count(a, "duck.cert_issued", "audit.duck.cert_issued"),
    });
    let sla = r.obj(&o, "sla", "sla").map(|s| Sla {
        availability_pct: r.num(s, "availability_pct", "sla.availability_pct"),
        latency_p95_ms: r.num(s, "latency_p95_ms", "sla.latency_p95_ms"),
        error_rate_pct: r.num(s, "error_rate_pct", "sla.error_rate_pct"),
    });
    let data = MetricsPayload {
        window_minutes: r.count(&o, "window_minutes", "window_minutes"),
        pecks,
        audit,
        sla,
    };
    Ok(Parsed { data, notes })
}

/// Which of the status route's required keys a JSON object lacks.
pub fn missing_status_keys(o: &Map<String, Value>) -> Vec<String> {
    let mut missing = Vec::new();
    let version_ok = match o.get("lambda") {
        Some(Value::Object(l)) => matches!(
            l.get("version"),
            Some(Value::String(_)) | Some(Value::Number(_))
        ),
        _ => false,
    };
    if !version_ok {
        missing.push("lambda.version".to_string());
    }
    for key in ["database", "agents"] {
        if !matches!(o.get(key), Some(Value::Object(_))) {
            missing.push(key.to_string());
        }
    }
    missing
}

/// Parses the body of `GET /beak/system/status`. Requires `lambda.version`, `database`, `agents`.
pub fn parse_status(body: &str) -> Result<Parsed<StatusPayload>, ParseError> {
    let o = object(body)?;
    let missing = missing_status_keys(&o);
    if !missing.is_empty() {
        return Err(ParseError::MissingKeys(missing));
    }
    let mut notes = Vec::new();
    let mut r = Reader { notes: &mut notes };
    let empty = Map::new();
    let l = r.obj(&o, "lambda", "lambda").unwrap_or(&empty);
    let lambda = Lambda {
        function_name: r.string(l, "function_name", "lambda.function_name"),
        version: r
            .version(l, "version", "lambda.version")
            .unwrap_or_default(),
        cold_start_ms_p95: r.num(l, "cold_start_ms_p95", "lambda.cold_start_ms_p95"),
    };
    let d = r.obj(&o, "database", "database").unwrap_or(&empty);
    let database = Database {
        status: r.string(d, "status", "database.status"),
        latency_ms: r.num(d, "latency_ms", "database.latency_ms"),
    };
    let a = r.obj(&o, "agents", "agents").unwrap_or(&empty);
    let mut agents = Agents {
        total: r.count(a, "total", "agents.total"),
        alive: r.count(a, "alive", "agents.alive"),
        dead: r.count(a, "dead", "agents.dead"),
        last_pulse_at: r.time(a, "last_pulse_at", "agents.last_pulse_at"),
        dead_ids: match a.get("dead_ids") {
            Some(Value::Array(ids)) => ids
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        },
    };
    if let (Some(alive), Some(total)) = (agents.alive, agents.total) {
        if alive > total {
            r.notes.push(format!(
                "agents: alive ({alive}) exceeds total ({total}); fleet counts shown as unknown"
            ));
            agents.alive = None;
            agents.dead = None;
        }
    }
    let pipeline = r.obj(&o, "pipeline", "pipeline").map(|p| Pipeline {
        queued: r.count(p, "queued", "pipeline.queued"),
        running: r.count(p, "running", "pipeline.running"),
        failed: r.count(p, "failed", "pipeline.failed"),
        completed_24h: r.count(p, "completed_24h", "pipeline.completed_24h"),
    });
    let sandbox = r.obj(&o, "sandbox", "sandbox").map(|s| Sandbox {
        ses: r.boolean(s, "ses", "sandbox.ses"),
        sns: r.boolean(s, "sns", "sandbox.sns"),
    });
    let ses_quota = r.obj(&o, "ses_quota", "ses_quota").map(|q| SesQuota {
        sent_24h: r.count(q, "sent_24h", "ses_quota.sent_24h"),
        max_24h: r
            .count(q, "max_24h", "ses_quota.max_24h")
            .filter(|m| *m > 0),
    });
    let change_freeze = r
        .obj(&o, "change_freeze", "change_freeze")
        .map(|f| ChangeFreeze {
            active: r.boolean(f, "active", "change_freeze.active"),
            reason: r.string(f, "reason", "change_freeze.reason"),
            until: r.time(f, "until", "change_freeze.until"),
            set_by: r.string(f, "set_by", "change_freeze.set_by"),
        });
    let snapshot_taken_at = r
        .obj(&o, "snapshot", "snapshot")
        .and_then(|s| r.time(s, "taken_at", "snapshot.taken_at"));
    let deployments = match o.get("deployments") {
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .filter_map(|(i, v)| {
                let m = v.as_object()?;
                let path = format!("deployments[{i}]");
                let version = r.version(m, "version", &format!("{path}.version"))?;
                Some(Deployment {
                    version,
                    deployed_at: r.time(m, "deployed_at", &format!("{path}.deployed_at")),
                    operator: r.string(m, "operator", &format!("{path}.operator")),
                    summary: r.string(m, "summary", &format!("{path}.summary")),
                })
            })
            .collect(),
        None | Some(Value::Null) => Vec::new(),
        Some(_) => {
            r.note("deployments", "not a list");
            Vec::new()
        }
    };
    let data = StatusPayload {
        generated_at: r.time(&o, "generated_at", "generated_at"),
        lambda_alias_version: r.version(&o, "lambda_alias_version", "lambda_alias_version"),
        lambda,
        database,
        agents,
        pipeline,
        sandbox,
        ses_quota,
        change_freeze,
        snapshot_taken_at,
        deployments,
    };
    Ok(Parsed { data, notes })
}

#[cfg(test)]
mod tests {
    use super::*;

    const STATUS: &str = r#"{
      "generated_at": "2026-11-29T19:42:07Z",
      "lambda": { "function_name": "beak-api", "version": "42", "cold_start_ms_p95": 640 },
      "lambda_alias_version": "42",
      "database": { "status": "ok", "latency_ms": 11 },
      "agents": { "total": 12, "alive": 11, "dead": 1,
        "last_pulse_at": "2026-11-29T19:41:58Z", "dead_ids": ["duck-07"] },
      "pipeline": { "queued": 4, "running": 2, "failed": 0, "completed_24h": 1380 },
      "sandbox": { "ses": false, "sns": false },
      "ses_quota": { "sent_24h": 120, "max_24h": 200 },
      "change_freeze": { "active": false, "reason": null, "until": null, "set_by": null },
      "snapshot": { "taken_at": "2026-11-29T19:40:00Z" },
      "deployments": [
        { "version": "42", "deployed_at": "2026-11-28T16:03:00Z", "operator": "ana", "summary": "peck retries" },
        { "version": "41", "deployed_at": "2026-11-20T10:15:00Z", "operator": "raj", "summary": "cert renewals" }
      ],
      "something_new": {"ignored": true}
    }"#;

    #[test]
    fn contract_example_parses() {
        let p = parse_status(STATUS).unwrap();
        assert!(p.notes.is_empty(), "{:?}", p.notes);
        let s = p.data;
        assert_eq!(s.lambda.version, "42");
        assert_eq!(s.lambda_alias_version.as_deref(), Some("42"));
        assert_eq!(s.agents.alive, Some(11));
        assert_eq!(s.agents.dead_ids, vec!["duck-07"]);
        assert_eq!(s.ses_quota.unwrap().sent_24h, Some(120));
        assert_eq!(s.change_freeze.unwrap().active, Some(false));
        assert_eq!(s.deployments.len(), 2);
        assert!(s.snapshot_taken_at.is_some());
    }

    #[test]
    fn metrics_example_parses() {
        let body = r#"{"window_minutes":30,
          "pecks":{"requested":220,"approved":201,"denied":6,"expired":4,"callback_error":9},
          "audit":{"peck_notify":210,"peck_requested":220,"duck.cert_issued":17},
          "sla":{"availability_pct":99.97,"latency_p95_ms":310,"error_rate_pct":0.4}}"#;
        let m = parse_metrics(body).unwrap().data;
        assert_eq!(m.pecks.unwrap().callback_error, Some(9));
        assert_eq!(m.audit.unwrap().cert_issued, Some(17));
        assert_eq!(m.sla.unwrap().availability_pct, Some(99.97));
    }

    #[test]
    fn missing_keys_are_named() {
        assert_eq!(
            parse_status(r#"{"lambda":{}}"#).unwrap_err(),
            ParseError::MissingKeys(vec![
                "lambda.version".into(),
                "database".into(),
                "agents".into()
            ])
        );
        assert_eq!(
            parse_metrics(r#"{"audit":{}}"#).unwrap_err(),
            ParseError::MissingKeys(vec!["pecks".into()])
        );
    }

    #[test]
    fn not_json_and_not_object() {
        assert!(matches!(
            parse_status("<html>oops</html>"),
            Err(ParseError::NotJson(_))
        ));
        assert!(matches!(
            parse_status(r#"{"lambda": {"vers"#),
            Err(ParseError::NotJson(_))
        ));
        assert_eq!(parse_root("[1,2]").unwrap_err(), ParseError::NotObject);
    }

    #[test]
    fn wrong_types_become_unknown_with_notes() {
        let body = r#"{"lambda":{"version":42},"database":{"status":1},
          "agents":{"total":12,"alive":14,"dead":-2},
          "ses_quota":{"sent_24h":"120","max_24h":0},
          "sandbox":null, "pipeline": 5, "deployments": "none"}"#;
        let p = parse_status(body).unwrap();
        assert_eq!(p.data.lambda.version, "42");
        assert_eq!(p.data.agents.alive, None, "alive > total is not believed");
        assert_eq!(p.data.agents.dead, None);
        let q = p.data.ses_quota.unwrap();
        assert_eq!(q.sent_24h, None);
        assert_eq!(q.max_24h, None);
        assert!(p.data.pipeline.is_none());
        assert!(p.notes.iter().any(|n| n.contains("agents.dead")));
        assert!(p
            .notes
            .iter()
            .any(|n| n.contains("alive (14) exceeds total (12)")));
        assert!(p.notes.iter().any(|n| n.contains("deployments")));
    }
}
