//! Reusable pieces of the UI.

pub mod download;
pub mod fragment;
pub mod handoff;
pub mod header;
pub mod incident_actions;
pub mod last_known;
pub mod level;
pub mod mission;
pub mod nav;
pub mod pager;
pub mod planned;
pub mod record_form;
pub mod route_focus;
pub mod shortcuts;
pub mod sparkline;
pub mod time;
pub mod toast;
pub mod trail;
