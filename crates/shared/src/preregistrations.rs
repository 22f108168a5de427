//! Pre-Registro: the wizard's catalogs and rules, shared by the server and the browser.
//!
//! Step 1, Información del Viaje: how and where the traveler enters Mexico, when, why, where
//! they stay and when they leave (SPEC §5).

use crate::catalogs::{CatalogEntry, CatalogName, code_entries, simple_entries};
use crate::codes::Choice;
use crate::error::FieldErrorCode;
use crate::validation::FieldErrors;
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

/// Longest stay a visitor may declare: departure at most this many days after arrival.
pub const MAX_STAY_DAYS: u64 = 180;

crate::wire_code! {
    /// Vía de internación, as on the FMM (field 8).
    pub enum EntryMode {
        Air = "air",
        Sea = "sea",
        Land = "land",
    }
}

/// The entry modes with their Spanish and English names.
pub const ENTRY_MODES: [(EntryMode, &str, &str); 3] = [
    (EntryMode::Air, "Aérea", "Air"),
    (EntryMode::Sea, "Marítima", "Sea"),
    (EntryMode::Land, "Terrestre", "Land"),
];

/// A port of entry: an airport, a seaport or a land crossing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryPoint {
    pub code: &'static str,
    pub mode: EntryMode,
    pub name: &'static str,
}

/// Punto de internación: international airports (IATA codes), cruise and commercial
/// seaports, and the main land crossings.
pub const ENTRY_POINTS: [EntryPoint; 43] = [
    EntryPoint {
        code: "MEX",
        mode: EntryMode::Air,
        name: "Aeropuerto Internacional de la Ciudad de México (AICM)",
    },
    EntryPoint {
        code: "NLU",
        mode: EntryMode::Air,
        name: "Aeropuerto Internacional Felipe Ángeles (AIFA)",
    },
    EntryPoint {
        code: "CUN",
        mode: EntryMode::Air,
        name: "Aeropuerto Internacional de Cancún",
    },
    EntryPoint {
        code: "GDL",
        mode: EntryMode::Air,
        name: "Aeropuerto Internacional de Guadalajara",
    },
    EntryPoint {
        code: "MTY",
        mode: EntryMode::Air,
        name: "Aeropuerto Internacional de Monterrey",
    },
    EntryPoint {
        code: "TIJ",
        mode: EntryMode::Air,
        name: "Aeropuerto Internacional de Tijuana",
    },
    EntryPoint {
        code: "SJD",
        mode: EntryMode::Air,
        name: "Aeropuerto Internacional de Los Cabos",
    },
    EntryPoint {
        code: "PVR",
        mode: EntryMode::Air,
        name: "Aeropuerto Internacional de Puerto Vallarta",
    },
    EntryPoint {
        code: "CZM",
        mode: EntryMode::Air,
        name: "Aeropuerto Internacional de Cozumel",
    },
    EntryPoint {
        code: "MID",
        mode: EntryMode::Air,
        name: "Aeropuerto Internacional de Mérida",
    },
    EntryPoint {
        code: "TQO",
        mode: EntryMode::Air,
        name: "Aeropuerto Internacional de Tulum",
    },
    EntryPoint {
        code: "QRO",
        mode: EntryMode::Air,
        name: "Aeropuerto Intercontinental de Querétaro",
    },
    EntryPoint {
        code: "BJX",
        mode: EntryMode::Air,
        name: "Aeropuerto Internacional del Bajío (León)",
    },
    EntryPoint {
        code: "MZT",
        mode: EntryMode::Air,
        name: "Aeropuerto Internacional de Mazatlán",
    },
    EntryPoint {
        code: "ACA",
        mode: EntryMode::Air,
        name: "Aeropuerto Internacional de Acapulco",
    },
    EntryPoint {
        code: "HUX",
        mode: EntryMode::Air,
        name: "Aeropuerto Internacional de Huatulco",
    },
    EntryPoint {
        code: "ZIH",
        mode: EntryMode::Air,
        name: "Aeropuerto Internacional de Ixtapa-Zihuatanejo",
    },
    EntryPoint {
        code: "OAX",
        mode: EntryMode::Air,
        name: "Aeropuerto Internacional de Oaxaca",
    },
    EntryPoint {
        code: "PBC",
        mode: EntryMode::Air,
        name: "Aeropuerto Internacional de Puebla",
    },
    EntryPoint {
        code: "SLP",
        mode: EntryMode::Air,
        name: "Aeropuerto Internacional de San Luis Potosí",
    },
    EntryPoint {
        code: "AGU",
        mode: EntryMode::Air,
        name: "Aeropuerto Internacional de Aguascalientes",
    },
    EntryPoint {
        code: "CUU",
        mode: EntryMode::Air,
        name: "Aeropuerto Internacional de Chihuahua",
    },
    EntryPoint {
        code: "HMO",
        mode: EntryMode::Air,
        name: "Aeropuerto Internacional de Hermosillo",
    },
    EntryPoint {
        code: "VER",
        mode: EntryMode::Air,
        name: "Aeropuerto Internacional de Veracruz",
    },
    EntryPoint {
        code: "VSA",
        mode: EntryMode::Air,
        name: "Aeropuerto Internacional de Villahermosa",
    },
    EntryPoint {
        code: "SEA-CZM",
        mode: EntryMode::Sea,
        name: "Puerto de Cozumel",
    },
    EntryPoint {
        code: "SEA-ENS",
        mode: EntryMode::Sea,
        name: "Puerto de Ensenada",
    },
    EntryPoint {
        code: "SEA-MZT",
        mode: EntryMode::Sea,
        name: "Puerto de Mazatlán",
    },
    EntryPoint {
        code: "SEA-PVR",
        mode: EntryMode::Sea,
        name: "Puerto de Puerto Vallarta",
    },
    EntryPoint {
        code: "SEA-PGO",
        mode: EntryMode::Sea,
        name: "Puerto Progreso",
    },
    EntryPoint {
        code: "SEA-ZLO",
        mode: EntryMode::Sea,
        name: "Puerto de Manzanillo",
    },
    EntryPoint {
        code: "SEA-VER",
        mode: EntryMode::Sea,
        name: "Puerto de Veracruz",
    },
    EntryPoint {
        code: "SEA-CSL",
        mode: EntryMode::Sea,
        name: "Puerto de Cabo San Lucas",
    },
    EntryPoint {
        code: "SEA-MAH",
        mode: EntryMode::Sea,
        name: "Puerto Costa Maya (Mahahual)",
    },
    EntryPoint {
        code: "LAND-TIJ",
        mode: EntryMode::Land,
        name: "Tijuana (San Ysidro / El Chaparral)",
    },
    EntryPoint {
        code: "LAND-MXL",
        mode: EntryMode::Land,
        name: "Mexicali",
    },
    EntryPoint {
        code: "LAND-NOG",
        mode: EntryMode::Land,
        name: "Nogales",
    },
    EntryPoint {
        code: "LAND-CJS",
        mode: EntryMode::Land,
        name: "Ciudad Juárez",
    },
    EntryPoint {
        code: "LAND-NLD",
        mode: EntryMode::Land,
        name: "Nuevo Laredo",
    },
    EntryPoint {
        code: "LAND-REX",
        mode: EntryMode::Land,
        name: "Reynosa",
    },
    EntryPoint {
        code: "LAND-MAM",
        mode: EntryMode::Land,
        name: "Matamoros",
    },
    EntryPoint {
        code: "LAND-CHI",
        mode: EntryMode::Land,
        name: "Ciudad Hidalgo",
    },
    EntryPoint {
        code: "LAND-CTM",
        mode: EntryMode::Land,
        name: "Subteniente López (Chetumal)",
    },
];

