//! `portal` command line: `serve` (default), `migrate`, `openapi`, and the operator's
//! `rules`, `keys`, `create-officer`, `create-operator`.

use portal_api::config::{self, Settings};
use portal_api::startup::{Application, prepare_database};
use std::process::ExitCode;

const USAGE: &str = "Usage: portal [serve | migrate | openapi | rules … | keys … | create-officer … | create-operator … | disable-staff EMAIL | reset-staff-password EMAIL | reset-staff-second-factor EMAIL | offices publish|assign|close … | audit verify | help]

  serve            apply pending migrations, then serve the API, Swagger UI and the web app (default)
  migrate          apply pending migrations and exit
  openapi          print the OpenAPI document (as committed in api-spec/openapi.json)
  rules            show, check and publish the eligibility rules (portal rules help)
  keys             list, rotate and retire the keys that sign receipt QR codes (portal keys help)
  create-officer   create a migration officer's account (portal create-officer help)
  create-operator  create an operator's account
  disable-staff    disable an officer's or operator's account and end their sessions
  reset-staff-password  email a staff member a link to choose a new password (staff cannot ask for one)
  reset-staff-second-factor  forget a staff member's authenticator (lost phone): their next login sets up a new one
  offices publish  publish the seats of every INM office's appointment slots for the next DAYS days (60)
  audit verify     check the hash chain of the audit log
  help             this text and the PORTAL_… settings";

/// The portal's name and address, as emails sent from the command line carry them.
fn branding(settings: &Settings) -> portal_mailer::Branding {
    portal_mailer::Branding {
        portal_name: portal_api::startup::PORTAL_NAME.to_owned(),
        public_url: settings.public_url.clone(),
    }
}

fn main() -> ExitCode {
    portal_scan::restart_with_environment(portal_api::PROCESS_ENVIRONMENT);
    let command = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "serve".to_owned());
    match command.as_str() {
        "openapi" => {
            print!("{}", portal_api::openapi::openapi_json());
            ExitCode::SUCCESS
        }
        "help" | "--help" | "-h" => {
            println!("{USAGE}\n\nSettings (environment or portal.toml):");
            for (name, description) in config::VARIABLES {
                println!("  {name:<34} {description}");
            }
            ExitCode::SUCCESS
        }
        "serve"
        | "migrate"
        | "rules"
        | "keys"
        | "create-officer"
        | "create-operator"
        | "disable-staff"
        | "reset-staff-password"
        | "reset-staff-second-factor"
        | "offices"
        | "audit" => {
            let settings = match Settings::load() {
                Ok(settings) => settings,
                Err(error) => {
                    eprintln!("configuration error: {error}");
                    return ExitCode::from(2);
                }
            };
            portal_api::telemetry::init(settings.log_json);
            let outcome = actix_web::rt::System::new().block_on(async move {
                if command == "migrate" {
                    prepare_database(&settings)
                        .await
                        .map(|_| ())
                        .map_err(|e| e.to_string())
                } else if command == "rules" {
                    let db = prepare_database(&settings)
                        .await
                        .map_err(|e| e.to_string())?;
                    portal_persistence::eligibility_rules::ensure_initial(&db, chrono::Utc::now())
                        .await
                        .map_err(|e| e.to_string())?;
                    let args: Vec<String> = std::env::args().skip(2).collect();
                    let printed = portal_api::operator::rules_command(&db, &args).await?;
                    println!("{printed}");
                    Ok(())
                } else if command == "keys" {
                    let db = prepare_database(&settings)
                        .await
                        .map_err(|e| e.to_string())?;
                    let keks = portal_api::keys::load_key_encryption_keys(&settings)
                        .map_err(|e| e.to_string())?;
                    portal_api::keys::ensure_receipt_key(
                        &db,
                        &settings.data_dir,
                        &keks,
                        chrono::Utc::now(),
                    )
                    .await
                    .map_err(|e| e.to_string())?;
                    let args: Vec<String> = std::env::args().skip(2).collect();
                    let args: Vec<&str> = args.iter().map(String::as_str).collect();
                    let printed =
                        portal_api::keys::keys_command(&db, &keks, &settings.data_dir, &args)
                            .await?;
                    println!("{printed}");
                    Ok(())
                } else if command == "offices" {
                    let db = prepare_database(&settings)
                        .await
                        .map_err(|e| e.to_string())?;
                    let args: Vec<String> = std::env::args().skip(2).collect();
                    let branding = portal_mailer::Branding {
                        portal_name: portal_api::startup::PORTAL_NAME.to_owned(),
                        public_url: settings.public_url.clone(),
                    };
                    let printed = portal_api::routes::citas::offices_command(
                        &db,
                        &branding,
                        &args,
                        chrono::Utc::now(),
                    )
                    .await?;
                    println!("{printed}");
                    Ok(())
                } else if command == "audit" {
                    let db = prepare_database(&settings)
                        .await
                        .map_err(|e| e.to_string())?;
                    let args: Vec<String> = std::env::args().skip(2).collect();
                    let printed = portal_api::operator::audit_command(&db, &args).await?;
                    println!("{printed}");
                    Ok(())
                } else if matches!(
                    command.as_str(),
                    "disable-staff" | "reset-staff-password" | "reset-staff-second-factor"
                ) {
                    let args: Vec<String> = std::env::args().skip(2).collect();
                    let db = prepare_database(&settings)
                        .await
                        .map_err(|e| e.to_string())?;
                    let branding = branding(&settings);
                    let printed = portal_api::operator::staff_account_command(
                        &db, &branding, &command, &args,
                    )
                    .await?;
                    println!("{printed}");
                    Ok(())
                } else if command.starts_with("create-") {
                    let args: Vec<String> = std::env::args().skip(2).collect();
                    if args.first().is_some_and(|a| a == "help" || a == "--help") {
                        println!("{}", portal_api::operator::STAFF_USAGE);
                        return Ok(());
                    }
                    let role = if command == "create-officer" {
                        portal_domain::account::Role::Officer
                    } else {
                        portal_domain::account::Role::Operator
                    };
                    let db = prepare_database(&settings)
                        .await
                        .map_err(|e| e.to_string())?;
                    let branding = branding(&settings);
                    let printed = portal_api::operator::create_staff_command(
                        &db,
                        &branding,
                        role,
                        &args,
                        || {
                            let mut line = String::new();
                            std::io::stdin()
                                .read_line(&mut line)
                                .map_err(|e| format!("cannot read the password: {e}"))?;
                            Ok(line.trim_end_matches(['\r', '\n']).to_owned())
                        },
                    )
                    .await?;
                    println!("{printed}");
                    Ok(())
                } else {
                    let app = Application::build(settings)
                        .await
                        .map_err(|e| e.to_string())?;
                    tracing::info!(port = app.port(), "listening");
                    app.run_until_stopped().await.map_err(|e| e.to_string())
                }
            });
            match outcome {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    tracing::error!(%error, "portal stopped with an error");
                    eprintln!("error: {error}");
                    ExitCode::FAILURE
                }
            }
        }
        other => {
            eprintln!("unknown command {other:?}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}
