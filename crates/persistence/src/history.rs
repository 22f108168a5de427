//! Historial Registros in one statement: every pre-registration of an account with its
//! variant, attachments, document and the delivery of its two emails. The history is the
//! most read page of the portal; one round trip, the session check included, instead of
//! six is what lets it serve thousands of reads a second.

use crate::entities::{preregistration, travel_document};
use crate::outbox::DeliveryState;
use crate::submission_context::{attachments, attachments_json, document_columns};
use crate::{PersistenceError, SqlText};
use chrono::{DateTime, Utc};
use portal_domain::documents::TravelDocument;
use portal_domain::preregistrations::{Preregistration, StoredAttachment, VariantChoice};
use sea_orm::{ConnectionTrait, DatabaseBackend, FromQueryResult, QueryResult, Statement};
use uuid::Uuid;

/// One line of the history.
#[derive(Debug, Clone)]
pub struct HistoryEntry {
    pub preregistration: Preregistration,
    pub variant: VariantChoice,
    pub attachments: Vec<StoredAttachment>,
    pub document: TravelDocument,
    /// The receipt email, while it is in the outbox.
    pub receipt_email: Option<DeliveryState>,
    /// The FMM email, while it is in the outbox.
    pub fmm_email: Option<DeliveryState>,
}

static HISTORY_SQL: SqlText = SqlText::new(write_sql);

fn write_sql(backend: DatabaseBackend) -> String {
    let (account, session) = match backend {
        DatabaseBackend::Postgres => ("$1", "$2"),
        _ => ("?1", "?2"),
    };
    // From the session outwards: no row at all when the session is closed or not the
    // account's; one row without a pre-registration when it is open and the history empty.
    format!(
        "SELECT p.*, v.variant AS variant_code, v.reference AS variant_reference, \
         {} AS attachments_json, {}, \
         r.id AS r_id, r.sent_at AS r_sent_at, r.last_error AS r_last_error, \
         f.id AS f_id, f.sent_at AS f_sent_at, f.last_error AS f_last_error \
         FROM sessions s \
         LEFT JOIN (preregistrations p \
           JOIN preregistration_profiles v ON v.document_id = p.document_id \
           JOIN travel_documents d ON d.id = p.document_id \
           LEFT JOIN outbox_emails r ON r.id = p.receipt_email_id \
           LEFT JOIN outbox_emails f ON f.id = p.fmm_email_id) \
         ON p.account_id = s.account_id \
         WHERE s.id = {session} AND s.account_id = {account} AND s.revoked_at IS NULL \
         ORDER BY p.created_at DESC",
        attachments_json(backend),
        document_columns(),
    )
}

/// The email whose columns carry `prefix`, if it is still in the outbox.
fn delivery(row: &QueryResult, prefix: &str) -> Result<Option<DeliveryState>, PersistenceError> {
    let id: Option<Uuid> = row.try_get("", &format!("{prefix}id"))?;
    if id.is_none() {
        return Ok(None);
    }
    let sent_at: Option<DateTime<Utc>> = row.try_get("", &format!("{prefix}sent_at"))?;
    let last_error: Option<String> = row.try_get("", &format!("{prefix}last_error"))?;
    Ok(Some(DeliveryState::of(sent_at, last_error.as_deref())))
}

/// Every pre-registration of the account, newest first, read only through its open
/// session `session_id`: `None` when that session is closed or belongs to someone else.
/// The session check and the history are one statement, one round trip.
pub async fn for_open_session<C: ConnectionTrait>(
    db: &C,
    account_id: Uuid,
    session_id: Uuid,
) -> Result<Option<Vec<HistoryEntry>>, PersistenceError> {
    let backend = db.get_database_backend();
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(
            backend,
            HISTORY_SQL.get(backend),
            [account_id.into(), session_id.into()],
        ))
        .await?;
    if rows.is_empty() {
        return Ok(None);
    }
    let mut entries = Vec::with_capacity(rows.len());
    for row in &rows {
        let preregistration: Option<Uuid> = row.try_get("", "id")?;
        if preregistration.is_none() {
            continue;
        }
        entries.push(HistoryEntry {
            preregistration: crate::preregistrations::to_domain(
                preregistration::Model::from_query_result(row, "")?,
            )?,
            variant: VariantChoice {
                variant: crate::stored_code(
                    &row.try_get::<String>("", "variant_code")?,
                    "variant",
                )?,
                reference: row.try_get("", "variant_reference")?,
            },
            attachments: attachments(row.try_get("", "attachments_json")?)?,
            document: crate::travel_documents::to_domain(
                travel_document::Model::from_query_result(row, "d_")?,
            )?,
            receipt_email: delivery(row, "r_")?,
            fmm_email: delivery(row, "f_")?,
        });
    }
    Ok(Some(entries))
}
