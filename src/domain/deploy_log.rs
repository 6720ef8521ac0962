//! The Deploy Log: deployments recorded in the console, merged with those the platform reports.
//! Stored under `ops-console/v1/deploy-log`.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::approvals::{check_len, validate_version, FUTURE_SKEW_SECS, MAX_SHORT, MAX_TEXT};
use super::export::{csv, md_inline, md_table};
use super::merge::Merge;
use super::search::contains_folded;
use super::settings::FieldError;
use super::time::{fmt_utc, is_future, to_rfc3339};
use super::utc_input::parse_utc_input;
use crate::api::models::Deployment;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeployEntry {
    pub id: String,
    pub version: String,
    pub what_changed: String,
    pub deployed_at: DateTime<Utc>,
    pub operator: String,
    pub recorded_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct DeployLog {
    /// Oldest first.
    pub entries: Vec<DeployEntry>,
}

impl DeployLog {
    pub fn add(&mut self, e: DeployEntry) {
        self.entries.retain(|x| x.id != e.id);
        self.entries.push(e);
        crate::domain::sort::sort_by(&mut self.entries, |a, b| {
            a.deployed_at
                .cmp(&b.deployed_at)
                .then_with(|| a.id.cmp(&b.id))
        });
    }
}

/// Union by id (entries are never edited; on the same id the later-recorded copy wins).
impl Merge for DeployLog {
    fn merge(self, other: Self) -> Self {
        // By id in a map, then sorted once: two tabs with 10,000 entries each merge in
        // milliseconds (a search per entry would be quadratic).
        let mut by_id: std::collections::HashMap<String, DeployEntry> = self
            .entries
            .into_iter()
            .map(|e| (e.id.clone(), e))
            .collect();
        for e in other.entries {
            match by_id.get(&e.id) {
                Some(x) if x.recorded_at > e.recorded_at => {}
                _ => {
                    by_id.insert(e.id.clone(), e);
                }
            }
        }
        let mut entries: Vec<DeployEntry> = by_id.into_values().collect();
        crate::domain::sort::sort_by(&mut entries, |a, b| {
            a.deployed_at
                .cmp(&b.deployed_at)
                .then_with(|| a.id.cmp(&b.id))
        });
        DeployLog { entries }
    }
}

/// The form as typed.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct DeployDraft {
    pub version: String,
    pub what_changed: String,
    /// UTC, RFC 3339 or `YYYY-MM-DD HH:MM[:SS]`.
    pub deployed_at: String,
    pub operator: String,
}

pub fn validate_deploy(
    d: &DeployDraft,
    id: String,
    now: DateTime<Utc>,
) -> Result<DeployEntry, Vec<FieldError>> {
    let mut errs = Vec::new();
    if let Some(e) = validate_version("version", &d.version) {
        errs.push(e);
    }
    check_len(
        &mut errs,
        "what_changed",
        &d.what_changed,
        MAX_TEXT,
        Some("Say what changed in this deployment."),
    );
    let at = match parse_utc_input(&d.deployed_at) {
        None => {
            errs.push(FieldError {
                field: "deployed_at",
                message: "Use a UTC time such as 2026-11-29 19:42 or 2026-11-29T19:42:00Z.".into(),
            });
            None
        }
        Some(t) if is_future(t, now, FUTURE_SKEW_SECS) => {
            errs.push(FieldError {
                field: "deployed_at",
                message: "The time is more than 5 minutes in the future.".into(),
            });
            None
        }
        Some(t) => Some(t),
    };
    check_len(
        &mut errs,
        "operator",
        &d.operator,
        MAX_SHORT,
        Some("Who deployed? (Set a default operator on the Admin Panel.)"),
    );
    match at {
        Some(deployed_at) if errs.is_empty() => Ok(DeployEntry {
            id,
            version: d.version.trim().to_string(),
            what_changed: d.what_changed.trim().to_string(),
            deployed_at,
            operator: d.operator.trim().to_string(),
            recorded_at: now,
        }),
        _ => Err(errs),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    Console,
    Platform,
}

impl Source {
    /// Which clock the row's time comes from: the platform's for its deployments, this
    /// device's for entries logged here.
    pub fn clock(self) -> super::time::TimeSource {
        match self {
            Source::Console => super::time::TimeSource::Device,
            Source::Platform => super::time::TimeSource::Platform,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Source::Console => "console",
            Source::Platform => "platform",
        }
    }
}

/// One row of the merged list.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct DeployRow {
    /// A stable key: the console entry id, or `platform-<index>-<version>`.
    pub key: String,
    pub source: Source,
    pub version: String,
    pub deployed_at: Option<DateTime<Utc>>,
    pub operator: Option<String>,
    pub what_changed: String,
    /// The version the alias points at now.
    pub current: bool,
    /// The newest version before the current one (the rollback target).
    pub prior_stable: bool,
}

