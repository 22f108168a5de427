//! The OpenAPI document, generated from the handlers' annotations.

use crate::routes;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Portal de Servicios API",
        description = "API of the Portal de Servicios: accounts, sessions, travel documents, pre-registrations, the officers' entry decisions and catalogs. Roles: traveler (public sign-up), officer and operator (created by the operator command); an endpoint of another role answers 403. Errors share one envelope `{code, message, message_en, fields?}`.",
        license(name = "AGPL-3.0-or-later"),
    ),
    components(schemas(
        portal_shared::ErrorBody,
        portal_shared::ErrorCode,
        portal_shared::FieldError,
        portal_shared::captcha::CaptchaAnswer,
        portal_shared::captcha::CaptchaChallenge,
        portal_shared::catalogs::Catalog,
        portal_shared::catalogs::CatalogEntry,
        portal_shared::accounts::CreateAccountRequest,
        portal_shared::accounts::ActivateAccountRequest,
        portal_shared::accounts::RecoveryKind,
        portal_shared::accounts::RecoveryRequest,
        portal_shared::accounts::PasswordResetRequest,
        portal_shared::accounts::ChangePasswordRequest,
        portal_shared::accounts::AcceptedResponse,
        portal_shared::accounts::AccountInfo,
        portal_shared::accounts::AccountExport,
        portal_shared::accounts::DeleteAccountRequest,
        portal_shared::sessions::LoginRequest,
        portal_shared::sessions::AccessToken,
        portal_shared::documents::RegisterDocumentRequest,
        portal_shared::documents::ScanResult,
        portal_shared::documents::ScannedField,
        portal_shared::documents::DocumentStatus,
        portal_shared::documents::TravelDocument,
        portal_shared::documents::DocumentList,
        portal_shared::documents::AvailableService,
        portal_shared::documents::DocumentServices,
        portal_shared::preregistrations::StartPreregistrationRequest,
        portal_shared::preregistrations::Preregistration,
        portal_shared::preregistrations::TripInformation,
        portal_shared::preregistrations::AdditionalInformation,
        portal_shared::preregistrations::MigrationControl,
        portal_shared::preregistrations::Attachment,
        portal_shared::preregistrations::DecisionView,
        portal_shared::preregistrations::SubmitPreregistrationRequest,
        portal_shared::preregistrations::FlightChangeRequest,
        portal_shared::receipts::PublicKeys,
        portal_shared::receipts::PublicKey,
        portal_shared::officers::ReceiptCode,
        portal_shared::officers::ReceiptDateCheck,
        portal_shared::officers::InspectionRequest,
        portal_shared::officers::Inspection,
        portal_shared::officers::TravelerView,
        portal_shared::officers::EntryRecord,
        portal_shared::officers::EntryDecisionRequest,
        portal_shared::officers::Revocation,
        portal_shared::officers::RevocationList,
        portal_shared::officers::AuditEvent,
        portal_shared::officers::AuditLog,
    )),
    tags(
        (name = "accounts", description = "Create, activate and recover accounts; Información and Contraseña"),
        (name = "sessions", description = "Login, token refresh and logout"),
        (name = "captcha", description = "Captcha challenges"),
        (name = "documents", description = "Travel documents of the account holder and relatives"),
        (name = "preregistrations", description = "Pre-Registro: the wizard's drafts saved after every step, the submission and its decision, the receipt and FMM, the history"),
        (name = "keys", description = "Public keys that verify signed receipts offline"),
        (name = "officer", description = "Migration officers at the port of entry: receipt checks, entry decisions, revocations; the operators' audit log"),
        (name = "citas", description = "INM Citas: what each office has free, in its own time zone"),
        (name = "catalogs", description = "Catalogs used by the forms"),
        (name = "operations", description = "Health probes"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(components) = openapi.components.as_mut() {
            components.add_security_scheme(
                "bearer",
                SecurityScheme::Http(
                    HttpBuilder::new()
                        .scheme(HttpAuthScheme::Bearer)
                        .bearer_format("JWT")
                        .build(),
                ),
            );
        }
    }
}

/// The answers every operation can give besides its own: a body that is not the expected
/// JSON or multipart (400), too large (413), of another media type (415); a missing or
/// invalid session where one is needed (401); the database unreachable for a moment (503).
/// Added where an operation does not document
/// them itself, so that the document holds every status the server sends.
struct CommonErrors;

