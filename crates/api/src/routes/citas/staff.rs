//! What the staff of an office share: the office they are assigned to, and an agenda
//! entry of an appointment.

use super::issue::Issued;
use crate::auth::CurrentAccount;
use crate::error::ApiError;
use crate::state::AppState;
use portal_shared::citas::{AgendaEntry, OfficeRecord};

/// The Citas office the officer is assigned to; 403 when none.
pub(crate) async fn office_of(
    state: &AppState,
    officer: &CurrentAccount,
) -> Result<&'static OfficeRecord, ApiError> {
    let assigned = portal_persistence::officers::find(&state.db, officer.account_id)
        .await?
        .and_then(|officer| officer.citas_office)
        .ok_or(ApiError::Forbidden)?;
    super::office_record(&assigned).map_err(|_| ApiError::Forbidden)
}

impl Issued {
    /// The appointment as the office's agenda lists it.
    pub fn agenda_entry(&self) -> AgendaEntry {
        let data = &self.document.data;
        AgendaEntry {
            appointment_id: self.appointment.id.to_string(),
            local_time: self
                .appointment
                .starts_at
                .with_timezone(&self.time_zone)
                .format("%H:%M")
                .to_string(),
            starts_at: self
                .appointment
                .starts_at
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            folio: self.application.folio.clone(),
            procedure: self.procedure.code.clone(),
            procedure_name_es: self.procedure.name_es.clone(),
            procedure_name_en: self.procedure.name_en.clone(),
            given_names: data.given_names.clone(),
            surnames: data.surnames.clone(),
            nationality: data.nationality.clone(),
            document_number: data.document_number.clone(),
            status: self.appointment.status,
        }
    }
}
