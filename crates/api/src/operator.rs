//! Operator commands that act on the database: `portal rules …` edits the eligibility
//! rules (every edit is a new version; decisions record the version that took them);
//! `portal create-officer` / `create-operator` create staff accounts, which the public
//! sign-up never does.

use chrono::Utc;
use portal_domain::account::{EmailLinkPurpose, Role};
use portal_domain::eligibility::RuleSet;
use portal_persistence::accounts::{self, NewAccount};
use portal_persistence::{
    DatabaseConnection, PersistenceError, eligibility_rules, officers, outbox,
};

pub const RULES_USAGE: &str =
    "Usage: portal rules [show | history | check FILE | publish FILE NOTE]

  show              print the rules in force (JSON) and their version
  history           list every version with its date and note
  check FILE        check a rule file without publishing it
  publish FILE NOTE check FILE and put it in force as the next version";

/// Runs `portal rules <args>`; returns what to print.
pub async fn rules_command(db: &DatabaseConnection, args: &[String]) -> Result<String, String> {
    let read = |path: &str| -> Result<RuleSet, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
        RuleSet::parse(&text).map_err(|e| format!("{path}: {e}"))
    };
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["show"] | [] => {
            let current = eligibility_rules::current(db)
                .await
                .map_err(|e| e.to_string())?
                .ok_or("no rules stored yet: start the portal once (portal serve)")?;
            Ok(format!(
                "// version {} — {} — {}\n{}",
                current.version,
                current.created_at.format("%Y-%m-%d %H:%M UTC"),
                current.note,
                current.rules.to_json()
            ))
        }
        ["history"] => {
            let versions = eligibility_rules::history(db)
                .await
                .map_err(|e| e.to_string())?;
            Ok(versions
                .iter()
                .map(|v| {
                    format!(
                        "{:>4}  {}  {} rules  {}",
                        v.version,
                        v.created_at.format("%Y-%m-%d %H:%M UTC"),
                        v.rules.rules.len(),
                        v.note
                    )
                })
                .collect::<Vec<_>>()
                .join("\n"))
        }
        ["check", path] => {
            let rules = read(path)?;
            Ok(format!("{path}: {} rules, valid", rules.rules.len()))
        }
        ["publish", path, note] => {
            let rules = read(path)?;
            if note.trim().is_empty() {
                return Err("say why the rules change (NOTE)".to_owned());
            }
            let version = eligibility_rules::publish(db, &rules, note.trim(), Utc::now())
                .await
                .map_err(|e| e.to_string())?;
            tracing::info!(version, note = %note.trim(), "eligibility rules published");
            crate::audit_trail::record_command(
                db,
                portal_shared::officers::AuditAction::RulesPublished,
                "rules publish",
                Some(format!("version {version}")),
            )
            .await?;
            Ok(format!("version {version} in force"))
        }
        _ => Err(RULES_USAGE.to_owned()),
    }
}

