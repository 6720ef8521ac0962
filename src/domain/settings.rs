//! Operator settings (Admin Panel). Stored under `ops-console/v1/settings`.

use serde::{Deserialize, Serialize};

use super::merge::Merge;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum TimeDisplay {
    /// UTC everywhere, local time on hover.
    #[default]
    UtcWithLocalHover,
    /// UTC with local time as a second line.
    Both,
}

/// The colour theme: the system's choice unless the operator picked one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    /// The value of `data-theme` on the document (`None`: follow the system).
    pub fn attribute(self) -> Option<&'static str> {
        match self {
            Theme::System => None,
            Theme::Light => Some("light"),
            Theme::Dark => Some("dark"),
        }
    }

    /// The theme the switch moves to next: system, light, dark, system…
    pub fn next(self) -> Self {
        match self {
            Theme::System => Theme::Light,
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::System,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Theme::System => "System",
            Theme::Light => "Light",
            Theme::Dark => "Dark",
        }
    }

    pub fn icon(self) -> &'static str {
        match self {
            Theme::System => "◐",
            Theme::Light => "☀",
            Theme::Dark => "☾",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Base URL of the `/beak` routes; empty means the console's own origin.
    pub api_base_url: String,
    pub poll_interval_secs: u32,
    pub request_timeout_ms: u32,
    pub operator: String,
    pub approver: String,
    pub function_name: String,
    pub alias_name: String,
    pub time_display: TimeDisplay,
    /// Light, dark, or the system's choice (the header's switch).
    pub theme: Theme,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            api_base_url: String::new(),
            poll_interval_secs: 15,
            request_timeout_ms: 5000,
            operator: String::new(),
            approver: "T-JOSH".into(),
            function_name: "beak-api".into(),
            alias_name: "prod".into(),
            time_display: TimeDisplay::default(),
            theme: Theme::default(),
        }
    }
}

impl Merge for Settings {
    fn merge(self, other: Self) -> Self {
        other
    }
}

/// One field's refusal, shown next to that field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

impl Settings {
    /// The operator name to record, or a placeholder that says it is not set.
    pub fn operator_or_unknown(&self) -> String {
        let name = self.operator.trim();
        if name.is_empty() {
            "(operator not set)".into()
        } else {
            name.to_string()
        }
    }

    /// Checks every field; an empty list means the settings can be saved.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errs = Vec::new();
        let url = self.api_base_url.trim();
        let url_ok = url.is_empty()
            || url.starts_with("http://")
            || url.starts_with("https://")
            || url.starts_with('/');
        if !url_ok {
            errs.push(FieldError {
                field: "api_base_url",
                message: "Use an http:// or https:// URL, a path starting with /, or leave empty for this origin.".into(),
            });
        }
        // No credentials in the settings: they would be stored, exported and shown in
        // diagnostics. A user name or password in the URL, or a query (`?token=…`), is refused.
        let authority = url
            .split_once("://")
            .map(|(_, rest)| rest.split('/').next().unwrap_or(""))
            .unwrap_or("");
        if authority.contains('@') || url.contains('?') || url.contains('#') {
            errs.push(FieldError {
                field: "api_base_url",
                message: "The URL cannot carry a user name, password, query or fragment: no credentials are stored here.".into(),
            });
        }
        if url.chars().any(char::is_whitespace) {
            errs.push(FieldError {
                field: "api_base_url",
                message: "The URL cannot contain spaces.".into(),
            });
        }
        if !(2..=3600).contains(&self.poll_interval_secs) {
            errs.push(FieldError {
                field: "poll_interval_secs",
                message: "Poll interval must be between 2 and 3600 seconds.".into(),
            });
        }
        if !(500..=60_000).contains(&self.request_timeout_ms) {
            errs.push(FieldError {
                field: "request_timeout_ms",
                message: "Request timeout must be between 500 and 60000 ms.".into(),
            });
        }
        if self.approver.trim().is_empty() {
            errs.push(FieldError {
                field: "approver",
                message: "The approver name cannot be empty (default T-JOSH).".into(),
            });
        }
        for (field, v) in [
            ("function_name", &self.function_name),
            ("alias_name", &self.alias_name),
        ] {
            let ok = !v.is_empty()
                && v.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if !ok {
                errs.push(FieldError {
                    field,
                    message: "Use letters, digits, - and _ only.".into(),
                });
            }
        }
        errs
    }

    /// The API base without a trailing slash ("" for same origin).
    pub fn api_base(&self) -> String {
        self.api_base_url.trim().trim_end_matches('/').to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_theme_switch_cycles_and_older_settings_follow_the_system() {
        assert_eq!(Theme::System.next().next().next(), Theme::System);
        assert_eq!(Theme::Light.next(), Theme::Dark);
        assert_eq!(Theme::System.attribute(), None);
        assert_eq!(Theme::Dark.attribute(), Some("dark"));
        // Settings stored before the theme existed load with the system's theme.
        let old: Settings = serde_json::from_str(r#"{"operator":"ana"}"#).unwrap();
        assert_eq!(old.theme, Theme::System);
        assert_eq!(old.operator, "ana");
        let dark: Settings = serde_json::from_str(r#"{"theme":"dark"}"#).unwrap();
        assert_eq!(dark.theme, Theme::Dark);
    }

    #[test]
    fn defaults_are_valid() {
        let s = Settings::default();
        assert!(s.validate().is_empty());
        assert_eq!(s.approver, "T-JOSH");
        assert_eq!(s.poll_interval_secs, 15);
        assert_eq!(s.operator_or_unknown(), "(operator not set)");
    }

    #[test]
    fn bad_fields_are_named() {
        let s = Settings {
            api_base_url: "ftp://x".into(),
            poll_interval_secs: 1,
            request_timeout_ms: 100,
            approver: " ".into(),
            function_name: "beak api".into(),
            ..Settings::default()
        };
        let fields: Vec<_> = s.validate().iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            vec![
                "api_base_url",
                "poll_interval_secs",
                "request_timeout_ms",
                "approver",
                "function_name"
            ]
        );
    }

    #[test]
    fn credentials_in_the_api_url_are_refused() {
        for url in [
            "https://ana:s3cret@beak.example/",
            "https://token@beak.example",
            "https://beak.example/?api_key=s3cret",
            "/beak-proxy?token=x",
            "https://beak.example/#access_token=x",
        ] {
            let s = Settings {
                api_base_url: url.into(),
                ..Settings::default()
            };
            let errs = s.validate();
            assert!(
                errs.iter()
                    .any(|e| e.field == "api_base_url" && e.message.contains("credentials")),
                "{url}: {errs:?}"
            );
        }
        // An @ in the path is not a credential.
        let s = Settings {
            api_base_url: "https://beak.example/team@ops".into(),
            ..Settings::default()
        };
        assert!(s.validate().is_empty());
    }

    #[test]
    fn api_base_trims_slash_and_missing_fields_default() {
        let s: Settings = serde_json::from_str(r#"{"api_base_url":"https://x.example/"}"#).unwrap();
        assert_eq!(s.api_base(), "https://x.example");
        assert_eq!(s.poll_interval_secs, 15);
    }
}