/// Airlines flying to Mexico from Colombia and its usual connections (IATA codes).
pub const AIRLINES: [(&str, &str); 14] = [
    ("AM", "Aeroméxico"),
    ("AV", "Avianca"),
    ("VB", "Viva Aerobus"),
    ("Y4", "Volaris"),
    ("LA", "LATAM Airlines"),
    ("CM", "Copa Airlines"),
    ("P5", "Wingo"),
    ("AA", "American Airlines"),
    ("UA", "United Airlines"),
    ("DL", "Delta Air Lines"),
    ("IB", "Iberia"),
    ("UX", "Air Europa"),
    ("AC", "Air Canada"),
    ("XX", "Otra / Other"),
];

/// Motivo del viaje, as on the FMM (field 7).
pub const TRIP_REASONS: [(&str, &str, &str); 3] = [
    ("tourism", "Turismo", "Tourism"),
    ("business", "Negocios", "Business"),
    ("other", "Otro", "Other"),
];

/// Especificación del viaje: (code, reason, Spanish, English).
pub const TRIP_SPECIFICATIONS: [(&str, &str, &str, &str); 10] = [
    ("vacation", "tourism", "Vacaciones", "Holidays"),
    (
        "family_visit",
        "tourism",
        "Visita a familiares o amigos",
        "Visiting family or friends",
    ),
    (
        "event",
        "tourism",
        "Evento cultural o deportivo",
        "Cultural or sports event",
    ),
    (
        "meetings",
        "business",
        "Reuniones de negocios",
        "Business meetings",
    ),
    (
        "conference",
        "business",
        "Congreso o convención",
        "Conference or convention",
    ),
    ("training", "business", "Capacitación", "Training"),
    (
        "medical",
        "other",
        "Tratamiento médico",
        "Medical treatment",
    ),
    (
        "studies",
        "other",
        "Estudios de menos de 180 días",
        "Studies shorter than 180 days",
    ),
    (
        "transit",
        "other",
        "Tránsito hacia otro país",
        "Transit to another country",
    ),
    ("other", "other", "Otro", "Other"),
];