pub const STAFF_USAGE: &str = "Usage: portal create-officer  --email E --given-names G --surnames S --birth-date YYYY-MM-DD
                             --sex female|male|x --phone NNNNNNNNNN --badge B --port CODE [--password-stdin]
       portal create-operator --email E --given-names G --surnames S --birth-date YYYY-MM-DD
                             --sex female|male|x --phone NNNNNNNNNN [--password-stdin]

  Creates an active officer or operator account (never possible through the public sign-up).
  --badge      the officer's badge number (letters, digits, dashes), printed on the FMM's entry seal
  --port       the officer's port of entry (catalog entry_points, e.g. MEX)
  --password-stdin  read the password from the first line of standard input (it must follow
               the password policy); without it, a link to choose one is emailed (valid 1 hour;
               afterwards the login page's account recovery link sends a new one)";

/// What `create-officer` / `create-operator` were given.
#[derive(Debug, Default)]
struct StaffArgs {
    email: String,
    given_names: String,
    surnames: String,
    birth_date: String,
    sex: String,
    phone: String,
    badge: String,
    port: String,
    password_stdin: bool,
}

fn parse_staff_args(args: &[String]) -> Result<StaffArgs, String> {
    let mut parsed = StaffArgs::default();
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        if flag == "--password-stdin" {
            parsed.password_stdin = true;
            continue;
        }
        let value = rest
            .next()
            .ok_or_else(|| format!("{flag} needs a value\n\n{STAFF_USAGE}"))?
            .trim()
            .to_owned();
        let slot = match flag.as_str() {
            "--email" => &mut parsed.email,
            "--given-names" => &mut parsed.given_names,
            "--surnames" => &mut parsed.surnames,
            "--birth-date" => &mut parsed.birth_date,
            "--sex" => &mut parsed.sex,
            "--phone" => &mut parsed.phone,
            "--badge" => &mut parsed.badge,
            "--port" => &mut parsed.port,
            other => return Err(format!("unknown option {other}\n\n{STAFF_USAGE}")),
        };
        *slot = value;
    }
    Ok(parsed)
}

/// Runs `create-officer` (`role` Officer) or `create-operator`; `password` is the line read
/// from standard input when `--password-stdin` was given. Returns what to print.
pub async fn create_staff_command(
    db: &DatabaseConnection,
    branding: &portal_mailer::Branding,
    role: Role,
    args: &[String],
    read_password: impl FnOnce() -> Result<String, String>,
) -> Result<String, String> {
    let args = parse_staff_args(args)?;
    let mut problems = Vec::new();
    let email = portal_domain::Email::parse(&args.email)
        .map_err(|_| problems.push("--email is not a valid email address".to_owned()))
        .ok();
    for (name, value) in [
        ("--given-names", &args.given_names),
        ("--surnames", &args.surnames),
    ] {
        if value.is_empty() || value.chars().count() > 60 {
            problems.push(format!("{name} must have 1 to 60 characters"));
        }
    }
    let today = Utc::now().date_naive();
    let birth_date = chrono::NaiveDate::parse_from_str(&args.birth_date, "%Y-%m-%d").ok();
    match birth_date {
        Some(born) if portal_shared::dates::age_on(born, today) >= 18 => {}
        Some(_) => problems.push("--birth-date: staff must be 18 or older".to_owned()),
        None => problems.push("--birth-date must be YYYY-MM-DD".to_owned()),
    }
    if portal_shared::catalogs::Sex::parse(&args.sex).is_none() {
        problems.push("--sex must be female, male or x".to_owned());
    }
    if args.phone.len() != 10 || !args.phone.chars().all(|c| c.is_ascii_digit()) {
        problems.push("--phone must be the 10 digits of a Mexican number".to_owned());
    }
    if role == Role::Officer {
        let badge_ok = (3..=20).contains(&args.badge.len())
            && args
                .badge
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-');
        if !badge_ok {
            problems.push("--badge must have 3 to 20 capital letters, digits or dashes".to_owned());
        }
        if portal_shared::preregistrations::entry_point(&args.port).is_none() {
            problems.push(format!(
                "--port {:?} is not a port of entry code (catalog entry_points)",
                args.port
            ));
        }
    } else if !args.badge.is_empty() || !args.port.is_empty() {
        problems.push("--badge and --port are for officers only".to_owned());
    }
    let password = if args.password_stdin {
        let password = read_password()?;
        if portal_domain::credentials::is_common_password(&password) {
            problems.push(
                "the password is one of the most common leaked passwords: choose another"
                    .to_owned(),
            );
        }
        let broken = portal_shared::password::broken_rules(&password);
        if !broken.is_empty() {
            problems.push(
                "the password does not follow the policy (8+ characters, a digit, an upper and a lower case letter, one of !@#$%^&*, no '.', 'ñ' or 'Ñ')"
                    .to_owned(),
            );
        }
        Some(password)
    } else {
        None
    };
    let (Some(email), Some(birth_date), true) = (email, birth_date, problems.is_empty()) else {
        return Err(format!("{}\n\n{STAFF_USAGE}", problems.join("\n")));
    };
    // Without a password given, an unusable random one until the emailed link sets it.
    let link = password
        .is_none()
        .then(portal_domain::secret_token::SecretToken::generate);
    let secret =
        password.unwrap_or_else(|| portal_domain::secret_token::SecretToken::generate().plain);
    let password_hash =
        portal_domain::credentials::hash_password(&secret).map_err(|e| e.to_string())?;
    let now = Utc::now();
    let new_account = NewAccount {
        email: email.as_str().to_owned(),
        password_hash,
        given_names: args.given_names.clone(),
        surnames: args.surnames.clone(),
        birth_date,
        nationality: "MEX".to_owned(),
        sex: portal_shared::catalogs::Sex::parse(&args.sex)
            .ok_or_else(|| "--sex must be female, male or x".to_owned())?,
        phone_country_code: "+52".to_owned(),
        phone: args.phone.clone(),
        role,
        activated_at: Some(now),
    };
    let tx = portal_persistence::begin_write(db)
        .await
        .map_err(|e| e.to_string())?;
    let created = if role == Role::Officer {
        officers::create(&tx, new_account, &args.badge, &args.port, now).await
    } else {
        accounts::insert(&tx, new_account, now).await
    };
    let account = created.map_err(|e| match e {
        PersistenceError::Duplicate(what) => format!("an account with the same {what} exists"),
        other => other.to_string(),
    })?;
    if let Some(link) = &link {
        email_password_link(&tx, branding, &account, link, now).await?;
    }
    tx.commit().await.map_err(|e| e.to_string())?;
    tracing::info!(account_id = %account.id, role = role.as_str(), "staff account created");
    crate::audit_trail::record_command(
        db,
        portal_shared::officers::AuditAction::StaffCreated,
        &format!("create-{}", role.as_str()),
        Some(format!("{} {}", role.as_str(), account.id)),
    )
    .await?;
    Ok(format!(
        "{} account {} created for {}{}",
        role.as_str(),
        account.id,
        account.email,
        if link.is_some() {
            "; a link to choose the password was emailed"
        } else {
            ""
        }
    ))
}

