//! Reusable pieces of the UI.

pub mod download;
pub mod fragment;
pub mod header;
pub mod level;
pub mod mission;
pub mod nav;
pub mod planned;
pub mod record_form;
pub mod sparkline;
pub mod time;
pub mod toast;
pub mod trail;