/// The 32 federal entities, with their ISO 3166-2:MX codes.
pub const MEXICAN_STATES: [(&str, &str); 32] = [
    ("AGU", "Aguascalientes"),
    ("BCN", "Baja California"),
    ("BCS", "Baja California Sur"),
    ("CAM", "Campeche"),
    ("CHP", "Chiapas"),
    ("CHH", "Chihuahua"),
    ("CMX", "Ciudad de México"),
    ("COA", "Coahuila"),
    ("COL", "Colima"),
    ("DUR", "Durango"),
    ("GUA", "Guanajuato"),
    ("GRO", "Guerrero"),
    ("HID", "Hidalgo"),
    ("JAL", "Jalisco"),
    ("MEX", "Estado de México"),
    ("MIC", "Michoacán"),
    ("MOR", "Morelos"),
    ("NAY", "Nayarit"),
    ("NLE", "Nuevo León"),
    ("OAX", "Oaxaca"),
    ("PUE", "Puebla"),
    ("QUE", "Querétaro"),
    ("ROO", "Quintana Roo"),
    ("SLP", "San Luis Potosí"),
    ("SIN", "Sinaloa"),
    ("SON", "Sonora"),
    ("TAB", "Tabasco"),
    ("TAM", "Tamaulipas"),
    ("TLA", "Tlaxcala"),
    ("VER", "Veracruz"),
    ("YUC", "Yucatán"),
    ("ZAC", "Zacatecas"),
];

crate::wire_code! {
    /// The three Pre-Registro variants, asked on a document's first pre-registration.
    pub enum Variant {
        /// I. Has a NUE (Número Único de Extranjero, on the resident card).
        Nue = "nue",
        /// II. Diplomatic document (Folio Carné SRE).
        Diplomatic = "diplomatic",
        /// III. Neither.
        None = "none",
    }
}

/// The variants with their Spanish and English names.
pub const VARIANTS: [(Variant, &str, &str); 3] = [
    (
        Variant::Nue,
        "I. Cuenta con NUE (Número Único de Extranjero, en su tarjeta de residente)",
        "I. Has a NUE (foreigner's unique number, on the resident card)",
    ),
    (
        Variant::Diplomatic,
        "II. Documento diplomático (folio del carné de la SRE)",
        "II. Diplomatic document (SRE card folio)",
    ),
    (Variant::None, "III. No cuenta con NUE", "III. Has no NUE"),
];

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

/// A pre-registration as the API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Preregistration {
    pub id: String,
    pub document_id: String,
    /// `draft` while the wizard is being filled in.
    pub status: PreregistrationStatus,
    pub variant: Variant,
    /// Step 1, once saved.
    pub trip: Option<TripInformation>,
    /// Step 2, once saved.
    pub additional: Option<AdditionalInformation>,
    /// Step 3, once saved.
    pub control: Option<MigrationControl>,
    /// Step 4's files attached so far.
    pub attachments: Vec<Attachment>,
    /// The arrival is today or tomorrow: registering 24 hours ahead is recommended.
    pub short_notice: bool,
    pub created_at: String,
    pub updated_at: String,
    /// The travel document, as the history lists it.
    pub document_number: String,
    /// Given names and surnames on the document.
    pub traveler_name: String,
    /// The reference quoted to officers and on the documents, e.g. `PR-4F1C1D7E`.
    pub folio: String,
    /// What the history shows.
    pub history_status: HistoryStatus,
    /// Set once submitted.
    pub decision: Option<DecisionView>,
    /// Receipt revision: 0 until approved, then 1, 2… after each flight change.
    pub revision: u32,
    /// The officer's decision at the port of entry, once recorded.
    pub entry: Option<crate::officers::EntryRecord>,
    /// The receipt and FMM can be downloaded (approved, arrival not passed).
    pub documents_available: bool,
    /// Delivery of the receipt and FMM emails, absent when none was sent.
    pub email_delivery: Option<EmailDelivery>,
}

crate::wire_code! {
    /// Where a pre-registration stands.
    pub enum PreregistrationStatus {
        /// Being filled in; saved after every step.
        Draft = "draft",
        /// Submitted and approved: it has a receipt and an FMM.
        Approved = "approved",
        /// Submitted and refused by the eligibility rules.
        NotEligible = "not_eligible",
        /// Approved, then replaced by a newer pre-registration of the same document with
        /// the same arrival date.
        Cancelled = "cancelled",
        /// Approved, then admitted into Mexico by an officer at the port of entry
        /// ("internado"): the FMM carries the entry seal.
        Admitted = "admitted",
        /// Approved, then refused entry by an officer at the port of entry.
        EntryRefused = "entry_refused",
    }
}

crate::wire_code! {
    /// What the history shows for a pre-registration: its status, except that an
    /// approved one whose arrival date has passed is `unavailable`.
    pub enum HistoryStatus {
        Draft = "draft",
        Approved = "approved",
        NotEligible = "not_eligible",
        Cancelled = "cancelled",
        /// Approved, but the arrival date has passed.
        Unavailable = "unavailable",
        Admitted = "admitted",
        EntryRefused = "entry_refused",
    }
}

impl From<PreregistrationStatus> for HistoryStatus {
    fn from(status: PreregistrationStatus) -> Self {
        match status {
            PreregistrationStatus::Draft => Self::Draft,
            PreregistrationStatus::Approved => Self::Approved,
            PreregistrationStatus::NotEligible => Self::NotEligible,
            PreregistrationStatus::Cancelled => Self::Cancelled,
            PreregistrationStatus::Admitted => Self::Admitted,
            PreregistrationStatus::EntryRefused => Self::EntryRefused,
        }
    }
}

