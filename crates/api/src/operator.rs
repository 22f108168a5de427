//! Operator commands that act on the database: `portal rules …` edits the eligibility
//! rules (every edit is a new version; decisions record the version that took them).

use chrono::Utc;
use portal_domain::eligibility::RuleSet;
use portal_persistence::{DatabaseConnection, eligibility_rules};

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
            Ok(format!("version {version} in force"))
        }
        _ => Err(RULES_USAGE.to_owned()),
    }
}
