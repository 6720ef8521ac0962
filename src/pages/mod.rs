//! One file per route.

pub mod admin;
pub mod alert_thresholds;
pub mod checklist;
pub mod deploy_log;
pub mod governance_log;
pub mod incident_log;
pub mod mission_control;
pub mod not_found;
pub mod peck_audit;
pub mod postmortem;
pub mod runbook;
pub mod runbooks;
pub mod system_health;

/// A page of the console: its path, title and icon, in navigation order.
pub struct PageInfo {
    pub path: &'static str,
    pub title: &'static str,
    pub icon: &'static str,
}

pub const PAGES: &[PageInfo] = &[
    PageInfo {
        path: "/",
        title: "Mission Control",
        icon: "🎛️",
    },
    PageInfo {
        path: "/checklist",
        title: "Ops Checklist",
        icon: "✅",
    },
    PageInfo {
        path: "/system-health",
        title: "System Health",
        icon: "💚",
    },
    PageInfo {
        path: "/runbook",
        title: "Ops Runbook",
        icon: "📖",
    },
    PageInfo {
        path: "/runbooks",
        title: "Runbooks Index",
        icon: "📋",
    },
    PageInfo {
        path: "/deploy-log",
        title: "Deploy Log",
        icon: "🚀",
    },
    PageInfo {
        path: "/governance-log",
        title: "Governance Log",
        icon: "🔐",
    },
    PageInfo {
        path: "/incident-log",
        title: "Incident Log",
        icon: "🧯",
    },
    PageInfo {
        path: "/postmortem",
        title: "Incident Postmortem",
        icon: "🗒️",
    },
    PageInfo {
        path: "/peck-audit",
        title: "Peck Audit",
        icon: "🐤",
    },
    PageInfo {
        path: "/alert-thresholds",
        title: "Alert Thresholds",
        icon: "🔔",
    },
    PageInfo {
        path: "/admin",
        title: "Admin Panel",
        icon: "🛠️",
    },
];
