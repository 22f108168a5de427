//! Emails in every language of the catalogs (Spanish first), texts from the `emails`
//! catalog.

use portal_persistence::outbox::{AttachmentContent, EmailAttachment, NewEmail};
use portal_shared::i18n::{Locale, emails};

/// Who the emails come from and where links point.
#[derive(Debug, Clone)]
pub struct Branding {
    /// Name of the portal as people see it, e.g. "Portal de Servicios".
    pub portal_name: String,
    /// Public base URL of the web app, without trailing slash.
    pub public_url: String,
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// What an email says, in each language.
struct Body<'a> {
    greeting: &'a dyn Fn(Locale) -> String,
    paragraphs: &'a dyn Fn(Locale) -> Vec<String>,
    link: Option<String>,
}

/// `text` in every language, `/`-separated, then the portal's name: the subject line.
fn subject(branding: &Branding, text: &dyn Fn(Locale) -> String) -> String {
    let parts: Vec<String> = Locale::ALL.iter().map(|l| text(*l)).collect();
    format!("{} — {}", parts.join(" / "), branding.portal_name)
}

fn render(
    branding: &Branding,
    kind: &str,
    recipient: &str,
    subject: String,
    body: Body<'_>,
) -> NewEmail {
    let mut text = String::new();
    let mut html = format!(
        "<!DOCTYPE html><html lang=\"{}\"><body style=\"font-family:sans-serif;color:#212121\">",
        Locale::ALL[0].code()
    );
    html.push_str(&format!(
        "<h1 style=\"color:#691C32;font-size:20px\">{}</h1>",
        html_escape(&branding.portal_name)
    ));
    for locale in Locale::ALL.iter().copied() {
        let greeting = (body.greeting)(locale);
        text.push_str(&greeting);
        text.push_str("\n\n");
        html.push_str(&format!(
            "<div lang=\"{}\"><p>{}</p>",
            locale.code(),
            html_escape(&greeting)
        ));
        for paragraph in (body.paragraphs)(locale) {
            text.push_str(&paragraph);
            text.push_str("\n\n");
            html.push_str(&format!("<p>{}</p>", html_escape(&paragraph)));
        }
        if let Some(link) = &body.link {
            text.push_str(link);
            text.push_str("\n\n");
            html.push_str(&format!(
                "<p><a href=\"{0}\" style=\"background:#1E5B4F;color:#fff;padding:10px 16px;text-decoration:none\">{1}</a></p><p style=\"font-size:12px;color:#545454\">{0}</p>",
                html_escape(link),
                emails::open_link(locale)
            ));
        }
        html.push_str("</div><hr>");
        text.push_str("----\n\n");
    }
    text.push_str(&format!(
        "{} — {}\n",
        branding.portal_name, branding.public_url
    ));
    html.push_str(&format!(
        "<p style=\"font-size:12px;color:#545454\">{} — {}</p></body></html>",
        html_escape(&branding.portal_name),
        html_escape(&branding.public_url)
    ));
    NewEmail {
        kind: kind.to_owned(),
        recipient: recipient.to_owned(),
        subject,
        body_text: text,
        body_html: html,
        attachment: None,
        calendar: None,
    }
}

/// Two fixed paragraphs of the `emails` catalog.
fn two(
    first: fn(Locale) -> &'static str,
    second: fn(Locale) -> &'static str,
) -> impl Fn(Locale) -> Vec<String> {
    move |l| vec![first(l).to_owned(), second(l).to_owned()]
}

/// Activation link, valid 72 hours.
pub fn activation(
    branding: &Branding,
    recipient: &str,
    given_names: &str,
    token: &str,
) -> NewEmail {
    let link = format!("{}/activar#token={token}", branding.public_url);
    render(
        branding,
        "activation",
        recipient,
        subject(branding, &|l| emails::activation_subject(l).to_owned()),
        Body {
            greeting: &|l| emails::greeting_named(l, given_names),
            paragraphs: &two(emails::activation_body, emails::activation_ignore),
            link: Some(link),
        },
    )
}

/// Someone tried to create an account with an email that already has one.
pub fn already_registered(branding: &Branding, recipient: &str) -> NewEmail {
    let link = format!("{}/recuperar", branding.public_url);
    render(
        branding,
        "already_registered",
        recipient,
        subject(branding, &|l| {
            emails::already_registered_subject(l).to_owned()
        }),
        Body {
            greeting: &|l| emails::greeting(l).to_owned(),
            paragraphs: &two(
                emails::already_registered_body,
                emails::already_registered_recover,
            ),
            link: Some(link),
        },
    )
}

