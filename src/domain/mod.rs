//! The console's rules as plain Rust: no signals, no web-sys. Everything here is tested natively
//! with `cargo test`; the UI wraps these types in signals.

pub mod incident_mode;
pub mod merge;
pub mod route;
pub mod rules;
pub mod settings;
pub mod thresholds;
pub mod time;
