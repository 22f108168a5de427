use crate::captcha_check;
use crate::error::ApiError;
use crate::passwords::hash_password;
use crate::routes::parse_email;
use crate::state::AppState;
use actix_web::post;
use actix_web::{HttpResponse, web};
use chrono::Utc;
use portal_domain::account::{EmailLinkPurpose, Role};
use portal_domain::secret_token::SecretToken;
use portal_mailer::templates;
use portal_persistence::{PersistenceError, accounts, outbox};
use portal_shared::accounts::{AcceptedCode, AcceptedResponse, CreateAccountRequest};

/// Create a traveler account. Answers the same whether or not the email is registered:
/// the owner of an existing account is told by email instead.
#[utoipa::path(tag = "accounts", request_body = CreateAccountRequest, responses(
    (status = 202, description = "Taken; an email follows", body = AcceptedResponse),
    (status = 400, description = "Malformed JSON", body = portal_shared::ErrorBody),
    (status = 413, description = "Body too large", body = portal_shared::ErrorBody),
    (status = 422, description = "Field errors or wrong captcha", body = portal_shared::ErrorBody),
))]
#[post("/accounts")]
pub async fn create_account(
    state: web::Data<AppState>,
    body: web::Json<CreateAccountRequest>,
) -> Result<HttpResponse, ApiError> {
    let request = body.into_inner();
    let today = Utc::now().date_naive();
    request.check(today).map_err(ApiError::Validation)?;
    crate::passwords::refuse_common("password", &request.password)?;
    captcha_check::verify(&state, &request.captcha).await?;

    let email = parse_email(&request.email)?;
    // Hash before looking the email up, so both answers take the same time.
    let password_hash = hash_password(request.password.clone()).await?;
    let birth_date = request
        .birth_date
        .ok_or_else(|| ApiError::internal("birth date missing after validation"))?;

    let now = Utc::now();
    let new_account = accounts::NewAccount {
        email: email.as_str().to_owned(),
        password_hash,
        given_names: request.given_names.trim().to_owned(),
        surnames: request.surnames.trim().to_owned(),
        birth_date,
        nationality: request.nationality.clone(),
        sex: request.sex.checked("sex").map_err(ApiError::Validation)?,
        phone_country_code: request.phone_country_code.clone(),
        phone: request.phone.clone(),
        role: Role::Traveler,
        activated_at: None,
    };

    let tx = portal_persistence::begin_write(&state.db).await?;
    let created = match accounts::find_by_email(&tx, email.as_str()).await? {
        Some(_) => None,
        None => match accounts::insert(&tx, new_account, now).await {
            Ok(account) => Some(account),
            Err(PersistenceError::Duplicate(_)) => None,
            Err(other) => return Err(other.into()),
        },
    };
    match created {
        Some(account) => {
            let token = SecretToken::generate();
            accounts::issue_email_link(
                &tx,
                account.id,
                EmailLinkPurpose::Activation,
                token.digest,
                now,
            )
            .await?;
            let email = templates::activation(
                &state.branding,
                &account.email,
                &account.given_names,
                &token.plain,
            );
            outbox::enqueue(&tx, email, now).await?;
            tx.commit().await?;
            tracing::info!(account_id = %account.id, "account created");
        }
        None => {
            // A concurrent insert may have failed the transaction: notify in a fresh one.
            tx.rollback().await?;
            outbox::enqueue(
                &state.db,
                templates::already_registered(&state.branding, email.as_str()),
                now,
            )
            .await?;
            tracing::info!("account creation attempted for a registered email");
        }
    }
    Ok(HttpResponse::Accepted().json(AcceptedResponse::new(AcceptedCode::AccountCreated)))
}
