//! The operator's page: the audit log of officers' reads and decisions.

use crate::api;
use crate::components::form::Notice;
use crate::components::layout::{Page, RequireLogin};
use crate::i18n::use_i18n;
use crate::i18n::{Lang, Said};
use crate::pages::officer::RoleGate;
use crate::session::use_session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_shared::i18n::web;
use portal_shared::officers::{AuditAction, AuditEvent};
use portal_shared::preregistrations::folio;

#[component]
pub fn OperatorPage() -> impl IntoView {
    view! {
        <RequireLogin>
            <RoleGate role=portal_shared::accounts::Role::Operator>
                <AuditLog/>
            </RoleGate>
        </RequireLogin>
    }
}

fn action_label(action: AuditAction) -> fn(Lang) -> &'static str {
    match action {
        AuditAction::InspectPreregistration => web::read_the_pre_registration,
        AuditAction::ViewAttachment => web::viewed_an_attachment,
        AuditAction::Admit => web::recorded_the_admission,
        AuditAction::RefuseEntry => web::refused_entry,
        AuditAction::StaffLogin => web::logged_in_as_staff,
        AuditAction::InvalidInspection => web::presented_an_invalid_qr,
        AuditAction::DownloadRevocations => web::downloaded_the_revocations,
        AuditAction::KeyRotated => web::rotated_a_receipt_key,
        AuditAction::KeyRetired => web::retired_a_receipt_key,
        AuditAction::KeysRewrapped => web::rewrapped_the_receipt_keys,
        AuditAction::RulesPublished => web::published_eligibility_rules,
        AuditAction::StaffCreated => web::created_a_staff_account,
        AuditAction::StaffDisabled => web::disabled_a_staff_account,
        AuditAction::StaffPasswordLinkSent => web::sent_a_staff_password_link,
        AuditAction::SecondFactorEnrolled => web::set_up_an_authenticator,
        AuditAction::SecondFactorFailed => web::typed_a_wrong_second_factor_code,
        AuditAction::RecoveryCodeUsed => web::used_a_recovery_code,
        AuditAction::StaffSecondFactorReset => web::reset_a_staff_authenticator,
        AuditAction::CitasCheckIn => web::audit_citas_check_in,
        AuditAction::CitasAttendance => web::audit_citas_attendance,
        AuditAction::CitasInvalidCheckIn => web::audit_citas_invalid_check_in,
        AuditAction::OfficerAssigned => web::audit_officer_assigned,
        AuditAction::OfficeClosed => web::audit_office_closed,
    }
}

#[component]
fn AuditLog() -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    let events = RwSignal::new(None::<Result<Vec<AuditEvent>, Said>>);
    spawn_local(async move {
        let result = session
            .call(|token| async move { api::audit_events(&token).await })
            .await
            .map(|log| log.events)
            .map_err(|error| error.said());
        events.set(Some(result));
    });
    view! {
        <Page title=web::audit_log>
            <p class="lead">{move || i.text(web::every_read_of_a_pre_registration)}</p>
            {move || match events.get() {
                None => view! { <p class="loading" role="status">{move || i.text(web::loading)}</p> }.into_any(),
                Some(Err(said)) => view! { <Notice kind="error"><p>{i.say(said)}</p></Notice> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p>{move || i.text(web::no_events_yet)}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <table class="history audit">
                        <thead><tr>
                            <th scope="col">{move || i.text(web::date_utc)}</th>
                            <th scope="col">{move || i.text(web::account)}</th>
                            <th scope="col">{move || i.text(web::action)}</th>
                            <th scope="col">{move || i.text(web::pre_registration)}</th>
                            <th scope="col">{move || i.text(web::origin)}</th>
                        </tr></thead>
                        <tbody>
                            {list.into_iter().map(|event| {
                                let action = action_label(event.action);
                                let when = event.occurred_at.get(..19).unwrap_or_default().replace('T', " ");
                                let subject = event
                                    .subject
                                    .map(|s| s.to_string())
                                    .or(event.detail.clone())
                                    .map(|s| format!(" ({s})"))
                                    .unwrap_or_default();
                                let origin = event
                                    .client_address
                                    .clone()
                                    .or(event.user_agent.clone())
                                    .unwrap_or_default();
                                view! {
                                    <tr>
                                        <td>{when}</td>
                                        <td>{format!("{} · {}", event.actor_role, event.actor_account_id.get(..8).unwrap_or_default())}</td>
                                        <td>{move || i.text(action)}{subject}</td>
                                        <td>{event.preregistration_id.as_deref().map(folio).unwrap_or_default()}</td>
                                        <td>{origin}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
            }}
        </Page>
    }
}
