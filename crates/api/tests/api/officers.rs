//! The officer at the port of entry: checking receipts (signature, revocation, date),
//! recording the admission or refusal, the stamped FMM, key rotation, the audit log.

use crate::documents::get;
use crate::helpers::{TestApp, error_body, field_codes, spawn_app};
use crate::submissions::{history, published_keys, ready_to_submit, receipt_claims, submit};
use portal_documents::inspect::text_of;
use portal_domain::account::Role;
use portal_receipt_token::Verdict;
use portal_shared::officers::{
    EntryDecisionRequest, RevocationList, RevocationReason, receipt_reference,
};
use serde_json::{Value, json};

pub const STAFF_PASSWORD: &str = "Agente#2026";

/// Creates a staff account the way the operator command does and logs it in (an officer
/// at Cancún).
pub async fn staff(app: &TestApp, role: Role, email: &str, badge: &str) -> String {
    staff_at(app, role, email, badge, "CUN").await
}

/// As [`staff`], an officer at the port `port`.
pub async fn staff_at(app: &TestApp, role: Role, email: &str, badge: &str, port: &str) -> String {
    let mut args: Vec<String> = [
        "--email",
        email,
        "--given-names",
        "LUCÍA",
        "--surnames",
        "RAMÍREZ SOTO",
        "--birth-date",
        "1985-04-02",
        "--sex",
        "female",
        "--phone",
        "5512345678",
        "--password-stdin",
    ]
    .map(str::to_owned)
    .to_vec();
    if role == Role::Officer {
        args.extend(["--badge", badge, "--port", port].map(str::to_owned));
    }
    let branding = portal_mailer::Branding {
        portal_name: "Portal de Servicios".into(),
        public_url: app.address.clone(),
    };
    portal_api::operator::create_staff_command(&app.db, &branding, role, &args, || {
        Ok(STAFF_PASSWORD.to_owned())
    })
    .await
    .expect("staff account created");
    app.logged_in(email, STAFF_PASSWORD).await.0
}

pub async fn officer(app: &TestApp) -> String {
    staff(app, Role::Officer, "agente@inm.example.mx", "INM-0042").await
}

pub async fn inspect(app: &TestApp, token: &str, qr: &str) -> reqwest::Response {
    app.send_as(
        reqwest::Method::POST,
        "/api/v1/officer/inspections",
        token,
        &json!({ "token": qr }),
    )
    .await
}

