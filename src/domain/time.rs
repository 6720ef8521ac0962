//! Time formatting and ages. Times are stored as UTC RFC 3339 and shown in UTC.

use chrono::{
    DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, SecondsFormat, Timelike, Utc,
};

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

// The fixed forms below are written and read by hand: chrono's `format` and `parse_from_str`
// interpret a format string at run time and bring their whole strftime machinery into the wasm
// (docs/performance.md). The tests hold them to chrono's own output and parsing.

/// The fields of a time as `%Y %m %d %H %M %S` and milliseconds print them (a leap second is
/// second 60).
pub(super) struct Parts {
    year: i32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    milli: u32,
}

impl Parts {
    pub(super) fn of(t: NaiveDateTime) -> Self {
        let nano = t.nanosecond();
        Parts {
            year: t.year(),
            month: t.month(),
            day: t.day(),
            hour: t.hour(),
            minute: t.minute(),
            second: t.second() + nano / 1_000_000_000,
            milli: nano % 1_000_000_000 / 1_000_000,
        }
    }

    /// The date and the time, every field zero-padded: `date_sep` between the date's fields,
    /// `mid` between the date and the time, `time_sep` between the time's.
    fn join(&self, date_sep: &str, mid: &str, time_sep: &str) -> String {
        format!(
            "{:04}{date_sep}{:02}{date_sep}{:02}{mid}{:02}{time_sep}{:02}{time_sep}{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }

    /// `2026-11-29 19:42:07`
    pub(super) fn date_time(&self) -> String {
        self.join("-", " ", ":")
    }

    /// `20261129-194207`
    fn compact(&self) -> String {
        self.join("", "-", "")
    }
}

/// `2026-11-29 19:42:07 UTC`
pub fn fmt_utc(t: DateTime<Utc>) -> String {
    format!("{} UTC", Parts::of(t.naive_utc()).date_time())
}

/// `19:42:07 UTC`
pub fn fmt_utc_time(t: DateTime<Utc>) -> String {
    let p = Parts::of(t.naive_utc());
    format!("{:02}:{:02}:{:02} UTC", p.hour, p.minute, p.second)
}

/// `2026-11-29 20:42:07 +01:00`: a local time (`local`, the wall clock) and its offset from
/// UTC in seconds, rounded to the minute.
pub fn fmt_with_offset(local: NaiveDateTime, offset_secs: i32) -> String {
    let sign = if offset_secs < 0 { '-' } else { '+' };
    let minutes = (offset_secs.unsigned_abs() + 30) / 60;
    format!(
        "{} {sign}{:02}:{:02}",
        Parts::of(local).date_time(),
        minutes / 60,
        minutes % 60
    )
}

/// `20261129-194207`, for ids and file names.
pub fn stamp(t: DateTime<Utc>) -> String {
    Parts::of(t.naive_utc()).compact()
}

/// `20261129-194207123`: [`stamp`] with milliseconds.
pub fn stamp_millis(t: DateTime<Utc>) -> String {
    let p = Parts::of(t.naive_utc());
    format!("{}{:03}", p.compact(), p.milli)
}

/// `20261129-1942`: [`stamp`] to the minute.
pub fn stamp_minutes(t: DateTime<Utc>) -> String {
    let p = Parts::of(t.naive_utc());
    format!(
        "{:04}{:02}{:02}-{:02}{:02}",
        p.year, p.month, p.day, p.hour, p.minute
    )
}

/// `20261129T194207.123Z`
pub fn stamp_iso_millis(t: DateTime<Utc>) -> String {
    let p = Parts::of(t.naive_utc());
    format!("{}.{:03}Z", p.join("", "T", ""), p.milli)
}

/// Reads fields off the front of a text as chrono's `parse_from_str` does: spaces before a
/// number are skipped, a year has one to four digits (any number after a sign), the other
/// fields one or two.
struct Fields<'a>(&'a str);

impl Fields<'_> {
    /// Up to `max_digits` digits, at least one.
    fn digits(&mut self, max_digits: usize) -> Option<u64> {
        let n = self
            .0
            .bytes()
            .take(max_digits)
            .take_while(u8::is_ascii_digit)
            .count();
        let (digits, rest) = self.0.split_at(n);
        self.0 = rest;
        digits.parse().ok()
    }

