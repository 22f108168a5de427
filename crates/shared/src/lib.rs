//! Types and rules shared by the server and the browser app.
//!
//! Everything here compiles to `wasm32-unknown-unknown`: the browser validates with the
//! same code the server runs. Server-only derives sit behind the `server` feature.

pub mod accounts;
pub mod captcha;
pub mod catalogs;
pub mod citas;
pub mod codes;
pub mod dates;
pub mod documents;
pub mod error;
pub mod i18n;
pub mod officers;
pub mod password;
pub mod preregistrations;
pub mod receipts;
pub mod sessions;
pub mod validation;
pub mod web_apps;

pub use codes::{Choice, WireCode};
pub use error::{ErrorBody, ErrorCode, FieldError, FieldErrorCode};
