//! What the traveler sends to start a Pre-Registro, to submit it and to change its flight.

use super::{TripInformation, Variant};
use crate::codes::Choice;
use crate::error::FieldErrorCode;
use crate::validation::FieldErrors;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// `POST /api/v1/preregistrations`: start (or resume) the pre-registration of a document.
/// `variant` (and its `reference`: the NUE or the SRE folio) is needed only the first time.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct StartPreregistrationRequest {
    pub document_id: String,
    #[serde(default)]
    #[cfg_attr(feature = "server", schema(value_type = Option<Variant>))]
    pub variant: Option<Choice<Variant>>,
    #[serde(default)]
    pub reference: Option<String>,
}

impl StartPreregistrationRequest {
    /// The variant rules, when a variant is given.
    pub fn check(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut errors = FieldErrors::new();
        if self.document_id.trim().is_empty() {
            errors.add("document_id", FieldErrorCode::Required);
        }
        let reference = self.reference.as_deref().unwrap_or("").trim();
        let variant = match &self.variant {
            None => None,
            Some(choice) => choice.require(&mut errors, "variant", FieldErrorCode::UnknownOption),
        };
        match variant {
            None | Some(Variant::None) => {}
            Some(Variant::Nue | Variant::Diplomatic) => {
                if reference.is_empty() {
                    errors.add("reference", FieldErrorCode::Required);
                } else if reference.chars().count() > 20
                    || !reference
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-')
                {
                    errors.add("reference", FieldErrorCode::InvalidReference);
                }
            }
        }
        let errors = errors.into_vec();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// `POST /api/v1/preregistrations/{id}/submission` (with an `Idempotency-Key` header):
/// send the finished pre-registration for its decision.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct SubmitPreregistrationRequest {
    /// The traveler read and accepts the terms and conditions.
    pub accept_terms: bool,
}

impl SubmitPreregistrationRequest {
    pub fn check(&self) -> Result<(), Vec<crate::FieldError>> {
        if self.accept_terms {
            Ok(())
        } else {
            let mut errors = FieldErrors::new();
            errors.add("accept_terms", FieldErrorCode::TermsNotAccepted);
            Err(errors.into_vec())
        }
    }
}

/// `PUT /api/v1/preregistrations/{id}/flight`: the flight was rescheduled. Only these
/// fields change; the receipt and FMM are issued again and the old QR stops being valid.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct FlightChangeRequest {
    /// Airline code (by air) or vessel name (by sea).
    pub carrier: String,
    pub flight_number: String,
    pub arrival_date: Option<NaiveDate>,
    pub departure_date: Option<NaiveDate>,
}

impl FlightChangeRequest {
    /// `trip` with the new flight data.
    pub fn apply_to(&self, trip: &TripInformation) -> TripInformation {
        TripInformation {
            carrier: self.carrier.trim().to_owned(),
            flight_number: self.flight_number.trim().to_uppercase(),
            arrival_date: self.arrival_date,
            departure_date: self.departure_date,
            ..trip.clone()
        }
    }
}
