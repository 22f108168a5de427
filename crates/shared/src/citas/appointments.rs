//! The Citas application (solicitud), the hold of a seat and the appointment, as the API
//! and the web app exchange them; the rules of the form are checked here on both sides.

use crate::codes::Choice;
use crate::error::FieldErrorCode;
use crate::validation::FieldErrors;
use serde::{Deserialize, Serialize};

crate::wire_code! {
    /// The applicant's current migratory status (condición de estancia).
    pub enum MigratoryStatus {
        Visitor = "visitor",
        TemporaryResident = "temporary_resident",
        TemporaryResidentStudent = "temporary_resident_student",
        PermanentResident = "permanent_resident",
    }
}

crate::wire_code! {
    /// Where an appointment stands.
    pub enum AppointmentStatus {
        /// Booked and still to come (or of today, not yet checked in).
        Booked = "booked",
        Cancelled = "cancelled",
        /// Checked in at the office.
        Attended = "attended",
        NoShow = "no_show",
    }
}

/// The applicant's address in Mexico.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct MexicanAddress {
    pub street: String,
    pub exterior_number: String,
    pub interior_number: String,
    pub colonia: String,
    pub municipality: String,
    /// ISO 3166-2:MX code of the state (`JAL`).
    pub state: String,
    /// Código postal: five digits.
    pub postal_code: String,
}

/// Longest free text of the application (a street, a colonia).
pub const ADDRESS_FIELD_MAX_CHARS: usize = 120;

impl MexicanAddress {
    fn check(&self, errors: &mut FieldErrors) {
        for (field, value, required) in [
            ("address.street", &self.street, true),
            ("address.exterior_number", &self.exterior_number, true),
            ("address.interior_number", &self.interior_number, false),
            ("address.colonia", &self.colonia, true),
            ("address.municipality", &self.municipality, true),
        ] {
            let value = value.trim();
            if value.is_empty() {
                if required {
                    errors.add(field, FieldErrorCode::Required);
                }
            } else if value.chars().count() > ADDRESS_FIELD_MAX_CHARS {
                errors.add(field, FieldErrorCode::TooLong);
            } else if value.chars().any(char::is_control) {
                errors.add(field, FieldErrorCode::InvalidCharacters);
            }
        }
        if self.state.is_empty() {
            errors.add("address.state", FieldErrorCode::Required);
        } else if !crate::catalogs::mexican_states()
            .iter()
            .any(|state| state.code == self.state)
        {
            errors.add("address.state", FieldErrorCode::UnknownOption);
        }
        if self.postal_code.is_empty() {
            errors.add("address.postal_code", FieldErrorCode::Required);
        } else if self.postal_code.len() != 5
            || !self.postal_code.chars().all(|c| c.is_ascii_digit())
        {
            errors.add("address.postal_code", FieldErrorCode::InvalidPostalCode);
        }
    }
}

/// `POST /api/v1/citas/applications`: the solicitud of one procedure for the person of
/// one of the account's documents.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct StartApplicationRequest {
    pub document_id: String,
    /// Code of a procedure with appointment (`GET /api/v1/citas/procedures`).
    pub procedure: String,
    #[cfg_attr(feature = "server", schema(value_type = MigratoryStatus))]
    pub migratory_status: Choice<MigratoryStatus>,
    /// Número Único de Extranjero, for the procedures that ask for it (the applicant
    /// already holds a resident card); empty otherwise.
    pub nue: String,
    pub address: MexicanAddress,
    /// Ten digits, as dialled inside Mexico.
    pub phone: String,
    pub email: String,
}

impl StartApplicationRequest {
    /// Every rule of the form.
    pub fn check(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut errors = FieldErrors::new();
        errors.check_required("document_id", self.document_id.trim());
        let procedure = if self.procedure.is_empty() {
            errors.add("procedure", FieldErrorCode::Required);
            None
        } else {
            let found = super::procedure(&self.procedure);
            if found.is_none() {
                errors.add("procedure", FieldErrorCode::UnknownOption);
            }
            found
        };
        self.migratory_status.require(
            &mut errors,
            "migratory_status",
            FieldErrorCode::UnknownOption,
        );
        let nue = self.nue.trim();
        match procedure {
            Some(procedure) if procedure.requires_nue => {
                if nue.is_empty() {
                    errors.add("nue", FieldErrorCode::Required);
                } else if !is_valid_nue(nue) {
                    errors.add("nue", FieldErrorCode::InvalidNue);
                }
            }
            _ if !nue.is_empty() && !is_valid_nue(nue) => {
                errors.add("nue", FieldErrorCode::InvalidNue);
            }
            _ => {}
        }
        self.address.check(&mut errors);
        if self.phone.is_empty() {
            errors.add("phone", FieldErrorCode::Required);
        } else if self.phone.len() != 10 || !self.phone.chars().all(|c| c.is_ascii_digit()) {
            errors.add("phone", FieldErrorCode::InvalidMexicanPhone);
        }
        if self.email.trim().is_empty() {
            errors.add("email", FieldErrorCode::Required);
        } else if !crate::validation::is_valid_email(self.email.trim()) {
            errors.add("email", FieldErrorCode::InvalidEmail);
        }
        errors.into_result()
    }
}

