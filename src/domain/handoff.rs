//! Hand-off links: the incident state of this console in a URL fragment, for the next operator.
//!
//! `https://host/base/checklist#handoff=v1.<payload>` where the payload is base64url (no
//! padding) of a small JSON object ([`Handoff`]): when the link was made and by whom, the page,
//! the Incident Mode start, the open incident's id and severity, and the ticked items of each
//! checklist's current run. Only the fragment carries it, so nothing reaches a server. The
//! `handoff=` prefix keeps it apart from section anchors (`/#alias-drift`): any other fragment
//! is not a hand-off ([`decode`] returns `None`). A link that is cut off, changed, of another
//! version or naming things this console does not have is refused with the reason.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::checklist::{Checklists, ListId};
use super::incident_log::{Incident, IncidentLog, IncidentStatus, Severity};
use super::incident_mode::IncidentMode;
use super::mission::session_incident;
use super::time::fmt_utc;

/// What a hand-off fragment starts with (after `#`).
pub const FRAGMENT_PREFIX: &str = "handoff=";
/// The payload version this console writes and reads.
pub const VERSION: u32 = 1;
/// The longest fragment read; real links are a few hundred characters.
pub const MAX_FRAGMENT_LEN: usize = 4096;
const MAX_ID: usize = 64;
const MAX_BY: usize = 100;
const MAX_PAGE: usize = 100;
/// How far Incident Mode may start after the link was made (clocks of two machines).
const SKEW_SECS: i64 = 300;

/// The open incident a link names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HandoffIncident {
    pub id: String,
    #[serde(rename = "sev")]
    pub severity: Severity,
}

/// The state a hand-off link carries (version 1). Short field names keep links short.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Handoff {
    /// When the link was made (UTC).
    #[serde(rename = "at")]
    pub made_at: DateTime<Utc>,
    /// The operator who made it (from settings; empty when not set).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub by: String,
    /// The page it was made on, as an app path (`/checklist`), without the base path.
    pub page: String,
    /// The start of the Incident Mode session; `None` when Incident Mode is off.
    #[serde(rename = "im", default, skip_serializing_if = "Option::is_none")]
    pub incident_mode_since: Option<DateTime<Utc>>,
    /// The open (not resolved) incident, if any.
    #[serde(rename = "inc", default, skip_serializing_if = "Option::is_none")]
    pub incident: Option<HandoffIncident>,
    /// Each checklist's ticked items in its current run, by item number (1-based), ascending.
    /// A list that is not named has nothing ticked.
    #[serde(rename = "cl", default)]
    pub checklist: BTreeMap<ListId, Vec<u8>>,
}

/// Why a hand-off link was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub reason: String,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "This hand-off link was refused: {}", self.reason)
    }
}

fn refuse<T>(reason: impl Into<String>) -> Result<T, Refusal> {
    Err(Refusal {
        reason: reason.into(),
    })
}

/// A short, quoted form of text taken from a link, for a refusal reason.
fn shown(s: &str) -> String {
    let cut: String = s.chars().take(40).collect();
    if cut.len() < s.len() {
        format!("{cut:?}…")
    } else {
        format!("{cut:?}")
    }
}

/// The fragment (without `#`) that carries `h`: `handoff=v1.<base64url JSON>`.
pub fn encode(h: &Handoff) -> String {
    // Serialising this plain struct cannot fail; an empty payload would be refused on reading.
    let json = serde_json::to_string(h).unwrap_or_default();
    format!(
        "{FRAGMENT_PREFIX}v{VERSION}.{}",
        base64url::encode(json.as_bytes())
    )
}

