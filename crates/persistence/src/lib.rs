//! Storage of the portal: sea-orm entities and repositories, on SQLite (embedded default)
//! or PostgreSQL (production). Repositories take any connection or transaction so that a
//! change and the email it causes are written together.

pub mod accounts;
pub mod audit;
pub mod captchas;
pub mod citas;
pub mod document_scans;
pub mod eligibility_rules;
mod entities;
pub mod history;
pub mod inspections;
pub mod officers;
pub mod outbox;
pub mod preregistrations;
pub mod rate_limits;
pub mod receipt_keys;
pub mod revocations;
pub mod second_factors;
pub mod sessions;
pub mod submission_context;
pub mod travel_documents;

use portal_migrations::{Migrator, MigratorTrait};
pub use sea_orm::DbErr;
use sea_orm::{
    ConnectOptions, Database, DatabaseBackend, RuntimeErr, SqlErr, SqliteTransactionMode,
    SqlxError, TransactionOptions,
};
pub use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, TransactionSession, TransactionTrait,
};
use std::sync::OnceLock;
use std::time::Duration;

/// Errors of the storage layer.
#[derive(Debug, thiserror::Error)]
pub enum PersistenceError {
    /// A unique constraint refused the write.
    #[error("a record with the same {0} already exists")]
    Duplicate(&'static str),
    /// Other records still refer to the one being deleted.
    #[error("the {0} is still referred to")]
    Referenced(&'static str),
    /// A stored value could not be read back into a domain type.
    #[error("corrupt stored value: {0}")]
    Corrupt(String),
    #[error(transparent)]
    Database(#[from] DbErr),
}

/// Reads a stored code back into its type; a value outside the set is corrupt data.
pub(crate) fn stored_code<T: portal_shared::WireCode>(
    text: &str,
    what: &str,
) -> Result<T, PersistenceError> {
    T::parse(text).ok_or_else(|| PersistenceError::Corrupt(format!("{what} {text:?}")))
}

impl PersistenceError {
    /// Whether the database could not be reached — down, restarting, every connection busy
    /// or the connection lost — rather than refusing the request: worth retrying later.
    pub fn is_unavailable(&self) -> bool {
        let Self::Database(error) = self else {
            return false;
        };
        match error {
            DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => true,
            DbErr::Exec(RuntimeErr::SqlxError(cause))
            | DbErr::Query(RuntimeErr::SqlxError(cause)) => {
                match cause.as_ref() {
                    SqlxError::Io(_)
                    | SqlxError::Tls(_)
                    | SqlxError::PoolTimedOut
                    | SqlxError::PoolClosed
                    | SqlxError::WorkerCrashed => true,
                    // Class 08 (connection exception) and 57P01–57P03 (admin shutdown,
                    // crash shutdown, cannot connect now): the server is going or coming.
                    SqlxError::Database(db) => db.code().is_some_and(|code| {
                        code.starts_with("08") || matches!(&*code, "57P01" | "57P02" | "57P03")
                    }),
                    _ => false,
                }
            }
            _ => false,
        }
    }

    /// Classifies a write error, naming `what` when it was a unique-constraint violation.
    pub(crate) fn from_write(error: DbErr, what: &'static str) -> Self {
        match error.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => Self::Duplicate(what),
            Some(SqlErr::ForeignKeyConstraintViolation(_)) => Self::Referenced(what),
            _ => Self::Database(error),
        }
    }
}

/// Opens a pool to `url` (`sqlite://…?mode=rwc` or `postgres://…`).
pub async fn connect(
    url: &str,
    max_connections: u32,
) -> Result<DatabaseConnection, PersistenceError> {
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .max_connections(max_connections)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false);
    let connection = Database::connect(options).await?;
    if connection.get_database_backend() == DatabaseBackend::Sqlite {
        // WAL lets readers proceed while the single writer commits.
        connection
            .execute_unprepared("PRAGMA journal_mode = WAL")
            .await?;
        connection
            .execute_unprepared("PRAGMA foreign_keys = ON")
            .await?;
    }
    Ok(connection)
}

/// Starts a transaction that will write. On SQLite it takes the write lock at `BEGIN`
/// (`BEGIN IMMEDIATE`): a deferred transaction that reads and then writes fails at once
/// with `SQLITE_BUSY`, without waiting for the busy timeout, when another connection has
/// written in between (the outbox worker, a second request). PostgreSQL ignores the mode.
pub async fn begin_write(connection: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    connection
        .begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..TransactionOptions::default()
        })
        .await
}

/// Applies every pending migration.
pub async fn migrate(connection: &DatabaseConnection) -> Result<(), PersistenceError> {
    Migrator::up(connection, None).await?;
    Ok(())
}

/// Whether the database answers a trivial query.
pub async fn ping(connection: &DatabaseConnection) -> bool {
    connection.ping().await.is_ok()
}

/// Names of migrations not yet applied.
pub async fn pending_migrations(
    connection: &DatabaseConnection,
) -> Result<Vec<String>, PersistenceError> {
    Ok(Migrator::get_pending_migrations(connection)
        .await?
        .iter()
        .map(|m| m.name().to_owned())
        .collect())
}

/// The text of a hand-written statement whose placeholders differ by backend, written
/// once per backend instead of at every request.
pub(crate) struct SqlText {
    postgres: OnceLock<String>,
    sqlite: OnceLock<String>,
    write: fn(DatabaseBackend) -> String,
}

impl SqlText {
    pub(crate) const fn new(write: fn(DatabaseBackend) -> String) -> Self {
        Self {
            postgres: OnceLock::new(),
            sqlite: OnceLock::new(),
            write,
        }
    }

    pub(crate) fn get(&self, backend: DatabaseBackend) -> &str {
        let cell = match backend {
            DatabaseBackend::Postgres => &self.postgres,
            _ => &self.sqlite,
        };
        cell.get_or_init(|| (self.write)(backend))
    }
}
