//! Travel documents (SPEC §3) and the services offered for them (SPEC §4).

use crate::captcha::CaptchaAnswer;
use crate::catalogs::{self, Sex};
use crate::codes::Choice;
use crate::error::FieldErrorCode;
use crate::validation::FieldErrors;
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// Months a passport must still be valid on the day it is registered.
pub const MIN_REMAINING_VALIDITY_MONTHS: u32 = 6;

crate::wire_code! {
    /// Relationship of a document's holder to the account holder.
    pub enum Relationship {
        Holder = "holder",
        Spouse = "spouse",
        Child = "child",
        Parent = "parent",
        Other = "other",
    }
}

impl Relationship {
    /// Its name for people, in `locale` (catalog `labels`).
    pub fn label(self, locale: crate::i18n::Locale) -> &'static str {
        use crate::i18n::labels as t;
        match self {
            Self::Holder => t::relationship_holder(locale),
            Self::Spouse => t::relationship_spouse(locale),
            Self::Child => t::relationship_child(locale),
            Self::Parent => t::relationship_parent(locale),
            Self::Other => t::relationship_other(locale),
        }
    }
}

crate::wire_code! {
    /// Document types: only passports for now.
    pub enum DocumentType {
        Passport = "passport",
    }
}

impl DocumentType {
    /// Its name for people, in `locale` (catalog `labels`).
    pub fn label(self, locale: crate::i18n::Locale) -> &'static str {
        use crate::i18n::labels as t;
        match self {
            Self::Passport => t::document_type_passport(locale),
        }
    }
}

crate::wire_code! {
    /// Passport classifications.
    pub enum Classification {
        Ordinary = "ordinary",
        Diplomatic = "diplomatic",
        Official = "official",
    }
}

impl Classification {
    /// Its name for people, in `locale` (catalog `labels`).
    pub fn label(self, locale: crate::i18n::Locale) -> &'static str {
        use crate::i18n::labels as t;
        match self {
            Self::Ordinary => t::classification_ordinary(locale),
            Self::Diplomatic => t::classification_diplomatic(locale),
            Self::Official => t::classification_official(locale),
        }
    }
}

crate::wire_code! {
    /// The services a document can start.
    pub enum ServiceCode {
        PreRegistro = "pre_registro",
        Citas = "citas",
    }
}

impl ServiceCode {
    /// Its name for people, in `locale` (catalog `labels`).
    pub fn label(self, locale: crate::i18n::Locale) -> &'static str {
        use crate::i18n::labels as t;
        match self {
            Self::PreRegistro => t::service_pre_registro(locale),
            Self::Citas => t::service_citas(locale),
        }
    }
}

crate::wire_code! {
    /// Why a document cannot start a service.
    pub enum UnavailableReason {
        DocumentExpired = "document_expired",
        /// Pre-Registro is for Colombian nationals only.
        NotColombian = "not_colombian",
    }
}

impl UnavailableReason {
    /// The explanation in `locale` (catalog `messages`).
    pub fn message(self, locale: crate::i18n::Locale) -> &'static str {
        use crate::i18n::messages as t;
        match self {
            Self::DocumentExpired => t::service_document_expired(locale),
            Self::NotColombian => t::service_pre_registro_only_colombian(locale),
        }
    }
}

