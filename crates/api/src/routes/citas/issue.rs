//! What an appointment hands out — its view, the signed confirmation PDF, the calendar
//! file and the emails — built from stored data only.

use super::office_record;
use crate::error::ApiError;
use crate::keys::signer::Signer;
use chrono::{DateTime, SecondsFormat, Utc};
use chrono_tz::Tz;
use portal_documents::citas::calendar::{AppointmentEvent, CalendarMethod, appointment_ics};
use portal_documents::citas::confirmation::ConfirmationContent;
use portal_domain::documents::TravelDocument;
use portal_mailer::templates::{AppointmentNotice, AppointmentSummary};
use portal_persistence::citas::applications::StoredApplication;
use portal_persistence::citas::appointments::StoredAppointment;
use portal_persistence::outbox::NewEmail;
use portal_shared::citas::{
    AppointmentClaims, AppointmentStatus, MAX_RESCHEDULES, OfficeRecord, Procedure,
};
use uuid::Uuid;

/// An appointment with everything its files and views need.
pub struct Issued {
    pub appointment: StoredAppointment,
    pub application: StoredApplication,
    pub document: TravelDocument,
    pub office: &'static OfficeRecord,
    pub procedure: &'static Procedure,
    pub time_zone: Tz,
}

impl Issued {
    /// Loads what `appointment` refers to; its application, document and office must
    /// exist (they are never deleted while it does).
    pub async fn load<C: portal_persistence::ConnectionTrait>(
        db: &C,
        appointment: StoredAppointment,
    ) -> Result<Self, ApiError> {
        let application =
            portal_persistence::citas::applications::find(db, appointment.application_id)
                .await?
                .ok_or_else(|| ApiError::internal("appointment without its application"))?;
        Self::of_application(db, appointment, application).await
    }

    /// Loads what `appointment`, of the already read `application`, refers to.
    pub async fn of_application<C: portal_persistence::ConnectionTrait>(
        db: &C,
        appointment: StoredAppointment,
        application: StoredApplication,
    ) -> Result<Self, ApiError> {
        let document = portal_persistence::travel_documents::find_for_account(
            db,
            application.account_id,
            application.document_id,
        )
        .await?
        .ok_or_else(|| ApiError::internal("application without its document"))?;
        let office = office_record(&appointment.office_code)?;
        let procedure = portal_shared::citas::procedure(&application.procedure_code)
            .ok_or_else(|| ApiError::internal("application of an unknown procedure"))?;
        let time_zone: Tz = office.time_zone.parse().map_err(ApiError::internal)?;
        Ok(Self {
            appointment,
            application,
            document,
            office,
            procedure,
            time_zone,
        })
    }

    fn local(&self, at: DateTime<Utc>) -> DateTime<Tz> {
        at.with_timezone(&self.time_zone)
    }

    /// The API view.
    pub fn view(&self) -> portal_shared::citas::Appointment {
        let appointment = &self.appointment;
        let local = self.local(appointment.starts_at);
        let rfc3339 = |at: DateTime<Utc>| at.to_rfc3339_opts(SecondsFormat::Secs, true);
        portal_shared::citas::Appointment {
            id: appointment.id.to_string(),
            application_id: appointment.application_id.to_string(),
            folio: self.application.folio.clone(),
            procedure: self.procedure.code.clone(),
            procedure_name_es: self.procedure.name_es.clone(),
            procedure_name_en: self.procedure.name_en.clone(),
            office: self.office.code.clone(),
            office_name: self.office.name.clone(),
            office_address: self.office.address.clone(),
            time_zone: self.office.time_zone.clone(),
            starts_at: rfc3339(appointment.starts_at),
            ends_at: rfc3339(appointment.ends_at),
            local_start: local.format("%Y-%m-%d %H:%M").to_string(),
            utc_offset: local.format("%:z").to_string(),
            status: appointment.status,
            reschedules_left: MAX_RESCHEDULES.saturating_sub(appointment.reschedules),
            changes_until: rfc3339(portal_domain::citas::changes_until(appointment.starts_at)),
            given_names: self.document.data.given_names.clone(),
            surnames: self.document.data.surnames.clone(),
        }
    }

    fn claims(&self) -> AppointmentClaims {
        let data = &self.document.data;
        AppointmentClaims {
            appointment_id: self.appointment.id.to_string(),
            sequence: self.appointment.sequence,
            folio: self.application.folio.clone(),
            procedure: self.procedure.code.clone(),
            office: self.office.code.clone(),
            starts_at: self
                .appointment
                .starts_at
                .to_rfc3339_opts(SecondsFormat::Secs, true),
            document_number: data.document_number.clone(),
            nationality: data.nationality.clone(),
            surnames: data.surnames.clone(),
            given_names: data.given_names.clone(),
        }
    }

    fn when(&self) -> String {
        self.local(self.appointment.starts_at)
            .format("%d/%m/%Y %H:%M")
            .to_string()
    }

