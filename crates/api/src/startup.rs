//! Building and running the server.

use crate::auth::TokenIssuer;
use crate::config::Settings;
use crate::state::AppState;
use crate::{error, keys, routes, spa};
use actix_web::dev::Server;
use actix_web::middleware::{Compress, DefaultHeaders};
use actix_web::{App, HttpServer, web};
use lettre::message::Mailbox;
use portal_mailer::{Branding, MailTransport};
use portal_persistence::DatabaseConnection;
use std::net::TcpListener;
use std::sync::Arc;
use tokio::sync::watch;
use tracing_actix_web::TracingLogger;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

/// The portal's name on emails and documents.
pub const PORTAL_NAME: &str = "Portal de Servicios";

/// Largest JSON body accepted.
pub const JSON_LIMIT_BYTES: usize = 64 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Persistence(#[from] portal_persistence::PersistenceError),
    #[error(transparent)]
    Keys(#[from] keys::KeyError),
    #[error("signing key unusable: {0}")]
    Jwt(String),
    #[error("email transport: {0}")]
    Mail(String),
    #[error("cannot listen on {address}: {source}")]
    Bind {
        address: String,
        source: std::io::Error,
    },
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// A server bound to its port, with its email worker.
pub struct Application {
    port: u16,
    server: Server,
    worker_shutdown: watch::Sender<bool>,
    worker: tokio::task::JoinHandle<()>,
    maintenance: tokio::task::JoinHandle<()>,
    audit_chainer: tokio::task::JoinHandle<()>,
    citas_jobs: tokio::task::JoinHandle<()>,
}

/// Connects to the database and applies pending migrations.
pub async fn prepare_database(settings: &Settings) -> Result<DatabaseConnection, StartupError> {
    restrict_new_files();
    if settings.database_url.starts_with("sqlite:") {
        keys::create_private_dir(&settings.data_dir)?;
    }
    let db = portal_persistence::connect(&settings.database_url, settings.database_max_connections)
        .await?;
    portal_persistence::migrate(&db).await?;
    Ok(db)
}

pub fn mail_transport(settings: &Settings) -> Result<MailTransport, StartupError> {
    match &settings.smtp {
        Some(smtp) => MailTransport::smtp(smtp).map_err(|e| StartupError::Mail(e.to_string())),
        None => MailTransport::file(settings.outbox_dir.clone()).map_err(StartupError::Io),
    }
}

/// Files the process creates from here on (the SQLite database and its journal, scans,
/// attachments, `.eml` files with reset links, keys) are readable by their owner only.
fn restrict_new_files() {
    #[cfg(unix)]
    rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o077));
}

impl Application {
    pub async fn build(settings: Settings) -> Result<Self, StartupError> {
        Self::build_with_clock(settings, Arc::new(crate::clock::SystemClock)).await
    }