crate::wire_code! {
    /// Delivery of the receipt and FMM emails.
    pub enum EmailDelivery {
        /// Both were sent.
        Sent = "sent",
        /// Not sent yet; no attempt failed.
        Pending = "pending",
        /// At least one attempt failed: the traveler may resend.
        Failing = "failing",
    }
}

crate::wire_code! {
    /// The eligibility decision's outcome.
    pub enum DecisionOutcome {
        Approved = "approved",
        NotEligible = "not_eligible",
    }
}

/// The eligibility decision of a submitted pre-registration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct DecisionView {
    pub outcome: DecisionOutcome,
    /// What the traveler is told, in Spanish and English.
    pub message: String,
    pub message_en: String,
    /// Version of the eligibility rules that decided.
    pub rule_version: u32,
    /// Codes of the rules that fired (empty when approved).
    pub fired_rules: Vec<String>,
    pub decided_at: String,
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

/// The folio of a pre-registration: `PR-` and the first eight hex digits of its id.
pub fn folio(id: &str) -> String {
    let hex: String = id.chars().filter(char::is_ascii_hexdigit).take(8).collect();
    format!("PR-{}", hex.to_uppercase())
}

/// Whether the history offers the red "resend" icon for this delivery state.
pub fn can_resend(email_delivery: Option<EmailDelivery>) -> bool {
    email_delivery == Some(EmailDelivery::Failing)
}

pub fn entry_point(code: &str) -> Option<&'static EntryPoint> {
    ENTRY_POINTS.iter().find(|point| point.code == code)
}

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
                } else if !AIRLINES.iter().any(|(code, _)| *code == self.carrier) {
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
        } else if !TRIP_REASONS
            .iter()
            .any(|(code, _, _)| *code == self.trip_reason)
        {
            errors.add("trip_reason", FieldErrorCode::UnknownOption);
        }
        match TRIP_SPECIFICATIONS
            .iter()
            .find(|(code, _, _, _)| *code == self.trip_specification)
        {
            _ if self.trip_specification.is_empty() => {
                errors.add("trip_specification", FieldErrorCode::Required);
            }
            None => errors.add("trip_specification", FieldErrorCode::UnknownOption),
            Some((_, reason, _, _)) if *reason != self.trip_reason => {
                errors.add(
                    "trip_specification",
                    FieldErrorCode::SpecificationNotForReason,
                );
            }
            Some(_) => {}
        }
        if self.destination_state.is_empty() {
            errors.add("destination_state", FieldErrorCode::Required);
        } else if !MEXICAN_STATES
            .iter()
            .any(|(code, _)| *code == self.destination_state)
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

crate::wire_code! {
    /// Tipo de salida.
    pub enum ExitType {
        Visitor = "visitor",
        Resident = "resident",
    }
}

/// The exit types with their Spanish and English names.
pub const EXIT_TYPES: [(ExitType, &str, &str); 2] = [
    (ExitType::Visitor, "Visitante", "Visitor"),
    (ExitType::Resident, "Residente", "Resident"),
];

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

/// Control Migratorio: yes/no questions, every one to be answered (code, Spanish, English).
pub const CONTROL_QUESTIONS: [(&str, &str, &str); 7] = [
    (
        "deported",
        "¿Ha sido deportado(a) o expulsado(a) de México o de otro país?",
        "Have you been deported or expelled from Mexico or another country?",
    ),
    (
        "refused_entry",
        "¿Se le ha negado la entrada a México anteriormente?",
        "Have you been refused entry to Mexico before?",
    ),
    (
        "overstayed",
        "¿Ha permanecido en México más tiempo del autorizado en una visita anterior?",
        "Have you stayed in Mexico longer than authorised on a previous visit?",
    ),
    (
        "convicted",
        "¿Ha sido condenado(a) por algún delito en México o en otro país?",
        "Have you been convicted of a crime in Mexico or another country?",
    ),
    (
        "pending_proceedings",
        "¿Tiene algún proceso penal pendiente en México o en otro país?",
        "Do you have criminal proceedings pending in Mexico or another country?",
    ),
    (
        "return_ticket",
        "¿Cuenta con boleto de regreso o de salida de México?",
        "Do you have a return or onward ticket out of Mexico?",
    ),
    (
        "sufficient_means",
        "¿Cuenta con recursos económicos suficientes para su estancia en México?",
        "Do you have enough money for your stay in Mexico?",
    ),
];

/// Step 3, Control Migratorio: the answer to each question of [`CONTROL_QUESTIONS`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct MigrationControl {
    /// Question code → yes (`true`) or no (`false`); every question must be present.
    pub answers: std::collections::BTreeMap<String, bool>,
}

