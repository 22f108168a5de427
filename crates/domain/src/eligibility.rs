//! The eligibility decision of a pre-registration: rules kept as data (stored, versioned,
//! edited by an operator), evaluated over the traveler's answers and trip at submission.
//!
//! A rule describes a reason to refuse; the pre-registration is approved when no rule
//! fires. Every decision records the rule-set version and the codes of the rules that
//! fired, so that any past decision can be explained.

use chrono::NaiveDate;
use portal_shared::preregistrations::{EntryMode, MAX_STAY_DAYS, control_questions};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A condition over the [`Facts`] of a pre-registration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Condition {
    /// Control question `question` was answered `answer` (yes = `true`).
    ControlAnswer { question: String, answer: bool },
    /// The declared stay (departure − arrival) is longer than `days`.
    StayLongerThan { days: u32 },
    /// The travel document expires before the declared departure date.
    DocumentExpiresBeforeDeparture,
    /// The traveler enters by `mode` (`air`, `sea`, `land`).
    EntryMode { mode: String },
    /// Every condition holds.
    AllOf { conditions: Vec<Condition> },
    /// At least one condition holds.
    AnyOf { conditions: Vec<Condition> },
}

/// One reason to refuse a pre-registration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Stable identifier recorded with each decision, e.g. `deported`.
    pub code: String,
    /// What the rule means, for operators and audits.
    pub description: String,
    pub when: Condition,
}

/// The rules in force, as an operator edits them (JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
}

/// What the rules look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    pub control_answers: BTreeMap<String, bool>,
    pub entry_mode: String,
    pub arrival: NaiveDate,
    pub departure: NaiveDate,
    pub document_expiry: NaiveDate,
}

impl Facts {
    /// The facts of a trip with its migration-control answers, for a document expiring on
    /// `document_expiry`; a date not given counts as `today`.
    pub fn of(
        trip: &portal_shared::preregistrations::TripInformation,
        control: &portal_shared::preregistrations::MigrationControl,
        document_expiry: NaiveDate,
        today: NaiveDate,
    ) -> Self {
        Self {
            control_answers: control.answers.clone(),
            entry_mode: trip.entry_mode.as_str().to_owned(),
            arrival: trip.arrival_date.unwrap_or(today),
            departure: trip.departure_date.unwrap_or(today),
            document_expiry,
        }
    }
}

/// Why a rule set cannot be put in force.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleSetError {
    #[error("the rules are not valid JSON for a rule set: {0}")]
    Format(String),
    #[error("rule {index}: the code must be 1–40 letters, digits, '-' or '_'")]
    BadCode { index: usize },
    #[error("rule code {0:?} appears more than once")]
    DuplicateCode(String),
    #[error("rule {code:?}: unknown control question {question:?}")]
    UnknownQuestion { code: String, question: String },
    #[error("rule {code:?}: unknown entry mode {mode:?}")]
    UnknownEntryMode { code: String, mode: String },
    #[error("rule {code:?}: a stay limit must be 1–{max} days")]
    StayLimit { code: String, max: u64 },
    #[error("rule {code:?}: all_of / any_of needs at least one condition")]
    EmptyGroup { code: String },
}

impl Condition {
    fn holds(&self, facts: &Facts) -> bool {
        match self {
            Condition::ControlAnswer { question, answer } => {
                facts.control_answers.get(question) == Some(answer)
            }
            Condition::StayLongerThan { days } => {
                (facts.departure - facts.arrival).num_days() > i64::from(*days)
            }
            Condition::DocumentExpiresBeforeDeparture => facts.document_expiry < facts.departure,
            Condition::EntryMode { mode } => &facts.entry_mode == mode,
            Condition::AllOf { conditions } => conditions.iter().all(|c| c.holds(facts)),
            Condition::AnyOf { conditions } => conditions.iter().any(|c| c.holds(facts)),
        }
    }

