//! Every threshold the console judges by, with the defaults from the source page and the
//! `/beak` contract. Stored under `ops-console/v1/thresholds`; edited on Alert Thresholds.

use serde::{Deserialize, Serialize};

use super::merge::Merge;

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

impl Merge for Thresholds {
    fn merge(self, other: Self) -> Self {
        other
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
}
