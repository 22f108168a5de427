use crate::helpers::{PASSWORD, error_body, field_codes, refresh_cookie_value, spawn_app};
use base64::Engine;
use serde_json::{Value, json};

#[tokio::test]
async fn login_gives_a_short_lived_access_token_and_a_protected_refresh_cookie() {
    let app = spawn_app().await;
    app.active_account("ana@example.com").await;
    let response = app.login("Ana@Example.com", PASSWORD).await;
    assert_eq!(response.status(), 200);
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("__Secure-portal_refresh="))
        .expect("refresh cookie");
    for attribute in [
        "HttpOnly",
        "Secure",
        "SameSite=Strict",
        "Path=/api/v1/sessions",
    ] {
        assert!(
            cookie.contains(attribute),
            "{attribute} missing in {cookie}"
        );
    }
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["token_type"], "Bearer");
    assert!(body["expires_in"].as_u64().unwrap() <= 900);
    let token = body["access_token"].as_str().unwrap();
    let header = token.split('.').next().unwrap();
    let header: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(header)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(header["alg"], "EdDSA");
    let claims = token.split('.').nth(1).unwrap();
    let claims: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(claims)
            .unwrap(),
    )
    .unwrap();
    let lifetime = claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap();
    assert!(
        (1..=900).contains(&lifetime),
        "access tokens live at most 15 minutes: {lifetime}"
    );

    let me: Value = app.get_me(token).await.json().await.unwrap();
    assert_eq!(me["email"], "ana@example.com");
    assert_eq!(me["given_names"], "María José");
    assert_eq!(me["nationality"], "COL");
    assert_eq!(me["birth_date"], "1990-05-17");
    assert!(me.get("password_hash").is_none());
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_get_the_same_401() {
    let app = spawn_app().await;
    app.active_account("ana@example.com").await;
    let wrong = app.login("ana@example.com", "Viaje2026?").await;
    assert_eq!(wrong.status(), 401);
    let wrong = error_body(wrong).await;
    let unknown = app.login("nadie@example.com", PASSWORD).await;
    assert_eq!(unknown.status(), 401);
    assert_eq!(wrong, error_body(unknown).await);
    assert_eq!(wrong["code"], "invalid_credentials");
}

#[tokio::test]
async fn a_not_activated_account_is_told_so_only_after_the_right_password() {
    let app = spawn_app().await;
    app.create_account("ana@example.com").await;
    assert_eq!(
        app.login("ana@example.com", "Viaje2026?").await.status(),
        401
    );
    let response = app.login("ana@example.com", PASSWORD).await;
    assert_eq!(response.status(), 403);
    let error = error_body(response).await;
    assert_eq!(error["code"], "account_not_activated");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("enlace de activación")
    );
}

#[tokio::test]
async fn missing_forged_expired_and_unsigned_tokens_are_401() {
    let app = spawn_app().await;
    app.active_account("ana@example.com").await;
    let (token, _) = app.logged_in("ana@example.com", PASSWORD).await;
    let response = app.client.get(app.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(response.status(), 401);
    assert_eq!(error_body(response).await["code"], "unauthorized");

    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let parts: Vec<&str> = token.split('.').collect();
    let mut claims: Value = serde_json::from_slice(&engine.decode(parts[1]).unwrap()).unwrap();

    // Same claims, other signer.
    let other_key = ed25519_signing_pem();
    let forged = jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::EdDSA),
        &claims,
        &jsonwebtoken::EncodingKey::from_ed_pem(other_key.as_bytes()).unwrap(),
    )
    .unwrap();
    assert_eq!(app.get_me(&forged).await.status(), 401, "foreign signature");

    // Tampered claims, original signature.
    claims["role"] = json!("admin");
    let tampered = format!(
        "{}.{}.{}",
        parts[0],
        engine.encode(claims.to_string()),
        parts[2]
    );
    assert_eq!(
        app.get_me(&tampered).await.status(),
        401,
        "tampered payload"
    );

    // alg = none.
    let none_header = engine.encode(r#"{"alg":"none","typ":"JWT"}"#);
    let unsigned = format!("{none_header}.{}.", parts[1]);
    assert_eq!(app.get_me(&unsigned).await.status(), 401, "alg none");

    // Expired, signed with the server's own key.
    let server_key = app.access_token_key_pem();
    claims["role"] = json!("traveler");
    claims["exp"] = json!(chrono::Utc::now().timestamp() - 60);
    claims["iat"] = json!(chrono::Utc::now().timestamp() - 1000);
    let expired = jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::EdDSA),
        &claims,
        &jsonwebtoken::EncodingKey::from_ed_pem(server_key.as_bytes()).unwrap(),
    )
    .unwrap();
    assert_eq!(app.get_me(&expired).await.status(), 401, "expired");

    assert_eq!(
        app.get_me(&token).await.status(),
        200,
        "the genuine token still works"
    );
}

