//! One module per table. These models never leave this crate.

pub mod account;
pub mod account_token;
pub mod audit_event;
pub mod captcha;
pub mod citas_application;
pub mod citas_appointment;
pub mod citas_closure;
pub mod citas_seat;
pub mod citas_wait;
pub mod document_scan;
pub mod eligibility_rule_set;
pub mod login_challenge;
pub mod officer;
pub mod officer_inspection;
pub mod outbox_email;
pub mod preregistration;
pub mod preregistration_attachment;
pub mod preregistration_profile;
pub mod rate_limit_attempt;
pub mod receipt_revocation;
pub mod receipt_signing_key;
pub mod refresh_token;
pub mod session;
pub mod staff_recovery_code;
pub mod staff_second_factor;
pub mod travel_document;