    /// [`Application::build`] with another clock (tests move time forward).
    pub async fn build_with_clock(
        settings: Settings,
        clock: Arc<dyn crate::clock::Clock>,
    ) -> Result<Self, StartupError> {
        if settings.captcha_disabled {
            tracing::warn!(
                "CAPTCHA CHECKING IS DISABLED (PORTAL_CAPTCHA_DISABLED): use this only for automated tests"
            );
        }
        restrict_new_files();
        crate::heavy_work::configure_logins(settings.login_queue_length, settings.login_queue_wait);
        keys::create_private_dir(&settings.data_dir)?;
        let db = prepare_database(&settings).await?;
        let keks = Arc::new(keys::load_key_encryption_keys(&settings)?);
        let signing_keys = keys::access_token_keys(&settings.data_dir, &keks)?;
        let trust_root = Arc::new(keys::trust_root_keys(&settings.data_dir, &keks)?.key);
        let pinned_root = portal_receipt_token::trust_root(&trust_root.verifying_key());
        portal_persistence::eligibility_rules::ensure_initial(&db, clock.now()).await?;
        keys::ensure_receipt_key(&db, &settings.data_dir, &keks, clock.now()).await?;
        let signer: Arc<dyn keys::signer::Signer> =
            Arc::new(keys::signer::DatabaseSigner::new(db.clone(), keks.clone()));
        let tokens = TokenIssuer::new(&signing_keys, settings.access_token_minutes)
            .map_err(|e| StartupError::Jwt(e.to_string()))?;
        let transport = mail_transport(&settings)?;
        let from: Mailbox =
            settings
                .mail_from
                .parse()
                .map_err(|e: lettre::address::AddressError| {
                    StartupError::Mail(format!("PORTAL_MAIL_FROM: {e}"))
                })?;

        let listener =
            TcpListener::bind(settings.bind_address).map_err(|source| StartupError::Bind {
                address: settings.bind_address.to_string(),
                source,
            })?;
        let port = listener.local_addr()?.port();

        let (worker_shutdown, shutdown_rx) = watch::channel(false);
        let receipts = Arc::new(ServiceAttachments {
            receipts: crate::routes::preregistrations::issue::ReceiptAttachments {
                db: db.clone(),
                signer: signer.clone(),
                portal_name: PORTAL_NAME.to_owned(),
            },
            appointments: crate::routes::citas::issue::AppointmentAttachments {
                db: db.clone(),
                signer: signer.clone(),
                portal_name: PORTAL_NAME.to_owned(),
            },
        });
        let worker = tokio::spawn(portal_mailer::worker::run(
            db.clone(),
            transport,
            from,
            receipts,
            settings.email_poll_interval,
            shutdown_rx.clone(),
        ));
        let audit_chainer = tokio::spawn(crate::audit_trail::run_chainer(
            db.clone(),
            shutdown_rx.clone(),
        ));
        let citas_jobs = tokio::spawn(crate::routes::citas::jobs::run(
            db.clone(),
            Branding {
                portal_name: PORTAL_NAME.to_owned(),
                public_url: settings.public_url.clone(),
            },
            clock.clone(),
            settings.citas_poll_interval,
            shutdown_rx.clone(),
        ));
        let maintenance = tokio::spawn(crate::maintenance::run(
            db.clone(),
            crate::storage::FileStore::new(settings.data_dir.join("files")),
            shutdown_rx,
        ));

        let settings = Arc::new(settings);
        let state = web::Data::new(AppState {
            db,
            branding: Branding {
                portal_name: PORTAL_NAME.to_owned(),
                public_url: settings.public_url.clone(),
            },
            settings: settings.clone(),
            tokens,
            public_key_pem: signing_keys.public_pem,
            files: crate::storage::FileStore::new(settings.data_dir.join("files")),
            signer,
            keks,
            clock,
            trust_root,
            citas_full_slots: Default::default(),
        });
        let static_dir = settings.static_dir.clone();
        let security_headers = web::Data::new(Arc::new(
            crate::security_headers::SecurityHeaders::new(&static_dir, &settings.public_url),
        ));
        let max_connections = settings.max_connections;
        tracing::info!(settings = ?settings, port, "starting server");

        let openapi = crate::openapi::openapi_value();
        let server = HttpServer::new(move || {
            let (app, _) = App::new()
                .wrap(actix_web::middleware::from_fn(crate::body_deadline::pace))
                .wrap(actix_web::middleware::from_fn(crate::security_headers::add))
                .wrap(Compress::default())
                .wrap(
                    DefaultHeaders::new()
                        .add(("X-Content-Type-Options", "nosniff"))
                        .add(("X-Frame-Options", "DENY"))
                        .add(("Referrer-Policy", "no-referrer")),
                )
                .wrap(TracingLogger::<crate::telemetry::RequestSpan>::new())
                .app_data(state.clone())
                .app_data(security_headers.clone())
                .app_data(
                    web::JsonConfig::default()
                        .limit(JSON_LIMIT_BYTES)
                        .error_handler(error::json_error),
                )
                .app_data(web::PathConfig::default().error_handler(error::path_error))
                .app_data(web::QueryConfig::default().error_handler(error::query_error))
                .into_utoipa_app()
                .configure(routes::configure)
                .split_for_parts();
            app.service(
                SwaggerUi::new("/docs/{_:.*}")
                    .external_url_unchecked("/api-spec/openapi.json", openapi.clone()),
            )
            .configure(|cfg| spa::configure(cfg, &static_dir, &pinned_root))
        })
        // Bounded memory under overload: past this many open connections per worker the
        // server stops accepting, and the rest wait in the kernel's queue (each request in
        // flight holds its buffers; thousands at once took 250–400 MB in the load
        // benchmark). Idle keep-alive connections hold a slot for 5 s at most.
        .max_connections(max_connections)
        .listen(listener)?
        .shutdown_timeout(10)
        .run();

        Ok(Self {
            port,
            server,
            worker_shutdown,
            worker,
            maintenance,
            audit_chainer,
            citas_jobs,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until the process is told to stop, then stops the email worker.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let result = self.server.await;
        let _ = self.worker_shutdown.send(true);
        let _ = self.worker.await;
        let _ = self.maintenance.await;
        let _ = self.audit_chainer.await;
        let _ = self.citas_jobs.await;
        result
    }
}

/// The files emails name instead of carrying, rendered when they are sent: each service's
/// by the prefix of its source (`receipt:…`, `appointment:…`).
struct ServiceAttachments {
    receipts: crate::routes::preregistrations::issue::ReceiptAttachments,
    appointments: crate::routes::citas::issue::AppointmentAttachments,
}

impl portal_mailer::worker::AttachmentSource for ServiceAttachments {
    fn render<'a>(&'a self, source: &'a str) -> portal_mailer::worker::Rendering<'a> {
        if source.starts_with(crate::routes::citas::issue::APPOINTMENT_SOURCE_PREFIX) {
            Box::pin(self.appointments.confirmation(source))
        } else {
            self.receipts.render(source)
        }
    }
}
