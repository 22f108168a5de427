//! The Pre-Registro's catalogs: the closed sets of codes as enums, the data (ports of
//! entry, airlines, trip reasons and specifications, migration-control questions) as
//! files in `data/preregistro/` (see `data/README.md`).

use super::TripInformation;
use crate::catalogs::{CatalogEntry, CatalogName, code_entries, load};
use crate::i18n::Locale;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

pub use crate::catalogs::{MexicanState, mexican_states};

crate::wire_code! {
    /// Vía de internación, as on the FMM (field 8).
    pub enum EntryMode {
        Air = "air",
        Sea = "sea",
        Land = "land",
    }
}

impl EntryMode {
    /// Its name for people, in `locale` (catalog `labels`).
    pub fn label(self, locale: crate::i18n::Locale) -> &'static str {
        use crate::i18n::labels as t;
        match self {
            Self::Air => t::entry_mode_air(locale),
            Self::Sea => t::entry_mode_sea(locale),
            Self::Land => t::entry_mode_land(locale),
        }
    }
}

/// A port of entry (punto de internación): an international airport (IATA code), a
/// cruise or commercial seaport, or a land crossing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryPoint {
    pub code: String,
    pub mode: EntryMode,
    pub name: String,
}

/// Every port of entry, airports first.
pub fn entry_points() -> &'static [EntryPoint] {
    static ENTRY_POINTS: OnceLock<Vec<EntryPoint>> = OnceLock::new();
    load(
        &ENTRY_POINTS,
        include_str!("../../data/preregistro/entry_points.json"),
    )
}

pub fn entry_point(code: &str) -> Option<&'static EntryPoint> {
    entry_points().iter().find(|point| point.code == code)
}

/// An airline flying to Mexico from Colombia or its usual connections (IATA code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Airline {
    pub code: String,
    pub name: String,
}

pub fn airlines() -> &'static [Airline] {
    static AIRLINES: OnceLock<Vec<Airline>> = OnceLock::new();
    load(
        &AIRLINES,
        include_str!("../../data/preregistro/airlines.json"),
    )
}

/// An entry of a catalog with a Spanish and an English name: a trip reason (motivo del
/// viaje, FMM field 7) or a migration-control question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedEntry {
    pub code: String,
    pub name_es: String,
    pub name_en: String,
}

/// Motivo del viaje, as on the FMM (field 7).
pub fn trip_reasons() -> &'static [NamedEntry] {
    static TRIP_REASONS: OnceLock<Vec<NamedEntry>> = OnceLock::new();
    load(
        &TRIP_REASONS,
        include_str!("../../data/preregistro/trip_reasons.json"),
    )
}

/// Especificación del viaje: a detail of one trip reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TripSpecification {
    pub code: String,
    /// The trip reason it details.
    pub reason: String,
    pub name_es: String,
    pub name_en: String,
}

pub fn trip_specifications() -> &'static [TripSpecification] {
    static TRIP_SPECIFICATIONS: OnceLock<Vec<TripSpecification>> = OnceLock::new();
    load(
        &TRIP_SPECIFICATIONS,
        include_str!("../../data/preregistro/trip_specifications.json"),
    )
}

/// Control Migratorio: yes/no questions, every one to be answered.
pub fn control_questions() -> &'static [NamedEntry] {
    static CONTROL_QUESTIONS: OnceLock<Vec<NamedEntry>> = OnceLock::new();
    load(
        &CONTROL_QUESTIONS,
        include_str!("../../data/preregistro/control_questions.json"),
    )
}

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

impl Variant {
    /// Its name for people, in `locale` (catalog `labels`).
    pub fn label(self, locale: crate::i18n::Locale) -> &'static str {
        use crate::i18n::labels as t;
        match self {
            Self::Nue => t::variant_nue(locale),
            Self::Diplomatic => t::variant_diplomatic(locale),
            Self::None => t::variant_none(locale),
        }
    }
}

crate::wire_code! {
    /// Tipo de salida.
    pub enum ExitType {
        Visitor = "visitor",
        Resident = "resident",
    }
}

impl ExitType {
    /// Its name for people, in `locale` (catalog `labels`).
    pub fn label(self, locale: crate::i18n::Locale) -> &'static str {
        use crate::i18n::labels as t;
        match self {
            Self::Visitor => t::exit_type_visitor(locale),
            Self::Resident => t::exit_type_resident(locale),
        }
    }
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
    let named = |entries: &[NamedEntry]| {
        entries
            .iter()
            .map(|e| CatalogEntry {
                code: e.code.clone(),
                name_es: e.name_es.clone(),
                name_en: e.name_en.clone(),
                calling_code: None,
                group: None,
            })
            .collect()
    };
    let same_name = |code: &str, name: &str| CatalogEntry {
        code: code.to_owned(),
        name_es: name.to_owned(),
        name_en: name.to_owned(),
        calling_code: None,
        group: None,
    };
    match name {
        CatalogName::EntryModes => code_entries(EntryMode::ALL, EntryMode::label),
        CatalogName::EntryPoints => entry_points()
            .iter()
            .map(|p| grouped(&p.code, &p.name, &p.name, p.mode.as_str()))
            .collect(),
        CatalogName::Airlines => airlines()
            .iter()
            .map(|a| same_name(&a.code, &a.name))
            .collect(),
        CatalogName::TripReasons => named(trip_reasons()),
        CatalogName::TripSpecifications => trip_specifications()
            .iter()
            .map(|s| grouped(&s.code, &s.name_es, &s.name_en, &s.reason))
            .collect(),
        CatalogName::PreregistrationVariants => code_entries(Variant::ALL, Variant::label),
        CatalogName::MexicanStates => mexican_states()
            .iter()
            .map(|s| same_name(&s.code, &s.name))
            .collect(),
        CatalogName::Countries
        | CatalogName::Sexes
        | CatalogName::Relationships
        | CatalogName::DocumentTypes
        | CatalogName::Classifications => Vec::new(),
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
    let pair = |es: &str, en: &str| (es.to_owned(), en.to_owned());
    let found =
        match catalog {
            NamedCatalog::EntryModes => EntryMode::parse(code)
                .map(|mode| pair(mode.label(Locale::Es), mode.label(Locale::En))),
            NamedCatalog::Airlines => airlines()
                .iter()
                .find(|a| a.code == code)
                .map(|a| pair(&a.name, &a.name)),
            NamedCatalog::TripReasons => trip_reasons()
                .iter()
                .find(|r| r.code == code)
                .map(|r| pair(&r.name_es, &r.name_en)),
            NamedCatalog::TripSpecifications => trip_specifications()
                .iter()
                .find(|s| s.code == code)
                .map(|s| pair(&s.name_es, &s.name_en)),
            NamedCatalog::States => mexican_states()
                .iter()
                .find(|s| s.code == code)
                .map(|s| pair(&s.name, &s.name)),
            NamedCatalog::ExitTypes => ExitType::parse(code)
                .map(|exit| pair(exit.label(Locale::Es), exit.label(Locale::En))),
        };
    found.unwrap_or_else(|| (code.to_owned(), code.to_owned()))
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
