use portal_api::clock::{Clock, ShiftedClock};
use portal_api::config::Settings;
use portal_api::startup::Application;
use portal_domain::second_factor::{TOTP_STEP_SECONDS, TotpSecret, totp_step};
use portal_persistence::{ConnectionTrait, DatabaseConnection, outbox};
use portal_shared::accounts::{
    ChangePasswordRequest, CreateAccountRequest, DeleteAccountRequest, PasswordResetRequest,
    RecoveryKind, RecoveryRequest,
};
use portal_shared::captcha::{CaptchaAnswer, CaptchaChallenge};
use portal_shared::documents::RegisterDocumentRequest;
use portal_shared::officers::EntryDecisionRequest;
use portal_shared::preregistrations::{
    AdditionalInformation, MigrationControl, StartPreregistrationRequest,
    SubmitPreregistrationRequest, TripInformation,
};
use portal_shared::sessions::SecondFactorChallenge;
use reqwest::header::SET_COOKIE;
use serde_json::{Value, json};
use std::collections::HashMap;

pub const PASSWORD: &str = "Viaje2026!";

/// How a test app is configured.
pub struct TestOptions {
    pub captcha_disabled: bool,
    /// Send email through this SMTP port on 127.0.0.1 instead of the file outbox.
    pub smtp_port: Option<u16>,
    /// On PostgreSQL, the server reaches the database through this address (a proxy the
    /// test controls) instead of the database's own; the test's connection does not.
    pub database_via: Option<String>,
    /// The built web app to serve; none by default.
    pub static_dir: Option<std::path::PathBuf>,
    /// More `PORTAL_…` settings.
    pub settings: Vec<(&'static str, String)>,
}

impl Default for TestOptions {
    fn default() -> Self {
        Self {
            captcha_disabled: true,
            smtp_port: None,
            database_via: None,
            static_dir: None,
            settings: Vec::new(),
        }
    }
}

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub db: DatabaseConnection,
    pub data_dir: tempfile::TempDir,
    /// The server's clock: tests move it forward instead of sleeping.
    pub clock: ShiftedClock,
    /// The settings the in-process server was started with.
    server_env: HashMap<String, String>,
    postgres_database: Option<String>,
    /// The staff authenticators this test set up: email → secret and the time step of
    /// the last code sent.
    pub authenticators: std::sync::Mutex<HashMap<String, (TotpSecret, Option<u64>)>>,
}

