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
    let hex = hex_digest(&entry_digest(prev_hash, seq, at, operator, kind, detail));
    // Only ASCII hex digits.
    hex.iter().map(|&b| b as char).collect()
}

/// The SHA-256 of one entry's canonical form (see the module docs), written without a heap
/// allocation per field: verifying a long trail is mostly this.
fn entry_digest(
    prev_hash: &str,
    seq: u64,
    at: DateTime<Utc>,
    operator: &str,
    kind: &str,
    detail: &str,
) -> [u8; 32] {
    let mut seq_buf = [0u8; 20];
    let seq = fmt_u64(seq, &mut seq_buf);
    let mut at_buf = [0u8; 24];
    let at_text;
    let at = match fmt_rfc3339_millis(at, &mut at_buf) {
        Some(s) => s,
        None => {
            at_text = at.to_rfc3339_opts(SecondsFormat::Millis, true);
            at_text.as_bytes()
        }
    };
    let mut h = Sha256::new();
    for field in [
        prev_hash.as_bytes(),
        seq,
        at,
        operator.as_bytes(),
        kind.as_bytes(),
        detail.as_bytes(),
    ] {
        let mut len_buf = [0u8; 20];
        h.update(fmt_u64(field.len() as u64, &mut len_buf));
        h.update(b":");
        h.update(field);
        h.update(b";");
    }
    h.finalize().into()
}

/// Lower-case hex of a digest (by table: a `format!` per byte made verifying a long trail
/// several times slower).
fn hex_digest(d: &[u8; 32]) -> [u8; 64] {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = [0u8; 64];
    for (i, b) in d.iter().enumerate() {
        out[2 * i] = HEX[usize::from(b >> 4)];
        out[2 * i + 1] = HEX[usize::from(b & 0xf)];
    }
    out
}

/// `n` in decimal, written at the end of `buf`.
fn fmt_u64(mut n: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    &buf[i..]
}

/// `at` as chrono's `to_rfc3339_opts(SecondsFormat::Millis, true)` writes it
/// (`2025-06-01T00:01:00.000Z`), for years 0–9999 outside a leap second; `None` otherwise (the
/// caller asks chrono).
fn fmt_rfc3339_millis(at: DateTime<Utc>, buf: &mut [u8; 24]) -> Option<&[u8]> {
    use chrono::{Datelike, Timelike};
    let year = at.year();
    let nanos = at.nanosecond();
    if !(0..=9999).contains(&year) || nanos >= 1_000_000_000 {
        return None;
    }
    let mut put = |pos: usize, width: usize, mut v: u32| {
        for i in (pos..pos + width).rev() {
            buf[i] = b'0' + (v % 10) as u8;
            v /= 10;
        }
    };
    put(0, 4, year as u32);
    put(5, 2, at.month());
    put(8, 2, at.day());
    put(11, 2, at.hour());
    put(14, 2, at.minute());
    put(17, 2, at.second());
    put(20, 3, nanos / 1_000_000);
    for (i, c) in [
        (4, b'-'),
        (7, b'-'),
        (10, b'T'),
        (13, b':'),
        (16, b':'),
        (19, b'.'),
        (23, b'Z'),
    ] {
        buf[i] = c;
    }
    Some(&buf[..])
}

impl TrailEntry {
    /// Whether `hash` is the hash of this entry's content (no string built for it).
    fn hash_matches(&self) -> bool {
        let d = entry_digest(
            &self.prev_hash,
            self.seq,
            self.at,
            &self.operator,
            &self.kind,
            &self.detail,
        );
        hex_digest(&d)[..] == *self.hash.as_bytes()
    }

