//! `respond` over every scenario, route and fault: statuses, shapes and distinguishing facts.

use std::collections::BTreeSet;

use beak_sim::scenario::{
    HUGE_PADDING_LEN, NOT_JSON_BODY, SLOW_DELAY_MS, XSS_IMG, XSS_LONG_LEN, XSS_SCRIPT,
};
use beak_sim::{respond, Fault, Route, Scenario, SimResponse};
use chrono::{DateTime, Duration, TimeZone, Utc};
use serde_json::Value;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 29, 19, 42, 7).unwrap()
}

fn json(res: &SimResponse) -> Value {
    assert_eq!(res.content_type, "application/json");
    serde_json::from_str(&res.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", res.body))
}

fn get(s: Scenario, r: Route, elapsed: u64) -> Value {
    json(&respond(s, None, r, now(), elapsed))
}

fn time(v: &Value) -> DateTime<Utc> {
    let s = v
        .as_str()
        .unwrap_or_else(|| panic!("time not a string: {v}"));
    assert!(
        s.ends_with('Z') && s.len() == 20,
        "not RFC 3339 UTC seconds: {s}"
    );
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn expected_status(s: Scenario, r: Route) -> u16 {
    match (s, r) {
        (Scenario::CrashLoop, Route::Metrics | Route::Status) => 502,
        (Scenario::GatewayTimeout, Route::Status) => 504,
        _ => 200,
    }
}

/// Leaf paths where two JSON values differ (arrays compared whole).
fn diff(a: &Value, b: &Value, path: &str, out: &mut BTreeSet<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for k in keys {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                match (x.get(k), y.get(k)) {
                    (Some(va), Some(vb)) => diff(va, vb, &p, out),
                    _ => {
                        out.insert(p);
                    }
                }
            }
        }
        _ if a != b => {
            out.insert(path.to_owned());
        }
        _ => {}
    }
}

fn differences(s: Scenario, elapsed: u64) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for r in Route::ALL {
        let res = respond(s, None, *r, now(), elapsed);
        if res.content_type != "application/json" || res.status != 200 || res.hang {
            continue;
        }
        let prefix = r.path();
        let mut d = BTreeSet::new();
        diff(
            &get(Scenario::Healthy, *r, elapsed),
            &json(&res),
            "",
            &mut d,
        );
        out.extend(d.into_iter().map(|p| format!("{prefix}:{p}")));
    }
    out
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn names_round_trip() {
    assert_eq!(Scenario::ALL.len(), 19);
    assert_eq!(Fault::ALL.len(), 10);
    for s in Scenario::ALL {
        assert_eq!(Scenario::from_name(s.name()), Some(*s));
        assert_eq!(serde_json::to_value(s).unwrap(), Value::from(s.name()));
        let d = s.description();
        assert!(d.len() > 20 && d.ends_with('.'), "{d}");
    }
    for f in Fault::ALL {
        assert_eq!(Fault::from_name(f.name()), Some(*f));
        assert_eq!(serde_json::to_value(f).unwrap(), Value::from(f.name()));
    }
    assert_eq!(Scenario::from_name("nope"), None);
    assert_eq!(Fault::from_name("status-501"), None);
    let paths: Vec<_> = Route::ALL.iter().map(|r| r.path()).collect();
    assert_eq!(paths, ["/beak", "/beak/metrics", "/beak/system/status"]);
}