impl MigrationControl {
    /// Every question answered, and nothing else.
    pub fn check(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut errors = FieldErrors::new();
        for (code, _, _) in CONTROL_QUESTIONS {
            if !self.answers.contains_key(code) {
                errors.add(&format!("answers.{code}"), FieldErrorCode::AnswerRequired);
            }
        }
        for code in self.answers.keys() {
            if !CONTROL_QUESTIONS.iter().any(|(known, _, _)| known == code) {
                errors.add(&format!("answers.{code}"), FieldErrorCode::UnknownOption);
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

/// Largest attachment accepted (Terminar Registro).
pub const MAX_ATTACHMENT_BYTES: usize = 2 * 1024 * 1024;

crate::wire_code! {
    /// The files a traveler attaches in step 4.
    pub enum AttachmentKind {
        ReturnTicket = "return_ticket",
        Lodging = "lodging",
        Itinerary = "itinerary",
        ResidentCard = "resident_card",
        ProofOfAddress = "proof_of_address",
        SreCard = "sre_card",
    }
}

crate::wire_code! {
    /// The content types an attachment may have, found from its content.
    pub enum AttachmentContentType {
        Pdf = "application/pdf",
        Png = "image/png",
        Jpeg = "image/jpeg",
    }
}

/// A file the traveler attaches in step 4, per variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttachmentRequirement {
    pub code: AttachmentKind,
    pub variant: Variant,
    pub required: bool,
    pub name_es: &'static str,
    pub name_en: &'static str,
}

/// Step 4's attachments: variant III a return ticket, lodging or proof of address, and an
/// optional itinerary; variant I the resident card and proof of address; variant II the
/// SRE accreditation card.
pub const ATTACHMENT_KINDS: [AttachmentRequirement; 6] = [
    AttachmentRequirement {
        code: AttachmentKind::ReturnTicket,
        variant: Variant::None,
        required: true,
        name_es: "Boleto de salida",
        name_en: "Return or onward ticket",
    },
    AttachmentRequirement {
        code: AttachmentKind::Lodging,
        variant: Variant::None,
        required: true,
        name_es: "Reservación de hospedaje o comprobante de domicilio",
        name_en: "Lodging reservation or proof of address",
    },
    AttachmentRequirement {
        code: AttachmentKind::Itinerary,
        variant: Variant::None,
        required: false,
        name_es: "Itinerario",
        name_en: "Itinerary",
    },
    AttachmentRequirement {
        code: AttachmentKind::ResidentCard,
        variant: Variant::Nue,
        required: true,
        name_es: "Tarjeta de residente",
        name_en: "Resident card",
    },
    AttachmentRequirement {
        code: AttachmentKind::ProofOfAddress,
        variant: Variant::Nue,
        required: true,
        name_es: "Comprobante de domicilio",
        name_en: "Proof of address",
    },
    AttachmentRequirement {
        code: AttachmentKind::SreCard,
        variant: Variant::Diplomatic,
        required: true,
        name_es: "Carné de acreditación expedido por la SRE",
        name_en: "SRE accreditation card",
    },
];

/// The attachment `code` of a document of `variant`, if that variant has it.
pub fn attachment_kind(
    variant: Variant,
    code: AttachmentKind,
) -> Option<&'static AttachmentRequirement> {
    ATTACHMENT_KINDS
        .iter()
        .find(|kind| kind.variant == variant && kind.code == code)
}

/// An attached file as the API shows it (its content is never sent back in the draft).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Attachment {
    pub kind: AttachmentKind,
    pub file_name: String,
    /// Found from the content, not the name.
    pub content_type: AttachmentContentType,
    pub size: u64,
    pub uploaded_at: String,
}

/// Whether the traveler registers less than 24 hours ahead: allowed, but they are warned
/// that registering earlier is recommended. Only dates are known, so an arrival today or
/// tomorrow counts.
pub fn short_notice(today: NaiveDate, arrival: NaiveDate) -> bool {
    today
        .checked_add_days(Days::new(1))
        .is_some_and(|tomorrow| arrival <= tomorrow)
}

/// The wizard's catalogs as the API serves them (the other catalogs: empty).
pub(crate) fn catalog_entries(name: CatalogName) -> Vec<CatalogEntry> {
    let grouped = |code: &str, es: &str, en: &str, group: &str| CatalogEntry {
        code: code.to_owned(),
        name_es: es.to_owned(),
        name_en: en.to_owned(),
        calling_code: None,
        group: Some(group.to_owned()),
    };
    match name {
        CatalogName::EntryModes => code_entries(&ENTRY_MODES),
        CatalogName::EntryPoints => ENTRY_POINTS
            .iter()
            .map(|p| grouped(p.code, p.name, p.name, p.mode.as_str()))
            .collect(),
        CatalogName::Airlines => simple_entries(
            &AIRLINES
                .iter()
                .map(|(code, name)| (*code, *name, *name))
                .collect::<Vec<_>>(),
        ),
        CatalogName::TripReasons => simple_entries(&TRIP_REASONS),
        CatalogName::TripSpecifications => TRIP_SPECIFICATIONS
            .iter()
            .map(|(code, reason, es, en)| grouped(code, es, en, reason))
            .collect(),
        CatalogName::PreregistrationVariants => code_entries(&VARIANTS),
        CatalogName::MexicanStates => simple_entries(
            &MEXICAN_STATES
                .iter()
                .map(|(code, name)| (*code, *name, *name))
                .collect::<Vec<_>>(),
        ),
        CatalogName::Countries
        | CatalogName::Sexes
        | CatalogName::Relationships
        | CatalogName::DocumentTypes
        | CatalogName::Classifications => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 30).unwrap_or_default()
    }

