//! The diagnostics snapshots copied on Mission Control (Diagnostics JSON and Incident Snapshot),
//! kept with their bodies so an incident's entry, its handoff bundle and its postmortem can show
//! exactly what was handed out. Plain Rust, tested natively. Stored under
//! `ops-console/v1/diagnostics-snapshots`.
//!
//! # Bound
//! The store keeps the newest [`MAX_SNAPSHOTS`]. As with the activity trail, the oldest ones leave
//! only through [`SnapshotLog::archive`] (which returns them for a download) followed by
//! [`SnapshotLog::drop_archived`], which counts them in `dropped` so the UI can say that older
//! snapshots were dropped and where they went.
//!
//! # Trail
//! Each copy is also an activity-trail entry of kind [`kinds::SNAPSHOT`] whose detail names the
//! snapshot kind, its id and a short SHA-256 of its body ([`trail_detail`]).
//!
//! # Merge across tabs
//! Union by id (oldest first, by copy time then id); the drop counters take the larger side.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::merge::Merge;
use super::time::to_rfc3339;
use super::trail::{kinds, Trail};

/// How many copied snapshots the store keeps.
pub const MAX_SNAPSHOTS: usize = 50;
/// How many hex digits of the SHA-256 the trail and the lists show.
pub const SHORT_SHA: usize = 12;

/// What was copied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SnapshotKind {
    /// The Diagnostics JSON document (`docs/diagnostics.md`).
    DiagnosticsJson,
    /// The Markdown Incident Snapshot.
    IncidentSnapshot,
}

impl SnapshotKind {
    pub fn label(self) -> &'static str {
        match self {
            SnapshotKind::DiagnosticsJson => "Diagnostics JSON",
            SnapshotKind::IncidentSnapshot => "Incident Snapshot",
        }
    }

    /// The slug used in the trail and in file names.
    pub fn slug(self) -> &'static str {
        match self {
            SnapshotKind::DiagnosticsJson => "diagnostics-json",
            SnapshotKind::IncidentSnapshot => "incident-snapshot",
        }
    }

    /// The file extension of a download of the body.
    pub fn extension(self) -> &'static str {
        match self {
            SnapshotKind::DiagnosticsJson => "json",
            SnapshotKind::IncidentSnapshot => "md",
        }
    }
}

/// One copied document, body included.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CopiedSnapshot {
    /// `SNAP-<yyyymmdd>-<hhmmss><ms>-<first 8 hex of the SHA-256>`.
    pub id: String,
    pub kind: SnapshotKind,
    pub copied_at: DateTime<Utc>,
    pub copied_by: String,
    /// How it left the console: `clipboard`, or `dialog` (the browser refused the clipboard and
    /// the text was shown to copy by hand).
    pub method: String,
    /// The Incident Mode session that was on, if any.
    #[serde(default)]
    pub incident_id: Option<String>,
    /// SHA-256 of `body` (lower-case hex).
    pub sha256: String,
    pub body: String,
}

/// The SHA-256 of a text, lower-case hex.
pub fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl CopiedSnapshot {
    /// A snapshot of `body` copied at `at`.
    pub fn new(
        kind: SnapshotKind,
        body: String,
        at: DateTime<Utc>,
        by: &str,
        method: &str,
        incident_id: Option<String>,
    ) -> Self {
        let sha256 = sha256_hex(&body);
        let id = format!(
            "SNAP-{}-{}",
            crate::domain::time::stamp_millis(at),
            &sha256[..8]
        );
        Self {
            id,
            kind,
            copied_at: at,
            copied_by: by.to_string(),
            method: method.to_string(),
            incident_id,
            sha256,
            body,
        }
    }

    /// The first [`SHORT_SHA`] hex digits of the SHA-256.
    pub fn short_sha(&self) -> &str {
        &self.sha256[..self.sha256.len().min(SHORT_SHA)]
    }

    /// Whether the body still matches its recorded SHA-256.
    pub fn intact(&self) -> bool {
        sha256_hex(&self.body) == self.sha256
    }

    /// The file name of a download of the body.
    pub fn file_name(&self) -> String {
        format!(
            "{}-{}.{}",
            self.kind.slug(),
            crate::domain::time::stamp(self.copied_at),
            self.kind.extension()
        )
    }
}

