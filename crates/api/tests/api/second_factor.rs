//! The staff's second factor: a password alone opens no staff session; the first login
//! sets up an authenticator (TOTP, RFC 6238) and gives ten recovery codes; a code is good
//! once, also under concurrent requests; wrong codes slow the account and end the
//! challenge; the operator resets a lost authenticator.

use crate::helpers::{TestApp, error_body, refresh_cookie_value, spawn_app};
use crate::officers::{STAFF_PASSWORD, officer};
use crate::staff_accounts::operator;
use portal_api::clock::Clock;
use portal_domain::second_factor::{TotpSecret, totp_step};
use portal_shared::sessions::{SecondFactorChallenge, StaffSession};

const OFFICER: &str = "agente@inm.example.mx";

async fn challenge(app: &TestApp) -> SecondFactorChallenge {
    let response = app.login(OFFICER, STAFF_PASSWORD).await;
    assert_eq!(
        response.status(),
        202,
        "the password is only the first step"
    );
    assert!(refresh_cookie_value(&response).is_none(), "no session yet");
    assert_eq!(response.headers()["cache-control"], "no-store");
    response.json().await.unwrap()
}

fn secret_of(app: &TestApp) -> TotpSecret {
    app.authenticators.lock().unwrap()[OFFICER].0.clone()
}

fn current_step(app: &TestApp) -> u64 {
    totp_step(app.clock.now().timestamp())
}

#[tokio::test]
async fn the_first_login_sets_up_the_authenticator_and_gives_recovery_codes_once() {
    let app = spawn_app().await;
    officer(&app).await; // created, set up and logged in by the helper
    // Set up once more from scratch, to look at what the first login answers.
    operator(&app, "reset-staff-second-factor", OFFICER)
        .await
        .unwrap();
    let fresh = challenge(&app).await;
    let enrollment = fresh
        .enrollment
        .clone()
        .expect("a new authenticator to set up");
    assert!(enrollment.otpauth_uri.starts_with("otpauth://totp/"));
    assert!(enrollment.otpauth_uri.contains(&enrollment.secret));
    assert!(enrollment.qr_code.starts_with("data:image/svg+xml;base64,"));
    assert_eq!(enrollment.secret.len(), 32, "160 bits in base 32");
    // Stored sealed, never as the secret itself.
    let stored = app
        .count_where(
            "staff_second_factors",
            &format!("secret_sealed LIKE '%{}%'", enrollment.secret),
        )
        .await;
    assert_eq!(stored, 0);

    let secret = TotpSecret::from_base32(&enrollment.secret).unwrap();
    let response = app
        .second_factor(&fresh.challenge, &secret.code_at_step(current_step(&app)))
        .await;
    assert_eq!(response.status(), 200);
    assert!(refresh_cookie_value(&response).is_some());
    let session: StaffSession = response.json().await.unwrap();
    assert_eq!(session.recovery_codes.len(), 10);
    assert_eq!(session.unused_recovery_codes, 10);
    assert_eq!(app.get_me(&session.access_token).await.status(), 200);

    // The challenge is spent.
    let again = app
        .second_factor(
            &fresh.challenge,
            &secret.code_at_step(current_step(&app) + 1),
        )
        .await;
    assert_eq!(again.status(), 401);
    assert_eq!(error_body(again).await["code"], "login_challenge_expired");

    // A recovery code opens a session once.
    let next = challenge(&app).await;
    assert!(next.enrollment.is_none());
    let code = session.recovery_codes[3].to_lowercase().replace('-', " ");
    let by_recovery = app.second_factor(&next.challenge, &code).await;
    assert_eq!(by_recovery.status(), 200);
    let by_recovery: StaffSession = by_recovery.json().await.unwrap();
    assert!(by_recovery.recovery_codes.is_empty(), "shown only once");
    assert_eq!(by_recovery.unused_recovery_codes, 9);
    let reuse = challenge(&app).await;
    let reused = app
        .second_factor(&reuse.challenge, &session.recovery_codes[3])
        .await;
    assert_eq!(reused.status(), 401);
    assert_eq!(error_body(reused).await["code"], "second_factor_invalid");
    assert_eq!(
        app.count_where("audit_events", "action = 'recovery_code_used'")
            .await,
        1
    );
    assert_eq!(
        app.count_where("audit_events", "action = 'second_factor_enrolled'")
            .await,
        2
    );
}