#[test]
fn every_scenario_and_route_has_documented_status_and_keys() {
    for s in Scenario::ALL {
        for r in Route::ALL {
            let res = respond(*s, None, *r, now(), 0);
            assert_eq!(res, respond(*s, None, *r, now(), 0), "deterministic");
            assert_eq!(res.status, expected_status(*s, *r), "{s:?} {r:?}");
            assert_eq!(res.hang, *s == Scenario::Hang, "{s:?} {r:?}");
            let delay = if *s == Scenario::Slow {
                SLOW_DELAY_MS
            } else {
                0
            };
            assert_eq!(res.delay_ms, delay, "{s:?} {r:?}");
            if res.hang {
                continue;
            }
            if *s == Scenario::NotJson {
                assert!(res.content_type.starts_with("text/html"));
                assert_eq!(res.body, NOT_JSON_BODY);
                assert!(serde_json::from_str::<Value>(&res.body).is_err());
                continue;
            }
            let v = json(&res);
            if res.status != 200 {
                assert!(v["message"].is_string());
                continue;
            }
            match r {
                Route::Root => {
                    assert_eq!(v["service"], "beak");
                    assert_eq!(v["ok"], true);
                    assert_eq!(time(&v["time"]), now());
                }
                Route::Status if *s == Scenario::MissingKeys => {
                    assert!(v.get("database").is_none());
                    assert!(v.get("agents").is_none());
                    assert!(v["lambda"].is_object());
                    assert!(v["lambda"].get("version").is_none());
                }
                Route::Status => {
                    assert!(v["lambda"]["version"].is_string(), "{s:?}");
                    assert!(v["lambda_alias_version"].is_string());
                    assert!(v["database"].is_object());
                    assert!(v["agents"].is_object());
                    assert_eq!(time(&v["generated_at"]), now());
                    for d in v["deployments"].as_array().unwrap() {
                        assert!(d["version"].is_string());
                    }
                }
                Route::Metrics if *s == Scenario::MissingKeys => {
                    assert!(v.get("pecks").is_none());
                    assert!(v["audit"].is_object());
                }
                Route::Metrics => {
                    assert_eq!(v["window_minutes"], 30);
                    for k in [
                        "requested",
                        "approved",
                        "denied",
                        "expired",
                        "callback_error",
                    ] {
                        assert!(v["pecks"][k].is_u64(), "{s:?} pecks.{k}");
                    }
                }
            }
        }
    }
}

#[test]
fn healthy_is_within_normal_bounds_over_time() {
    for elapsed in (0..3 * 3600).step_by(45) {
        let st = get(Scenario::Healthy, Route::Status, elapsed);
        let m = get(Scenario::Healthy, Route::Metrics, elapsed);
        assert_eq!(st["lambda"]["version"], "42");
        assert_eq!(st["lambda_alias_version"], "42");
        let cold = st["lambda"]["cold_start_ms_p95"].as_u64().unwrap();
        assert!((550..=700).contains(&cold));
        assert_eq!(st["database"]["status"], "ok");
        let a = &st["agents"];
        assert_eq!(
            (a["total"].as_u64(), a["alive"].as_u64(), a["dead"].as_u64()),
            (Some(12), Some(12), Some(0))
        );
        assert_eq!(a["dead_ids"], serde_json::json!([]));
        let pulse_age = now() - time(&a["last_pulse_at"]);
        assert!(pulse_age >= Duration::seconds(1) && pulse_age <= Duration::seconds(10));
        let snap_age = now() - time(&st["snapshot"]["taken_at"]);
        assert!(snap_age >= Duration::seconds(90) && snap_age <= Duration::minutes(3));
        let sent = st["ses_quota"]["sent_24h"].as_u64().unwrap();
        assert!((100..=130).contains(&sent), "{sent}");
        assert_eq!(st["ses_quota"]["max_24h"], 200);
        assert_eq!(
            st["sandbox"],
            serde_json::json!({"ses": false, "sns": false})
        );
        assert_eq!(
            st["change_freeze"],
            serde_json::json!({"active": false, "reason": null, "until": null, "set_by": null})
        );
        let deps = st["deployments"].as_array().unwrap();
        let versions: Vec<_> = deps
            .iter()
            .map(|d| d["version"].as_str().unwrap())
            .collect();
        assert_eq!(versions, ["42", "41", "40", "39"]);
        let times: Vec<_> = deps.iter().map(|d| time(&d["deployed_at"])).collect();
        assert!(times[0] < now());
        assert!(times.windows(2).all(|w| w[0] - w[1] >= Duration::days(1)));
        assert!(deps
            .iter()
            .all(|d| d["operator"].is_string() && d["summary"].is_string()));

        let p = &m["pecks"];
        let requested = p["requested"].as_u64().unwrap();
        assert!((200..=240).contains(&requested));
        let failed = p["denied"].as_u64().unwrap()
            + p["expired"].as_u64().unwrap()
            + p["callback_error"].as_u64().unwrap();
        assert!(
            (failed as f64) / (requested as f64) < 0.02,
            "{failed}/{requested}"
        );
        assert_eq!(p["approved"].as_u64().unwrap() + failed, requested);
        let notify = m["audit"]["peck_notify"].as_u64().unwrap();
        assert!((200..=240).contains(&notify));
        assert_eq!(m["audit"]["peck_requested"].as_u64(), Some(requested));
        let certs = m["audit"]["duck.cert_issued"].as_u64().unwrap();
        assert!((10..=25).contains(&certs));
        let avail = m["sla"]["availability_pct"].as_f64().unwrap();
        assert!((99.9..100.0).contains(&avail));
        let p95 = m["sla"]["latency_p95_ms"].as_u64().unwrap();
        assert!((250..=350).contains(&p95));
        assert!(m["sla"]["error_rate_pct"].as_f64().unwrap() < 1.0);
    }
}

