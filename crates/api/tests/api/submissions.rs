//! Submitting a pre-registration: the decision, the receipt and FMM, the emails, the
//! history, flight changes and resending.

use crate::documents::{get, traveler};
use crate::helpers::{
    TestApp, TestOptions, answers_request, contacts_request, error_body, field_codes, read,
    spawn_app, spawn_app_with, trip_request,
};
use crate::preregistrations::{attach, draft, in_days, pdf, ready_for_attachments, start_request};
use portal_documents::inspect::{qr_text_of, text_of};
use portal_persistence::outbox::AttachmentContent;
use portal_shared::preregistrations::{Preregistration, SubmitPreregistrationRequest};
use portal_shared::receipts::{PublicKeys, ReceiptClaims};
use serde_json::{Value, json};

/// A variant III draft with every step saved (with `changes` to the clean answers) and
/// both required attachments.
pub async fn ready_to_submit(
    app: &TestApp,
    email: &str,
    changes: &[(&str, bool)],
) -> (String, String) {
    let (token, id) = ready_for_attachments(app, email).await;
    assert_eq!(
        app.save_control(&token, &id, &answers_request(changes))
            .await
            .status(),
        200
    );
    for kind in ["return_ticket", "lodging"] {
        let attached = attach(app, &token, &id, kind, &format!("{kind}.pdf"), pdf(kind)).await;
        assert_eq!(attached.status(), 200);
    }
    (token, id)
}

/// The submission with `key` as its `Idempotency-Key`, the terms accepted or not.
pub async fn submit(
    app: &TestApp,
    token: &str,
    id: &str,
    key: Option<&str>,
    accept: bool,
) -> reqwest::Response {
    let request = SubmitPreregistrationRequest {
        accept_terms: accept,
    };
    app.submit_preregistration(token, id, key, &request).await
}

