//! What the browser is told to allow: a strict Content-Security-Policy on every page
//! (with the hashes of the built pages' inline scripts), Swagger UI's own policy,
//! Permissions-Policy, Cross-Origin-Opener-Policy, HSTS over https, and no caching of
//! API answers that carry personal data.

use crate::helpers::{TestOptions, spawn_app_with};
use base64::Engine;
use sha2::Digest;

const LOADER: &str = "import init from '/portal-frontend-abc.js'; init();";

/// A stand-in for the built web app: each bundle's page, with an inline script.
pub fn built_web_app() -> tempfile::TempDir {
    let web = tempfile::tempdir().unwrap();
    for page in [
        "index.html",
        "documents.html",
        "preregistration.html",
        "staff.html",
    ] {
        std::fs::write(
            web.path().join(page),
            format!(
                "<!DOCTYPE html><title>Portal</title><script type=\"module\">{LOADER}</script>\
                 <script src=\"/other.js\"></script>"
            ),
        )
        .unwrap();
    }
    web
}

fn header(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn every_page_carries_a_strict_policy_that_names_its_inline_scripts_by_hash() {
    let web = built_web_app();
    let app = spawn_app_with(TestOptions {
        static_dir: Some(web.path().to_path_buf()),
        ..TestOptions::default()
    })
    .await;
    let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(LOADER));
    for path in ["/", "/cuenta/ingresar", "/documentos"] {
        let page = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(page.status(), 200, "{path}");
        let policy = header(&page, "content-security-policy");
        assert!(
            policy.starts_with("default-src 'none'; script-src 'self' 'wasm-unsafe-eval'"),
            "{policy}"
        );
        assert!(policy.contains(&format!("'sha256-{hash}'")), "{policy}");
        assert!(!policy.contains("unsafe-inline"), "{policy}");
        for directive in [
            "style-src 'self'",
            "img-src 'self' data: blob:",
            "connect-src 'self'",
            "worker-src 'self'",
            "frame-src blob:",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ] {
            assert!(policy.contains(directive), "{directive} in {policy}");
        }
        assert_eq!(
            header(&page, "permissions-policy"),
            "camera=(self), microphone=(), geolocation=()"
        );
        assert_eq!(header(&page, "cross-origin-opener-policy"), "same-origin");
        assert_eq!(
            header(&page, "strict-transport-security"),
            "",
            "http: no HSTS"
        );
    }

    let docs = app.client.get(app.url("/docs/")).send().await.unwrap();
    assert_eq!(docs.status(), 200);
    let policy = header(&docs, "content-security-policy");
    assert!(
        policy.starts_with("default-src 'none'; script-src 'self';"),
        "{policy}"
    );
    assert!(policy.contains("frame-ancestors 'none'"));
}

#[tokio::test]
async fn over_https_the_browser_is_told_to_keep_to_https() {
    let app = spawn_app_with(TestOptions {
        settings: vec![("PORTAL_PUBLIC_URL", "https://portal.example.mx".to_owned())],
        ..TestOptions::default()
    })
    .await;
    let response = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(
        header(&response, "strict-transport-security"),
        "max-age=31536000; includeSubDomains"
    );
}

#[tokio::test]
async fn api_answers_with_personal_data_are_never_cached_and_public_catalogs_still_are() {
    let app = spawn_app_with(TestOptions::default()).await;
    let created = app.create_account("ana@example.com").await;
    assert!(created.status().is_success(), "{}", created.status());
    assert_eq!(header(&created, "cache-control"), "no-store");
    let refused = app.login("ana@example.com", "wrong password 1").await;
    assert_eq!(header(&refused, "cache-control"), "no-store");

    let catalog = app
        .client
        .get(app.url("/api/v1/catalogs/countries"))
        .send()
        .await
        .unwrap();
    assert_eq!(catalog.status(), 200);
    assert_eq!(header(&catalog, "cache-control"), "public, max-age=3600");
}
