use crate::helpers::{account_request, error_body, spawn_app};
use serde_json::Value;

#[tokio::test]
async fn malformed_json_is_a_400_envelope_and_nothing_is_stored() {
    let app = spawn_app().await;
    for body in ["{", "{\"birth_date\": \"yesterday\"}", "null"] {
        let response = app
            .client
            .post(app.url("/api/v1/accounts"))
            .header("Content-Type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400, "{body}");
        let error = error_body(response).await;
        assert_eq!(error["code"], "malformed_request");
        assert!(
            error["message"]
                .as_str()
                .unwrap()
                .starts_with("La solicitud")
        );
    }
    assert_eq!(app.count("accounts").await, 0);
}

#[tokio::test]
async fn an_oversized_body_is_a_413_and_nothing_is_stored() {
    let app = spawn_app().await;
    let mut body = account_request("big@example.com", app.captcha_answer().await);
    body.given_names = "a".repeat(70 * 1024);
    let response = app.post_json("/api/v1/accounts", &body).await;
    assert_eq!(response.status(), 413);
    assert_eq!(error_body(response).await["code"], "payload_too_large");
    assert_eq!(app.count("accounts").await, 0);
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_415() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/api/v1/sessions"))
        .header("Content-Type", "text/plain")
        .body("email=a")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 415);
    assert_eq!(error_body(response).await["code"], "malformed_request");
}