/// `POST /api/v1/documents`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct RegisterDocumentRequest {
    /// Code from `RELATIONSHIPS`.
    #[cfg_attr(feature = "server", schema(value_type = Relationship))]
    pub relationship: Choice<Relationship>,
    pub given_names: String,
    pub surnames: String,
    pub birth_date: Option<NaiveDate>,
    /// ISO alpha-3 code.
    pub birth_country: String,
    /// Code from the `sexes` catalog.
    #[cfg_attr(feature = "server", schema(value_type = Sex))]
    pub sex: Choice<Sex>,
    /// ISO alpha-3 code; must be the nationality the passport states.
    pub nationality: String,
    #[cfg_attr(feature = "server", schema(value_type = DocumentType))]
    pub document_type: Choice<DocumentType>,
    #[cfg_attr(feature = "server", schema(value_type = Classification))]
    pub classification: Choice<Classification>,
    /// ISO alpha-3 code of the issuing state.
    pub issuing_country: String,
    pub document_number: String,
    pub document_number_confirmation: String,
    pub issue_date: Option<NaiveDate>,
    pub issue_date_confirmation: Option<NaiveDate>,
    pub expiry_date: Option<NaiveDate>,
    pub expiry_date_confirmation: Option<NaiveDate>,
    /// The scan (`POST /api/v1/documents/scan`) the data came from: its photo becomes the
    /// document's picture, and a diplomatic zone requires the diplomatic classification.
    pub scan_id: Option<String>,
    pub captcha: CaptchaAnswer,
}

/// Upper-cases and drops spaces and dashes: how document numbers are stored and compared.
pub fn normalize_document_number(raw: &str) -> String {
    raw.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect()
}

impl RegisterDocumentRequest {
    /// Every rule that needs nothing but the request and today's date.
    pub fn check(&self, today: NaiveDate) -> Result<(), Vec<crate::FieldError>> {
        let mut errors = FieldErrors::new();
        self.relationship
            .require(&mut errors, "relationship", FieldErrorCode::UnknownOption);
        for (field, value) in [
            ("given_names", &self.given_names),
            ("surnames", &self.surnames),
        ] {
            crate::accounts::check_person_name(&mut errors, field, value);
        }
        match self.birth_date {
            None => errors.add("birth_date", FieldErrorCode::Required),
            Some(birth) if birth > today => {
                errors.add("birth_date", FieldErrorCode::BirthDateInFuture)
            }
            Some(_) => {}
        }
        for (field, value) in [
            ("birth_country", &self.birth_country),
            ("nationality", &self.nationality),
            ("issuing_country", &self.issuing_country),
        ] {
            if value.is_empty() {
                errors.add(field, FieldErrorCode::Required);
            } else if catalogs::country(value).is_none() {
                errors.add(field, FieldErrorCode::UnknownCountry);
            }
        }
        self.sex
            .require(&mut errors, "sex", FieldErrorCode::UnknownSex);
        self.document_type
            .require(&mut errors, "document_type", FieldErrorCode::UnknownOption);
        self.classification
            .require(&mut errors, "classification", FieldErrorCode::UnknownOption);
        // A passport states the nationality of the state that issued it: a dual national
        // registers each passport with the nationality that passport gives.
        if !errors.has("nationality")
            && !errors.has("issuing_country")
            && self.nationality != self.issuing_country
        {
            errors.add("nationality", FieldErrorCode::NationalityNotInDocument);
        }
        let number = normalize_document_number(&self.document_number);
        if number.is_empty() {
            errors.add("document_number", FieldErrorCode::Required);
        } else if number.len() > 20
            || !number
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        {
            errors.add("document_number", FieldErrorCode::InvalidDocumentNumber);
        }
        if number != normalize_document_number(&self.document_number_confirmation) {
            errors.add(
                "document_number_confirmation",
                FieldErrorCode::ConfirmationMismatch,
            );
        }
        match self.issue_date {
            None => errors.add("issue_date", FieldErrorCode::Required),
            Some(issued) if issued > today => {
                errors.add("issue_date", FieldErrorCode::IssueDateInFuture)
            }
            Some(issued) if self.birth_date.is_some_and(|birth| issued < birth) => {
                errors.add("issue_date", FieldErrorCode::IssueDateBeforeBirth)
            }
            Some(_) => {}
        }
        if self.issue_date_confirmation != self.issue_date {
            errors.add(
                "issue_date_confirmation",
                FieldErrorCode::ConfirmationMismatch,
            );
        }
        match self.expiry_date {
            None => errors.add("expiry_date", FieldErrorCode::Required),
            Some(expiry) if self.issue_date.is_some_and(|issued| expiry <= issued) => {
                errors.add("expiry_date", FieldErrorCode::ExpiryBeforeIssue)
            }
            Some(expiry) if expiry < today => {
                errors.add("expiry_date", FieldErrorCode::DocumentExpired)
            }
            Some(expiry) if !has_remaining_validity(expiry, today) => {
                errors.add("expiry_date", FieldErrorCode::InsufficientValidity)
            }
            Some(_) => {}
        }
        if self.expiry_date_confirmation != self.expiry_date {
            errors.add(
                "expiry_date_confirmation",
                FieldErrorCode::ConfirmationMismatch,
            );
        }
        if self.captcha.id.trim().is_empty() || self.captcha.answer.trim().is_empty() {
            errors.add("captcha.answer", FieldErrorCode::Required);
        }
        errors.into_result()
    }
}

