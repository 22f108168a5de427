//! Catalogs shipped with the portal (see `data/README.md` for sources and licences).

use crate::codes::WireCode;
use crate::documents::{Classification, DocumentType, Relationship};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// A country of the ISO 3166 list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Country {
    pub alpha3: String,
    pub alpha2: String,
    pub name_es: String,
    pub name_en: String,
    /// International calling code with its plus sign, e.g. `+57`; empty when none.
    pub calling_code: String,
}

/// One entry of a catalog as the API serves it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct CatalogEntry {
    /// Stable code stored in requests (`COL`, `female`, …).
    pub code: String,
    pub name_es: String,
    pub name_en: String,
    /// Countries only: the international calling code (`+57`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calling_code: Option<String>,
    /// Entry points and trip specifications: the code of the entry mode or trip reason
    /// they belong to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

/// A named catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Catalog {
    pub name: CatalogName,
    pub entries: Vec<CatalogEntry>,
}

crate::wire_code! {
    /// Names accepted by `GET /api/v1/catalogs/{name}`.
    pub enum CatalogName {
        Countries = "countries",
        Sexes = "sexes",
        Relationships = "relationships",
        DocumentTypes = "document_types",
        Classifications = "classifications",
        EntryModes = "entry_modes",
        EntryPoints = "entry_points",
        Airlines = "airlines",
        TripReasons = "trip_reasons",
        TripSpecifications = "trip_specifications",
        MexicanStates = "mexican_states",
        PreregistrationVariants = "preregistration_variants",
    }
}

/// A catalog shipped as JSON, read once. The files are part of the build and checked by
/// the tests, so a file that does not parse shows as an empty catalog in them.
pub(crate) fn load<T: serde::de::DeserializeOwned>(
    cell: &'static OnceLock<Vec<T>>,
    json: &str,
) -> &'static [T] {
    cell.get_or_init(|| serde_json::from_str(json).unwrap_or_default())
}

/// All countries, sorted by Spanish name.
pub fn countries() -> &'static [Country] {
    static COUNTRIES: OnceLock<Vec<Country>> = OnceLock::new();
    load(&COUNTRIES, include_str!("../data/countries.json"))
}

/// One of the 32 federal entities, with its ISO 3166-2:MX code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MexicanState {
    pub code: String,
    pub name: String,
}

/// The 32 federal entities.
pub fn mexican_states() -> &'static [MexicanState] {
    static STATES: OnceLock<Vec<MexicanState>> = OnceLock::new();
    load(&STATES, include_str!("../data/mexican_states.json"))
}

/// The country with ISO alpha-3 `code`, if any.
pub fn country(code: &str) -> Option<&'static Country> {
    countries().iter().find(|c| c.alpha3 == code)
}

/// Whether `calling_code` is the calling code of at least one country.
pub fn is_known_calling_code(calling_code: &str) -> bool {
    !calling_code.is_empty() && countries().iter().any(|c| c.calling_code == calling_code)
}

crate::wire_code! {
    /// Sex as on the seed forms and the passport's machine readable zone; `x` is an
    /// extension for non-binary documents.
    pub enum Sex {
        Female = "female",
        Male = "male",
        X = "x",
    }
}

impl Sex {
    /// Its name for people, in `locale` (catalog `labels`).
    pub fn label(self, locale: crate::i18n::Locale) -> &'static str {
        use crate::i18n::labels as t;
        match self {
            Self::Female => t::sex_female(locale),
            Self::Male => t::sex_male(locale),
            Self::X => t::sex_x(locale),
        }
    }
}

/// Catalog entries of every code of a set, named in Spanish and English by `label`.
pub(crate) fn code_entries<T: WireCode>(
    codes: &[T],
    label: fn(T, crate::i18n::Locale) -> &'static str,
) -> Vec<CatalogEntry> {
    use crate::i18n::Locale;
    simple_entries(
        &codes
            .iter()
            .map(|code| {
                (
                    code.as_str(),
                    label(*code, Locale::Es),
                    label(*code, Locale::En),
                )
            })
            .collect::<Vec<_>>(),
    )
}

pub(crate) fn simple_entries(items: &[(&str, &str, &str)]) -> Vec<CatalogEntry> {
    items
        .iter()
        .map(|(code, es, en)| CatalogEntry {
            code: (*code).to_owned(),
            name_es: (*es).to_owned(),
            name_en: (*en).to_owned(),
            calling_code: None,
            group: None,
        })
        .collect()
}

/// The catalog called `name`.
pub fn catalog(name: CatalogName) -> Catalog {
    let entries = match name {
        CatalogName::Countries => countries()
            .iter()
            .map(|c| CatalogEntry {
                code: c.alpha3.clone(),
                name_es: c.name_es.clone(),
                name_en: c.name_en.clone(),
                calling_code: Some(c.calling_code.clone()).filter(|code| !code.is_empty()),
                group: None,
            })
            .collect(),
        CatalogName::Sexes => code_entries(Sex::ALL, Sex::label),
        CatalogName::Relationships => code_entries(Relationship::ALL, Relationship::label),
        CatalogName::DocumentTypes => code_entries(DocumentType::ALL, DocumentType::label),
        CatalogName::Classifications => code_entries(Classification::ALL, Classification::label),
        CatalogName::EntryModes
        | CatalogName::EntryPoints
        | CatalogName::Airlines
        | CatalogName::TripReasons
        | CatalogName::TripSpecifications
        | CatalogName::MexicanStates
        | CatalogName::PreregistrationVariants => crate::preregistrations::catalog_entries(name),
    };
    Catalog { name, entries }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_country_list_loads_and_has_colombia_and_mexico() {
        assert!(countries().len() > 240);
        let colombia = country("COL").map(|c| (c.name_es.as_str(), c.calling_code.as_str()));
        assert_eq!(colombia, Some(("Colombia", "+57")));
        assert_eq!(country("MEX").map(|c| c.name_es.as_str()), Some("México"));
        assert!(is_known_calling_code("+52"));
        assert!(!is_known_calling_code("+999"));
    }

    #[test]
    fn every_catalog_name_resolves() {
        for name in CatalogName::ALL {
            assert!(!catalog(*name).entries.is_empty(), "{name}");
        }
        assert!(CatalogName::parse("planets").is_none());
    }
}
