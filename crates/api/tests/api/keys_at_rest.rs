//! Receipt signing keys at rest: sealed under a key-encryption key kept outside the
//! database, published from their public halves, re-wrapped on rotation; the data folder
//! and its files readable by the owner only.

use crate::helpers::{TestApp, TestOptions, spawn_app, spawn_app_with};
use crate::officers::approved;
use crate::submissions::{published_keys, receipt_claims};
use portal_api::keys::sealing::KeyEncryptionKeys;
use portal_persistence::ConnectionTrait;
use portal_persistence::receipt_keys;

/// The receipt's QR text as another server process signs it.
async fn receipt_code_from(
    app: &TestApp,
    process: &crate::helpers::PortalProcess,
    token: &str,
    id: &str,
) -> reqwest::Response {
    app.client
        .get(format!(
            "{}/api/v1/preregistrations/{id}/receipt",
            process.address
        ))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

async fn stored_keys(app: &TestApp) -> Vec<receipt_keys::StoredKey> {
    receipt_keys::all(&app.db).await.unwrap()
}

#[tokio::test]
async fn receipt_private_keys_are_stored_sealed_never_in_the_clear() {
    let app = spawn_app().await;
    app.keys_command(&["rotate"]).await.unwrap();
    let keys = stored_keys(&app).await;
    assert_eq!(keys.len(), 2);
    for key in keys {
        assert!(
            key.private_key_sealed.starts_with("v1."),
            "{} is sealed",
            key.key_id
        );
        assert!(!key.private_key_sealed.contains("PRIVATE KEY"));
    }
    // The sealed keys sign: a receipt's QR verifies with the published key.
    let (token, id, _) = approved(&app, "ana@example.com").await;
    receipt_claims(&app, &token, &id).await;
}

#[tokio::test]
async fn a_key_an_earlier_version_stored_in_the_clear_is_sealed_at_start_and_still_verifies() {
    let app = spawn_app().await;
    let (token, id, old_qr) = approved(&app, "ana@example.com").await;
    // Put the key back as an earlier version stored it: plain PKCS#8 PEM.
    let keks = portal_api::keys::load_key_encryption_keys(&app.settings()).unwrap();
    let stored = stored_keys(&app).await.remove(0);
    let key = portal_api::keys::signer::open_key(&keks, &stored.key_id, &stored.private_key_sealed)
        .unwrap();
    let pem = ed25519_dalek::pkcs8::EncodePrivateKey::to_pkcs8_pem(
        &key,
        ed25519_dalek::pkcs8::spki::der::pem::LineEnding::LF,
    )
    .unwrap()
    .to_string();
    assert!(
        receipt_keys::replace_sealed(&app.db, &stored.key_id, &stored.private_key_sealed, pem)
            .await
            .unwrap()
    );

    // A server starting on this database seals it before it signs anything.
    let process = app.start_portal_process().await;
    let resealed = stored_keys(&app).await.remove(0);
    assert!(resealed.private_key_sealed.starts_with("v1."));
    assert_eq!(resealed.key_id, stored.key_id);
    let response = receipt_code_from(&app, &process, &token, &id).await;
    assert_eq!(response.status(), 200);
    let (_, qr, _) = receipt_claims(&app, &token, &id).await;
    assert_eq!(qr, old_qr, "the same key signs the same receipt");
}

#[tokio::test]
async fn published_keys_come_from_the_public_halves_alone() {
    let app = spawn_app().await;
    let before = published_keys(&app).await.keys;
    app.db
        .execute_unprepared("UPDATE receipt_signing_keys SET private_key_sealed = 'unreadable'")
        .await
        .unwrap();
    let after = published_keys(&app).await.keys;
    assert_eq!(
        after, before,
        "the private half is not opened to publish a key"
    );
}

#[tokio::test]
async fn a_new_key_encryption_key_rewraps_every_key_and_the_old_one_can_go() {
    let old = KeyEncryptionKeys::generate();
    let new = KeyEncryptionKeys::generate();
    let app = spawn_app_with(TestOptions {
        settings: vec![("PORTAL_KEY_ENCRYPTION_KEYS", old.clone())],
        ..TestOptions::default()
    })
    .await;
    let (token, id, qr) = approved(&app, "ana@example.com").await;
    crate::officers::officer(&app).await; // sets up an authenticator: its secret is sealed too
    let old_id = KeyEncryptionKeys::parse(&old)
        .unwrap()
        .current_id()
        .to_owned();
    assert!(
        stored_keys(&app).await[0]
            .private_key_sealed
            .starts_with(&format!("v1.{old_id}."))
    );

    let both = KeyEncryptionKeys::parse(&format!("{new}\n{old}")).unwrap();
    let printed = portal_api::keys::keys_command(&app.db, &both, app.data_dir.path(), &["rewrap"])
        .await
        .unwrap();
    assert!(printed.starts_with("4 keys re-wrapped"), "{printed}");
    let new_id = both.current_id().to_owned();
    assert!(
        stored_keys(&app).await[0]
            .private_key_sealed
            .starts_with(&format!("v1.{new_id}."))
    );

    // A server given only the new key signs the same receipt.
    let process = app
        .start_portal_process_with(&[("PORTAL_KEY_ENCRYPTION_KEYS", new.as_str())], None)
        .await;
    let response = receipt_code_from(&app, &process, &token, &id).await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["token"], qr.as_str());
    // …and opens the officer's authenticator secret.
    let login = app
        .client
        .post(format!("{}/api/v1/sessions", process.address))
        .json(&serde_json::json!({ "email": "agente@inm.example.mx", "password": crate::officers::STAFF_PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 202);
    let challenge: portal_shared::sessions::SecondFactorChallenge = login.json().await.unwrap();
    let code = app.authenticator_code("agente@inm.example.mx", &challenge);
    let second = app
        .client
        .post(format!("{}/api/v1/sessions/second-factor", process.address))
        .json(&serde_json::json!({ "challenge": challenge.challenge, "code": code }))
        .send()
        .await
        .unwrap();
    assert_eq!(second.status(), 200, "the re-sealed secret opens");

    // And one given only the old key cannot open the signing key at all.
    let only_old = KeyEncryptionKeys::parse(&old).unwrap();
    let signer = portal_api::keys::signer::DatabaseSigner::new(app.db.clone(), only_old.into());
    let claims = portal_receipt_token::verify(&qr, &published_keys(&app).await.keys).unwrap();
    assert!(
        portal_api::keys::signer::sign_receipt(&signer, &claims)
            .await
            .is_err()
    );
}

#[cfg(unix)]
#[tokio::test]
async fn the_data_folder_and_its_files_are_readable_by_their_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let app = spawn_app().await;
    app.create_account("ana@example.com").await;
    let outbox = app.data_dir.path().join("outbox");
    for _ in 0..100 {
        let written = std::fs::read_dir(&outbox)
            .map(|entries| entries.count() > 0)
            .unwrap_or(false);
        if written {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let mut checked = Vec::new();
    let mut pending = vec![app.data_dir.path().to_path_buf()];
    while let Some(path) = pending.pop() {
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        if path.is_dir() {
            assert_eq!(mode, 0o700, "{}", path.display());
            pending.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        } else {
            assert_eq!(mode & 0o077, 0, "{} is {mode:o}", path.display());
        }
        checked.push(path);
    }
    let names: Vec<String> = checked
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    for expected in [
        "access-token-ed25519.sealed",
        "key-encryption.keys",
        "outbox",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} in {names:?}"
        );
    }
    assert!(names.iter().any(|n| n.ends_with(".eml")), "{names:?}");
}

#[tokio::test]
async fn the_access_token_key_is_sealed_too_and_a_plain_one_from_before_is_sealed_at_start() {
    let app = spawn_app().await;
    let keys = app.data_dir.path().join("keys");
    let sealed = std::fs::read_to_string(keys.join("access-token-ed25519.sealed")).unwrap();
    assert!(sealed.starts_with("v1.") && !sealed.contains("PRIVATE KEY"));
    assert!(!keys.join("signing-ed25519.pem").exists());

    // As an earlier version left it: the same key, in the clear.
    let pem = app.access_token_key_pem();
    std::fs::remove_file(keys.join("access-token-ed25519.sealed")).unwrap();
    std::fs::write(keys.join("signing-ed25519.pem"), &pem).unwrap();
    let process = app.start_portal_process().await;
    assert!(
        !keys.join("signing-ed25519.pem").exists(),
        "the plain file is gone"
    );
    assert!(keys.join("access-token-ed25519.sealed").exists());
    assert_eq!(app.access_token_key_pem(), pem, "the same key, now sealed");
    // Tokens the in-process server issued still verify on the restarted one.
    app.active_account("ana@example.com").await;
    let (access, _) = app
        .logged_in("ana@example.com", crate::helpers::PASSWORD)
        .await;
    let me = app
        .client
        .get(format!("{}/api/v1/me", process.address))
        .bearer_auth(&access)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);
}
