//! The console's rules as plain Rust: no signals, no web-sys. Everything here is tested natively
//! with `cargo test`; the UI wraps these types in signals.

pub mod anomalies;
pub mod approvals;
pub mod backup;
pub mod checklist;
pub mod deploy_log;
pub mod diagnostics;
pub mod export;
pub mod facts;
pub mod gated;
pub mod handoff;
pub mod health;
pub mod history;
pub mod incident_log;
pub mod incident_mode;
pub mod last_known;
pub mod merge;
pub mod mission;
pub mod paging;
pub mod postmortem;
pub mod route;
pub mod rules;
pub mod runbook;
pub mod search;
pub mod settings;
pub mod shortcuts;
pub mod snapshots;
pub mod sort;
pub mod threshold_fields;
pub mod thresholds;
pub mod time;
pub mod trail;
pub mod utc_input;