/// Password reset link, valid one hour.
pub fn password_reset(
    branding: &Branding,
    recipient: &str,
    given_names: &str,
    token: &str,
) -> NewEmail {
    let link = format!("{}/restablecer#token={token}", branding.public_url);
    render(
        branding,
        "password_reset",
        recipient,
        subject(branding, &|l| emails::password_reset_subject(l).to_owned()),
        Body {
            greeting: &|l| emails::greeting_named(l, given_names),
            paragraphs: &two(emails::password_reset_body, emails::password_reset_ignore),
            link: Some(link),
        },
    )
}

/// The password was changed (by the holder or through a reset).
pub fn password_changed(branding: &Branding, recipient: &str, given_names: &str) -> NewEmail {
    let link = format!("{}/recuperar", branding.public_url);
    render(
        branding,
        "password_changed",
        recipient,
        subject(branding, &|l| {
            emails::password_changed_subject(l).to_owned()
        }),
        Body {
            greeting: &|l| emails::greeting_named(l, given_names),
            paragraphs: &two(
                emails::password_changed_body,
                emails::password_changed_reset,
            ),
            link: Some(link),
        },
    )
}

/// What the two pre-registration emails say about the trip.
#[derive(Debug, Clone)]
pub struct PreregistrationSummary {
    pub given_names: String,
    pub folio: String,
    pub document_number: String,
    /// Arrival date as printed, e.g. `20/12/2026`.
    pub arrival: String,
    /// Port of entry as printed.
    pub entry_point: String,
    /// Where the traveler downloads the documents again (the history page).
    pub history_link: String,
}

/// The approved pre-registration's receipt, attached as a PDF rendered by the delivery
/// worker from `attachment_source` (e.g. `receipt:<id>`), so that the submission does
/// not wait for it.
pub fn preregistration_receipt(
    branding: &Branding,
    recipient: &str,
    summary: &PreregistrationSummary,
    attachment_source: String,
) -> NewEmail {
    let folio = &summary.folio;
    let mut email = render(
        branding,
        "preregistration_receipt",
        recipient,
        subject(branding, &|l| emails::receipt_subject(l, folio)),
        Body {
            greeting: &|l| emails::greeting_named(l, &summary.given_names),
            paragraphs: &|l| {
                vec![
                    emails::receipt_body(
                        l,
                        folio,
                        &summary.document_number,
                        &summary.arrival,
                        &summary.entry_point,
                    ),
                    emails::receipt_history(l).to_owned(),
                ]
            },
            link: Some(summary.history_link.clone()),
        },
    );
    email.attachment = Some(EmailAttachment {
        file_name: emails::receipt_file_name(Locale::ALL[0], folio),
        content_type: "application/pdf".to_owned(),
        content: AttachmentContent::RenderedAtDelivery(attachment_source),
    });
    email
}

/// The FMM of an approved pre-registration is ready to download.
pub fn preregistration_fmm(
    branding: &Branding,
    recipient: &str,
    summary: &PreregistrationSummary,
) -> NewEmail {
    let folio = &summary.folio;
    render(
        branding,
        "preregistration_fmm",
        recipient,
        subject(branding, &|l| emails::fmm_subject(l, folio)),
        Body {
            greeting: &|l| emails::greeting_named(l, &summary.given_names),
            paragraphs: &|l| vec![emails::fmm_body(l, folio)],
            link: Some(summary.history_link.clone()),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn branding() -> Branding {
        Branding {
            portal_name: "Portal de Servicios".into(),
            public_url: "http://127.0.0.1:8080".into(),
        }
    }

    #[test]
    fn the_activation_email_carries_the_link_in_both_languages() {
        let email = activation(&branding(), "ana@example.com", "Ana <b>", "tok123");
        assert_eq!(email.kind, "activation");
        assert!(
            email
                .body_text
                .contains("http://127.0.0.1:8080/activar#token=tok123")
        );
        assert!(email.body_text.contains("72 horas") && email.body_text.contains("72 hours"));
        assert!(
            email.body_html.contains("Ana &lt;b&gt;"),
            "names are escaped in HTML"
        );
    }

    #[test]
    fn the_reset_email_says_one_hour() {
        let email = password_reset(&branding(), "ana@example.com", "Ana", "t");
        assert!(email.body_text.contains("/restablecer#token=t"));
        assert!(email.body_text.contains("1 hora") && email.body_text.contains("1 hour"));
    }
}

/// An appointment as its emails describe it, with the times already on the office's
/// clock in each language.
#[derive(Debug, Clone)]
pub struct AppointmentSummary {
    pub given_names: String,
    pub folio: String,
    pub procedure_es: String,
    pub procedure_en: String,
    /// `lunes 15/03/2027 09:00` / `Monday 15/03/2027 09:00`, on the office's clock.
    pub when_es: String,
    pub when_en: String,
    pub time_zone: String,
    pub office: String,
    pub address: String,
    /// Mis citas.
    pub manage_link: String,
    /// Why the office closes, for [`AppointmentNotice::OfficeClosed`]; empty otherwise.
    pub closure_reason: String,
}

impl AppointmentSummary {
    fn procedure(&self, locale: Locale) -> &str {
        if locale == Locale::Es {
            &self.procedure_es
        } else {
            &self.procedure_en
        }
    }

    fn when(&self, locale: Locale) -> &str {
        if locale == Locale::Es {
            &self.when_es
        } else {
            &self.when_en
        }
    }
}

/// What an appointment email announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppointmentNotice {
    Booked,
    Rescheduled,
    Cancelled,
    Reminder,
    /// Cancelled because the office closes that day (the reason as the operator gave it).
    OfficeClosed,
}

impl AppointmentNotice {
    fn kind(self) -> &'static str {
        match self {
            Self::Booked => "cita_booked",
            Self::Rescheduled => "cita_rescheduled",
            Self::Cancelled => "cita_cancelled",
            Self::Reminder => "cita_reminder",
            Self::OfficeClosed => "cita_office_closed",
        }
    }
}