/// Whether a document expiring on `expiry` is still valid six months after `today`.
pub fn has_remaining_validity(expiry: NaiveDate, today: NaiveDate) -> bool {
    today
        .checked_add_months(Months::new(MIN_REMAINING_VALIDITY_MONTHS))
        .is_some_and(|limit| expiry >= limit)
}

/// VIGENTE / VENCIDO.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DocumentStatus {
    /// VIGENTE: not expired.
    Valid,
    /// VENCIDO: expired; it can no longer start services.
    Expired,
}

impl DocumentStatus {
    /// A document is valid through its expiry date.
    pub fn on(expiry: NaiveDate, today: NaiveDate) -> Self {
        if expiry >= today {
            Self::Valid
        } else {
            Self::Expired
        }
    }

    /// VIGENTE or VENCIDO, in `locale` (catalog `labels`).
    pub fn label(self, locale: crate::i18n::Locale) -> &'static str {
        use crate::i18n::labels as t;
        match self {
            Self::Valid => t::document_status_valid(locale),
            Self::Expired => t::document_status_expired(locale),
        }
    }
}

/// A registered document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct TravelDocument {
    pub id: String,
    pub relationship: Relationship,
    pub given_names: String,
    pub surnames: String,
    pub birth_date: NaiveDate,
    pub birth_country: String,
    pub sex: Sex,
    pub nationality: String,
    pub document_type: DocumentType,
    pub classification: Classification,
    pub issuing_country: String,
    pub document_number: String,
    pub issue_date: NaiveDate,
    pub expiry_date: NaiveDate,
    /// Computed from today's date.
    pub status: DocumentStatus,
    /// Whether `GET /api/v1/documents/{id}/image` has the photo it was read from.
    pub has_image: bool,
    /// RFC 3339 instant of registration.
    pub registered_at: String,
}

/// `GET /api/v1/documents`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct DocumentList {
    pub documents: Vec<TravelDocument>,
}

/// One service and whether this document can start it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct AvailableService {
    pub code: ServiceCode,
    pub name_es: String,
    pub name_en: String,
    pub available: bool,
    /// Why not, when it is not available.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<UnavailableReason>,
    /// The reason's message in Spanish, for API clients.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_es: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_en: Option<String>,
}

/// `GET /api/v1/documents/{id}/services` (Servicios Disponibles).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct DocumentServices {
    pub document: TravelDocument,
    pub services: Vec<AvailableService>,
    /// General notes (who does not need a Pre-Registro), Spanish and English.
    pub notes_es: Vec<String>,
    pub notes_en: Vec<String>,
}