/// The NUE (Número Único de Extranjero) is 6 to 10 digits.
pub fn is_valid_nue(nue: &str) -> bool {
    (6..=10).contains(&nue.len()) && nue.chars().all(|c| c.is_ascii_digit())
}

/// An application and its appointment, if one is booked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Application {
    pub id: String,
    /// Número de pieza.
    pub folio: String,
    pub procedure: String,
    pub procedure_name_es: String,
    pub procedure_name_en: String,
    pub document_id: String,
    /// The applicant, as the document names them.
    pub given_names: String,
    pub surnames: String,
    #[cfg_attr(feature = "server", schema(value_type = MigratoryStatus))]
    pub migratory_status: MigratoryStatus,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub nue: String,
    pub address: MexicanAddress,
    pub phone: String,
    pub email: String,
    /// RFC 3339.
    pub created_at: String,
    /// The application's booked appointment, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appointment: Option<Appointment>,
}

/// `GET /api/v1/citas/applications`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ApplicationList {
    pub applications: Vec<Application>,
}

/// `POST /api/v1/citas/holds`: hold one seat of an office's time for an application.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct HoldSeatRequest {
    pub application_id: String,
    pub office: String,
    /// The slot's start as `GET …/slots` gives it (RFC 3339).
    pub starts_at: String,
}

impl HoldSeatRequest {
    pub fn check(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut errors = FieldErrors::new();
        errors.check_required("application_id", self.application_id.trim());
        errors.check_required("office", self.office.trim());
        if self.starts_at.trim().is_empty() {
            errors.add("starts_at", FieldErrorCode::Required);
        } else if chrono::DateTime::parse_from_rfc3339(self.starts_at.trim()).is_err() {
            errors.add("starts_at", FieldErrorCode::InvalidDateTime);
        }
        errors.into_result()
    }
}

/// A seat held for a few minutes: book it (or reschedule into it) before `held_until`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct SeatHold {
    pub hold_id: String,
    pub application_id: String,
    pub office: String,
    pub time_zone: String,
    pub starts_at: String,
    /// The start on the office's clock, `YYYY-MM-DD HH:MM`.
    pub local_start: String,
    pub utc_offset: String,
    /// RFC 3339.
    pub held_until: String,
    pub expires_in: u64,
}

/// `POST /api/v1/citas/appointments`: book the held seat.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct BookAppointmentRequest {
    pub hold_id: String,
}

/// `POST /api/v1/citas/appointments/{id}/reschedule`: move to the held seat.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct RescheduleRequest {
    pub hold_id: String,
}

/// How many times an appointment may be moved.
pub const MAX_RESCHEDULES: u32 = 2;
/// How long before its start an appointment may still be cancelled or moved.
pub const CHANGE_DEADLINE_HOURS: i64 = 24;
/// How long a chosen time stays held.
pub const HOLD_MINUTES: i64 = 5;

/// An appointment, always with the office's local time and zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Appointment {
    pub id: String,
    pub application_id: String,
    pub folio: String,
    pub procedure: String,
    pub procedure_name_es: String,
    pub procedure_name_en: String,
    pub office: String,
    pub office_name: String,
    pub office_address: String,
    pub time_zone: String,
    /// RFC 3339, UTC.
    pub starts_at: String,
    pub ends_at: String,
    /// `YYYY-MM-DD HH:MM` on the office's clock.
    pub local_start: String,
    pub utc_offset: String,
    pub status: AppointmentStatus,
    pub reschedules_left: u32,
    /// Until when it may be cancelled or moved (RFC 3339); past it, neither.
    pub changes_until: String,
    pub given_names: String,
    pub surnames: String,
}

/// `GET /api/v1/citas/appointments`: Mis citas.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct AppointmentList {
    pub appointments: Vec<Appointment>,
}

