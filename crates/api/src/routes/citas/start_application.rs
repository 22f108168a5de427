use super::{ApplicationDetails, application_view};
use crate::auth::TravelerAccount;
use crate::error::ApiError;
use crate::routes::documents::owned_document;
use crate::state::AppState;
use actix_web::post;
use actix_web::{HttpResponse, web};
use portal_persistence::PersistenceError;
use portal_persistence::citas::applications::{self, StoredApplication};
use portal_shared::FieldErrorCode;
use portal_shared::citas::{Application, StartApplicationRequest};
use portal_shared::dates::mexico_today;
use portal_shared::documents::{DocumentStatus, ServiceCode, services_for};
use portal_shared::validation::field_error;

/// Fill the application (solicitud) of a procedure for the person of one of the
/// account's documents: it gets its folio (número de pieza), with which a time is then
/// held and booked.
#[utoipa::path(tag = "citas", security(("bearer" = [])),
    request_body = StartApplicationRequest,
    responses(
        (status = 201, description = "The application, with its folio", body = Application),
        (status = 401, description = "No valid session", body = portal_shared::ErrorBody),
        (status = 404, description = "Not one of this account's documents", body = portal_shared::ErrorBody),
        (status = 422, description = "A field is missing or invalid, or the document cannot request appointments (`citas_not_available`)", body = portal_shared::ErrorBody),
    ))]
#[post("/citas/applications")]
pub async fn start_application(
    current: TravelerAccount,
    state: web::Data<AppState>,
    body: web::Json<StartApplicationRequest>,
) -> Result<HttpResponse, ApiError> {
    let request = body.into_inner();
    request.check().map_err(ApiError::Validation)?;
    let document = owned_document(&state, &current, request.document_id.trim()).await?;
    let now = state.clock.now();
    let status = DocumentStatus::on(document.data.expiry_date, mexico_today(now));
    let available = services_for(&document.data.nationality, status)
        .iter()
        .any(|service| service.code == ServiceCode::Citas && service.available);
    if !available {
        return Err(ApiError::Validation(vec![field_error(
            "document_id",
            FieldErrorCode::CitasNotAvailable,
        )]));
    }
    let details = ApplicationDetails {
        migratory_status: request
            .migratory_status
            .checked("migratory_status")
            .map_err(ApiError::Validation)?,
        nue: request.nue.trim().to_owned(),
        address: trimmed(request.address),
        phone: request.phone,
        email: request.email.trim().to_owned(),
    };
    let data = &document.data;
    let person_key = portal_domain::citas::person_key(
        &data.nationality,
        data.birth_date,
        &data.surnames,
        &data.given_names,
    );
    let details = serde_json::to_string(&details).map_err(ApiError::internal)?;
    // A folio is eight random characters of 31: a collision is rare and retried.
    for _ in 0..5 {
        let application = StoredApplication {
            id: uuid::Uuid::new_v4(),
            folio: portal_domain::citas::new_folio(now, &mut rand::rng()),
            account_id: current.account_id,
            document_id: document.id,
            person_key: person_key.clone(),
            procedure_code: request.procedure.clone(),
            details: details.clone(),
            created_at: now,
        };
        match applications::insert(&state.db, application).await {
            Ok(stored) => {
                tracing::info!(account_id = %current.account_id, application_id = %stored.id, procedure = %stored.procedure_code, "citas application filed");
                let view: Application = application_view(&state, stored).await?;
                return Ok(HttpResponse::Created().json(view));
            }
            Err(PersistenceError::Duplicate(_)) => continue,
            Err(other) => return Err(other.into()),
        }
    }
    Err(ApiError::internal("no free folio after five draws"))
}

fn trimmed(address: portal_shared::citas::MexicanAddress) -> portal_shared::citas::MexicanAddress {
    let trim = |text: String| text.trim().to_owned();
    portal_shared::citas::MexicanAddress {
        street: trim(address.street),
        exterior_number: trim(address.exterior_number),
        interior_number: trim(address.interior_number),
        colonia: trim(address.colonia),
        municipality: trim(address.municipality),
        state: address.state,
        postal_code: address.postal_code,
    }
}
