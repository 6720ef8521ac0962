//! The console's parsers and rules on every beak-sim scenario and fault, and on arbitrary input.
#![cfg(not(target_arch = "wasm32"))]

use beak_sim::{respond, Fault, Route, Scenario};
use chrono::{DateTime, Utc};
use ops_console::api::models::{parse_metrics, parse_root, parse_status, ParseError};
use ops_console::domain::rules;
use ops_console::domain::thresholds::{Level, Thresholds};
use proptest::prelude::*;

fn now() -> DateTime<Utc> {
    ops_console::domain::time::parse_rfc3339("2026-11-29T19:42:07Z").unwrap()
}

fn body(s: Scenario, r: Route) -> (u16, String) {
    let resp = respond(s, None, r, now(), 600);
    (resp.status, resp.body)
}

#[test]
fn every_scenario_parses_or_fails_by_name() {
    for &s in Scenario::ALL {
        for &r in Route::ALL {
            let resp = respond(s, None, r, now(), 600);
            if resp.hang || resp.status != 200 {
                continue;
            }
            let outcome = match r {
                Route::Root => parse_root(&resp.body).map(|_| ()),
                Route::Metrics => parse_metrics(&resp.body).map(|_| ()),
                Route::Status => parse_status(&resp.body).map(|_| ()),
            };
            match s {
                Scenario::NotJson => assert!(
                    matches!(outcome, Err(ParseError::NotJson(_))),
                    "{s:?} {r:?}: {outcome:?}"
                ),
                Scenario::MissingKeys if r != Route::Root => assert!(
                    matches!(outcome, Err(ParseError::MissingKeys(_))),
                    "{s:?} {r:?}: {outcome:?}"
                ),
                _ => assert!(outcome.is_ok(), "{s:?} {r:?}: {outcome:?}"),
            }
        }
    }
}

#[test]
fn missing_keys_scenario_names_the_keys() {
    let (_, b) = body(Scenario::MissingKeys, Route::Status);
    assert_eq!(
        parse_status(&b).unwrap_err(),
        ParseError::MissingKeys(vec![
            "lambda.version".into(),
            "database".into(),
            "agents".into()
        ])
    );
}

#[test]
fn healthy_is_green_everywhere_and_each_broken_scenario_shows_its_fault() {
    let t = Thresholds::default();
    let status = |s| parse_status(&body(s, Route::Status).1).unwrap().data;
    let metrics = |s| parse_metrics(&body(s, Route::Metrics).1).unwrap().data;

    let h = status(Scenario::Healthy);
    let hm = metrics(Scenario::Healthy);
    assert_eq!(rules::alias_drift(Some(&h)).level, Level::Green);
    assert_eq!(rules::fleet(Some(&h.agents)).level, Level::Green);
    assert_eq!(rules::peck_failures(Some(&hm), &t).level, Level::Green);
    for (name, j) in rules::audit_counts(hm.audit.as_ref(), &t) {
        assert_eq!(j.level, Level::Green, "{name}: {}", j.reason);
    }
    assert_eq!(
        rules::ses_quota(h.ses_quota.as_ref(), &t).level,
        Level::Green
    );
    assert_eq!(rules::sandbox(h.sandbox.as_ref()).level, Level::Green);
    assert_eq!(
        rules::change_freeze(h.change_freeze.as_ref(), now()).level,
        Level::Green
    );
    assert_eq!(rules::snapshot(Some(&h), now(), &t).level, Level::Green);
    assert_eq!(rules::cold_start(Some(&h), &t).level, Level::Green);

    assert_eq!(
        rules::alias_drift(Some(&status(Scenario::AliasDrift))).level,
        Level::Red
    );
    assert_eq!(
        rules::fleet(Some(&status(Scenario::PartialFleet).agents)).level,
        Level::Amber
    );
    assert_eq!(
        rules::fleet(Some(&status(Scenario::FleetOutage).agents)).level,
        Level::Red
    );
    assert_eq!(
        rules::ses_quota(status(Scenario::SesAmber).ses_quota.as_ref(), &t).level,
        Level::Amber
    );
    assert_eq!(
        rules::ses_quota(status(Scenario::SesRed).ses_quota.as_ref(), &t).level,
        Level::Red
    );
    assert_eq!(
        rules::sandbox(status(Scenario::Sandbox).sandbox.as_ref()).level,
        Level::Red
    );
    assert_eq!(
        rules::change_freeze(status(Scenario::ChangeFreeze).change_freeze.as_ref(), now()).level,
        Level::Red
    );
    assert_eq!(
        rules::snapshot(Some(&status(Scenario::StaleSnapshot)), now(), &t).level,
        Level::Red
    );
    let cb = metrics(Scenario::PeckCallbackErrors);
    assert_eq!(rules::peck_failures(Some(&cb), &t).level, Level::Red);
    assert_eq!(
        rules::dominant_failure(cb.pecks.as_ref().unwrap())
            .unwrap()
            .0,
        rules::PeckFailure::CallbackError
    );
    for (s, f) in [
        (Scenario::PeckDeniedSpike, rules::PeckFailure::Denied),
        (Scenario::PeckExpiredSpike, rules::PeckFailure::Expired),
    ] {
        let m = metrics(s);
        assert_eq!(
            rules::dominant_failure(m.pecks.as_ref().unwrap())
                .unwrap()
                .0,
            f,
            "{s:?}"
        );
    }
    let spike = metrics(Scenario::AuditSpike);
    assert!(rules::audit_counts(spike.audit.as_ref(), &t)
        .iter()
        .any(|(_, j)| j.level == Level::Amber));
}