fn ed25519_signing_pem() -> String {
    use ed25519_dalek::pkcs8::EncodePrivateKey;
    let key = ed25519_dalek::SigningKey::from_bytes(&[7_u8; 32]);
    key.to_pkcs8_pem(ed25519_dalek::pkcs8::spki::der::pem::LineEnding::LF)
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn refresh_rotates_the_token_and_a_reused_one_revokes_the_whole_family() {
    let app = spawn_app().await;
    app.active_account("ana@example.com").await;
    let (access, first_refresh) = app.logged_in("ana@example.com", PASSWORD).await;

    let rotated = app.refresh(&first_refresh).await;
    assert_eq!(rotated.status(), 200);
    let second_refresh = refresh_cookie_value(&rotated).expect("new refresh cookie");
    assert_ne!(second_refresh, first_refresh);
    let new_access = rotated.json::<Value>().await.unwrap()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(app.get_me(&new_access).await.status(), 200);

    // The first token is presented again, well after its use: someone copied it.
    app.clock.advance(chrono::Duration::seconds(11));
    let reused = app.refresh(&first_refresh).await;
    assert_eq!(reused.status(), 401);
    assert_eq!(
        app.refresh(&second_refresh).await.status(),
        401,
        "the family is revoked"
    );
    assert_eq!(app.get_me(&new_access).await.status(), 401);
    assert_eq!(app.get_me(&access).await.status(), 401);
}

#[tokio::test]
async fn two_tabs_refreshing_at_the_same_moment_both_stay_logged_in() {
    let app = spawn_app().await;
    app.active_account("ana@example.com").await;
    let (_, refresh) = app.logged_in("ana@example.com", PASSWORD).await;
    let (first, second) = tokio::join!(app.refresh(&refresh), app.refresh(&refresh));
    assert_eq!(
        (first.status().as_u16(), second.status().as_u16()),
        (200, 200)
    );
    for answer in [first, second] {
        let next = refresh_cookie_value(&answer).expect("a new cookie");
        let access = answer.json::<Value>().await.unwrap()["access_token"]
            .as_str()
            .unwrap()
            .to_owned();
        assert_eq!(
            app.get_me(&access).await.status(),
            200,
            "the session is alive"
        );
        assert_eq!(app.refresh(&next).await.status(), 200);
    }
}

#[tokio::test]
async fn refresh_without_or_with_an_unknown_cookie_is_401() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/api/v1/sessions/refresh"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    assert_eq!(app.refresh("made-up").await.status(), 401);
}

#[tokio::test]
async fn logout_ends_the_session_on_the_server() {
    let app = spawn_app().await;
    app.active_account("ana@example.com").await;
    let (access, refresh) = app.logged_in("ana@example.com", PASSWORD).await;
    let history = |token: String| {
        app.client
            .get(app.url("/api/v1/preregistrations"))
            .bearer_auth(token)
            .send()
    };
    let before = history(access.clone()).await.unwrap();
    assert_eq!(
        before.status(),
        200,
        "an open session with an empty history"
    );
    assert_eq!(before.json::<serde_json::Value>().await.unwrap(), json!([]));
    let response = app.delete_as("/api/v1/sessions/current", &access).await;
    assert_eq!(response.status(), 204);
    let cleared = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .any(|v| v.to_str().unwrap().starts_with("__Secure-portal_refresh=;"));
    assert!(cleared, "the refresh cookie is cleared");
    assert_eq!(app.get_me(&access).await.status(), 401);
    // The history checks the session in its own statement: closed there too, although
    // the token's signature was already verified (and remembered).
    assert_eq!(history(access.clone()).await.unwrap().status(), 401);
    assert_eq!(app.refresh(&refresh).await.status(), 401);
}

#[tokio::test]
async fn changing_the_password_keeps_this_session_and_ends_the_others() {
    let app = spawn_app().await;
    app.active_account("ana@example.com").await;
    let (here, _) = app.logged_in("ana@example.com", PASSWORD).await;
    let (elsewhere, elsewhere_refresh) = app.logged_in("ana@example.com", PASSWORD).await;

    let wrong = app
        .change_password(&here, "Equivocada1!", "Nueva2026#")
        .await;
    assert_eq!(wrong.status(), 422);
    assert_eq!(
        field_codes(&error_body(wrong).await),
        vec![("current_password".into(), "wrong_current_password".into())]
    );

    let weak = app.change_password(&here, PASSWORD, "nueva").await;
    assert_eq!(weak.status(), 422);

    let response = app.change_password(&here, PASSWORD, "Nueva2026#").await;
    assert_eq!(response.status(), 200);
    assert_eq!(app.get_me(&here).await.status(), 200);
    assert_eq!(app.get_me(&elsewhere).await.status(), 401);
    assert_eq!(app.refresh(&elsewhere_refresh).await.status(), 401);
    assert_eq!(app.login("ana@example.com", PASSWORD).await.status(), 401);
    assert_eq!(
        app.login("ana@example.com", "Nueva2026#").await.status(),
        200
    );
    let kinds: Vec<String> = app
        .emails_to("ana@example.com")
        .await
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert!(kinds.contains(&"password_changed".to_owned()));
}

