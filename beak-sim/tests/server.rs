//! The real server on 127.0.0.1:0: static hosting rules, control endpoints, faults, timing.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use beak_sim::{serve, Config, Scenario};
use reqwest::header::{ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, LOCATION};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const INDEX: &str = "<!DOCTYPE html><html><head><title>Ops Console</title></head><body>ROOT INDEX page with enough text to be worth compressing, compressing, compressing.</body></html>";
const CHECKLIST: &str = "<!DOCTYPE html><html><body>CHECKLIST INDEX</body></html>";
const NOT_FOUND: &str = "<!DOCTYPE html><html><body>CUSTOM 404</body></html>";
const WASM: &[u8] = b"\0asm\x01\0\0\0 pretend module";
const WASM_BR: &[u8] = b"pretend-brotli-bytes";

/// A fresh dist directory inside a fresh parent that also holds a `secret.txt`; removed on drop.
struct TempDist(PathBuf);

impl std::ops::Deref for TempDist {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDist {
    fn drop(&mut self) {
        if let Some(parent) = self.0.parent() {
            let _ = std::fs::remove_dir_all(parent);
        }
    }
}

fn temp_dist() -> TempDist {
    static N: AtomicUsize = AtomicUsize::new(0);
    let parent = std::env::temp_dir().join(format!(
        "beak-sim-test-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let dist = parent.join("dist");
    let _ = std::fs::remove_dir_all(&parent);
    std::fs::create_dir_all(dist.join("checklist")).unwrap();
    std::fs::create_dir_all(dist.join("assets")).unwrap();
    std::fs::write(parent.join("secret.txt"), "TOP SECRET").unwrap();
    std::fs::write(dist.join("index.html"), INDEX).unwrap();
    std::fs::write(dist.join("checklist/index.html"), CHECKLIST).unwrap();
    std::fs::write(dist.join("404.html"), NOT_FOUND).unwrap();
    std::fs::write(dist.join("app.wasm"), WASM).unwrap();
    std::fs::write(dist.join("app.wasm.br"), WASM_BR).unwrap();
    std::fs::write(dist.join("assets/app-1a2b.js"), "console.log(1)").unwrap();
    TempDist(dist)
}

async fn start_with(dist: Option<&Path>, base_path: &str, scenario: Scenario) -> String {
    let config = Config {
        bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
        port: 0,
        dist: dist.map(Path::to_path_buf),
        base_path: base_path.to_owned(),
        scenario,
    };
    let (addr, server) = serve(config).await.expect("bind");
    assert_ne!(addr.port(), 0);
    tokio::spawn(server);
    format!("http://{addr}")
}

async fn start(scenario: Scenario) -> String {
    start_with(None, "/", scenario).await
}

fn client() -> Client {
    Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

async fn text(c: &Client, url: String) -> (StatusCode, reqwest::header::HeaderMap, String) {
    let res = c.get(url).send().await.unwrap();
    let (s, h) = (res.status(), res.headers().clone());
    (s, h, res.text().await.unwrap())
}

fn header(h: &reqwest::header::HeaderMap, name: impl reqwest::header::AsHeaderName) -> &str {
    h.get(name).map(|v| v.to_str().unwrap()).unwrap_or("")
}

async fn post_json(c: &Client, url: String, body: Value) -> (StatusCode, Value) {
    let res = c.post(url).json(&body).send().await.unwrap();
    let s = res.status();
    (s, res.json().await.unwrap())
}

async fn status_json(c: &Client, base: &str) -> Value {
    let res = c
        .get(format!("{base}/beak/system/status"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

/// A raw request line, so that `..` reaches the server unnormalized.
async fn raw_get(base: &str, path: &str) -> String {
    let addr: SocketAddr = base.trim_start_matches("http://").parse().unwrap();
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    s.write_all(format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes())
        .await
        .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).await.unwrap();
    out
}

#[tokio::test]
async fn static_host_rules() {
    let dist = temp_dist();
    let base = start_with(Some(&dist), "/", Scenario::Healthy).await;
    let c = client();

    for path in ["/", "/index.html"] {
        let (s, h, body) = text(&c, format!("{base}{path}")).await;
        assert_eq!((s, body.as_str()), (StatusCode::OK, INDEX), "{path}");
        assert!(header(&h, CONTENT_TYPE).starts_with("text/html"));
        assert_eq!(header(&h, CACHE_CONTROL), "no-cache");
    }
    for path in ["/checklist", "/checklist/", "/checklist/index.html"] {
        let (s, h, body) = text(&c, format!("{base}{path}")).await;
        assert_eq!(
            (s, body.as_str()),
            (StatusCode::OK, CHECKLIST),
            "{path} must not redirect"
        );
        assert_eq!(header(&h, CACHE_CONTROL), "no-cache");
    }
    for path in ["/nope", "/checklist/nope", "/index.html/", "/beakx"] {
        let (s, h, body) = text(&c, format!("{base}{path}")).await;
        assert_eq!(
            (s, body.as_str()),
            (StatusCode::NOT_FOUND, NOT_FOUND),
            "{path}"
        );
        assert_eq!(header(&h, CACHE_CONTROL), "no-cache");
    }

    let res = c.get(format!("{base}/app.wasm")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(header(res.headers(), CONTENT_TYPE), "application/wasm");
    assert_eq!(
        header(res.headers(), CACHE_CONTROL),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(res.bytes().await.unwrap().as_ref(), WASM);

    let (_, h, _) = text(&c, format!("{base}/assets/app-1a2b.js")).await;
    assert_eq!(
        header(&h, CACHE_CONTROL),
        "public, max-age=31536000, immutable"
    );
    assert!(header(&h, CONTENT_TYPE).contains("javascript"));

    // Traversal, encoded and raw.
    for path in [
        "/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/checklist/..%2f..%2fsecret.txt",
        "/%2E%2E%5Csecret.txt",
    ] {
        let (s, _, body) = text(&c, format!("{base}{path}")).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{path}");
        assert!(!body.contains("TOP SECRET"), "{path}");
    }
    for path in ["/../secret.txt", "/checklist/../../secret.txt"] {
        let raw = raw_get(&base, path).await;
        assert!(!raw.contains("TOP SECRET"), "{path}: {raw}");
        assert!(!raw.starts_with("HTTP/1.1 200"), "{path}: {raw}");
    }

    // Non-GET on static paths.
    let res = c.post(format!("{base}/index.html")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn precompressed_and_compressed() {
    let dist = temp_dist();
    let base = start_with(Some(&dist), "/", Scenario::Healthy).await;
    let c = client();

    let res = c
        .get(format!("{base}/app.wasm"))
        .header(ACCEPT_ENCODING, "br")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(header(res.headers(), CONTENT_ENCODING), "br");
    assert_eq!(header(res.headers(), CONTENT_TYPE), "application/wasm");
    assert_eq!(res.bytes().await.unwrap().as_ref(), WASM_BR);

    let res = c
        .get(format!("{base}/"))
        .header(ACCEPT_ENCODING, "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(header(res.headers(), CONTENT_ENCODING), "gzip");
    let bytes = res.bytes().await.unwrap();
    assert_eq!(&bytes[..2], &[0x1f, 0x8b], "gzip magic");
}

#[tokio::test]
async fn base_path_ops() {
    let dist = temp_dist();
    let base = start_with(Some(&dist), "/ops/", Scenario::Healthy).await;
    let c = client();
    for (path, status, body) in [
        ("/ops/", 200, INDEX),
        ("/ops", 200, INDEX),
        ("/ops/index.html", 200, INDEX),
        ("/ops/checklist", 200, CHECKLIST),
        ("/ops/checklist/", 200, CHECKLIST),
        ("/ops/nope", 404, NOT_FOUND),
    ] {
        let (s, _, b) = text(&c, format!("{base}{path}")).await;
        assert_eq!((s.as_u16(), b.as_str()), (status, body), "{path}");
    }
    for path in [
        "/",
        "/index.html",
        "/checklist/",
        "/opsx/index.html",
        "/ops/../index.html",
    ] {
        let (s, _, b) = text(&c, format!("{base}{path}")).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{path}");
        assert_ne!(b, INDEX);
    }
    let res = c.get(format!("{base}/ops/app.wasm")).send().await.unwrap();
    assert_eq!(header(res.headers(), CONTENT_TYPE), "application/wasm");
    // /beak and /__sim stay at the root.
    assert_eq!(status_json(&c, &base).await["lambda"]["version"], "42");
    let (s, _, _) = text(&c, format!("{base}/ops/beak")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _, _) = text(&c, format!("{base}/__sim/stats")).await;
    assert_eq!(s, StatusCode::OK);
}

#[tokio::test]
async fn beak_routes_headers_and_shapes() {
    let base = start(Scenario::Healthy).await;
    let c = client();
    for path in ["/beak", "/beak/metrics", "/beak/system/status"] {
        let res = c.get(format!("{base}{path}")).send().await.unwrap();
        assert_eq!(res.status(), 200);
        let h = res.headers();
        assert_eq!(header(h, CACHE_CONTROL), "no-store");
        assert_eq!(header(h, "access-control-allow-origin"), "*");
        assert_eq!(header(h, CONTENT_TYPE), "application/json");
        let v: Value = res.json().await.unwrap();
        assert!(v.is_object());
    }
    let v = status_json(&c, &base).await;
    assert_eq!(v["agents"]["alive"], 12);
    assert!(v["generated_at"].as_str().unwrap().ends_with('Z'));
    let res = c
        .request(reqwest::Method::OPTIONS, format!("{base}/beak/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(res.headers(), "access-control-allow-origin"), "*");
    // No dist: everything else is a plain 404.
    let (s, _, _) = text(&c, format!("{base}/")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn switching_scenarios() {
    let base = start(Scenario::Healthy).await;
    let c = client();

    let (s, v) = post_json(
        &c,
        format!("{base}/__sim/scenario"),
        json!({"scenario": "alias-drift"}),
    )
    .await;
    assert_eq!(
        (s, v["current"].as_str()),
        (StatusCode::OK, Some("alias-drift"))
    );
    assert_eq!(status_json(&c, &base).await["lambda_alias_version"], "41");

    let res = c
        .post(format!("{base}/__sim/scenario?name=partial-fleet"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(status_json(&c, &base).await["agents"]["alive"], 9);

    let res = c
        .post(format!("{base}/__sim/scenario"))
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body("scenario=ses-red")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(header(res.headers(), LOCATION), "/__sim");
    assert_eq!(status_json(&c, &base).await["ses_quota"]["sent_24h"], 194);

    let (s, v) = post_json(
        &c,
        format!("{base}/__sim/scenario"),
        json!({"scenario": "bogus"}),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(v["error"].as_str().unwrap().contains("bogus"));
    let res = c
        .post(format!("{base}/__sim/scenario"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    let v: Value = c
        .get(format!("{base}/__sim/scenarios"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["current"], "ses-red");
    assert_eq!(v["scenarios"].as_array().unwrap().len(), 19);
    assert!(v["scenarios"][0]["description"].is_string());
    assert_eq!(v["faults"].as_array().unwrap().len(), 10);
    assert_eq!(v["route_faults"], json!({}));

    let (_, h, page) = text(&c, format!("{base}/__sim")).await;
    assert!(header(&h, CONTENT_TYPE).starts_with("text/html"));
    assert!(page.contains(r#"<form method="post" action="/__sim/scenario">"#));
    assert_eq!(page.matches(r#"name="scenario""#).count(), 19);
    assert!(page.contains(r#"aria-current="true">ses-red</button>"#));
    assert!(page.contains("<label for=\"fault-route\">"));

    let res = c
        .get(format!("{base}/beak/system/status"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let (s, v) = post_json(&c, format!("{base}/__sim/reset"), json!({})).await;
    assert_eq!(
        (s, v["current"].as_str()),
        (StatusCode::OK, Some("healthy"))
    );
}

#[tokio::test]
async fn stats_count_requests_per_route() {
    let base = start(Scenario::Healthy).await;
    let c = client();
    for path in [
        "/beak",
        "/beak",
        "/beak/metrics",
        "/beak/system/status",
        "/beak/system/status",
        "/beak/system/status",
    ] {
        c.get(format!("{base}{path}")).send().await.unwrap();
    }
    let stats = |c: Client, base: String| async move {
        c.get(format!("{base}/__sim/stats"))
            .send()
            .await
            .unwrap()
            .json::<Value>()
            .await
            .unwrap()
    };
    assert_eq!(
        stats(c.clone(), base.clone()).await,
        json!({"requests": {"/beak": 2, "/beak/metrics": 1, "/beak/system/status": 3}})
    );
    c.post(format!("{base}/__sim/scenario?name=not-json"))
        .send()
        .await
        .unwrap();
    let res = c.get(format!("{base}/beak")).send().await.unwrap();
    assert!(header(res.headers(), CONTENT_TYPE).starts_with("text/html"));
    assert_eq!(
        res.text().await.unwrap(),
        "<html><body>Internal error</body></html>"
    );
    assert_eq!(stats(c.clone(), base.clone()).await["requests"]["/beak"], 3);

    let (s, v) = post_json(&c, format!("{base}/__sim/reset"), json!({})).await;
    assert_eq!(
        (s, v["current"].as_str()),
        (StatusCode::OK, Some("healthy"))
    );
    assert_eq!(
        stats(c.clone(), base.clone()).await,
        json!({"requests": {"/beak": 0, "/beak/metrics": 0, "/beak/system/status": 0}})
    );
}

#[tokio::test]
async fn per_route_faults() {
    let base = start(Scenario::Healthy).await;
    let c = client();
    let fault_url = format!("{base}/__sim/fault");

    let (s, v) = post_json(
        &c,
        fault_url.clone(),
        json!({"route": "/beak/metrics", "fault": "status-502"}),
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(v["route_faults"], json!({"/beak/metrics": "status-502"}));
    assert_eq!(
        c.get(format!("{base}/beak/metrics"))
            .send()
            .await
            .unwrap()
            .status(),
        502
    );
    assert_eq!(
        c.get(format!("{base}/beak/system/status"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );

    post_json(
        &c,
        fault_url.clone(),
        json!({"route": "/beak/system/status", "fault": "truncated"}),
    )
    .await;
    let body = c
        .get(format!("{base}/beak/system/status"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(serde_json::from_str::<Value>(&body).is_err());

    let (s, v) = post_json(
        &c,
        fault_url.clone(),
        json!({"route": "/beak/metrics", "fault": null}),
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(
        v["route_faults"],
        json!({"/beak/system/status": "truncated"})
    );
    assert_eq!(
        c.get(format!("{base}/beak/metrics"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );

    let (s, _) = post_json(
        &c,
        fault_url.clone(),
        json!({"route": "/beak/metrics", "fault": "explode"}),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _) = post_json(
        &c,
        fault_url.clone(),
        json!({"route": "/nope", "fault": "hang"}),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);

    // Huge is still valid JSON.
    post_json(
        &c,
        fault_url.clone(),
        json!({"route": "/beak", "fault": "huge"}),
    )
    .await;
    let v: Value = c
        .get(format!("{base}/beak"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(v["padding"].as_str().unwrap().len() >= 10 * 1024 * 1024);

    // A hang on one route leaves the others answering.
    post_json(
        &c,
        fault_url.clone(),
        json!({"route": "/beak/metrics", "fault": "hang"}),
    )
    .await;
    let quick = Client::builder()
        .timeout(Duration::from_secs(1))
        .build()
        .unwrap();
    let err = quick
        .get(format!("{base}/beak/metrics"))
        .send()
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err}");
    assert_eq!(
        quick
            .get(format!("{base}/beak/system/status"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );

    // Switching scenario clears faults.
    let (_, v) = post_json(
        &c,
        format!("{base}/__sim/scenario"),
        json!({"scenario": "healthy"}),
    )
    .await;
    assert_eq!(v["route_faults"], json!({}));
    assert_eq!(status_json(&c, &base).await["lambda"]["version"], "42");
}

#[tokio::test]
async fn slow_scenario_takes_at_least_two_seconds() {
    let base = start(Scenario::Slow).await;
    let c = client();
    let t = Instant::now();
    let v = status_json(&c, &base).await;
    assert!(t.elapsed() >= Duration::from_secs(2), "{:?}", t.elapsed());
    assert_eq!(v["lambda"]["version"], "42");
}

#[tokio::test]
async fn hang_scenario_times_out_clients() {
    let base = start(Scenario::Hang).await;
    let quick = Client::builder()
        .timeout(Duration::from_secs(1))
        .build()
        .unwrap();
    let t = Instant::now();
    let err = quick.get(format!("{base}/beak")).send().await.unwrap_err();
    assert!(err.is_timeout(), "{err}");
    assert!(t.elapsed() < Duration::from_secs(3));
    // The control plane still answers, and counted the hung request.
    let v: Value = client()
        .get(format!("{base}/__sim/stats"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["requests"]["/beak"], 1);
}

#[tokio::test]
async fn control_endpoints_refuse_non_loopback_peers() {
    use axum::body::Body;
    use axum::extract::ConnectInfo;
    use axum::http::Request;
    use tower::ServiceExt;

    let state = beak_sim::AppState::new(&Config::default());
    let call = |peer: Option<&str>, method: &str, uri: &str| {
        let app = beak_sim::app(state.clone());
        let mut req = Request::builder()
            .method(method)
            .uri(uri)
            .body(Body::empty())
            .unwrap();
        if let Some(p) = peer {
            req.extensions_mut()
                .insert(ConnectInfo(p.parse::<SocketAddr>().unwrap()));
        }
        async move { app.oneshot(req).await.unwrap().status().as_u16() }
    };
    assert_eq!(
        call(Some("10.0.0.5:5000"), "GET", "/__sim/stats").await,
        403
    );
    assert_eq!(
        call(Some("10.0.0.5:5000"), "POST", "/__sim/reset").await,
        403
    );
    assert_eq!(call(Some("10.0.0.5:5000"), "GET", "/__sim").await, 403);
    assert_eq!(call(None, "GET", "/__sim/scenarios").await, 403);
    assert_eq!(
        call(Some("127.0.0.1:5000"), "GET", "/__sim/stats").await,
        200
    );
    assert_eq!(
        call(Some("[::1]:5000"), "GET", "/__sim/scenarios").await,
        200
    );
    // The /beak routes answer anyone.
    assert_eq!(call(Some("10.0.0.5:5000"), "GET", "/beak").await, 200);
}

#[tokio::test]
async fn security_headers_follow_the_pages_meta_policy() {
    let dist = temp_dist();
    let meta = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-abc='; \
                base-uri 'none'; form-action 'none'";
    let page = format!(
        "<!doctype html><html><base href=/><meta http-equiv=\"Content-Security-Policy\" \
         content=\"{meta}\"><script type=module>x</script></html>"
    );
    std::fs::write(dist.join("index.html"), &page).unwrap();
    std::fs::write(dist.join("404.html"), &page).unwrap();
    let base = start_with(Some(&dist), "/", Scenario::Healthy).await;
    let c = client();
    let want = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-abc='; \
                base-uri 'self'; form-action 'none'; frame-ancestors 'none'";
    for (path, status) in [("/", 200), ("/index.html", 200), ("/no-such-page", 404)] {
        let (s, h, _) = text(&c, format!("{base}{path}")).await;
        assert_eq!(s.as_u16(), status, "{path}");
        assert_eq!(header(&h, "content-security-policy"), want, "{path}");
    }
    // A page without a meta policy still may not be framed.
    let (_, h, _) = text(&c, format!("{base}/checklist/")).await;
    assert_eq!(
        header(&h, "content-security-policy"),
        "frame-ancestors 'none'"
    );
    // Every response, HTML, assets, /beak and control, says nosniff and no-referrer.
    for path in [
        "/",
        "/app.wasm",
        "/beak",
        "/beak/metrics",
        "/__sim/stats",
        "/nope",
    ] {
        let (_, h, _) = text(&c, format!("{base}{path}")).await;
        assert_eq!(header(&h, "x-content-type-options"), "nosniff", "{path}");
        assert_eq!(header(&h, "referrer-policy"), "no-referrer", "{path}");
    }
    // Assets carry no page policy.
    let (_, h, _) = text(&c, format!("{base}/assets/app-1a2b.js")).await;
    assert_eq!(header(&h, "content-security-policy"), "");
}

#[test]
fn default_bind_is_loopback() {
    assert!(Config::default().bind.is_loopback());
}

#[cfg(unix)]
#[tokio::test]
async fn binary_prints_address_and_stops_on_sigterm() {
    use tokio::io::AsyncBufReadExt;
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_beak-sim"))
        .args([
            "--port",
            "0",
            "--scenario",
            "alias-drift",
            "--base-path",
            "/ops/",
        ])
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut line = String::new();
    tokio::io::BufReader::new(stdout)
        .read_line(&mut line)
        .await
        .unwrap();
    let rest = line
        .trim()
        .strip_prefix("beak-sim listening on http://127.0.0.1:")
        .expect(&line);
    let (port, tail) = rest.split_once('/').unwrap();
    assert_eq!(tail, "ops/ scenario=alias-drift");
    let base = format!("http://127.0.0.1:{port}");
    assert_eq!(
        status_json(&client(), &base).await["lambda_alias_version"],
        "41"
    );

    let kill = std::process::Command::new("kill")
        .args(["-TERM", &child.id().unwrap().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let status = tokio::time::timeout(Duration::from_secs(5), child.wait())
        .await
        .unwrap()
        .unwrap();
    assert!(status.success(), "{status}");
}

#[tokio::test]
async fn clock_skew_moves_every_platform_time_and_reset_clears_it() {
    let base = start(Scenario::Healthy).await;
    let c = client();
    let generated_at = |v: &Value| {
        chrono::DateTime::parse_from_rfc3339(v["generated_at"].as_str().unwrap())
            .unwrap()
            .with_timezone(&chrono::Utc)
    };
    let off_by = |v: &Value| (generated_at(v) - chrono::Utc::now()).num_seconds();
    let set = |skew: i64| {
        let c = c.clone();
        let url = format!("{base}/__sim/clock");
        async move {
            let res = c
                .post(url)
                .json(&json!({ "skew_secs": skew }))
                .send()
                .await
                .unwrap();
            let s = res.status();
            let text = res.text().await.unwrap();
            let v: Value =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{s} {e}: {text}"));
            (s, v)
        }
    };
    assert!(off_by(&status_json(&c, &base).await).abs() < 60);

    // Two hours ahead: generated_at, the snapshot and the deployments all move.
    let (s, v) = set(7200).await;
    assert_eq!(s, 200);
    assert_eq!(v["clock_skew_secs"], 7200);
    let status = status_json(&c, &base).await;
    assert!(
        (off_by(&status) - 7200).abs() < 60,
        "{}",
        status["generated_at"]
    );
    let snap =
        chrono::DateTime::parse_from_rfc3339(status["snapshot"]["taken_at"].as_str().unwrap())
            .unwrap();
    assert!(snap.with_timezone(&chrono::Utc) > chrono::Utc::now() + chrono::Duration::minutes(90));

    // Behind, too; refusals leave it unchanged.
    let (s, _) = set(-3600).await;
    assert_eq!(s, 200);
    assert!((off_by(&status_json(&c, &base).await) + 3600).abs() < 60);
    for bad in [
        json!({"skew_secs": "soon"}),
        json!({"skew_secs": 1.5}),
        json!({"skew_secs": 99_999_999}),
    ] {
        let res = c
            .post(format!("{base}/__sim/clock"))
            .json(&bad)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400, "{bad}");
    }
    assert!((off_by(&status_json(&c, &base).await) + 3600).abs() < 60);

    // Reset puts the platform's clock back.
    let res = c.post(format!("{base}/__sim/reset")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(off_by(&status_json(&c, &base).await).abs() < 60);
}
