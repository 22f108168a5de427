//! The app's only HTTP client: typed calls to `/api/v1`, errors as `ApiError`.

use crate::i18n::Said;
use gloo_net::http::{Request, RequestBuilder, Response};
use portal_shared::accounts::DeleteAccountRequest;
use portal_shared::accounts::{
    AcceptedResponse, AccountInfo, ActivateAccountRequest, ChangePasswordRequest,
    CreateAccountRequest, PasswordResetRequest, RecoveryRequest,
};
use portal_shared::captcha::CaptchaChallenge;
use portal_shared::documents::ScanResult;
use portal_shared::documents::{
    DocumentList, DocumentServices, RegisterDocumentRequest, TravelDocument,
};
use portal_shared::i18n::web;
use portal_shared::officers::{
    AuditLog, EntryDecisionRequest, Inspection, InspectionRequest, ReceiptCode, SignedSnapshot,
};
use portal_shared::preregistrations::{
    AdditionalInformation, FlightChangeRequest, MigrationControl, Preregistration,
    StartPreregistrationRequest, SubmitPreregistrationRequest, TripInformation,
};
use portal_shared::sessions::{
    AccessToken, LoginRequest, SecondFactorChallenge, SecondFactorRequest, StaffSession,
};
use portal_shared::{ErrorBody, ErrorCode};
use serde::de::DeserializeOwned;

/// A failed call: the server's envelope, or no answer at all.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    Server { status: u16, body: ErrorBody },
    Network,
}

impl ApiError {
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            Self::Server { body, .. } => Some(body.code),
            Self::Network => None,
        }
    }

    /// The envelope's field errors (none for a network failure).
    pub fn fields(&self) -> Vec<portal_shared::FieldError> {
        match self {
            Self::Server { body, .. } => body.fields.clone(),
            Self::Network => Vec::new(),
        }
    }

    /// What to tell the person: the envelope's code, or that the server did not answer.
    pub fn said(&self) -> Said {
        match self {
            Self::Server { body, .. } => Said::Error(body.code),
            Self::Network => Said::Text(web::server_unreachable),
        }
    }

    /// Same, naming the first field error when there is one.
    pub fn first_said(&self) -> Said {
        match self {
            Self::Server { body, .. } => Said::first_of(body),
            Self::Network => Said::Text(web::server_unreachable),
        }
    }
}

const BASE: &str = "/api/v1";

async fn read<T: DeserializeOwned>(
    response: Result<Response, gloo_net::Error>,
) -> Result<T, ApiError> {
    let response = response.map_err(|_| ApiError::Network)?;
    let status = response.status();
    if (200..300).contains(&status) {
        return response.json::<T>().await.map_err(|_| ApiError::Network);
    }
    let body = response
        .json::<ErrorBody>()
        .await
        .unwrap_or_else(|_| ErrorBody::new(ErrorCode::Internal));
    Err(ApiError::Server { status, body })
}

async fn read_empty(response: Result<Response, gloo_net::Error>) -> Result<(), ApiError> {
    let response = response.map_err(|_| ApiError::Network)?;
    let status = response.status();
    if (200..300).contains(&status) {
        return Ok(());
    }
    let body = response
        .json::<ErrorBody>()
        .await
        .unwrap_or_else(|_| ErrorBody::new(ErrorCode::Internal));
    Err(ApiError::Server { status, body })
}

async fn post<B: serde::Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
) -> Result<T, ApiError> {
    let request = Request::post(&format!("{BASE}{path}"))
        .json(body)
        .map_err(|_| ApiError::Network)?;
    read(request.send().await).await
}

fn bearer(builder: RequestBuilder, token: &str) -> RequestBuilder {
    builder.header("Authorization", &format!("Bearer {token}"))
}

/// `/api/v1` + `path`.
fn url(path: &str) -> String {
    format!("{BASE}{path}")
}

/// An authenticated GET of JSON.
async fn get_json<T: DeserializeOwned>(token: &str, path: &str) -> Result<T, ApiError> {
    read(bearer(Request::get(&url(path)), token).send().await).await
}

