//! Time formatting and ages. Times are stored as UTC RFC 3339 and shown in UTC.

use chrono::{DateTime, SecondsFormat, Utc};

/// RFC 3339 in UTC with second precision and a `Z`, the form the console stores.
pub fn to_rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Parses an RFC 3339 time (any offset) into UTC.
pub fn parse_rfc3339(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s.trim())
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// `2026-11-29 19:42:07 UTC`
pub fn fmt_utc(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M:%S UTC").to_string()
}

/// `19:42:07 UTC`
pub fn fmt_utc_time(t: DateTime<Utc>) -> String {
    t.format("%H:%M:%S UTC").to_string()
}

/// Seconds from `then` to `now`, never negative (a device clock behind the platform's gives 0).
pub fn age_secs(then: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    (now - then).num_seconds().max(0)
}

/// Which clock an age was measured with: shown next to ages of platform times, because the
/// device's clock and the platform's may disagree by hours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeSource {
    /// This device's clock.
    Device,
    /// The platform's own clock (its `generated_at`).
    Platform,
}

impl TimeSource {
    pub fn label(self) -> &'static str {
        match self {
            TimeSource::Device => "device clock",
            TimeSource::Platform => "platform time",
        }
    }
}

/// The age of a platform time `then`: measured against the platform's own clock when the
/// answer carries it (`generated_at`), so a device clock hours off does not matter; otherwise
/// against the device's clock. Never negative.
pub fn platform_age(
    then: DateTime<Utc>,
    platform_now: Option<DateTime<Utc>>,
    device_now: DateTime<Utc>,
) -> (i64, TimeSource) {
    match platform_now {
        Some(p) => (age_secs(then, p), TimeSource::Platform),
        None => (age_secs(then, device_now), TimeSource::Device),
    }
}

/// True when `then` lies in the future of `now` by more than `slack_secs` (clock skew).
pub fn is_future(then: DateTime<Utc>, now: DateTime<Utc>, slack_secs: i64) -> bool {
    (then - now).num_seconds() > slack_secs
}

/// A short human age: `4 s`, `3 min`, `2 h 5 min`, `3 d 4 h`.
pub fn fmt_age(secs: i64) -> String {
    let s = secs.max(0);
    if s < 60 {
        format!("{s} s")
    } else if s < 3600 {
        format!("{} min", s / 60)
    } else if s < 86_400 {
        let m = (s % 3600) / 60;
        if m == 0 {
            format!("{} h", s / 3600)
        } else {
            format!("{} h {} min", s / 3600, m)
        }
    } else {
        let h = (s % 86_400) / 3600;
        if h == 0 {
            format!("{} d", s / 86_400)
        } else {
            format!("{} d {} h", s / 86_400, h)
        }
    }
}

/// Elapsed time as `HH:MM:SS` (hours may exceed 24).
pub fn fmt_elapsed(secs: i64) -> String {
    let s = secs.max(0);
    format!("{:02}:{:02}:{:02}", s / 3600, (s % 3600) / 60, s % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        parse_rfc3339(s).unwrap()
    }

    #[test]
    fn ages_of_future_times_are_zero_never_negative() {
        let now = t("2026-11-29T19:42:00Z");
        // A device clock three hours behind the platform: every platform time is "ahead".
        for ahead in [1, 59, 3600, 3 * 3600, 400 * 86_400] {
            let then = now + chrono::Duration::seconds(ahead);
            assert_eq!(age_secs(then, now), 0);
            assert_eq!(fmt_age(age_secs(then, now)), "0 s");
        }
        for secs in [-1, -59, -3600, i64::MIN + 1, i64::MIN] {
            assert_eq!(fmt_age(secs), "0 s");
            assert_eq!(fmt_elapsed(secs), "00:00:00");
            assert!(!fmt_age(secs).contains('-'));
        }
    }

    #[test]
    fn platform_ages_use_the_platform_clock_when_known() {
        let then = t("2026-11-29T19:40:00Z");
        let platform_now = t("2026-11-29T19:42:00Z");
        // The device is 3 h behind: by its clock the time is in the future.
        let device_now = t("2026-11-29T16:42:00Z");
        assert_eq!(
            platform_age(then, Some(platform_now), device_now),
            (120, TimeSource::Platform)
        );
        assert_eq!(
            platform_age(then, None, device_now),
            (0, TimeSource::Device)
        );
        // The device 5 h ahead: the device-clock age would be 5 h too old.
        let device_now = t("2026-11-30T00:42:00Z");
        assert_eq!(platform_age(then, Some(platform_now), device_now).0, 120);
        assert_eq!(platform_age(then, None, device_now).0, 5 * 3600 + 120);
        assert_eq!(TimeSource::Platform.label(), "platform time");
        assert_eq!(TimeSource::Device.label(), "device clock");
    }

    #[test]
    fn rfc3339_round_trip_in_utc() {
        let x = t("2026-11-29T21:42:07+02:00");
        assert_eq!(to_rfc3339(x), "2026-11-29T19:42:07Z");
        assert_eq!(fmt_utc(x), "2026-11-29 19:42:07 UTC");
        assert_eq!(fmt_utc_time(x), "19:42:07 UTC");
        assert!(parse_rfc3339("yesterday").is_none());
    }

    #[test]
    fn ages_are_never_negative() {
        let now = t("2026-11-29T19:42:07Z");
        assert_eq!(age_secs(t("2026-11-29T19:42:00Z"), now), 7);
        assert_eq!(age_secs(t("2026-11-29T20:42:00Z"), now), 0);
        assert!(is_future(t("2026-11-29T20:42:00Z"), now, 60));
        assert!(!is_future(t("2026-11-29T19:42:30Z"), now, 60));
    }

    #[test]
    fn age_formats() {
        assert_eq!(fmt_age(-5), "0 s");
        assert_eq!(fmt_age(59), "59 s");
        assert_eq!(fmt_age(60), "1 min");
        assert_eq!(fmt_age(3600), "1 h");
        assert_eq!(fmt_age(3660), "1 h 1 min");
        assert_eq!(fmt_age(86_400), "1 d");
        assert_eq!(fmt_age(90_000), "1 d 1 h");
        assert_eq!(fmt_elapsed(3725), "01:02:05");
    }
}
