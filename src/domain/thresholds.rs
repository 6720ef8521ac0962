//! Every threshold the console judges by, with the defaults from the source page and the
//! `/beak` contract. Stored under `ops-console/v1/thresholds`; edited on Alert Thresholds.

use serde::{Deserialize, Serialize};

use super::merge::{Merge, PerField};
use super::settings::FieldError;
use super::threshold_fields::{field, FIELDS, ORDERS, WEIGHTS_GROUP};

/// Penalty weights of the health score (points taken off 100 at most, per rule).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct HealthWeights {
    /// Taken in proportion to the dead share of the fleet (all dead = the full weight).
    pub dead_agents: u32,
    pub stale_snapshot: u32,
    /// Taken in full at the red peck failure rate, half at amber.
    pub peck_failures: u32,
    /// Per sandbox blocker (SES, SNS).
    pub sandbox_blocker: u32,
    pub alias_drift: u32,
    /// Per failing route.
    pub failing_route: u32,
}

impl Default for HealthWeights {
    fn default() -> Self {
        Self {
            dead_agents: 40,
            stale_snapshot: 15,
            peck_failures: 20,
            sandbox_blocker: 10,
            alias_drift: 15,
            failing_route: 10,
        }
    }
}

/// Lower and upper bounds of a normal count in the audit window.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bounds {
    pub min: u64,
    pub max: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Thresholds {
    /// SES quota amber from this share of the 24 h maximum (160/200 = 80 %).
    pub ses_amber_pct: f64,
    /// SES quota red from this share (190/200 = 95 %).
    pub ses_red_pct: f64,
    /// Health score red below this.
    pub health_red_below: u32,
    /// Health score amber below this.
    pub health_amber_below: u32,
    /// Cold start p95 above this is a problem (Pre-Deploy item 8).
    pub cold_start_ms: u32,
    /// Peck failure rate `(denied + expired + callback_error) / requested`, amber from.
    pub peck_failure_amber_pct: f64,
    /// Peck failure rate, red from.
    pub peck_failure_red_pct: f64,
    /// One failure type above this share of requested is a spike of that type.
    pub peck_type_spike_pct: f64,
    pub audit_peck_notify: Bounds,
    pub audit_peck_requested: Bounds,
    pub audit_cert_issued: Bounds,
    /// A platform snapshot older than this is stale.
    pub stale_snapshot_secs: u32,
    /// Fetched data is stale after this many poll intervals without a good answer.
    pub stale_after_polls: u32,
    /// An approval satisfies a gate for this long after it was given.
    pub approval_validity_secs: u32,
    /// SLA: availability below this is amber.
    pub sla_availability_amber_pct: f64,
    /// SLA: availability below this is red.
    pub sla_availability_red_pct: f64,
    pub sla_latency_amber_ms: u32,
    pub sla_latency_red_ms: u32,
    pub sla_error_amber_pct: f64,
    pub sla_error_red_pct: f64,
    pub health_weights: HealthWeights,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            ses_amber_pct: 80.0,
            ses_red_pct: 95.0,
            health_red_below: 60,
            health_amber_below: 80,
            cold_start_ms: 2000,
            peck_failure_amber_pct: 5.0,
            peck_failure_red_pct: 10.0,
            peck_type_spike_pct: 5.0,
            audit_peck_notify: Bounds { min: 50, max: 500 },
            audit_peck_requested: Bounds { min: 50, max: 500 },
            audit_cert_issued: Bounds { min: 1, max: 60 },
            stale_snapshot_secs: 900,
            stale_after_polls: 2,
            approval_validity_secs: 4 * 3600,
            sla_availability_amber_pct: 99.9,
            sla_availability_red_pct: 99.0,
            sla_latency_amber_ms: 500,
            sla_latency_red_ms: 1000,
            sla_error_amber_pct: 1.0,
            sla_error_red_pct: 5.0,
            health_weights: HealthWeights::default(),
        }
    }
}

impl Thresholds {
    /// Checks every field (a number in its range, whole where it must be) and every ordering
    /// (amber below red, lower bound at most the upper). An empty list means it can be saved.
    /// An ordering error is reported on both fields of the pair.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errs = Vec::new();
        for f in FIELDS {
            if let Some(message) = f.check((f.get)(self)) {
                errs.push(FieldError {
                    field: f.id,
                    message,
                });
            }
        }
        for o in ORDERS {
            let (Some(lo), Some(hi)) = (field(o.lower), field(o.higher)) else {
                continue;
            };
            let (a, b) = ((lo.get)(self), (hi.get)(self));
            if !(a.is_finite() && b.is_finite()) {
                continue;
            }
            let bad = if o.strict { a >= b } else { a > b };
            if bad {
                for id in [o.lower, o.higher] {
                    errs.push(FieldError {
                        field: id,
                        message: o.message.to_string(),
                    });
                }
            }
        }
        errs
    }
}

