//! Small pure helpers behind Mission Control's cards: the word and level a card shows for
//! fresh, stale or missing data, the version serving now, the SES thresholds as counts, and the
//! id of an incident opened by Incident Mode.

use chrono::{DateTime, Utc};

use crate::api::models::{Deployment, StatusPayload};

use super::facts::Observed;
use super::incident_log::{validate_incident, Incident, IncidentDraft};
use super::rules::Judged;
use super::settings::FieldError;
use super::thresholds::{Level, Thresholds};
use super::time::fmt_age;
use super::utc_input::fmt_utc_input;

/// The badge a card shows: the rule's level and word for fresh data; Unknown with
/// `stale (age)` for stale data; Unknown with `No data` without data. Never green on stale.
pub fn card_badge<T>(obs: &Observed<T>, now: DateTime<Utc>, fresh: &Judged) -> (Level, String) {
    match (obs.data.is_some(), obs.stale, obs.age_secs(now)) {
        (false, _, _) => (Level::Unknown, "No data".into()),
        (true, true, age) => (
            Level::Unknown,
            format!("stale ({})", age.map(fmt_age).unwrap_or_else(|| "?".into())),
        ),
        (true, false, _) => (fresh.level, fresh.level.word().into()),
    }
}

/// The SES amber and red lines as counts of the 24 h maximum (160 and 190 of 200 by default).
pub fn ses_lines(max: u64, t: &Thresholds) -> (u64, u64) {
    let at = |pct: f64| ((max as f64) * pct / 100.0).ceil() as u64;
    (at(t.ses_amber_pct), at(t.ses_red_pct))
}

/// The id of the incident Incident Mode opens: `INC-20261129-1942` from its UTC start.
pub fn incident_id_for(start: DateTime<Utc>) -> String {
    format!("INC-{}", crate::domain::time::stamp_minutes(start))
}

/// `base`, or `base-2`, `base-3`… when an incident with that id already exists (Incident Mode
/// turned on twice in the same minute must not overwrite the first entry).
pub fn unique_incident_id(base: &str, exists: impl Fn(&str) -> bool) -> String {
    if !exists(base) {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !exists(id))
        .unwrap_or_else(|| base.to_string())
}

/// The Incident Log entry Incident Mode opens: open, P1 until someone says otherwise, started
/// and detected at the session's start, marked as opened from Incident Mode.
pub fn session_incident(
    id: &str,
    start: DateTime<Utc>,
    by: &str,
) -> Result<Incident, Vec<FieldError>> {
    let draft = IncidentDraft {
        title: format!("Incident {id} (opened from Incident Mode)"),
        started_at: fmt_utc_input(start),
        detected_at: fmt_utc_input(start),
        ..IncidentDraft::default()
    };
    let mut inc = validate_incident(&draft, None, id.to_string(), by, true, start)?;
    inc.started_at = start;
    inc.detected_at = Some(start);
    Ok(inc)
}

/// The platform's deployments in a status answer, and the version serving now
/// ([`current_version`]): what the deployment lists merge with the Deploy Log.
pub fn platform_deployments(s: &StatusPayload) -> (Vec<Deployment>, Option<String>) {
    (
        s.deployments.clone(),
        current_version(Some(&s.lambda.version), s.lambda_alias_version.as_deref()),
    )
}

/// The version serving now: the alias version when it is a published version, else the
/// function version.
pub fn current_version(function: Option<&str>, alias: Option<&str>) -> Option<String> {
    match alias.map(str::trim) {
        Some(a) if !a.is_empty() && a != "$LATEST" => Some(a.to_string()),
        _ => function
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .map(str::to_string),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::incident_log::IncidentStatus;
    use crate::domain::time::parse_rfc3339;

    fn t(s: &str) -> DateTime<Utc> {
        parse_rfc3339(s).unwrap()
    }

    #[test]
    fn badge_never_green_on_stale_or_missing() {
        let now = t("2026-11-29T19:00:00Z");
        let green = Judged {
            level: Level::Green,
            reason: "fine".into(),
        };
        let fresh = Observed {
            data: Some(1),
            fetched_at: Some(now),
            stale: false,
            last_known_at: None,
        };
        assert_eq!(card_badge(&fresh, now, &green), (Level::Green, "OK".into()));
        let stale = Observed {
            stale: true,
            fetched_at: Some(now - chrono::Duration::seconds(95)),
            ..fresh.clone()
        };
        assert_eq!(
            card_badge(&stale, now, &green),
            (Level::Unknown, "stale (1 min)".into())
        );
        // Data kept from an earlier visit looks like stale data: never green.
        let kept = Observed {
            last_known_at: stale.fetched_at,
            ..stale.clone()
        };
        assert_eq!(
            card_badge(&kept, now, &green),
            (Level::Unknown, "stale (1 min)".into())
        );
        let none: Observed<u8> = Observed::default();
        assert_eq!(
            card_badge(&none, now, &green),
            (Level::Unknown, "No data".into())
        );
    }

    #[test]
    fn ses_lines_default_160_190() {
        assert_eq!(ses_lines(200, &Thresholds::default()), (160, 190));
        assert_eq!(ses_lines(1000, &Thresholds::default()), (800, 950));
    }

    #[test]
    fn incident_ids() {
        assert_eq!(
            incident_id_for(t("2026-11-29T19:42:07Z")),
            "INC-20261129-1942"
        );
    }

    #[test]
    fn unique_ids_never_overwrite() {
        let taken = ["INC-20261129-1942", "INC-20261129-1942-2"];
        let exists = |id: &str| taken.contains(&id);
        assert_eq!(
            unique_incident_id("INC-20261129-1943", exists),
            "INC-20261129-1943"
        );
        assert_eq!(
            unique_incident_id("INC-20261129-1942", exists),
            "INC-20261129-1942-3"
        );
    }

    #[test]
    fn session_entry_has_the_start_time() {
        let start = t("2026-11-29T19:42:07Z");
        let i = session_incident("INC-20261129-1942", start, "ana").unwrap();
        assert_eq!(i.id, "INC-20261129-1942");
        assert_eq!(i.started_at, start);
        assert_eq!(i.detected_at, Some(start));
        assert_eq!(i.status, IncidentStatus::Open);
        assert!(i.from_incident_mode);
        assert_eq!(i.created_by, "ana");
        assert!(i.title.contains("INC-20261129-1942"));
    }

    #[test]
    fn current_is_the_alias_unless_latest() {
        assert_eq!(
            current_version(Some("42"), Some("41")).as_deref(),
            Some("41")
        );
        assert_eq!(
            current_version(Some("42"), Some("$LATEST")).as_deref(),
            Some("42")
        );
        assert_eq!(current_version(Some("42"), None).as_deref(), Some("42"));
        assert_eq!(current_version(None, None), None);
    }
}