    /// A field of one or two digits after any spaces.
    fn field(&mut self) -> Option<u32> {
        self.0 = self.0.trim_start();
        u32::try_from(self.digits(2)?).ok()
    }

    fn year(&mut self) -> Option<i32> {
        self.0 = self.0.trim_start();
        let year = if let Some(rest) = self.0.strip_prefix('-') {
            self.0 = rest;
            -i64::try_from(self.digits(usize::MAX)?).ok()?
        } else if let Some(rest) = self.0.strip_prefix('+') {
            self.0 = rest;
            i64::try_from(self.digits(usize::MAX)?).ok()?
        } else {
            i64::try_from(self.digits(4)?).ok()?
        };
        i32::try_from(year).ok()
    }

    fn literal(&mut self, c: char) -> Option<()> {
        self.0 = self.0.strip_prefix(c)?;
        Some(())
    }

    /// `%Y-%m-%d`
    fn date(&mut self) -> Option<NaiveDate> {
        let year = self.year()?;
        self.literal('-')?;
        let month = self.field()?;
        self.literal('-')?;
        let day = self.field()?;
        NaiveDate::from_ymd_opt(year, month, day)
    }

    /// `%H:%M`, and `:%S` when `seconds` (60 is a leap second).
    fn time(&mut self, seconds: bool) -> Option<NaiveTime> {
        let hour = self.field()?;
        self.literal(':')?;
        let minute = self.field()?;
        let second = if seconds {
            self.literal(':')?;
            self.field()?
        } else {
            0
        };
        match second {
            60 => NaiveTime::from_hms_nano_opt(hour, minute, 59, 1_000_000_000),
            _ => NaiveTime::from_hms_opt(hour, minute, second),
        }
    }

    fn end(&self) -> Option<()> {
        self.0.is_empty().then_some(())
    }
}

/// Parses `YYYY-MM-DD` exactly as `NaiveDate::parse_from_str(s, "%Y-%m-%d")` does.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let mut f = Fields(s);
    let date = f.date()?;
    f.end()?;
    Some(date)
}

/// Parses `YYYY-MM-DD HH:MM[:SS]`, with `sep` (a space or `T`) between the date and the time,
/// exactly as `NaiveDateTime::parse_from_str` does with the matching format. A space as `sep`
/// matches any run of spaces, none included.
pub fn parse_date_time(s: &str, sep: char, seconds: bool) -> Option<NaiveDateTime> {
    let mut f = Fields(s);
    let date = f.date()?;
    if sep == ' ' {
        f.0 = f.0.trim_start();
    } else {
        f.literal(sep)?;
    }
    let time = f.time(seconds)?;
    f.end()?;
    Some(date.and_time(time))
}

/// Seconds from `then` to `now`, never negative (a device clock behind the platform's gives 0).
pub fn age_secs(then: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    (now - then).num_seconds().max(0)
}

/// Which clock a shown time or age comes from. Every time and age the console shows names it
/// (compactly, "platform time" or "this device"), because the device's clock and the
/// platform's may disagree by hours.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TimeSource {
    /// This device's clock: what the console recorded (ticks, log entries, fetch times), and
    /// ages measured with it.
    #[default]
    Device,
    /// The platform's own clock: times in the `/beak` answers, and ages measured against its
    /// `generated_at`.
    Platform,
}

impl TimeSource {
    /// The compact label shown next to the time.
    pub fn label(self) -> &'static str {
        match self {
            TimeSource::Device => "this device",
            TimeSource::Platform => "platform time",
        }
    }

    /// The `data-clock` attribute value (tests and styles).
    pub fn attr(self) -> &'static str {
        match self {
            TimeSource::Device => "device",
            TimeSource::Platform => "platform",
        }
    }

    /// The longer explanation, for hover titles.
    pub fn explain(self) -> &'static str {
        match self {
            TimeSource::Device => "By this device's clock.",
            TimeSource::Platform => "By the platform's clock (from its answers).",
        }
    }
}

/// An age as read between two times: `then` is not after `now` (`Ago`), or lies ahead of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AgeReading {
    Ago(i64),
    Ahead(i64),
}