/// The trail entry's detail for a copy: `Diagnostics JSON copied to the clipboard (SNAP-…,
/// sha256 0123456789ab)`.
pub fn trail_detail(s: &CopiedSnapshot) -> String {
    let how = match s.method.as_str() {
        "dialog" => "shown to copy by hand",
        _ => "copied to the clipboard",
    };
    format!(
        "{} {how} ({}, sha256 {}{})",
        s.kind.label(),
        s.id,
        s.short_sha(),
        s.incident_id
            .as_deref()
            .map(|i| format!(", during {i}"))
            .unwrap_or_default()
    )
}

/// Appends the trail entry for a copy (kind [`kinds::SNAPSHOT`], time and operator of the copy).
pub fn append_to_trail(trail: &mut Trail, s: &CopiedSnapshot) -> u64 {
    trail.append(s.copied_at, &s.copied_by, kinds::SNAPSHOT, trail_detail(s))
}

/// The snapshots copied within `[start, end]` (edges included), oldest first.
pub fn in_window(
    all: &[CopiedSnapshot],
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Vec<CopiedSnapshot> {
    let mut v: Vec<CopiedSnapshot> = all
        .iter()
        .filter(|s| s.copied_at >= start && s.copied_at <= end)
        .cloned()
        .collect();
    crate::domain::sort::sort_by(&mut v, |a, b| {
        a.copied_at.cmp(&b.copied_at).then_with(|| a.id.cmp(&b.id))
    });
    v
}

/// The stored snapshots.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct SnapshotLog {
    /// Oldest first.
    pub snapshots: Vec<CopiedSnapshot>,
    /// How many older snapshots were dropped to keep the bound.
    pub dropped: u64,
    /// The copy time of the newest dropped snapshot.
    pub dropped_through: Option<DateTime<Utc>>,
    /// The archive file the last dropped snapshots were downloaded to (None: none, or the
    /// download failed).
    pub last_archive: Option<String>,
}

/// Oldest snapshots exported before they are dropped.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SnapshotArchive {
    pub kind: &'static str,
    pub snapshots: Vec<CopiedSnapshot>,
}

impl SnapshotLog {
    /// Adds a snapshot (once per id), keeping the list oldest first.
    pub fn add(&mut self, s: CopiedSnapshot) {
        if self.snapshots.iter().any(|x| x.id == s.id) {
            return;
        }
        self.snapshots.push(s);
        self.sort();
    }

    fn sort(&mut self) {
        crate::domain::sort::sort_by(&mut self.snapshots, |a, b| {
            a.copied_at.cmp(&b.copied_at).then_with(|| a.id.cmp(&b.id))
        });
    }

    /// How many of the oldest are beyond [`MAX_SNAPSHOTS`].
    pub fn overflow(&self) -> usize {
        self.snapshots.len().saturating_sub(MAX_SNAPSHOTS)
    }

    /// The oldest snapshots beyond the bound, for an archive download. Nothing is dropped until
    /// [`SnapshotLog::drop_archived`].
    pub fn archive(&self) -> SnapshotArchive {
        SnapshotArchive {
            kind: "ops-console-diagnostics-snapshots-archive",
            snapshots: self.snapshots[..self.overflow()].to_vec(),
        }
    }

    /// Drops the snapshots up to and including `through_id` (the last one archived) and counts
    /// them. `archive_file` is where they went (None: the download failed).
    pub fn drop_archived(&mut self, through_id: &str, archive_file: Option<String>) -> usize {
        let Some(pos) = self.snapshots.iter().position(|s| s.id == through_id) else {
            return 0;
        };
        let gone: Vec<CopiedSnapshot> = self.snapshots.drain(..=pos).collect();
        self.dropped += gone.len() as u64;
        self.dropped_through = gone.last().map(|s| s.copied_at).max(self.dropped_through);
        self.last_archive = archive_file;
        gone.len()
    }

    /// The snapshots copied within `[start, end]`, oldest first.
    pub fn between(&self, start: DateTime<Utc>, end: DateTime<Utc>) -> Vec<CopiedSnapshot> {
        in_window(&self.snapshots, start, end)
    }

