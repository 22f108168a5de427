//! Where emails go: `.eml` files in a folder (default) or an SMTP server.

use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use portal_persistence::outbox::{AttachmentContent, OutboxEmail};
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("invalid address: {0}")]
    Address(String),
    #[error("could not build the message: {0}")]
    Build(String),
    #[error("delivery failed: {0}")]
    Delivery(String),
}

/// How to reach the SMTP server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpTls {
    /// Plain connection (a local catcher such as Mailpit).
    None,
    /// Upgrade with STARTTLS (usually port 587).
    StartTls,
    /// TLS from the start (usually port 465).
    Tls,
}

#[derive(Debug, Clone)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub tls: SmtpTls,
    pub username: Option<String>,
    pub password: Option<String>,
}

/// A configured way out for emails.
#[derive(Clone)]
pub enum MailTransport {
    File(AsyncFileTransport<Tokio1Executor>, PathBuf),
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

impl MailTransport {
    /// Writes each email as `<uuid>.eml` into `folder` (created if missing).
    pub fn file(folder: PathBuf) -> std::io::Result<Self> {
        std::fs::create_dir_all(&folder)?;
        Ok(Self::File(AsyncFileTransport::new(&folder), folder))
    }

    pub fn smtp(settings: &SmtpSettings) -> Result<Self, MailError> {
        let builder = match settings.tls {
            SmtpTls::None => {
                AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&settings.host)
            }
            SmtpTls::StartTls => {
                AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&settings.host)
                    .map_err(|e| MailError::Delivery(e.to_string()))?
            }
            SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&settings.host)
                .map_err(|e| MailError::Delivery(e.to_string()))?,
        };
        let mut builder = builder
            .port(settings.port)
            .timeout(Some(std::time::Duration::from_secs(20)));
        if let (Some(user), Some(password)) = (&settings.username, &settings.password) {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        Ok(Self::Smtp(builder.build()))
    }

    pub fn describe(&self) -> String {
        match self {
            Self::File(_, folder) => format!("file outbox at {}", folder.display()),
            Self::Smtp(_) => "SMTP".to_owned(),
        }
    }

    /// Sends one outbox email from `from`.
    pub async fn send(&self, from: &Mailbox, email: &OutboxEmail) -> Result<(), MailError> {
        let to: Mailbox = email
            .recipient
            .parse()
            .map_err(|e: lettre::address::AddressError| MailError::Address(e.to_string()))?;
        let message = Message::builder()
            .from(from.clone())
            .to(to)
            .subject(email.subject.clone())
            .message_id(Some(format!("<{}@portal>", email.id)))
            .multipart(body(email)?)
            .map_err(|e| MailError::Build(e.to_string()))?;
        match self {
            Self::File(transport, _) => transport
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| MailError::Delivery(e.to_string())),
            Self::Smtp(transport) => transport
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| MailError::Delivery(e.to_string())),
        }
    }
}

/// Text and HTML alternatives, with the attachment and the calendar file (if any)
/// alongside.
fn body(email: &OutboxEmail) -> Result<MultiPart, MailError> {
    let alternatives =
        MultiPart::alternative_plain_html(email.body_text.clone(), email.body_html.clone());
    let mixed = match &email.calendar {
        Some(ics) => {
            let method = if ics.contains("\r\nMETHOD:CANCEL\r\n") {
                "CANCEL"
            } else {
                "REQUEST"
            };
            let content_type =
                ContentType::parse(&format!("text/calendar; charset=utf-8; method={method}"))
                    .map_err(|e| MailError::Build(e.to_string()))?;
            MultiPart::mixed()
                .multipart(alternatives)
                .singlepart(Attachment::new("cita.ics".to_owned()).body(ics.clone(), content_type))
        }
        None if email.attachment.is_none() => return Ok(alternatives),
        None => MultiPart::mixed().multipart(alternatives),
    };
    let Some(attachment) = &email.attachment else {
        return Ok(mixed);
    };
    let content_type = ContentType::parse(&attachment.content_type)
        .map_err(|e| MailError::Build(e.to_string()))?;
    let AttachmentContent::Bytes(bytes) = &attachment.content else {
        return Err(MailError::Build(
            "the attachment was not rendered before sending".to_owned(),
        ));
    };
    Ok(mixed.singlepart(
        Attachment::new(attachment.file_name.clone()).body(bytes.clone(), content_type),
    ))
}