/// An authenticated request (method and path in `builder`) with a JSON body.
async fn send_json<B: serde::Serialize, T: DeserializeOwned>(
    builder: RequestBuilder,
    token: &str,
    body: &B,
) -> Result<T, ApiError> {
    let request = bearer(builder, token)
        .json(body)
        .map_err(|_| ApiError::Network)?;
    read(request.send().await).await
}

/// An authenticated upload of `form` (multipart).
async fn send_form<T: DeserializeOwned>(
    builder: RequestBuilder,
    token: &str,
    form: web_sys::FormData,
) -> Result<T, ApiError> {
    let request = bearer(builder, token)
        .body(form)
        .map_err(|_| ApiError::Network)?;
    read(request.send().await).await
}

/// An authenticated GET of a file: its type and bytes.
async fn get_file(token: &str, path: &str) -> Result<(String, Vec<u8>), ApiError> {
    let response = bearer(Request::get(&url(path)), token)
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    let status = response.status();
    if status == 200 {
        let content_type = response.headers().get("content-type").unwrap_or_default();
        let bytes = response.binary().await.map_err(|_| ApiError::Network)?;
        return Ok((content_type, bytes));
    }
    let body = response
        .json::<ErrorBody>()
        .await
        .unwrap_or_else(|_| ErrorBody::new(ErrorCode::Internal));
    Err(ApiError::Server { status, body })
}

pub async fn captcha() -> Result<CaptchaChallenge, ApiError> {
    read(Request::get(&format!("{BASE}/captcha")).send().await).await
}

pub async fn create_account(body: &CreateAccountRequest) -> Result<AcceptedResponse, ApiError> {
    post("/accounts", body).await
}

pub async fn activate_account(token: String) -> Result<AcceptedResponse, ApiError> {
    post("/accounts/activate", &ActivateAccountRequest { token }).await
}

pub async fn request_recovery(body: &RecoveryRequest) -> Result<AcceptedResponse, ApiError> {
    post("/accounts/recovery", body).await
}

pub async fn reset_password(body: &PasswordResetRequest) -> Result<AcceptedResponse, ApiError> {
    post("/accounts/password-reset", body).await
}

/// What a right password answers: a session (travelers) or the second step (staff).
pub enum LoginOutcome {
    Session(AccessToken),
    SecondFactor(SecondFactorChallenge),
}

pub async fn login(body: &LoginRequest) -> Result<LoginOutcome, ApiError> {
    let request = Request::post(&url("/sessions"))
        .json(body)
        .map_err(|_| ApiError::Network)?;
    let response = request.send().await.map_err(|_| ApiError::Network)?;
    if response.status() == 202 {
        return response
            .json::<SecondFactorChallenge>()
            .await
            .map(LoginOutcome::SecondFactor)
            .map_err(|_| ApiError::Network);
    }
    read(Ok(response)).await.map(LoginOutcome::Session)
}

/// The staff's second login step.
pub async fn second_factor(body: &SecondFactorRequest) -> Result<StaffSession, ApiError> {
    post("/sessions/second-factor", body).await
}

/// Trades the HttpOnly refresh cookie for a new access token.
pub async fn refresh() -> Result<AccessToken, ApiError> {
    read(
        Request::post(&format!("{BASE}/sessions/refresh"))
            .send()
            .await,
    )
    .await
}

pub async fn logout(token: &str) -> Result<(), ApiError> {
    read_empty(
        bearer(Request::delete(&format!("{BASE}/sessions/current")), token)
            .send()
            .await,
    )
    .await
}

pub async fn me(token: &str) -> Result<AccountInfo, ApiError> {
    get_json(token, "/me").await
}

pub async fn change_password(
    token: &str,
    body: &ChangePasswordRequest,
) -> Result<AcceptedResponse, ApiError> {
    send_json(Request::put(&url("/me/password")), token, body).await
}