#[test]
fn every_fault_parses_without_panic_and_wrong_types_are_noted() {
    for &f in Fault::ALL {
        for &r in Route::ALL {
            let resp = respond(Scenario::Healthy, Some(f), r, now(), 600);
            if resp.hang {
                continue;
            }
            let _ = parse_root(&resp.body);
            let _ = parse_metrics(&resp.body);
            let _ = parse_status(&resp.body);
        }
    }
    let wrong = respond(
        Scenario::Healthy,
        Some(Fault::WrongTypes),
        Route::Status,
        now(),
        600,
    );
    match parse_status(&wrong.body) {
        Ok(p) => assert!(!p.notes.is_empty(), "wrong types must be noted"),
        Err(e) => assert!(matches!(e, ParseError::MissingKeys(_)), "{e:?}"),
    }
    let truncated = respond(
        Scenario::Healthy,
        Some(Fault::Truncated),
        Route::Status,
        now(),
        600,
    );
    assert!(matches!(
        parse_status(&truncated.body),
        Err(ParseError::NotJson(_))
    ));
}

fn arb_json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(serde_json::Value::from),
        ".{0,12}".prop_map(serde_json::Value::from),
        prop_oneof![
            Just("42"),
            Just("$LATEST"),
            Just("2026-11-29T19:42:07Z"),
            Just("<script>x</script>")
        ]
        .prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(4, 48, 8, |inner| {
        let keys = prop_oneof![
            Just("lambda".to_string()),
            Just("version".to_string()),
            Just("database".to_string()),
            Just("agents".to_string()),
            Just("alive".to_string()),
            Just("total".to_string()),
            Just("pecks".to_string()),
            Just("requested".to_string()),
            Just("deployments".to_string()),
            Just("ses_quota".to_string()),
            Just("sent_24h".to_string()),
            Just("max_24h".to_string()),
            Just("change_freeze".to_string()),
            Just("snapshot".to_string()),
            Just("taken_at".to_string()),
            "[a-z_]{1,8}",
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            prop::collection::btree_map(keys, inner, 0..8)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn parsers_never_panic_on_arbitrary_json(v in arb_json()) {
        let s = v.to_string();
        let t = Thresholds::default();
        let _ = parse_root(&s);
        if let Ok(m) = parse_metrics(&s) {
            let _ = rules::peck_failures(Some(&m.data), &t);
            let _ = rules::audit_counts(m.data.audit.as_ref(), &t);
            let _ = rules::sla(m.data.sla.as_ref(), &t);
        }
        if let Ok(st) = parse_status(&s) {
            let d = st.data;
            let _ = rules::alias_drift(Some(&d));
            let _ = rules::fleet(Some(&d.agents));
            let _ = rules::ses_quota(d.ses_quota.as_ref(), &t);
            let _ = rules::snapshot(Some(&d), now(), &t);
        }
    }

    #[test]
    fn parsers_never_panic_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let s = String::from_utf8_lossy(&bytes);
        let _ = parse_root(&s);
        let _ = parse_metrics(&s);
        let _ = parse_status(&s);
    }

    #[test]
    fn status_with_required_keys_always_parses(version in "[0-9]{1,4}", alive in 0u64..50, total in 0u64..50) {
        let body = serde_json::json!({
            "lambda": {"version": version}, "database": {}, "agents": {"alive": alive, "total": total}
        }).to_string();
        let p = parse_status(&body).unwrap();
        prop_assert_eq!(p.data.lambda.version, version);
        if alive > total {
            prop_assert_eq!(p.data.agents.alive, None);
        } else {
            prop_assert_eq!(p.data.agents.alive, Some(alive));
        }
    }
}
