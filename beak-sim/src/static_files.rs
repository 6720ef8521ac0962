//! A plain static host for the built web app: no rewrites, no directory redirects.
//!
//! `path` → the file; a directory (with or without trailing slash) → its `index.html`;
//! anything else → 404 with `dist/404.html` when present. Precompressed `.br`/`.gz` siblings
//! are served when accepted.

use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{self, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::ServeFile;

use crate::csp;
use crate::server::AppState;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const NO_CACHE: &str = "no-cache";

/// Decodes `%XX` escapes; `None` on a malformed escape or if the result is not UTF-8.
pub(crate) fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The safe relative path segments of a request path below the mount point, or `None` if the
/// path tries to leave the directory (`..`), carries backslashes, NULs or bad escapes.
pub(crate) fn safe_segments(rel: &str) -> Option<Vec<String>> {
    let decoded = percent_decode(rel)?;
    let mut segments = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" | "." => continue,
            ".." => return None,
            s if s.contains(['\\', '\0']) => return None,
            s => segments.push(s.to_owned()),
        }
    }
    Some(segments)
}

async fn is_file(path: &Path) -> bool {
    tokio::fs::metadata(path)
        .await
        .map(|m| m.is_file())
        .unwrap_or(false)
}

/// Resolves the file to serve for `rel` (the request path below the mount point).
async fn resolve(dist: &Path, rel: &str) -> Option<PathBuf> {
    let segments = safe_segments(rel)?;
    let mut candidate = dist.to_path_buf();
    candidate.extend(&segments);
    let wants_dir = rel.is_empty() || rel.ends_with('/');
    let found = if !wants_dir && is_file(&candidate).await {
        candidate
    } else {
        let index = candidate.join("index.html");
        if !is_file(&index).await {
            return None;
        }
        index
    };
    // Refuse anything a symlink leads outside the served directory.
    let root = tokio::fs::canonicalize(dist).await.ok()?;
    let real = tokio::fs::canonicalize(&found).await.ok()?;
    real.starts_with(&root).then_some(found)
}

fn is_html(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("html"))
}

fn cache_control(path: &Path) -> &'static str {
    // The service worker's script has a fixed name and changes with every build.
    if path.file_name().and_then(|n| n.to_str()) == Some("service-worker.js") {
        return NO_CACHE;
    }
    match path.extension().and_then(|e| e.to_str()) {
        Some("wasm" | "js" | "mjs" | "css") => IMMUTABLE,
        _ => NO_CACHE,
    }
}

async fn serve_file(path: &Path, req: Request, status: StatusCode) -> Response {
    let res = match ServeFile::new(path)
        .precompressed_br()
        .precompressed_gzip()
        .oneshot(req)
        .await
    {
        Ok(res) => res.map(Body::new),
        Err(never) => match never {},
    };
    let mut res = res.into_response();
    if status != StatusCode::OK && res.status() == StatusCode::OK {
        *res.status_mut() = status;
    }
    let policy = if is_html(path) {
        // The same policy as the page's own meta (see `csp`), as a header.
        let html = tokio::fs::read_to_string(path).await.unwrap_or_default();
        Some(csp::header_for_html(&html))
    } else {
        None
    };
    let headers = res.headers_mut();
    if let Some(value) = policy.and_then(|p| HeaderValue::from_str(&p).ok()) {
        headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control(path)),
    );
    if !headers.contains_key(header::VARY) {
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    res
}

async fn not_found(dist: Option<&Path>, req: Request) -> Response {
    if let Some(dist) = dist {
        let page = dist.join("404.html");
        if is_file(&page).await {
            // A fresh request: no conditional or range headers may turn the 404 into a 304/206.
            let mut plain = Request::new(Body::empty());
            *plain.method_mut() = req.method().clone();
            if let Some(ae) = req.headers().get(header::ACCEPT_ENCODING) {
                plain
                    .headers_mut()
                    .insert(header::ACCEPT_ENCODING, ae.clone());
            }
            return serve_file(&page, plain, StatusCode::NOT_FOUND).await;
        }
    }
    (
        StatusCode::NOT_FOUND,
        [(header::CACHE_CONTROL, NO_CACHE)],
        "404 Not Found\n",
    )
        .into_response()
}

/// Fallback handler: everything that is not `/beak*` or `/__sim*`.
pub(crate) async fn handle(State(state): State<AppState>, req: Request) -> Response {
    let Some(dist) = state.dist().cloned() else {
        return not_found(None, req).await;
    };
    let base = state.base_path();
    let path = req.uri().path();
    let rel = if base != "/" && path == base.trim_end_matches('/') {
        String::new()
    } else if let Some(rel) = path.strip_prefix(base) {
        rel.to_owned()
    } else {
        // Outside the mount point: not ours.
        return (
            StatusCode::NOT_FOUND,
            [(header::CACHE_CONTROL, NO_CACHE)],
            "404 Not Found\n",
        )
            .into_response();
    };
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
            "405 Method Not Allowed\n",
        )
            .into_response();
    }
    match resolve(&dist, &rel).await {
        Some(file) => serve_file(&file, req, StatusCode::OK).await,
        None => not_found(Some(&dist), req).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("a%20b").as_deref(), Some("a b"));
        assert_eq!(percent_decode("%2e%2E").as_deref(), Some(".."));
        assert_eq!(percent_decode("%zz"), None);
        assert_eq!(percent_decode("%2"), None);
        assert_eq!(percent_decode("%ff"), None);
    }

    #[test]
    fn traversal_is_refused() {
        assert_eq!(safe_segments("../etc/passwd"), None);
        assert_eq!(safe_segments("a/../../b"), None);
        assert_eq!(safe_segments("%2e%2e/secret"), None);
        assert_eq!(safe_segments("..%2fsecret"), None);
        assert_eq!(safe_segments("a%5c..%5cb"), None);
        assert_eq!(safe_segments("a%00b"), None);
        assert_eq!(
            safe_segments("./checklist//index.html"),
            Some(vec!["checklist".to_owned(), "index.html".to_owned()])
        );
        assert_eq!(safe_segments(""), Some(vec![]));
    }

    #[test]
    fn cache_rules() {
        assert_eq!(cache_control(Path::new("x/app-1a2b.wasm")), IMMUTABLE);
        assert_eq!(cache_control(Path::new("app.js")), IMMUTABLE);
        assert_eq!(cache_control(Path::new("style.css")), IMMUTABLE);
        assert_eq!(cache_control(Path::new("index.html")), NO_CACHE);
        assert_eq!(cache_control(Path::new("404.html")), NO_CACHE);
        assert_eq!(cache_control(Path::new("dist/service-worker.js")), NO_CACHE);
    }
}