/// Reads a URL fragment (with or without its `#`). `None` when it is not a hand-off (empty, or
/// a section anchor such as `alias-drift`); otherwise the hand-off, or why it was refused.
/// `pages` are the app paths this console has. Never panics, whatever the input.
pub fn decode(fragment: &str, pages: &[&str]) -> Option<Result<Handoff, Refusal>> {
    let f = fragment.strip_prefix('#').unwrap_or(fragment);
    // Some tools percent-encode a pasted link's `=` (`handoff%3Dv1.…`).
    let decoded;
    let f = if f.contains('%') {
        decoded = percent_decode(f);
        decoded.as_deref().unwrap_or(f)
    } else {
        f
    };
    let rest = f.strip_prefix(FRAGMENT_PREFIX)?;
    Some(decode_payload(f.len(), rest, pages))
}

fn decode_payload(len: usize, rest: &str, pages: &[&str]) -> Result<Handoff, Refusal> {
    if len > MAX_FRAGMENT_LEN {
        return refuse(format!(
            "it is too long ({len} characters; a hand-off link holds at most {MAX_FRAGMENT_LEN}). It may have been pasted twice or changed."
        ));
    }
    let Some((version, payload)) = rest.split_once('.') else {
        return refuse(format!(
            "it has no version (expected {FRAGMENT_PREFIX}v{VERSION}.…). It may have been cut off."
        ));
    };
    match version.strip_prefix('v').map(str::parse::<u32>) {
        Some(Ok(v)) if v == VERSION => {}
        Some(Ok(v)) if v > VERSION => {
            return refuse(format!(
                "it was made by a newer console (hand-off version v{v}; this one reads v{VERSION})."
            ))
        }
        _ => {
            return refuse(format!(
                "its version {} is not one this console reads (v{VERSION}).",
                shown(version)
            ))
        }
    }
    if payload.is_empty() {
        return refuse("it has nothing after the version: it was cut off.");
    }
    let bytes = base64url::decode(payload).map_err(|e| Refusal {
        reason: format!("{e}: the link was changed or cut off."),
    })?;
    let text = String::from_utf8(bytes).map_err(|_| Refusal {
        reason: "its content is not text: the link was changed or cut off.".into(),
    })?;
    let mut h: Handoff = serde_json::from_str(&text).map_err(|e| {
        let mut m = e.to_string();
        if m.len() > 160 {
            let mut cut = 160;
            while !m.is_char_boundary(cut) {
                cut -= 1;
            }
            m.truncate(cut);
        }
        Refusal {
            reason: format!("its content cannot be read ({m}): the link was changed or cut off."),
        }
    })?;
    h.validate(pages)?;
    for items in h.checklist.values_mut() {
        crate::domain::sort::sort(items);
    }
    Ok(h)
}

impl Handoff {
    /// Checks what JSON alone cannot: the page exists, ids and names are plain and short, item
    /// numbers exist and appear once, Incident Mode does not start after the link was made.
    pub fn validate(&self, pages: &[&str]) -> Result<(), Refusal> {
        if self.page.len() > MAX_PAGE || !pages.contains(&self.page.as_str()) {
            return refuse(format!(
                "it names a page this console does not have ({}).",
                shown(&self.page)
            ));
        }
        if self.by.chars().count() > MAX_BY || self.by.chars().any(char::is_control) {
            return refuse(format!(
                "the operator name {} is too long or holds control characters.",
                shown(&self.by)
            ));
        }
        if let Some(i) = &self.incident {
            let plain =
                i.id.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
            if i.id.is_empty() || i.id.len() > MAX_ID || !plain {
                return refuse(format!(
                    "the incident id {} is not an incident id (letters, digits, - _ . only; at most {MAX_ID}).",
                    shown(&i.id)
                ));
            }
        }
        if let Some(start) = self.incident_mode_since {
            if start > self.made_at + Duration::seconds(SKEW_SECS) {
                return refuse(format!(
                    "its Incident Mode starts ({}) after the link was made ({}).",
                    fmt_utc(start),
                    fmt_utc(self.made_at)
                ));
            }
        }
        for (list, items) in &self.checklist {
            let total = list.def().total();
            let mut seen = BTreeSet::new();
            for &n in items {
                if n == 0 || usize::from(n) > total {
                    return refuse(format!(
                        "the {} checklist has no item {n} (it has {total}).",
                        list.def().short
                    ));
                }
                if !seen.insert(n) {
                    return refuse(format!(
                        "item {n} of the {} checklist is listed twice.",
                        list.def().short
                    ));
                }
            }
        }
        Ok(())
    }

