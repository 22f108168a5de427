//! Step 3, Control Migratorio.

use super::control_questions;
use crate::error::FieldErrorCode;
use crate::validation::FieldErrors;
use serde::{Deserialize, Serialize};

/// Step 3, Control Migratorio: the answer to each question of [`CONTROL_QUESTIONS`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct MigrationControl {
    /// Question code → yes (`true`) or no (`false`); every question must be present.
    pub answers: std::collections::BTreeMap<String, bool>,
}

impl MigrationControl {
    /// Every question answered, and nothing else.
    pub fn check(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut errors = FieldErrors::new();
        for question in control_questions() {
            let code = question.code.as_str();
            if !self.answers.contains_key(code) {
                errors.add(&format!("answers.{code}"), FieldErrorCode::AnswerRequired);
            }
        }
        for code in self.answers.keys() {
            if !control_questions().iter().any(|known| known.code == *code) {
                errors.add(&format!("answers.{code}"), FieldErrorCode::UnknownOption);
            }
        }
        let errors = errors.into_vec();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}