fn postgres_base_url() -> String {
    std::env::var("PORTAL_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_owned())
}

/// `host:port` of the PostgreSQL server the tests use.
pub fn postgres_authority() -> String {
    let base = postgres_base_url();
    let after_scheme = base
        .split_once("://")
        .map_or(base.as_str(), |(_, rest)| rest);
    let after_user = after_scheme
        .split_once('@')
        .map_or(after_scheme, |(_, rest)| rest);
    after_user
        .split('/')
        .next()
        .unwrap_or(after_user)
        .to_owned()
}

fn uses_postgres() -> bool {
    std::env::var("PORTAL_TEST_DATABASE").is_ok_and(|v| v == "postgres")
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(TestOptions::default()).await
}

pub async fn spawn_app_with(options: TestOptions) -> TestApp {
    let data_dir = tempfile::tempdir().expect("temporary data folder");
    let (database_url, postgres_database) = if uses_postgres() {
        let name = format!("portal_test_{}", uuid::Uuid::new_v4().simple());
        let admin = portal_persistence::connect(&format!("{}/postgres", postgres_base_url()), 1)
            .await
            .expect("PostgreSQL reachable for tests");
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .expect("create test database");
        (format!("{}/{name}", postgres_base_url()), Some(name))
    } else {
        (
            format!(
                "sqlite://{}?mode=rwc",
                data_dir.path().join("portal.db").display()
            ),
            None,
        )
    };
    let mut env: HashMap<String, String> = HashMap::new();
    let mut set = |k: &str, v: String| {
        env.insert(k.to_owned(), v);
    };
    set("PORTAL_CONFIG", "/dev/null".to_owned());
    set("PORTAL_BIND_ADDRESS", "127.0.0.1:0".to_owned());
    set("PORTAL_PUBLIC_URL", "http://portal.test".to_owned());
    set("PORTAL_DATA_DIR", data_dir.path().display().to_string());
    let server_database_url = match &options.database_via {
        Some(via) if postgres_database.is_some() => {
            database_url.replacen(&postgres_authority(), via, 1)
        }
        _ => database_url.clone(),
    };
    set("PORTAL_DATABASE_URL", server_database_url);
    set("PORTAL_DATABASE_MAX_CONNECTIONS", "5".to_owned());
    set(
        "PORTAL_STATIC_DIR",
        options
            .static_dir
            .clone()
            .unwrap_or_else(|| data_dir.path().join("no-web-app"))
            .display()
            .to_string(),
    );
    set(
        "PORTAL_CAPTCHA_DISABLED",
        options.captcha_disabled.to_string(),
    );
    set("PORTAL_EMAIL_POLL_SECONDS", "1".to_owned());
    set("PORTAL_COOKIE_SECURE", "true".to_owned());
    if let Some(port) = options.smtp_port {
        set("PORTAL_SMTP_HOST", "127.0.0.1".to_owned());
        set("PORTAL_SMTP_PORT", port.to_string());
        set("PORTAL_SMTP_TLS", "none".to_owned());
    }
    for (key, value) in &options.settings {
        env.insert((*key).to_owned(), value.clone());
    }
    let server_env = env.clone();
    let settings = Settings::from_sources(&env).expect("test settings");
    let clock = ShiftedClock::default();
    let application = Application::build_with_clock(settings, std::sync::Arc::new(clock.clone()))
        .await
        .expect("server starts");
    let address = format!("http://127.0.0.1:{}", application.port());
    tokio::spawn(application.run_until_stopped());
    let db = portal_persistence::connect(&database_url, 2)
        .await
        .expect("test connection");
    TestApp {
        address,
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("http client"),
        db,
        data_dir,
        clock,
        server_env,
        postgres_database,
        authenticators: std::sync::Mutex::default(),
    }
}

impl TestApp {
    /// The settings the in-process server was started with.
    pub fn settings(&self) -> Settings {
        Settings::from_sources(&self.server_env).expect("test settings")
    }

    /// The server's access-token signing key, as PKCS#8 PEM (opened from its sealed file).
    pub fn access_token_key_pem(&self) -> String {
        let keks = portal_api::keys::load_key_encryption_keys(&self.settings()).expect("keks");
        portal_api::keys::access_token_keys(self.data_dir.path(), &keks)
            .expect("access-token key")
            .private_pem
    }

    /// `portal keys ARGS` against this app's database and key-encryption keys.
    pub async fn keys_command(&self, args: &[&str]) -> Result<String, String> {
        let keks = portal_api::keys::load_key_encryption_keys(&self.settings())
            .map_err(|e| e.to_string())?;
        portal_api::keys::keys_command(&self.db, &keks, self.data_dir.path(), args).await
    }
}

/// The real `portal` binary serving a test app's database and data folder (so the same
/// signing keys and files) on a port of its own: what a test of the process's own
/// resources measures, with the allocator settings the binary gives itself.
pub struct PortalProcess {
    child: std::process::Child,
    pub address: String,
    log: Option<std::path::PathBuf>,
}

impl TestApp {
    pub async fn start_portal_process(&self) -> PortalProcess {
        self.start_portal_process_with(&[], None).await
    }

    /// [`TestApp::start_portal_process`] with more settings, writing its log (JSON lines)
    /// to `log` when given.
    pub async fn start_portal_process_with(
        &self,
        settings: &[(&str, &str)],
        log: Option<std::path::PathBuf>,
    ) -> PortalProcess {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let stderr = match &log {
            Some(path) => std::fs::File::create(path).expect("log file").into(),
            None => std::process::Stdio::null(),
        };
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_portal"))
            .arg("serve")
            .envs(&self.server_env)
            .envs(settings.iter().copied())
            .env("PORTAL_BIND_ADDRESS", format!("127.0.0.1:{port}"))
            .env("PORTAL_LOG_FORMAT", "json")
            .stdout(std::process::Stdio::null())
            .stderr(stderr)
            .spawn()
            .expect("the portal binary starts");
        let process = PortalProcess {
            child,
            address: format!("http://127.0.0.1:{port}"),
            log,
        };
        for _ in 0..300 {
            let ready = self
                .client
                .get(format!("{}/readyz", process.address))
                .send()
                .await
                .is_ok_and(|r| r.status().is_success());
            if ready {
                return process;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("the portal process did not become ready in 30 s");
    }
}

impl PortalProcess {
    /// The lines the process has logged so far.
    pub fn log_lines(&self) -> Vec<String> {
        self.log
            .as_ref()
            .and_then(|path| std::fs::read_to_string(path).ok())
            .unwrap_or_default()
            .lines()
            .map(str::to_owned)
            .collect()
    }

    /// The process's peak resident memory so far, in MB.
    pub fn peak_rss_mb(&self) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmHWM:"))
            .and_then(|value| {
                value
                    .trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse::<f64>()
                    .ok()
            })
            .map_or(0.0, |kb| kb / 1024.0)
    }
}

impl Drop for PortalProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(name) = self.postgres_database.take() {
            // Dropped on a separate runtime: Drop cannot await.
            let _ = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build();
                if let Ok(runtime) = runtime {
                    runtime.block_on(async move {
                        if let Ok(admin) = portal_persistence::connect(
                            &format!("{}/postgres", postgres_base_url()),
                            1,
                        )
                        .await
                        {
                            let _ = admin
                                .execute_unprepared(&format!(
                                    "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                                ))
                                .await;
                        }
                    });
                }
            })
            .join();
        }
    }
}

