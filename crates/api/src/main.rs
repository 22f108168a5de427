//! `portal` command line: `serve` (default), `migrate`, `openapi`, `rules`.

use portal_api::config::{self, Settings};
use portal_api::startup::{Application, prepare_database};
use std::process::ExitCode;

const USAGE: &str = "Usage: portal [serve | migrate | openapi | rules … | help]

  serve     apply pending migrations, then serve the API, Swagger UI and the web app (default)
  migrate   apply pending migrations and exit
  openapi   print the OpenAPI document (as committed in api-spec/openapi.json)
  rules     show, check and publish the eligibility rules (portal rules help)
  help      this text and the PORTAL_… settings";

fn main() -> ExitCode {
    portal_scan::restart_with_one_openmp_thread();
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
        "serve" | "migrate" | "rules" => {
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