    #[cfg(test)]
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
        self.flag()
    }

    /// [`Trail::verify`] without the earlier flag: the chain as it is now.
    pub fn verify_chain(&self) -> Result<(), TrailBreak> {
        self.verify_chain_from(0).0
    }

    /// The earlier flag, as [`Trail::verify`] reports it after a chain that verifies.
    fn flag(&self) -> Result<(), TrailBreak> {
        match &self.flagged {
            Some(note) => Err(TrailBreak::Flagged { note: note.clone() }),
            None => Ok(()),
        }
    }

    /// [`Trail::verify_chain`] with the first `from` entries taken as verified (the caller knows
    /// they verified from this trail's start). Also returns how many entries from the start are
    /// known good: all of them, or those before the first break.
    fn verify_chain_from(&self, from: usize) -> (Result<(), TrailBreak>, usize) {
        let (mut expected_seq, mut prev) = match from.checked_sub(1).map(|i| &self.entries[i]) {
            Some(e) => (e.seq + 1, e.hash.as_str()),
            None => (self.archived_through + 1, self.archived_hash.as_str()),
        };
        for (i, e) in self.entries.iter().enumerate().skip(from) {
            if e.seq != expected_seq {
                let b = TrailBreak::Truncated {
                    expected: expected_seq,
                    found: Some(e.seq),
                };
                return (Err(b), i);
            }
            if !e.hash_matches() {
                return (Err(TrailBreak::Tampered { seq: e.seq }), i);
            }
            if e.prev_hash != prev {
                return (Err(TrailBreak::BrokenLink { seq: e.seq }), i);
            }
            prev = &e.hash;
            expected_seq += 1;
        }
        let good = self.entries.len();
        (self.check_end(expected_seq - 1, prev), good)
    }

    /// The end of the chain: `newest` (the last seq seen) and `prev` (its hash) against the
    /// newest entry ever appended.
    fn check_end(&self, newest: u64, prev: &str) -> Result<(), TrailBreak> {
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

/// [`Trail::verify`] that remembers what it verified, so that checking a trail again after
/// entries were appended hashes only the new entries (the UI checks on every change, and a
/// trail imported from a backup may hold 10,000 entries).
///
/// It keeps the start it verified from (`archived_through`, `archived_hash`) and a copy of the
/// entries that verified from it. A trail whose start is the same and whose first entries are
/// equal to that copy, field by field, needs only its further entries and its end checked;
/// anything else (an entry changed anywhere, entries removed or archived, another trail)
/// is verified from the start again. Equal content hashes equally, so the answer is always
/// the one [`Trail::verify`] gives.
#[derive(Clone, Debug, Default)]
pub struct ChainCheck {
    /// `archived_through` and `archived_hash` of the trail `verified` comes from.
    start: Option<(u64, String)>,
    /// The first entries of that trail, all of which verified.
    verified: Vec<TrailEntry>,
}

impl ChainCheck {
    /// The same answer as [`Trail::verify`].
    pub fn verify(&mut self, t: &Trail) -> Result<(), TrailBreak> {
        self.verify_chain(t)?;
        t.flag()
    }

    /// The same answer as [`Trail::verify_chain`].
    pub fn verify_chain(&mut self, t: &Trail) -> Result<(), TrailBreak> {
        let n = self.verified.len();
        let same_start = self.start.as_ref().is_some_and(|(through, hash)| {
            *through == t.archived_through && *hash == t.archived_hash
        });
        let prefix_unchanged = t.entries.get(..n) == Some(&self.verified[..]);
        if !(same_start && prefix_unchanged) {
            self.start = Some((t.archived_through, t.archived_hash.clone()));
            self.verified.clear();
        }
        let from = self.verified.len();
        let (result, good) = t.verify_chain_from(from);
        self.verified.extend_from_slice(&t.entries[from..good]);
        result
    }

    /// How many entries are remembered as verified.
    pub fn verified_len(&self) -> usize {
        self.verified.len()
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
        crate::domain::sort::sort_by_key(&mut tail, |e| e.key());
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

    /// The hash as first written (a `String` per field, chrono's RFC 3339): the faster
    /// [`entry_hash`] must give the same bytes.
    fn reference_hash(
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
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn the_hash_is_the_canonical_form() {
        let times = [
            t0(),
            t0() + Duration::nanoseconds(1_234_567),
            t0() + Duration::nanoseconds(999_999_999),
            parse_rfc3339("0000-01-01T00:00:00Z").unwrap(),
            parse_rfc3339("9999-12-31T23:59:59.999Z").unwrap(),
            parse_rfc3339("1970-01-01T00:00:00Z").unwrap(),
            // Outside what the fast path writes: chrono writes these itself.
            parse_rfc3339("2016-12-31T23:59:60.500Z").unwrap(),
            DateTime::<Utc>::MAX_UTC,
            DateTime::<Utc>::MIN_UTC,
        ];
        for at in times {
            for (seq, op, detail) in [
                (0, "", ""),
                (1, "ana", "step 1"),
                (u64::MAX, "ä ö", "x\ny;12:z"),
            ] {
                assert_eq!(
                    entry_hash(GENESIS, seq, at, op, "tick", detail),
                    reference_hash(GENESIS, seq, at, op, "tick", detail),
                    "{at:?} {seq}"
                );
            }
        }
        // Every millisecond-ish step across years, months and days.
        let mut at = parse_rfc3339("1999-12-30T22:58:58.997Z").unwrap();
        for i in 0..5000 {
            assert_eq!(
                entry_hash("p", i, at, "o", "k", "d"),
                reference_hash("p", i, at, "o", "k", "d")
            );
            at += Duration::milliseconds(86_400_000 / 7 + 3_601_001);
        }
    }

    #[test]
    fn a_chain_check_gives_the_answers_of_verify() {
        let mut c = ChainCheck::default();
        let mut cases = vec![Trail::default(), trail(1), trail(5)];
        let mut t = trail(5);
        t.entries[2].detail = "something else".into();
        cases.push(t);
        let mut t = trail(5);
        t.entries.remove(2);
        cases.push(t);
        let mut t = trail(5);
        t.entries.pop();
        cases.push(t);
        let mut t = trail(5);
        t.flagged = Some("earlier".into());
        cases.push(t);
        let mut t = trail(5);
        t.head = "f".repeat(64);
        cases.push(t);
        // Each case after each other case (what the cache holds differs each time).
        for a in &cases {
            for b in &cases {
                assert_eq!(c.verify(a), a.verify());
                assert_eq!(c.verify(b), b.verify());
                assert_eq!(c.verify_chain(b), b.verify_chain());
            }
        }
    }

    #[test]
    fn appending_checks_only_the_new_entries() {
        let mut c = ChainCheck::default();
        let mut t = trail(100);
        assert_eq!(c.verify(&t), Ok(()));
        assert_eq!(c.verified_len(), 100);
        t.append(t0(), "bo", "export", "one more");
        assert_eq!(c.verify(&t), Ok(()));
        assert_eq!(c.verified_len(), 101);
        // An append that the end does not agree with (head rewritten) is still caught.
        let mut u = t.clone();
        u.append(t0(), "bo", "export", "two more");
        u.head = t.head.clone();
        assert_eq!(c.verify(&u), Err(TrailBreak::Tampered { seq: 102 }));
        // A flag is reported whatever the cache holds.
        t.flagged = Some("merged a broken copy".into());
        assert!(matches!(c.verify(&t), Err(TrailBreak::Flagged { .. })));
        assert_eq!(c.verify_chain(&t), Ok(()));
        t.acknowledge_flag();
        assert_eq!(c.verify(&t), Ok(()));
    }

    #[test]
    fn a_chain_check_still_sees_tampering_after_a_good_check() {
        let mut c = ChainCheck::default();
        let good = trail(50);
        assert_eq!(c.verify(&good), Ok(()));

        // A field changed in the middle, in place.
        let mut t = good.clone();
        t.entries[20].detail = "edited afterwards".into();
        assert_eq!(c.verify(&t), Err(TrailBreak::Tampered { seq: 21 }));
        // ...and still after the next append.
        t.append(t0(), "ana", "tick", "after the edit");
        assert_eq!(c.verify(&t), Err(TrailBreak::Tampered { seq: 21 }));

        // Rewritten with a fresh hash of its own: the next link breaks.
        assert_eq!(c.verify(&good), Ok(()));
        let mut t = good.clone();
        t.entries[20].operator = "mallory".into();
        t.entries[20].hash = t.entries[20].computed_hash();
        assert_eq!(c.verify(&t), Err(TrailBreak::BrokenLink { seq: 22 }));

        // A changed time, seq or hash in the verified part.
        for edit in [
            (|e: &mut TrailEntry| e.at += Duration::milliseconds(1)) as fn(&mut TrailEntry),
            |e| e.seq += 100,
            |e| e.hash = "0".repeat(64),
            |e| e.prev_hash = GENESIS.into(),
        ] {
            assert_eq!(c.verify(&good), Ok(()));
            let mut t = good.clone();
            edit(&mut t.entries[30]);
            assert!(c.verify(&t).is_err());
            assert_eq!(c.verify(&t), t.verify());
        }

        // Two entries swapped, one removed from the middle.
        assert_eq!(c.verify(&good), Ok(()));
        let mut t = good.clone();
        t.entries.swap(10, 11);
        assert!(matches!(c.verify(&t), Err(TrailBreak::Truncated { .. })));
        assert_eq!(c.verify(&good), Ok(()));
        let mut t = good.clone();
        t.entries.remove(25);
        assert_eq!(
            c.verify(&t),
            Err(TrailBreak::Truncated {
                expected: 26,
                found: Some(27)
            })
        );
    }

    #[test]
    fn a_replaced_or_shorter_trail_is_checked_from_the_start() {
        let mut c = ChainCheck::default();
        let good = trail(50);
        assert_eq!(c.verify(&good), Ok(()));

        // Shorter: the end cut off.
        let mut t = good.clone();
        t.entries.truncate(40);
        assert_eq!(
            c.verify(&t),
            Err(TrailBreak::Truncated {
                expected: 41,
                found: None
            })
        );
        assert_eq!(c.verified_len(), 40);

        // Another trail entirely (a backup imported): verified from its start.
        let mut other = Trail::default();
        for i in 0..60 {
            other.append(t0() + Duration::seconds(i), "raj", "approval", "x");
        }
        assert_eq!(c.verify(&good), Ok(()));
        assert_eq!(c.verify(&other), Ok(()));
        assert_eq!(c.verified_len(), 60);
        // The same one with its first entry tampered.
        other.entries[0].kind = "tick".into();
        assert_eq!(c.verify(&other), Err(TrailBreak::Tampered { seq: 1 }));
        assert_eq!(c.verified_len(), 0);

        // Archived: a new start, verified again.
        let mut t = trail(SOFT_LIMIT + 10);
        assert_eq!(c.verify(&t), Ok(()));
        let arch = t.archive();
        t.drop_archived(arch.last_seq().unwrap());
        assert_eq!(c.verify(&t), Ok(()));
        assert_eq!(c.verified_len(), SOFT_LIMIT);
        // Entries dropped without the archive marker.
        t.entries.remove(0);
        assert!(matches!(c.verify(&t), Err(TrailBreak::Truncated { .. })));
        // The same entries, but a different archive start.
        let mut t = trail(5);
        assert_eq!(c.verify(&t), Ok(()));
        t.archived_hash = "a".repeat(64);
        assert_eq!(c.verify(&t), Err(TrailBreak::BrokenLink { seq: 1 }));
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