#[tokio::test]
async fn a_code_is_good_once_even_sent_ten_times_at_once() {
    let app = spawn_app().await;
    officer(&app).await;
    let secret = secret_of(&app);
    // A step no code was sent for yet.
    app.clock.advance(chrono::Duration::seconds(30));
    let code = secret.code_at_step(current_step(&app));
    let mut challenges = Vec::new();
    for _ in 0..10 {
        challenges.push(challenge(&app).await.challenge);
    }
    let attempts = challenges.iter().map(|c| app.second_factor(c, &code));
    let statuses: Vec<u16> = futures_util::future::join_all(attempts)
        .await
        .iter()
        .map(|r| r.status().as_u16())
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "one session from one code: {statuses:?}"
    );
    // The others are refused as wrong codes, or already as the failures they add up to.
    assert!(
        statuses.iter().all(|s| [200, 401, 429].contains(s)),
        "{statuses:?}"
    );
    // Nor does an older code pass after a newer one.
    let older = secret.code_at_step(current_step(&app) - 1);
    let later = challenge(&app).await;
    assert_ne!(
        app.second_factor(&later.challenge, &older).await.status(),
        200
    );
}

#[tokio::test]
async fn wrong_codes_end_the_challenge_and_slow_the_account_down() {
    let app = spawn_app().await;
    officer(&app).await;
    let secret = secret_of(&app);
    let open = challenge(&app).await;
    for attempt in 0..5 {
        let wrong = app.second_factor(&open.challenge, "000000").await;
        assert_eq!(wrong.status(), 401, "attempt {attempt}");
        assert_eq!(error_body(wrong).await["code"], "second_factor_invalid");
    }
    // The next step's code, fresh and within the window.
    let right = secret.code_at_step(current_step(&app) + 1);
    let ended = app.second_factor(&open.challenge, &right).await;
    assert_eq!(ended.status(), 401, "five wrong codes end the challenge");
    assert_eq!(error_body(ended).await["code"], "login_challenge_expired");

    let next = challenge(&app).await;
    let slowed = app.second_factor(&next.challenge, &right).await;
    assert_eq!(
        slowed.status(),
        429,
        "the account waits after five failures"
    );
    app.clock.advance(chrono::Duration::minutes(20));
    let after_wait = challenge(&app).await;
    let code = secret.code_at_step(current_step(&app));
    assert_eq!(
        app.second_factor(&after_wait.challenge, &code)
            .await
            .status(),
        200
    );
    assert!(
        app.count_where("audit_events", "action = 'second_factor_failed'")
            .await
            >= 5
    );

    // A challenge lives five minutes.
    let stale = challenge(&app).await;
    app.clock.advance(chrono::Duration::minutes(6));
    let code = secret.code_at_step(current_step(&app));
    let late = app.second_factor(&stale.challenge, &code).await;
    assert_eq!(error_body(late).await["code"], "login_challenge_expired");
}

#[tokio::test]
async fn the_operator_resets_a_lost_authenticator_and_ends_the_sessions() {
    let app = spawn_app().await;
    let access = officer(&app).await;
    let printed = operator(&app, "reset-staff-second-factor", OFFICER)
        .await
        .unwrap();
    assert!(printed.contains("new authenticator"), "{printed}");
    assert_eq!(app.get_me(&access).await.status(), 401, "sessions ended");
    assert_eq!(app.count("staff_recovery_codes").await, 0);
    let old_secret = secret_of(&app);
    let fresh = challenge(&app).await;
    assert!(fresh.enrollment.is_some(), "the next login sets one up");
    app.clock.advance(chrono::Duration::seconds(30));
    let old_code = old_secret.code_at_step(current_step(&app));
    assert_eq!(
        app.second_factor(&fresh.challenge, &old_code)
            .await
            .status(),
        401,
        "the lost phone's codes no longer work"
    );
    assert!(
        operator(&app, "reset-staff-second-factor", "nadie@inm.example.mx")
            .await
            .is_err()
    );
    assert_eq!(
        app.count_where("audit_events", "action = 'staff_second_factor_reset'")
            .await,
        1
    );
}

#[tokio::test]
async fn travelers_log_in_with_their_password_alone() {
    let app = spawn_app().await;
    app.active_account("ana@example.com").await;
    let response = app.login("ana@example.com", crate::helpers::PASSWORD).await;
    assert_eq!(response.status(), 200);
}
