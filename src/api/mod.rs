//! The `/beak` client: typed models (plain Rust), the fetcher and the one polling service.

pub mod client;
pub mod models;
pub mod poller;