/// What the QR of an appointment confirmation carries: enough for the counter to check
/// the person offline (one-letter names keep the QR small).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct AppointmentClaims {
    /// Appointment id.
    #[serde(rename = "i")]
    pub appointment_id: String,
    /// Its SEQUENCE: a reschedule issues a new confirmation.
    #[serde(rename = "q")]
    pub sequence: u32,
    /// Folio (número de pieza).
    #[serde(rename = "f")]
    pub folio: String,
    #[serde(rename = "p")]
    pub procedure: String,
    #[serde(rename = "o")]
    pub office: String,
    /// Start, RFC 3339 UTC.
    #[serde(rename = "t")]
    pub starts_at: String,
    #[serde(rename = "d")]
    pub document_number: String,
    #[serde(rename = "n")]
    pub nationality: String,
    #[serde(rename = "s")]
    pub surnames: String,
    #[serde(rename = "g")]
    pub given_names: String,
}

crate::wire_code! {
    /// Where a wait for a freed seat stands.
    pub enum WaitStatus {
        /// In line.
        Waiting = "waiting",
        /// A freed seat is held for it for 30 minutes: book it with `offer.hold_id`.
        Offered = "offered",
        /// The application booked (this offer or another time).
        Booked = "booked",
        /// The offer ran out unbooked; the seat went to the next in line.
        Lapsed = "lapsed",
        Withdrawn = "withdrawn",
    }
}

/// How long a seat offered from the waitlist stays held for the one it is offered to.
pub const WAITLIST_OFFER_MINUTES: i64 = 30;

/// `POST /api/v1/citas/waitlist`: wait for a seat at an office between two of its days.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct JoinWaitlistRequest {
    pub application_id: String,
    pub office: String,
    pub from_date: Option<chrono::NaiveDate>,
    pub until_date: Option<chrono::NaiveDate>,
}

/// Longest range of days one wait covers.
pub const WAITLIST_MAX_DAYS: i64 = 92;

impl JoinWaitlistRequest {
    /// The rules of the form, with `today` the office's today.
    pub fn check(&self, today: chrono::NaiveDate) -> Result<(), Vec<crate::FieldError>> {
        let mut errors = FieldErrors::new();
        errors.check_required("application_id", self.application_id.trim());
        errors.check_required("office", self.office.trim());
        match (self.from_date, self.until_date) {
            (None, _) => errors.add("from_date", FieldErrorCode::Required),
            (_, None) => errors.add("until_date", FieldErrorCode::Required),
            (Some(from), Some(until)) => {
                if until < from {
                    errors.add("until_date", FieldErrorCode::RangeBackwards);
                } else if until < today {
                    errors.add("until_date", FieldErrorCode::DateInPast);
                } else if (until - from).num_days() > WAITLIST_MAX_DAYS {
                    errors.add("until_date", FieldErrorCode::RangeTooLong);
                }
            }
        }
        errors.into_result()
    }
}

/// A freed seat held for a wait.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct WaitOffer {
    /// Book it with `POST /api/v1/citas/appointments` (`hold_id`).
    pub hold_id: String,
    pub starts_at: String,
    pub local_start: String,
    pub utc_offset: String,
    pub offered_until: String,
}

/// A wait, as Mis citas shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct WaitlistEntry {
    pub id: String,
    pub application_id: String,
    pub folio: String,
    pub office: String,
    pub office_name: String,
    pub time_zone: String,
    pub from_date: chrono::NaiveDate,
    pub until_date: chrono::NaiveDate,
    pub status: WaitStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offer: Option<WaitOffer>,
}

/// `GET /api/v1/citas/waitlist`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Waitlist {
    pub waits: Vec<WaitlistEntry>,
}

/// One appointment of an office's day, as its staff see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct AgendaEntry {
    pub appointment_id: String,
    /// `HH:MM` on the office's clock.
    pub local_time: String,
    pub starts_at: String,
    pub folio: String,
    pub procedure: String,
    pub procedure_name_es: String,
    pub procedure_name_en: String,
    pub given_names: String,
    pub surnames: String,
    pub nationality: String,
    pub document_number: String,
    pub status: AppointmentStatus,
}

/// `GET /api/v1/officer/citas/agenda?date=`: the day of the officer's office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct OfficeAgenda {
    pub office: String,
    pub office_name: String,
    pub time_zone: String,
    pub date: chrono::NaiveDate,
    pub appointments: Vec<AgendaEntry>,
}

/// `POST /api/v1/officer/citas/check-ins`: the text of a confirmation's QR.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct CheckInRequest {
    pub token: String,
}

crate::wire_code! {
    /// What the counter records of an appointment.
    pub enum AttendanceOutcome {
        Attended = "attended",
        NoShow = "no_show",
    }
}

/// `POST /api/v1/officer/citas/appointments/{id}/attendance`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct AttendanceRequest {
    pub outcome: AttendanceOutcome,
}
