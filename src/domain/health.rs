//! The health score: 100 minus penalties for dead agents, a stale snapshot, peck failures,
//! sandbox blockers (the source page's four), alias drift and failing routes. Weights come from
//! [`Thresholds::health_weights`]; red below `health_red_below` (60), amber below
//! `health_amber_below` (80). Without the status and metrics payloads there is no score.

use serde::Serialize;

use super::facts::Facts;
use super::rules;
use super::thresholds::{HealthWeights, Level, Thresholds};

/// One penalty: what it is for, how many points it takes and the card that shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Penalty {
    /// A stable key: `dead-agents`, `stale-snapshot`, `peck-failures`, `sandbox`,
    /// `alias-drift`, `failing-routes`.
    pub rule: &'static str,
    pub label: &'static str,
    pub points: u32,
    /// The fragment id of the card on Mission Control.
    pub card: &'static str,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Health {
    /// 0–100, or None when there is not enough data to score.
    pub score: Option<u32>,
    /// Red/amber/green by the score; Unknown without a score or on stale data.
    pub level: Level,
    /// Highest first.
    pub penalties: Vec<Penalty>,
    /// What is missing or stale, for the "no score" / "stale" note (empty when fresh).
    pub note: Option<String>,
}

/// The level of a score: red below `health_red_below`, amber below `health_amber_below`.
pub fn score_level(score: u32, t: &Thresholds) -> Level {
    if score < t.health_red_below {
        Level::Red
    } else if score < t.health_amber_below {
        Level::Amber
    } else {
        Level::Green
    }
}

/// `weight × dead / total`, rounded half up; all dead is the full weight.
pub fn dead_agent_points(w: &HealthWeights, alive: u64, total: u64) -> u32 {
    if total == 0 || alive >= total {
        return 0;
    }
    let dead = total - alive;
    let w = u64::from(w.dead_agents);
    ((w * dead * 2 + total) / (total * 2)) as u32
}

/// Every penalty that applies to the facts, highest first (ties in a fixed order).
pub fn penalties(f: &Facts, t: &Thresholds) -> Vec<Penalty> {
    let w = &t.health_weights;
    let mut out = Vec::new();
    let status = f.status.data.as_ref();
    if let Some(s) = status {
        if let (Some(alive), Some(total)) = (s.agents.alive, s.agents.total) {
            let points = dead_agent_points(w, alive, total);
            if points > 0 {
                out.push(Penalty {
                    rule: "dead-agents",
                    label: "Dead agents",
                    points,
                    card: "agent-fleet",
                    reason: format!("{} of {total} agents dead", total - alive),
                });
            }
        }
        let snap = rules::snapshot(Some(s), f.now, t);
        if snap.level == Level::Red && w.stale_snapshot > 0 {
            out.push(Penalty {
                rule: "stale-snapshot",
                label: "Stale snapshot",
                points: w.stale_snapshot,
                card: "pipeline",
                reason: snap.reason,
            });
        }
        if let Some(sb) = &s.sandbox {
            let blockers = [sb.ses, sb.sns]
                .iter()
                .filter(|b| **b == Some(true))
                .count() as u32;
            if blockers > 0 && w.sandbox_blocker > 0 {
                out.push(Penalty {
                    rule: "sandbox",
                    label: "Sandbox blockers",
                    points: blockers * w.sandbox_blocker,
                    card: "sandbox",
                    reason: rules::sandbox(Some(sb)).reason,
                });
            }
        }
        let drift = rules::alias_drift(Some(s));
        if drift.level == Level::Red && w.alias_drift > 0 {
            out.push(Penalty {
                rule: "alias-drift",
                label: "Alias drift",
                points: w.alias_drift,
                card: "alias-drift",
                reason: drift.reason,
            });
        }
    }
    if f.metrics.data.is_some() {
        let p = rules::peck_failures(f.metrics.data.as_ref(), t);
        let points = match p.level {
            Level::Red => w.peck_failures,
            Level::Amber => w.peck_failures / 2,
            _ => 0,
        };
        if points > 0 {
            out.push(Penalty {
                rule: "peck-failures",
                label: "Peck failures",
                points,
                card: "peck-failures",
                reason: p.reason,
            });
        }
    }
    let failing: Vec<&str> = f.failing_routes().map(|r| r.route.path()).collect();
    if !failing.is_empty() && w.failing_route > 0 {
        out.push(Penalty {
            rule: "failing-routes",
            label: "Failing routes",
            points: failing.len() as u32 * w.failing_route,
            card: "route-health",
            reason: format!("Failing: {}", failing.join(", ")),
        });
    }
    // Stable sort: equal points keep the order above.
    crate::domain::sort::sort_by_key(&mut out, |p| std::cmp::Reverse(p.points));
    out
}