/// A create-account request that passes every rule.
pub fn account_request(email: &str, captcha: CaptchaAnswer) -> CreateAccountRequest {
    CreateAccountRequest {
        given_names: "María José".into(),
        surnames: "Pérez Gómez".into(),
        birth_date: chrono::NaiveDate::from_ymd_opt(1990, 5, 17),
        nationality: "COL".into(),
        sex: "female".into(),
        phone_country_code: "+57".into(),
        phone: "3001234567".into(),
        email: email.into(),
        email_confirmation: email.into(),
        password: PASSWORD.into(),
        password_confirmation: PASSWORD.into(),
        captcha,
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn captcha(&self) -> CaptchaChallenge {
        self.client
            .get(self.url("/api/v1/captcha"))
            .send()
            .await
            .expect("captcha request")
            .json()
            .await
            .expect("captcha body")
    }

    /// A fresh captcha with any answer (checking is off in most tests).
    pub async fn captcha_answer(&self) -> CaptchaAnswer {
        CaptchaAnswer {
            id: self.captcha().await.id,
            answer: "abcde".into(),
        }
    }

    pub async fn post_json(&self, path: &str, body: &impl serde::Serialize) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .json(body)
            .send()
            .await
            .expect("request")
    }

    pub async fn create_account(&self, email: &str) -> reqwest::Response {
        let body = account_request(email, self.captcha_answer().await);
        self.post_json("/api/v1/accounts", &body).await
    }

    pub async fn emails_to(&self, recipient: &str) -> Vec<outbox::OutboxEmail> {
        outbox::for_recipient(&self.db, recipient)
            .await
            .expect("outbox readable")
    }

    /// The token in the newest email of `kind` to `recipient`.
    pub async fn token_from_email(&self, recipient: &str, kind: &str) -> String {
        let emails = self.emails_to(recipient).await;
        let email = emails
            .iter()
            .rev()
            .find(|e| e.kind == kind)
            .unwrap_or_else(|| panic!("no {kind} email to {recipient}"));
        let start = email.body_text.find("#token=").expect("link with token") + "#token=".len();
        email.body_text[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect()
    }

    pub async fn activate(&self, token: &str) -> reqwest::Response {
        self.post_json("/api/v1/accounts/activate", &json!({ "token": token }))
            .await
    }

    /// Creates and activates an account.
    pub async fn active_account(&self, email: &str) {
        assert_eq!(self.create_account(email).await.status(), 202);
        let token = self.token_from_email(email, "activation").await;
        assert_eq!(self.activate(&token).await.status(), 200);
    }

    pub async fn login(&self, email: &str, password: &str) -> reqwest::Response {
        self.post_json(
            "/api/v1/sessions",
            &json!({ "email": email, "password": password }),
        )
        .await
    }

    /// Logs in and returns (access token, refresh token); staff with their authenticator
    /// (set up at their first login).
    pub async fn logged_in(&self, email: &str, password: &str) -> (String, String) {
        let mut response = self.login(email, password).await;
        if response.status() == 202 {
            let challenge: SecondFactorChallenge = response.json().await.expect("challenge");
            let code = self.authenticator_code(email, &challenge);
            response = self.second_factor(&challenge.challenge, &code).await;
        }
        assert_eq!(response.status(), 200, "login of {email}");
        let refresh = refresh_cookie_value(&response).expect("refresh cookie");
        let body: Value = response.json().await.expect("login body");
        (
            body["access_token"].as_str().expect("token").to_owned(),
            refresh,
        )
    }

    pub async fn second_factor(&self, challenge: &str, code: &str) -> reqwest::Response {
        self.post_json(
            "/api/v1/sessions/second-factor",
            &json!({ "challenge": challenge, "code": code }),
        )
        .await
    }

    /// The code `email`'s authenticator shows now (keeping a secret just set up), as a
    /// person sends it: never the code of a step already sent — when the server's window
    /// has none left, its clock moves on a step, as a person waits for the next code.
    pub fn authenticator_code(&self, email: &str, challenge: &SecondFactorChallenge) -> String {
        let mut authenticators = self.authenticators.lock().expect("authenticators");
        if let Some(enrollment) = &challenge.enrollment {
            let secret = TotpSecret::from_base32(&enrollment.secret).expect("base 32 secret");
            authenticators.insert(email.to_owned(), (secret, None));
        }
        let (secret, last) = authenticators
            .get_mut(email)
            .unwrap_or_else(|| panic!("no authenticator set up for {email}"));
        let mut step = totp_step(self.clock.now().timestamp());
        if last.is_some_and(|last| last >= step) {
            self.clock
                .advance(chrono::Duration::seconds(TOTP_STEP_SECONDS as i64));
            step = totp_step(self.clock.now().timestamp());
        }
        *last = Some(step);
        secret.code_at_step(step)
    }

    pub async fn get_me(&self, access_token: &str) -> reqwest::Response {
        self.client
            .get(self.url("/api/v1/me"))
            .bearer_auth(access_token)
            .send()
            .await
            .expect("me request")
    }

    pub async fn refresh(&self, refresh_token: &str) -> reqwest::Response {
        self.client
            .post(self.url("/api/v1/sessions/refresh"))
            .header("Cookie", format!("__Secure-portal_refresh={refresh_token}"))
            .send()
            .await
            .expect("refresh request")
    }

    /// Moves `expires_at` of the rows matching `condition` into the past by `ago`.
    pub async fn expire(&self, table: &str, condition: &str, ago: chrono::Duration) {
        let backend = self.db.get_database_backend();
        let placeholder = match backend {
            sea_orm::DatabaseBackend::Postgres => "$1",
            _ => "?",
        };
        self.db
            .execute_raw(sea_orm::Statement::from_sql_and_values(
                backend,
                format!("UPDATE {table} SET expires_at = {placeholder} WHERE {condition}"),
                [(chrono::Utc::now() - ago).into()],
            ))
            .await
            .expect("expire rows");
    }

    pub async fn count(&self, table: &str) -> i64 {
        self.count_where(table, "1 = 1").await
    }

    /// Rows of `table` matching the SQL `condition`.
    pub async fn count_where(&self, table: &str, condition: &str) -> i64 {
        let row = self
            .db
            .query_one_raw(sea_orm::Statement::from_string(
                self.db.get_database_backend(),
                format!("SELECT COUNT(*) AS n FROM {table} WHERE {condition}"),
            ))
            .await
            .expect("count query")
            .expect("one row");
        row.try_get::<i64>("", "n").expect("count value")
    }
}

/// The `__Secure-portal_refresh` cookie set by a response.
pub fn refresh_cookie_value(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .find_map(|value| {
            let text = value.to_str().ok()?;
            let pair = text.split(';').next()?;
            let (name, value) = pair.split_once('=')?;
            (name.trim() == "__Secure-portal_refresh" && !value.is_empty())
                .then(|| value.to_owned())
        })
}

pub async fn error_body(response: reqwest::Response) -> Value {
    response.json().await.expect("JSON error body")
}

/// (field, code) pairs of a 422 body.
pub fn field_codes(body: &Value) -> Vec<(String, String)> {
    body["fields"]
        .as_array()
        .map(|fields| {
            fields
                .iter()
                .map(|f| {
                    (
                        f["field"].as_str().unwrap_or_default().to_owned(),
                        f["code"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The answer's body as `T`, after checking its status.
pub async fn read<T: serde::de::DeserializeOwned>(response: reqwest::Response, status: u16) -> T {
    assert_eq!(response.status(), status, "unexpected status");
    response.json().await.expect("a body of the expected type")
}

/// Typed calls: each takes and sends the request types of `portal_shared`, so a test that
/// compiles sends what the browser app sends. Bodies a client could not build with these
/// types (malformed, mistyped) are sent with `json!` where a test needs them.
impl TestApp {
    /// `method path` as the holder of `token`, with `body` as JSON.
    pub async fn send_as(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        body: &(impl serde::Serialize + ?Sized),
    ) -> reqwest::Response {
        self.client
            .request(method, self.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .expect("request")
    }

    /// `GET path` as the holder of `token`.
    pub async fn get_as(&self, path: &str, token: &str) -> reqwest::Response {
        self.without_body_as(reqwest::Method::GET, path, token)
            .await
    }

    /// `DELETE path` as the holder of `token`.
    pub async fn delete_as(&self, path: &str, token: &str) -> reqwest::Response {
        self.without_body_as(reqwest::Method::DELETE, path, token)
            .await
    }

    async fn without_body_as(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
    ) -> reqwest::Response {
        self.client
            .request(method, self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("request")
    }

    /// `POST /api/v1/accounts/recovery` with a fresh captcha.
    pub async fn request_recovery(&self, kind: RecoveryKind, email: &str) -> reqwest::Response {
        let body = RecoveryRequest {
            kind,
            email: email.into(),
            captcha: self.captcha_answer().await,
        };
        self.post_json("/api/v1/accounts/recovery", &body).await
    }

    /// `POST /api/v1/accounts/password-reset`: `password` twice with the emailed `token`.
    pub async fn reset_password(&self, token: &str, password: &str) -> reqwest::Response {
        let body = PasswordResetRequest {
            token: token.into(),
            password: password.into(),
            password_confirmation: password.into(),
        };
        self.post_json("/api/v1/accounts/password-reset", &body)
            .await
    }

    /// `PUT /api/v1/me/password` from `current` to `new` (confirmed), with a fresh captcha.
    pub async fn change_password(
        &self,
        token: &str,
        current: &str,
        new: &str,
    ) -> reqwest::Response {
        let body = ChangePasswordRequest {
            current_password: current.into(),
            new_password: new.into(),
            new_password_confirmation: new.into(),
            captcha: self.captcha_answer().await,
        };
        self.send_as(reqwest::Method::PUT, "/api/v1/me/password", token, &body)
            .await
    }

    /// `DELETE /api/v1/me` confirmed with `password` and a fresh captcha.
    pub async fn delete_account(&self, token: &str, password: &str) -> reqwest::Response {
        let body = DeleteAccountRequest {
            password: password.into(),
            captcha: self.captcha_answer().await,
        };
        self.send_as(reqwest::Method::DELETE, "/api/v1/me", token, &body)
            .await
    }

    pub async fn register_document(
        &self,
        token: &str,
        request: &RegisterDocumentRequest,
    ) -> reqwest::Response {
        self.send_as(reqwest::Method::POST, "/api/v1/documents", token, request)
            .await
    }

    pub async fn start_preregistration(
        &self,
        token: &str,
        request: &StartPreregistrationRequest,
    ) -> reqwest::Response {
        self.send_as(
            reqwest::Method::POST,
            "/api/v1/preregistrations",
            token,
            request,
        )
        .await
    }

    pub async fn save_trip(
        &self,
        token: &str,
        id: &str,
        trip: &TripInformation,
    ) -> reqwest::Response {
        let path = format!("/api/v1/preregistrations/{id}/trip");
        self.send_as(reqwest::Method::PUT, &path, token, trip).await
    }

    pub async fn save_additional(
        &self,
        token: &str,
        id: &str,
        additional: &AdditionalInformation,
    ) -> reqwest::Response {
        let path = format!("/api/v1/preregistrations/{id}/additional");
        self.send_as(reqwest::Method::PUT, &path, token, additional)
            .await
    }

    pub async fn save_control(
        &self,
        token: &str,
        id: &str,
        control: &MigrationControl,
    ) -> reqwest::Response {
        let path = format!("/api/v1/preregistrations/{id}/control");
        self.send_as(reqwest::Method::PUT, &path, token, control)
            .await
    }

    /// The submission, with `key` as its `Idempotency-Key` when given.
    pub async fn submit_preregistration(
        &self,
        token: &str,
        id: &str,
        key: Option<&str>,
        request: &SubmitPreregistrationRequest,
    ) -> reqwest::Response {
        let mut call = self
            .client
            .post(self.url(&format!("/api/v1/preregistrations/{id}/submission")))
            .bearer_auth(token)
            .json(request);
        if let Some(key) = key {
            call = call.header("Idempotency-Key", key);
        }
        call.send().await.expect("request")
    }

    pub async fn record_entry_decision(
        &self,
        token: &str,
        inspection_id: &str,
        request: &EntryDecisionRequest,
    ) -> reqwest::Response {
        let path = format!("/api/v1/officer/inspections/{inspection_id}/entry");
        self.send_as(reqwest::Method::POST, &path, token, request)
            .await
    }
}

fn today_in_mexico() -> chrono::NaiveDate {
    portal_shared::dates::mexico_today(chrono::Utc::now())
}

/// The day `days` after today in Mexico City.
pub fn in_days(days: u64) -> chrono::NaiveDate {
    today_in_mexico()
        .checked_add_days(chrono::Days::new(days))
        .expect("a date")
}

/// The holder's passport (the account of `active_account`, born 1990-05-17): Colombian,
/// issued two years ago, valid ten years.
pub async fn passport_request(app: &TestApp) -> RegisterDocumentRequest {
    passport_with(app.captcha_answer().await)
}

/// The same passport with `captcha` already fetched.
pub fn passport_with(captcha: CaptchaAnswer) -> RegisterDocumentRequest {
    let today = chrono::Utc::now().date_naive();
    let issued = today.checked_sub_months(chrono::Months::new(24));
    let expires = issued.and_then(|d| d.checked_add_months(chrono::Months::new(120)));
    RegisterDocumentRequest {
        relationship: "holder".into(),
        given_names: "María José".into(),
        surnames: "Pérez Gómez".into(),
        birth_date: chrono::NaiveDate::from_ymd_opt(1990, 5, 17),
        birth_country: "COL".into(),
        sex: "female".into(),
        nationality: "COL".into(),
        document_type: "passport".into(),
        classification: "ordinary".into(),
        issuing_country: "COL".into(),
        document_number: "AB123456".into(),
        document_number_confirmation: "ab123456".into(),
        issue_date: issued,
        issue_date_confirmation: issued,
        expiry_date: expires,
        expiry_date_confirmation: expires,
        scan_id: None,
        captcha,
    }
}

/// Step 1 by air to Cancún, arriving in `arrival_in` days and leaving in `departure_in`.
pub fn trip_request(arrival_in: u64, departure_in: u64) -> TripInformation {
    TripInformation {
        entry_mode: "air".into(),
        entry_point: "CUN".into(),
        carrier: "AV".into(),
        flight_number: "AV 86".into(),
        arrival_date: Some(in_days(arrival_in)),
        trip_reason: "tourism".into(),
        trip_specification: "vacation".into(),
        destination_state: "ROO".into(),
        address_in_mexico: "Hotel Caribe, Blvd. Kukulcán km 9, Cancún".into(),
        departure_date: Some(in_days(departure_in)),
    }
}

/// Step 2 of a visitor (variants II and III).
pub fn contacts_request() -> AdditionalInformation {
    AdditionalInformation {
        origin_contact_name: "Luis Pérez".into(),
        origin_contact_phone_country_code: "+57".into(),
        origin_contact_phone: "3001234567".into(),
        mexico_contact_name: "Hotel Caribe".into(),
        mexico_contact_phone: "9981234567".into(),
        exit_type: "visitor".into(),
        ..AdditionalInformation::default()
    }
}

/// Step 3 answered so that none of the initial eligibility rules fires, then `changes`.
pub fn answers_request(changes: &[(&str, bool)]) -> MigrationControl {
    let mut control = MigrationControl::default();
    for question in portal_shared::preregistrations::control_questions() {
        control.answers.insert(question.code.clone(), false);
    }
    for (code, answer) in [("return_ticket", true), ("sufficient_means", true)]
        .iter()
        .chain(changes)
    {
        control.answers.insert((*code).to_owned(), *answer);
    }
    control
}

/// A traveler made straight in the database — an activated account, an open session, a
/// Colombian passport — for tests that need many people at once (a password login per
/// person would take longer than the test and trip the login limits).
pub struct QuickTraveler {
    pub email: String,
    pub token: String,
    pub document_id: String,
}

/// Letters for the `n`-th person's names: every person has other names, so another
/// person key.
fn name_letters(mut n: usize) -> String {
    let mut letters = String::new();
    loop {
        letters.push(char::from(b'a' + u8::try_from(n % 26).unwrap_or(0)));
        n /= 26;
        if n == 0 {
            return letters;
        }
    }
}

impl TestApp {
    /// `count` travelers, each with an access token signed by the server's key.
    pub async fn quick_travelers(&self, prefix: &str, count: usize) -> Vec<QuickTraveler> {
        use portal_domain::documents::PassportData;
        let keks = portal_api::keys::load_key_encryption_keys(&self.settings()).expect("keks");
        let keys = portal_api::keys::access_token_keys(self.data_dir.path(), &keks).expect("key");
        let issuer = portal_api::auth::TokenIssuer::new(&keys, 60).expect("issuer");
        let now = chrono::Utc::now();
        let mut travelers = Vec::with_capacity(count);
        for n in 0..count {
            let email = format!("{prefix}{n}@example.com");
            let given_names = format!("Ana {}", name_letters(n));
            let account = portal_persistence::accounts::insert(
                &self.db,
                portal_persistence::accounts::NewAccount {
                    email: email.clone(),
                    password_hash: "unusable: this account never logs in by password".into(),
                    given_names: given_names.clone(),
                    surnames: "Pérez Gómez".into(),
                    birth_date: chrono::NaiveDate::from_ymd_opt(1990, 5, 17).expect("date"),
                    nationality: "COL".into(),
                    sex: portal_shared::catalogs::Sex::Female,
                    phone_country_code: "+57".into(),
                    phone: "3001234567".into(),
                    role: portal_shared::accounts::Role::Traveler,
                    activated_at: Some(now),
                },
                now,
            )
            .await
            .expect("account");
            let document = portal_persistence::travel_documents::insert(
                &self.db,
                account.id,
                PassportData {
                    relationship: portal_shared::documents::Relationship::Holder,
                    given_names,
                    surnames: "Pérez Gómez".into(),
                    birth_date: chrono::NaiveDate::from_ymd_opt(1990, 5, 17).expect("date"),
                    birth_country: "COL".into(),
                    sex: portal_shared::catalogs::Sex::Female,
                    nationality: "COL".into(),
                    document_type: portal_shared::documents::DocumentType::Passport,
                    classification: portal_shared::documents::Classification::Ordinary,
                    issuing_country: "COL".into(),
                    document_number: format!("AB{:06}", n),
                    issue_date: in_days(0) - chrono::Days::new(700),
                    expiry_date: in_days(0) + chrono::Days::new(3000),
                },
                None,
                now,
            )
            .await
            .expect("document");
            let session = portal_persistence::sessions::create(
                &self.db,
                account.id,
                format!("unused refresh {}", uuid::Uuid::new_v4()),
                now + chrono::Duration::days(1),
                now,
            )
            .await
            .expect("session");
            let token = issuer
                .issue(account.id, session, portal_shared::accounts::Role::Traveler)
                .expect("token");
            travelers.push(QuickTraveler {
                email,
                token,
                document_id: document.id.to_string(),
            });
        }
        travelers
    }
}
