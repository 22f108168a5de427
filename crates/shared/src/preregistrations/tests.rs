//! Unit tests of the Pre-Registro rules and catalogs.

use super::*;
use crate::catalogs::CatalogName;
use chrono::{Days, NaiveDate};

mod wizard {
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
        for question in control_questions() {
            control
                .answers
                .insert(question.code.clone(), question.code == "return_ticket");
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
        assert_eq!(mexican_states().len(), 32);
        assert_eq!(entry_points().len(), 43);
        assert_eq!(airlines().len(), 14);
        assert_eq!(control_questions().len(), 7);
        for mode in EntryMode::ALL {
            assert!(entry_points().iter().any(|p| p.mode == *mode), "{mode}");
        }
        for reason in trip_reasons() {
            assert!(
                trip_specifications()
                    .iter()
                    .any(|s| s.reason == reason.code),
                "{}",
                reason.code
            );
        }
        for specification in trip_specifications() {
            assert!(
                trip_reasons()
                    .iter()
                    .any(|r| r.code == specification.reason),
                "{}",
                specification.code
            );
        }
        let mut codes: Vec<&str> = entry_points().iter().map(|p| p.code.as_str()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), entry_points().len());
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

mod exit_type {
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

mod names {
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
