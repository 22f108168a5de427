//! Domain rules with no web, database or async runtime types.

pub mod account;
pub mod citas;
pub mod credentials;
pub mod documents;
pub mod eligibility;
pub mod email;
pub mod mrz;
pub mod preregistrations;
pub mod rate_limit;
pub mod retry;
pub mod second_factor;
pub mod secret_token;
pub mod uploads;

pub use email::Email;