#[test]
fn values_move_over_time() {
    let a = get(Scenario::Healthy, Route::Status, 0);
    let b = get(Scenario::Healthy, Route::Status, 3600);
    assert!(b["pipeline"]["completed_24h"].as_u64() > a["pipeline"]["completed_24h"].as_u64());
    let m0 = get(Scenario::Healthy, Route::Metrics, 0);
    let m1 = get(Scenario::Healthy, Route::Metrics, 600);
    assert_ne!(m0["pecks"]["requested"], m1["pecks"]["requested"]);
    let later = now() + Duration::seconds(30);
    let c = json(&respond(Scenario::Healthy, None, Route::Status, later, 30));
    assert_eq!(time(&c["generated_at"]), later);
}

#[test]
fn past_deployments_keep_their_times_through_a_run() {
    let deployed = |at: DateTime<Utc>, elapsed: u64| -> Vec<DateTime<Utc>> {
        let v = json(&respond(
            Scenario::Healthy,
            None,
            Route::Status,
            at,
            elapsed,
        ));
        let deps = v["deployments"].as_array().unwrap().clone();
        deps.iter().map(|d| time(&d["deployed_at"])).collect()
    };
    // A run started at 19:42:07: its answers 0 s, 1 s, 59 min and 5 h later name the same times.
    let first = deployed(now(), 0);
    for secs in [1, 3540, 5 * 3600] {
        let later = now() + Duration::seconds(secs as i64);
        assert_eq!(deployed(later, secs), first, "{secs} s into the run");
        // Part of a second further on (the whole seconds counted are the same).
        let between = later + Duration::milliseconds(900);
        assert_eq!(deployed(between, secs), first, "{secs}.9 s into the run");
    }
    // Counted back from the hour the run started in: the newest 27 h before 19:00.
    assert_eq!(
        first[0],
        Utc.with_ymd_and_hms(2026, 11, 28, 16, 0, 0).unwrap()
    );
    // A run started an hour later has them an hour later.
    let next = now() + Duration::hours(1);
    assert_eq!(deployed(next, 0)[0], first[0] + Duration::hours(1));
}

#[test]
fn each_broken_scenario_differs_from_healthy_only_in_its_named_way() {
    const S: &str = "/beak/system/status:";
    const M: &str = "/beak/metrics:";
    let cases: &[(Scenario, &[&str])] = &[
        (Scenario::Healthy, &[]),
        (Scenario::AliasDrift, &["lambda_alias_version"]),
        (
            Scenario::PartialFleet,
            &["agents.alive", "agents.dead", "agents.dead_ids"],
        ),
        (
            Scenario::FleetOutage,
            &[
                "agents.alive",
                "agents.dead",
                "agents.dead_ids",
                "agents.last_pulse_at",
            ],
        ),
        (
            Scenario::PeckCallbackErrors,
            &["pecks.callback_error", "pecks.approved"],
        ),
        (
            Scenario::PeckDeniedSpike,
            &["pecks.denied", "pecks.approved"],
        ),
        (
            Scenario::PeckExpiredSpike,
            &["pecks.expired", "pecks.approved"],
        ),
        (
            Scenario::AuditSpike,
            &["audit.peck_notify", "audit.duck.cert_issued"],
        ),
        (Scenario::SesAmber, &["ses_quota.sent_24h"]),
        (Scenario::SesRed, &["ses_quota.sent_24h"]),
        (Scenario::Sandbox, &["sandbox.ses", "sandbox.sns"]),
        (
            Scenario::ChangeFreeze,
            &[
                "change_freeze.active",
                "change_freeze.reason",
                "change_freeze.until",
                "change_freeze.set_by",
            ],
        ),
        (Scenario::StaleSnapshot, &["snapshot.taken_at"]),
        (Scenario::Slow, &[]),
        (Scenario::GatewayTimeout, &[]),
        (Scenario::CrashLoop, &[]),
        (
            Scenario::MissingKeys,
            &["database", "agents", "lambda.version", "pecks"],
        ),
    ];
    for elapsed in [0, 777] {
        for (s, paths) in cases {
            let expected: BTreeSet<String> = paths
                .iter()
                .map(|p| {
                    let route = if p.starts_with("pecks") || p.starts_with("audit") {
                        M
                    } else {
                        S
                    };
                    format!("{route}{p}")
                })
                .collect();
            assert_eq!(differences(*s, elapsed), expected, "{s:?}");
        }
    }
    assert_eq!(set(&[]), differences(Scenario::Healthy, 5));
}