/// The services a document may start, by the rules of SPEC §4.
pub fn services_for(nationality: &str, status: DocumentStatus) -> Vec<AvailableService> {
    use crate::i18n::Locale;
    let expired = status == DocumentStatus::Expired;
    let pre_registro_reason = if expired {
        Some(UnavailableReason::DocumentExpired)
    } else if nationality != "COL" {
        Some(UnavailableReason::NotColombian)
    } else {
        None
    };
    let citas_reason = expired.then_some(UnavailableReason::DocumentExpired);
    let service = |code: ServiceCode, reason: Option<UnavailableReason>| AvailableService {
        code,
        name_es: code.label(Locale::Es).to_owned(),
        name_en: code.label(Locale::En).to_owned(),
        available: reason.is_none(),
        reason,
        reason_es: reason.map(|r| r.message(Locale::Es).to_owned()),
        reason_en: reason.map(|r| r.message(Locale::En).to_owned()),
    };
    vec![
        service(ServiceCode::PreRegistro, pre_registro_reason),
        service(ServiceCode::Citas, citas_reason),
    ]
}

/// Notes shown on the services page, in `locale`: who does not need a Pre-Registro.
pub fn service_notes(locale: crate::i18n::Locale) -> Vec<String> {
    use crate::i18n::messages;
    [
        messages::service_note_mexican_nationals,
        messages::service_note_connecting_flights,
    ]
    .iter()
    .map(|note| note(locale).to_owned())
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    fn today() -> NaiveDate {
        d(2026, 11, 30).unwrap_or_default()
    }

    fn valid() -> RegisterDocumentRequest {
        RegisterDocumentRequest {
            relationship: "holder".into(),
            given_names: "María José".into(),
            surnames: "Pérez Gómez".into(),
            birth_date: d(1990, 5, 17),
            birth_country: "COL".into(),
            sex: "female".into(),
            nationality: "COL".into(),
            document_type: "passport".into(),
            classification: "ordinary".into(),
            issuing_country: "COL".into(),
            document_number: "AB123456".into(),
            document_number_confirmation: "ab 123456".into(),
            issue_date: d(2022, 1, 10),
            issue_date_confirmation: d(2022, 1, 10),
            expiry_date: d(2032, 1, 9),
            expiry_date_confirmation: d(2032, 1, 9),
            scan_id: None,
            captcha: CaptchaAnswer {
                id: "c".into(),
                answer: "a".into(),
            },
        }
    }

    fn codes(request: &RegisterDocumentRequest) -> Vec<(String, String)> {
        request
            .check(today())
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.code.as_str().to_owned()))
            .collect()
    }

    #[test]
    fn a_complete_request_passes() {
        assert_eq!(valid().check(today()), Ok(()));
    }

    #[test]
    fn six_months_of_validity_are_required_to_the_day() {
        let mut request = valid();
        request.expiry_date = d(2027, 5, 30);
        request.expiry_date_confirmation = request.expiry_date;
        assert_eq!(request.check(today()), Ok(()));
        request.expiry_date = d(2027, 5, 29);
        request.expiry_date_confirmation = request.expiry_date;
        assert_eq!(
            codes(&request),
            vec![("expiry_date".into(), "insufficient_validity".into())]
        );
        request.expiry_date = d(2026, 11, 29);
        request.expiry_date_confirmation = request.expiry_date;
        assert_eq!(
            codes(&request),
            vec![("expiry_date".into(), "document_expired".into())]
        );
    }

    #[test]
    fn the_nationality_must_be_the_one_the_passport_gives() {
        let mut request = valid();
        request.nationality = "MEX".into();
        assert_eq!(
            codes(&request),
            vec![("nationality".into(), "nationality_not_in_document".into())]
        );
    }

    #[test]
    fn confirmations_and_date_order_are_checked() {
        let mut request = valid();
        request.document_number_confirmation = "AB123457".into();
        request.issue_date_confirmation = d(2022, 1, 11);
        request.expiry_date_confirmation = None;
        assert_eq!(
            codes(&request),
            vec![
                (
                    "document_number_confirmation".into(),
                    "confirmation_mismatch".into()
                ),
                (
                    "issue_date_confirmation".into(),
                    "confirmation_mismatch".into()
                ),
                (
                    "expiry_date_confirmation".into(),
                    "confirmation_mismatch".into()
                ),
            ]
        );
        let mut request = valid();
        request.issue_date = d(1989, 1, 1);
        request.issue_date_confirmation = request.issue_date;
        assert_eq!(
            codes(&request),
            vec![("issue_date".into(), "issue_date_before_birth".into())]
        );
    }

    #[test]
    fn catalog_fields_refuse_unknown_codes() {
        let mut request = valid();
        request.relationship = "cousin".into();
        request.classification = "secret".into();
        request.document_type = "id_card".into();
        request.birth_country = "XXX".into();
        let found = codes(&request);
        for expected in [
            ("relationship", "unknown_option"),
            ("classification", "unknown_option"),
            ("document_type", "unknown_option"),
            ("birth_country", "unknown_country"),
        ] {
            assert!(
                found.contains(&(expected.0.into(), expected.1.into())),
                "{expected:?} in {found:?}"
            );
        }
    }

    #[test]
    fn document_numbers_are_compared_without_spaces_dashes_or_case() {
        assert_eq!(normalize_document_number(" ab-123 456 "), "AB123456");
        let mut request = valid();
        request.document_number = "AB12#456".into();
        request.document_number_confirmation = "AB12#456".into();
        assert_eq!(
            codes(&request),
            vec![("document_number".into(), "invalid_document_number".into())]
        );
    }

    #[test]
    fn status_is_valid_through_the_expiry_day() {
        let expiry = d(2026, 11, 30).unwrap_or_default();
        assert_eq!(DocumentStatus::on(expiry, today()), DocumentStatus::Valid);
        assert_eq!(
            DocumentStatus::on(expiry, today().succ_opt().unwrap_or_default()),
            DocumentStatus::Expired
        );
    }

    #[test]
    fn pre_registro_is_offered_only_to_valid_colombian_documents() {
        let available = |nationality, status| {
            services_for(nationality, status)
                .into_iter()
                .filter(|s| s.available)
                .map(|s| s.code.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            available("COL", DocumentStatus::Valid),
            vec!["pre_registro", "citas"]
        );
        assert_eq!(available("VEN", DocumentStatus::Valid), vec!["citas"]);
        assert!(available("COL", DocumentStatus::Expired).is_empty());
        let refused = services_for("VEN", DocumentStatus::Valid);
        assert!(
            refused[0]
                .reason_es
                .as_deref()
                .is_some_and(|r| r.contains("colombiana"))
        );
    }
}

