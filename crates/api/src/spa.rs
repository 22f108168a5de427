//! Serves the built web app: its files, and for every other path the page of the bundle
//! whose routes include it (`index.html`, `documents.html`, …, see
//! `portal_shared::web_apps`) so that the browser app's routes work on reload (a missing
//! file is a 404).

use actix_files::{Files, NamedFile};
use actix_web::dev::{ServiceRequest, ServiceResponse, fn_service};
use actix_web::{HttpResponse, web};
use portal_shared::web_apps::WebApp;
use std::path::{Path, PathBuf};

const NOT_BUILT: &str = "<!DOCTYPE html><html lang=\"es\"><meta charset=\"utf-8\"><title>Portal de Servicios</title>\
<body><h1>Portal de Servicios</h1>\
<p>La aplicación web no está compilada. Ejecute <code>make run</code>.</p>\
<p lang=\"en\">The web app has not been built. Run <code>make run</code>.</p>\
<p><a href=\"/docs/\">API (Swagger UI)</a></p></body></html>";

/// Swagger UI lives under `/docs/`; the bare path is sent there.
fn docs_redirect() -> HttpResponse {
    HttpResponse::PermanentRedirect()
        .insert_header(("Location", "/docs/"))
        .finish()
}

/// The staff bundle's page with the trust root pinned in it: a `<meta>` the officer's
/// console reads to check the verification snapshots it keeps (see
/// `portal_shared::officers::VerificationSnapshot`) — in the page the server sends, which
/// the service worker keeps, and never in the device's storage the snapshots live in.
#[derive(Clone)]
struct StaffPage {
    path: PathBuf,
    meta: String,
}

impl StaffPage {
    async fn respond(&self) -> HttpResponse {
        match tokio::fs::read_to_string(&self.path).await {
            Ok(html) => {
                let html = match html.find("</head>") {
                    Some(end) => format!("{}{}\n{}", &html[..end], self.meta, &html[end..]),
                    None => format!("{html}{}", self.meta),
                };
                HttpResponse::Ok()
                    .content_type("text/html; charset=utf-8")
                    .insert_header(("Cache-Control", "no-cache"))
                    .body(html)
            }
            Err(_) => HttpResponse::ServiceUnavailable()
                .content_type("text/html; charset=utf-8")
                .body(NOT_BUILT),
        }
    }
}

pub fn configure(
    cfg: &mut web::ServiceConfig,
    static_dir: &Path,
    trust_root: &portal_shared::receipts::PublicKey,
) {
    cfg.route("/docs", web::get().to(|| async { docs_redirect() }));
    let index: PathBuf = static_dir.join("index.html");
    if !index.exists() {
        tracing::warn!(folder = %static_dir.display(), "web app not built; serving a notice instead");
        cfg.default_service(web::to(|| async {
            HttpResponse::Ok()
                .content_type("text/html; charset=utf-8")
                .body(NOT_BUILT)
        }));
        return;
    }
    let pages = static_dir.to_path_buf();
    let staff_page = StaffPage {
        path: pages.join(WebApp::Staff.page()),
        meta: format!(
            "<meta name=\"portal-trust-root\" content=\"{}\">",
            trust_root.x
        ),
    };
    let direct = staff_page.clone();
    cfg.route(
        &format!("/{}", WebApp::Staff.page()),
        web::get().to(move || {
            let page = direct.clone();
            async move { page.respond().await }
        }),
    );
    cfg.app_data(web::Data::new(AssetDir(pages.clone()))).route(
        "/{file:[A-Za-z0-9_.-]+\\.(?:wasm|js|css)}",
        web::get().to(hashed_asset),
    );
    cfg.service(
        Files::new("/", static_dir)
            .index_file("index.html")
            .default_handler(fn_service(move |req: ServiceRequest| {
                let pages = pages.clone();
                let staff_page = staff_page.clone();
                async move {
                    let (req, _) = req.into_parts();
                    // The app's routes have no dot in their last segment: a name with
                    // one is a file that is not there (`/favicon.ico`), not a page.
                    let last = req.path().rsplit('/').next().unwrap_or_default();
                    if last.contains('.') {
                        return Ok(ServiceResponse::new(req, HttpResponse::NotFound().finish()));
                    }
                    let app = WebApp::for_path(req.path());
                    if app == WebApp::Staff {
                        let response = staff_page.respond().await;
                        return Ok(ServiceResponse::new(req, response));
                    }
                    let page = pages.join(app.page());
                    let response = match NamedFile::open_async(&page).await {
                        Ok(file) => file.into_response(&req),
                        // Never another bundle's page: it would send the browser back here.
                        Err(_) => HttpResponse::ServiceUnavailable()
                            .content_type("text/html; charset=utf-8")
                            .body(NOT_BUILT),
                    };
                    Ok(ServiceResponse::new(req, response))
                }
            })),
    );
}

/// Where the built web app is.
struct AssetDir(PathBuf);

/// A file of the built web app whose name carries its content hash (trunk names them
/// `portal-frontend-<hash>_bg.wasm`, …): cached for a year; sent as the brotli-compressed
/// copy `make web` writes beside it (`….br`, quality 11) when the browser accepts brotli
/// — a third smaller than the gzip the server would make on the fly.
async fn hashed_asset(
    req: actix_web::HttpRequest,
    dir: web::Data<AssetDir>,
    file: web::Path<String>,
) -> actix_web::Result<HttpResponse> {
    use actix_web::http::header::{self, ContentEncoding};
    let name = file.into_inner();
    if name.starts_with('.') {
        return Ok(HttpResponse::NotFound().finish());
    }
    let path = dir.0.join(&name);
    let content_type = match path.extension().and_then(|e| e.to_str()) {
        Some("wasm") => "application/wasm",
        Some("js") => "text/javascript; charset=utf-8",
        _ => "text/css; charset=utf-8",
    };
    let accepts_brotli = req
        .headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',').any(|coding| {
                let mut parts = coding.split(';').map(str::trim);
                parts.next() == Some("br") && !parts.any(|p| p == "q=0" || p == "q=0.0")
            })
        });
    let compressed = if accepts_brotli {
        NamedFile::open_async(format!("{}.br", path.display()))
            .await
            .ok()
    } else {
        None
    };
    let file = match compressed {
        Some(file) => file.set_content_encoding(ContentEncoding::Brotli),
        None => NamedFile::open_async(&path).await?,
    };
    let file = file.set_content_type(
        content_type
            .parse()
            .map_err(actix_web::error::ErrorInternalServerError)?,
    );
    let mut response = file.into_response(&req);
    let immutable = name.contains('-') && !name.starts_with("sw.");
    let headers = response.headers_mut();
    headers.insert(
        header::VARY,
        header::HeaderValue::from_static("accept-encoding"),
    );
    if immutable {
        headers.insert(
            header::CACHE_CONTROL,
            header::HeaderValue::from_static("public, max-age=31536000, immutable"),
        );
    }
    Ok(response)
}