    /// The ticked item numbers of `list`.
    pub fn ticked(&self, list: ListId) -> &[u8] {
        self.checklist.get(&list).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// The incident a hand-off names as open: the Incident Mode session's entry while it is on and
/// not resolved, else the latest-started incident that is not resolved.
pub fn open_incident<'a>(mode: &IncidentMode, log: &'a IncidentLog) -> Option<&'a Incident> {
    let unresolved = |i: &&Incident| i.status != IncidentStatus::Resolved;
    if mode.active {
        if let Some(i) = log
            .for_session(mode.incident_id.as_deref(), mode.started_at)
            .filter(unresolved)
        {
            return Some(i);
        }
    }
    log.incidents
        .iter()
        .filter(unresolved)
        .max_by(|a, b| a.started_at.cmp(&b.started_at).then(a.id.cmp(&b.id)))
}

/// The state of this console as a hand-off, made on `page` by `by` at `now`.
pub fn snapshot(
    mode: &IncidentMode,
    log: &IncidentLog,
    lists: &Checklists,
    page: &str,
    by: &str,
    now: DateTime<Utc>,
) -> Handoff {
    let checklist = crate::domain::sort::map_of(ListId::ALL.into_iter().filter_map(|list| {
        let ticked: Vec<u8> = list
            .def()
            .items
            .iter()
            .filter(|i| lists.is_done(list, i.id))
            .map(|i| i.n)
            .collect();
        (!ticked.is_empty()).then_some((list, ticked))
    }));
    Handoff {
        made_at: now,
        by: by
            .chars()
            .filter(|c| !c.is_control())
            .take(MAX_BY)
            .collect(),
        page: page.to_string(),
        incident_mode_since: if mode.active { mode.started_at } else { None },
        incident: open_incident(mode, log).map(|i| HandoffIncident {
            id: i.id.clone(),
            severity: i.severity,
        }),
        checklist,
    }
}

/// One line of the side-by-side view: what the link says and what this console has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub label: String,
    pub link: String,
    pub here: String,
    pub same: bool,
}

fn mode_text(since: Option<DateTime<Utc>>) -> String {
    match since {
        Some(t) => format!("on since {}", fmt_utc(t)),
        None => "off".into(),
    }
}

fn incident_text(i: Option<&HandoffIncident>) -> String {
    match i {
        Some(i) => format!("{} ({})", i.id, i.severity.label()),
        None => "none".into(),
    }
}

fn list_text(list: ListId, ticked: &[u8]) -> String {
    let total = list.def().total();
    if ticked.is_empty() {
        format!("0 / {total} ticked")
    } else {
        let items: Vec<String> = ticked.iter().map(u8::to_string).collect();
        format!(
            "{} / {total} ticked (items {})",
            ticked.len(),
            items.join(", ")
        )
    }
}

/// The link's state beside this console's, row by row. `page_title` names an app path.
pub fn compare(link: &Handoff, here: &Handoff, page_title: impl Fn(&str) -> String) -> Vec<Row> {
    let mut rows = vec![
        Row {
            label: "Incident Mode".into(),
            link: mode_text(link.incident_mode_since),
            here: mode_text(here.incident_mode_since),
            same: link.incident_mode_since == here.incident_mode_since,
        },
        Row {
            label: "Open incident".into(),
            link: incident_text(link.incident.as_ref()),
            here: incident_text(here.incident.as_ref()),
            same: link.incident == here.incident,
        },
    ];
    for list in ListId::ALL {
        rows.push(Row {
            label: format!("{} checklist", list.def().short),
            link: list_text(list, link.ticked(list)),
            here: list_text(list, here.ticked(list)),
            same: link.ticked(list) == here.ticked(list),
        });
    }
    rows.push(Row {
        label: "Page".into(),
        link: page_title(&link.page),
        here: page_title(&here.page),
        same: link.page == here.page,
    });
    rows
}

