//! The editable fields of [`Thresholds`]: label, unit, range and accessors, one table used by
//! [`Thresholds::validate`] and by the Alert Thresholds page. Plain Rust, tested natively.

use std::collections::BTreeMap;

use super::thresholds::Thresholds;

/// The text of each field's input, by field id.
pub type Texts = BTreeMap<&'static str, String>;

/// Every field's text as its input shows it.
pub fn texts_of(t: &Thresholds) -> Texts {
    crate::domain::sort::map_of(FIELDS.iter().map(|f| (f.id, f.text(t))))
}

/// Another tab saved `theirs` while this tab's form shows `texts`, loaded from `base`: each
/// field whose text is still its base value follows `theirs` (text and base); edited fields
/// keep their text and base, so a save can tell that the other tab changed them too.
/// Returns the new (base, texts).
pub fn follow_texts(base: &Thresholds, texts: &Texts, theirs: &Thresholds) -> (Thresholds, Texts) {
    let (mut b, mut tx) = (base.clone(), texts.clone());
    for f in FIELDS {
        let untouched = texts.get(f.id).map(String::as_str) == Some(f.text(base).as_str());
        if untouched {
            (f.set)(&mut b, (f.get)(theirs));
            tx.insert(f.id, f.text(theirs));
        }
    }
    (b, tx)
}

/// One number of [`Thresholds`], as an operator edits it.
#[derive(Clone, Copy)]
pub struct ThresholdField {
    /// Stable id: the field path (`ses_amber_pct`, `audit_cert_issued.min`,
    /// `health_weights.dead_agents`). Used as `FieldError::field` and as the input's id.
    pub id: &'static str,
    pub group: &'static str,
    pub label: &'static str,
    pub unit: &'static str,
    pub help: &'static str,
    pub min: f64,
    pub max: f64,
    /// Whole numbers only (the field is an integer).
    pub integer: bool,
    pub get: fn(&Thresholds) -> f64,
    pub set: fn(&mut Thresholds, f64),
}

impl std::fmt::Debug for ThresholdField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id)
    }
}

fn fmt_num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

impl ThresholdField {
    /// Why `v` is not acceptable for this field, if it is not.
    pub fn check(&self, v: f64) -> Option<String> {
        if !v.is_finite() {
            return Some("Enter a number.".into());
        }
        if self.integer && v.fract() != 0.0 {
            return Some("Enter a whole number.".into());
        }
        if v < self.min || v > self.max {
            return Some(format!(
                "Must be between {} and {}{}.",
                fmt_num(self.min),
                fmt_num(self.max),
                if self.unit.is_empty() {
                    String::new()
                } else {
                    format!(" {}", self.unit)
                }
            ));
        }
        None
    }

    /// Parses the text of an input (spaces, a `,` thousands separator and `_` ignored).
    pub fn parse(&self, text: &str) -> Result<f64, String> {
        let cleaned: String = text
            .trim()
            .chars()
            .filter(|c| !matches!(c, ',' | '_' | ' '))
            .collect();
        if cleaned.is_empty() {
            return Err("Enter a number.".into());
        }
        let v: f64 = cleaned.parse().map_err(|_| "Enter a number.".to_string())?;
        match self.check(v) {
            Some(e) => Err(e),
            None => Ok(v),
        }
    }

    /// The field's value as shown in its input.
    pub fn text(&self, t: &Thresholds) -> String {
        fmt_num((self.get)(t))
    }

    pub fn default_value(&self) -> f64 {
        (self.get)(&Thresholds::default())
    }

    /// Sets the field to its default on `t`.
    pub fn reset(&self, t: &mut Thresholds) {
        (self.set)(t, self.default_value());
    }
}

pub fn field(id: &str) -> Option<&'static ThresholdField> {
    FIELDS.iter().find(|f| f.id == id)
}

/// Groups in display order.
pub const GROUPS: &[&str] = &[
    "SES quota",
    "Health score",
    "Cold start",
    "Peck failures",
    "Audit counts (30-minute window)",
    "Freshness and approvals",
    "SLA",
    "Health score weights",
];

macro_rules! f64_field {
    ($group:expr, $id:literal, $path:ident, $label:expr, $unit:expr, $help:expr, $min:expr, $max:expr) => {
        ThresholdField {
            id: $id,
            group: $group,
            label: $label,
            unit: $unit,
            help: $help,
            min: $min,
            max: $max,
            integer: false,
            get: |t| t.$path,
            set: |t, v| t.$path = v,
        }
    };
}