impl DeployRow {
    /// The row without its marks (current, prior stable): what a view of it is built from
    /// once. A new alias changes the marks of rows, not this.
    pub fn unmarked(&self) -> DeployRow {
        DeployRow {
            current: false,
            prior_stable: false,
            ..self.clone()
        }
    }
}

/// The version before `current` in deployment order: the newest distinct version deployed
/// before the newest deployment of `current`. None when unknown.
pub fn prior_stable_version(rows: &[DeployRow], current: Option<&str>) -> Option<String> {
    let current = current?.trim();
    // rows are newest first
    let pos = rows.iter().position(|r| r.version == current)?;
    rows[pos + 1..]
        .iter()
        .find(|r| r.version != current)
        .map(|r| r.version.clone())
}

/// Console entries and platform deployments in one list, newest first (rows without a time
/// last), with the current alias version and the prior stable version marked.
pub fn merged_rows(
    console: &[DeployEntry],
    platform: &[Deployment],
    current_alias: Option<&str>,
) -> Vec<DeployRow> {
    let mut rows: Vec<DeployRow> = console
        .iter()
        .map(|e| DeployRow {
            key: e.id.clone(),
            source: Source::Console,
            version: e.version.clone(),
            deployed_at: Some(e.deployed_at),
            operator: Some(e.operator.clone()),
            what_changed: e.what_changed.clone(),
            current: false,
            prior_stable: false,
        })
        .collect();
    rows.extend(platform.iter().enumerate().map(|(i, d)| DeployRow {
        key: format!("platform-{i}-{}", d.version),
        source: Source::Platform,
        version: d.version.trim().to_string(),
        deployed_at: d.deployed_at,
        operator: d.operator.clone(),
        what_changed: d.summary.clone().unwrap_or_default(),
        current: false,
        prior_stable: false,
    }));
    crate::domain::sort::sort_by(&mut rows, |a, b| match (a.deployed_at, b.deployed_at) {
        (Some(x), Some(y)) => y.cmp(&x).then_with(|| a.key.cmp(&b.key)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.key.cmp(&b.key),
    });
    let current = current_alias.map(str::trim).filter(|c| !c.is_empty());
    let prior = prior_stable_version(&rows, current);
    for r in &mut rows {
        r.current = Some(r.version.as_str()) == current;
        r.prior_stable = prior.as_deref() == Some(r.version.as_str());
    }
    rows
}

/// The list filter: text (version, change, operator, source; case-insensitive) and an
/// optional UTC date range (inclusive days).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeployFilter {
    pub text: String,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// Parses a `YYYY-MM-DD` filter date; empty is None.
pub fn parse_date(s: &str) -> Result<Option<NaiveDate>, String> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    crate::domain::time::parse_date(s)
        .map(Some)
        .ok_or_else(|| "Use a date such as 2026-11-29.".into())
}

impl DeployFilter {
    /// The positions in `rows` of the rows that match, in order (the needle is prepared once).
    pub fn select(&self, rows: &[DeployRow]) -> Vec<usize> {
        let needle = self.text.trim().to_lowercase();
        rows.iter()
            .enumerate()
            .filter(|(_, r)| self.matches_needle(&needle, r))
            .map(|(i, _)| i)
            .collect()
    }

    fn matches_needle(&self, needle: &str, r: &DeployRow) -> bool {
        let fields = [
            r.version.as_str(),
            r.what_changed.as_str(),
            r.operator.as_deref().unwrap_or(""),
            r.source.label(),
        ];
        let text_ok = if needle.is_empty() {
            true
        } else if needle.contains(' ') {
            // A needle with a space can span two fields, as the fields read joined by spaces.
            fields.join(" ").to_lowercase().contains(needle)
        } else {
            // Without one it cannot: compare each field in place.
            fields.iter().any(|f| contains_folded(f, needle))
        };
        if !text_ok {
            return false;
        }
        if self.from.is_some() || self.to.is_some() {
            let Some(at) = r.deployed_at else {
                return false;
            };
            let day = at.date_naive();
            if self.from.is_some_and(|f| day < f) || self.to.is_some_and(|t| day > t) {
                return false;
            }
        }
        true
    }
}