impl Merge for Thresholds {
    fn merge(self, other: Self) -> Self {
        other
    }
}

/// Per field as the Alert Thresholds page edits them (the field table's ids, nested ones
/// included), so two tabs saving different thresholds both keep theirs.
impl PerField for Thresholds {
    fn field_ids() -> Vec<&'static str> {
        FIELDS.iter().map(|f| f.id).collect()
    }
    fn field_label(id: &str) -> String {
        match field(id) {
            Some(f) if f.group == WEIGHTS_GROUP => format!("{}: {}", f.group, f.label),
            Some(f) => f.label.to_string(),
            None => id.to_string(),
        }
    }
    fn field_text(&self, id: &str) -> String {
        match field(id) {
            Some(f) if f.unit.is_empty() => f.text(self),
            Some(f) => format!("{} {}", f.text(self), f.unit),
            None => String::new(),
        }
    }
    fn field_eq(&self, other: &Self, id: &str) -> bool {
        field(id).is_none_or(|f| (f.get)(self).to_bits() == (f.get)(other).to_bits())
    }
    fn copy_field(&mut self, from: &Self, id: &str) {
        if let Some(f) = field(id) {
            (f.set)(self, (f.get)(from));
        }
    }
}

/// A traffic-light level. Every level is shown with a word and an icon, never colour alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Green,
    Amber,
    Red,
    /// No data, or data too old to judge: never shown green.
    Unknown,
}

