//! INM Citas: the application (solicitud) of a procedure, choosing a time at an office
//! (always in the office's own time zone, named), and Mis citas.

pub mod application;
pub mod my_appointments;
pub mod schedule;

use crate::components::download::save_bytes;
use crate::i18n::{Lang, Said};
use crate::session::Session;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// A procedure's name in `lang`.
pub fn procedure_name(lang: Lang, es: &str, en: &str) -> String {
    if lang == Lang::En { en } else { es }.to_owned()
}

/// `YYYY-MM-DD HH:MM` shown as `DD/MM/YYYY HH:MM`.
pub fn local_label(local_start: &str) -> String {
    match (local_start.get(0..10), local_start.get(11..16)) {
        (Some(date), Some(time)) => {
            let parts: Vec<&str> = date.split('-').collect();
            match parts.as_slice() {
                [y, m, d] => format!("{d}/{m}/{y} {time}"),
                _ => local_start.to_owned(),
            }
        }
        _ => local_start.to_owned(),
    }
}

/// Downloads the confirmation PDF or the calendar file of an appointment.
pub fn download_file(
    session: Session,
    id: String,
    folio: String,
    which: &'static str,
    message: RwSignal<Option<Said>>,
) {
    spawn_local(async move {
        let result = session
            .call(|token| {
                let id = id.clone();
                async move { crate::api::appointment_file(&token, &id, which).await }
            })
            .await;
        match result {
            Ok(bytes) if which == "calendar" => {
                save_bytes(&format!("cita-{folio}.ics"), "text/calendar", &bytes);
            }
            Ok(bytes) => {
                save_bytes(&format!("cita-{folio}.pdf"), "application/pdf", &bytes);
            }
            Err(error) => message.set(Some(error.said())),
        }
    });
}
