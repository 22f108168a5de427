//! Headers every response carries so a browser limits what a page can do: a strict
//! Content-Security-Policy on each HTML page (the web app's, with the hashes of the
//! inline scripts of the built pages; Swagger UI's own, which needs inline styles),
//! Permissions-Policy, Cross-Origin-Opener-Policy, HSTS when the portal is reached over
//! https, and `Cache-Control: no-store` on every API answer that does not say otherwise
//! (they carry personal data; the public catalogs and keys set their own).

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};
use std::path::Path;
use std::sync::Arc;

/// The policies, computed once at start-up.
#[derive(Debug, Clone)]
pub struct SecurityHeaders {
    page_policy: HeaderValue,
    docs_policy: HeaderValue,
    hsts: Option<HeaderValue>,
}

const DOCS_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const PERMISSIONS_POLICY: &str = "camera=(self), microphone=(), geolocation=()";

impl SecurityHeaders {
    /// Reads the built pages in `static_dir` for their inline scripts.
    pub fn new(static_dir: &Path, public_url: &str) -> Self {
        let hashes = inline_script_hashes(static_dir);
        Self {
            page_policy: header_value(&page_policy(&hashes)),
            docs_policy: HeaderValue::from_static(DOCS_POLICY),
            hsts: public_url
                .starts_with("https://")
                .then(|| HeaderValue::from_static("max-age=31536000; includeSubDomains")),
        }
    }
}

fn header_value(text: &str) -> HeaderValue {
    HeaderValue::from_str(text).unwrap_or_else(|_| HeaderValue::from_static("default-src 'none'"))
}

/// The web app's policy; `script_hashes` are `sha256-…` sources.
pub fn page_policy(script_hashes: &[String]) -> String {
    let scripts: String = script_hashes
        .iter()
        .map(|hash| format!(" '{hash}'"))
        .collect();
    format!(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'{scripts}; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; frame-src blob:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// The `sha256-…` hash of every inline `<script>` (one without `src`) in the `.html`
/// files of `folder`. The loader trunk writes changes with each build, so the hashes are
/// taken from the files being served rather than written down.
pub fn inline_script_hashes(folder: &Path) -> Vec<String> {
    let mut hashes: Vec<String> = std::fs::read_dir(folder)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "html"))
        .filter_map(|path| std::fs::read_to_string(path).ok())
        .flat_map(|page| {
            inline_scripts(&page)
                .into_iter()
                .map(|script| format!("sha256-{}", STANDARD.encode(Sha256::digest(script))))
                .collect::<Vec<_>>()
        })
        .collect();
    hashes.sort();
    hashes.dedup();
    hashes
}

/// The contents of the inline scripts of an HTML page, exactly as written (the hash is
/// over those bytes).
fn inline_scripts(page: &str) -> Vec<&str> {
    let mut scripts = Vec::new();
    let mut rest = page;
    while let Some(open) = rest.find("<script") {
        let after_tag = &rest[open..];
        let Some(tag_end) = after_tag.find('>') else {
            break;
        };
        let tag = &after_tag[..tag_end];
        let body = &after_tag[tag_end + 1..];
        let Some(close) = body.find("</script>") else {
            break;
        };
        if !tag.contains(" src=") {
            scripts.push(&body[..close]);
        }
        rest = &body[close..];
    }
    scripts
}

/// The middleware: `.wrap(from_fn(security_headers::add))` with the
/// [`SecurityHeaders`] in the app data.
pub async fn add(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let policies = req
        .app_data::<actix_web::web::Data<Arc<SecurityHeaders>>>()
        .map(|data| data.get_ref().clone());
    let path = req.path().to_owned();
    let mut response = next.call(req).await?;
    let Some(policies) = policies else {
        return Ok(response);
    };
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let headers = response.headers_mut();
    if is_html {
        let policy = if path.starts_with("/docs") {
            policies.docs_policy.clone()
        } else {
            policies.page_policy.clone()
        };
        headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    headers.insert(
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static(PERMISSIONS_POLICY),
    );
    headers.insert(
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
    if let Some(hsts) = &policies.hsts {
        headers.insert(header::STRICT_TRANSPORT_SECURITY, hsts.clone());
    }
    if path.starts_with("/api/") && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_found_and_scripts_with_a_source_are_not() {
        let page = "<html><script type=\"module\">import init from '/a.js';init();</script>\
                    <script src=\"/b.js\"></script><script>\n  x();\n</script></html>";
        assert_eq!(
            inline_scripts(page),
            vec!["import init from '/a.js';init();", "\n  x();\n"]
        );
    }

    #[test]
    fn the_page_policy_allows_only_the_given_inline_scripts() {
        let policy = page_policy(&["sha256-abc=".to_owned()]);
        assert!(policy.starts_with(
            "default-src 'none'; script-src 'self' 'wasm-unsafe-eval' 'sha256-abc=';"
        ));
        assert!(!policy.contains("unsafe-inline"));
        assert!(policy.contains("frame-ancestors 'none'"));
    }
}