macro_rules! u32_field {
    ($group:expr, $id:literal, $($path:ident).+, $label:expr, $unit:expr, $help:expr, $min:expr, $max:expr) => {
        ThresholdField {
            id: $id,
            group: $group,
            label: $label,
            unit: $unit,
            help: $help,
            min: $min,
            max: $max,
            integer: true,
            get: |t| f64::from(t.$($path).+),
            set: |t, v| t.$($path).+ = v.round().clamp(0.0, f64::from(u32::MAX)) as u32,
        }
    };
}

macro_rules! bound_field {
    ($group:expr, $id:literal, $path:ident . $end:ident, $label:expr, $help:expr) => {
        ThresholdField {
            id: $id,
            group: $group,
            label: $label,
            unit: "events",
            help: $help,
            min: 0.0,
            max: 1_000_000.0,
            integer: true,
            get: |t| t.$path.$end as f64,
            set: |t, v| t.$path.$end = v.round().max(0.0) as u64,
        }
    };
}

const SES: &str = "SES quota";
const HEALTH: &str = "Health score";
const COLD: &str = "Cold start";
const PECK: &str = "Peck failures";
const AUDIT: &str = "Audit counts (30-minute window)";
const FRESH: &str = "Freshness and approvals";
const SLA: &str = "SLA";
const WEIGHTS: &str = WEIGHTS_GROUP;
/// The group of the health score weights (their labels repeat rule names).
pub const WEIGHTS_GROUP: &str = "Health score weights";

/// Every editable threshold, in display order.
pub const FIELDS: &[ThresholdField] = &[
    f64_field!(
        SES,
        "ses_amber_pct",
        ses_amber_pct,
        "SES quota amber from",
        "%",
        "Share of the 24 h maximum sent (160 of 200 = 80 %).",
        1.0,
        100.0
    ),
    f64_field!(
        SES,
        "ses_red_pct",
        ses_red_pct,
        "SES quota red from",
        "%",
        "Share of the 24 h maximum sent (190 of 200 = 95 %).",
        1.0,
        100.0
    ),
    u32_field!(
        HEALTH,
        "health_red_below",
        health_red_below,
        "Health score red below",
        "points",
        "Score < 60 is a red alert.",
        1.0,
        100.0
    ),
    u32_field!(
        HEALTH,
        "health_amber_below",
        health_amber_below,
        "Health score amber below",
        "points",
        "Score < 80 is a warning.",
        1.0,
        100.0
    ),
    u32_field!(
        COLD,
        "cold_start_ms",
        cold_start_ms,
        "Cold start p95 limit",
        "ms",
        "Above this, review the CloudWatch logs (Pre-Deploy item 8).",
        100.0,
        60_000.0
    ),
    f64_field!(
        PECK,
        "peck_failure_amber_pct",
        peck_failure_amber_pct,
        "Peck failure rate amber from",
        "%",
        "(denied + expired + callback_error) / requested.",
        0.1,
        100.0
    ),
    f64_field!(
        PECK,
        "peck_failure_red_pct",
        peck_failure_red_pct,
        "Peck failure rate red from",
        "%",
        "(denied + expired + callback_error) / requested.",
        0.1,
        100.0
    ),
    f64_field!(
        PECK,
        "peck_type_spike_pct",
        peck_type_spike_pct,
        "Spike of one failure type from",
        "%",
        "One failure type at or above this share of requested pecks is flagged as a spike.",
        0.1,
        100.0
    ),
    bound_field!(
        AUDIT,
        "audit_peck_notify.min",
        audit_peck_notify.min,
        "peck_notify: normal from",
        "Fewer events in the window are abnormally low."
    ),
    bound_field!(
        AUDIT,
        "audit_peck_notify.max",
        audit_peck_notify.max,
        "peck_notify: normal up to",
        "More events in the window are abnormally high."
    ),
    bound_field!(
        AUDIT,
        "audit_peck_requested.min",
        audit_peck_requested.min,
        "peck_requested: normal from",
        "Fewer events in the window are abnormally low."
    ),
    bound_field!(
        AUDIT,
        "audit_peck_requested.max",
        audit_peck_requested.max,
        "peck_requested: normal up to",
        "More events in the window are abnormally high."
    ),
    bound_field!(
        AUDIT,
        "audit_cert_issued.min",
        audit_cert_issued.min,
        "duck.cert_issued: normal from",
        "Fewer events in the window are abnormally low."
    ),
    bound_field!(
        AUDIT,
        "audit_cert_issued.max",
        audit_cert_issued.max,
        "duck.cert_issued: normal up to",
        "More events in the window are abnormally high."
    ),
    u32_field!(
        FRESH,
        "stale_snapshot_secs",
        stale_snapshot_secs,
        "Snapshot stale after",
        "s",
        "A platform snapshot older than this is stale (15 min = 900 s).",
        60.0,
        86_400.0
    ),
    u32_field!(
        FRESH,
        "stale_after_polls",
        stale_after_polls,
        "Data stale after",
        "poll intervals",
        "Fetched data older than this many poll intervals is never shown green.",
        1.0,
        20.0
    ),
    u32_field!(
        FRESH,
        "approval_validity_secs",
        approval_validity_secs,
        "Approval valid for",
        "s",
        "How long a recorded approval unlocks a gated step (4 h = 14400 s).",
        300.0,
        86_400.0
    ),
    f64_field!(
        SLA,
        "sla_availability_amber_pct",
        sla_availability_amber_pct,
        "Availability amber below",
        "%",
        "Availability is bad when low: amber below this.",
        50.0,
        100.0
    ),
    f64_field!(
        SLA,
        "sla_availability_red_pct",
        sla_availability_red_pct,
        "Availability red below",
        "%",
        "Red below this; must be lower than the amber level.",
        50.0,
        100.0
    ),
    u32_field!(
        SLA,
        "sla_latency_amber_ms",
        sla_latency_amber_ms,
        "Latency p95 amber from",
        "ms",
        "",
        1.0,
        60_000.0
    ),
    u32_field!(
        SLA,
        "sla_latency_red_ms",
        sla_latency_red_ms,
        "Latency p95 red from",
        "ms",
        "",
        1.0,
        60_000.0
    ),
    f64_field!(
        SLA,
        "sla_error_amber_pct",
        sla_error_amber_pct,
        "Error rate amber from",
        "%",
        "",
        0.01,
        100.0
    ),
    f64_field!(
        SLA,
        "sla_error_red_pct",
        sla_error_red_pct,
        "Error rate red from",
        "%",
        "",
        0.01,
        100.0
    ),
    u32_field!(
        WEIGHTS,
        "health_weights.dead_agents",
        health_weights.dead_agents,
        "Dead agents",
        "points",
        "Taken in proportion to the dead share of the fleet.",
        0.0,
        100.0
    ),
    u32_field!(
        WEIGHTS,
        "health_weights.stale_snapshot",
        health_weights.stale_snapshot,
        "Stale snapshot",
        "points",
        "",
        0.0,
        100.0
    ),
    u32_field!(
        WEIGHTS,
        "health_weights.peck_failures",
        health_weights.peck_failures,
        "Peck failures",
        "points",
        "Full at the red rate, half at amber.",
        0.0,
        100.0
    ),
    u32_field!(
        WEIGHTS,
        "health_weights.sandbox_blocker",
        health_weights.sandbox_blocker,
        "Sandbox blocker",
        "points",
        "Per blocker (SES, SNS).",
        0.0,
        100.0
    ),
    u32_field!(
        WEIGHTS,
        "health_weights.alias_drift",
        health_weights.alias_drift,
        "Alias drift",
        "points",
        "",
        0.0,
        100.0
    ),
    u32_field!(
        WEIGHTS,
        "health_weights.failing_route",
        health_weights.failing_route,
        "Failing route",
        "points",
        "Per failing route.",
        0.0,
        100.0
    ),
];

