//! Settings: defaults that work on a fresh machine, overridden by a TOML file and then by
//! `PORTAL_…` environment variables. Secrets are never logged.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;

use portal_mailer::{SmtpSettings, SmtpTls};

/// Every setting, with its environment variable (the file key is the same name in
/// lower case without the `PORTAL_` prefix).
pub const VARIABLES: [(&str, &str); 27] = [
    (
        "PORTAL_CONFIG",
        "path of a TOML file with any of the keys below (default: portal.toml if present)",
    ),
    (
        "PORTAL_BIND_ADDRESS",
        "address and port to listen on (default 127.0.0.1:8080)",
    ),
    (
        "PORTAL_PUBLIC_URL",
        "URL people use to reach the portal, used in email links (default http://127.0.0.1:8080)",
    ),
    (
        "PORTAL_DATA_DIR",
        "folder for the SQLite file, signing keys and the email outbox (default ./data)",
    ),
    (
        "PORTAL_DATABASE_URL",
        "sqlite://…?mode=rwc or postgres://… (default SQLite in the data folder)",
    ),
    (
        "PORTAL_DATABASE_MAX_CONNECTIONS",
        "connection pool size (default 10)",
    ),
    (
        "PORTAL_MAX_CONNECTIONS",
        "open connections each worker (one per core) serves at once; more wait in the kernel's queue (default 512)",
    ),
    (
        "PORTAL_STATIC_DIR",
        "folder with the built web app (default frontend/dist)",
    ),
    (
        "PORTAL_MAIL_FROM",
        "sender of emails (default \"Portal de Servicios <no-responder@portal.localhost>\")",
    ),
    (
        "PORTAL_OUTBOX_DIR",
        "folder where .eml files are written when no SMTP host is set (default <data>/outbox)",
    ),
    (
        "PORTAL_SMTP_HOST",
        "SMTP server; when set, emails go through SMTP instead of the file outbox",
    ),
    (
        "PORTAL_SMTP_PORT",
        "SMTP port (default 587, or 1025 with tls = none)",
    ),
    (
        "PORTAL_SMTP_TLS",
        "none, starttls or tls (default starttls)",
    ),
    ("PORTAL_SMTP_USERNAME", "SMTP user name"),
    ("PORTAL_SMTP_PASSWORD", "SMTP password (never logged)"),
    (
        "PORTAL_EMAIL_POLL_SECONDS",
        "how often the email worker looks for due emails (default 2)",
    ),
    (
        "PORTAL_CITAS_POLL_SECONDS",
        "how often expired Citas holds are freed (and offered to the waitlist) and reminders sent (default 15)",
    ),
    (
        "PORTAL_ACCESS_TOKEN_MINUTES",
        "lifetime of access tokens, at most 15 (default 15)",
    ),
    (
        "PORTAL_COOKIE_SECURE",
        "mark the refresh cookie Secure (default true)",
    ),
    (
        "PORTAL_CAPTCHA_DISABLED",
        "accept any captcha answer — automated tests only; logs a warning at start (default false)",
    ),
    ("PORTAL_LOG_FORMAT", "json or pretty (default json)"),
    (
        "PORTAL_KEY_ENCRYPTION_KEY_FILE",
        "file of the key-encryption keys that seal the receipt signing keys, one base64 key per line, the first sealing (default <data>/keys/key-encryption.keys, generated on first start)",
    ),
    (
        "PORTAL_KEY_ENCRYPTION_KEYS",
        "the same keys given directly, comma-separated (never logged); overrides the file",
    ),
    (
        "PORTAL_LOGIN_QUEUE_LENGTH",
        "logins that may wait for a password check; more are answered 503 with Retry-After (default 64)",
    ),
    (
        "PORTAL_LOGIN_QUEUE_WAIT_SECONDS",
        "longest a login waits for its password check before a 503 (default 5)",
    ),
    (
        "PORTAL_SCAN_QUOTA_MB",
        "disk kept for passport photos read but not yet registered, all accounts together (default 1024)",
    ),
    (
        "PORTAL_TRUSTED_PROXIES",
        "addresses or CIDR blocks of the proxies in front of the portal, comma-separated; behind them the client is the right-most X-Forwarded-For hop outside this list (default none: the header is ignored)",
    ),
];

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the configuration file {path}: {source}")]
    File {
        path: String,
        source: std::io::Error,
    },
    #[error("the configuration file {path} is not valid TOML: {message}")]
    Toml { path: String, message: String },
    #[error("invalid value for {key}: {message}")]
    Invalid { key: String, message: String },
}