pub async fn list_documents(token: &str) -> Result<DocumentList, ApiError> {
    get_json(token, "/documents").await
}

pub async fn register_document(
    token: &str,
    body: &RegisterDocumentRequest,
) -> Result<TravelDocument, ApiError> {
    send_json(Request::post(&url("/documents")), token, body).await
}

pub async fn delete_document(token: &str, id: &str) -> Result<(), ApiError> {
    read_empty(
        bearer(Request::delete(&url(&format!("/documents/{id}"))), token)
            .send()
            .await,
    )
    .await
}

pub async fn document_services(token: &str, id: &str) -> Result<DocumentServices, ApiError> {
    get_json(token, &format!("/documents/{id}/services")).await
}

/// All the account's data, as the JSON text the server sends.
pub async fn export_account(token: &str) -> Result<String, ApiError> {
    let (_, bytes) = get_file(token, "/me/export").await?;
    String::from_utf8(bytes).map_err(|_| ApiError::Network)
}

pub async fn delete_account(token: &str, body: &DeleteAccountRequest) -> Result<(), ApiError> {
    let request = bearer(Request::delete(&url("/me")), token)
        .json(body)
        .map_err(|_| ApiError::Network)?;
    read_empty(request.send().await).await
}

/// Sends a passport photo to be read (multipart field `image`).
pub async fn scan_document(
    token: &str,
    image: &web_sys::Blob,
    file_name: &str,
) -> Result<ScanResult, ApiError> {
    let form = web_sys::FormData::new().map_err(|_| ApiError::Network)?;
    form.append_with_blob_and_filename("image", image, file_name)
        .map_err(|_| ApiError::Network)?;
    send_form(Request::post(&url("/documents/scan")), token, form).await
}

/// Starts the Pre-Registro of a document, or resumes its draft.
pub async fn start_preregistration(
    token: &str,
    body: &StartPreregistrationRequest,
) -> Result<Preregistration, ApiError> {
    send_json(Request::post(&url("/preregistrations")), token, body).await
}

/// Saves a step of a draft: `trip` (1, Información del Viaje), `additional` (2,
/// Información Adicional) or `control` (3, Control Migratorio).
async fn save_step<B: serde::Serialize>(
    token: &str,
    id: &str,
    step: &str,
    body: &B,
) -> Result<Preregistration, ApiError> {
    send_json(
        Request::put(&url(&format!("/preregistrations/{id}/{step}"))),
        token,
        body,
    )
    .await
}

pub async fn save_trip(
    token: &str,
    id: &str,
    body: &TripInformation,
) -> Result<Preregistration, ApiError> {
    save_step(token, id, "trip", body).await
}

pub async fn save_additional(
    token: &str,
    id: &str,
    body: &AdditionalInformation,
) -> Result<Preregistration, ApiError> {
    save_step(token, id, "additional", body).await
}

pub async fn save_control(
    token: &str,
    id: &str,
    body: &MigrationControl,
) -> Result<Preregistration, ApiError> {
    save_step(token, id, "control", body).await
}

/// Attaches a file of `kind` to a draft (step 4).
pub async fn attach_file(
    token: &str,
    id: &str,
    kind: &str,
    file: &web_sys::File,
) -> Result<Preregistration, ApiError> {
    let form = web_sys::FormData::new().map_err(|_| ApiError::Network)?;
    form.append_with_blob_and_filename("file", file, &file.name())
        .map_err(|_| ApiError::Network)?;
    send_form(
        Request::put(&url(&format!("/preregistrations/{id}/attachments/{kind}"))),
        token,
        form,
    )
    .await
}

/// Sends the finished pre-registration for its decision. `idempotency_key` stays the same
/// for retries of one submission, so a double click or a lost answer decides only once.
pub async fn submit_preregistration(
    token: &str,
    id: &str,
    idempotency_key: &str,
    body: &SubmitPreregistrationRequest,
) -> Result<Preregistration, ApiError> {
    send_json(
        Request::post(&url(&format!("/preregistrations/{id}/submission")))
            .header("Idempotency-Key", idempotency_key),
        token,
        body,
    )
    .await
}

