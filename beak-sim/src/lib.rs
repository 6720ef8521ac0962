//! `beak-sim`: a simulator of the beak platform's three read-only JSON routes
//! (`/beak`, `/beak/metrics`, `/beak/system/status`) that also serves the built Ops Console.
//!
//! The payloads come from the pure function [`respond`]; the HTTP server ([`serve`], [`app`])
//! adds scenario switching, per-route fault injection, request counters and static files.

pub mod csp;
pub mod scenario;
mod server;
mod static_files;

pub use scenario::{respond, Fault, Route, Scenario, SimResponse};
pub use server::{
    app, is_control_allowed, normalize_base_path, serve, serve_with_shutdown, AppState, Config,
};