    fn check(&self, code: &str) -> Result<(), RuleSetError> {
        match self {
            Condition::ControlAnswer { question, .. } => {
                if control_questions()
                    .iter()
                    .any(|known| known.code == *question)
                {
                    Ok(())
                } else {
                    Err(RuleSetError::UnknownQuestion {
                        code: code.to_owned(),
                        question: question.clone(),
                    })
                }
            }
            Condition::StayLongerThan { days } => {
                if (1..=MAX_STAY_DAYS).contains(&u64::from(*days)) {
                    Ok(())
                } else {
                    Err(RuleSetError::StayLimit {
                        code: code.to_owned(),
                        max: MAX_STAY_DAYS,
                    })
                }
            }
            Condition::DocumentExpiresBeforeDeparture => Ok(()),
            Condition::EntryMode { mode } => {
                if EntryMode::parse(mode).is_some() {
                    Ok(())
                } else {
                    Err(RuleSetError::UnknownEntryMode {
                        code: code.to_owned(),
                        mode: mode.clone(),
                    })
                }
            }
            Condition::AllOf { conditions } | Condition::AnyOf { conditions } => {
                if conditions.is_empty() {
                    return Err(RuleSetError::EmptyGroup {
                        code: code.to_owned(),
                    });
                }
                conditions.iter().try_for_each(|c| c.check(code))
            }
        }
    }
}

impl RuleSet {
    /// Reads and checks a rule set written by an operator.
    pub fn parse(json: &str) -> Result<Self, RuleSetError> {
        let set: RuleSet =
            serde_json::from_str(json).map_err(|e| RuleSetError::Format(e.to_string()))?;
        set.check()?;
        Ok(set)
    }

    /// Every code well-formed and unique; every condition refers to known catalog values.
    pub fn check(&self) -> Result<(), RuleSetError> {
        let mut seen = std::collections::BTreeSet::new();
        for (index, rule) in self.rules.iter().enumerate() {
            let well_formed = (1..=40).contains(&rule.code.len())
                && rule
                    .code
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if !well_formed {
                return Err(RuleSetError::BadCode { index: index + 1 });
            }
            if !seen.insert(rule.code.as_str()) {
                return Err(RuleSetError::DuplicateCode(rule.code.clone()));
            }
            rule.when.check(&rule.code)?;
        }
        Ok(())
    }

    /// The codes of the rules that fire for `facts`, in rule order; empty means approved.
    pub fn fired(&self, facts: &Facts) -> Vec<String> {
        self.rules
            .iter()
            .filter(|rule| rule.when.holds(facts))
            .map(|rule| rule.code.clone())
            .collect()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The rules in force on a fresh installation (version 1): a "yes" to any question
    /// about deportation, refused entry, overstays, convictions or pending proceedings; a
    /// "no" to having an onward ticket or enough means; a document that expires before
    /// the declared departure.
    pub fn initial() -> Self {
        let answer = |code: &str, question: &str, answer: bool, description: &str| Rule {
            code: code.to_owned(),
            description: description.to_owned(),
            when: Condition::ControlAnswer {
                question: question.to_owned(),
                answer,
            },
        };
        RuleSet {
            rules: vec![
                answer(
                    "deported",
                    "deported",
                    true,
                    "Declares a past deportation or expulsion.",
                ),
                answer(
                    "refused_entry",
                    "refused_entry",
                    true,
                    "Declares a previous refusal of entry to Mexico.",
                ),
                answer(
                    "overstayed",
                    "overstayed",
                    true,
                    "Declares an overstay on a previous visit.",
                ),
                answer(
                    "convicted",
                    "convicted",
                    true,
                    "Declares a criminal conviction.",
                ),
                answer(
                    "pending_proceedings",
                    "pending_proceedings",
                    true,
                    "Declares pending criminal proceedings.",
                ),
                answer(
                    "no_onward_ticket",
                    "return_ticket",
                    false,
                    "Has no return or onward ticket.",
                ),
                answer(
                    "insufficient_means",
                    "sufficient_means",
                    false,
                    "Declares insufficient means for the stay.",
                ),
                Rule {
                    code: "document_expires_during_stay".to_owned(),
                    description: "The travel document expires before the declared departure."
                        .to_owned(),
                    when: Condition::DocumentExpiresBeforeDeparture,
                },
            ],
        }
    }
}

/// How long after a refusal a new pre-registration of the same document is refused.
pub const RETRY_BLOCK_HOURS: i64 = 3;

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn facts() -> Facts {
        let mut answers = BTreeMap::new();
        for question in control_questions() {
            answers.insert(question.code.clone(), false);
        }
        answers.insert("return_ticket".to_owned(), true);
        answers.insert("sufficient_means".to_owned(), true);
        Facts {
            control_answers: answers,
            entry_mode: "air".into(),
            arrival: date(2026, 12, 20),
            departure: date(2027, 1, 5),
            document_expiry: date(2030, 1, 1),
        }
    }

