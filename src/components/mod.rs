//! Reusable pieces of the UI.

pub mod fragment;
pub mod header;
pub mod level;
pub mod nav;
pub mod planned;
pub mod time;
pub mod toast;