    fn day(offset: u64) -> Option<NaiveDate> {
        today().checked_add_days(Days::new(offset))
    }

    fn valid_trip() -> TripInformation {
        TripInformation {
            entry_mode: "air".into(),
            entry_point: "CUN".into(),
            carrier: "AV".into(),
            flight_number: "AV 86".into(),
            arrival_date: day(10),
            trip_reason: "tourism".into(),
            trip_specification: "vacation".into(),
            destination_state: "ROO".into(),
            address_in_mexico: "Hotel Caribe, Blvd. Kukulcán km 9, Cancún".into(),
            departure_date: day(20),
        }
    }

    fn codes(trip: &TripInformation) -> Vec<(String, String)> {
        trip.check(today())
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.code.as_str().to_owned()))
            .collect()
    }

    fn pair(field: &str, code: &str) -> (String, String) {
        (field.to_owned(), code.to_owned())
    }

    #[test]
    fn a_complete_trip_passes() {
        assert_eq!(codes(&valid_trip()), vec![]);
    }

    #[test]
    fn an_empty_trip_names_every_required_field() {
        let fields: Vec<String> = codes(&TripInformation::default())
            .into_iter()
            .map(|(field, _)| field)
            .collect();
        for field in [
            "entry_mode",
            "entry_point",
            "trip_reason",
            "trip_specification",
            "destination_state",
            "address_in_mexico",
            "arrival_date",
            "departure_date",
        ] {
            assert!(fields.contains(&field.to_owned()), "{field} in {fields:?}");
        }
    }

    #[test]
    fn the_entry_point_must_belong_to_the_entry_mode() {
        let trip = TripInformation {
            entry_point: "LAND-TIJ".into(),
            ..valid_trip()
        };
        assert_eq!(
            codes(&trip),
            vec![pair("entry_point", "entry_point_not_for_mode")]
        );
        let by_land = TripInformation {
            entry_mode: "land".into(),
            entry_point: "LAND-TIJ".into(),
            carrier: String::new(),
            flight_number: String::new(),
            ..valid_trip()
        };
        assert_eq!(codes(&by_land), vec![]);
    }

    #[test]
    fn air_needs_a_known_airline_and_a_flight_number_and_sea_a_vessel() {
        let trip = TripInformation {
            carrier: "ZZ".into(),
            flight_number: "vuelo".into(),
            ..valid_trip()
        };
        assert_eq!(
            codes(&trip),
            vec![
                pair("carrier", "unknown_option"),
                pair("flight_number", "invalid_flight_number")
            ]
        );
        let by_sea = TripInformation {
            entry_mode: "sea".into(),
            entry_point: "SEA-CZM".into(),
            carrier: String::new(),
            flight_number: String::new(),
            ..valid_trip()
        };
        assert_eq!(codes(&by_sea), vec![pair("carrier", "required")]);
    }

    #[test]
    fn flight_numbers_are_a_designator_and_up_to_four_digits() {
        for good in ["AM719", "AV 86", "Y4 3500", "CM431A", "av0086"] {
            assert!(is_flight_number(good), "{good}");
        }
        for bad in ["", "AM", "719", "AM12345", "AM-719", "AM71B9", "12 345"] {
            assert!(!is_flight_number(bad), "{bad}");
        }
    }

    #[test]
    fn the_specification_must_belong_to_the_reason() {
        let trip = TripInformation {
            trip_specification: "meetings".into(),
            ..valid_trip()
        };
        assert_eq!(
            codes(&trip),
            vec![pair("trip_specification", "specification_not_for_reason")]
        );
    }

    #[test]
    fn arrival_is_today_or_later_and_departure_within_180_days_after_it() {
        let yesterday = today().pred_opt();
        let past = TripInformation {
            arrival_date: yesterday,
            ..valid_trip()
        };
        assert_eq!(codes(&past), vec![pair("arrival_date", "arrival_in_past")]);
        let today_arrival = TripInformation {
            arrival_date: Some(today()),
            ..valid_trip()
        };
        assert_eq!(codes(&today_arrival), vec![]);
        let same_day = TripInformation {
            departure_date: day(10),
            ..valid_trip()
        };
        assert_eq!(
            codes(&same_day),
            vec![pair("departure_date", "departure_not_after_arrival")]
        );
        let longest = TripInformation {
            departure_date: day(10 + 180),
            ..valid_trip()
        };
        assert_eq!(codes(&longest), vec![]);
        let too_long = TripInformation {
            departure_date: day(10 + 181),
            ..valid_trip()
        };
        assert_eq!(
            codes(&too_long),
            vec![pair("departure_date", "stay_too_long")]
        );
    }

    #[test]
    fn arriving_today_or_tomorrow_is_short_notice() {
        assert!(short_notice(today(), today()));
        assert!(day(1).is_some_and(|tomorrow| short_notice(today(), tomorrow)));
        assert!(day(2).is_some_and(|later| !short_notice(today(), later)));
    }

    #[test]
    fn a_variant_with_a_number_needs_a_well_formed_reference() {
        let start = |variant: &str, reference: &str| StartPreregistrationRequest {
            document_id: "d".into(),
            variant: Some(variant.into()),
            reference: Some(reference.into()),
        };
        assert_eq!(start("none", "").check(), Ok(()));
        assert_eq!(start("nue", "ABC123456").check(), Ok(()));
        let codes = |request: StartPreregistrationRequest| -> Vec<String> {
            request
                .check()
                .err()
                .unwrap_or_default()
                .into_iter()
                .map(|e| e.code.as_str().to_owned())
                .collect()
        };
        assert_eq!(codes(start("nue", " ")), vec!["required"]);
        assert_eq!(
            codes(start("diplomatic", "12 34")),
            vec!["invalid_reference"]
        );
        assert_eq!(codes(start("tourist", "")), vec!["unknown_option"]);
    }

    fn valid_additional() -> AdditionalInformation {
        AdditionalInformation {
            origin_contact_name: "Luis Pérez".into(),
            origin_contact_phone_country_code: "+57".into(),
            origin_contact_phone: "3001234567".into(),
            mexico_contact_name: "Hotel Caribe".into(),
            mexico_contact_phone: "9981234567".into(),
            exit_type: "visitor".into(),
            ..AdditionalInformation::default()
        }
    }

    fn additional_codes(info: &AdditionalInformation, variant: &str) -> Vec<(String, String)> {
        info.check(Variant::parse(variant).unwrap_or(Variant::None), today())
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.code.as_str().to_owned()))
            .collect()
    }

    #[test]
    fn step_two_needs_two_reachable_contacts() {
        assert_eq!(additional_codes(&valid_additional(), "none"), vec![]);
        let broken = AdditionalInformation {
            origin_contact_phone_country_code: "+999".into(),
            mexico_contact_phone: "998 123 45".into(),
            origin_contact_name: String::new(),
            ..valid_additional()
        };
        assert_eq!(
            additional_codes(&broken, "none"),
            vec![
                pair("origin_contact_name", "required"),
                pair("origin_contact_phone_country_code", "unknown_calling_code"),
                pair("mexico_contact_phone", "invalid_mexican_phone"),
            ]
        );
    }

    #[test]
    fn variant_one_also_needs_a_valid_resident_card() {
        assert_eq!(
            additional_codes(&valid_additional(), "nue"),
            vec![
                pair("exit_type", "resident_exit_required"),
                pair("resident_card_number", "required"),
                pair("resident_card_expiry", "required")
            ]
        );
        let expired = AdditionalInformation {
            exit_type: "resident".into(),
            resident_card_number: "TR1234567".into(),
            resident_card_expiry: today().pred_opt(),
            ..valid_additional()
        };
        assert_eq!(
            additional_codes(&expired, "nue"),
            vec![pair("resident_card_expiry", "resident_card_expired")]
        );
        let valid = AdditionalInformation {
            resident_card_expiry: day(365),
            ..expired
        };
        assert_eq!(additional_codes(&valid, "nue"), vec![]);
    }

    #[test]
    fn every_control_question_must_be_answered_and_only_those() {
        let mut control = MigrationControl::default();
        for (code, _, _) in CONTROL_QUESTIONS {
            control
                .answers
                .insert(code.to_owned(), code == "return_ticket");
        }
        assert_eq!(control.check(), Ok(()));
        control.answers.remove("convicted");
        control.answers.insert("favourite_colour".into(), true);
        let codes: Vec<(String, String)> = control
            .check()
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.code.as_str().to_owned()))
            .collect();
        assert_eq!(
            codes,
            vec![
                pair("answers.convicted", "answer_required"),
                pair("answers.favourite_colour", "unknown_option")
            ]
        );
    }

    #[test]
    fn each_variant_has_its_required_attachments() {
        for variant in Variant::ALL {
            assert!(
                ATTACHMENT_KINDS
                    .iter()
                    .any(|k| k.variant == *variant && k.required),
                "{variant}"
            );
        }
        for kind in AttachmentKind::ALL {
            assert_eq!(
                ATTACHMENT_KINDS.iter().filter(|k| k.code == *kind).count(),
                1,
                "{kind}"
            );
        }
        assert!(attachment_kind(Variant::None, AttachmentKind::ReturnTicket).is_some());
        assert!(attachment_kind(Variant::Nue, AttachmentKind::ReturnTicket).is_none());
        assert!(
            attachment_kind(Variant::None, AttachmentKind::Itinerary).is_some_and(|k| !k.required)
        );
    }

    #[test]
    fn catalogs_are_complete_and_codes_unique() {
        assert_eq!(MEXICAN_STATES.len(), 32);
        for mode in EntryMode::ALL {
            assert!(ENTRY_POINTS.iter().any(|p| p.mode == *mode), "{mode}");
        }
        for reason in TRIP_REASONS {
            assert!(
                TRIP_SPECIFICATIONS.iter().any(|s| s.1 == reason.0),
                "{}",
                reason.0
            );
        }
        let mut codes: Vec<&str> = ENTRY_POINTS.iter().map(|p| p.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), ENTRY_POINTS.len());
        for name in [
            CatalogName::EntryModes,
            CatalogName::EntryPoints,
            CatalogName::Airlines,
            CatalogName::TripReasons,
            CatalogName::TripSpecifications,
            CatalogName::MexicanStates,
            CatalogName::PreregistrationVariants,
        ] {
            assert!(!catalog_entries(name).is_empty(), "{name}");
        }
    }
}