/// What adopting the link would change here, one sentence each (empty: nothing differs).
pub fn adopt_summary(link: &Handoff, here: &Handoff) -> Vec<String> {
    let mut out = Vec::new();
    match (link.incident_mode_since, here.incident_mode_since) {
        (Some(l), h) if Some(l) != h => {
            out.push(format!("turn Incident Mode on since {}", fmt_utc(l)))
        }
        (None, Some(_)) => out.push("turn Incident Mode off".into()),
        _ => {}
    }
    if let Some(i) = &link.incident {
        if here.incident.as_ref() != Some(i) {
            out.push(format!(
                "make {} the open incident, severity {}",
                i.id,
                i.severity.label()
            ));
        }
    }
    for list in ListId::ALL {
        let (l, h) = (link.ticked(list), here.ticked(list));
        if l != h {
            out.push(format!(
                "set the {} checklist to {}",
                list.def().short,
                list_text(list, l)
            ));
        }
    }
    out
}

/// Makes Incident Mode match the link. Returns whether it changed.
pub fn adopt_incident_mode(
    mode: &mut IncidentMode,
    link: &Handoff,
    by: &str,
    now: DateTime<Utc>,
) -> bool {
    match link.incident_mode_since {
        Some(start) if !(mode.active && mode.started_at == Some(start)) => {
            let id = link
                .incident
                .as_ref()
                .map(|i| i.id.clone())
                .or_else(|| mode.incident_id.clone().filter(|_| mode.active));
            mode.turn_on(start, by, id);
            // The change is made now: it must win over older changes in other tabs.
            mode.changed_at = Some(now.max(start));
            true
        }
        None if mode.active => {
            mode.turn_off(now, by);
            true
        }
        _ => false,
    }
}

/// The Incident Log entry to save so the link's open incident exists here with its severity
/// (`None`: nothing to change). A missing entry is opened like Incident Mode opens one.
pub fn adopt_incident(
    log: &IncidentLog,
    link: &Handoff,
    by: &str,
    now: DateTime<Utc>,
) -> Result<Option<Incident>, String> {
    let Some(want) = &link.incident else {
        return Ok(None);
    };
    match log.get(&want.id) {
        Some(i) if i.severity == want.severity => Ok(None),
        Some(i) => {
            let mut i = i.clone();
            i.severity = want.severity;
            i.updated_at = now;
            Ok(Some(i))
        }
        None => {
            let start = link.incident_mode_since.unwrap_or(link.made_at).min(now);
            let mut i = session_incident(&want.id, start, by).map_err(|errs| {
                errs.into_iter()
                    .map(|e| e.message)
                    .collect::<Vec<_>>()
                    .join(" ")
            })?;
            i.title = format!("Incident {} (from a hand-off link)", want.id);
            i.severity = want.severity;
            i.from_incident_mode = link.incident_mode_since.is_some();
            i.created_at = now;
            i.updated_at = now;
            Ok(Some(i))
        }
    }
}