/// Largest photo accepted by the scan, in bytes.
pub const MAX_SCAN_BYTES: usize = 2 * 1024 * 1024;

/// One field read from the machine readable zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ScannedField {
    /// `None` when it could not be read: the traveler types it.
    pub value: Option<String>,
    /// `Some(true)` when the field's check digit holds; `None` for fields without one.
    pub check_digit_passed: Option<bool>,
    /// Characters were changed to fit the rules of the zone: the traveler should verify it.
    pub corrected: bool,
}

/// `POST /api/v1/documents/scan`: what the photo's machine readable zone says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ScanResult {
    pub surnames: ScannedField,
    pub given_names: ScannedField,
    /// ISO alpha-3.
    pub nationality: ScannedField,
    /// ISO date.
    pub birth_date: ScannedField,
    /// `female`, `male` or `x`.
    pub sex: ScannedField,
    pub issuing_country: ScannedField,
    pub document_number: ScannedField,
    pub expiry_date: ScannedField,
    /// `diplomatic` when the zone says so (`PD`), `official` for `PO`, else `ordinary`.
    pub classification: ScannedField,
    /// The two lines as read and corrected.
    pub mrz_lines: Vec<String>,
    /// Every check digit, including the composite one, holds.
    pub fully_valid: bool,
    /// Send it with the registration to keep the photo as the document's picture (valid 1 hour).
    pub scan_id: String,
}
