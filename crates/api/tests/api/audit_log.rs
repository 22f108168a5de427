//! The audit log says where each event came from, covers staff logins, invalid QR codes,
//! revocation downloads and the operator's command-line actions, and is a hash chain
//! that shows an edited, inserted or deleted event.

use crate::helpers::{TestApp, spawn_app};
use crate::officers::{inspect, officer, staff};
use portal_persistence::ConnectionTrait;
use portal_persistence::audit::{AuditEntry, ChainCheck};
use portal_shared::accounts::Role;
use portal_shared::officers::{AuditAction, AuditLog};

async fn audit_log(app: &TestApp, operator: &str) -> AuditLog {
    let response = app.get_as("/api/v1/audit", operator).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

#[tokio::test]
async fn staff_logins_invalid_qrs_and_revocation_downloads_are_recorded_with_their_origin() {
    let app = spawn_app().await;
    let officer = officer(&app).await;
    assert_eq!(inspect(&app, &officer, "not a receipt").await.status(), 422);
    let revocations = app
        .client
        .get(app.url("/api/v1/revocations"))
        .bearer_auth(&officer)
        .header("User-Agent", "Consola INM/1.0")
        .send()
        .await
        .unwrap();
    assert_eq!(revocations.status(), 200);
    let operator = staff(&app, Role::Operator, "operadora@inm.example.mx", "").await;
    // What the server's chainer does every second.
    portal_persistence::audit::chain_pending(&app.db)
        .await
        .unwrap();

    let log = audit_log(&app, &operator).await;
    let actions: Vec<AuditAction> = log.events.iter().rev().map(|e| e.action).collect();
    assert_eq!(
        actions,
        vec![
            AuditAction::StaffCreated,
            AuditAction::SecondFactorEnrolled,
            AuditAction::StaffLogin,
            AuditAction::InvalidInspection,
            AuditAction::DownloadRevocations,
            AuditAction::StaffCreated,
            AuditAction::SecondFactorEnrolled,
            AuditAction::StaffLogin,
        ]
    );
    let download = log
        .events
        .iter()
        .find(|e| e.action == AuditAction::DownloadRevocations)
        .unwrap();
    assert_eq!(download.client_address.as_deref(), Some("127.0.0.1"));
    assert_eq!(download.user_agent.as_deref(), Some("Consola INM/1.0"));
    assert!(download.session_id.is_some());
    let created = log
        .events
        .iter()
        .find(|e| e.action == AuditAction::StaffCreated)
        .unwrap();
    assert!(
        created
            .user_agent
            .as_deref()
            .unwrap()
            .starts_with("portal create-")
    );
    assert_eq!(
        created.client_address, None,
        "the command line has no address"
    );
    let sequences: Vec<i64> = log
        .events
        .iter()
        .rev()
        .map(|e| e.sequence.unwrap())
        .collect();
    assert_eq!(sequences, (1..=8).collect::<Vec<_>>());
}

#[tokio::test]
async fn the_operators_key_commands_are_recorded() {
    let app = spawn_app().await;
    app.keys_command(&["rotate"]).await.unwrap();
    let rows = portal_persistence::audit::list(
        &app.db,
        &portal_persistence::audit::AuditFilter {
            limit: 10,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].action, AuditAction::KeyRotated);
    assert!(rows[0].detail.is_some(), "the new key's id");
    assert!(
        rows[0]
            .origin
            .user_agent
            .as_deref()
            .unwrap()
            .starts_with("portal keys rotate")
    );
}

async fn record_some(app: &TestApp, count: usize) {
    for n in 0..count {
        portal_persistence::audit::record(
            &app.db,
            AuditEntry::new(
                uuid::Uuid::new_v4(),
                Role::Officer,
                AuditAction::DownloadRevocations,
                None,
                None,
                chrono::Utc::now(),
            )
            .about(format!("{n} revocations")),
        )
        .await
        .unwrap();
    }
    portal_persistence::audit::chain_pending(&app.db)
        .await
        .unwrap();
}

#[tokio::test]
async fn an_edited_or_deleted_audit_event_breaks_the_chain_there() {
    let app = spawn_app().await;
    record_some(&app, 5).await;
    assert_eq!(
        portal_persistence::audit::verify(&app.db).await.unwrap(),
        ChainCheck::Intact {
            chained: 5,
            unchained: 0
        }
    );
    app.db
        .execute_unprepared("UPDATE audit_events SET detail = '0 revocations' WHERE sequence = 3")
        .await
        .unwrap();
    assert_eq!(
        portal_persistence::audit::verify(&app.db).await.unwrap(),
        ChainCheck::BrokenAt { sequence: 3 }
    );
    let printed = portal_api::operator::audit_command(&app.db, &["verify".to_owned()]).await;
    assert!(printed.is_err_and(|e| e.contains("broken at event 3")));

    let app = spawn_app().await;
    record_some(&app, 5).await;
    app.db
        .execute_unprepared("DELETE FROM audit_events WHERE sequence = 4")
        .await
        .unwrap();
    assert_eq!(
        portal_persistence::audit::verify(&app.db).await.unwrap(),
        ChainCheck::BrokenAt { sequence: 4 }
    );
}

#[tokio::test]
async fn concurrent_writers_and_chainers_keep_one_unbroken_chain() {
    let app = spawn_app().await;
    let writes = (0..20).map(|_| {
        let db = app.db.clone();
        tokio::spawn(async move {
            portal_persistence::audit::record(
                &db,
                AuditEntry::new(
                    uuid::Uuid::new_v4(),
                    Role::Officer,
                    AuditAction::StaffLogin,
                    None,
                    None,
                    chrono::Utc::now(),
                ),
            )
            .await
        })
    });
    // Two chainers at once, as two server processes run them, while the writes go on.
    let chainers = (0..2).map(|_| {
        let db = app.db.clone();
        tokio::spawn(async move {
            let mut linked = 0;
            for _ in 0..5 {
                linked += portal_persistence::audit::chain_pending(&db).await?;
                tokio::task::yield_now().await;
            }
            Ok::<u64, portal_persistence::PersistenceError>(linked)
        })
    });
    for write in futures_util::future::join_all(writes).await {
        write.unwrap().unwrap();
    }
    for chainer in futures_util::future::join_all(chainers).await {
        chainer.unwrap().unwrap();
    }
    assert_eq!(
        portal_persistence::audit::verify(&app.db).await.unwrap(),
        ChainCheck::Intact {
            chained: 20,
            unchained: 0
        }
    );
}
