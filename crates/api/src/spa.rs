//! Serves the built web app: its files, and `index.html` for every other path so that
//! the browser app's routes work on reload.

use actix_files::{Files, NamedFile};
use actix_web::dev::{ServiceRequest, ServiceResponse, fn_service};
use actix_web::{HttpResponse, web};
use std::path::{Path, PathBuf};

const NOT_BUILT: &str = "<!DOCTYPE html><html lang=\"es\"><meta charset=\"utf-8\"><title>Portal de Servicios</title>\
<body style=\"font-family:sans-serif;max-width:40em;margin:3em auto\"><h1>Portal de Servicios</h1>\
<p>La aplicación web no está compilada. Ejecute <code>make run</code>.</p>\
<p lang=\"en\">The web app has not been built. Run <code>make run</code>.</p>\
<p><a href=\"/docs/\">API (Swagger UI)</a></p></body></html>";

/// Swagger UI lives under `/docs/`; the bare path is sent there.
fn docs_redirect() -> HttpResponse {
    HttpResponse::PermanentRedirect()
        .insert_header(("Location", "/docs/"))
        .finish()
}

pub fn configure(cfg: &mut web::ServiceConfig, static_dir: &Path) {
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
    cfg.service(
        Files::new("/", static_dir)
            .index_file("index.html")
            .default_handler(fn_service(move |req: ServiceRequest| {
                let index = index.clone();
                async move {
                    let (req, _) = req.into_parts();
                    let file = NamedFile::open_async(&index).await?;
                    let response = file.into_response(&req);
                    Ok(ServiceResponse::new(req, response))
                }
            })),
    );
}
