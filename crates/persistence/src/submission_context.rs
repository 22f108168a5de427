//! Everything a Pre-Registro submission decides on, read in one statement: the
//! pre-registration with its variant and attachments, its document, the account's email,
//! the document's last refusal and the rules in force — found only through an open
//! session of the account that owns it. A submission is the busiest write
//! of the portal; one round trip instead of eight keeps it close to the cost of its writes.

use crate::eligibility_rules::StoredRuleSet;
use crate::entities::{eligibility_rule_set, preregistration, travel_document};
use crate::{PersistenceError, SqlText};
use chrono::{DateTime, Utc};
use portal_domain::documents::TravelDocument;
use portal_domain::preregistrations::{Preregistration, StoredAttachment, VariantChoice};
use sea_orm::{ConnectionTrait, DatabaseBackend, FromQueryResult, Statement};
use uuid::Uuid;

/// What [`load`] returns.
#[derive(Debug, Clone)]
pub struct SubmissionContext {
    pub preregistration: Preregistration,
    pub variant: VariantChoice,
    pub attachments: Vec<StoredAttachment>,
    pub document: TravelDocument,
    pub account_email: String,
    /// When the document was last refused by the eligibility rules.
    pub last_refusal: Option<DateTime<Utc>>,
    /// The rules in force (none before the first start stored them).
    pub rules: Option<StoredRuleSet>,
}

/// The travel document's columns from table alias `d`, each as `d_<column>` (read back
/// with `travel_document::Model::from_query_result(row, "d_")`).
pub(crate) fn document_columns() -> String {
    DOCUMENT_COLUMNS
        .iter()
        .map(|c| format!("d.{c} AS d_{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

const DOCUMENT_COLUMNS: [&str; 17] = [
    "id",
    "account_id",
    "relationship",
    "given_names",
    "surnames",
    "birth_date",
    "birth_country",
    "sex",
    "nationality",
    "document_type",
    "classification",
    "issuing_country",
    "document_number",
    "issue_date",
    "expiry_date",
    "created_at",
    "image_key",
];

const RULE_COLUMNS: [&str; 4] = ["version", "rules", "note", "created_at"];

static SUBMISSION_CONTEXT_SQL: SqlText = SqlText::new(write_sql);

fn write_sql(backend: DatabaseBackend) -> String {
    let (id, account, session) = match backend {
        DatabaseBackend::Postgres => ("$1", "$2", "$3"),
        // Numbered: the session's placeholder comes first in the text.
        _ => ("?1", "?2", "?3"),
    };
    let attachments = attachments_json(backend);
    let rules: Vec<String> = RULE_COLUMNS
        .iter()
        .map(|c| format!("e.{c} AS e_{c}"))
        .collect();
    format!(
        "SELECT p.*, v.variant AS variant_code, v.reference AS variant_reference, \
         {attachments} AS attachments_json, a.email AS account_email, \
         (SELECT r.submitted_at FROM preregistrations r WHERE r.document_id = p.document_id \
          AND r.status = 'not_eligible' ORDER BY r.submitted_at DESC LIMIT 1) AS last_refusal_at, \
         {}, {} \
         FROM preregistrations p \
         JOIN preregistration_profiles v ON v.document_id = p.document_id \
         JOIN travel_documents d ON d.id = p.document_id \
         JOIN accounts a ON a.id = p.account_id \
         JOIN sessions s ON s.id = {session} AND s.account_id = p.account_id AND s.revoked_at IS NULL \
         LEFT JOIN eligibility_rule_sets e ON e.version = (SELECT MAX(version) FROM eligibility_rule_sets) \
         WHERE p.id = {id} AND p.account_id = {account}",
        document_columns(),
        rules.join(", ")
    )
}

#[derive(serde::Deserialize)]
struct AttachmentRow {
    kind: String,
    file_name: String,
    content_type: String,
    size: i64,
    storage_key: String,
    created_at: String,
}

/// PostgreSQL's JSON gives RFC 3339; SQLite keeps the text it stored.
fn timestamp(text: &str) -> Result<DateTime<Utc>, PersistenceError> {
    DateTime::parse_from_rfc3339(text)
        .or_else(|_| DateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f%:z"))
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| PersistenceError::Corrupt(format!("attachment time {text}: {e}")))
}

/// A subquery giving the attachments of pre-registration `p` as a JSON array, oldest
/// first (read back with [`attachments`]).
pub(crate) fn attachments_json(backend: DatabaseBackend) -> &'static str {
    match backend {
        DatabaseBackend::Postgres => {
            "(SELECT json_agg(json_build_object('kind', k.kind, 'file_name', k.file_name, \
             'content_type', k.content_type, 'size', k.size, 'storage_key', k.storage_key, \
             'created_at', k.created_at) ORDER BY k.created_at)::text \
             FROM preregistration_attachments k WHERE k.preregistration_id = p.id)"
        }
        _ => {
            "(SELECT json_group_array(json_object('kind', k.kind, 'file_name', k.file_name, \
             'content_type', k.content_type, 'size', k.size, 'storage_key', k.storage_key, \
             'created_at', k.created_at)) FROM (SELECT * FROM preregistration_attachments \
             WHERE preregistration_id = p.id ORDER BY created_at) k)"
        }
    }
}

pub(crate) fn attachments(json: Option<String>) -> Result<Vec<StoredAttachment>, PersistenceError> {
    let rows: Vec<AttachmentRow> = match json {
        Some(json) => serde_json::from_str(&json)
            .map_err(|e| PersistenceError::Corrupt(format!("attachments: {e}")))?,
        None => Vec::new(),
    };
    rows.into_iter()
        .map(|row| {
            Ok(StoredAttachment {
                uploaded_at: timestamp(&row.created_at)?,
                kind: crate::stored_code(&row.kind, "attachment kind")?,
                file_name: row.file_name,
                content_type: crate::stored_code(&row.content_type, "attachment content type")?,
                size: u64::try_from(row.size).unwrap_or(0),
                storage_key: row.storage_key,
            })
        })
        .collect()
}

/// The context of the account's pre-registration `id`, read through the account's open
/// session `session_id`; `None` when it is not theirs or the session is closed.
pub async fn load<C: ConnectionTrait>(
    db: &C,
    account_id: Uuid,
    session_id: Uuid,
    id: Uuid,
) -> Result<Option<SubmissionContext>, PersistenceError> {
    let backend = db.get_database_backend();
    let Some(row) = db
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            SUBMISSION_CONTEXT_SQL.get(backend),
            [id.into(), account_id.into(), session_id.into()],
        ))
        .await?
    else {
        return Ok(None);
    };
    let preregistration =
        crate::preregistrations::to_domain(preregistration::Model::from_query_result(&row, "")?)?;
    let document =
        crate::travel_documents::to_domain(travel_document::Model::from_query_result(&row, "d_")?)?;
    let rules = match row.try_get::<Option<i32>>("", "e_version")? {
        Some(_) => Some(crate::eligibility_rules::to_stored(
            eligibility_rule_set::Model::from_query_result(&row, "e_")?,
        )?),
        None => None,
    };
    Ok(Some(SubmissionContext {
        preregistration,
        variant: VariantChoice {
            variant: crate::stored_code(&row.try_get::<String>("", "variant_code")?, "variant")?,
            reference: row.try_get("", "variant_reference")?,
        },
        attachments: attachments(row.try_get("", "attachments_json")?)?,
        document,
        account_email: row.try_get("", "account_email")?,
        last_refusal: row.try_get("", "last_refusal_at")?,
        rules,
    }))
}