impl Modify for CommonErrors {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
        let error = |description: &str| {
            ResponseBuilder::new()
                .description(description)
                .content(
                    "application/json",
                    ContentBuilder::new()
                        .schema(Some(Ref::from_schema_name("ErrorBody")))
                        .build(),
                )
                .build()
        };
        for item in openapi.paths.paths.values_mut() {
            for operation in [
                item.get.as_mut(),
                item.put.as_mut(),
                item.post.as_mut(),
                item.delete.as_mut(),
                item.patch.as_mut(),
            ]
            .into_iter()
            .flatten()
            {
                let mut common = Vec::new();
                if operation.request_body.is_some() {
                    common.extend([
                        ("400", "The body is not the expected JSON or multipart form"),
                        ("413", "The body is too large"),
                        ("415", "The body is not of the expected media type"),
                    ]);
                }
                if operation.security.as_ref().is_some_and(|s| !s.is_empty()) {
                    common.push(("401", "No valid session"));
                }
                common.push((
                    "503",
                    "The database cannot be reached for a moment; nothing was changed. Retry after the Retry-After header (seconds)",
                ));
                for (status, description) in common {
                    operation
                        .responses
                        .responses
                        .entry(status.to_owned())
                        .or_insert_with(|| error(description).into());
                }
            }
        }
    }
}

/// OpenAPI links from the operations that create a document or a pre-registration to the
/// operations on it, so that clients (and stateful fuzzers) can follow the flow.
struct Links;

/// (path, method, status) of a creating operation → the operations taking its `id`.
const LINKS: [(&str, &str, &[&str]); 2] = [
    (
        "/api/v1/documents",
        "201",
        &[
            "get_document",
            "get_document_image",
            "list_document_services",
            "delete_document",
        ],
    ),
    (
        "/api/v1/preregistrations",
        "201",
        &[
            "get_preregistration",
            "save_trip",
            "save_additional",
            "save_control",
            "attach_file",
            "submit_preregistration",
            "get_receipt",
            "get_fmm",
            "get_receipt_code",
            "change_flight",
            "resend_emails",
        ],
    ),
];

impl Modify for Links {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::link::LinkBuilder;
        use utoipa::openapi::{RefOr, Response};
        for (path, status, targets) in LINKS {
            let Some(operation) = openapi
                .paths
                .paths
                .get_mut(path)
                .and_then(|item| item.post.as_mut())
            else {
                continue;
            };
            for response_status in [status, "200"] {
                if let Some(RefOr::T(Response { links, .. })) =
                    operation.responses.responses.get_mut(response_status)
                {
                    for target in targets {
                        links.insert(
                            (*target).to_owned(),
                            LinkBuilder::new()
                                .operation_id(*target)
                                .parameter("id", "$response.body#/id")
                                .build()
                                .into(),
                        );
                    }
                }
            }
        }
    }
}

/// The document as served at `/api-spec/openapi.json`.
///
/// utoipa 5.5 writes a Link's fields in snake_case (`operation_id`), which OpenAPI tools
/// do not read; they are renamed here to the specification's camelCase.
pub fn openapi_value() -> serde_json::Value {
    fn fix_links(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::Object(links)) = map.get_mut("links") {
                    for link in links.values_mut() {
                        if let serde_json::Value::Object(fields) = link {
                            for (from, to) in [
                                ("operation_id", "operationId"),
                                ("operation_ref", "operationRef"),
                                ("request_body", "requestBody"),
                            ] {
                                if let Some(field) = fields.remove(from) {
                                    fields.insert(to.to_owned(), field);
                                }
                            }
                        }
                    }
                }
                map.values_mut().for_each(fix_links);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(fix_links),
            _ => {}
        }
    }
    let (_, mut document) = actix_web::App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(routes::configure)
        .split_for_parts();
    // After the paths are collected: these look at every operation.
    for modifier in [&BearerAuth as &dyn Modify, &CommonErrors, &Links] {
        modifier.modify(&mut document);
    }
    let mut value = serde_json::to_value(document).unwrap_or_default();
    fix_links(&mut value);
    value
}

/// The document as committed in `api-spec/openapi.json`.
pub fn openapi_json() -> String {
    let mut text = serde_json::to_string_pretty(&openapi_value()).unwrap_or_default();
    text.push('\n');
    text
}
