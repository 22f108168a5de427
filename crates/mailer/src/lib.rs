//! Email: what is said (templates), how it leaves (transports) and the worker that
//! drains the outbox with retries.

pub mod templates;
pub mod transport;
pub mod worker;

pub use templates::Branding;
pub use transport::{MailError, MailTransport, SmtpSettings, SmtpTls};