#[tokio::test]
async fn unknown_api_paths_are_a_json_404() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.url("/api/v1/no-such-thing"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    assert_eq!(error_body(response).await["code"], "not_found");
    let response = app
        .client
        .get(app.url("/api/v1/catalogs/planets"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn catalogs_serve_countries_with_phone_codes_and_sexes() {
    let app = spawn_app().await;
    let countries: Value = app
        .client
        .get(app.url("/api/v1/catalogs/countries"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let colombia = countries["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "COL")
        .unwrap();
    assert_eq!(colombia["name_es"], "Colombia");
    assert_eq!(colombia["calling_code"], "+57");
    let sexes: Value = app
        .client
        .get(app.url("/api/v1/catalogs/sexes"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(sexes["entries"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn the_pre_registration_catalogs_are_served_with_their_groups() {
    let app = spawn_app().await;
    let get = |name: &'static str| {
        let request = app.client.get(app.url(&format!("/api/v1/catalogs/{name}")));
        async move {
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), 200, "{name}");
            response.json::<Value>().await.unwrap()["entries"]
                .as_array()
                .unwrap()
                .clone()
        }
    };
    let cancun = get("entry_points")
        .await
        .into_iter()
        .find(|p| p["code"] == "CUN")
        .unwrap();
    assert_eq!(cancun["group"], "air");
    let vacation = get("trip_specifications")
        .await
        .into_iter()
        .find(|s| s["code"] == "vacation")
        .unwrap();
    assert_eq!(vacation["group"], "tourism");
    assert_eq!(get("mexican_states").await.len(), 32);
    assert_eq!(get("entry_modes").await.len(), 3);
    assert!(get("airlines").await.iter().any(|a| a["code"] == "AV"));
    assert_eq!(get("trip_reasons").await.len(), 3);
}

#[tokio::test]
async fn probes_swagger_ui_and_the_spec_are_served() {
    let app = spawn_app().await;
    for (path, expected) in [("/healthz", "ok"), ("/readyz", "ready")] {
        let response = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.text().await.unwrap(), expected);
    }
    let bare = app.client.get(app.url("/docs")).send().await.unwrap();
    assert_eq!(bare.status(), 308);
    assert_eq!(bare.headers()["location"], "/docs/");
    let docs = app.client.get(app.url("/docs/")).send().await.unwrap();
    assert_eq!(docs.status(), 200);
    assert!(docs.text().await.unwrap().contains("swagger"));
    let spec: Value = app
        .client
        .get(app.url("/api-spec/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(spec["paths"]["/api/v1/accounts"]["post"].is_object());
}

#[tokio::test]
async fn any_other_path_gets_the_web_app_or_its_build_notice() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.url("/crear-cuenta"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Portal de Servicios")
    );
}

#[tokio::test]
async fn the_clean_up_deletes_long_expired_captchas_and_keeps_fresh_ones() {
    let app = spawn_app().await;
    app.captcha().await;
    app.captcha().await;
    app.expire(
        "captchas",
        "id IN (SELECT id FROM captchas LIMIT 1)",
        chrono::Duration::hours(2),
    )
    .await;
    let files = portal_api::storage::FileStore::new(app.data_dir.path().join("files"));
    portal_api::maintenance::clean_once(&app.db, &files).await;
    assert_eq!(app.count("captchas").await, 1);
}

#[tokio::test]
async fn the_server_recovers_by_itself_when_the_database_drops_every_connection() {
    use sea_orm::ConnectionTrait as _;
    let app = crate::helpers::spawn_app().await;
    if app.db.get_database_backend() != sea_orm::DatabaseBackend::Postgres {
        // SQLite is a file in the process: there is no server to restart.
        return;
    }
    app.active_account("ana@example.com").await;
    let (token, _) = app
        .logged_in("ana@example.com", crate::helpers::PASSWORD)
        .await;
    assert_eq!(app.get_me(&token).await.status(), 200);
    // What a PostgreSQL restart does to the pool: every server connection is gone.
    app.db
        .execute_unprepared(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = current_database() AND pid <> pg_backend_pid()",
        )
        .await
        .unwrap();
    let mut statuses = Vec::new();
    for _ in 0..20 {
        statuses.push(app.get_me(&token).await.status().as_u16());
    }
    assert!(
        statuses.iter().all(|s| *s == 200),
        "every request after the drop is answered: {statuses:?}"
    );
}

/// A TCP proxy in front of PostgreSQL that the test can cut: every connection through it
/// dropped and new ones closed at once, as when the database server restarts.
struct DatabaseProxy {
    address: String,
    open: std::sync::Arc<std::sync::atomic::AtomicBool>,
    connections: std::sync::Arc<std::sync::Mutex<Vec<tokio::task::AbortHandle>>>,
}

impl DatabaseProxy {
    async fn start(upstream: String) -> Self {
        use std::sync::atomic::Ordering;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap().to_string();
        let open = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
        let connections = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let (accepting, tracked) = (open.clone(), connections.clone());
        tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                if !accepting.load(Ordering::SeqCst) {
                    drop(inbound);
                    continue;
                }
                let upstream = upstream.clone();
                let task = tokio::spawn(async move {
                    if let Ok(mut outbound) = tokio::net::TcpStream::connect(&upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
                tracked.lock().unwrap().push(task.abort_handle());
            }
        });
        Self {
            address,
            open,
            connections,
        }
    }

    fn cut(&self) {
        self.open.store(false, std::sync::atomic::Ordering::SeqCst);
        for connection in self.connections.lock().unwrap().drain(..) {
            connection.abort();
        }
    }

    fn restore(&self) {
        self.open.store(true, std::sync::atomic::Ordering::SeqCst);
    }
}

#[tokio::test]
async fn while_the_database_is_away_requests_get_a_503_to_retry_and_then_succeed_again() {
    if std::env::var("PORTAL_TEST_DATABASE").map_or(true, |v| v != "postgres") {
        // SQLite is a file in the process: it cannot be away.
        return;
    }
    let proxy = DatabaseProxy::start(crate::helpers::postgres_authority()).await;
    let app = crate::helpers::spawn_app_with(crate::helpers::TestOptions {
        database_via: Some(proxy.address.clone()),
        ..Default::default()
    })
    .await;
    app.active_account("ana@example.com").await;
    let (token, _) = app
        .logged_in("ana@example.com", crate::helpers::PASSWORD)
        .await;
    assert_eq!(app.get_me(&token).await.status(), 200);

    proxy.cut();
    let started = std::time::Instant::now();
    let response = app.get_me(&token).await;
    let waited = started.elapsed();
    assert_eq!(response.status(), 503, "an answer to retry, not a 500");
    assert_eq!(
        response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok()),
        Some("5")
    );
    let body = crate::helpers::error_body(response).await;
    assert_eq!(body["code"], "unavailable", "{body}");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("no está disponible"),
        "{body}"
    );
    assert!(
        waited < std::time::Duration::from_secs(15),
        "answered within the connection wait, not hung: {waited:?}"
    );

    proxy.restore();
    let mut statuses = Vec::new();
    for _ in 0..10 {
        statuses.push(app.get_me(&token).await.status().as_u16());
    }
    assert!(
        statuses.iter().all(|s| *s == 200),
        "the same server answers again once the database is back: {statuses:?}"
    );
}

#[tokio::test]
async fn web_app_files_are_sent_brotli_compressed_when_accepted_and_cached_for_a_year() {
    let web = tempfile::tempdir().unwrap();
    std::fs::write(
        web.path().join("index.html"),
        "<!DOCTYPE html><title>Portal</title>",
    )
    .unwrap();
    let wasm = b"\0asm\x01\0\0\0 the module".to_vec();
    std::fs::write(web.path().join("portal-frontend-abc123_bg.wasm"), &wasm).unwrap();
    std::fs::write(
        web.path().join("portal-frontend-abc123_bg.wasm.br"),
        b"brotli bytes",
    )
    .unwrap();
    std::fs::write(
        web.path().join("sw.js"),
        "self.addEventListener('fetch', () => {});",
    )
    .unwrap();
    let app = crate::helpers::spawn_app_with(crate::helpers::TestOptions {
        static_dir: Some(web.path().to_path_buf()),
        ..Default::default()
    })
    .await;
    // No decompression in the client (no reqwest compression features): bytes as sent.
    let client = reqwest::Client::new();
    let get = |path: &str, encodings: &str| {
        client
            .get(app.url(path))
            .header("Accept-Encoding", encodings)
            .send()
    };

    let brotli = get("/portal-frontend-abc123_bg.wasm", "gzip, deflate, br")
        .await
        .unwrap();
    assert_eq!(brotli.status(), 200);
    let header = |r: &reqwest::Response, name: &str| {
        r.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(header(&brotli, "content-encoding"), "br");
    assert_eq!(header(&brotli, "content-type"), "application/wasm");
    assert_eq!(
        header(&brotli, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(brotli.bytes().await.unwrap().as_ref(), b"brotli bytes");

    let refused = get("/portal-frontend-abc123_bg.wasm", "gzip, br;q=0")
        .await
        .unwrap();
    // br;q=0 means no brotli: the gzip the server makes on the fly instead.
    assert_eq!(header(&refused, "content-encoding"), "gzip");
    let plain = get("/portal-frontend-abc123_bg.wasm", "identity")
        .await
        .unwrap();
    assert_eq!(header(&plain, "content-encoding"), "");
    assert_eq!(header(&plain, "content-type"), "application/wasm");
    assert_eq!(plain.bytes().await.unwrap().as_ref(), wasm.as_slice());

    // The service worker keeps its name across builds: never cached for long.
    let worker = get("/sw.js", "br").await.unwrap();
    assert_eq!(worker.status(), 200);
    assert_eq!(header(&worker, "cache-control"), "");
    for missing in ["/nothing-here.wasm", "/.hidden.js", "/..%2Fportal.db.css"] {
        let response = get(missing, "br").await.unwrap();
        assert_ne!(response.status(), 200, "{missing}");
    }
    // A file that is not there is a 404, not the app's page.
    for missing in ["/favicon.ico", "/documentos/logo.png"] {
        assert_eq!(
            get(missing, "identity").await.unwrap().status(),
            404,
            "{missing}"
        );
    }
    // Routes of the browser app still get index.html.
    let route = get("/acceso", "identity").await.unwrap();
    assert!(
        route
            .text()
            .await
            .unwrap()
            .contains("<title>Portal</title>")
    );
}

#[tokio::test]
async fn each_page_of_the_web_app_is_answered_with_the_bundle_that_has_its_route() {
    let web = tempfile::tempdir().unwrap();
    for (file, title) in [("index.html", "public"), ("staff.html", "staff")] {
        std::fs::write(web.path().join(file), format!("<title>{title}</title>")).unwrap();
    }
    let app = crate::helpers::spawn_app_with(crate::helpers::TestOptions {
        static_dir: Some(web.path().to_path_buf()),
        ..Default::default()
    })
    .await;
    let page = |path: &'static str| {
        let url = app.url(path);
        async move {
            let response = reqwest::get(url).await.unwrap();
            (response.status().as_u16(), response.text().await.unwrap())
        }
    };
    for path in ["/", "/acceso", "/restablecer", "/no-existe"] {
        assert_eq!(
            page(path).await,
            (200, "<title>public</title>".to_owned()),
            "{path}"
        );
    }
    for path in ["/oficial", "/operador"] {
        let (status, body) = page(path).await;
        assert_eq!(status, 200, "{path}");
        // The staff page, with the trust root pinned in it.
        assert!(body.starts_with("<title>staff</title>"), "{path}: {body}");
        assert!(body.contains("<meta name=\"portal-trust-root\""), "{body}");
    }
    // The documents bundle was not built: a notice, never another bundle's page (which
    // would send the browser straight back).
    let (status, body) = page("/documentos/7/servicios").await;
    assert_eq!(status, 503);
    assert!(body.contains("make run"), "{body}");
}

#[tokio::test]
async fn the_portal_process_runs_with_bounded_allocator_arenas_and_one_openmp_thread() {
    // Without them every thread that once hashed a password kept 19 MiB (the load
    // benchmark's portal reached 893 MB); the variables must be set before `main`, so the
    // binary restarts itself with them.
    let data = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_portal"))
        .arg("serve")
        .env_remove("MALLOC_ARENA_MAX")
        .env_remove("MALLOC_MMAP_THRESHOLD_")
        .env_remove("OMP_THREAD_LIMIT")
        .env("PORTAL_CONFIG", "/dev/null")
        .env("PORTAL_BIND_ADDRESS", "127.0.0.1:0")
        .env("PORTAL_DATA_DIR", data.path())
        .env("PORTAL_DATABASE_URL", "")
        .env("PORTAL_STATIC_DIR", data.path().join("none"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let environ = format!("/proc/{}/environ", child.id());
    let mut seen = String::new();
    for _ in 0..100 {
        seen = std::fs::read(&environ)
            .map(|bytes| String::from_utf8_lossy(&bytes).replace('\0', "\n"))
            .unwrap_or_default();
        if seen.contains("MALLOC_ARENA_MAX") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    child.kill().ok();
    child.wait().ok();
    for (name, value) in portal_api::PROCESS_ENVIRONMENT {
        assert!(
            seen.lines().any(|l| l == format!("{name}={value}")),
            "{name}={value} in the running process's environment"
        );
    }
}

#[tokio::test]
async fn a_body_trickled_a_byte_every_two_seconds_is_cut_with_a_408() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = spawn_app().await;
    let address = app.address.trim_start_matches("http://").to_owned();
    let stream = tokio::net::TcpStream::connect(&address).await.unwrap();
    let (mut reader, mut writer) = stream.into_split();
    writer
        .write_all(
            format!(
                "POST /api/v1/accounts HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n"
            )
            .as_bytes(),
        )
        .await
        .unwrap();
    let trickle = tokio::spawn(async move {
        for _ in 0..500 {
            if writer.write_all(b" ").await.is_err() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_secs(2)).await;
        }
    });
    // At this pace the 500 bytes take 1,000 s; the server answers once the grace ends.
    let mut answer = Vec::new();
    let read = tokio::time::timeout(std::time::Duration::from_secs(60), async {
        let mut buffer = [0_u8; 4096];
        while !answer.windows(4).any(|w| w == b"\r\n\r\n") {
            match reader.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&buffer[..n]),
            }
        }
    })
    .await;
    trickle.abort();
    assert!(read.is_ok(), "still open after 60 s");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert_eq!(app.count("accounts").await, 0);
}
