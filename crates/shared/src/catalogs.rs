//! Catalogs shipped with the portal (see `data/README.md` for sources and licences).

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
    pub name: String,
    pub entries: Vec<CatalogEntry>,
}

/// Names accepted by `GET /api/v1/catalogs/{name}`.
pub const CATALOG_NAMES: [&str; 12] = [
    "countries",
    "sexes",
    "relationships",
    "document_types",
    "classifications",
    "entry_modes",
    "entry_points",
    "airlines",
    "trip_reasons",
    "trip_specifications",
    "mexican_states",
    "preregistration_variants",
];

const COUNTRIES_JSON: &str = include_str!("../data/countries.json");

/// All countries, sorted by Spanish name.
pub fn countries() -> &'static [Country] {
    static COUNTRIES: OnceLock<Vec<Country>> = OnceLock::new();
    COUNTRIES.get_or_init(|| serde_json::from_str(COUNTRIES_JSON).unwrap_or_default())
}

/// The country with ISO alpha-3 `code`, if any.
pub fn country(code: &str) -> Option<&'static Country> {
    countries().iter().find(|c| c.alpha3 == code)
}

/// Whether `calling_code` is the calling code of at least one country.
pub fn is_known_calling_code(calling_code: &str) -> bool {
    !calling_code.is_empty() && countries().iter().any(|c| c.calling_code == calling_code)
}

/// Sexes as on the seed forms; `x` is an extension for non-binary documents.
pub const SEXES: [(&str, &str, &str); 3] = [
    ("female", "Mujer", "Female"),
    ("male", "Hombre", "Male"),
    ("x", "No binario (X)", "Non-binary (X)"),
];

pub fn is_known_sex(code: &str) -> bool {
    SEXES.iter().any(|(c, _, _)| *c == code)
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

/// The catalog called `name`, if it exists.
pub fn catalog(name: &str) -> Option<Catalog> {
    let entries = match name {
        "countries" => countries()
            .iter()
            .map(|c| CatalogEntry {
                code: c.alpha3.clone(),
                name_es: c.name_es.clone(),
                name_en: c.name_en.clone(),
                calling_code: Some(c.calling_code.clone()).filter(|code| !code.is_empty()),
                group: None,
            })
            .collect(),
        "sexes" => simple_entries(&SEXES),
        "relationships" => simple_entries(&crate::documents::RELATIONSHIPS),
        "document_types" => simple_entries(&crate::documents::DOCUMENT_TYPES),
        "classifications" => simple_entries(&crate::documents::CLASSIFICATIONS),
        other => crate::preregistrations::catalog_entries(other)?,
    };
    Some(Catalog {
        name: name.to_owned(),
        entries,
    })
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
        for name in CATALOG_NAMES {
            assert!(
                catalog(name).is_some_and(|c| !c.entries.is_empty()),
                "{name}"
            );
        }
        assert!(catalog("planets").is_none());
    }
}
