//! Bilingual emails (Spanish first, then English).

use portal_persistence::outbox::{AttachmentContent, EmailAttachment, NewEmail};

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

struct Body<'a> {
    greeting_es: &'a str,
    paragraphs_es: Vec<String>,
    greeting_en: &'a str,
    paragraphs_en: Vec<String>,
    link: Option<String>,
}

fn render(
    branding: &Branding,
    kind: &str,
    recipient: &str,
    subject: String,
    body: Body<'_>,
) -> NewEmail {
    let mut text = String::new();
    let mut html = String::from(
        "<!DOCTYPE html><html lang=\"es\"><body style=\"font-family:sans-serif;color:#212121\">",
    );
    html.push_str(&format!(
        "<h1 style=\"color:#691C32;font-size:20px\">{}</h1>",
        html_escape(&branding.portal_name)
    ));
    for (lang, greeting, paragraphs) in [
        ("es", body.greeting_es, &body.paragraphs_es),
        ("en", body.greeting_en, &body.paragraphs_en),
    ] {
        text.push_str(greeting);
        text.push_str("\n\n");
        html.push_str(&format!(
            "<div lang=\"{lang}\"><p>{}</p>",
            html_escape(greeting)
        ));
        for paragraph in paragraphs {
            text.push_str(paragraph);
            text.push_str("\n\n");
            html.push_str(&format!("<p>{}</p>", html_escape(paragraph)));
        }
        if let Some(link) = &body.link {
            text.push_str(link);
            text.push_str("\n\n");
            let label = if lang == "es" {
                "Abrir el enlace"
            } else {
                "Open the link"
            };
            html.push_str(&format!(
                "<p><a href=\"{0}\" style=\"background:#1E5B4F;color:#fff;padding:10px 16px;text-decoration:none\">{1}</a></p><p style=\"font-size:12px;color:#545454\">{0}</p>",
                html_escape(link),
                label
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
    }
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
        format!("Active su cuenta / Activate your account — {}", branding.portal_name),
        Body {
            greeting_es: &format!("Hola, {given_names}:"),
            paragraphs_es: vec![
                "Gracias por crear su cuenta. Para activarla, abra el siguiente enlace. El enlace funciona una sola vez y vence en 72 horas.".into(),
                "Si usted no creó esta cuenta, ignore este mensaje.".into(),
            ],
            greeting_en: &format!("Hello, {given_names}:"),
            paragraphs_en: vec![
                "Thank you for creating your account. To activate it, open the link below. It works once and expires in 72 hours.".into(),
                "If you did not create this account, ignore this message.".into(),
            ],
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
        format!("Su correo ya tiene una cuenta / Your email already has an account — {}", branding.portal_name),
        Body {
            greeting_es: "Hola:",
            paragraphs_es: vec![
                "Se intentó crear una cuenta nueva con este correo electrónico, que ya tiene una cuenta registrada. No se creó ninguna cuenta nueva.".into(),
                "Si fue usted y no recuerda su contraseña, puede recuperarla aquí:".into(),
            ],
            greeting_en: "Hello:",
            paragraphs_en: vec![
                "Someone tried to create a new account with this email address, which already has an account. No new account was created.".into(),
                "If it was you and you do not remember your password, you can recover it here:".into(),
            ],
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
        format!("Restablezca su contraseña / Reset your password — {}", branding.portal_name),
        Body {
            greeting_es: &format!("Hola, {given_names}:"),
            paragraphs_es: vec![
                "Recibimos una solicitud para restablecer su contraseña. Abra el siguiente enlace para elegir una nueva. El enlace funciona una sola vez y vence en 1 hora.".into(),
                "Si usted no lo solicitó, ignore este mensaje: su contraseña no cambiará.".into(),
            ],
            greeting_en: &format!("Hello, {given_names}:"),
            paragraphs_en: vec![
                "We received a request to reset your password. Open the link below to choose a new one. It works once and expires in 1 hour.".into(),
                "If you did not ask for this, ignore this message: your password will not change.".into(),
            ],
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
        format!("Su contraseña cambió / Your password was changed — {}", branding.portal_name),
        Body {
            greeting_es: &format!("Hola, {given_names}:"),
            paragraphs_es: vec![
                "La contraseña de su cuenta se cambió y las demás sesiones abiertas se cerraron.".into(),
                "Si usted no hizo este cambio, restablezca su contraseña de inmediato:".into(),
            ],
            greeting_en: &format!("Hello, {given_names}:"),
            paragraphs_en: vec![
                "The password of your account was changed and your other open sessions were closed.".into(),
                "If you did not make this change, reset your password at once:".into(),
            ],
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
    let mut email = render(
        branding,
        "preregistration_receipt",
        recipient,
        format!(
            "Comprobante de Pre-Registro {} / Pre-registration receipt — {}",
            summary.folio, branding.portal_name
        ),
        Body {
            greeting_es: &format!("Hola, {}:", summary.given_names),
            paragraphs_es: vec![
                format!(
                    "Su Pre-Registro {} del documento {} para llegar a México el {} por {} fue aprobado. Adjuntamos su comprobante con el código QR: preséntelo impreso o en su teléfono al agente federal de migración.",
                    summary.folio, summary.document_number, summary.arrival, summary.entry_point
                ),
                "También puede descargarlo en Historial Registros:".into(),
            ],
            greeting_en: &format!("Hello, {}:", summary.given_names),
            paragraphs_en: vec![
                format!(
                    "Your pre-registration {} of document {} to arrive in Mexico on {} through {} was approved. Your receipt with its QR code is attached: show it, printed or on your phone, to the federal migration officer.",
                    summary.folio, summary.document_number, summary.arrival, summary.entry_point
                ),
                "You can also download it from your registration history:".into(),
            ],
            link: Some(summary.history_link.clone()),
        },
    );
    email.attachment = Some(EmailAttachment {
        file_name: format!("comprobante-{}.pdf", summary.folio),
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
    render(
        branding,
        "preregistration_fmm",
        recipient,
        format!(
            "Forma Migratoria Múltiple {} / Multiple Migration Form — {}",
            summary.folio, branding.portal_name
        ),
        Body {
            greeting_es: &format!("Hola, {}:", summary.given_names),
            paragraphs_es: vec![format!(
                "Su Forma Migratoria Múltiple electrónica (FMM) del Pre-Registro {} está lista. Descárguela desde Historial Registros:",
                summary.folio
            )],
            greeting_en: &format!("Hello, {}:", summary.given_names),
            paragraphs_en: vec![format!(
                "The electronic Multiple Migration Form (FMM) of pre-registration {} is ready. Download it from your registration history:",
                summary.folio
            )],
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