/// Pairs that must be ordered: `(lower, higher, message)`; the value of `lower` must be
/// strictly below the value of `higher` (bounds: at most).
pub struct Order {
    pub lower: &'static str,
    pub higher: &'static str,
    pub strict: bool,
    pub message: &'static str,
}

pub const ORDERS: &[Order] = &[
    Order {
        lower: "ses_amber_pct",
        higher: "ses_red_pct",
        strict: true,
        message: "The amber level must be below the red level.",
    },
    Order {
        lower: "health_red_below",
        higher: "health_amber_below",
        strict: true,
        message: "The red score must be below the amber score.",
    },
    Order {
        lower: "peck_failure_amber_pct",
        higher: "peck_failure_red_pct",
        strict: true,
        message: "The amber level must be below the red level.",
    },
    Order {
        lower: "audit_peck_notify.min",
        higher: "audit_peck_notify.max",
        strict: false,
        message: "The lower bound must not exceed the upper bound.",
    },
    Order {
        lower: "audit_peck_requested.min",
        higher: "audit_peck_requested.max",
        strict: false,
        message: "The lower bound must not exceed the upper bound.",
    },
    Order {
        lower: "audit_cert_issued.min",
        higher: "audit_cert_issued.max",
        strict: false,
        message: "The lower bound must not exceed the upper bound.",
    },
    Order {
        lower: "sla_availability_red_pct",
        higher: "sla_availability_amber_pct",
        strict: true,
        message: "The red availability must be below the amber availability.",
    },
    Order {
        lower: "sla_latency_amber_ms",
        higher: "sla_latency_red_ms",
        strict: true,
        message: "The amber level must be below the red level.",
    },
    Order {
        lower: "sla_error_amber_pct",
        higher: "sla_error_red_pct",
        strict: true,
        message: "The amber level must be below the red level.",
    },
];