/// The revocation list as an officer's device fetches it; `query` is `""` or `?since=…`.
async fn revocations(app: &TestApp, token: &str, query: &str) -> RevocationList {
    let response = get(app, token, &format!("/api/v1/revocations{query}")).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

/// Opens an inspection with `qr`, which must be accepted: its `inspection_id`.
pub async fn opened(app: &TestApp, token: &str, qr: &str) -> String {
    let response = inspect(app, token, qr).await;
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    body["inspection_id"].as_str().unwrap().to_owned()
}

/// Records a decision through the inspection `inspection_id`.
pub async fn decide(
    app: &TestApp,
    token: &str,
    inspection_id: &str,
    request: &EntryDecisionRequest,
) -> reqwest::Response {
    app.record_entry_decision(token, inspection_id, request)
        .await
}

/// An attachment read through the inspection `inspection_id`.
pub async fn attachment(
    app: &TestApp,
    token: &str,
    inspection_id: &str,
    kind: &str,
) -> reqwest::Response {
    get(
        app,
        token,
        &format!("/api/v1/officer/inspections/{inspection_id}/attachments/{kind}"),
    )
    .await
}

/// An admission for `days`.
fn admission(days: u32) -> EntryDecisionRequest {
    EntryDecisionRequest {
        outcome: "admitted".into(),
        authorized_days: Some(days),
        refusal_reason: None,
    }
}

/// A refusal for `reason`.
fn refusal(reason: &str) -> EntryDecisionRequest {
    EntryDecisionRequest {
        outcome: "refused".into(),
        authorized_days: None,
        refusal_reason: Some(reason.into()),
    }
}

/// An approved pre-registration arriving in 10 days: (traveler token, id, QR text).
pub async fn approved(app: &TestApp, email: &str) -> (String, String, String) {
    let (token, id) = ready_to_submit(app, email, &[]).await;
    assert_eq!(
        submit(app, &token, &id, Some("clave"), true).await.status(),
        201
    );
    let (_, qr, _) = receipt_claims(app, &token, &id).await;
    (token, id, qr)
}

async fn code(response: reqwest::Response) -> String {
    error_body(response).await["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn an_officer_checks_a_receipt_admits_the_traveler_and_the_fmm_is_stamped() {
    let app = spawn_app().await;
    let (traveler, id, qr) = approved(&app, "ana@example.com").await;
    let officer = officer(&app).await;

    // Ten days early: validly signed, but not for today, so nothing of it is shown.
    let early = inspect(&app, &officer, &qr).await;
    assert_eq!(early.status(), 409);
    assert_eq!(code(early).await, "receipt_not_for_today");

    app.clock.advance(chrono::Duration::days(10));
    let on_time = inspect(&app, &officer, &qr).await;
    assert_eq!(on_time.status(), 201);
    assert_eq!(on_time.headers()["cache-control"], "no-store");
    let on_time: Value = on_time.json().await.unwrap();
    assert_eq!(on_time["date_check"], "on_time");
    assert_eq!(on_time["status"], "approved");
    assert_eq!(on_time["preregistration_id"], id.as_str());
    assert_eq!(on_time["traveler"]["document_number"], "AB123456");
    assert_eq!(on_time["declared_stay_days"], 10);
    assert_eq!(on_time["attachments"].as_array().unwrap().len(), 2);
    let expires_in = on_time["expires_in"].as_u64().unwrap();
    assert!((890..=900).contains(&expires_in), "{expires_in}");
    let inspection = on_time["inspection_id"].as_str().unwrap().to_owned();
    let admit = admission;
    let attachment = attachment(&app, &officer, &inspection, "return_ticket").await;
    assert_eq!(attachment.status(), 200);
    assert_eq!(attachment.headers()["content-type"], "application/pdf");
    assert!(attachment.bytes().await.unwrap().starts_with(b"%PDF-"));

    let too_long = decide(&app, &officer, &inspection, &admit(181)).await;
    assert_eq!(
        field_codes(&error_body(too_long).await),
        vec![(
            "authorized_days".into(),
            "authorized_days_out_of_range".into()
        )]
    );
    let admitted = decide(&app, &officer, &inspection, &admit(12)).await;
    assert_eq!(admitted.status(), 200);
    assert_eq!(admitted.headers()["cache-control"], "no-store");
    let admitted: Value = admitted.json().await.unwrap();
    assert_eq!(admitted["status"], "admitted");
    assert_eq!(admitted["entry"]["authorized_days"], 12);
    assert_eq!(admitted["entry"]["officer_badge"], "INM-0042");
    assert_eq!(admitted["entry"]["port"], "CUN");

    let again = decide(&app, &officer, &inspection, &refusal("migration_alert")).await;
    assert_eq!(again.status(), 409);
    assert_eq!(code(again).await, "already_decided");

    // The traveler sees "internado" and downloads the stamped FMM.
    let listed = history(&app, &traveler).await;
    assert_eq!(listed[0]["history_status"], "admitted");
    assert_eq!(listed[0]["entry"]["authorized_days"], 12);
    assert_eq!(listed[0]["documents_available"], true);
    let fmm = get(
        &app,
        &traveler,
        &format!("/api/v1/preregistrations/{id}/fmm.pdf"),
    )
    .await;
    assert_eq!(fmm.status(), 200);
    let text = text_of(&fmm.bytes().await.unwrap()).unwrap();
    assert!(text.contains("INM · ADMITIDO"), "{text}");
    assert!(text.contains("CUN · Agente INM-0042"), "{text}");
    assert!(text.contains("12 DÍAS / DAYS"), "{text}");

    // Every read and the decision are in the audit log, for operators only.
    let operator =
        crate::officers::staff(&app, Role::Operator, "operadora@inm.example.mx", "").await;
    assert_eq!(get(&app, &officer, "/api/v1/audit").await.status(), 403);
    let audit: Value = get(
        &app,
        &operator,
        &format!("/api/v1/audit?preregistration={id}"),
    )
    .await
    .json()
    .await
    .unwrap();
    let actions: Vec<(&str, Option<&str>)> = audit["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["action"].as_str().unwrap(), e["subject"].as_str()))
        .collect();
    assert_eq!(
        actions,
        vec![
            ("admit", None),
            ("view_attachment", Some("return_ticket")),
            ("inspect_preregistration", None),
            ("invalid_inspection", None),
        ]
    );
    assert!(
        audit["events"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["actor_role"] == "officer")
    );
}

#[tokio::test]
async fn a_refusal_needs_a_reason_from_the_catalog_and_withdraws_the_documents() {
    let app = spawn_app().await;
    let (traveler, id, qr) = approved(&app, "ana@example.com").await;
    app.clock.advance(chrono::Duration::days(10));
    let officer = officer(&app).await;
    let inspection = opened(&app, &officer, &qr).await;
    let refuse = refusal;
    let unknown = decide(&app, &officer, &inspection, &refuse("no_reason_given")).await;
    assert_eq!(
        field_codes(&error_body(unknown).await),
        vec![("refusal_reason".into(), "unknown_option".into())]
    );
    let refused = decide(&app, &officer, &inspection, &refuse("insufficient_means")).await;
    assert_eq!(refused.status(), 200);
    let listed = history(&app, &traveler).await;
    assert_eq!(listed[0]["history_status"], "entry_refused");
    assert_eq!(listed[0]["entry"]["refusal_reason"], "insufficient_means");
    assert_eq!(listed[0]["documents_available"], false);
    let fmm = get(
        &app,
        &traveler,
        &format!("/api/v1/preregistrations/{id}/fmm.pdf"),
    )
    .await;
    assert_eq!(fmm.status(), 409);
}

#[tokio::test]
async fn the_old_qr_is_refused_after_a_flight_change_online_and_offline() {
    let app = spawn_app().await;
    let (_, id, old_qr) = approved(&app, "ana@example.com").await;
    // The day before arrival: the officer opens an inspection with the receipt in force.
    app.clock.advance(chrono::Duration::days(9));
    let (traveler, _) = app
        .logged_in("ana@example.com", crate::helpers::PASSWORD)
        .await;
    let officer = officer(&app).await;
    let before: RevocationList = revocations(&app, &officer, "").await;
    assert!(before.revocations.is_empty());
    let stale_inspection = opened(&app, &officer, &old_qr).await;

    let changed = app
        .send_as(
            reqwest::Method::PUT,
            &format!("/api/v1/preregistrations/{id}/flight"),
            &traveler,
            &json!({
                "carrier": "AM", "flight_number": "AM 711",
                "arrival_date": crate::preregistrations::in_days(11),
                "departure_date": crate::preregistrations::in_days(21),
            }),
        )
        .await;
    assert_eq!(changed.status(), 200);

    let old = inspect(&app, &officer, &old_qr).await;
    assert_eq!(old.status(), 409);
    assert_eq!(code(old).await, "receipt_revoked");
    let stale_decision = decide(
        &app,
        &officer,
        &stale_inspection,
        &refusal("migration_alert"),
    )
    .await;
    assert_eq!(code(stale_decision).await, "receipt_revoked");
    let stale_attachment = attachment(&app, &officer, &stale_inspection, "return_ticket").await;
    assert_eq!(code(stale_attachment).await, "receipt_revoked");

    // The traveler's current code (the same as the new receipt's QR) is accepted.
    let current: Value = get(
        &app,
        &traveler,
        &format!("/api/v1/preregistrations/{id}/receipt"),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(current["revision"], 2);
    let (_, new_qr, _) = receipt_claims(&app, &traveler, &id).await;
    assert_eq!(current["token"], new_qr.as_str());
    // Two days to the new arrival: not yet; the day before, it opens.
    assert_eq!(
        code(inspect(&app, &officer, &new_qr).await).await,
        "receipt_not_for_today"
    );
    app.clock.advance(chrono::Duration::days(1));
    let fresh = inspect(&app, &officer, &new_qr).await;
    assert_eq!(fresh.status(), 201);

    // Offline: the cached keys and revocation list refuse the old QR, accept the new.
    // The list names the receipt by a digest, never by the pre-registration id.
    let listed: RevocationList = revocations(&app, &officer, "").await;
    assert_eq!(listed.revocations.len(), 1);
    assert_eq!(listed.revocations[0].receipt, receipt_reference(&id));
    let listed_text = serde_json::to_string(&listed).unwrap();
    assert!(!listed_text.contains(&id), "{listed_text}");
    assert_eq!(listed.revocations[0].revision, 1);
    assert_eq!(listed.revocations[0].reason.as_str(), "superseded");
    let keys = published_keys(&app).await.keys;
    let arrival =
        chrono::NaiveDate::parse_from_str(&crate::preregistrations::in_days(11), "%Y-%m-%d")
            .unwrap();
    let offline =
        |qr: &str| portal_receipt_token::check(qr, &keys, &listed.revocations, arrival).verdict;
    assert_eq!(
        offline(&old_qr),
        Verdict::Revoked(RevocationReason::Superseded)
    );
    assert_eq!(offline(&new_qr), Verdict::Valid);

    // Asking again since the last answer brings nothing new.
    let since = revocations(
        &app,
        &officer,
        &format!("?since={}", urlencode(&listed.generated_at)),
    )
    .await;
    assert!(since.revocations.is_empty());
    let bad_since = get(&app, &officer, "/api/v1/revocations?since=yesterday").await;
    assert_eq!(bad_since.status(), 400);
}

fn urlencode(text: &str) -> String {
    text.replace('+', "%2B").replace(':', "%3A")
}

#[tokio::test]
async fn a_cancelled_pre_registration_is_revoked_and_cannot_be_admitted() {
    let app = spawn_app().await;
    let (token, first, first_qr) = approved(&app, "ana@example.com").await;
    // The same traveler pre-registers the same arrival again: the first is cancelled.
    let document = history(&app, &token).await[0]["document_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let second = crate::submissions::second_submission(&app, &token, &document).await;
    assert_ne!(second, first);

    let officer = officer(&app).await;
    let inspected = inspect(&app, &officer, &first_qr).await;
    assert_eq!(code(inspected).await, "receipt_revoked");
    app.clock.advance(chrono::Duration::days(10));
    assert_eq!(
        code(inspect(&app, &officer, &first_qr).await).await,
        "receipt_revoked"
    );
    let listed: RevocationList = revocations(&app, &officer, "").await;
    assert_eq!(listed.revocations.len(), 1);
    assert_eq!(listed.revocations[0].receipt, receipt_reference(&first));
    assert_eq!(listed.revocations[0].reason.as_str(), "cancelled");
}

#[tokio::test]
async fn tampered_truncated_and_foreign_tokens_are_refused() {
    use base64::Engine as _;
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let app = spawn_app().await;
    let (_, _, qr) = approved(&app, "ana@example.com").await;
    let officer = officer(&app).await;
    let parts: Vec<&str> = qr.split('.').collect();
    let mut claims: Value = serde_json::from_slice(&engine.decode(parts[1]).unwrap()).unwrap();
    claims["a"] = json!("2030-01-01");
    let tampered = format!(
        "{}.{}.{}",
        parts[0],
        engine.encode(claims.to_string()),
        parts[2]
    );
    let foreign_key = ed25519_dalek::SigningKey::from_bytes(&[9; 32]);
    let original: portal_shared::receipts::ReceiptClaims =
        serde_json::from_slice(&engine.decode(parts[1]).unwrap()).unwrap();
    let foreign = portal_receipt_token::sign(&original, &foreign_key);
    for bad in [
        tampered.as_str(),
        &qr[..qr.len() - 5],
        &qr[..qr.len() / 2],
        foreign.as_str(),
        "not a token",
        "",
    ] {
        let response = inspect(&app, &officer, bad).await;
        assert_eq!(response.status(), 422, "{bad}");
        assert_eq!(code(response).await, "receipt_invalid");
    }
    assert_eq!(
        app.count_where("audit_events", "action = 'inspect_preregistration'")
            .await,
        0,
        "nothing was read"
    );
    assert_eq!(
        app.count_where("audit_events", "action = 'invalid_inspection'")
            .await,
        6,
        "each invalid QR is on record"
    );
}

#[tokio::test]
async fn a_rotated_key_keeps_old_receipts_valid_until_it_is_retired() {
    let app = spawn_app().await;
    let (_, id, old_qr) = approved(&app, "ana@example.com").await;
    app.clock.advance(chrono::Duration::days(10));
    let (traveler, _) = app
        .logged_in("ana@example.com", crate::helpers::PASSWORD)
        .await;
    let officer = officer(&app).await;
    let old_kid = published_keys(&app).await.keys[0].kid.clone();

    let rotated = app.keys_command(&["rotate"]).await.unwrap();
    assert!(rotated.contains("now signs"), "{rotated}");
    let keys = published_keys(&app).await.keys;
    assert_eq!(keys.len(), 2);
    let new_kid = keys[0].kid.clone();
    assert_ne!(new_kid, old_kid);
    assert!(keys.iter().any(|k| k.kid == old_kid));

    // The receipt is now signed with the new key; the old one still verifies.
    let (_, new_qr, _) = receipt_claims(&app, &traveler, &id).await;
    assert_ne!(new_qr, old_qr);
    assert_eq!(inspect(&app, &officer, &old_qr).await.status(), 201);
    assert_eq!(inspect(&app, &officer, &new_qr).await.status(), 201);

    let refused = app.keys_command(&["retire", new_kid.as_str()]).await;
    assert!(refused.is_err(), "the signing key cannot be retired");
    app.keys_command(&["retire", old_kid.as_str()])
        .await
        .unwrap();
    let keys = published_keys(&app).await.keys;
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0].kid, new_kid);
    assert_eq!(
        code(inspect(&app, &officer, &old_qr).await).await,
        "receipt_invalid"
    );
    assert_eq!(inspect(&app, &officer, &new_qr).await.status(), 201);
}

#[tokio::test]
async fn staff_accounts_come_only_from_the_operator_command_with_checked_data() {
    let app = spawn_app().await;
    let branding = portal_mailer::Branding {
        portal_name: "Portal de Servicios".into(),
        public_url: app.address.clone(),
    };
    let create = |args: &[&str]| {
        let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
        let db = app.db.clone();
        let branding = branding.clone();
        async move {
            portal_api::operator::create_staff_command(&db, &branding, Role::Officer, &args, || {
                Ok("weak".to_owned())
            })
            .await
        }
    };
    let base = [
        "--email",
        "agente@inm.example.mx",
        "--given-names",
        "LUCÍA",
        "--surnames",
        "SOTO",
        "--birth-date",
        "1985-04-02",
        "--sex",
        "female",
        "--phone",
        "5512345678",
    ];
    let with = |extra: &[&'static str]| [&base[..], extra].concat();
    let bad_port = create(&with(&["--badge", "INM-1", "--port", "XXX"])).await;
    assert!(bad_port.unwrap_err().contains("--port"));
    let bad_badge = create(&with(&["--badge", "inm 1", "--port", "CUN"])).await;
    assert!(bad_badge.unwrap_err().contains("--badge"));
    let weak = create(&with(&[
        "--badge",
        "INM-1",
        "--port",
        "CUN",
        "--password-stdin",
    ]))
    .await;
    assert!(weak.unwrap_err().contains("password"));
    assert_eq!(app.count("accounts").await, 0, "nothing stored");

    // Without a password, the officer gets a link to choose one.
    let created = create(&with(&["--badge", "INM-1", "--port", "CUN"]))
        .await
        .unwrap();
    assert!(created.contains("officer account"), "{created}");
    let link = app
        .token_from_email("agente@inm.example.mx", "password_reset")
        .await;
    assert!(!link.is_empty());
    let duplicate = create(&with(&["--badge", "INM-2", "--port", "CUN"])).await;
    assert!(duplicate.unwrap_err().contains("email"));
}

#[tokio::test]
async fn the_public_sign_up_makes_travelers_only_whatever_the_request_says() {
    let app = spawn_app().await;
    let email = "quiere.ser.agente@example.com";
    let mut request = serde_json::to_value(crate::helpers::account_request(
        email,
        app.captcha_answer().await,
    ))
    .unwrap();
    request["role"] = json!("officer");
    assert_eq!(
        app.post_json("/api/v1/accounts", &request).await.status(),
        202
    );
    let token = app.token_from_email(email, "activation").await;
    assert_eq!(app.activate(&token).await.status(), 200);
    let (access, _) = app.logged_in(email, crate::helpers::PASSWORD).await;
    let me: Value = app.get_me(&access).await.json().await.unwrap();
    assert_eq!(me["role"], "traveler");
    assert_eq!(
        inspect(&app, &access, "x.y.z").await.status(),
        403,
        "a traveler cannot use the officer's check"
    );
}

#[tokio::test]
async fn the_revocation_list_comes_a_page_at_a_time_and_the_pages_add_up_to_the_whole() {
    let app = spawn_app().await;
    let officer = officer(&app).await;
    let at = chrono::Utc::now();
    for n in 0..25 {
        // Five share each instant: the row orders them.
        portal_persistence::revocations::insert(
            &app.db,
            uuid::Uuid::new_v4(),
            1,
            None,
            RevocationReason::Cancelled,
            at + chrono::Duration::milliseconds(n / 5),
        )
        .await
        .unwrap();
    }
    let whole = revocations(&app, &officer, "").await;
    assert_eq!(whole.revocations.len(), 25);
    assert_eq!(whole.next, None);

    let mut paged = Vec::new();
    let mut after: Option<String> = None;
    let mut pages = 0;
    loop {
        let query = match &after {
            Some(cursor) => format!("?limit=10&after={cursor}"),
            None => "?limit=10".to_owned(),
        };
        let page = revocations(&app, &officer, &query).await;
        pages += 1;
        assert!(page.revocations.len() <= 10);
        paged.extend(page.revocations);
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(paged, whole.revocations, "every revocation once, in order");

    let refused = get(&app, &officer, "/api/v1/revocations?after=garbage").await;
    assert_eq!(refused.status(), 400);
}

#[tokio::test]
async fn an_inspection_is_the_officers_own_for_fifteen_minutes_at_their_port_only() {
    let app = spawn_app().await;
    let (_, id, qr) = approved(&app, "ana@example.com").await;
    app.clock.advance(chrono::Duration::days(10));
    let officer = officer(&app).await;
    let elsewhere = staff_at(
        &app,
        Role::Officer,
        "agente.mex@inm.example.mx",
        "INM-0077",
        "MEX",
    )
    .await;

    // Arriving at Cancún: an officer at Mexico City's airport sees nothing of it.
    let other_port = inspect(&app, &elsewhere, &qr).await;
    assert_eq!(other_port.status(), 409);
    assert_eq!(code(other_port).await, "receipt_other_port");
    assert_eq!(
        app.count_where("audit_events", "action = 'invalid_inspection'")
            .await,
        1,
        "the refused try is on record"
    );

    // The pre-registration id alone opens nothing any more.
    for path in [
        format!("/api/v1/officer/preregistrations/{id}/attachments/return_ticket"),
        format!("/api/v1/officer/inspections/{id}/attachments/return_ticket"),
    ] {
        assert_eq!(get(&app, &officer, &path).await.status(), 404, "{path}");
    }
    assert_eq!(
        decide(&app, &officer, &id, &refusal("migration_alert"))
            .await
            .status(),
        404
    );
    let old_route = app
        .send_as(
            reqwest::Method::POST,
            &format!("/api/v1/officer/preregistrations/{id}/entry"),
            &officer,
            &refusal("migration_alert"),
        )
        .await;
    assert_eq!(old_route.status(), 404);

    // Another officer's inspection, even at the same port, is not theirs to use.
    let inspection = opened(&app, &officer, &qr).await;
    let colleague = staff(&app, Role::Officer, "colega@inm.example.mx", "INM-0078").await;
    assert_eq!(
        attachment(&app, &colleague, &inspection, "return_ticket")
            .await
            .status(),
        404
    );
    assert_eq!(
        decide(&app, &colleague, &inspection, &refusal("migration_alert"))
            .await
            .status(),
        404
    );
    assert_eq!(
        attachment(&app, &officer, "not-an-id", "return_ticket")
            .await
            .status(),
        404
    );
    assert_eq!(
        attachment(&app, &officer, &inspection, "return_ticket")
            .await
            .status(),
        200
    );

    // Fifteen minutes later it has expired: scan again.
    app.clock.advance(chrono::Duration::minutes(15));
    let late = attachment(&app, &officer, &inspection, "return_ticket").await;
    assert_eq!(late.status(), 409);
    assert_eq!(code(late).await, "inspection_expired");
    let late = decide(&app, &officer, &inspection, &admission(10)).await;
    assert_eq!(code(late).await, "inspection_expired");
    assert_eq!(
        app.count_where("preregistrations", "status = 'approved'")
            .await,
        1,
        "nothing was decided"
    );
    let again = opened(&app, &officer, &qr).await;
    assert_ne!(again, inspection);
    assert_eq!(
        decide(&app, &officer, &again, &admission(10))
            .await
            .status(),
        200
    );
}