#[cfg(test)]
mod exit_type_tests {
    use super::*;

    fn additional(exit_type: &str) -> AdditionalInformation {
        AdditionalInformation {
            origin_contact_name: "Luis Pérez".into(),
            origin_contact_phone_country_code: "+57".into(),
            origin_contact_phone: "3001234567".into(),
            mexico_contact_name: "Hotel Caribe".into(),
            mexico_contact_phone: "9981234567".into(),
            resident_card_number: "TR1234567".into(),
            resident_card_expiry: NaiveDate::from_ymd_opt(2030, 1, 1),
            exit_type: exit_type.into(),
        }
    }

    fn codes(exit_type: &str, variant: &str) -> Vec<String> {
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap_or_default();
        additional(exit_type)
            .check(Variant::parse(variant).unwrap_or(Variant::None), today)
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.code.as_str().to_owned())
            .collect()
    }

    #[test]
    fn residents_leave_as_residents_and_only_they_do() {
        assert!(codes("resident", "nue").is_empty());
        assert_eq!(codes("visitor", "nue"), ["resident_exit_required"]);
        assert!(codes("visitor", "none").is_empty());
        assert!(codes("visitor", "diplomatic").is_empty());
        assert_eq!(codes("resident", "none"), ["resident_exit_needs_card"]);
        assert_eq!(codes("", "none"), ["required"]);
        assert_eq!(codes("tourist", "none"), ["unknown_option"]);
    }
}

