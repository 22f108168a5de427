//! Step 2, Información Adicional.

use super::{ExitType, Variant};
use crate::codes::Choice;
use crate::error::FieldErrorCode;
use crate::validation::FieldErrors;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Step 2, Información Adicional: someone to reach in the country of origin and in Mexico,
/// and, for variant I, the resident card.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct AdditionalInformation {
    pub origin_contact_name: String,
    /// International calling code with its plus sign, e.g. `+57`.
    pub origin_contact_phone_country_code: String,
    pub origin_contact_phone: String,
    pub mexico_contact_name: String,
    /// Ten digits, as dialled inside Mexico.
    pub mexico_contact_phone: String,
    /// Variant I (NUE) only: the resident card's number.
    #[serde(default)]
    pub resident_card_number: String,
    /// Variant I (NUE) only: the resident card's expiry date.
    #[serde(default)]
    pub resident_card_expiry: Option<NaiveDate>,
    /// Tipo de salida: residents (variant I) choose `resident`, everyone else `visitor`.
    #[serde(default)]
    #[cfg_attr(feature = "server", schema(value_type = ExitType))]
    pub exit_type: Choice<ExitType>,
}

impl AdditionalInformation {
    /// Every rule of step 2 for a document of `variant`.
    pub fn check(&self, variant: Variant, today: NaiveDate) -> Result<(), Vec<crate::FieldError>> {
        let mut errors = FieldErrors::new();
        crate::accounts::check_person_name(
            &mut errors,
            "origin_contact_name",
            &self.origin_contact_name,
        );
        if self.origin_contact_phone_country_code.is_empty() {
            errors.add(
                "origin_contact_phone_country_code",
                FieldErrorCode::Required,
            );
        } else if !crate::catalogs::is_known_calling_code(&self.origin_contact_phone_country_code) {
            errors.add(
                "origin_contact_phone_country_code",
                FieldErrorCode::UnknownCallingCode,
            );
        }
        crate::accounts::check_phone(
            &mut errors,
            "origin_contact_phone",
            &self.origin_contact_phone,
        );
        crate::accounts::check_person_name(
            &mut errors,
            "mexico_contact_name",
            &self.mexico_contact_name,
        );
        if self.mexico_contact_phone.is_empty() {
            errors.add("mexico_contact_phone", FieldErrorCode::Required);
        } else if self.mexico_contact_phone.len() != 10
            || !self
                .mexico_contact_phone
                .chars()
                .all(|c| c.is_ascii_digit())
        {
            errors.add("mexico_contact_phone", FieldErrorCode::InvalidMexicanPhone);
        }
        let resident = variant == Variant::Nue;
        match self
            .exit_type
            .require(&mut errors, "exit_type", FieldErrorCode::UnknownOption)
        {
            Some(ExitType::Resident) if !resident => {
                errors.add("exit_type", FieldErrorCode::ResidentExitNeedsCard);
            }
            Some(ExitType::Visitor) if resident => {
                errors.add("exit_type", FieldErrorCode::ResidentExitRequired);
            }
            Some(_) | None => {}
        }
        if resident {
            let number = self.resident_card_number.trim();
            if number.is_empty() {
                errors.add("resident_card_number", FieldErrorCode::Required);
            } else if number.chars().count() > 20
                || !number.chars().all(|c| c.is_ascii_alphanumeric())
            {
                errors.add("resident_card_number", FieldErrorCode::InvalidReference);
            }
            match self.resident_card_expiry {
                None => errors.add("resident_card_expiry", FieldErrorCode::Required),
                Some(expiry) if expiry < today => {
                    errors.add("resident_card_expiry", FieldErrorCode::ResidentCardExpired);
                }
                Some(_) => {}
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