#[derive(Clone)]
pub struct Settings {
    pub bind_address: SocketAddr,
    pub public_url: String,
    pub data_dir: PathBuf,
    pub database_url: String,
    pub database_max_connections: u32,
    /// Open connections each worker serves at once.
    pub max_connections: usize,
    pub static_dir: PathBuf,
    pub mail_from: String,
    pub outbox_dir: PathBuf,
    pub smtp: Option<SmtpSettings>,
    pub email_poll_interval: std::time::Duration,
    pub citas_poll_interval: std::time::Duration,
    pub access_token_minutes: i64,
    pub cookie_secure: bool,
    pub captcha_disabled: bool,
    pub log_json: bool,
    /// Proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: crate::client_address::TrustedProxies,
    /// Logins that may wait for a password check.
    pub login_queue_length: usize,
    /// Longest a login waits for its password check.
    pub login_queue_wait: std::time::Duration,
    /// Disk for passport photos waiting to be registered.
    pub scan_quota_bytes: u64,
    /// Key-encryption keys given directly (a secret: never logged).
    pub key_encryption_keys: Option<String>,
    /// File holding the key-encryption keys.
    pub key_encryption_key_file: Option<PathBuf>,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("bind_address", &self.bind_address)
            .field("public_url", &self.public_url)
            .field("data_dir", &self.data_dir)
            .field("database", &redact_url(&self.database_url))
            .field("smtp_host", &self.smtp.as_ref().map(|s| s.host.clone()))
            .field("captcha_disabled", &self.captcha_disabled)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("key_encryption_key_file", &self.key_encryption_key_file)
            .finish_non_exhaustive()
    }
}

/// The database URL without any password, for logs.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            format!("{}://***{}", &url[..scheme_end], &url[at..])
        }
        _ => url.to_owned(),
    }
}

impl Settings {
    /// Reads the file named by `PORTAL_CONFIG` (or `portal.toml` if present), then the
    /// process environment.
    pub fn load() -> Result<Self, ConfigError> {
        let env: HashMap<String, String> = std::env::vars().collect();
        Self::from_sources(&env)
    }