/// Ticks and unticks items so each checklist's current run matches the link. Returns how many
/// items changed.
pub fn adopt_checklists(
    lists: &mut Checklists,
    link: &Handoff,
    by: &str,
    now: DateTime<Utc>,
) -> usize {
    let mut changed = 0;
    for list in ListId::ALL {
        let want = link.ticked(list);
        for item in list.def().items {
            if lists.set(list, item.id, want.contains(&item.n), by, now) {
                changed += 1;
            }
        }
    }
    changed
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Base64url without padding (RFC 4648 §5), the form safe in a URL fragment.
mod base64url {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    pub fn encode(data: &[u8]) -> String {
        let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
        for chunk in data.chunks(3) {
            let b = [
                chunk[0],
                chunk.get(1).copied().unwrap_or(0),
                chunk.get(2).copied().unwrap_or(0),
            ];
            let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            let chars = chunk.len() + 1;
            for i in 0..chars {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            }
        }
        out
    }

    fn value(c: u8) -> Option<u32> {
        match c {
            b'A'..=b'Z' => Some(u32::from(c - b'A')),
            b'a'..=b'z' => Some(u32::from(c - b'a') + 26),
            b'0'..=b'9' => Some(u32::from(c - b'0') + 52),
            b'-' => Some(62),
            b'_' => Some(63),
            _ => None,
        }
    }

    pub fn decode(text: &str) -> Result<Vec<u8>, String> {
        let bytes = text.as_bytes();
        if let Some(pos) = bytes.iter().position(|&c| value(c).is_none()) {
            let bad = text[pos..].chars().next().unwrap_or('?');
            return Err(format!(
                "its payload holds {bad:?} at position {}, which base64url does not use",
                pos + 1
            ));
        }
        if bytes.len() % 4 == 1 {
            return Err("its payload has a length no base64url text has".into());
        }
        let mut out = Vec::with_capacity(bytes.len() / 4 * 3 + 2);
        for chunk in bytes.chunks(4) {
            let mut n = 0u32;
            for (i, &c) in chunk.iter().enumerate() {
                n |= value(c).unwrap_or(0) << (18 - 6 * i);
            }
            let keep = chunk.len() - 1;
            for i in 0..keep {
                out.push((n >> (16 - 8 * i)) as u8);
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::checklist::Checklists;
    use crate::domain::time::parse_rfc3339;
    use proptest::prelude::*;

    const PAGES: &[&str] = &["/", "/checklist", "/incident-log", "/system-health"];

    fn at(s: &str) -> DateTime<Utc> {
        parse_rfc3339(s).unwrap()
    }

    fn sample() -> Handoff {
        Handoff {
            made_at: at("2026-11-29T19:50:00Z"),
            by: "ana".into(),
            page: "/checklist".into(),
            incident_mode_since: Some(at("2026-11-29T19:42:07Z")),
            incident: Some(HandoffIncident {
                id: "INC-20261129-1942".into(),
                severity: Severity::P0,
            }),
            checklist: BTreeMap::from([
                (ListId::PreDeploy, vec![1, 2, 5]),
                (ListId::IncidentTriage, vec![1]),
            ]),
        }
    }

    fn refused(fragment: &str) -> String {
        match decode(fragment, PAGES) {
            Some(Err(r)) => r.reason,
            other => panic!("{fragment}: expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn round_trip_and_shape() {
        let h = sample();
        let f = encode(&h);
        assert!(f.starts_with("handoff=v1."), "{f}");
        assert!(
            f.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"=._-".contains(&b)),
            "fragment-safe: {f}"
        );
        assert_eq!(decode(&f, PAGES), Some(Ok(h.clone())));
        assert_eq!(decode(&format!("#{f}"), PAGES), Some(Ok(h.clone())));
        // A pasted link whose `=` was percent-encoded still reads.
        let pct = f.replacen('=', "%3D", 1);
        assert_eq!(decode(&pct, PAGES), Some(Ok(h)));
    }

    #[test]
    fn section_anchors_are_not_hand_offs() {
        for f in [
            "",
            "#",
            "#alias-drift",
            "inc-003",
            "#handoff",
            "#Handoff=v1.e30",
        ] {
            assert_eq!(decode(f, PAGES), None, "{f}");
        }
    }

    #[test]
    fn malformed_links_are_refused_with_the_reason() {
        let good = encode(&sample());
        let payload = good.trim_start_matches("handoff=v1.");
        assert!(refused("#handoff=").contains("no version"));
        assert!(refused("#handoff=v1").contains("no version"));
        assert!(refused("#handoff=v1.").contains("cut off"));
        assert!(refused(&format!("#handoff=v2.{payload}")).contains("newer console"));
        assert!(refused(&format!("#handoff=x1.{payload}")).contains("not one this console reads"));
        assert!(refused("#handoff=v1.abc$def").contains("'$' at position 4"));
        assert!(refused("#handoff=v1.abcde").contains("length"));
        // Cut off in the middle: no longer JSON.
        let cut = &good[..good.len() - 8];
        assert!(refused(cut).contains("cannot be read"), "{}", refused(cut));
        assert!(refused(&format!("#handoff=v1.{}", "A".repeat(5000))).contains("too long"));
        // Not text.
        let binary = format!("handoff=v1.{}", base64url::encode(&[0xff, 0xfe, 0x00]));
        assert!(refused(&binary).contains("not text"));
    }

    fn with(f: impl FnOnce(&mut serde_json::Value)) -> String {
        let mut v = serde_json::to_value(sample()).unwrap();
        f(&mut v);
        format!("handoff=v1.{}", base64url::encode(v.to_string().as_bytes()))
    }

    #[test]
    fn content_is_validated() {
        for (fragment, needle) in [
            (
                with(|v| v["page"] = "/no-such-page".into()),
                "page this console does not have",
            ),
            (
                with(|v| v["inc"]["id"] = "<b>x</b>".into()),
                "not an incident id",
            ),
            (with(|v| v["inc"]["id"] = "".into()), "not an incident id"),
            (with(|v| v["inc"]["sev"] = "P9".into()), "unknown variant"),
            (
                with(|v| v["cl"]["pre-deploy"] = serde_json::json!([1, 1])),
                "listed twice",
            ),
            (
                with(|v| v["cl"]["pre-deploy"] = serde_json::json!([0])),
                "has no item 0",
            ),
            (
                with(|v| v["cl"]["rollback"] = serde_json::json!([99])),
                "has no item 99",
            ),
            (
                with(|v| v["cl"]["other-list"] = serde_json::json!([1])),
                "unknown variant",
            ),
            (
                with(|v| v["im"] = "2026-11-29T21:00:00Z".into()),
                "after the link was made",
            ),
            (with(|v| v["by"] = "a\u{7}b".into()), "control characters"),
            (with(|v| v["extra"] = true.into()), "unknown field"),
            (with(|v| v["at"] = "yesterday".into()), "cannot be read"),
            (
                with(|v| {
                    v.as_object_mut().unwrap().remove("page");
                }),
                "missing field `page`",
            ),
        ] {
            let reason = refused(&fragment);
            assert!(reason.contains(needle), "{needle}: {reason}");
        }
        // Unsorted item numbers are read, in order.
        let h = decode(
            &with(|v| v["cl"]["pre-deploy"] = serde_json::json!([5, 1])),
            PAGES,
        )
        .unwrap()
        .unwrap();
        assert_eq!(h.ticked(ListId::PreDeploy), &[1, 5]);
    }

    fn state() -> (IncidentMode, IncidentLog, Checklists) {
        let start = at("2026-11-29T19:42:07Z");
        let mut mode = IncidentMode::default();
        mode.turn_on(start, "ana", Some("INC-20261129-1942".into()));
        let mut log = IncidentLog::default();
        log.upsert(session_incident("INC-20261129-1942", start, "ana").unwrap());
        let mut lists = Checklists::default();
        assert!(lists.set(ListId::Rollback, "rollback-2", true, "ana", start));
        (mode, log, lists)
    }

    #[test]
    fn snapshot_names_the_session_and_the_run() {
        let (mode, log, lists) = state();
        let now = at("2026-11-29T19:50:00Z");
        let h = snapshot(&mode, &log, &lists, "/incident-log", "ana", now);
        assert_eq!(h.incident_mode_since, Some(at("2026-11-29T19:42:07Z")));
        assert_eq!(
            h.incident,
            Some(HandoffIncident {
                id: "INC-20261129-1942".into(),
                severity: Severity::P1
            })
        );
        assert_eq!(h.checklist, BTreeMap::from([(ListId::Rollback, vec![2])]));
        assert_eq!(decode(&encode(&h), PAGES), Some(Ok(h.clone())));
        // Off and resolved: nothing open.
        let mut off = mode.clone();
        off.turn_off(now, "ana");
        let mut closed = log.clone();
        closed.incidents[0].status = IncidentStatus::Resolved;
        let h = snapshot(&off, &closed, &Checklists::default(), "/", "", now);
        assert_eq!(h.incident_mode_since, None);
        assert_eq!(h.incident, None);
        assert!(h.checklist.is_empty());
        // Off but an incident still open: the link names it.
        let h = snapshot(&off, &log, &Checklists::default(), "/", "", now);
        assert_eq!(h.incident.unwrap().id, "INC-20261129-1942");
    }

    #[test]
    fn adopting_makes_this_console_match_the_link() {
        let link = sample();
        let now = at("2026-11-29T19:55:00Z");
        let mut mode = IncidentMode::default();
        let mut log = IncidentLog::default();
        let mut lists = Checklists::default();
        assert!(lists.set(
            ListId::Rollback,
            "rollback-3",
            true,
            "raj",
            at("2026-11-29T19:45:00Z")
        ));
        let here = snapshot(&mode, &log, &lists, "/checklist", "raj", now);
        let rows = compare(&link, &here, |p| p.to_string());
        assert_eq!(rows.len(), 6);
        assert!(!rows[0].same && rows[0].link.contains("on since 2026-11-29 19:42:07 UTC"));
        assert_eq!(rows[1].link, "INC-20261129-1942 (P0)");
        assert_eq!(rows[1].here, "none");
        assert_eq!(rows[2].link, "3 / 10 ticked (items 1, 2, 5)");
        assert!(rows[5].same, "same page");
        let summary = adopt_summary(&link, &here);
        assert_eq!(summary.len(), 5, "{summary:?}");

        assert!(adopt_incident_mode(&mut mode, &link, "raj", now));
        assert!(mode.active);
        assert_eq!(mode.started_at, link.incident_mode_since);
        assert_eq!(mode.incident_id.as_deref(), Some("INC-20261129-1942"));
        assert_eq!(mode.changed_at, Some(now));
        let entry = adopt_incident(&log, &link, "raj", now).unwrap().unwrap();
        assert_eq!(entry.severity, Severity::P0);
        assert_eq!(entry.started_at, at("2026-11-29T19:42:07Z"));
        assert!(entry.from_incident_mode);
        log.upsert(entry);
        // 3 + 1 ticked, 1 unticked.
        assert_eq!(adopt_checklists(&mut lists, &link, "raj", now), 5);

        let after = snapshot(&mode, &log, &lists, "/checklist", "raj", now);
        assert!(
            adopt_summary(&link, &after).is_empty(),
            "{:?}",
            adopt_summary(&link, &after)
        );
        assert!(compare(&link, &after, |p| p.to_string())
            .iter()
            .all(|r| r.same));
        // Adopting again changes nothing.
        assert!(!adopt_incident_mode(&mut mode, &link, "raj", now));
        assert_eq!(adopt_incident(&log, &link, "raj", now), Ok(None));
        assert_eq!(adopt_checklists(&mut lists, &link, "raj", now), 0);
        // A link with a different severity changes only the severity.
        let mut p1 = link.clone();
        p1.incident.as_mut().unwrap().severity = Severity::P1;
        let changed = adopt_incident(&log, &p1, "raj", now).unwrap().unwrap();
        assert_eq!(changed.severity, Severity::P1);
        assert_eq!(changed.title, log.incidents[0].title);
        // A link with Incident Mode off turns it off.
        let mut off = link.clone();
        off.incident_mode_since = None;
        assert!(adopt_incident_mode(&mut mode, &off, "raj", now));
        assert!(!mode.active);
    }

    #[test]
    fn base64url_known_vectors() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64url::encode(plain.as_bytes()), coded);
            assert_eq!(base64url::decode(coded).unwrap(), plain.as_bytes());
        }
        assert_eq!(base64url::encode(&[0xfb, 0xff]), "-_8");
    }

    fn arb_time() -> impl Strategy<Value = DateTime<Utc>> {
        (1_600_000_000i64..2_000_000_000).prop_map(|s| DateTime::from_timestamp(s, 0).unwrap())
    }

    fn arb_handoff() -> impl Strategy<Value = Handoff> {
        let lists = prop::collection::btree_map(
            prop::sample::select(ListId::ALL.to_vec()),
            prop::collection::btree_set(1u8..=8, 0..8),
            0..3,
        );
        (
            arb_time(),
            "[^\\p{Cc}]{0,20}",
            prop::sample::select(PAGES.to_vec()),
            prop::option::of(0i64..100_000),
            prop::option::of(("[A-Za-z0-9._-]{1,64}", 0usize..3)),
            lists,
        )
            .prop_map(|(made_at, by, page, before, inc, lists)| Handoff {
                made_at,
                by,
                page: page.to_string(),
                incident_mode_since: before.map(|b| made_at - Duration::seconds(b)),
                incident: inc.map(|(id, s)| HandoffIncident {
                    id,
                    severity: Severity::ALL[s],
                }),
                checklist: lists
                    .into_iter()
                    .map(|(l, set)| (l, set.into_iter().collect()))
                    .collect(),
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn arbitrary_fragments_never_panic(s in "\\PC{0,300}") {
            let _ = decode(&s, PAGES);
            let _ = decode(&format!("handoff={s}"), PAGES);
            let _ = decode(&format!("#handoff=v1.{s}"), PAGES);
        }

        #[test]
        fn arbitrary_payload_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
            let f = format!("handoff=v1.{}", base64url::encode(&bytes));
            if let Some(Ok(h)) = decode(&f, PAGES) {
                // Whatever is accepted is valid and reads back the same.
                prop_assert!(h.validate(PAGES).is_ok());
                prop_assert_eq!(decode(&encode(&h), PAGES), Some(Ok(h)));
            }
        }

        #[test]
        fn valid_hand_offs_round_trip(h in arb_handoff()) {
            let f = encode(&h);
            prop_assert!(f.len() <= MAX_FRAGMENT_LEN);
            prop_assert_eq!(decode(&f, PAGES), Some(Ok(h)));
        }

        #[test]
        fn changed_links_are_read_or_refused_never_panic(
            h in arb_handoff(),
            cut in 0usize..400,
            flip in 0usize..400,
            with in any::<char>(),
        ) {
            let f = encode(&h);
            let cut_at = f.char_indices().map(|(i, _)| i).nth(cut % f.chars().count()).unwrap_or(0);
            prop_assert!(decode(&f[..cut_at], PAGES).is_none_or(|r| r.is_err() || cut_at >= f.len()));
            let mut chars: Vec<char> = f.chars().collect();
            let n = chars.len();
            chars[flip % n] = with;
            let changed: String = chars.into_iter().collect();
            if let Some(Ok(h2)) = decode(&changed, PAGES) {
                prop_assert!(h2.validate(PAGES).is_ok());
            }
        }

        #[test]
        fn base64url_round_trips(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
            prop_assert_eq!(base64url::decode(&base64url::encode(&bytes)).unwrap(), bytes);
        }
    }
}
