use crate::auth::TravelerAccount;
use crate::error::ApiError;
use crate::multipart::read_file_field;
use crate::rate_limit::{self, SCANS_PER_ACCOUNT};
use crate::state::AppState;
use actix_multipart::Multipart;
use actix_web::post;
use actix_web::{HttpResponse, web};
use chrono::Utc;
use portal_domain::mrz::{MrzField, MrzReading, MrzSex};
use portal_persistence::document_scans::{self, DocumentScan};
use portal_scan::ScanError;
use portal_shared::FieldErrorCode;
use portal_shared::documents::{MAX_SCAN_BYTES, ScanResult, ScannedField};
use portal_shared::validation::field_error;
use uuid::Uuid;

/// Read the machine readable zone of a passport photo (multipart field `image`: PNG or
/// JPEG, at most 2 MB, its type taken from the content). Returns every field it could
/// read with the outcome of its check digit; the traveler verifies them in the form. An
/// account has 20 reads an hour and keeps its last three photos until one is registered.
#[utoipa::path(tag = "documents", security(("bearer" = [])),
    request_body(content_type = "multipart/form-data", description = "Field `image`: the photo"),
    responses(
        (status = 200, description = "What the zone says", body = ScanResult),
        (status = 401, description = "No valid session", body = portal_shared::ErrorBody),
        (status = 413, description = "Larger than 2 MB", body = portal_shared::ErrorBody),
        (status = 422, description = "Not an image, damaged, or no readable zone", body = portal_shared::ErrorBody),
        (status = 429, description = "More than 20 photos read this hour; see Retry-After", body = portal_shared::ErrorBody),
        (status = 503, description = "The disk kept for photos waiting to be registered is full; see Retry-After", body = portal_shared::ErrorBody),
    ))]
#[post("/documents/scan")]
pub async fn scan_document(
    current: TravelerAccount,
    state: web::Data<AppState>,
    payload: Multipart,
) -> Result<HttpResponse, ApiError> {
    rate_limit::check_and_record(&state, SCANS_PER_ACCOUNT, &current.account_id.to_string())
        .await?;
    let image = read_file_field(payload, "image", MAX_SCAN_BYTES)
        .await?
        .map(|(_, bytes)| bytes)
        .filter(|bytes| !bytes.is_empty())
        .ok_or_else(|| {
            ApiError::Validation(vec![field_error("image", FieldErrorCode::ImageRequired)])
        })?;
    let started = std::time::Instant::now();
    let (image, outcome) = crate::heavy_work::run(move || {
        let outcome = portal_scan::scan(&image, Utc::now().date_naive());
        (image, outcome)
    })
    .await?;
    let image_error = |code| ApiError::Validation(vec![field_error("image", code)]);
    let outcome = match outcome {
        Ok(outcome) => outcome,
        Err(ScanError::NotAnImage) => return Err(image_error(FieldErrorCode::NotAnImage)),
        Err(ScanError::TooLarge { .. }) => return Err(image_error(FieldErrorCode::ImageTooLarge)),
        Err(ScanError::Corrupt(_)) => return Err(image_error(FieldErrorCode::ImageDamaged)),
        Err(ScanError::NoMrz) => return Err(image_error(FieldErrorCode::MrzNotFound)),
        Err(ScanError::Ocr(cause)) => {
            return Err(ApiError::internal(format!("OCR failed: {cause}")));
        }
    };
    // The photo is kept for an hour: registering the document makes it its picture. An
    // account keeps its last few; all the waiting photos together stay within the quota.
    make_room(&state, current.account_id, image.len() as u64).await?;
    let scan_id = Uuid::new_v4();
    let storage_key = format!("scans/{scan_id}");
    state
        .files
        .put(&storage_key, &image)
        .await
        .map_err(ApiError::internal)?;
    document_scans::insert(
        &state.db,
        DocumentScan {
            id: scan_id,
            account_id: current.account_id,
            storage_key,
            document_code: outcome.reading.document_code.clone(),
            created_at: Utc::now(),
            byte_size: image.len() as u64,
        },
    )
    .await?;
    let result = to_result(&outcome.reading, scan_id);
    tracing::info!(
        fully_valid = result.fully_valid,
        rotation_degrees = outcome.rotation_degrees,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "passport photo scanned"
    );
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(result))
}

/// Photos an account keeps waiting; an older one goes when a new one comes.
pub const PENDING_SCANS_PER_ACCOUNT: usize = 3;
/// Seconds to wait when the quota is full (waiting photos expire after an hour).
const QUOTA_RETRY_AFTER_SECONDS: u64 = 300;

async fn make_room(state: &AppState, account_id: Uuid, incoming: u64) -> Result<(), ApiError> {
    let waiting = document_scans::for_account_oldest_first(&state.db, account_id).await?;
    let surplus = (waiting.len() + 1).saturating_sub(PENDING_SCANS_PER_ACCOUNT);
    for old in waiting.into_iter().take(surplus) {
        state
            .files
            .delete(&old.storage_key)
            .await
            .map_err(ApiError::internal)?;
        document_scans::delete(&state.db, old.id).await?;
    }
    let pending = document_scans::pending_bytes(&state.db).await?;
    if pending.saturating_add(incoming) > state.settings.scan_quota_bytes {
        tracing::warn!(pending, "quota of waiting passport photos reached");
        return Err(ApiError::Busy {
            retry_after_seconds: QUOTA_RETRY_AFTER_SECONDS,
        });
    }
    Ok(())
}

fn field<T>(read: &MrzField<T>, show: impl Fn(&T) -> String) -> ScannedField {
    ScannedField {
        value: read.value.as_ref().map(show),
        check_digit_passed: read.check_digit_passed,
        corrected: read.corrected,
    }
}

fn to_result(reading: &MrzReading, scan_id: Uuid) -> ScanResult {
    let date = |d: &chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    let classification = match reading.document_code.as_str() {
        "PD" => "diplomatic",
        "PO" => "official",
        _ => "ordinary",
    };
    ScanResult {
        surnames: field(&reading.surnames, String::clone),
        given_names: field(&reading.given_names, String::clone),
        nationality: field(&reading.nationality, String::clone),
        birth_date: field(&reading.birth_date, date),
        sex: field(&reading.sex, |sex| {
            match sex {
                MrzSex::Female => "female",
                MrzSex::Male => "male",
                MrzSex::Unspecified => "x",
            }
            .to_owned()
        }),
        issuing_country: field(&reading.issuing_country, String::clone),
        document_number: field(&reading.document_number, String::clone),
        expiry_date: field(&reading.expiry_date, date),
        classification: ScannedField {
            value: Some(classification.to_owned()),
            check_digit_passed: None,
            corrected: false,
        },
        mrz_lines: reading.lines.to_vec(),
        fully_valid: reading.fully_valid(),
        scan_id: scan_id.to_string(),
    }
}