impl Level {
    pub fn word(self) -> &'static str {
        match self {
            Level::Green => "OK",
            Level::Amber => "Warning",
            Level::Red => "Critical",
            Level::Unknown => "No data",
        }
    }
    pub fn icon(self) -> &'static str {
        match self {
            Level::Green => "✔",
            Level::Amber => "▲",
            Level::Red => "✖",
            Level::Unknown => "?",
        }
    }
    pub fn class(self) -> &'static str {
        match self {
            Level::Green => "lvl-green",
            Level::Amber => "lvl-amber",
            Level::Red => "lvl-red",
            Level::Unknown => "lvl-unknown",
        }
    }
    /// The worse of two levels (Unknown counts as worse than Green, better than Amber).
    pub fn worst(self, other: Level) -> Level {
        fn rank(l: Level) -> u8 {
            match l {
                Level::Green => 0,
                Level::Unknown => 1,
                Level::Amber => 2,
                Level::Red => 3,
            }
        }
        if rank(other) > rank(self) {
            other
        } else {
            self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_the_source_page() {
        let t = Thresholds::default();
        assert_eq!(t.ses_amber_pct * 2.0, 160.0);
        assert_eq!(t.ses_red_pct * 2.0, 190.0);
        assert_eq!(t.health_red_below, 60);
        assert_eq!(t.cold_start_ms, 2000);
        assert_eq!(t.stale_snapshot_secs, 15 * 60);
        assert_eq!(t.approval_validity_secs, 4 * 3600);
    }

    #[test]
    fn older_stored_thresholds_gain_new_fields() {
        let t: Thresholds = serde_json::from_str(r#"{"ses_amber_pct": 70}"#).unwrap();
        assert_eq!(t.ses_amber_pct, 70.0);
        assert_eq!(t.ses_red_pct, 95.0);
    }

    #[test]
    fn worst_level() {
        assert_eq!(Level::Green.worst(Level::Unknown), Level::Unknown);
        assert_eq!(Level::Amber.worst(Level::Unknown), Level::Amber);
        assert_eq!(Level::Red.worst(Level::Amber), Level::Red);
    }

    fn fields_of(t: &Thresholds) -> Vec<&'static str> {
        t.validate().iter().map(|e| e.field).collect()
    }

    #[test]
    fn defaults_validate() {
        assert_eq!(Thresholds::default().validate(), vec![]);
        for f in FIELDS {
            assert_eq!(f.check(f.default_value()), None, "{}", f.id);
        }
    }

    #[test]
    fn every_field_edge_is_checked() {
        for f in FIELDS {
            let step = if f.integer { 1.0 } else { 0.001 };
            assert_eq!(f.check(f.min), None, "{} at its minimum", f.id);
            assert_eq!(f.check(f.max), None, "{} at its maximum", f.id);
            assert!(
                f.check(f.min - step).is_some(),
                "{} below its minimum",
                f.id
            );
            assert!(
                f.check(f.max + step).is_some(),
                "{} above its maximum",
                f.id
            );
            assert!(f.check(f64::NAN).is_some(), "{} NaN", f.id);
            assert!(f.check(f64::INFINITY).is_some(), "{} infinite", f.id);
            if f.integer {
                assert_eq!(
                    f.check(f.min + 0.5).as_deref(),
                    Some("Enter a whole number."),
                    "{}",
                    f.id
                );
            }
        }
    }

    #[test]
    fn every_field_round_trips_through_its_accessors() {
        for f in FIELDS {
            let mut t = Thresholds::default();
            (f.set)(&mut t, f.max);
            assert_eq!((f.get)(&t), f.max, "{}", f.id);
            f.reset(&mut t);
            assert_eq!(t, Thresholds::default(), "{}", f.id);
        }
        let ids: std::collections::HashSet<_> = FIELDS.iter().map(|f| f.id).collect();
        assert_eq!(ids.len(), FIELDS.len(), "ids are unique");
        for o in ORDERS {
            assert!(field(o.lower).is_some() && field(o.higher).is_some());
        }
    }

    #[test]
    fn out_of_range_values_are_named() {
        let t = Thresholds {
            ses_red_pct: 100.5,
            cold_start_ms: 99,
            stale_after_polls: 0,
            sla_error_red_pct: f64::NAN,
            ..Thresholds::default()
        };
        assert_eq!(
            fields_of(&t),
            vec![
                "ses_red_pct",
                "cold_start_ms",
                "stale_after_polls",
                "sla_error_red_pct"
            ]
        );
        let mut t = Thresholds::default();
        t.health_weights.failing_route = 101;
        assert_eq!(fields_of(&t), vec!["health_weights.failing_route"]);
        t.health_weights.failing_route = 100;
        assert_eq!(fields_of(&t), Vec::<&str>::new());
        t.approval_validity_secs = 299;
        assert_eq!(fields_of(&t), vec!["approval_validity_secs"]);
    }

    #[test]
    fn amber_must_be_below_red() {
        let base = Thresholds::default();
        let equal = Thresholds {
            ses_amber_pct: 95.0,
            ..base.clone()
        };
        assert_eq!(fields_of(&equal), vec!["ses_amber_pct", "ses_red_pct"]);
        let just_below = Thresholds {
            ses_amber_pct: 94.99,
            ..base.clone()
        };
        assert!(just_below.validate().is_empty());
        let swapped = Thresholds {
            peck_failure_amber_pct: 12.0,
            ..base.clone()
        };
        assert_eq!(
            fields_of(&swapped),
            vec!["peck_failure_amber_pct", "peck_failure_red_pct"]
        );
        let health = Thresholds {
            health_red_below: 80,
            ..base.clone()
        };
        assert_eq!(
            fields_of(&health),
            vec!["health_red_below", "health_amber_below"]
        );
        let avail = Thresholds {
            sla_availability_red_pct: 99.9,
            ..base.clone()
        };
        assert_eq!(
            fields_of(&avail),
            vec!["sla_availability_red_pct", "sla_availability_amber_pct"]
        );
        let latency = Thresholds {
            sla_latency_amber_ms: 1000,
            ..base.clone()
        };
        assert_eq!(
            fields_of(&latency),
            vec!["sla_latency_amber_ms", "sla_latency_red_ms"]
        );
        let errors = Thresholds {
            sla_error_amber_pct: 5.0,
            ..base
        };
        assert_eq!(
            fields_of(&errors),
            vec!["sla_error_amber_pct", "sla_error_red_pct"]
        );
    }

    #[test]
    fn bounds_min_at_most_max() {
        let mut t = Thresholds {
            audit_cert_issued: Bounds { min: 60, max: 60 },
            ..Thresholds::default()
        };
        assert!(t.validate().is_empty(), "min equal to max is allowed");
        t.audit_cert_issued = Bounds { min: 61, max: 60 };
        assert_eq!(
            fields_of(&t),
            vec!["audit_cert_issued.min", "audit_cert_issued.max"]
        );
        t.audit_cert_issued = Bounds { min: 0, max: 0 };
        assert!(t.validate().is_empty());
        t.audit_peck_notify = Bounds {
            min: 10,
            max: 1_000_001,
        };
        assert_eq!(fields_of(&t), vec!["audit_peck_notify.max"]);
    }

    #[test]
    fn typed_text_is_parsed_and_checked() {
        let cold = field("cold_start_ms").unwrap();
        assert_eq!(cold.parse(" 2,500 "), Ok(2500.0));
        assert_eq!(cold.parse(""), Err("Enter a number.".into()));
        assert_eq!(cold.parse("abc"), Err("Enter a number.".into()));
        assert_eq!(cold.parse("2000.5"), Err("Enter a whole number.".into()));
        assert_eq!(
            cold.parse("50"),
            Err("Must be between 100 and 60000 ms.".into())
        );
        let ses = field("ses_amber_pct").unwrap();
        assert_eq!(ses.parse("82.5"), Ok(82.5));
        assert_eq!(ses.text(&Thresholds::default()), "80");
        assert_eq!(
            field("sla_error_amber_pct")
                .unwrap()
                .text(&Thresholds::default()),
            "1"
        );
        assert!(ses.parse("-1").is_err());
        assert!(ses.parse("NaN").is_err());
        assert!(ses.parse("inf").is_err());
    }
}
