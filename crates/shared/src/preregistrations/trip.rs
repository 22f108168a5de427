//! Step 1, Información del Viaje: how and where the traveler enters Mexico, when, why,
//! where they stay and when they leave (SPEC §5).

use super::{EntryMode, airlines, entry_point, mexican_states, trip_reasons, trip_specifications};
use crate::codes::Choice;
use crate::error::FieldErrorCode;
use crate::validation::FieldErrors;
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

/// Longest stay a visitor may declare: departure at most this many days after arrival.
pub const MAX_STAY_DAYS: u64 = 180;

/// Step 1, Información del Viaje.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct TripInformation {
    /// Catalog `entry_modes`.
    #[cfg_attr(feature = "server", schema(value_type = EntryMode))]
    pub entry_mode: Choice<EntryMode>,
    /// Catalog `entry_points`, one of the chosen mode.
    pub entry_point: String,
    /// Air: the airline's IATA code (catalog `airlines`); sea: the vessel's name; land: empty.
    pub carrier: String,
    /// Air only: the flight number, e.g. `AM 719` or `AV0086`.
    pub flight_number: String,
    pub arrival_date: Option<NaiveDate>,
    /// Catalog `trip_reasons`.
    pub trip_reason: String,
    /// Catalog `trip_specifications`, one of the chosen reason.
    pub trip_specification: String,
    /// Catalog `mexican_states`.
    pub destination_state: String,
    pub address_in_mexico: String,
    pub departure_date: Option<NaiveDate>,
}

/// A flight number: an airline designator of two characters, then one to four digits and
/// an optional letter (`AM719`, `AV 86`, `Y4 3500`).
pub fn is_flight_number(text: &str) -> bool {
    let compact: String = text.chars().filter(|c| *c != ' ').collect();
    let bytes = compact.as_bytes();
    if bytes.len() < 3 || bytes.len() > 7 {
        return false;
    }
    let designator_ok = bytes[..2].iter().all(u8::is_ascii_alphanumeric)
        && bytes[..2].iter().any(u8::is_ascii_alphabetic);
    let rest = &bytes[2..];
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    let suffix = &rest[digits..];
    designator_ok
        && (1..=4).contains(&digits)
        && (suffix.is_empty() || (suffix.len() == 1 && suffix[0].is_ascii_alphabetic()))
}

impl TripInformation {
    /// Every rule of step 1 as of `today` (the date in Mexico).
    pub fn check(&self, today: NaiveDate) -> Result<(), Vec<crate::FieldError>> {
        let mut errors = FieldErrors::new();
        let mode =
            self.entry_mode
                .require(&mut errors, "entry_mode", FieldErrorCode::UnknownOption);
        match (self.entry_point.as_str(), entry_point(&self.entry_point)) {
            ("", _) => errors.add("entry_point", FieldErrorCode::Required),
            (_, None) => errors.add("entry_point", FieldErrorCode::UnknownOption),
            (_, Some(point)) if mode.is_some_and(|mode| point.mode != mode) => {
                errors.add("entry_point", FieldErrorCode::EntryPointNotForMode);
            }
            _ => {}
        }
        match mode {
            Some(EntryMode::Air) => {
                if self.carrier.is_empty() {
                    errors.add("carrier", FieldErrorCode::Required);
                } else if !airlines().iter().any(|a| a.code == self.carrier) {
                    errors.add("carrier", FieldErrorCode::UnknownOption);
                }
                if self.flight_number.trim().is_empty() {
                    errors.add("flight_number", FieldErrorCode::Required);
                } else if !is_flight_number(&self.flight_number) {
                    errors.add("flight_number", FieldErrorCode::InvalidFlightNumber);
                }
            }
            Some(EntryMode::Sea) => {
                errors.check_required("carrier", &self.carrier);
                if self.carrier.chars().count() > 100 {
                    errors.add("carrier", FieldErrorCode::TooLong);
                }
            }
            Some(EntryMode::Land) | None => {}
        }
        if self.trip_reason.is_empty() {
            errors.add("trip_reason", FieldErrorCode::Required);
        } else if !trip_reasons().iter().any(|r| r.code == self.trip_reason) {
            errors.add("trip_reason", FieldErrorCode::UnknownOption);
        }
        match trip_specifications()
            .iter()
            .find(|s| s.code == self.trip_specification)
        {
            _ if self.trip_specification.is_empty() => {
                errors.add("trip_specification", FieldErrorCode::Required);
            }
            None => errors.add("trip_specification", FieldErrorCode::UnknownOption),
            Some(specification) if specification.reason != self.trip_reason => {
                errors.add(
                    "trip_specification",
                    FieldErrorCode::SpecificationNotForReason,
                );
            }
            Some(_) => {}
        }
        if self.destination_state.is_empty() {
            errors.add("destination_state", FieldErrorCode::Required);
        } else if !mexican_states()
            .iter()
            .any(|s| s.code == self.destination_state)
        {
            errors.add("destination_state", FieldErrorCode::UnknownOption);
        }
        errors.check_required("address_in_mexico", &self.address_in_mexico);
        if self.address_in_mexico.chars().count() > 200 {
            errors.add("address_in_mexico", FieldErrorCode::TooLong);
        }
        match self.arrival_date {
            None => errors.add("arrival_date", FieldErrorCode::Required),
            Some(arrival) if arrival < today => {
                errors.add("arrival_date", FieldErrorCode::ArrivalInPast)
            }
            Some(_) => {}
        }
        match (self.arrival_date, self.departure_date) {
            (_, None) => errors.add("departure_date", FieldErrorCode::Required),
            (Some(arrival), Some(departure)) if departure <= arrival => {
                errors.add("departure_date", FieldErrorCode::DepartureNotAfterArrival);
            }
            (Some(arrival), Some(departure))
                if arrival
                    .checked_add_days(Days::new(MAX_STAY_DAYS))
                    .is_some_and(|latest| departure > latest) =>
            {
                errors.add("departure_date", FieldErrorCode::StayTooLong);
            }
            _ => {}
        }
        let errors = errors.into_vec();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// Whether the traveler registers less than 24 hours ahead: allowed, but they are warned
/// that registering earlier is recommended. Only dates are known, so an arrival today or
/// tomorrow counts.
pub fn short_notice(today: NaiveDate, arrival: NaiveDate) -> bool {
    today
        .checked_add_days(Days::new(1))
        .is_some_and(|tomorrow| arrival <= tomorrow)
}