/// Historial Registros: every pre-registration of the account.
pub async fn list_preregistrations(token: &str) -> Result<Vec<Preregistration>, ApiError> {
    get_json(token, "/preregistrations").await
}

pub async fn resend_emails(token: &str, id: &str) -> Result<Preregistration, ApiError> {
    read(
        bearer(
            Request::post(&url(&format!("/preregistrations/{id}/resend"))),
            token,
        )
        .send()
        .await,
    )
    .await
}

/// The bytes of a pre-registration's PDF: `receipt` or `fmm`.
pub async fn preregistration_pdf(token: &str, id: &str, which: &str) -> Result<Vec<u8>, ApiError> {
    let (_, bytes) = get_file(token, &format!("/preregistrations/{id}/{which}.pdf")).await?;
    Ok(bytes)
}

/// One of the account's pre-registrations.
pub async fn get_preregistration(token: &str, id: &str) -> Result<Preregistration, ApiError> {
    get_json(token, &format!("/preregistrations/{id}")).await
}

/// A rescheduled flight: new carrier, flight number and dates; a new receipt is issued.
pub async fn change_flight(
    token: &str,
    id: &str,
    body: &FlightChangeRequest,
) -> Result<Preregistration, ApiError> {
    send_json(
        Request::put(&url(&format!("/preregistrations/{id}/flight"))),
        token,
        body,
    )
    .await
}

/// The text of a pre-registration's receipt QR.
pub async fn receipt_code(token: &str, id: &str) -> Result<ReceiptCode, ApiError> {
    get_json(token, &format!("/preregistrations/{id}/receipt")).await
}

/// The verification snapshot (keys and revocations) signed by the trust root.
pub async fn verification_snapshot(token: &str) -> Result<SignedSnapshot, ApiError> {
    get_json(token, "/verification-snapshot").await
}

/// The officer's check of a presented QR against the server's records: opens an
/// inspection of its pre-registration.
pub async fn open_inspection(token: &str, qr: &str) -> Result<Inspection, ApiError> {
    let body = InspectionRequest {
        token: qr.to_owned(),
    };
    send_json(Request::post(&url("/officer/inspections")), token, &body).await
}

/// Records the officer's admission or refusal through the open inspection.
pub async fn record_entry_decision(
    token: &str,
    inspection_id: &str,
    body: &EntryDecisionRequest,
) -> Result<Inspection, ApiError> {
    send_json(
        Request::post(&url(&format!("/officer/inspections/{inspection_id}/entry"))),
        token,
        body,
    )
    .await
}

/// An attachment's type and bytes, for the officer to view, through the open inspection.
pub async fn officer_attachment(
    token: &str,
    inspection_id: &str,
    kind: &str,
) -> Result<(String, Vec<u8>), ApiError> {
    get_file(
        token,
        &format!("/officer/inspections/{inspection_id}/attachments/{kind}"),
    )
    .await
}

/// The newest audit events (operators).
pub async fn audit_events(token: &str) -> Result<AuditLog, ApiError> {
    get_json(token, "/audit?limit=200").await
}

// INM Citas.

use portal_shared::citas::{
    AgendaEntry, Application, ApplicationList, Appointment, AppointmentList, AttendanceRequest,
    BookAppointmentRequest, CheckInRequest, DaySlots, HoldSeatRequest, JoinWaitlistRequest,
    MonthAvailability, OfficeAgenda, OfficeList, RescheduleRequest, SeatHold,
    StartApplicationRequest, Waitlist, WaitlistEntry,
};

async fn get_public<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    read(Request::get(&url(path)).send().await).await
}

pub async fn citas_offices(state: &str, procedure: &str) -> Result<OfficeList, ApiError> {
    get_public(&format!(
        "/citas/offices?state={state}&procedure={procedure}"
    ))
    .await
}