#[tokio::test]
async fn repeated_failed_logins_of_one_account_are_rate_limited_with_retry_after() {
    let app = spawn_app().await;
    app.active_account("ana@example.com").await;
    for _ in 0..5 {
        assert_eq!(
            app.login("ana@example.com", "Mala2026!!").await.status(),
            401
        );
    }
    let limited = app.login("ana@example.com", PASSWORD).await;
    assert_eq!(limited.status(), 429);
    let retry_after: u64 = limited.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=900).contains(&retry_after), "{retry_after}");
    assert_eq!(error_body(limited).await["code"], "rate_limited");
    // Another account from the same address is not affected yet.
    app.active_account("luis@example.com").await;
    assert_eq!(app.login("luis@example.com", PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn logins_from_one_address_are_rate_limited() {
    let app = spawn_app().await;
    let mut statuses = Vec::new();
    for n in 0..31 {
        let response = app.login(&format!("nadie{n}@example.com"), PASSWORD).await;
        statuses.push(response.status().as_u16());
    }
    assert!(statuses[..30].iter().all(|s| *s == 401), "{statuses:?}");
    assert_eq!(statuses[30], 429);
}

#[tokio::test]
async fn token_attacks_are_all_401() {
    use jsonwebtoken::{Algorithm, EncodingKey, Header};
    let app = spawn_app().await;
    app.active_account("ana@example.com").await;
    let (token, _) = app.logged_in("ana@example.com", PASSWORD).await;
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let parts: Vec<&str> = token.split('.').collect();
    let genuine_header: Value = serde_json::from_slice(&engine.decode(parts[0]).unwrap()).unwrap();
    let kid = genuine_header["kid"].as_str().unwrap().to_owned();
    let claims: Value = serde_json::from_slice(&engine.decode(parts[1]).unwrap()).unwrap();
    assert_eq!(claims["aud"], "portal-api");
    let server_key = app.access_token_key_pem();
    let public_key = app
        .client
        .get(app.url("/api/v1/keys"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let server_signed = |claims: &Value, kid: Option<&str>| {
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = kid.map(str::to_owned);
        jsonwebtoken::encode(
            &header,
            claims,
            &EncodingKey::from_ed_pem(server_key.as_bytes()).unwrap(),
        )
        .unwrap()
    };
    let now = chrono::Utc::now().timestamp();
    let with = |field: &str, value: Value| {
        let mut changed = claims.clone();
        changed[field] = value;
        changed
    };

    let mut attacks: Vec<(&str, String)> = Vec::new();
    attacks.push((
        "alg none",
        format!(
            "{}.{}.",
            engine.encode(format!(r#"{{"alg":"none","typ":"JWT","kid":"{kid}"}}"#)),
            parts[1]
        ),
    ));
    // HS256 keyed with what an attacker can read: the public key material.
    let mut hs_header = Header::new(Algorithm::HS256);
    hs_header.kid = Some(kid.clone());
    for secret in [
        public_key.as_bytes().to_vec(),
        app.access_token_key_pem().into_bytes(),
    ] {
        attacks.push((
            "HS256 with a key the attacker knows",
            jsonwebtoken::encode(&hs_header, &claims, &EncodingKey::from_secret(&secret)).unwrap(),
        ));
    }
    attacks.push(("no key id", server_signed(&claims, None)));
    attacks.push((
        "another key id",
        server_signed(&claims, Some("AAAAAAAAAAA")),
    ));
    attacks.push((
        "expired",
        server_signed(&with("exp", json!(now - 60)), Some(&kid)),
    ));
    attacks.push((
        "not yet valid",
        server_signed(&with("nbf", json!(now + 600)), Some(&kid)),
    ));
    attacks.push((
        "another audience",
        server_signed(&with("aud", json!("another-service")), Some(&kid)),
    ));
    attacks.push((
        "no audience",
        server_signed(
            &{
                let mut c = claims.clone();
                c.as_object_mut().unwrap().remove("aud");
                c
            },
            Some(&kid),
        ),
    ));
    attacks.push((
        "another issuer",
        server_signed(&with("iss", json!("someone-else")), Some(&kid)),
    ));
    attacks.push((
        "tampered payload",
        format!(
            "{}.{}.{}",
            parts[0],
            engine.encode(with("role", json!("officer")).to_string()),
            parts[2]
        ),
    ));
    attacks.push(("truncated", token[..token.len() - 10].to_owned()));
    for (name, forged) in &attacks {
        let response = app.get_me(forged).await;
        assert_eq!(response.status(), 401, "{name}");
        assert_eq!(error_body(response).await["code"], "unauthorized", "{name}");
    }
    // The same claims, signed by the server with its key id, are accepted: each attack
    // above failed for its own reason.
    assert_eq!(
        app.get_me(&server_signed(&claims, Some(&kid)))
            .await
            .status(),
        200
    );
}
