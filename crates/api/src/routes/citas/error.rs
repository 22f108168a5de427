//! Citas: the refusals of its own rules, as codes and statuses.

use crate::error::ServiceError;
use actix_web::http::StatusCode;
use portal_shared::ErrorCode;

#[derive(Debug, thiserror::Error)]
pub enum CitasError {
    #[error("every seat of the slot is taken")]
    SlotFull,
    #[error("the hold is gone")]
    HoldExpired,
    #[error("the person already has an active appointment for the procedure")]
    AppointmentExists,
    #[error("less than 24 hours before the appointment")]
    ChangeDeadlinePassed,
    #[error("moved twice already")]
    RescheduleLimitReached,
    #[error("the appointment is not booked")]
    AppointmentNotActive,
    #[error("the appointment changed meanwhile")]
    AppointmentChanged,
    #[error("the appointment is at another office")]
    AppointmentOtherOffice,
    #[error("the appointment is not today")]
    AppointmentNotToday,
    #[error("not a valid confirmation")]
    ConfirmationInvalid,
    #[error("the appointment has not started")]
    AppointmentNotStarted,
    #[error("online booking blocked for {retry_after_seconds}s")]
    BookingBlocked { retry_after_seconds: u64 },
}

impl ServiceError for CitasError {
    fn code(&self) -> ErrorCode {
        match self {
            Self::SlotFull => ErrorCode::SlotFull,
            Self::HoldExpired => ErrorCode::HoldExpired,
            Self::AppointmentExists => ErrorCode::AppointmentExists,
            Self::ChangeDeadlinePassed => ErrorCode::ChangeDeadlinePassed,
            Self::RescheduleLimitReached => ErrorCode::RescheduleLimitReached,
            Self::AppointmentNotActive => ErrorCode::AppointmentNotActive,
            Self::AppointmentChanged => ErrorCode::AppointmentChanged,
            Self::AppointmentOtherOffice => ErrorCode::AppointmentOtherOffice,
            Self::AppointmentNotToday => ErrorCode::AppointmentNotToday,
            Self::ConfirmationInvalid => ErrorCode::ConfirmationInvalid,
            Self::AppointmentNotStarted => ErrorCode::AppointmentNotStarted,
            Self::BookingBlocked { .. } => ErrorCode::BookingBlocked,
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            Self::BookingBlocked { .. } => StatusCode::FORBIDDEN,
            Self::ConfirmationInvalid => StatusCode::UNPROCESSABLE_ENTITY,
            _ => StatusCode::CONFLICT,
        }
    }

    fn retry_after_seconds(&self) -> Option<u64> {
        match self {
            Self::BookingBlocked {
                retry_after_seconds,
            } => Some(*retry_after_seconds),
            _ => None,
        }
    }
}

crate::service_error!(CitasError);

impl From<portal_domain::citas::ChangeRefusal> for CitasError {
    fn from(refusal: portal_domain::citas::ChangeRefusal) -> Self {
        match refusal {
            portal_domain::citas::ChangeRefusal::DeadlinePassed => Self::ChangeDeadlinePassed,
            portal_domain::citas::ChangeRefusal::RescheduleLimitReached => {
                Self::RescheduleLimitReached
            }
        }
    }
}

impl From<portal_persistence::citas::appointments::BookingError> for crate::error::ApiError {
    fn from(error: portal_persistence::citas::appointments::BookingError) -> Self {
        use portal_persistence::citas::appointments::BookingError;
        match error {
            BookingError::HoldLost => CitasError::HoldExpired.into(),
            BookingError::AlreadyBooked => CitasError::AppointmentExists.into(),
            BookingError::Changed => CitasError::AppointmentChanged.into(),
            BookingError::Storage(storage) => storage.into(),
        }
    }
}
