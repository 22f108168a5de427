//! Password hashing and checking (argon2id) on the blocking threads of the heavy-work slots.

use crate::error::ApiError;
use portal_shared::FieldErrorCode;

/// Refuses with a 422 on `field` a password found in the common-password lists (checked
/// by the server only: the list stays out of the browser's download).
pub fn refuse_common(field: &str, password: &str) -> Result<(), ApiError> {
    if portal_domain::credentials::is_common_password(password) {
        return Err(ApiError::Validation(vec![
            portal_shared::validation::field_error(field, FieldErrorCode::PasswordTooCommon),
        ]));
    }
    Ok(())
}

/// Hashes a password on a blocking thread (one of the heavy-work slots).
pub async fn hash_password(password: String) -> Result<String, ApiError> {
    crate::heavy_work::run(move || portal_domain::credentials::hash_password(&password))
        .await?
        .map_err(ApiError::internal)
}

fn check(password: &str, stored: Option<&str>) -> bool {
    match stored {
        Some(hash) => portal_domain::credentials::verify_password(password, hash),
        None => {
            portal_domain::credentials::verify_against_dummy(password);
            false
        }
    }
}

/// Checks a password on a blocking thread (one of the heavy-work slots); `None` for `stored` spends the same time.
pub async fn verify_password(password: String, stored: Option<String>) -> Result<bool, ApiError> {
    crate::heavy_work::run(move || check(&password, stored.as_deref())).await
}

/// [`verify_password`] for a login, in the logins' own bounded queue.
pub async fn verify_login(password: String, stored: Option<String>) -> Result<bool, ApiError> {
    crate::heavy_work::logins()
        .run(move || check(&password, stored.as_deref()))
        .await
}

/// Refuses with a 422 on `field` unless `password` is the account's current one.
pub async fn confirm_password(
    field: &str,
    password: String,
    account: &portal_domain::account::Account,
) -> Result<(), ApiError> {
    if verify_password(password, Some(account.password_hash.clone())).await? {
        Ok(())
    } else {
        Err(ApiError::Validation(vec![
            portal_shared::validation::field_error(field, FieldErrorCode::WrongCurrentPassword),
        ]))
    }
}
