//! The offline console's trust anchor: the keys and revocations an officer's device keeps
//! come as one snapshot signed by the portal's trust root, whose public key the staff
//! page pins; a later snapshot has a larger sequence; only revocations still of use are in
//! it, named by digest.

use crate::browser_headers::built_web_app;
use crate::documents::get;
use crate::helpers::{TestApp, TestOptions, spawn_app_with};
use crate::officers::{approved, officer};
use portal_api::clock::Clock as _;
use portal_receipt_token::Verdict;
use portal_shared::officers::{
    RevocationReason, SignedSnapshot, VerificationSnapshot, receipt_reference,
};
use portal_shared::receipts::PublicKey;
use serde_json::json;

/// The trust root pinned in the page at `url`.
async fn pinned_root(app: &TestApp, url: &str) -> PublicKey {
    let page = app.client.get(url).send().await.unwrap();
    assert_eq!(page.status(), 200, "{url}");
    let html = page.text().await.unwrap();
    let start = html
        .find("<meta name=\"portal-trust-root\" content=\"")
        .unwrap_or_else(|| panic!("no pinned root in {url}: {html}"));
    let rest = &html[start + "<meta name=\"portal-trust-root\" content=\"".len()..];
    let x = &rest[..rest.find('"').unwrap()];
    portal_receipt_token::trust_root_from_x(x).expect("a valid Ed25519 key")
}

async fn snapshot(app: &TestApp, token: &str) -> (String, reqwest::header::HeaderMap) {
    let response = get(app, token, "/api/v1/verification-snapshot").await;
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    let signed: SignedSnapshot = response.json().await.unwrap();
    (signed.snapshot, headers)
}

fn verified(signed: &str, root: &PublicKey) -> VerificationSnapshot {
    portal_receipt_token::verify_snapshot(signed, std::slice::from_ref(root))
        .expect("signed by the pinned root")
}

#[tokio::test]
async fn the_staff_page_pins_the_root_that_signs_every_snapshot_and_sequences_grow() {
    let web = built_web_app();
    let app = spawn_app_with(TestOptions {
        static_dir: Some(web.path().to_path_buf()),
        ..TestOptions::default()
    })
    .await;
    let root = pinned_root(&app, &app.url("/oficial")).await;
    assert_eq!(pinned_root(&app, &app.url("/staff.html")).await, root);
    let public = app
        .client
        .get(app.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!public.contains("portal-trust-root"), "{public}");

    let officer = officer(&app).await;
    let (first, headers) = snapshot(&app, &officer).await;
    assert_eq!(headers["cache-control"], "no-store");
    let first = verified(&first, &root);
    let published = crate::submissions::published_keys(&app).await.keys;
    assert_eq!(first.keys, published);
    assert!(first.revocations.is_empty());
    // A receipt key is not the root: a snapshot is refused under the receipt keys.
    let (second, _) = snapshot(&app, &officer).await;
    assert!(portal_receipt_token::verify_snapshot(&second, &published).is_err());
    let second = verified(&second, &root);
    assert!(
        second.sequence > first.sequence,
        "a later snapshot is newer"
    );

    // The root's private half is sealed, readable by the owner only.
    let file = app.data_dir.path().join("keys/trust-root-ed25519.sealed");
    let sealed = std::fs::read_to_string(&file).unwrap();
    assert!(sealed.starts_with("v1.") && !sealed.contains("PRIVATE KEY"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    // Another server process on the same data folder pins and signs with the same root.
    let web_dir = web.path().display().to_string();
    let process = app
        .start_portal_process_with(&[("PORTAL_STATIC_DIR", web_dir.as_str())], None)
        .await;
    assert_eq!(
        pinned_root(&app, &format!("{}/oficial", process.address)).await,
        root
    );
    let from_process: SignedSnapshot = app
        .client
        .get(format!("{}/api/v1/verification-snapshot", process.address))
        .bearer_auth(&officer)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(verified(&from_process.snapshot, &root).sequence > second.sequence);
}

#[tokio::test]
async fn the_snapshot_holds_the_revocations_still_of_use_named_by_digest() {
    let web = built_web_app();
    let app = spawn_app_with(TestOptions {
        static_dir: Some(web.path().to_path_buf()),
        ..TestOptions::default()
    })
    .await;
    let root = pinned_root(&app, &app.url("/oficial")).await;
    let (traveler, id, old_qr) = approved(&app, "ana@example.com").await;
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
    // Two more: one whose arrival passed three days ago (its receipt fails the date check
    // anyway) and one recorded before arrival dates were kept.
    let today = portal_shared::dates::mexico_today(app.clock.now());
    let (past, undated) = (uuid::Uuid::new_v4(), uuid::Uuid::new_v4());
    for (preregistration, arrival) in [
        (past, today.checked_sub_days(chrono::Days::new(3))),
        (undated, None),
    ] {
        portal_persistence::revocations::insert(
            &app.db,
            preregistration,
            1,
            arrival,
            RevocationReason::Cancelled,
            app.clock.now(),
        )
        .await
        .unwrap();
    }

    let officer = officer(&app).await;
    let (signed, _) = snapshot(&app, &officer).await;
    let kept = verified(&signed, &root);
    let mut named: Vec<(String, u32)> = kept
        .revocations
        .iter()
        .map(|r| (r.receipt.clone(), r.revision))
        .collect();
    named.sort();
    let mut expected = vec![
        (receipt_reference(&id), 1),
        (receipt_reference(&undated.to_string()), 1),
    ];
    expected.sort();
    assert_eq!(named, expected);
    let payload = serde_json::to_string(&kept).unwrap();
    assert!(!payload.contains(&id), "no pre-registration id: {payload}");

    // The device refuses the superseded QR with the snapshot alone.
    let arrival =
        chrono::NaiveDate::parse_from_str(&crate::preregistrations::in_days(10), "%Y-%m-%d")
            .unwrap();
    assert_eq!(
        portal_receipt_token::check(&old_qr, &kept.keys, &kept.revocations, arrival).verdict,
        Verdict::Revoked(RevocationReason::Superseded)
    );

    // Ten days on, the superseded receipt's arrival window has passed: it drops out.
    app.clock.advance(chrono::Duration::days(12));
    let (later, _) = snapshot(&app, &officer).await;
    let later = verified(&later, &root);
    let names: Vec<&str> = later
        .revocations
        .iter()
        .map(|r| r.receipt.as_str())
        .collect();
    assert_eq!(names, vec![receipt_reference(&undated.to_string())]);
}
