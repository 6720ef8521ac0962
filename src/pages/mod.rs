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
pub mod routes;
pub mod runbook;
pub mod runbooks;
pub mod system_health;

/// A page of the console: its path, title and icon, in navigation order.
pub struct PageInfo {
    pub path: &'static str,
    pub title: &'static str,
    pub icon: &'static str,
    /// The letter that goes to this page after `g` (keyboard shortcut).
    pub key: char,
}

/// The `g` letters of every page, for the keyboard shortcuts.
pub fn page_keys() -> Vec<(char, &'static str)> {
    PAGES.iter().map(|p| (p.key, p.path)).collect()
}

pub const PAGES: &[PageInfo] = &[
    PageInfo {
        path: "/",
        title: "Mission Control",
        icon: "🎛️",
        key: 'm',
    },
    PageInfo {
        path: "/checklist",
        title: "Ops Checklist",
        icon: "✅",
        key: 'c',
    },
    PageInfo {
        path: "/system-health",
        title: "System Health",
        icon: "💚",
        key: 'h',
    },
    PageInfo {
        path: "/runbook",
        title: "Ops Runbook",
        icon: "📖",
        key: 'r',
    },
    PageInfo {
        path: "/runbooks",
        title: "Runbooks Index",
        icon: "📋",
        key: 'x',
    },
    PageInfo {
        path: "/deploy-log",
        title: "Deploy Log",
        icon: "🚀",
        key: 'd',
    },
    PageInfo {
        path: "/governance-log",
        title: "Governance Log",
        icon: "🔐",
        key: 'g',
    },
    PageInfo {
        path: "/incident-log",
        title: "Incident Log",
        icon: "🧯",
        key: 'i',
    },
    PageInfo {
        path: "/postmortem",
        title: "Incident Postmortem",
        icon: "🗒️",
        key: 'p',
    },
    PageInfo {
        path: "/peck-audit",
        title: "Peck Audit",
        icon: "🐤",
        key: 'k',
    },
    PageInfo {
        path: "/alert-thresholds",
        title: "Alert Thresholds",
        icon: "🔔",
        key: 't',
    },
    PageInfo {
        path: "/admin",
        title: "Admin Panel",
        icon: "🛠️",
        key: 'a',
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_has_its_own_shortcut_letter() {
        let mut keys: Vec<char> = PAGES.iter().map(|p| p.key).collect();
        assert!(keys.iter().all(char::is_ascii_lowercase));
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), PAGES.len());
    }
}
