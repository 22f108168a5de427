//! The committed `api-spec/openapi.json` must be what the code generates.

#[test]
fn the_committed_openapi_document_matches_what_the_code_generates() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../api-spec/openapi.json");
    let generated = portal_api::openapi::openapi_json();
    if std::env::var("UPDATE_OPENAPI").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &generated)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "api-spec/openapi.json differs from the code; run `make openapi` and commit the result"
    );
}

#[test]
fn every_api_route_is_documented() {
    let spec: serde_json::Value =
        serde_json::from_str(&portal_api::openapi::openapi_json()).unwrap_or_default();
    for (path, method) in [
        ("/api/v1/captcha", "get"),
        ("/api/v1/catalogs/{name}", "get"),
        ("/api/v1/accounts", "post"),
        ("/api/v1/accounts/activate", "post"),
        ("/api/v1/accounts/recovery", "post"),
        ("/api/v1/accounts/password-reset", "post"),
        ("/api/v1/sessions", "post"),
        ("/api/v1/sessions/refresh", "post"),
        ("/api/v1/sessions/current", "delete"),
        ("/api/v1/me", "get"),
        ("/api/v1/me/password", "put"),
        ("/api/v1/me/export", "get"),
        ("/api/v1/me", "delete"),
        ("/api/v1/documents", "post"),
        ("/api/v1/documents/scan", "post"),
        ("/api/v1/documents", "get"),
        ("/api/v1/documents/{id}", "get"),
        ("/api/v1/documents/{id}", "delete"),
        ("/api/v1/documents/{id}/image", "get"),
        ("/api/v1/documents/{id}/services", "get"),
        ("/api/v1/preregistrations/{id}/receipt", "get"),
        ("/api/v1/revocations", "get"),
        ("/api/v1/officer/inspections", "post"),
        (
            "/api/v1/officer/preregistrations/{id}/attachments/{kind}",
            "get",
        ),
        ("/api/v1/officer/preregistrations/{id}/entry", "post"),
        ("/api/v1/audit", "get"),
    ] {
        assert!(
            spec["paths"][path][method].is_object(),
            "{method} {path} is not in the OpenAPI document"
        );
    }
}
