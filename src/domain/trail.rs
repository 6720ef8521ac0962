//! The activity trail: an append-only, tamper-evident log of every action taken in the console.
//! Plain Rust, tested natively. Stored under `ops-console/v1/activity-trail`.
//!
//! # Chain
//! Each entry carries the SHA-256 (lower-case hex) of the previous entry (`prev_hash`) and its
//! own `hash` over `prev_hash` and its canonical fields, each written as `<byte length>:<bytes>;`
//! (so no text in a field can imitate a field boundary):
//! `prev_hash, seq, at (RFC 3339, milliseconds, Z), operator, kind, detail`.
//! The first entry's `prev_hash` is [`GENESIS`], or the hash of the last archived entry.
//!
//! [`Trail::verify`] recomputes everything: a changed field (tampered), a missing entry at the
//! start, in the middle or at the end (truncated; the end is checked against `last_seq` and
//! `head`) and a break seen earlier and not yet acknowledged (`flagged`) are all reported.
//! Nothing here ever repairs a broken chain silently.
//!
//! # Bound and archive
//! The live trail holds up to [`SOFT_LIMIT`] entries. Beyond it the UI offers the oldest
//! entries as an archive export; after [`HARD_LIMIT`] the UI downloads that archive itself.
//! Entries leave the store only through [`Trail::archive`] (which returns them for the export)
//! followed by [`Trail::drop_archived`]; `archived_through`/`archived_hash` keep the chain
//! verifiable from where the archive ends.
//!
//! # Merge across tabs
//! The chain is linear, so two tabs that both appended after a common entry have forked.
//! [`Merge`] keeps the longest common prefix (entries with equal hashes), then takes the union
//! of both forks' remaining entries, keyed by `(at, operator, kind, detail)` (a key appearing
//! n times on one side and m times on the other appears max(n, m) times), sorts them by that key
//! and re-appends (re-chains) them after the prefix. Re-chaining changes the seq and hashes of
//! the forked entries only, deterministically, so both tabs converge on the same chain. If
//! either side did not verify before merging, the result is flagged (see `flagged`): a merge
//! never hides a break.