    /// Builds settings from explicit environment-style variables (also used by tests).
    pub fn from_sources(env: &HashMap<String, String>) -> Result<Self, ConfigError> {
        let mut values: HashMap<String, String> = HashMap::new();
        let file = env.get("PORTAL_CONFIG").cloned().or_else(|| {
            std::path::Path::new("portal.toml")
                .exists()
                .then(|| "portal.toml".to_owned())
        });
        if let Some(path) = file {
            let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::File {
                path: path.clone(),
                source,
            })?;
            let table: toml::Table =
                text.parse()
                    .map_err(|e: toml::de::Error| ConfigError::Toml {
                        path: path.clone(),
                        message: e.to_string(),
                    })?;
            for (key, value) in table {
                let text = match value {
                    toml::Value::String(s) => s,
                    other => other.to_string(),
                };
                values.insert(format!("PORTAL_{}", key.to_uppercase()), text);
            }
        }
        for (key, value) in env {
            if key.starts_with("PORTAL_") {
                values.insert(key.clone(), value.clone());
            }
        }
        Self::from_values(&values)
    }

    fn from_values(values: &HashMap<String, String>) -> Result<Self, ConfigError> {
        let get = |key: &str| {
            values
                .get(key)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let invalid = |key: &str, message: String| ConfigError::Invalid {
            key: key.to_owned(),
            message,
        };
        let parse_bool = |key: &str, default: bool| -> Result<bool, ConfigError> {
            match get(key).as_deref() {
                None => Ok(default),
                Some("1" | "true" | "yes" | "on") => Ok(true),
                Some("0" | "false" | "no" | "off") => Ok(false),
                Some(other) => Err(invalid(
                    key,
                    format!("expected true or false, got {other:?}"),
                )),
            }
        };
        let parse_number = |key: &str, default: u64| -> Result<u64, ConfigError> {
            get(key).map_or(Ok(default), |v| {
                v.parse::<u64>()
                    .map_err(|e| invalid(key, format!("{v:?}: {e}")))
            })
        };

        let bind_address = get("PORTAL_BIND_ADDRESS")
            .unwrap_or_else(|| "127.0.0.1:8080".to_owned())
            .parse()
            .map_err(|e| invalid("PORTAL_BIND_ADDRESS", format!("{e}")))?;
        let data_dir = PathBuf::from(get("PORTAL_DATA_DIR").unwrap_or_else(|| "data".to_owned()));
        let database_url = get("PORTAL_DATABASE_URL").unwrap_or_else(|| {
            format!("sqlite://{}?mode=rwc", data_dir.join("portal.db").display())
        });
        if !(database_url.starts_with("sqlite:") || database_url.starts_with("postgres")) {
            return Err(invalid(
                "PORTAL_DATABASE_URL",
                "must start with sqlite: or postgres://".to_owned(),
            ));
        }
        let public_url = get("PORTAL_PUBLIC_URL")
            .unwrap_or_else(|| format!("http://{bind_address}"))
            .trim_end_matches('/')
            .to_owned();
        let smtp = match get("PORTAL_SMTP_HOST") {
            None => None,
            Some(host) => {
                let tls = match get("PORTAL_SMTP_TLS").as_deref() {
                    None | Some("starttls") => SmtpTls::StartTls,
                    Some("tls") => SmtpTls::Tls,
                    Some("none") => SmtpTls::None,
                    Some(other) => {
                        return Err(invalid(
                            "PORTAL_SMTP_TLS",
                            format!("expected none, starttls or tls, got {other:?}"),
                        ));
                    }
                };
                let default_port = match tls {
                    SmtpTls::None => 1025,
                    SmtpTls::StartTls => 587,
                    SmtpTls::Tls => 465,
                };
                let port = parse_number("PORTAL_SMTP_PORT", default_port)?;
                Some(SmtpSettings {
                    host,
                    port: u16::try_from(port)
                        .map_err(|e| invalid("PORTAL_SMTP_PORT", e.to_string()))?,
                    tls,
                    username: get("PORTAL_SMTP_USERNAME"),
                    password: get("PORTAL_SMTP_PASSWORD"),
                })
            }
        };
        let access_token_minutes = parse_number("PORTAL_ACCESS_TOKEN_MINUTES", 15)?;
        if !(1..=15).contains(&access_token_minutes) {
            return Err(invalid(
                "PORTAL_ACCESS_TOKEN_MINUTES",
                "must be between 1 and 15".to_owned(),
            ));
        }
        let log_json = match get("PORTAL_LOG_FORMAT").as_deref() {
            None | Some("json") => true,
            Some("pretty") => false,
            Some(other) => {
                return Err(invalid(
                    "PORTAL_LOG_FORMAT",
                    format!("expected json or pretty, got {other:?}"),
                ));
            }
        };
        let trusted_proxies = crate::client_address::TrustedProxies::parse(
            &get("PORTAL_TRUSTED_PROXIES").unwrap_or_default(),
        )
        .map_err(|message| invalid("PORTAL_TRUSTED_PROXIES", message))?;
        Ok(Self {
            bind_address,
            trusted_proxies,
            key_encryption_keys: get("PORTAL_KEY_ENCRYPTION_KEYS"),
            login_queue_length: usize::try_from(parse_number("PORTAL_LOGIN_QUEUE_LENGTH", 64)?)
                .unwrap_or(64),
            login_queue_wait: std::time::Duration::from_secs(
                parse_number("PORTAL_LOGIN_QUEUE_WAIT_SECONDS", 5)?.max(1),
            ),
            scan_quota_bytes: parse_number("PORTAL_SCAN_QUOTA_MB", 1024)?
                .saturating_mul(1024 * 1024),
            key_encryption_key_file: get("PORTAL_KEY_ENCRYPTION_KEY_FILE").map(PathBuf::from),
            public_url,
            outbox_dir: get("PORTAL_OUTBOX_DIR")
                .map_or_else(|| data_dir.join("outbox"), PathBuf::from),
            data_dir,
            database_url,
            database_max_connections: u32::try_from(parse_number(
                "PORTAL_DATABASE_MAX_CONNECTIONS",
                10,
            )?)
            .unwrap_or(10)
            .max(1),
            max_connections: usize::try_from(parse_number("PORTAL_MAX_CONNECTIONS", 512)?)
                .unwrap_or(512)
                .max(1),
            static_dir: PathBuf::from(
                get("PORTAL_STATIC_DIR").unwrap_or_else(|| "frontend/dist".to_owned()),
            ),
            mail_from: get("PORTAL_MAIL_FROM").unwrap_or_else(|| {
                "Portal de Servicios <no-responder@portal.localhost>".to_owned()
            }),
            smtp,
            email_poll_interval: std::time::Duration::from_millis(
                parse_number("PORTAL_EMAIL_POLL_SECONDS", 2)?
                    .saturating_mul(1000)
                    .max(100),
            ),
            citas_poll_interval: std::time::Duration::from_secs(
                parse_number("PORTAL_CITAS_POLL_SECONDS", 15)?.max(1),
            ),
            access_token_minutes: i64::try_from(access_token_minutes).unwrap_or(15),
            cookie_secure: parse_bool("PORTAL_COOKIE_SECURE", true)?,
            captcha_disabled: parse_bool("PORTAL_CAPTCHA_DISABLED", false)?,
            log_json,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(pairs: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        Settings::from_values(
            &pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        )
    }

    #[test]
    fn defaults_need_nothing() {
        let s = settings(&[]).map_err(|e| e.to_string());
        let s = s.as_ref().map(|s| {
            (
                s.bind_address.to_string(),
                s.database_url.clone(),
                s.smtp.is_none(),
                s.captcha_disabled,
            )
        });
        assert_eq!(
            s,
            Ok((
                "127.0.0.1:8080".into(),
                "sqlite://data/portal.db?mode=rwc".into(),
                true,
                false
            ))
        );
    }

    #[test]
    fn passwords_never_appear_in_debug_output() {
        let s = settings(&[
            ("PORTAL_DATABASE_URL", "postgres://portal:hunter2@db/portal"),
            ("PORTAL_SMTP_HOST", "smtp.example.com"),
            ("PORTAL_SMTP_PASSWORD", "smtp-secret"),
            (
                "PORTAL_KEY_ENCRYPTION_KEYS",
                "c2VjcmV0LWtleS1lbmNyeXB0aW9uLWtleS0zMmJ5dGU=",
            ),
        ]);
        let debug = format!("{s:?}");
        assert!(
            !debug.contains("hunter2")
                && !debug.contains("smtp-secret")
                && !debug.contains("c2VjcmV0"),
            "{debug}"
        );
    }

    #[test]
    fn bad_values_are_named_in_the_error() {
        let error = settings(&[("PORTAL_SMTP_HOST", "x"), ("PORTAL_SMTP_TLS", "maybe")]).err();
        assert!(error.is_some_and(|e| e.to_string().contains("PORTAL_SMTP_TLS")));
        assert!(settings(&[("PORTAL_ACCESS_TOKEN_MINUTES", "60")]).is_err());
    }
}