fn marks(r: &DeployRow) -> String {
    match (r.current, r.prior_stable) {
        (true, _) => "current".into(),
        (_, true) => "prior stable".into(),
        _ => String::new(),
    }
}

pub fn rows_json(rows: &[DeployRow]) -> String {
    serde_json::to_string_pretty(rows).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

pub fn rows_csv(rows: &[DeployRow]) -> String {
    let data: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.version.clone(),
                r.deployed_at.map(to_rfc3339).unwrap_or_default(),
                r.operator.clone().unwrap_or_default(),
                r.source.label().into(),
                marks(r),
                r.what_changed.clone(),
            ]
        })
        .collect();
    csv(
        &[
            "version",
            "deployed_at_utc",
            "operator",
            "source",
            "mark",
            "what_changed",
        ],
        &data,
    )
}

pub fn rows_markdown(rows: &[DeployRow], generated_at: DateTime<Utc>) -> String {
    let data: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.version.clone(),
                r.deployed_at
                    .map(fmt_utc)
                    .unwrap_or_else(|| "unknown".into()),
                r.operator.clone().unwrap_or_default(),
                r.source.label().into(),
                marks(r),
                r.what_changed.clone(),
            ]
        })
        .collect();
    format!(
        "# Deploy Log\n\nExported {} — {} deployments, newest first.\n\n{}",
        md_inline(&fmt_utc(generated_at)),
        rows.len(),
        md_table(
            &[
                "Version",
                "Deployed (UTC)",
                "Operator",
                "Source",
                "Mark",
                "What changed"
            ],
            &data
        )
    )
}

