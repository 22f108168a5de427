//! The committed `api-spec/openapi.json` must be what the code generates.

#[test]
fn the_committed_openapi_document_matches_what_the_code_generates() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../api-spec/openapi.json");
    let generated = portal_api::openapi::openapi_json();
    if std::env::var("UPDATE_OPENAPI").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &generated)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "api-spec/openapi.json differs from the code; run `make openapi` and commit the result"
    );
}

/// Whether `property` (or the non-null member of its `oneOf`) is an enum, inline or by
/// reference to a component schema.
fn lists_its_values(spec: &serde_json::Value, property: &serde_json::Value) -> bool {
    if property["enum"].is_array() {
        return true;
    }
    if let Some(reference) = property["$ref"].as_str() {
        let name = reference.trim_start_matches("#/components/schemas/");
        return spec["components"]["schemas"][name]["enum"].is_array();
    }
    if property["items"].is_object() {
        return lists_its_values(spec, &property["items"]);
    }
    property["oneOf"].as_array().is_some_and(|members| {
        members
            .iter()
            .filter(|member| member["type"] != "null")
            .all(|member| lists_its_values(spec, member))
    })
}

#[test]
fn every_property_that_holds_a_code_lists_its_values() {
    let spec: serde_json::Value =
        serde_json::from_str(&portal_api::openapi::openapi_json()).unwrap_or_default();
    // Names that say "a code from a closed set". Catalog data (countries, ports, airlines,
    // states, trip reasons) is open-ended data and travels as text with its catalog named.
    let code_like = |name: &str| {
        [
            "status",
            "kind",
            "variant",
            "outcome",
            "role",
            "sex",
            "reason",
            "action",
            "_type",
            "_mode",
            "delivery",
            "relationship",
            "classification",
            "code",
            "alg",
            "crv",
            "kty",
            "use",
        ]
        .iter()
        .any(|suffix| name.ends_with(suffix))
            // International calling codes come from the countries catalog.
            && !name.ends_with("country_code")
            && !name.ends_with("calling_code")
    };
    // Catalog data despite the name: any catalog's code, and the trip reasons (catalog
    // `trip_reasons`, data like the ports and airlines). What the scan read is text as
    // read, checked when the traveler registers the document.
    let not_codes = [
        ("CatalogEntry", "code"),
        ("TripInformation", "trip_reason"),
        ("ScanResult", "sex"),
        ("ScanResult", "classification"),
        // What a staff member types or is given at the second login step: secrets.
        ("SecondFactorRequest", "code"),
        ("TotpEnrollment", "qr_code"),
        // Citas catalog data: the offices and procedures of the data files, and a postal
        // code (SEPOMEX), open-ended like the ports.
        ("OfficeSummary", "code"),
        ("Procedure", "code"),
        ("WalkInProcedure", "code"),
        ("MexicanAddress", "postal_code"),
    ];
    let mut found = Vec::new();
    let schemas = spec["components"]["schemas"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    assert!(schemas.len() > 40, "the document has its schemas");
    for (schema, body) in &schemas {
        for (name, property) in body["properties"].as_object().into_iter().flatten() {
            if code_like(name)
                && !not_codes.contains(&(schema.as_str(), name.as_str()))
                && !lists_its_values(&spec, property)
            {
                found.push(format!("{schema}.{name}"));
            }
        }
    }
    assert!(
        found.is_empty(),
        "these properties hold codes but the document lists no values (make them a \
         `wire_code!` enum in portal-shared): {found:?}"
    );
}
