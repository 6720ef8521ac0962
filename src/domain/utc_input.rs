//! Times typed by operators in forms: always UTC, explicit, validated.

use chrono::{DateTime, Utc};

use super::time::{parse_date_time, parse_rfc3339};

/// Parses a UTC time as typed: RFC 3339 (any offset, converted to UTC) or
/// `YYYY-MM-DD HH:MM[:SS]` (a `T` instead of the space, and a trailing `Z` or ` UTC`, allowed).
pub fn parse_utc_input(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Some(t) = parse_rfc3339(s) {
        return Some(t);
    }
    let s = s
        .strip_suffix("UTC")
        .or_else(|| s.strip_suffix('Z'))
        .unwrap_or(s)
        .trim();
    // `%Y-%m-%d %H:%M:%S`, `%Y-%m-%d %H:%M`, then the same with a `T`.
    [(' ', true), (' ', false), ('T', true), ('T', false)]
        .into_iter()
        .find_map(|(sep, seconds)| parse_date_time(s, sep, seconds))
        .map(|n| n.and_utc())
}

/// The form the inputs are prefilled with: `2026-11-29 19:42:07`.
pub fn fmt_utc_input(t: DateTime<Utc>) -> String {
    super::time::Parts::of(t.naive_utc()).date_time()
}

/// Parses an optional time field: empty is `Ok(None)`, unreadable is `Err(())`.
#[allow(clippy::result_unit_err)]
pub fn parse_optional(s: &str) -> Result<Option<DateTime<Utc>>, ()> {
    if s.trim().is_empty() {
        return Ok(None);
    }
    parse_utc_input(s).map(Some).ok_or(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_forms() {
        let want = parse_rfc3339("2026-11-29T19:42:00Z").unwrap();
        for s in [
            "2026-11-29 19:42",
            " 2026-11-29 19:42:00 ",
            "2026-11-29T19:42",
            "2026-11-29T19:42:00Z",
            "2026-11-29 19:42 UTC",
            "2026-11-29T21:42:00+02:00",
        ] {
            assert_eq!(parse_utc_input(s), Some(want), "{s}");
        }
        for s in [
            "",
            "yesterday",
            "2026-13-01 10:00",
            "29/11/2026 19:42",
            "2026-11-29",
        ] {
            assert_eq!(parse_utc_input(s), None, "{s}");
        }
        assert_eq!(fmt_utc_input(want), "2026-11-29 19:42:00");
        assert_eq!(parse_utc_input(&fmt_utc_input(want)), Some(want));
        assert_eq!(parse_optional(" "), Ok(None));
        assert_eq!(parse_optional("x"), Err(()));
    }
}