use chrono::{DateTime, SecondsFormat, SubsecRound, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::merge::Merge;

/// The kinds of entries the console records (free text is allowed; these keep names uniform).
pub mod kinds {
    pub const TICK: &str = "tick";
    pub const UNTICK: &str = "untick";
    pub const RESET: &str = "reset";
    pub const INCIDENT_MODE_ON: &str = "incident-mode-on";
    pub const INCIDENT_MODE_OFF: &str = "incident-mode-off";
    pub const APPROVAL: &str = "approval";
    pub const FREEZE_OVERRIDE: &str = "freeze-override";
    pub const EXPORT: &str = "export";
    pub const IMPORT: &str = "import";
    pub const SETTINGS: &str = "settings";
    pub const SNAPSHOT: &str = "snapshot";
    pub const DEPLOY: &str = "deploy";
    pub const INCIDENT: &str = "incident";
    pub const POSTMORTEM: &str = "postmortem";
    pub const ARCHIVE: &str = "archive";
    /// A hand-off link adopted (what it changed).
    pub const HANDOFF: &str = "handoff";
}

/// `prev_hash` of the very first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";
/// Beyond this many live entries the oldest are offered as an archive export.
pub const SOFT_LIMIT: usize = 1000;
/// Beyond this many the console exports the archive itself before dropping anything.
pub const HARD_LIMIT: usize = 1500;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrailEntry {
    pub seq: u64,
    pub at: DateTime<Utc>,
    pub operator: String,
    /// What happened, as a short kebab name: `tick`, `untick`, `incident-mode-on`, `approval`…
    pub kind: String,
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

/// Why the chain does not verify.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TrailBreak {
    /// The entry's content no longer matches its hash.
    Tampered { seq: u64 },
    /// The entry does not link to the one before it (an entry was removed or reordered).
    BrokenLink { seq: u64 },
    /// Entries are missing: `expected` was the next seq, `found` what is there (None: nothing).
    Truncated { expected: u64, found: Option<u64> },
    /// A break detected earlier (on load or while merging another tab's copy), kept until an
    /// operator acknowledges it.
    Flagged { note: String },
}

impl std::fmt::Display for TrailBreak {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TrailBreak::Tampered { seq } => {
                write!(f, "entry #{seq} was changed after it was recorded")
            }
            TrailBreak::BrokenLink { seq } => {
                write!(f, "entry #{seq} does not follow the entry before it")
            }
            TrailBreak::Truncated {
                expected,
                found: Some(found),
            } => write!(
                f,
                "entries are missing: expected #{expected}, found #{found}"
            ),
            TrailBreak::Truncated {
                expected,
                found: None,
            } => write!(f, "entries are missing from #{expected} on"),
            TrailBreak::Flagged { note } => write!(f, "a break was detected earlier: {note}"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Trail {
    /// Live entries, oldest first.
    pub entries: Vec<TrailEntry>,
    /// The last seq exported to an archive and dropped (0: none).
    pub archived_through: u64,
    /// The hash of that last archived entry ([`GENESIS`] when none).
    pub archived_hash: String,
    /// The seq of the newest entry ever appended (detects a cut-off end).
    pub last_seq: u64,
    /// The hash of the newest entry ever appended.
    pub head: String,
    /// A break seen earlier and not yet acknowledged.
    pub flagged: Option<String>,
}

impl Default for Trail {
    fn default() -> Self {
        Self {
            entries: Vec::new(),
            archived_through: 0,
            archived_hash: GENESIS.into(),
            last_seq: 0,
            head: GENESIS.into(),
            flagged: None,
        }
    }
}

/// The SHA-256 (hex) of one entry's canonical form.
pub fn entry_hash(
    prev_hash: &str,
    seq: u64,
    at: DateTime<Utc>,
    operator: &str,
    kind: &str,
    detail: &str,
) -> String {
    let mut h = Sha256::new();
    let seq = seq.to_string();
    let at = at.to_rfc3339_opts(SecondsFormat::Millis, true);
    for field in [prev_hash, &seq, &at, operator, kind, detail] {
        h.update(field.len().to_string().as_bytes());
        h.update(b":");
        h.update(field.as_bytes());
        h.update(b";");
    }
    // Hex by table: a `format!` per byte made verifying a long trail several times slower.
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(64);
    for b in h.finalize() {
        out.push(HEX[usize::from(b >> 4)] as char);
        out.push(HEX[usize::from(b & 0xf)] as char);
    }
    out
}

impl TrailEntry {
    fn computed_hash(&self) -> String {
        entry_hash(
            &self.prev_hash,
            self.seq,
            self.at,
            &self.operator,
            &self.kind,
            &self.detail,
        )
    }

    fn key(&self) -> (DateTime<Utc>, String, String, String) {
        (
            self.at,
            self.operator.clone(),
            self.kind.clone(),
            self.detail.clone(),
        )
    }
}

impl Trail {
    /// Appends an entry chained to the newest one. Times are kept to the millisecond (the
    /// precision that is hashed). Returns the new entry's seq.
    pub fn append(
        &mut self,
        at: DateTime<Utc>,
        operator: &str,
        kind: &str,
        detail: impl Into<String>,
    ) -> u64 {
        let at = at.trunc_subsecs(3);
        let (prev_hash, seq) = match self.entries.last() {
            Some(last) => (last.hash.clone(), last.seq + 1),
            None => (self.archived_hash.clone(), self.archived_through + 1),
        };
        let detail = detail.into();
        let hash = entry_hash(&prev_hash, seq, at, operator, kind, &detail);
        self.last_seq = seq;
        self.head = hash.clone();
        self.entries.push(TrailEntry {
            seq,
            at,
            operator: operator.to_string(),
            kind: kind.to_string(),
            detail,
            prev_hash,
            hash,
        });
        seq
    }

    /// Checks the whole chain: hashes, links, no gaps, nothing cut off at either end.
    pub fn verify(&self) -> Result<(), TrailBreak> {
        self.verify_chain()?;
        if let Some(note) = &self.flagged {
            return Err(TrailBreak::Flagged { note: note.clone() });
        }
        Ok(())
    }

    /// [`Trail::verify`] without the earlier flag: the chain as it is now.
    pub fn verify_chain(&self) -> Result<(), TrailBreak> {
        let mut expected_seq = self.archived_through + 1;
        let mut prev = self.archived_hash.as_str();
        for e in &self.entries {
            if e.seq != expected_seq {
                return Err(TrailBreak::Truncated {
                    expected: expected_seq,
                    found: Some(e.seq),
                });
            }
            if e.computed_hash() != e.hash {
                return Err(TrailBreak::Tampered { seq: e.seq });
            }
            if e.prev_hash != prev {
                return Err(TrailBreak::BrokenLink { seq: e.seq });
            }
            prev = &e.hash;
            expected_seq += 1;
        }
        let newest = expected_seq - 1;
        if newest < self.last_seq {
            return Err(TrailBreak::Truncated {
                expected: newest + 1,
                found: None,
            });
        }
        if newest > self.last_seq || prev != self.head {
            return Err(TrailBreak::Tampered { seq: newest });
        }
        Ok(())
    }

    /// Clears an earlier flag (an operator acknowledged it on the Admin Panel). The chain
    /// itself is not changed: if it is still broken, `verify` still says so.
    pub fn acknowledge_flag(&mut self) {
        self.flagged = None;
    }

    /// How many of the oldest entries should go to an archive (0 when within the soft limit).
    pub fn overflow(&self) -> usize {
        self.entries.len().saturating_sub(SOFT_LIMIT)
    }

    /// Whether the live trail has passed the hard limit (the UI must export now).
    pub fn must_archive(&self) -> bool {
        self.entries.len() > HARD_LIMIT
    }

    /// The oldest entries beyond the soft limit, for an archive export. Nothing is dropped
    /// until [`Trail::drop_archived`] is called with the last exported seq.
    pub fn archive(&self) -> TrailArchive {
        let n = self.overflow();
        TrailArchive {
            from_prev_hash: self.archived_hash.clone(),
            entries: self.entries[..n].to_vec(),
        }
    }

    /// Drops the entries up to `through_seq` (inclusive) after they were exported.
    pub fn drop_archived(&mut self, through_seq: u64) {
        let Some(pos) = self.entries.iter().position(|e| e.seq == through_seq) else {
            return;
        };
        let hash = self.entries[pos].hash.clone();
        self.entries.drain(..=pos);
        self.archived_through = through_seq;
        self.archived_hash = hash;
    }

    /// Entries within `[from, to]`, oldest first.
    pub fn between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<TrailEntry> {
        self.entries
            .iter()
            .filter(|e| e.at >= from && e.at <= to)
            .cloned()
            .collect()
    }
}

/// An export of archived entries: verifiable on its own from `from_prev_hash`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrailArchive {
    pub from_prev_hash: String,
    pub entries: Vec<TrailEntry>,
}

impl TrailArchive {
    pub fn last_seq(&self) -> Option<u64> {
        self.entries.last().map(|e| e.seq)
    }
}

impl Merge for Trail {
    fn merge(self, other: Self) -> Self {
        let mut flagged = self.flagged.clone().or_else(|| other.flagged.clone());
        for (side, t) in [("this tab", &self), ("another tab", &other)] {
            if let Err(b) = t.verify_chain() {
                flagged.get_or_insert_with(|| format!("{b} (in {side}'s copy)"));
            }
        }
        // The side that archived further defines where the chain starts.
        let (base, rest) = if other.archived_through > self.archived_through {
            (other, self)
        } else {
            (self, other)
        };
        let start = base.archived_through;
        let a: Vec<TrailEntry> = base.entries;
        let b: Vec<TrailEntry> = rest.entries.into_iter().filter(|e| e.seq > start).collect();
        let common = a
            .iter()
            .zip(b.iter())
            .take_while(|(x, y)| x.hash == y.hash)
            .count();
        let mut out = Trail {
            entries: Vec::new(),
            archived_through: base.archived_through,
            archived_hash: base.archived_hash,
            last_seq: base.last_seq,
            head: base.head,
            flagged,
        };
        if common == b.len() {
            // The other side is a prefix of this one (the usual case): keep this one whole.
            out.entries = a;
            return out;
        }
        if common == a.len() {
            // This side is a prefix of the other: take the other's entries.
            out.entries = b;
            if let Some(last) = out.entries.last() {
                out.last_seq = last.seq;
                out.head = last.hash.clone();
            }
            return out;
        }
        // Forked: union the two tails, sorted by key, re-chained after the common prefix.
        let mut all: Vec<TrailEntry> = a[common..].to_vec();
        all.extend(b[common..].iter().cloned());
        let mut tail = dedupe_max(all, &a[common..], &b[common..]);
        tail.sort_by_key(|e| e.key());
        out.entries = a[..common].to_vec();
        match out.entries.last() {
            Some(last) => {
                out.last_seq = last.seq;
                out.head = last.hash.clone();
            }
            None => {
                out.last_seq = out.archived_through;
                out.head = out.archived_hash.clone();
            }
        }
        for e in tail {
            out.append(e.at, &e.operator, &e.kind, e.detail);
        }
        out
    }
}

/// Keeps each key max(n_a, n_b) times, where n_a and n_b count it in each tail.
fn dedupe_max(all: Vec<TrailEntry>, a: &[TrailEntry], b: &[TrailEntry]) -> Vec<TrailEntry> {
    let mut kept: Vec<TrailEntry> = Vec::new();
    for e in all {
        let k = e.key();
        let want = a
            .iter()
            .filter(|x| x.key() == k)
            .count()
            .max(b.iter().filter(|x| x.key() == k).count());
        if kept.iter().filter(|x| x.key() == k).count() < want {
            kept.push(e);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::parse_rfc3339;
    use chrono::Duration;

    fn t0() -> DateTime<Utc> {
        parse_rfc3339("2026-11-29T19:00:00Z").unwrap()
    }

    fn trail(n: usize) -> Trail {
        let mut t = Trail::default();
        for i in 0..n {
            t.append(
                t0() + Duration::seconds(i as i64),
                "ana",
                "tick",
                format!("step {i} \"q\" | <b>\n"),
            );
        }
        t
    }

    #[test]
    fn a_good_chain_verifies() {
        assert_eq!(Trail::default().verify(), Ok(()));
        let t = trail(5);
        assert_eq!(t.verify(), Ok(()));
        assert_eq!(t.entries[0].prev_hash, GENESIS);
        assert_eq!(t.entries[1].prev_hash, t.entries[0].hash);
        assert_eq!(t.entries[0].hash.len(), 64);
        assert_eq!(t.last_seq, 5);
        // Survives a JSON round trip (what storage does).
        let back: Trail = serde_json::from_str(&serde_json::to_string(&t).unwrap()).unwrap();
        assert_eq!(back.verify(), Ok(()));
        // Sub-millisecond precision is dropped before hashing.
        let mut t = Trail::default();
        t.append(t0() + Duration::nanoseconds(1_234_567), "a", "k", "d");
        let back: Trail = serde_json::from_str(&serde_json::to_string(&t).unwrap()).unwrap();
        assert_eq!(back.verify(), Ok(()));
    }

    #[test]
    fn field_boundaries_cannot_be_faked() {
        let a = entry_hash(GENESIS, 1, t0(), "ab", "c", "d");
        let b = entry_hash(GENESIS, 1, t0(), "a", "bc", "d");
        assert_ne!(a, b);
    }

    #[test]
    fn tampering_is_detected() {
        let mut t = trail(5);
        t.entries[2].detail = "something else".into();
        assert_eq!(t.verify(), Err(TrailBreak::Tampered { seq: 3 }));

        let mut t = trail(5);
        t.entries[1].operator = "mallory".into();
        assert_eq!(t.verify(), Err(TrailBreak::Tampered { seq: 2 }));

        // Rewriting an entry with a fresh hash breaks the next link.
        let mut t = trail(5);
        let e = &mut t.entries[2];
        e.detail = "rewritten".into();
        e.hash = e.computed_hash();
        assert_eq!(t.verify(), Err(TrailBreak::BrokenLink { seq: 4 }));

        // Swapping two entries.
        let mut t = trail(5);
        t.entries.swap(1, 2);
        assert!(matches!(t.verify(), Err(TrailBreak::Truncated { .. })));
    }

    #[test]
    fn truncation_is_detected() {
        let mut t = trail(5);
        t.entries.remove(0);
        assert_eq!(
            t.verify(),
            Err(TrailBreak::Truncated {
                expected: 1,
                found: Some(2)
            })
        );
        let mut t = trail(5);
        t.entries.remove(2);
        assert_eq!(
            t.verify(),
            Err(TrailBreak::Truncated {
                expected: 3,
                found: Some(4)
            })
        );
        let mut t = trail(5);
        t.entries.pop();
        assert_eq!(
            t.verify(),
            Err(TrailBreak::Truncated {
                expected: 5,
                found: None
            })
        );
        let mut t = trail(5);
        t.entries.clear();
        assert!(t.verify().is_err());
        assert!(TrailBreak::Truncated {
            expected: 5,
            found: None
        }
        .to_string()
        .contains("missing"));
    }

    #[test]
    fn archive_then_drop_keeps_the_chain_verifiable() {
        let mut t = trail(SOFT_LIMIT + 10);
        assert_eq!(t.overflow(), 10);
        assert!(!t.must_archive());
        let arch = t.archive();
        assert_eq!(arch.entries.len(), 10);
        assert_eq!(arch.from_prev_hash, GENESIS);
        // Nothing dropped yet.
        assert_eq!(t.entries.len(), SOFT_LIMIT + 10);
        t.drop_archived(arch.last_seq().unwrap());
        assert_eq!(t.entries.len(), SOFT_LIMIT);
        assert_eq!(t.archived_through, 10);
        assert_eq!(t.verify(), Ok(()));
        t.append(t0(), "ana", "export", "archive");
        assert_eq!(t.verify(), Ok(()));
        // Dropping without the archive marker shows as truncation.
        t.entries.remove(0);
        assert!(matches!(t.verify(), Err(TrailBreak::Truncated { .. })));
        assert!(trail(HARD_LIMIT + 1).must_archive());
        // An unknown seq drops nothing.
        let mut t = trail(3);
        t.drop_archived(99);
        assert_eq!(t.entries.len(), 3);
    }

    #[test]
    fn merge_of_a_prefix_keeps_the_longer() {
        let long = trail(5);
        let mut short = long.clone();
        short.entries.truncate(3);
        short.last_seq = 3;
        short.head = short.entries[2].hash.clone();
        assert_eq!(short.clone().merge(long.clone()), long);
        assert_eq!(long.clone().merge(short), long);
        assert_eq!(long.clone().merge(long.clone()), long);
    }

    #[test]
    fn forked_tabs_both_survive_and_converge() {
        let base = trail(3);
        let mut a = base.clone();
        a.append(t0() + Duration::seconds(10), "ana", "tick", "a1");
        a.append(t0() + Duration::seconds(30), "ana", "tick", "a2");
        let mut b = base.clone();
        b.append(t0() + Duration::seconds(20), "raj", "approval", "b1");
        let ab = a.clone().merge(b.clone());
        let ba = b.clone().merge(a.clone());
        assert_eq!(ab, ba);
        assert_eq!(ab.verify(), Ok(()));
        let details: Vec<_> = ab.entries.iter().map(|e| &e.detail[..]).collect();
        assert_eq!(&details[3..], &["a1", "b1", "a2"]);
        assert_eq!(ab.entries.len(), 6);
        assert_eq!(ab.last_seq, 6);
        // Merging again (the other tab receiving the result) changes nothing.
        assert_eq!(ab.clone().merge(a.clone()), ab);
        assert_eq!(b.merge(ab.clone()), ab);
    }

    #[test]
    fn merge_flags_a_broken_copy() {
        let good = trail(3);
        let mut bad = good.clone();
        bad.entries[1].detail = "edited".into();
        let m = good.merge(bad);
        assert!(m.flagged.is_some());
        assert!(matches!(m.verify(), Err(TrailBreak::Flagged { .. })));
        let mut m = m;
        m.acknowledge_flag();
        assert_eq!(m.verify(), Ok(()));
    }

    #[test]
    fn merge_after_archive_on_one_side() {
        let mut a = trail(SOFT_LIMIT + 5);
        let b = a.clone();
        let arch = a.archive();
        a.drop_archived(arch.last_seq().unwrap());
        let m = b.clone().merge(a.clone());
        assert_eq!(m.archived_through, 5);
        assert_eq!(m.verify(), Ok(()));
        assert_eq!(m.entries.len(), SOFT_LIMIT);
        let m2 = a.merge(b);
        assert_eq!(m2, m);
    }
}