/// Stores `link` as the account's password link and queues the email that carries it.
async fn email_password_link(
    tx: &portal_persistence::DatabaseTransaction,
    branding: &portal_mailer::Branding,
    account: &portal_domain::account::Account,
    link: &portal_domain::secret_token::SecretToken,
    now: chrono::DateTime<Utc>,
) -> Result<(), String> {
    accounts::issue_email_link(
        tx,
        account.id,
        EmailLinkPurpose::PasswordReset,
        link.digest.clone(),
        now,
    )
    .await
    .map_err(|e| e.to_string())?;
    let message = portal_mailer::templates::password_reset(
        branding,
        &account.email,
        &account.given_names,
        &link.plain,
    );
    outbox::enqueue(tx, message, now)
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}

pub const STAFF_ACCOUNT_USAGE: &str = "Usage: portal disable-staff EMAIL | portal reset-staff-password EMAIL | portal reset-staff-second-factor EMAIL

  disable-staff EMAIL               the officer or operator can no longer log in; their open sessions end now
  reset-staff-password EMAIL        email them a link (1 hour) to choose a new password; staff cannot ask for one themselves
  reset-staff-second-factor EMAIL   forget their authenticator and recovery codes (a lost phone) and end their sessions; their next login sets up a new one";

/// `portal disable-staff EMAIL`, `portal reset-staff-password EMAIL` and
/// `portal reset-staff-second-factor EMAIL`.
pub async fn staff_account_command(
    db: &DatabaseConnection,
    branding: &portal_mailer::Branding,
    command: &str,
    args: &[String],
) -> Result<String, String> {
    let [email] = args else {
        return Err(STAFF_ACCOUNT_USAGE.to_owned());
    };
    let email = portal_domain::Email::parse(email)
        .map_err(|_| format!("{email:?} is not a valid email address"))?;
    let now = Utc::now();
    let tx = portal_persistence::begin_write(db)
        .await
        .map_err(|e| e.to_string())?;
    let account = accounts::find_by_email(&tx, email.as_str())
        .await
        .map_err(|e| e.to_string())?
        .filter(portal_domain::account::Account::is_staff)
        .ok_or_else(|| format!("no officer or operator account {}", email.as_str()))?;
    let (action, printed) = match command {
        "disable-staff" => {
            if !accounts::disable(&tx, account.id, now)
                .await
                .map_err(|e| e.to_string())?
            {
                return Err(format!("{} is already disabled", account.email));
            }
            portal_persistence::sessions::revoke_all_for_account(
                &tx,
                account.id,
                None,
                portal_persistence::sessions::RevokeReason::AccountDisabled,
                now,
            )
            .await
            .map_err(|e| e.to_string())?;
            tracing::info!(account_id = %account.id, "staff account disabled");
            (
                portal_shared::officers::AuditAction::StaffDisabled,
                format!("{} disabled; their sessions have ended", account.email),
            )
        }
        "reset-staff-password" => {
            if account.is_disabled() {
                return Err(format!("{} is disabled", account.email));
            }
            let link = portal_domain::secret_token::SecretToken::generate();
            email_password_link(&tx, branding, &account, &link, now).await?;
            tracing::info!(account_id = %account.id, "staff password reset link issued by the operator");
            (
                portal_shared::officers::AuditAction::StaffPasswordLinkSent,
                format!(
                    "a link to choose a new password was emailed to {}",
                    account.email
                ),
            )
        }
        "reset-staff-second-factor" => {
            if !portal_persistence::second_factors::remove(&tx, account.id)
                .await
                .map_err(|e| e.to_string())?
            {
                return Err(format!(
                    "{} has no authenticator set up: their next login sets one up",
                    account.email
                ));
            }
            portal_persistence::sessions::revoke_all_for_account(
                &tx,
                account.id,
                None,
                portal_persistence::sessions::RevokeReason::SecondFactorReset,
                now,
            )
            .await
            .map_err(|e| e.to_string())?;
            tracing::info!(account_id = %account.id, "staff second factor reset by the operator");
            (
                portal_shared::officers::AuditAction::StaffSecondFactorReset,
                format!(
                    "{}'s authenticator and recovery codes are forgotten and their sessions ended: their next login (with their password) sets up a new authenticator",
                    account.email
                ),
            )
        }
        _ => return Err(STAFF_ACCOUNT_USAGE.to_owned()),
    };
    tx.commit().await.map_err(|e| e.to_string())?;
    crate::audit_trail::record_command(
        db,
        action,
        command,
        Some(format!("{} {}", account.role.as_str(), account.id)),
    )
    .await?;
    Ok(printed)
}

pub const AUDIT_USAGE: &str = "Usage: portal audit verify

  verify   recompute the hash chain of the audit log and name the first event that was edited, inserted or deleted";

/// `portal audit verify`.
pub async fn audit_command(db: &DatabaseConnection, args: &[String]) -> Result<String, String> {
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["verify"] => match portal_persistence::audit::verify(db)
            .await
            .map_err(|e| e.to_string())?
        {
            portal_persistence::audit::ChainCheck::Intact { chained, unchained } => Ok(format!(
                "audit chain intact: {chained} events{}",
                if unchained > 0 {
                    format!(" ({unchained} recorded while it was checked, linked next)")
                } else {
                    String::new()
                }
            )),
            portal_persistence::audit::ChainCheck::BrokenAt { sequence } => Err(format!(
                "audit chain broken at event {sequence}: it, or the one before it, was edited, inserted or deleted"
            )),
        },
        _ => Err(AUDIT_USAGE.to_owned()),
    }
}