/// Reads the age of `then` at `now`: seconds since, or seconds ahead when `then` is later.
pub fn read_age(then: DateTime<Utc>, now: DateTime<Utc>) -> AgeReading {
    let secs = (now - then).num_seconds();
    if secs < 0 {
        AgeReading::Ahead(secs.saturating_neg())
    } else {
        AgeReading::Ago(secs)
    }
}

/// The platform's clock now, estimated from its last answer: the answer's `generated_at`
/// plus the time this device's clock counted since the answer arrived (`received_at`). An
/// offset of the device's clock cancels out.
pub fn platform_now(
    generated_at: DateTime<Utc>,
    received_at: DateTime<Utc>,
    device_now: DateTime<Utc>,
) -> DateTime<Utc> {
    generated_at + (device_now - received_at).max(chrono::TimeDelta::zero())
}

/// An age as shown: its text, the clock it comes from, and, for a platform time ahead of this
/// device's clock, how far ahead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShownAge {
    /// `12 s ago`, or `ahead of this device by 2 h` (never a negative age, never a "0 s" that
    /// hides a time in the future).
    pub text: String,
    pub source: TimeSource,
    /// `ahead of this device by 2 h`: the platform time is later than this device's clock
    /// although its age is known from the platform's clock.
    pub note: Option<String>,
}

impl ShownAge {
    /// The source label and the note, as shown after the age: `platform time, ahead of this
    /// device by 2 h`.
    pub fn tag(&self) -> String {
        match &self.note {
            Some(n) => format!("{}, {n}", self.source.label()),
            None => self.source.label().to_string(),
        }
    }

    /// The whole text: `2 min ago · platform time`.
    pub fn full(&self) -> String {
        format!("{} · {}", self.text, self.tag())
    }
}

fn ahead_of(what: &str, secs: i64) -> String {
    format!("ahead of {what} by {}", fmt_age(secs))
}

/// How the age of `then`, a time from `source`, is shown. A platform time is measured against
/// the platform's clock when it is known (`platform_now`, see [`platform_now`]), so a device
/// clock hours off does not make it wrong; the note then says when the time is ahead of this
/// device's clock. Without the platform's clock it is measured with this device's clock,
/// labelled so, and a time ahead of it reads "ahead of this device by N" instead of "0 s ago".
/// A device time is measured with the device's clock.
pub fn shown_age(
    then: DateTime<Utc>,
    source: TimeSource,
    platform_now: Option<DateTime<Utc>>,
    device_now: DateTime<Utc>,
) -> ShownAge {
    let on_device = read_age(then, device_now);
    match (source, platform_now) {
        (TimeSource::Platform, Some(p)) => ShownAge {
            text: match read_age(then, p) {
                AgeReading::Ago(s) => format!("{} ago", fmt_age(s)),
                AgeReading::Ahead(s) => ahead_of("the platform's clock", s),
            },
            source: TimeSource::Platform,
            note: match on_device {
                AgeReading::Ahead(s) => Some(ahead_of("this device", s)),
                AgeReading::Ago(_) => None,
            },
        },
        (TimeSource::Platform, None) => match on_device {
            AgeReading::Ago(s) => ShownAge {
                text: format!("{} ago", fmt_age(s)),
                source: TimeSource::Device,
                note: None,
            },
            AgeReading::Ahead(s) => ShownAge {
                text: ahead_of("this device", s),
                source: TimeSource::Platform,
                note: None,
            },
        },
        (TimeSource::Device, _) => ShownAge {
            text: match on_device {
                AgeReading::Ago(s) => format!("{} ago", fmt_age(s)),
                AgeReading::Ahead(s) => ahead_of("this device", s),
            },
            source: TimeSource::Device,
            note: None,
        },
    }
}