/// The score with its breakdown. No score without the status and metrics payloads; a score
/// from stale data is shown but judged Unknown, never green.
pub fn health(f: &Facts, t: &Thresholds) -> Health {
    let penalties = penalties(f, t);
    let missing = f.missing();
    if !missing.is_empty() {
        return Health {
            score: None,
            level: Level::Unknown,
            penalties,
            note: Some(format!("No score: no data from {}", missing.join(" or "))),
        };
    }
    let taken: u32 = penalties.iter().map(|p| p.points).sum();
    let score = 100u32.saturating_sub(taken);
    let (level, note) = if f.any_stale() {
        let age = f
            .oldest_age_secs()
            .map(|a| format!(" ({})", super::time::fmt_age(a)))
            .unwrap_or_default();
        (
            Level::Unknown,
            Some(format!("stale{age}: from the last data received")),
        )
    } else {
        (score_level(score, t), None)
    };
    Health {
        score: Some(score),
        level,
        penalties,
        note,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::facts::tests::facts_for;
    use beak_sim::Scenario;

    #[test]
    fn score_boundaries() {
        let t = Thresholds::default();
        assert_eq!(score_level(59, &t), Level::Red);
        assert_eq!(score_level(60, &t), Level::Amber);
        assert_eq!(score_level(79, &t), Level::Amber);
        assert_eq!(score_level(80, &t), Level::Green);
        assert_eq!(score_level(0, &t), Level::Red);
        assert_eq!(score_level(100, &t), Level::Green);
        let custom = Thresholds {
            health_red_below: 50,
            health_amber_below: 90,
            ..Thresholds::default()
        };
        assert_eq!(score_level(50, &custom), Level::Amber);
        assert_eq!(score_level(89, &custom), Level::Amber);
        assert_eq!(score_level(90, &custom), Level::Green);
    }

    #[test]
    fn dead_agents_in_proportion() {
        let w = HealthWeights::default();
        assert_eq!(dead_agent_points(&w, 12, 12), 0);
        assert_eq!(
            dead_agent_points(&w, 0, 12),
            40,
            "all dead: the full weight"
        );
        assert_eq!(dead_agent_points(&w, 9, 12), 10);
        assert_eq!(dead_agent_points(&w, 11, 12), 3, "40/12 = 3.33");
        assert_eq!(dead_agent_points(&w, 1, 16), 38, "37.5 rounds up");
        assert_eq!(dead_agent_points(&w, 0, 0), 0);
    }

    #[test]
    fn healthy_scores_100_green() {
        let h = health(&facts_for(Scenario::Healthy), &Thresholds::default());
        assert_eq!(h.score, Some(100));
        assert_eq!(h.level, Level::Green);
        assert!(h.penalties.is_empty());
        assert!(h.note.is_none());
    }

    #[test]
    fn each_penalty_by_scenario() {
        let t = Thresholds::default();
        let cases = [
            (Scenario::AliasDrift, "alias-drift", 15, "alias-drift"),
            (Scenario::PartialFleet, "dead-agents", 10, "agent-fleet"),
            (Scenario::FleetOutage, "dead-agents", 40, "agent-fleet"),
            (Scenario::StaleSnapshot, "stale-snapshot", 15, "pipeline"),
            (Scenario::Sandbox, "sandbox", 20, "sandbox"),
            (
                Scenario::PeckCallbackErrors,
                "peck-failures",
                20,
                "peck-failures",
            ),
            (
                Scenario::PeckDeniedSpike,
                "peck-failures",
                20,
                "peck-failures",
            ),
        ];
        for (s, rule, points, card) in cases {
            let h = health(&facts_for(s), &t);
            assert_eq!(h.penalties.len(), 1, "{s:?}: {:?}", h.penalties);
            let p = &h.penalties[0];
            assert_eq!((p.rule, p.points, p.card), (rule, points, card), "{s:?}");
            assert_eq!(h.score, Some(100 - points), "{s:?}");
        }
        // Fleet outage alone: exactly 60, amber (not red).
        let h = health(&facts_for(Scenario::FleetOutage), &t);
        assert_eq!(h.level, Level::Amber);
    }

    #[test]
    fn peck_penalty_half_at_amber() {
        let t = Thresholds::default();
        let mut f = facts_for(Scenario::Healthy);
        let m = f.metrics.data.as_mut().unwrap();
        // 5 % exactly: amber.
        m.pecks = Some(crate::api::models::Pecks {
            requested: Some(200),
            approved: Some(190),
            denied: Some(4),
            expired: Some(3),
            callback_error: Some(3),
        });
        let h = health(&f, &t);
        assert_eq!(h.penalties[0].points, 10);
        assert_eq!(h.score, Some(90));
        // 4.5 %: none.
        f.metrics
            .data
            .as_mut()
            .unwrap()
            .pecks
            .as_mut()
            .unwrap()
            .callback_error = Some(2);
        assert!(health(&f, &t).penalties.is_empty());
    }

    #[test]
    fn failing_routes_and_no_score_without_data() {
        let t = Thresholds::default();
        let h = health(&facts_for(Scenario::CrashLoop), &t);
        assert_eq!(h.score, None);
        assert_eq!(h.level, Level::Unknown);
        assert!(h.note.as_deref().unwrap().contains("No score"));
        assert_eq!(h.penalties[0].rule, "failing-routes");
        assert_eq!(h.penalties[0].points, 20);
        assert_eq!(h.penalties[0].card, "route-health");
        let h = health(&facts_for(Scenario::Hang), &t);
        assert_eq!(h.score, None);
        assert_eq!(h.penalties[0].points, 30);
    }

    #[test]
    fn breakdown_sorted_highest_first_and_floor_at_zero() {
        let t = Thresholds::default();
        let mut f = facts_for(Scenario::FleetOutage);
        let s = f.status.data.as_mut().unwrap();
        s.lambda_alias_version = Some("$LATEST".into());
        s.sandbox = Some(crate::api::models::Sandbox {
            ses: Some(true),
            sns: Some(false),
        });
        let h = health(&f, &t);
        let pts: Vec<u32> = h.penalties.iter().map(|p| p.points).collect();
        assert_eq!(pts, vec![40, 15, 10]);
        assert_eq!(h.score, Some(35));
        assert_eq!(h.level, Level::Red);
        // Boundaries through the weights: 41 points → 59 red; 40 → 60 amber; 21 → 79; 20 → 80.
        for (weight, score, level) in [
            (41, 59, Level::Red),
            (40, 60, Level::Amber),
            (21, 79, Level::Amber),
            (20, 80, Level::Green),
        ] {
            let mut t = Thresholds::default();
            t.health_weights.dead_agents = weight;
            let h = health(&facts_for(Scenario::FleetOutage), &t);
            assert_eq!((h.score, h.level), (Some(score), level), "weight {weight}");
        }
        let mut heavy = Thresholds::default();
        heavy.health_weights.dead_agents = 500;
        assert_eq!(
            health(&facts_for(Scenario::FleetOutage), &heavy).score,
            Some(0)
        );
    }

    #[test]
    fn stale_data_scores_but_is_never_green() {
        let t = Thresholds::default();
        let mut f = facts_for(Scenario::Healthy);
        f.status.stale = true;
        let h = health(&f, &t);
        assert_eq!(h.score, Some(100));
        assert_eq!(h.level, Level::Unknown);
        assert!(h.note.unwrap().starts_with("stale"));
    }
}
