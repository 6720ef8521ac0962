//! Security headers for the served web app.
//!
//! The build (`scripts/postbuild`) writes the Content Security Policy into every HTML file
//! as `<meta http-equiv="Content-Security-Policy">`, with the hash of trunk's inline loader.
//! beak-sim sends the same policy as a header ([`header_policy`]), so the two never
//! disagree, with two changes a header needs:
//!
//! - `frame-ancestors 'none'` is added (a meta policy cannot carry it);
//! - `base-uri` becomes `'self'`: a header applies before the page's own
//!   `<base href>` (which the app needs for sub-path hosting) is parsed, so `'none'`
//!   there would drop it. The meta sits right after that `<base>`, so its
//!   `base-uri 'none'` still refuses any `<base>` that comes later.

/// `X-Content-Type-Options` on every response.
pub const NOSNIFF: &str = "nosniff";
/// `Referrer-Policy` on every response.
pub const REFERRER_POLICY: &str = "no-referrer";
/// The header policy when the served HTML has no meta policy (an old or foreign build).
pub const FALLBACK_POLICY: &str = "frame-ancestors 'none'";

/// The `content` of the first `<meta http-equiv="Content-Security-Policy">` in `html`.
pub fn meta_policy(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find("<meta") {
        let start = from + i;
        let end = start + lower[start..].find('>')?;
        let tag = &html[start..end];
        let tag_lower = &lower[start..end];
        from = end;
        let http_equiv = attr(tag, tag_lower, "http-equiv");
        if http_equiv.is_some_and(|v| v.eq_ignore_ascii_case("content-security-policy")) {
            return attr(tag, tag_lower, "content").map(decode_entities);
        }
    }
    None
}

/// Value of attribute `name` in one tag (quoted with `"` or `'`, or unquoted).
fn attr<'a>(tag: &'a str, tag_lower: &str, name: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(i) = tag_lower[from..].find(name) {
        let at = from + i;
        from = at + name.len();
        let before = tag_lower[..at].chars().last();
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let rest = tag[from..].trim_start();
        let Some(rest) = rest.strip_prefix('=') else {
            continue;
        };
        let rest = rest.trim_start();
        return Some(match rest.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let body = &rest[1..];
                &body[..body.find(q).unwrap_or(body.len())]
            }
            _ => {
                let end = rest
                    .find(|c: char| c.is_whitespace() || c == '/')
                    .unwrap_or(rest.len());
                &rest[..end]
            }
        });
    }
    None
}

fn decode_entities(s: &str) -> String {
    s.replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// The header policy for a page whose meta policy is `meta`: the same directives, with
/// `base-uri 'self'` instead of the meta's (see the module docs), and
/// `frame-ancestors 'none'`. Directives a meta policy may not carry are dropped first.
pub fn header_policy(meta: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for directive in meta.split(';') {
        let directive = directive.split_whitespace().collect::<Vec<_>>().join(" ");
        let name = directive
            .split(' ')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match name.as_str() {
            "" | "frame-ancestors" | "sandbox" | "report-uri" | "report-to" => {}
            "base-uri" => out.push("base-uri 'self'".to_owned()),
            _ => out.push(directive),
        }
    }
    out.push(FALLBACK_POLICY.to_owned());
    out.join("; ")
}

/// The `Content-Security-Policy` header for serving `html`.
pub fn header_for_html(html: &str) -> String {
    match meta_policy(html) {
        Some(meta) => header_policy(&meta),
        None => FALLBACK_POLICY.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<!doctype html><html lang=en><meta charset=utf-8>\
        <meta content=\"light dark\" name=color-scheme><base href=/ops/>\
        <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; \
        script-src 'self' 'wasm-unsafe-eval' 'sha256-abc='; base-uri 'none'; form-action 'none'\">\
        <script type=module>import init from '/ops/x.js';</script>";

    #[test]
    fn reads_the_meta_policy() {
        assert_eq!(
            meta_policy(PAGE).as_deref(),
            Some(
                "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-abc='; \
                 base-uri 'none'; form-action 'none'"
            )
        );
        assert_eq!(meta_policy("<meta charset=utf-8><title>x</title>"), None);
        assert_eq!(
            meta_policy(
                "<META HTTP-EQUIV='content-security-policy' CONTENT='default-src &#39;self&#39;'>"
            )
            .as_deref(),
            Some("default-src 'self'")
        );
    }

    #[test]
    fn header_keeps_the_meta_directives_and_adds_frame_ancestors() {
        assert_eq!(
            header_for_html(PAGE),
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-abc='; \
             base-uri 'self'; form-action 'none'; frame-ancestors 'none'"
        );
        assert_eq!(
            header_policy("default-src 'self';; frame-ancestors *;  img-src  'self'  data: "),
            "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'"
        );
        assert_eq!(header_for_html("<html>no policy</html>"), FALLBACK_POLICY);
    }
}
