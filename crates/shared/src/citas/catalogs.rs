//! The Citas data files, each with its `version` (the date it was last changed), loaded once.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// A procedure (trámite migratorio) that is booked online.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Procedure {
    pub code: String,
    /// The seed's group (canje, renovación, cambio de condición, unidad familiar,
    /// reposición, notificación, permiso de trabajo).
    pub group: String,
    pub name_es: String,
    pub name_en: String,
    /// Whether the application asks for the NUE (the applicant already holds a resident card).
    pub requires_nue: bool,
    /// What to bring to the appointment.
    pub bring_es: Vec<String>,
    pub bring_en: Vec<String>,
}

/// A procedure done without appointment, listed for information.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct WalkInProcedure {
    pub code: String,
    pub name_es: String,
    pub name_en: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ProcedureCatalog {
    pub version: String,
    pub with_appointment: Vec<Procedure>,
    pub without_appointment: Vec<WalkInProcedure>,
}

/// Which procedures an office handles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum HandledProcedures {
    /// `"all"`: every procedure with appointment.
    All(AllProcedures),
    Only(Vec<String>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AllProcedures {
    All,
}

impl HandledProcedures {
    pub fn includes(&self, procedure: &str) -> bool {
        match self {
            Self::All(_) => true,
            Self::Only(codes) => codes.iter().any(|code| code == procedure),
        }
    }
}

/// An INM office that gives appointments, as published by the operator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeRecord {
    pub code: String,
    pub name: String,
    /// ISO 3166-2:MX code of its state (`JAL`).
    pub state: String,
    pub city: String,
    pub address: String,
    /// Whether `address` was checked against the INM's directory (else it names the city
    /// only, and the traveler is told to confirm it).
    pub address_verified: bool,
    /// IANA time zone (`America/Tijuana`): every time of the office is in it.
    pub time_zone: String,
    pub procedures: HandledProcedures,
    /// Opening hours by weekday (`mon` … `sun`), each a list of `["09:00", "14:30"]`.
    pub hours: BTreeMap<String, Vec<[String; 2]>>,
    pub slot_minutes: u32,
    /// Counters: how many people one time slot takes.
    pub seats_per_slot: u32,
    /// Whether the INM's own online system lists it (small offices such as Chapala and
    /// Melaque are missing there).
    pub listed_in_inm_system: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeCatalog {
    pub version: String,
    pub offices: Vec<OfficeRecord>,
}

/// An office as `GET /api/v1/citas/offices` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct OfficeSummary {
    pub code: String,
    pub name: String,
    /// ISO 3166-2:MX code of its state.
    pub state: String,
    pub city: String,
    pub address: String,
    /// False: `address` names the city only; the traveler confirms it with the office.
    pub address_verified: bool,
    /// IANA time zone: every time of the office is on its clock.
    pub time_zone: String,
    /// Codes of the procedures it handles.
    pub procedures: Vec<String>,
    /// False for the small offices the INM's own system leaves out (Chapala, Melaque).
    pub listed_in_inm_system: bool,
}

/// `GET /api/v1/citas/offices`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct OfficeList {
    pub version: String,
    pub offices: Vec<OfficeSummary>,
}

impl OfficeRecord {
    /// The listing of this office.
    pub fn summary(&self) -> OfficeSummary {
        OfficeSummary {
            code: self.code.clone(),
            name: self.name.clone(),
            state: self.state.clone(),
            city: self.city.clone(),
            address: self.address.clone(),
            address_verified: self.address_verified,
            time_zone: self.time_zone.clone(),
            procedures: procedures()
                .with_appointment
                .iter()
                .filter(|procedure| self.procedures.includes(&procedure.code))
                .map(|procedure| procedure.code.clone())
                .collect(),
            listed_in_inm_system: self.listed_in_inm_system,
        }
    }
}

/// How a public holiday falls in a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum HolidayRule {
    Fixed {
        month: u32,
        day: u32,
    },
    /// The `n`-th `weekday` (`mon` … `sun`) of `month`.
    NthWeekday {
        month: u32,
        weekday: String,
        n: u32,
    },
    /// Days from Easter Sunday (Gregorian).
    Easter {
        offset_days: i64,
    },
    /// `month`/`day` of `first_year` and every sixth year after it.
    EverySixYears {
        month: u32,
        day: u32,
        first_year: i32,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HolidayRecord {
    #[serde(flatten)]
    pub rule: HolidayRule,
    pub name_es: String,
    pub name_en: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HolidayCatalog {
    pub version: String,
    pub source: String,
    pub rules: Vec<HolidayRecord>,
}

fn load_one<T: serde::de::DeserializeOwned + Default>(
    cell: &'static OnceLock<T>,
    json: &str,
) -> &'static T {
    cell.get_or_init(|| serde_json::from_str(json).unwrap_or_default())
}

/// The 18 procedures with appointment and those without.
pub fn procedures() -> &'static ProcedureCatalog {
    static CATALOG: OnceLock<ProcedureCatalog> = OnceLock::new();
    load_one(&CATALOG, include_str!("../../data/citas/procedures.json"))
}

pub fn procedure(code: &str) -> Option<&'static Procedure> {
    procedures()
        .with_appointment
        .iter()
        .find(|procedure| procedure.code == code)
}

/// The offices as shipped; the operator publishes changes with `portal offices …`.
pub fn offices() -> &'static OfficeCatalog {
    static CATALOG: OnceLock<OfficeCatalog> = OnceLock::new();
    load_one(&CATALOG, include_str!("../../data/citas/offices.json"))
}

/// The public holidays on which every office closes.
pub fn holidays() -> &'static HolidayCatalog {
    static CATALOG: OnceLock<HolidayCatalog> = OnceLock::new();
    load_one(&CATALOG, include_str!("../../data/citas/holidays.json"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogs::mexican_states;

    #[test]
    fn there_are_eighteen_procedures_with_appointment_each_with_what_to_bring() {
        let catalog = procedures();
        assert_eq!(catalog.with_appointment.len(), 18);
        assert!(catalog.without_appointment.len() >= 6);
        for procedure in &catalog.with_appointment {
            assert!(!procedure.name_es.is_empty() && !procedure.name_en.is_empty());
            assert!(!procedure.bring_es.is_empty());
            assert_eq!(
                procedure.bring_es.len(),
                procedure.bring_en.len(),
                "{}",
                procedure.code
            );
        }
        let mut codes: Vec<_> = catalog.with_appointment.iter().map(|p| &p.code).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), 18, "codes are unique");
    }

    #[test]
    fn every_state_has_an_office_and_chapala_and_melaque_are_listed() {
        let catalog = offices();
        assert!(!catalog.version.is_empty());
        for state in mexican_states() {
            assert!(
                catalog
                    .offices
                    .iter()
                    .any(|office| office.state == state.code),
                "no office in {}",
                state.name
            );
        }
        for city in ["Chapala", "San Patricio Melaque"] {
            let office = catalog.offices.iter().find(|o| o.city == city);
            assert!(office.is_some_and(|o| !o.listed_in_inm_system), "{city}");
        }
        for office in &catalog.offices {
            assert!(office.time_zone.starts_with("America/"), "{}", office.code);
            assert!(office.seats_per_slot >= 1 && office.slot_minutes >= 5);
            assert!(office.procedures.includes("notificacion_domicilio"));
        }
    }

    #[test]
    fn the_holiday_rules_load() {
        let catalog = holidays();
        assert!(catalog.rules.len() >= 10);
        assert!(
            catalog
                .rules
                .iter()
                .any(|r| r.rule == HolidayRule::Easter { offset_days: -2 })
        );
    }
}