#[test]
fn distinguishing_facts() {
    let st = |s| get(s, Route::Status, 120);
    let m = |s| get(s, Route::Metrics, 120);

    let v = st(Scenario::AliasDrift);
    assert_eq!(
        (
            v["lambda"]["version"].as_str(),
            v["lambda_alias_version"].as_str()
        ),
        (Some("42"), Some("41"))
    );

    let a = st(Scenario::PartialFleet)["agents"].clone();
    assert_eq!(
        (a["total"].as_u64(), a["alive"].as_u64(), a["dead"].as_u64()),
        (Some(12), Some(9), Some(3))
    );
    assert_eq!(a["dead_ids"].as_array().unwrap().len(), 3);

    let a = st(Scenario::FleetOutage)["agents"].clone();
    assert_eq!(
        (a["alive"].as_u64(), a["dead"].as_u64()),
        (Some(0), Some(12))
    );
    let ids: Vec<_> = a["dead_ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids.len(), 12);
    assert_eq!(ids.first().map(String::as_str), Some("duck-01"));
    assert!(now() - time(&a["last_pulse_at"]) >= Duration::hours(1));

    let rate = |s, k: &str| {
        let p = m(s)["pecks"].clone();
        p[k].as_f64().unwrap() / p["requested"].as_f64().unwrap()
    };
    assert!((0.2..0.3).contains(&rate(Scenario::PeckCallbackErrors, "callback_error")));
    assert!(rate(Scenario::PeckDeniedSpike, "denied") >= 0.2);
    assert!(rate(Scenario::PeckExpiredSpike, "expired") >= 0.2);

    let healthy_notify = m(Scenario::Healthy)["audit"]["peck_notify"]
        .as_u64()
        .unwrap();
    let spike = m(Scenario::AuditSpike)["audit"].clone();
    assert_eq!(spike["peck_notify"].as_u64(), Some(healthy_notify * 5));
    assert_eq!(spike["duck.cert_issued"], 0);

    assert_eq!(
        st(Scenario::SesAmber)["ses_quota"],
        serde_json::json!({"sent_24h": 170, "max_24h": 200})
    );
    assert_eq!(
        st(Scenario::SesRed)["ses_quota"],
        serde_json::json!({"sent_24h": 194, "max_24h": 200})
    );
    assert_eq!(
        st(Scenario::Sandbox)["sandbox"],
        serde_json::json!({"ses": true, "sns": true})
    );

    let f = st(Scenario::ChangeFreeze)["change_freeze"].clone();
    assert_eq!(f["active"], true);
    assert_eq!(f["reason"], "Quarterly audit window");
    assert_eq!(f["set_by"], "T-JOSH");
    assert_eq!(time(&f["until"]), now() + Duration::hours(6));

    let age = now() - time(&st(Scenario::StaleSnapshot)["snapshot"]["taken_at"]);
    assert_eq!(age, Duration::minutes(40));

    let crash = respond(Scenario::CrashLoop, None, Route::Status, now(), 0);
    assert_eq!(crash.status, 502);
    assert!(crash.body.len() < 200);
    assert_eq!(
        respond(Scenario::CrashLoop, None, Route::Root, now(), 0).status,
        200
    );
    assert_eq!(
        respond(Scenario::GatewayTimeout, None, Route::Metrics, now(), 0).status,
        200
    );
}

#[test]
fn faults_override_the_scenario() {
    for r in Route::ALL {
        let res = |f| respond(Scenario::Hang, Some(f), *r, now(), 0);
        assert_eq!(res(Fault::Status500).status, 500);
        assert_eq!(res(Fault::Status502).status, 502);
        assert_eq!(res(Fault::Status504).status, 504);
        assert!(!res(Fault::Status500).hang);
        assert!(respond(Scenario::Healthy, Some(Fault::Hang), *r, now(), 0).hang);

        let html = res(Fault::HtmlError);
        assert_eq!(
            (html.status, html.content_type.starts_with("text/html")),
            (200, true)
        );
        assert!(serde_json::from_str::<Value>(&html.body).is_err());

        let t = res(Fault::Truncated);
        assert_eq!((t.status, t.content_type), (200, "application/json"));
        assert!(!t.body.is_empty());
        assert!(serde_json::from_str::<Value>(&t.body).is_err());

        let huge = res(Fault::Huge);
        assert!(huge.body.len() > HUGE_PADDING_LEN);
        let v = json(&huge);
        assert_eq!(v["padding"].as_str().unwrap().len(), HUGE_PADDING_LEN);

        let xss = res(Fault::Xss);
        assert_eq!(xss.status, 200);
        json(&xss);
        // The payloads carry quotes: look for them as JSON strings.
        for payload in [XSS_SCRIPT, XSS_IMG] {
            assert!(
                xss.body.contains(&Value::from(payload).to_string()),
                "{payload}"
            );
        }
        assert!(xss.body.contains(&"A".repeat(XSS_LONG_LEN)));

        let wt = json(&res(Fault::WrongTypes));
        assert!(wt.is_object());
    }
    let mk = |r| {
        json(&respond(
            Scenario::Healthy,
            Some(Fault::MissingKeys),
            r,
            now(),
            0,
        ))
    };
    assert!(mk(Route::Status).get("agents").is_none());
    assert!(mk(Route::Status)["lambda"].get("version").is_none());
    assert!(mk(Route::Metrics).get("pecks").is_none());
    assert!(mk(Route::Root).get("ok").is_none());

    let wt = json(&respond(
        Scenario::Healthy,
        Some(Fault::WrongTypes),
        Route::Status,
        now(),
        0,
    ));
    assert!(wt["database"].is_null());
    assert!(wt["lambda"]["version"].is_number());
    assert!(
        wt["agents"]["alive"].as_i64()
            > wt["agents"]["total"].as_str().and_then(|s| s.parse().ok())
    );
    assert!(wt["agents"]["dead"].as_i64().unwrap() < 0);
    let wm = json(&respond(
        Scenario::Healthy,
        Some(Fault::WrongTypes),
        Route::Metrics,
        now(),
        0,
    ));
    assert!(wm["pecks"]["requested"].is_string());

    let xs = json(&respond(
        Scenario::Healthy,
        Some(Fault::Xss),
        Route::Status,
        now(),
        0,
    ));
    // Every string field the console renders carries a payload; required keys stay usable.
    assert_eq!(xs["lambda"]["version"], XSS_IMG);
    assert_eq!(xs["lambda_alias_version"], XSS_SCRIPT);
    assert_eq!(xs["lambda"]["function_name"], XSS_SCRIPT);
    assert_eq!(xs["database"]["status"], XSS_IMG);
    assert_eq!(xs["change_freeze"]["reason"], XSS_SCRIPT);
    assert_eq!(xs["change_freeze"]["set_by"], XSS_IMG);
    assert_eq!(xs["deployments"][0]["operator"], XSS_SCRIPT);
    assert_eq!(xs["deployments"][0]["version"], XSS_IMG);
    assert_eq!(xs["deployments"][0]["summary"], "A".repeat(XSS_LONG_LEN));
    assert_eq!(xs["agents"]["dead_ids"][2], "A".repeat(XSS_LONG_LEN));
    for payload in [XSS_SCRIPT, XSS_IMG] {
        assert!(payload.contains("window.__xss=true"), "{payload}");
    }
}