/// Deployments within `[from, to]` (for the incident handoff bundle).
pub fn rows_between(rows: &[DeployRow], from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<DeployRow> {
    rows.iter()
        .filter(|r| r.deployed_at.is_some_and(|t| t >= from && t <= to))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::parse_rfc3339;

    fn t(s: &str) -> DateTime<Utc> {
        parse_rfc3339(s).unwrap()
    }

    fn draft() -> DeployDraft {
        DeployDraft {
            version: "43".into(),
            what_changed: "retry, \"quotes\" | <b>html</b>\nsecond line".into(),
            deployed_at: "2026-11-29 19:00".into(),
            operator: "ana".into(),
        }
    }

    #[test]
    fn validation() {
        let now = t("2026-11-29T20:00:00Z");
        let e = validate_deploy(&draft(), "D1".into(), now).unwrap();
        assert_eq!(e.version, "43");
        assert_eq!(e.deployed_at, t("2026-11-29T19:00:00Z"));
        for (d, field, needle) in [
            (
                DeployDraft {
                    version: " ".into(),
                    ..draft()
                },
                "version",
                "required",
            ),
            (
                DeployDraft {
                    version: "$LATEST".into(),
                    ..draft()
                },
                "version",
                "$LATEST",
            ),
            (
                DeployDraft {
                    version: "$latest".into(),
                    ..draft()
                },
                "version",
                "$LATEST",
            ),
            (
                DeployDraft {
                    what_changed: "".into(),
                    ..draft()
                },
                "what_changed",
                "what changed",
            ),
            (
                DeployDraft {
                    deployed_at: "soon".into(),
                    ..draft()
                },
                "deployed_at",
                "UTC",
            ),
            (
                DeployDraft {
                    deployed_at: "2026-11-29 20:05:01".into(),
                    ..draft()
                },
                "deployed_at",
                "future",
            ),
            (
                DeployDraft {
                    operator: "".into(),
                    ..draft()
                },
                "operator",
                "Who",
            ),
        ] {
            let errs = validate_deploy(&d, "x".into(), now).unwrap_err();
            assert_eq!(errs.len(), 1, "{errs:?}");
            assert_eq!(errs[0].field, field);
            assert!(errs[0].message.contains(needle), "{}", errs[0].message);
        }
        // Exactly 5 minutes ahead is still accepted (clock skew).
        let d = DeployDraft {
            deployed_at: "2026-11-29 20:05:00".into(),
            ..draft()
        };
        assert!(validate_deploy(&d, "x".into(), now).is_ok());
    }

    fn entry(id: &str, v: &str, at: &str) -> DeployEntry {
        DeployEntry {
            id: id.into(),
            version: v.into(),
            what_changed: format!("change {v}"),
            deployed_at: t(at),
            operator: "ana".into(),
            recorded_at: t(at),
        }
    }

    fn platform() -> Vec<Deployment> {
        vec![
            Deployment {
                version: "42".into(),
                deployed_at: Some(t("2026-11-28T16:03:00Z")),
                operator: Some("ana".into()),
                summary: Some("peck retries".into()),
            },
            Deployment {
                version: "41".into(),
                deployed_at: Some(t("2026-11-20T10:15:00Z")),
                operator: None,
                summary: None,
            },
            Deployment {
                version: "40".into(),
                deployed_at: None,
                operator: None,
                summary: None,
            },
        ]
    }

    #[test]
    fn merged_newest_first_with_marks() {
        let console = vec![entry("D1", "43", "2026-11-29T19:00:00Z")];
        let rows = merged_rows(&console, &platform(), Some("42"));
        let v: Vec<_> = rows.iter().map(|r| (&r.version[..], r.source)).collect();
        assert_eq!(
            v,
            vec![
                ("43", Source::Console),
                ("42", Source::Platform),
                ("41", Source::Platform),
                ("40", Source::Platform)
            ]
        );
        assert!(rows[1].current && !rows[1].prior_stable);
        assert!(rows[2].prior_stable && !rows[2].current);
        assert!(!rows[0].current && !rows[0].prior_stable);
        assert_eq!(
            prior_stable_version(&rows, Some("42")).as_deref(),
            Some("41")
        );
        assert_eq!(prior_stable_version(&rows, None), None);
        assert_eq!(prior_stable_version(&rows, Some("99")), None);
        let rows = merged_rows(&console, &platform(), None);
        assert!(rows.iter().all(|r| !r.current && !r.prior_stable));
    }

    #[test]
    fn a_new_alias_changes_only_the_marks() {
        let console = vec![entry("D1", "43", "2026-11-29T19:00:00Z")];
        let unmarked = |alias: Option<&str>| -> Vec<DeployRow> {
            merged_rows(&console, &platform(), alias)
                .iter()
                .map(DeployRow::unmarked)
                .collect()
        };
        // Drift, a promotion and no alias at all: the same rows in the same order, so the
        // Deployment History keeps its rows and moves their marks.
        let before = unmarked(Some("42"));
        for alias in [Some("41"), Some("43"), None, Some("99")] {
            assert_eq!(unmarked(alias), before, "{alias:?}");
        }
        assert!(before.iter().all(|r| !r.current && !r.prior_stable));
        // The marks are what changed.
        let drifted = merged_rows(&console, &platform(), Some("41"));
        assert!(drifted[2].current && drifted[3].prior_stable);
        // The keys of a list are distinct: a list keyed by them builds each row once.
        let keys: std::collections::HashSet<_> = before.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys.len(), before.len());
    }

    #[test]
    fn filters() {
        let rows = merged_rows(
            &[entry("D1", "43", "2026-11-29T19:00:00Z")],
            &platform(),
            Some("42"),
        );
        let f = DeployFilter {
            text: "PECK".into(),
            ..Default::default()
        };
        assert_eq!(f.select(&rows).len(), 1);
        let f = DeployFilter {
            text: "platform".into(),
            ..Default::default()
        };
        assert_eq!(f.select(&rows).len(), 3);
        let f = DeployFilter {
            from: parse_date("2026-11-28").unwrap(),
            to: parse_date("2026-11-28").unwrap(),
            ..Default::default()
        };
        let hits: Vec<_> = f
            .select(&rows)
            .into_iter()
            .map(|i| &rows[i].version[..])
            .collect();
        assert_eq!(hits, vec!["42"]);
        // Positions come in list order; an empty query selects every row.
        let all = DeployFilter::default().select(&rows);
        assert_eq!(all, (0..rows.len()).collect::<Vec<_>>());
        let some = DeployFilter {
            text: "4".into(),
            ..Default::default()
        }
        .select(&rows);
        assert!(!some.is_empty() && some.windows(2).all(|w| w[0] < w[1]));
        // A query with a space can span two fields, read joined by spaces.
        let r = rows
            .iter()
            .position(|r| !r.what_changed.is_empty())
            .unwrap();
        let first_word = rows[r].what_changed.split_whitespace().next().unwrap();
        let span = DeployFilter {
            text: format!("{} {}", rows[r].version, first_word.to_uppercase()),
            ..Default::default()
        };
        assert!(span.select(&rows).contains(&r));
        assert!(parse_date("29/11").is_err());
        assert_eq!(parse_date(" "), Ok(None));
    }

    #[test]
    fn exports_escape_operator_text() {
        let console = vec![DeployEntry {
            what_changed: "a, \"b\" | <i>c</i>\nd".into(),
            ..entry("D1", "43", "2026-11-29T19:00:00Z")
        }];
        let rows = merged_rows(&console, &[], None);
        let c = rows_csv(&rows);
        assert!(c.starts_with("version,deployed_at_utc,operator,source,mark,what_changed\r\n"));
        assert!(
            c.contains("43,2026-11-29T19:00:00Z,ana,console,,\"a, \"\"b\"\" | <i>c</i>\nd\"\r\n")
        );
        let m = rows_markdown(&rows, t("2026-11-29T20:00:00Z"));
        assert!(m.contains("| 43 | 2026-11-29 19:00:00 UTC | ana | console |  | a, \"b\" \\| &lt;i&gt;c&lt;/i&gt;<br>d |"));
        let j = rows_json(&rows);
        let back: serde_json::Value = serde_json::from_str(&j).unwrap();
        assert_eq!(back[0]["what_changed"], "a, \"b\" | <i>c</i>\nd");
        assert_eq!(back[0]["source"], "console");
    }

    #[test]
    fn every_hostile_text_round_trips_through_json_and_csv_and_stays_inert_in_markdown() {
        use crate::domain::export::{assert_inert_markdown, tests::parse_csv, HOSTILE};
        for (i, text) in HOSTILE.iter().enumerate() {
            let console = vec![DeployEntry {
                what_changed: (*text).into(),
                operator: (*text).into(),
                ..entry("D1", "43", "2026-11-29T19:00:00Z")
            }];
            // Storage: the stored shape gives back the same entry.
            let log = DeployLog {
                entries: console.clone(),
            };
            let back: DeployLog =
                serde_json::from_str(&serde_json::to_string(&log).unwrap()).unwrap();
            assert_eq!(back, log, "case {i}");
            let rows = merged_rows(&console, &[], None);
            let j: serde_json::Value = serde_json::from_str(&rows_json(&rows)).unwrap();
            assert_eq!(j[0]["what_changed"], *text, "case {i}");
            assert_eq!(j[0]["operator"], *text, "case {i}");
            let csv = parse_csv(&rows_csv(&rows));
            assert_eq!(csv[1][2], *text, "case {i}");
            assert_eq!(csv[1][5], *text, "case {i}");
            let md = rows_markdown(&rows, t("2026-11-29T20:00:00Z"));
            assert_inert_markdown(&md);
            // One table row per entry, its cells intact.
            let row = md.lines().find(|l| l.starts_with("| 43 |")).unwrap();
            assert_eq!(
                row.replace("\\|", "").matches('|').count(),
                7,
                "case {i}: {row}"
            );
        }
    }

    #[test]
    fn merge_is_a_union() {
        let a = DeployLog {
            entries: vec![entry("A", "41", "2026-11-20T00:00:00Z")],
        };
        let b = DeployLog {
            entries: vec![entry("B", "42", "2026-11-21T00:00:00Z")],
        };
        let ab = a.clone().merge(b.clone());
        assert_eq!(ab, b.merge(a));
        assert_eq!(ab.entries.len(), 2);
        assert_eq!(ab.entries[0].id, "A");
        // The same id on both sides: the later-recorded copy wins, whichever side it is on.
        let mut later = entry("A", "41", "2026-11-20T00:00:00Z");
        later.what_changed = "corrected".into();
        later.recorded_at += chrono::Duration::seconds(5);
        let newer = DeployLog {
            entries: vec![later],
        };
        for merged in [ab.clone().merge(newer.clone()), newer.merge(ab)] {
            assert_eq!(merged.entries.len(), 2);
            assert_eq!(merged.entries[0].what_changed, "corrected");
        }
    }

    #[test]
    fn rows_between_is_inclusive() {
        let rows = merged_rows(&[], &platform(), None);
        let w = rows_between(&rows, t("2026-11-20T10:15:00Z"), t("2026-11-28T16:03:00Z"));
        assert_eq!(w.len(), 2);
    }
}