/// A time as text with its source: `2026-11-29 19:42:07 UTC (this device)`.
pub fn fmt_utc_from(t: DateTime<Utc>, source: TimeSource) -> String {
    format!("{} ({})", fmt_utc(t), source.label())
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
    use proptest::prelude::*;

    /// The forms `utc_input` tries, as chrono writes them: separator, seconds, format.
    const TYPED: [(char, bool, &str); 4] = [
        (' ', true, "%Y-%m-%d %H:%M:%S"),
        (' ', false, "%Y-%m-%d %H:%M"),
        ('T', true, "%Y-%m-%dT%H:%M:%S"),
        ('T', false, "%Y-%m-%dT%H:%M"),
    ];

    /// Times from 1970 to the end of 9999, to the millisecond.
    fn any_time() -> impl Strategy<Value = DateTime<Utc>> {
        (0i64..253_402_300_800, 0u32..1000)
            .prop_map(|(s, ms)| DateTime::from_timestamp(s, ms * 1_000_000).unwrap())
    }

    /// Texts near the forms typed: digits, the separators, spaces, signs and a stray letter.
    fn near_date_time() -> impl Strategy<Value = String> {
        prop_oneof![
            "[ +0-9-]{0,4}[0-9]{0,5}-[ 0-9]{0,3}-[0-9]{0,3}([ T]{0,2}[ 0-9]{0,3}:[ 0-9]{0,3}(:[0-9]{0,3})?)?[ xZ]?",
            "[0-9 :T+-]{0,22}",
        ]
    }

    proptest! {
        #[test]
        fn fixed_forms_match_chrono(t in any_time()) {
            prop_assert_eq!(fmt_utc(t), t.format("%Y-%m-%d %H:%M:%S UTC").to_string());
            prop_assert_eq!(fmt_utc_time(t), t.format("%H:%M:%S UTC").to_string());
            prop_assert_eq!(
                crate::domain::utc_input::fmt_utc_input(t),
                t.format("%Y-%m-%d %H:%M:%S").to_string()
            );
            prop_assert_eq!(stamp(t), t.format("%Y%m%d-%H%M%S").to_string());
            prop_assert_eq!(stamp_millis(t), t.format("%Y%m%d-%H%M%S%3f").to_string());
            prop_assert_eq!(stamp_minutes(t), t.format("%Y%m%d-%H%M").to_string());
            prop_assert_eq!(stamp_iso_millis(t), t.format("%Y%m%dT%H%M%S%.3fZ").to_string());
        }

        #[test]
        fn a_local_time_with_its_offset_matches_chrono(t in any_time(), offset in -86_399i32..86_400) {
            let zone = chrono::FixedOffset::east_opt(offset).unwrap();
            let local = t.with_timezone(&zone);
            prop_assume!(local.year() <= 9999);
            prop_assert_eq!(
                fmt_with_offset(local.naive_local(), offset),
                local.format("%Y-%m-%d %H:%M:%S %:z").to_string()
            );
        }

        #[test]
        fn dates_parse_as_chrono_parses_them(s in near_date_time()) {
            prop_assert_eq!(parse_date(&s), NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok());
        }

        #[test]
        fn dates_with_times_parse_as_chrono_parses_them(s in near_date_time()) {
            for (sep, seconds, fmt) in TYPED {
                prop_assert_eq!(
                    parse_date_time(&s, sep, seconds),
                    NaiveDateTime::parse_from_str(&s, fmt).ok(),
                    "{:?} as {}", s, fmt
                );
            }
        }
    }

    #[test]
    fn typed_forms_and_edges_parse_as_chrono_parses_them() {
        for s in [
            "2026-11-29",
            "2026-1-9",
            "  2026- 11- 29",
            "+2026-11-29",
            "-44-03-15",
            "20261-01-01",
            "2026-02-29",
            "2028-02-29",
            "2026-11-29 ",
            "2026-13-01",
            "",
            "-",
            "+-1-1-1",
        ] {
            assert_eq!(
                parse_date(s),
                NaiveDate::parse_from_str(s, "%Y-%m-%d").ok(),
                "{s:?}"
            );
        }
        for s in [
            "2026-11-29 19:42:07",
            "2026-11-29   19:42",
            "2026-11-2919:42",
            "2026-11-29T19:42:07",
            "2026-11-29T 19:42",
            "2026-11-29 23:59:60",
            "2026-11-29 24:00",
            "2026-11-29 9:5:7",
        ] {
            for (sep, seconds, fmt) in TYPED {
                assert_eq!(
                    parse_date_time(s, sep, seconds),
                    NaiveDateTime::parse_from_str(s, fmt).ok(),
                    "{s:?} as {fmt}"
                );
            }
        }
        let t = parse_rfc3339("2026-11-29T19:42:07.5Z").unwrap();
        assert_eq!(stamp_iso_millis(t), "20261129T194207.500Z");
        assert_eq!(
            fmt_with_offset(t.naive_utc() - chrono::Duration::hours(5), -5 * 3600),
            "2026-11-29 14:42:07 -05:00"
        );
    }

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
        assert_eq!(TimeSource::Device.label(), "this device");
    }

    #[test]
    fn every_shown_age_names_its_clock_and_a_time_ahead_says_so() {
        let then = t("2026-11-29T19:40:00Z");
        let generated = t("2026-11-29T19:42:00Z");
        let s = |source, platform: Option<DateTime<Utc>>, device: &str| {
            shown_age(then, source, platform, t(device))
        };
        // A device time: measured with the device's clock.
        let a = s(TimeSource::Device, None, "2026-11-29T19:40:12Z");
        assert_eq!(a.full(), "12 s ago · this device");
        assert_eq!(a.source.attr(), "device");
        // A platform time with the platform's clock known: measured on it, whatever the device
        // says; in sync, no note.
        let a = s(
            TimeSource::Platform,
            Some(generated),
            "2026-11-29T19:42:01Z",
        );
        assert_eq!(a.full(), "2 min ago · platform time");
        assert_eq!(a.source.attr(), "platform");
        // The device 5 h ahead: still 2 min, and nothing is ahead of the device.
        let a = s(
            TimeSource::Platform,
            Some(generated),
            "2026-11-30T00:42:00Z",
        );
        assert_eq!(a.full(), "2 min ago · platform time");
        // The device 3 h behind (the platform 3 h ahead): 2 min, and the time is ahead of
        // this device, which the note says.
        let a = s(
            TimeSource::Platform,
            Some(generated),
            "2026-11-29T16:42:00Z",
        );
        assert_eq!(a.text, "2 min ago");
        assert_eq!(
            a.note.as_deref(),
            Some("ahead of this device by 2 h 58 min")
        );
        assert_eq!(
            a.full(),
            "2 min ago · platform time, ahead of this device by 2 h 58 min"
        );
        // Without the platform's clock: the device's, labelled so; a time ahead of it says how
        // far ahead instead of "0 s".
        let a = s(TimeSource::Platform, None, "2026-11-29T19:41:00Z");
        assert_eq!(a.full(), "1 min ago · this device");
        let a = s(TimeSource::Platform, None, "2026-11-29T17:40:00Z");
        assert_eq!(a.full(), "ahead of this device by 2 h · platform time");
        for ahead in [1, 59, 3600, 400 * 86_400] {
            let device = then - chrono::Duration::seconds(ahead);
            let a = shown_age(then, TimeSource::Platform, None, device);
            assert!(a.text.starts_with("ahead of this device by "), "{a:?}");
            assert!(!a.text.contains("0 s"), "{a:?}");
            assert!(!a.full().contains('-'), "{a:?}");
        }
        // Exactly now is "0 s ago", not ahead.
        assert_eq!(read_age(then, then), AgeReading::Ago(0));
        assert_eq!(
            read_age(then, then - chrono::Duration::seconds(1)),
            AgeReading::Ahead(1)
        );
        // A time ahead of the platform's own clock.
        let a = s(
            TimeSource::Platform,
            Some(t("2026-11-29T19:39:00Z")),
            "2026-11-29T19:45:00Z",
        );
        assert_eq!(a.text, "ahead of the platform's clock by 1 min");
        // Absolute times carry their source too.
        assert_eq!(
            fmt_utc_from(then, TimeSource::Device),
            "2026-11-29 19:40:00 UTC (this device)"
        );
    }

    #[test]
    fn the_platform_clock_is_estimated_from_its_last_answer() {
        let generated = t("2026-11-29T21:42:00Z");
        // Received by a device 2 h behind, 30 s ago by its clock.
        let received = t("2026-11-29T19:42:00Z");
        let device_now = t("2026-11-29T19:42:30Z");
        assert_eq!(
            platform_now(generated, received, device_now),
            t("2026-11-29T21:42:30Z")
        );
        // A device clock set back after the answer never moves the estimate back.
        assert_eq!(
            platform_now(generated, received, t("2026-11-29T19:00:00Z")),
            generated
        );
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