/// The receipt-verifying keys the API publishes.
pub async fn published_keys(app: &TestApp) -> PublicKeys {
    app.client
        .get(app.url("/api/v1/keys"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

pub async fn history(app: &TestApp, token: &str) -> Vec<Value> {
    let response = get(app, token, "/api/v1/preregistrations").await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

/// The PDF attached as `file_name` to a delivered email in the file outbox (waits up to
/// 10 s for the worker).
async fn attached_pdf(app: &TestApp, file_name: &str) -> Vec<u8> {
    use base64::Engine as _;
    let outbox = app.data_dir.path().join("outbox");
    for _ in 0..100 {
        let messages = std::fs::read_dir(&outbox)
            .map(|entries| entries.filter_map(Result::ok).collect::<Vec<_>>())
            .unwrap_or_default();
        for message in messages {
            let text = std::fs::read_to_string(message.path()).unwrap_or_default();
            let Some(at) = text.find(&format!("filename=\"{file_name}\"")) else {
                continue;
            };
            let body_start = text[at..].find("\r\n\r\n").unwrap() + at + 4;
            let encoded: String = text[body_start..]
                .lines()
                .take_while(|line| !line.starts_with("--") && !line.is_empty())
                .collect();
            return base64::engine::general_purpose::STANDARD
                .decode(encoded)
                .unwrap();
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("no delivered email with {file_name}");
}

pub async fn receipt_claims(
    app: &TestApp,
    token: &str,
    id: &str,
) -> (ReceiptClaims, String, Vec<u8>) {
    let response = get(
        app,
        token,
        &format!("/api/v1/preregistrations/{id}/receipt.pdf"),
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/pdf");
    let pdf = response.bytes().await.unwrap().to_vec();
    let qr = qr_text_of(&pdf).expect("the receipt's QR decodes");
    let keys = published_keys(app).await;
    let claims = portal_receipt_token::verify(&qr, &keys.keys).expect("the QR verifies");
    (claims, qr, pdf)
}

#[tokio::test]
async fn an_approved_submission_issues_a_receipt_whose_qr_verifies_with_the_published_key() {
    let app = spawn_app().await;
    let (token, id) = ready_to_submit(&app, "ana@example.com", &[]).await;
    let response = submit(&app, &token, &id, Some("clave-1"), true).await;
    assert_eq!(response.status(), 201);
    let decided: Value = response.json().await.unwrap();
    assert_eq!(decided["status"], "approved");
    assert_eq!(decided["history_status"], "approved");
    assert_eq!(decided["decision"]["outcome"], "approved");
    assert_eq!(decided["decision"]["rule_version"], 1);
    assert_eq!(decided["decision"]["fired_rules"], json!([]));
    assert_eq!(decided["revision"], 1);
    assert_eq!(decided["documents_available"], true);
    assert_eq!(decided["email_delivery"], "pending");
    let listed: Vec<&str> = decided["attachments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["kind"].as_str().unwrap())
        .collect();
    assert_eq!(listed, ["return_ticket", "lodging"]);
    let folio = decided["folio"].as_str().unwrap().to_owned();
    assert!(folio.starts_with("PR-"));

    let (claims, token_in_qr, pdf) = receipt_claims(&app, &token, &id).await;
    assert_eq!(claims.preregistration_id, id);
    assert_eq!(claims.revision, 1);
    assert_eq!(claims.document_number, "AB123456");
    assert_eq!(claims.arrival_date.to_string(), in_days(10));
    assert_eq!(claims.flight_number, "AV 86");
    let text = text_of(&pdf).unwrap();
    for expected in [
        folio.as_str(),
        "AB123456",
        "MARÍA JOSÉ PÉREZ GÓMEZ",
        "Cancún",
    ] {
        assert!(
            text.to_uppercase().contains(&expected.to_uppercase()),
            "{expected} in {text}"
        );
    }
    // Rendered again from the stored data: the same bytes.
    let (_, _, again) = receipt_claims(&app, &token, &id).await;
    assert_eq!(again, pdf);

    // A token altered anywhere no longer verifies.
    let keys = published_keys(&app).await;
    let mut parts: Vec<String> = token_in_qr.split('.').map(str::to_owned).collect();
    let forged_claims = ReceiptClaims {
        arrival_date: claims.arrival_date + chrono::Days::new(30),
        ..claims.clone()
    };
    use base64::Engine as _;
    parts[1] = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(serde_json::to_vec(&forged_claims).unwrap());
    assert!(portal_receipt_token::verify(&parts.join("."), &keys.keys).is_err());

    let fmm = get(
        &app,
        &token,
        &format!("/api/v1/preregistrations/{id}/fmm.pdf"),
    )
    .await;
    assert_eq!(fmm.status(), 200);
    let fmm_text = text_of(&fmm.bytes().await.unwrap()).unwrap();
    for expected in [
        "FORMA MIGRATORIA MÚLTIPLE",
        "AB123456",
        "Colombia - COL",
        "20. Sello de salida",
    ] {
        assert!(fmm_text.contains(expected), "{expected} in the FMM");
    }

    // Two emails: the receipt with the PDF attached, and the FMM notice with its link.
    let emails = app.emails_to("ana@example.com").await;
    let receipt_email = emails
        .iter()
        .find(|e| e.kind == "preregistration_receipt")
        .unwrap();
    let attachment = receipt_email.attachment.as_ref().unwrap();
    assert_eq!(attachment.content_type, "application/pdf");
    assert_eq!(
        attachment.content,
        AttachmentContent::RenderedAtDelivery(format!("receipt:{id}"))
    );
    // The worker renders it when sending: the delivered message carries the same PDF.
    let attached = attached_pdf(&app, &format!("comprobante-{folio}.pdf")).await;
    assert_eq!(attached, pdf);
    let fmm_email = emails
        .iter()
        .find(|e| e.kind == "preregistration_fmm")
        .unwrap();
    assert!(fmm_email.body_text.contains("/pre-registro/historial"));

    // Submitted: the steps no longer change, and other accounts see nothing.
    assert_eq!(
        app.save_trip(&token, &id, &trip_request(11, 20))
            .await
            .status(),
        409
    );
    let luis = traveler(&app, "luis@example.com").await;
    assert_eq!(
        get(
            &app,
            &luis,
            &format!("/api/v1/preregistrations/{id}/receipt.pdf")
        )
        .await
        .status(),
        404
    );
    assert_eq!(
        get(
            &app,
            &luis,
            &format!("/api/v1/preregistrations/{id}/fmm.pdf")
        )
        .await
        .status(),
        404
    );
    assert_eq!(
        submit(&app, &luis, &id, Some("clave-1"), true)
            .await
            .status(),
        404
    );
    assert!(history(&app, &luis).await.is_empty());
}

#[tokio::test]
async fn a_refused_submission_gets_the_seed_message_and_blocks_the_document_for_three_hours() {
    let app = spawn_app().await;
    let (token, id) = ready_to_submit(&app, "ana@example.com", &[("deported", true)]).await;
    let response = submit(&app, &token, &id, Some("k"), true).await;
    assert_eq!(response.status(), 201);
    let decided: Value = response.json().await.unwrap();
    assert_eq!(decided["status"], "not_eligible");
    assert_eq!(
        decided["decision"]["message"],
        "La información proporcionada en este Pre-Registro no cumple con los requisitos solicitados para su internación."
    );
    assert_eq!(decided["decision"]["fired_rules"], json!(["deported"]));
    assert_eq!(decided["documents_available"], false);
    assert_eq!(
        get(
            &app,
            &token,
            &format!("/api/v1/preregistrations/{id}/receipt.pdf")
        )
        .await
        .status(),
        409
    );
    assert_eq!(
        get(
            &app,
            &token,
            &format!("/api/v1/preregistrations/{id}/fmm.pdf")
        )
        .await
        .status(),
        409
    );
    let emails = app.emails_to("ana@example.com").await;
    assert!(!emails.iter().any(|e| e.kind.starts_with("preregistration")));

    let document = decided["document_id"].as_str().unwrap().to_owned();
    let again = start_request(&document, None, None);
    let blocked = app.start_preregistration(&token, &again).await;
    assert_eq!(blocked.status(), 422);
    let retry_after: i64 = blocked.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((10_700..=10_800).contains(&retry_after), "{retry_after}");
    let body = error_body(blocked).await;
    assert_eq!(body["code"], "preregistration_blocked");

    app.clock.advance(chrono::Duration::minutes(179));
    assert_eq!(
        app.start_preregistration(&token, &again).await.status(),
        422
    );
    app.clock.advance(chrono::Duration::minutes(2));
    assert_eq!(
        app.start_preregistration(&token, &again).await.status(),
        201
    );
}

#[tokio::test]
async fn twenty_identical_submissions_at_once_decide_once() {
    let app = spawn_app().await;
    let (token, id) = ready_to_submit(&app, "ana@example.com", &[]).await;
    let requests = (0..20).map(|_| submit(&app, &token, &id, Some("doble-clic-7"), true));
    let responses = futures_util::future::join_all(requests).await;
    let mut statuses: Vec<u16> = responses.iter().map(|r| r.status().as_u16()).collect();
    statuses.sort_unstable();
    assert_eq!(statuses[0], 200);
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        19,
        "{statuses:?}"
    );
    let mut decisions = Vec::new();
    for response in responses {
        let body: Value = response.json().await.unwrap();
        decisions.push((
            body["status"].clone(),
            body["decision"]["decided_at"].clone(),
        ));
    }
    decisions.dedup();
    assert_eq!(decisions.len(), 1, "every answer shows the one decision");
    assert_eq!(app.count("preregistrations").await, 1);
    let emails = app.emails_to("ana@example.com").await;
    assert_eq!(
        emails
            .iter()
            .filter(|e| e.kind.starts_with("preregistration"))
            .count(),
        2
    );

    let other_key = submit(&app, &token, &id, Some("otra"), true).await;
    assert_eq!(other_key.status(), 409);
    assert_eq!(error_body(other_key).await["code"], "already_submitted");
    let no_key = submit(&app, &token, &id, None, true).await;
    assert_eq!(no_key.status(), 400);
    assert_eq!(error_body(no_key).await["code"], "idempotency_key_required");
}

#[tokio::test]
async fn a_submission_needs_the_terms_every_step_and_the_required_attachments() {
    let app = spawn_app().await;
    let (early_token, _, early_id) = draft(&app, "temprano@example.com").await;
    let early = submit(&app, &early_token, &early_id, Some("a"), true).await;
    assert_eq!(
        field_codes(&error_body(early).await),
        vec![("trip".into(), "step_not_saved".into())]
    );

    let (token, id) = ready_for_attachments(&app, "ana@example.com").await;
    let no_terms = submit(&app, &token, &id, Some("b"), false).await;
    assert_eq!(
        field_codes(&error_body(no_terms).await),
        vec![("accept_terms".into(), "terms_not_accepted".into())]
    );
    attach(&app, &token, &id, "return_ticket", "boleto.pdf", pdf("ida")).await;
    let missing = submit(&app, &token, &id, Some("c"), true).await;
    assert_eq!(missing.status(), 422);
    assert_eq!(
        field_codes(&error_body(missing).await),
        vec![("attachments.lodging".into(), "attachment_required".into())]
    );
    let still_draft: Value = get(&app, &token, &format!("/api/v1/preregistrations/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(still_draft["status"], "draft");
    assert_eq!(still_draft["decision"], Value::Null);

    // After logging out, the token no longer submits (401, not 404), even for a valid draft.
    attach(&app, &token, &id, "lodging", "hotel.pdf", pdf("hotel")).await;
    let logout = app.delete_as("/api/v1/sessions/current", &token).await;
    assert!(logout.status().is_success());
    assert_eq!(
        submit(&app, &token, &id, Some("d"), true).await.status(),
        401
    );
}

/// Submits a second pre-registration of `document` with the same arrival date as
/// [`ready_to_submit`]'s; returns its id.
pub async fn second_submission(app: &TestApp, token: &str, document: &str) -> String {
    let second_draft: Preregistration = read(
        app.start_preregistration(token, &start_request(document, None, None))
            .await,
        201,
    )
    .await;
    let second = second_draft.id;
    assert_eq!(
        app.save_trip(token, &second, &trip_request(10, 15))
            .await
            .status(),
        200
    );
    assert_eq!(
        app.save_additional(token, &second, &contacts_request())
            .await
            .status(),
        200
    );
    assert_eq!(
        app.save_control(token, &second, &answers_request(&[]))
            .await
            .status(),
        200
    );
    for kind in ["return_ticket", "lodging"] {
        attach(app, token, &second, kind, "f.pdf", pdf(kind)).await;
    }
    assert_eq!(
        submit(app, token, &second, Some("second"), true)
            .await
            .status(),
        201
    );
    second
}

#[tokio::test]
async fn a_new_approval_with_the_same_arrival_date_cancels_the_earlier_one() {
    let app = spawn_app().await;
    let (token, first) = ready_to_submit(&app, "ana@example.com", &[]).await;
    assert_eq!(
        submit(&app, &token, &first, Some("1"), true).await.status(),
        201
    );
    let document = history(&app, &token).await[0]["document_id"]
        .as_str()
        .unwrap()
        .to_owned();

    // Same document, same arrival date.
    let second = second_submission(&app, &token, &document).await;
    assert_ne!(second, first);

    let listed = history(&app, &token).await;
    let status_of = |id: &str| {
        listed.iter().find(|p| p["id"] == id).unwrap()["history_status"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(status_of(&first), "cancelled");
    assert_eq!(status_of(&second), "approved");
    assert_eq!(
        get(
            &app,
            &token,
            &format!("/api/v1/preregistrations/{first}/receipt.pdf")
        )
        .await
        .status(),
        409
    );

    // A cancelled one keeps no documents and takes no changes.
    let change = app.send_as(reqwest::Method::PUT, &format!("/api/v1/preregistrations/{first}/flight"), &token, &json!({"carrier": "AV", "flight_number": "AV 1", "arrival_date": in_days(11), "departure_date": in_days(15)})).await;
    assert_eq!(change.status(), 409);
    assert_eq!(
        error_body(change).await["code"],
        "flight_change_not_allowed"
    );
    assert_eq!(resend(&app, &token, &first).await.status(), 409);
}

#[tokio::test]
async fn a_flight_change_issues_the_next_receipt_revision() {
    let app = spawn_app().await;
    let (token, id) = ready_to_submit(&app, "ana@example.com", &[]).await;
    assert_eq!(
        submit(&app, &token, &id, Some("1"), true).await.status(),
        201
    );
    let (old_claims, _, _) = receipt_claims(&app, &token, &id).await;

    let change = |body: Value| {
        let app = &app;
        let token = token.clone();
        let id = id.clone();
        async move {
            app.send_as(
                reqwest::Method::PUT,
                &format!("/api/v1/preregistrations/{id}/flight"),
                &token,
                &body,
            )
            .await
        }
    };
    let backwards = change(json!({
        "carrier": "AM", "flight_number": "AM 711",
        "arrival_date": in_days(12), "departure_date": in_days(11),
    }))
    .await;
    assert_eq!(
        field_codes(&error_body(backwards).await),
        vec![(
            "departure_date".into(),
            "departure_not_after_arrival".into()
        )]
    );

    let changed = change(json!({
        "carrier": "AM", "flight_number": "AM 711",
        "arrival_date": in_days(12), "departure_date": in_days(22),
    }))
    .await;
    assert_eq!(changed.status(), 200);
    let body: Value = changed.json().await.unwrap();
    assert_eq!(body["revision"], 2);
    assert_eq!(body["trip"]["flight_number"], "AM 711");
    assert_eq!(
        body["trip"]["entry_point"], "CUN",
        "only the flight data change"
    );

    let (new_claims, _, _) = receipt_claims(&app, &token, &id).await;
    assert_eq!(new_claims.revision, 2);
    assert_eq!(new_claims.flight_number, "AM 711");
    assert_eq!(new_claims.arrival_date.to_string(), in_days(12));
    assert!(
        old_claims.revision < new_claims.revision,
        "the old QR names a superseded revision"
    );
    let receipts = app
        .emails_to("ana@example.com")
        .await
        .into_iter()
        .filter(|e| e.kind == "preregistration_receipt")
        .count();
    assert_eq!(receipts, 2, "the new receipt is emailed");
}

#[tokio::test]
async fn the_history_marks_passed_arrivals_as_no_longer_available() {
    let app = spawn_app().await;
    let (token, id) = ready_to_submit(&app, "ana@example.com", &[]).await;
    assert_eq!(
        submit(&app, &token, &id, Some("1"), true).await.status(),
        201
    );
    assert_eq!(history(&app, &token).await[0]["history_status"], "approved");
    app.clock.advance(chrono::Duration::days(11));
    let listed = history(&app, &token).await;
    assert_eq!(listed[0]["history_status"], "unavailable");
    assert_eq!(listed[0]["documents_available"], false);
    assert_eq!(
        get(
            &app,
            &token,
            &format!("/api/v1/preregistrations/{id}/receipt.pdf")
        )
        .await
        .status(),
        409
    );
}

async fn delivery(app: &TestApp, token: &str, id: &str) -> Value {
    get(app, token, &format!("/api/v1/preregistrations/{id}"))
        .await
        .json::<Value>()
        .await
        .unwrap()["email_delivery"]
        .clone()
}

/// The `email_delivery` of the pre-registration once it is `wanted`, or the last one seen
/// after 10 s.
async fn delivery_within_10s(app: &TestApp, token: &str, id: &str, wanted: &str) -> Value {
    let mut state = Value::Null;
    for _ in 0..100 {
        state = delivery(app, token, id).await;
        if state == wanted {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    state
}

async fn resend(app: &TestApp, token: &str, id: &str) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/api/v1/preregistrations/{id}/resend")))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn resending_while_delivery_fails_queues_no_duplicates() {
    // An SMTP port where nothing listens: every delivery fails.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let app = spawn_app_with(TestOptions {
        smtp_port: Some(port),
        ..TestOptions::default()
    })
    .await;
    let (token, id) = ready_to_submit(&app, "ana@example.com", &[]).await;
    assert_eq!(
        submit(&app, &token, &id, Some("1"), true).await.status(),
        201
    );
    assert_eq!(
        delivery_within_10s(&app, &token, &id, "failing").await,
        "failing"
    );
    let before = app.count("outbox_emails").await;
    for _ in 0..3 {
        assert_eq!(resend(&app, &token, &id).await.status(), 202);
    }
    assert_eq!(
        app.count("outbox_emails").await,
        before,
        "pending emails are retried, not copied"
    );
}

#[tokio::test]
async fn resending_delivered_emails_queues_one_new_copy_of_each() {
    let app = spawn_app().await;
    let (token, id) = ready_to_submit(&app, "ana@example.com", &[]).await;
    assert_eq!(
        submit(&app, &token, &id, Some("1"), true).await.status(),
        201
    );
    assert_eq!(delivery_within_10s(&app, &token, &id, "sent").await, "sent");
    assert_eq!(resend(&app, &token, &id).await.status(), 202);
    let copies = app
        .emails_to("ana@example.com")
        .await
        .into_iter()
        .filter(|e| e.kind.starts_with("preregistration"))
        .count();
    assert_eq!(copies, 4);
}

#[tokio::test]
async fn rules_published_by_the_operator_decide_later_submissions_and_are_recorded() {
    let app = spawn_app().await;
    let show = portal_api::operator::rules_command(&app.db, &["show".to_owned()])
        .await
        .unwrap();
    assert!(show.starts_with("// version 1"), "{show}");

    let file = app.data_dir.path().join("rules.json");
    std::fs::write(
        &file,
        r#"{"rules":[{"code":"long_stay","description":"Stays over 5 days need review",
            "when":{"kind":"stay_longer_than","days":5}}]}"#,
    )
    .unwrap();
    let path = file.display().to_string();
    let bad = app.data_dir.path().join("bad.json");
    std::fs::write(&bad, r#"{"rules":[{"code":"x","description":"","when":{"kind":"control_answer","question":"nope","answer":true}}]}"#).unwrap();
    let refused = portal_api::operator::rules_command(
        &app.db,
        &[
            "publish".to_owned(),
            bad.display().to_string(),
            "typo".to_owned(),
        ],
    )
    .await;
    assert!(refused.unwrap_err().contains("unknown control question"));
    let published = portal_api::operator::rules_command(
        &app.db,
        &["publish".to_owned(), path, "Review long stays".to_owned()],
    )
    .await
    .unwrap();
    assert_eq!(published, "version 2 in force");

    // trip(10, 20): a 10-day stay.
    let (token, id) = ready_to_submit(&app, "ana@example.com", &[]).await;
    let decided: Value = submit(&app, &token, &id, Some("1"), true)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(decided["status"], "not_eligible");
    assert_eq!(decided["decision"]["rule_version"], 2);
    assert_eq!(decided["decision"]["fired_rules"], json!(["long_stay"]));
    let history = portal_api::operator::rules_command(&app.db, &["history".to_owned()])
        .await
        .unwrap();
    assert!(history.contains("Review long stays") && history.contains("Initial rules"));
}
