//! Account holders as the rest of the portal sees them.

use chrono::{DateTime, NaiveDate, Utc};
use portal_shared::catalogs::Sex;
use uuid::Uuid;

pub use portal_shared::accounts::Role;

/// A stored account. Personal data never changes after creation; only the password does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: Uuid,
    pub email: String,
    pub password_hash: String,
    pub given_names: String,
    pub surnames: String,
    pub birth_date: NaiveDate,
    pub nationality: String,
    pub sex: Sex,
    pub phone_country_code: String,
    pub phone: String,
    pub role: Role,
    pub activated_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    /// When an operator disabled this (staff) account.
    pub disabled_at: Option<DateTime<Utc>>,
}

impl Account {
    pub fn is_active(&self) -> bool {
        self.activated_at.is_some()
    }

    pub fn is_disabled(&self) -> bool {
        self.disabled_at.is_some()
    }

    /// Officers and operators, who read passports and decide entries.
    pub fn is_staff(&self) -> bool {
        self.role != Role::Traveler
    }
}

/// Purposes of the single-use links sent by email, with their lifetimes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailLinkPurpose {
    Activation,
    PasswordReset,
}

impl EmailLinkPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Activation => "activation",
            Self::PasswordReset => "password_reset",
        }
    }

    /// Activation links live 72 hours, password reset links one hour (SPEC §2).
    pub fn lifetime(self) -> chrono::Duration {
        match self {
            Self::Activation => chrono::Duration::hours(72),
            Self::PasswordReset => chrono::Duration::hours(1),
        }
    }
}