/// An appointment email: the confirmation PDF (rendered by the delivery worker from
/// `pdf_source`) and the calendar file `ics` go with a booking, a move and a reminder;
/// the cancellation carries only its `METHOD:CANCEL` calendar file.
pub fn appointment_notice(
    branding: &Branding,
    recipient: &str,
    notice: AppointmentNotice,
    summary: &AppointmentSummary,
    pdf_source: Option<String>,
    ics: String,
) -> NewEmail {
    let folio = &summary.folio;
    let subject_text = |l: Locale| match notice {
        AppointmentNotice::Booked => emails::cita_booked_subject(l, folio),
        AppointmentNotice::Rescheduled => emails::cita_rescheduled_subject(l, folio),
        AppointmentNotice::Cancelled => emails::cita_cancelled_subject(l, folio),
        AppointmentNotice::Reminder => emails::cita_reminder_subject(l, folio, summary.when(l)),
        AppointmentNotice::OfficeClosed => emails::cita_closed_subject(l, folio),
    };
    let paragraphs = |l: Locale| {
        let (procedure, when, zone) = (summary.procedure(l), summary.when(l), &summary.time_zone);
        let (office, address) = (&summary.office, &summary.address);
        match notice {
            AppointmentNotice::Booked => vec![
                emails::cita_booked_body(l, procedure, when, zone, office, address),
                emails::cita_attachments(l).to_owned(),
                emails::cita_manage(l).to_owned(),
            ],
            AppointmentNotice::Rescheduled => vec![
                emails::cita_rescheduled_body(l, procedure, when, zone, office, address),
                emails::cita_attachments(l).to_owned(),
                emails::cita_manage(l).to_owned(),
            ],
            AppointmentNotice::Cancelled => vec![
                emails::cita_cancelled_body(l, procedure, when, zone, office),
                emails::cita_cancelled_again(l).to_owned(),
            ],
            AppointmentNotice::Reminder => vec![
                emails::cita_reminder_body(l, procedure, when, zone, office, address),
                emails::cita_manage(l).to_owned(),
            ],
            AppointmentNotice::OfficeClosed => vec![
                emails::cita_closed_body(l, office, procedure, when, zone, &summary.closure_reason),
                emails::cita_closed_next(l).to_owned(),
            ],
        }
    };
    let mut email = render(
        branding,
        notice.kind(),
        recipient,
        subject(branding, &subject_text),
        Body {
            greeting: &|l| emails::greeting_named(l, &summary.given_names),
            paragraphs: &paragraphs,
            link: Some(summary.manage_link.clone()),
        },
    );
    email.attachment = pdf_source.map(|source| EmailAttachment {
        file_name: emails::cita_file_name(Locale::ALL[0], folio),
        content_type: "application/pdf".to_owned(),
        content: AttachmentContent::RenderedAtDelivery(source),
    });
    email.calendar = Some(ics);
    email
}

/// A seat freed from the waitlist is held for the traveler until `until_es` / `until_en`
/// (the office's clock): confirm it in Mis citas.
pub fn waitlist_offer(
    branding: &Branding,
    recipient: &str,
    summary: &AppointmentSummary,
    until: &str,
) -> NewEmail {
    render(
        branding,
        "cita_waitlist_offer",
        recipient,
        subject(branding, &|l| {
            emails::cita_offer_subject(l, summary.when(l))
        }),
        Body {
            greeting: &|l| emails::greeting_named(l, &summary.given_names),
            paragraphs: &|l| {
                vec![emails::cita_offer_body(
                    l,
                    summary.procedure(l),
                    summary.when(l),
                    &summary.time_zone,
                    &summary.office,
                    &summary.folio,
                    until,
                )]
            },
            link: Some(summary.manage_link.clone()),
        },
    )
}