    /// The confirmation PDF with its signed QR. Rendering runs off the async workers.
    pub async fn confirmation_pdf(
        &self,
        signer: &dyn Signer,
        portal_name: &str,
    ) -> Result<Vec<u8>, ApiError> {
        let token = crate::keys::signer::sign_appointment(signer, &self.claims()).await?;
        let local = self.local(self.appointment.starts_at);
        let data = &self.document.data;
        let content = ConfirmationContent {
            portal_name: portal_name.to_owned(),
            folio: self.application.folio.clone(),
            given_names: data.given_names.clone(),
            surnames: data.surnames.clone(),
            nationality: portal_shared::catalogs::country(&data.nationality).map_or_else(
                || data.nationality.clone(),
                |c| format!("{} - {}", c.name_es, c.alpha3),
            ),
            document_number: data.document_number.clone(),
            procedure_es: self.procedure.name_es.clone(),
            procedure_en: self.procedure.name_en.clone(),
            office_name: self.office.name.clone(),
            office_address: self.office.address.clone(),
            address_verified: self.office.address_verified,
            local_start_es: self.when(),
            local_start_en: local.format("%Y-%m-%d %H:%M").to_string(),
            time_zone: self.office.time_zone.clone(),
            utc_offset: local.format("%:z").to_string(),
            bring_es: self.procedure.bring_es.clone(),
            bring_en: self.procedure.bring_en.clone(),
            sequence: self.appointment.sequence,
            issued_at: self.appointment.booked_at.naive_utc(),
            token,
        };
        actix_web::web::block(move || {
            portal_documents::citas::confirmation::render_confirmation(&content)
        })
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)
    }

    /// The calendar file: the booking (or its latest move), or its cancellation.
    pub fn calendar(&self, public_url: &str, recipient: &str, now: DateTime<Utc>) -> String {
        let host = public_url
            .split("://")
            .nth(1)
            .unwrap_or(public_url)
            .trim_end_matches('/');
        use portal_shared::i18n::{Locale, citas_confirmation as t};
        let folio = &self.application.folio;
        let method = if self.appointment.status == AppointmentStatus::Cancelled {
            CalendarMethod::Cancel
        } else {
            CalendarMethod::Book
        };
        appointment_ics(&AppointmentEvent {
            uid: format!("{}@{host}", self.appointment.id),
            sequence: self.appointment.sequence,
            method,
            starts_at: self.appointment.starts_at,
            ends_at: self.appointment.ends_at,
            time_zone: self.time_zone,
            summary: t::calendar_summary(Locale::Es, &self.procedure.name_es, folio),
            location: format!("{}, {}", self.office.name, self.office.address),
            description: Locale::ALL
                .iter()
                .flat_map(|locale| {
                    let procedure = if *locale == Locale::Es {
                        &self.procedure.name_es
                    } else {
                        &self.procedure.name_en
                    };
                    [
                        t::calendar_description(*locale, procedure, folio),
                        t::arrive_early(*locale).to_owned(),
                    ]
                })
                .collect::<Vec<_>>()
                .join("\n"),
            organizer_email: format!("citas@{}", host.split(':').next().unwrap_or(host)),
            attendee_email: recipient.to_owned(),
            stamp: now,
        })
    }

    /// The email announcing `notice`, to `recipient`.
    pub fn email(
        &self,
        branding: &portal_mailer::templates::Branding,
        recipient: &str,
        notice: AppointmentNotice,
        now: DateTime<Utc>,
    ) -> NewEmail {
        self.email_with_reason(branding, recipient, notice, "", now)
    }

    /// The email of `notice`; `closure_reason` says why the office closes
    /// ([`AppointmentNotice::OfficeClosed`]).
    pub fn email_with_reason(
        &self,
        branding: &portal_mailer::templates::Branding,
        recipient: &str,
        notice: AppointmentNotice,
        closure_reason: &str,
        now: DateTime<Utc>,
    ) -> NewEmail {
        let local = self.local(self.appointment.starts_at);
        let summary = AppointmentSummary {
            given_names: self.document.data.given_names.clone(),
            folio: self.application.folio.clone(),
            procedure_es: self.procedure.name_es.clone(),
            procedure_en: self.procedure.name_en.clone(),
            when_es: self.when(),
            when_en: local.format("%Y-%m-%d %H:%M").to_string(),
            time_zone: self.office.time_zone.clone(),
            office: self.office.name.clone(),
            address: self.office.address.clone(),
            manage_link: format!("{}/citas/mis-citas", branding.public_url),
            closure_reason: closure_reason.to_owned(),
        };
        let booked = !matches!(
            notice,
            AppointmentNotice::Cancelled | AppointmentNotice::OfficeClosed
        );
        let pdf_source =
            booked.then(|| format!("{APPOINTMENT_SOURCE_PREFIX}{}", self.appointment.id));
        portal_mailer::templates::appointment_notice(
            branding,
            recipient,
            notice,
            &summary,
            pdf_source,
            self.calendar(&branding.public_url, recipient, now),
        )
    }
}

/// The email address of the account an appointment belongs to (verified at activation).
pub(crate) async fn recipient_of<C: portal_persistence::ConnectionTrait>(
    db: &C,
    account_id: Uuid,
) -> Result<String, ApiError> {
    Ok(portal_persistence::accounts::find_by_id(db, account_id)
        .await?
        .ok_or_else(|| ApiError::internal("appointment of a deleted account"))?
        .email)
}

pub const APPOINTMENT_SOURCE_PREFIX: &str = "appointment:";

/// Renders the confirmation attached to an appointment email when it is sent
/// (`appointment:<id>`: its current version).
pub struct AppointmentAttachments {
    pub db: portal_persistence::DatabaseConnection,
    pub signer: std::sync::Arc<dyn Signer>,
    pub portal_name: String,
}

impl AppointmentAttachments {
    pub async fn confirmation(&self, source: &str) -> Result<Vec<u8>, String> {
        let id: Uuid = source
            .strip_prefix(APPOINTMENT_SOURCE_PREFIX)
            .and_then(|id| id.parse().ok())
            .ok_or_else(|| format!("unknown attachment source {source}"))?;
        let appointment = portal_persistence::citas::appointments::find(&self.db, id)
            .await
            .map_err(|e| e.to_string())?
            .ok_or_else(|| format!("appointment {id} no longer exists"))?;
        let issued = Issued::load(&self.db, appointment)
            .await
            .map_err(|e| e.to_string())?;
        issued
            .confirmation_pdf(self.signer.as_ref(), &self.portal_name)
            .await
            .map_err(|e| e.to_string())
    }
}