pub async fn office_month(office: &str, month: &str) -> Result<MonthAvailability, ApiError> {
    get_public(&format!(
        "/citas/offices/{office}/availability?month={month}"
    ))
    .await
}

pub async fn office_day(office: &str, date: &str) -> Result<DaySlots, ApiError> {
    get_public(&format!("/citas/offices/{office}/slots?date={date}")).await
}

pub async fn start_application(
    token: &str,
    body: &StartApplicationRequest,
) -> Result<Application, ApiError> {
    send_json(Request::post(&url("/citas/applications")), token, body).await
}

pub async fn list_applications(token: &str) -> Result<ApplicationList, ApiError> {
    get_json(token, "/citas/applications").await
}

pub async fn hold_seat(token: &str, body: &HoldSeatRequest) -> Result<SeatHold, ApiError> {
    send_json(Request::post(&url("/citas/holds")), token, body).await
}

pub async fn release_hold(token: &str, hold_id: &str) -> Result<(), ApiError> {
    read_empty(
        bearer(
            Request::delete(&url(&format!("/citas/holds/{hold_id}"))),
            token,
        )
        .send()
        .await,
    )
    .await
}

pub async fn book_appointment(token: &str, hold_id: &str) -> Result<Appointment, ApiError> {
    let body = BookAppointmentRequest {
        hold_id: hold_id.to_owned(),
    };
    send_json(Request::post(&url("/citas/appointments")), token, &body).await
}

pub async fn reschedule_appointment(
    token: &str,
    id: &str,
    hold_id: &str,
) -> Result<Appointment, ApiError> {
    let body = RescheduleRequest {
        hold_id: hold_id.to_owned(),
    };
    let path = url(&format!("/citas/appointments/{id}/reschedule"));
    send_json(Request::post(&path), token, &body).await
}

pub async fn cancel_appointment(token: &str, id: &str) -> Result<Appointment, ApiError> {
    let path = url(&format!("/citas/appointments/{id}/cancellation"));
    send_json(Request::post(&path), token, &serde_json::json!({})).await
}

pub async fn list_appointments(token: &str) -> Result<AppointmentList, ApiError> {
    get_json(token, "/citas/appointments").await
}

/// The confirmation PDF or the calendar file (`which`: `confirmation` or `calendar`).
pub async fn appointment_file(token: &str, id: &str, which: &str) -> Result<Vec<u8>, ApiError> {
    let (_, bytes) = get_file(token, &format!("/citas/appointments/{id}/{which}")).await?;
    Ok(bytes)
}

pub async fn join_waitlist(
    token: &str,
    body: &JoinWaitlistRequest,
) -> Result<WaitlistEntry, ApiError> {
    send_json(Request::post(&url("/citas/waitlist")), token, body).await
}

pub async fn list_waitlist(token: &str) -> Result<Waitlist, ApiError> {
    get_json(token, "/citas/waitlist").await
}

pub async fn leave_waitlist(token: &str, id: &str) -> Result<(), ApiError> {
    read_empty(
        bearer(
            Request::delete(&url(&format!("/citas/waitlist/{id}"))),
            token,
        )
        .send()
        .await,
    )
    .await
}

/// The agenda of the officer's office on `date` (its today when empty).
pub async fn office_agenda(token: &str, date: &str) -> Result<OfficeAgenda, ApiError> {
    if date.is_empty() {
        get_json(token, "/officer/citas/agenda").await
    } else {
        get_json(token, &format!("/officer/citas/agenda?date={date}")).await
    }
}

pub async fn check_in(token: &str, qr: &str) -> Result<AgendaEntry, ApiError> {
    let body = CheckInRequest {
        token: qr.to_owned(),
    };
    send_json(
        Request::post(&url("/officer/citas/check-ins")),
        token,
        &body,
    )
    .await
}

pub async fn record_attendance(
    token: &str,
    id: &str,
    body: &AttendanceRequest,
) -> Result<AgendaEntry, ApiError> {
    let path = url(&format!("/officer/citas/appointments/{id}/attendance"));
    send_json(Request::post(&path), token, body).await
}