/// A catalog whose codes are shown back to people (check-your-answers page, PDFs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NamedCatalog {
    EntryModes,
    Airlines,
    TripReasons,
    TripSpecifications,
    States,
    ExitTypes,
}

/// The Spanish and English names of `code` in `catalog`; an unknown code is shown as is.
/// Airlines and states have one name in both languages.
pub fn names_of(catalog: NamedCatalog, code: &str) -> (String, String) {
    let found: Option<(&str, &str)> = match catalog {
        NamedCatalog::EntryModes => ENTRY_MODES
            .iter()
            .find(|(c, _, _)| c.as_str() == code)
            .map(|(_, es, en)| (*es, *en)),
        NamedCatalog::Airlines => AIRLINES
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, name)| (*name, *name)),
        NamedCatalog::TripReasons => TRIP_REASONS
            .iter()
            .find(|(c, _, _)| *c == code)
            .map(|(_, es, en)| (*es, *en)),
        NamedCatalog::TripSpecifications => TRIP_SPECIFICATIONS
            .iter()
            .find(|(c, _, _, _)| *c == code)
            .map(|(_, _, es, en)| (*es, *en)),
        NamedCatalog::States => MEXICAN_STATES
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, name)| (*name, *name)),
        NamedCatalog::ExitTypes => EXIT_TYPES
            .iter()
            .find(|(c, _, _)| c.as_str() == code)
            .map(|(_, es, en)| (*es, *en)),
    };
    found.map_or_else(
        || (code.to_owned(), code.to_owned()),
        |(es, en)| (es.to_owned(), en.to_owned()),
    )
}

/// The carrier as people read it: the airline's name by air, the vessel or company name
/// (as typed) otherwise.
pub fn carrier_names(trip: &TripInformation) -> (String, String) {
    if trip.entry_mode.known() == Some(EntryMode::Air) {
        names_of(NamedCatalog::Airlines, &trip.carrier)
    } else {
        (trip.carrier.clone(), trip.carrier.clone())
    }
}

#[cfg(test)]
mod names_tests {
    use super::*;

    #[test]
    fn codes_are_named_in_both_languages_and_unknown_ones_shown_as_is() {
        assert_eq!(
            names_of(NamedCatalog::TripReasons, "tourism"),
            ("Turismo".to_owned(), "Tourism".to_owned())
        );
        assert_eq!(
            names_of(NamedCatalog::States, "ROO"),
            ("Quintana Roo".to_owned(), "Quintana Roo".to_owned())
        );
        assert_eq!(
            names_of(NamedCatalog::ExitTypes, "zz"),
            ("zz".to_owned(), "zz".to_owned())
        );
        let by_sea = TripInformation {
            entry_mode: "sea".into(),
            carrier: "Crucero Azul".into(),
            ..TripInformation::default()
        };
        assert_eq!(carrier_names(&by_sea).0, "Crucero Azul");
    }
}