    /// The sentence the UI shows when older snapshots were dropped (None: none were).
    pub fn dropped_note(&self) -> Option<String> {
        if self.dropped == 0 {
            return None;
        }
        Some(format!(
            "Only the last {MAX_SNAPSHOTS} copied snapshots are kept: {} older one{} (up to {}) {} dropped{}.",
            self.dropped,
            if self.dropped == 1 { "" } else { "s" },
            self.dropped_through
                .map(to_rfc3339)
                .unwrap_or_else(|| "an unknown time".into()),
            if self.dropped == 1 { "was" } else { "were" },
            match &self.last_archive {
                Some(f) => format!(", the latest of them after downloading {f}"),
                None => String::new(),
            }
        ))
    }
}

/// The file name of an archive download.
pub fn archive_file_name(a: &SnapshotArchive) -> String {
    let fmt = |s: Option<&CopiedSnapshot>| {
        s.map(|s| crate::domain::time::stamp(s.copied_at))
            .unwrap_or_default()
    };
    format!(
        "diagnostics-snapshots-archive-{}-{}.json",
        fmt(a.snapshots.first()),
        fmt(a.snapshots.last())
    )
}

impl Merge for SnapshotLog {
    fn merge(self, other: Self) -> Self {
        let mut out = self;
        let (dropped, through, archive) = if other.dropped > out.dropped {
            (other.dropped, other.dropped_through, other.last_archive)
        } else {
            (out.dropped, out.dropped_through, out.last_archive.clone())
        };
        for s in other.snapshots {
            // Never bring back what either side already dropped.
            if through.is_some_and(|t| s.copied_at <= t) {
                continue;
            }
            out.add(s);
        }
        if let Some(t) = through {
            out.snapshots.retain(|s| s.copied_at > t);
        }
        out.dropped = dropped;
        out.dropped_through = through;
        out.last_archive = archive;
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::parse_rfc3339;
    use chrono::Duration;

    fn t(s: &str) -> DateTime<Utc> {
        parse_rfc3339(s).unwrap()
    }

    fn snap(at: DateTime<Utc>, body: &str) -> CopiedSnapshot {
        CopiedSnapshot::new(
            SnapshotKind::DiagnosticsJson,
            body.into(),
            at,
            "ana",
            "clipboard",
            Some("INC-1".into()),
        )
    }

    #[test]
    fn a_snapshot_carries_its_hash() {
        let s = snap(t("2026-11-29T19:42:07.123Z"), "{\"schema\": 1}");
        assert_eq!(s.sha256, sha256_hex("{\"schema\": 1}"));
        assert_eq!(s.sha256.len(), 64);
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(s.id.starts_with("SNAP-20261129-194207123-"));
        assert_eq!(s.short_sha().len(), SHORT_SHA);
        assert!(s.intact());
        assert_eq!(s.file_name(), "diagnostics-json-20261129-194207.json");
        let mut bad = s.clone();
        bad.body.push(' ');
        assert!(!bad.intact());
        let back: CopiedSnapshot =
            serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
        assert_eq!(back, s);
        assert!(serde_json::to_string(&s)
            .unwrap()
            .contains("\"kind\":\"diagnostics-json\""));
    }

    #[test]
    fn a_copy_becomes_a_snapshot_trail_entry() {
        let s = snap(t("2026-11-29T19:42:07Z"), "body");
        let mut trail = Trail::default();
        trail.append(t("2026-11-29T19:40:00Z"), "ana", "tick", "step 1");
        let seq = append_to_trail(&mut trail, &s);
        assert_eq!(seq, 2);
        let e = trail.entries.last().unwrap();
        assert_eq!(e.kind, kinds::SNAPSHOT);
        assert_eq!(e.at, s.copied_at);
        assert_eq!(e.operator, "ana");
        assert!(e
            .detail
            .starts_with("Diagnostics JSON copied to the clipboard ("));
        assert!(e.detail.contains(&s.id));
        assert!(e
            .detail
            .contains(&format!("sha256 {}", &s.sha256[..SHORT_SHA])));
        assert!(e.detail.contains("during INC-1"));
        assert!(crate::domain::incident_log::is_snapshot(e));
        assert_eq!(trail.verify(), Ok(()));
        let mut by_hand = CopiedSnapshot::new(
            SnapshotKind::IncidentSnapshot,
            "## x".into(),
            s.copied_at,
            "raj",
            "dialog",
            None,
        );
        assert!(trail_detail(&by_hand).starts_with("Incident Snapshot shown to copy by hand"));
        assert!(!trail_detail(&by_hand).contains("during"));
        by_hand.method = "clipboard".into();
        assert!(trail_detail(&by_hand).contains("copied to the clipboard"));
    }

    #[test]
    fn window_selection_includes_both_edges() {
        let start = t("2026-11-29T19:00:00Z");
        let end = t("2026-11-29T20:00:00Z");
        let all = vec![
            snap(end + Duration::milliseconds(1), "after"),
            snap(start - Duration::milliseconds(1), "before"),
            snap(start, "at start"),
            snap(t("2026-11-29T19:30:00Z"), "inside"),
            snap(end, "at end"),
        ];
        let bodies: Vec<String> = in_window(&all, start, end)
            .into_iter()
            .map(|s| s.body)
            .collect();
        assert_eq!(bodies, vec!["at start", "inside", "at end"]);
        assert!(in_window(&[], start, end).is_empty());
    }

    #[test]
    fn the_store_keeps_the_newest_and_counts_the_dropped() {
        let t0 = t("2026-11-29T19:00:00Z");
        let mut log = SnapshotLog::default();
        for i in 0..MAX_SNAPSHOTS + 3 {
            log.add(snap(t0 + Duration::seconds(i as i64), &format!("body {i}")));
        }
        // Adding the same snapshot twice keeps one.
        let again = log.snapshots[0].clone();
        log.add(again);
        assert_eq!(log.snapshots.len(), MAX_SNAPSHOTS + 3);
        assert_eq!(log.overflow(), 3);
        assert_eq!(log.dropped_note(), None);
        let a = log.archive();
        assert_eq!(a.snapshots.len(), 3);
        assert_eq!(a.snapshots[0].body, "body 0");
        assert_eq!(a.snapshots[2].body, "body 2");
        assert_eq!(
            archive_file_name(&a),
            "diagnostics-snapshots-archive-20261129-190000-20261129-190002.json"
        );
        // Nothing dropped until asked.
        assert_eq!(log.snapshots.len(), MAX_SNAPSHOTS + 3);
        let n = log.drop_archived(&a.snapshots[2].id, Some(archive_file_name(&a)));
        assert_eq!(n, 3);
        assert_eq!(log.snapshots.len(), MAX_SNAPSHOTS);
        assert_eq!(log.snapshots[0].body, "body 3");
        assert_eq!(log.overflow(), 0);
        assert_eq!(log.dropped, 3);
        assert_eq!(log.dropped_through, Some(t0 + Duration::seconds(2)));
        let note = log.dropped_note().unwrap();
        assert!(note.contains("Only the last 50"), "{note}");
        assert!(note.contains("3 older ones"), "{note}");
        assert!(note.contains("diagnostics-snapshots-archive-"), "{note}");
        // An unknown id drops nothing.
        assert_eq!(log.drop_archived("SNAP-nope", None), 0);
        assert_eq!(log.dropped, 3);
    }

    #[test]
    fn merge_is_a_union_that_respects_drops() {
        let t0 = t("2026-11-29T19:00:00Z");
        let a1 = snap(t0, "a1");
        let b1 = snap(t0 + Duration::seconds(1), "b1");
        let c1 = snap(t0 + Duration::seconds(2), "c1");
        let mut x = SnapshotLog::default();
        x.add(a1.clone());
        x.add(c1.clone());
        let mut y = SnapshotLog::default();
        y.add(a1.clone());
        y.add(b1.clone());
        let xy = x.clone().merge(y.clone());
        assert_eq!(xy, y.clone().merge(x.clone()));
        assert_eq!(xy.snapshots, vec![a1.clone(), b1.clone(), c1.clone()]);
        // A side that dropped a1 keeps it dropped after the merge.
        let mut z = xy.clone();
        z.drop_archived(&a1.id, None);
        let m = z.clone().merge(x.clone());
        assert_eq!(m.snapshots, vec![b1.clone(), c1.clone()]);
        assert_eq!(m.dropped, 1);
        assert_eq!(x.merge(z.clone()), m);
    }
}