    #[test]
    fn a_clean_record_fires_no_initial_rule() {
        assert!(RuleSet::initial().fired(&facts()).is_empty());
        assert_eq!(RuleSet::initial().check(), Ok(()));
    }

    #[test]
    fn each_risky_answer_fires_its_rule() {
        let rules = RuleSet::initial();
        for (question, answer, code) in [
            ("deported", true, "deported"),
            ("refused_entry", true, "refused_entry"),
            ("overstayed", true, "overstayed"),
            ("convicted", true, "convicted"),
            ("pending_proceedings", true, "pending_proceedings"),
            ("return_ticket", false, "no_onward_ticket"),
            ("sufficient_means", false, "insufficient_means"),
        ] {
            let mut facts = facts();
            facts.control_answers.insert(question.to_owned(), answer);
            assert_eq!(rules.fired(&facts), vec![code.to_owned()], "{question}");
        }
    }

    #[test]
    fn a_document_expiring_before_departure_fires() {
        let mut facts = facts();
        facts.document_expiry = date(2027, 1, 4);
        assert_eq!(
            RuleSet::initial().fired(&facts),
            vec!["document_expires_during_stay".to_owned()]
        );
        facts.document_expiry = date(2027, 1, 5);
        assert!(RuleSet::initial().fired(&facts).is_empty());
    }

    #[test]
    fn operator_rules_combine_conditions() {
        let json = r#"{"rules":[{"code":"long_sea_stay","description":"Long stays by sea",
            "when":{"kind":"all_of","conditions":[{"kind":"entry_mode","mode":"sea"},
            {"kind":"stay_longer_than","days":30}]}}]}"#;
        let rules = RuleSet::parse(json).unwrap_or(RuleSet { rules: vec![] });
        assert_eq!(rules.rules.len(), 1);
        let mut facts = facts();
        assert!(rules.fired(&facts).is_empty(), "by air");
        facts.entry_mode = "sea".to_owned();
        assert!(rules.fired(&facts).is_empty(), "16 days");
        facts.departure = date(2027, 2, 1);
        assert_eq!(rules.fired(&facts), vec!["long_sea_stay".to_owned()]);
        assert_eq!(RuleSet::parse(&rules.to_json()), Ok(rules));
    }

    #[test]
    fn malformed_rule_sets_are_refused_with_the_reason() {
        let one =
            |when: &str| format!(r#"{{"rules":[{{"code":"x","description":"d","when":{when}}}]}}"#);
        assert!(matches!(
            RuleSet::parse(&one(
                r#"{"kind":"control_answer","question":"nope","answer":true}"#
            )),
            Err(RuleSetError::UnknownQuestion { .. })
        ));
        assert!(matches!(
            RuleSet::parse(&one(r#"{"kind":"entry_mode","mode":"space"}"#)),
            Err(RuleSetError::UnknownEntryMode { .. })
        ));
        assert!(matches!(
            RuleSet::parse(&one(r#"{"kind":"stay_longer_than","days":0}"#)),
            Err(RuleSetError::StayLimit { .. })
        ));
        assert!(matches!(
            RuleSet::parse(&one(r#"{"kind":"any_of","conditions":[]}"#)),
            Err(RuleSetError::EmptyGroup { .. })
        ));
        assert!(matches!(
            RuleSet::parse(&one(r#"{"kind":"always"}"#)),
            Err(RuleSetError::Format(_))
        ));
        let twice = r#"{"rules":[{"code":"a","description":"","when":{"kind":"document_expires_before_departure"}},
            {"code":"a","description":"","when":{"kind":"document_expires_before_departure"}}]}"#;
        assert_eq!(
            RuleSet::parse(twice),
            Err(RuleSetError::DuplicateCode("a".to_owned()))
        );
        let bad_code = r#"{"rules":[{"code":"a b","description":"","when":{"kind":"document_expires_before_departure"}}]}"#;
        assert_eq!(
            RuleSet::parse(bad_code),
            Err(RuleSetError::BadCode { index: 1 })
        );
    }
}
