//! Field-by-field validation results with Spanish and English messages.

use crate::FieldError;
use crate::password::{self, PasswordRule};
use validator::ValidationErrors;

/// Collects field errors while a request is checked.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an error whose messages come from the message table.
    pub fn add(&mut self, field: &str, code: &str) {
        self.0.push(field_error(field, code));
    }

    /// Adds the errors found by a `validator` derive, nested fields as `outer.inner`.
    pub fn add_validator_errors(&mut self, errors: &ValidationErrors) {
        collect(errors, "", &mut self.0);
    }

    /// Adds one error per password rule that `value` breaks.
    pub fn check_password(&mut self, field: &str, value: &str) {
        for rule in password::broken_rules(value) {
            self.0.push(password_rule_error(field, rule));
        }
    }

    /// Adds `mismatch` on `confirmation_field` unless the two values are equal.
    pub fn check_confirmation(
        &mut self,
        confirmation_field: &str,
        value: &str,
        confirmation: &str,
    ) {
        if value != confirmation {
            self.add(confirmation_field, "confirmation_mismatch");
        }
    }

    /// Adds `required` on `field` when `value` is blank.
    pub fn check_required(&mut self, field: &str, value: &str) {
        if value.trim().is_empty() {
            self.add(field, "required");
        }
    }

    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|e| e.field == field)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_vec(self) -> Vec<FieldError> {
        self.0
    }

    /// `Ok` when nothing was collected.
    pub fn into_result(self) -> Result<(), Vec<FieldError>> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self.0)
        }
    }
}

fn collect(errors: &ValidationErrors, prefix: &str, out: &mut Vec<FieldError>) {
    use validator::ValidationErrorsKind;
    let mut entries: Vec<_> = errors.errors().iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    for (field, kind) in entries {
        let name = if prefix.is_empty() {
            field.to_string()
        } else {
            format!("{prefix}.{field}")
        };
        match kind {
            ValidationErrorsKind::Field(list) => {
                for error in list {
                    out.push(field_error(&name, &error.code));
                }
            }
            ValidationErrorsKind::Struct(inner) => collect(inner, &name, out),
            ValidationErrorsKind::List(items) => {
                for (index, inner) in items {
                    collect(inner, &format!("{name}[{index}]"), out);
                }
            }
        }
    }
}

/// The error for one broken password rule.
pub fn password_rule_error(field: &str, rule: PasswordRule) -> FieldError {
    let (es, en) = rule.label();
    FieldError {
        field: field.to_owned(),
        code: rule.code().to_owned(),
        message: format!("La contraseña no cumple: {}.", es.to_lowercase()),
        message_en: format!("The password does not meet: {}.", en.to_lowercase()),
    }
}

/// Builds a field error with the messages of `code`.
pub fn field_error(field: &str, code: &str) -> FieldError {
    let (message, message_en) = message_for(code);
    FieldError {
        field: field.to_owned(),
        code: code.to_owned(),
        message: message.to_owned(),
        message_en: message_en.to_owned(),
    }
}

/// Spanish and English text of a field error code.
pub fn message_for(code: &str) -> (&'static str, &'static str) {
    match code {
        "required" => ("Este campo es obligatorio.", "This field is required."),
        "too_long" => ("El texto es demasiado largo.", "The text is too long."),
        "invalid_characters" => (
            "Contiene caracteres no permitidos.",
            "It contains characters that are not allowed.",
        ),
        "invalid_email" => (
            "Escriba un correo electrónico válido, por ejemplo nombre@dominio.com.",
            "Enter a valid email address, for example name@domain.com.",
        ),
        "confirmation_mismatch" => (
            "La confirmación no coincide.",
            "The confirmation does not match.",
        ),
        "under_age" => (
            "Debe tener 18 años cumplidos para crear una cuenta.",
            "You must be at least 18 years old to create an account.",
        ),
        "birth_date_in_future" => (
            "La fecha de nacimiento no puede ser posterior a hoy.",
            "The birth date cannot be later than today.",
        ),
        "birth_date_too_old" => (
            "Revise la fecha de nacimiento.",
            "Please check the birth date.",
        ),
        "unknown_country" => (
            "Seleccione un país de la lista.",
            "Choose a country from the list.",
        ),
        "unknown_sex" => (
            "Seleccione una opción de la lista.",
            "Choose an option from the list.",
        ),
        "unknown_calling_code" => (
            "Seleccione una clave lada de la lista.",
            "Choose a country calling code from the list.",
        ),
        "invalid_phone" => (
            "Escriba solo dígitos: entre 6 y 15.",
            "Use digits only: between 6 and 15.",
        ),
        "unknown_recovery_kind" => (
            "Seleccione qué desea recuperar.",
            "Choose what you want to recover.",
        ),
        "same_as_current" => (
            "La nueva contraseña debe ser distinta de la actual.",
            "The new password must differ from the current one.",
        ),
        "wrong_current_password" => (
            "La contraseña actual no es correcta.",
            "The current password is not correct.",
        ),
        "captcha_invalid" => (
            "El texto de la imagen no es correcto o ya expiró.",
            "The text from the image is wrong or has expired.",
        ),
        "unknown_option" => (
            "Seleccione una opción de la lista.",
            "Choose an option from the list.",
        ),
        "nationality_not_in_document" => (
            "La nacionalidad debe ser la que indica el documento (la del país que lo expidió).",
            "The nationality must be the one the document states (that of the issuing country).",
        ),
        "invalid_document_number" => (
            "Escriba solo letras y números, como aparecen en el documento.",
            "Use only letters and digits, as printed on the document.",
        ),
        "issue_date_in_future" => (
            "La fecha de expedición no puede ser posterior a hoy.",
            "The issue date cannot be later than today.",
        ),
        "issue_date_before_birth" => (
            "La fecha de expedición no puede ser anterior a la de nacimiento.",
            "The issue date cannot be before the birth date.",
        ),
        "expiry_before_issue" => (
            "La fecha de vencimiento debe ser posterior a la de expedición.",
            "The expiry date must be after the issue date.",
        ),
        "document_expired" => ("El documento está vencido.", "The document has expired."),
        "insufficient_validity" => (
            "El pasaporte debe tener una vigencia de al menos 6 meses a partir de hoy.",
            "The passport must remain valid for at least 6 more months from today.",
        ),
        "holder_birth_date_mismatch" => (
            "Para el titular, la fecha de nacimiento debe ser la de la cuenta.",
            "For the account holder, the birth date must be the one of the account.",
        ),
        "classification_not_in_document" => (
            "El documento es diplomático: márquelo como tal.",
            "The document is diplomatic: mark it as such.",
        ),
        "document_already_registered" => (
            "Este pasaporte ya está registrado en su cuenta.",
            "This passport is already registered in your account.",
        ),
        "image_required" => (
            "Adjunte una imagen del pasaporte (PNG, JPG o JPEG, máximo 2 MB).",
            "Attach a picture of the passport (PNG, JPG or JPEG, at most 2 MB).",
        ),
        "not_an_image" => (
            "El archivo no es una imagen PNG, JPG o JPEG.",
            "The file is not a PNG, JPG or JPEG image.",
        ),
        "image_too_large" => (
            "La imagen tiene demasiados píxeles. Reduzca su tamaño e intente de nuevo.",
            "The image has too many pixels. Make it smaller and try again.",
        ),
        "image_damaged" => (
            "La imagen está dañada o incompleta. Tome o elija otra.",
            "The image is damaged or incomplete. Take or choose another one.",
        ),
        "mrz_not_found" => (
            "No se pudo leer la zona de lectura mecánica (las dos líneas con «<<<» al pie de la página del pasaporte). Tome una foto más nítida, con la página completa y sin reflejos, o capture los datos a mano.",
            "The machine readable zone (the two lines with “<<<” at the foot of the passport page) could not be read. Take a sharper photo of the whole page without glare, or type the data.",
        ),
        "scan_not_found" => (
            "La foto leída ya no está disponible (vence en 1 hora). Vuelva a validar el documento.",
            "The photo that was read is no longer available (it lasts 1 hour). Validate the document again.",
        ),
        "entry_point_not_for_mode" => (
            "Elija un punto de internación de la vía seleccionada.",
            "Choose a port of entry of the selected way of entry.",
        ),
        "invalid_flight_number" => (
            "Escriba el número de vuelo como aparece en su boleto, por ejemplo AM 719.",
            "Enter the flight number as printed on your ticket, for example AM 719.",
        ),
        "specification_not_for_reason" => (
            "Elija una especificación del motivo de viaje seleccionado.",
            "Choose a specification of the selected purpose of trip.",
        ),
        "arrival_in_past" => (
            "La fecha de llegada a México no puede ser anterior a hoy.",
            "The arrival date in Mexico cannot be before today.",
        ),
        "departure_not_after_arrival" => (
            "La fecha de salida debe ser posterior a la fecha de llegada.",
            "The departure date must be after the arrival date.",
        ),
        "invalid_reference" => (
            "Escriba el número como aparece en su tarjeta: letras, números o guiones, máximo 20.",
            "Type the number as printed on your card: letters, digits or hyphens, at most 20.",
        ),
        "preregistration_not_available" => (
            "Este documento no puede iniciar un Pre-Registro: es solo para pasaportes colombianos vigentes.",
            "This document cannot start a Pre-Registro: it is only for valid Colombian passports.",
        ),
        "invalid_mexican_phone" => (
            "Escriba el teléfono en México con sus 10 dígitos, sin espacios.",
            "Enter the phone number in Mexico as its 10 digits, without spaces.",
        ),
        "resident_card_expired" => (
            "La tarjeta de residente está vencida.",
            "The resident card has expired.",
        ),
        "step_not_saved" => (
            "Primero guarde el paso anterior del Pre-Registro.",
            "First save the previous step of the Pre-Registro.",
        ),
        "answer_required" => (
            "Responda esta pregunta (Sí o No).",
            "Answer this question (Yes or No).",
        ),
        "unsupported_file_type" => (
            "El archivo debe ser PDF, JPG, JPEG o PNG (se revisa su contenido, no su nombre).",
            "The file must be a PDF, JPG, JPEG or PNG (its content is checked, not its name).",
        ),
        "file_required" => ("Elija un archivo.", "Choose a file."),
        "invalid_file_name" => (
            "El nombre del archivo no es válido: no debe incluir rutas (/, \\, ..) ni caracteres de control, y debe tener como máximo 200 caracteres. Cámbielo e intente de nuevo.",
            "The file name is not valid: it must not contain paths (/, \\, ..) or control characters, and must be at most 200 characters. Rename it and try again.",
        ),
        "file_damaged" => (
            "El archivo está incompleto o dañado. Genérelo o escanéelo de nuevo.",
            "The file is incomplete or damaged. Create or scan it again.",
        ),
        "file_has_active_content" => (
            "El PDF contiene contenido activo (JavaScript, acciones o archivos incrustados) y no puede aceptarse. Imprímalo a un PDF nuevo o adjunte una imagen.",
            "The PDF contains active content (JavaScript, actions or embedded files) and cannot be accepted. Print it to a new PDF or attach an image.",
        ),
        "stay_too_long" => (
            "La fecha de salida de México no debe ser mayor a 180 días después de la llegada.",
            "The departure from Mexico must be at most 180 days after the arrival.",
        ),
        "resident_exit_required" => (
            "Con tarjeta de residente temporal o permanente, elija el tipo de salida Residente.",
            "With a temporary or permanent resident card, choose the exit type Resident.",
        ),
        "resident_exit_needs_card" => (
            "El tipo de salida Residente es solo para quien tiene tarjeta de residente (NUE); elija Visitante.",
            "The exit type Resident is only for holders of a resident card (NUE); choose Visitor.",
        ),
        "not_eligible_after_change" => (
            "Con estas fechas el Pre-Registro ya no cumple los requisitos (por ejemplo, su documento vence antes de la salida). No se hizo ningún cambio.",
            "With these dates the pre-registration no longer meets the requirements (for example, your document expires before departure). Nothing was changed.",
        ),
        "terms_not_accepted" => (
            "Lea y acepte los términos y condiciones para enviar la información.",
            "Read and accept the terms and conditions to send the information.",
        ),
        "attachment_required" => (
            "Adjunte este archivo: es obligatorio.",
            "Attach this file: it is required.",
        ),
        "authorized_days_out_of_range" => (
            "La estancia autorizada debe ser de 1 a 180 días.",
            "The authorized stay must be 1 to 180 days.",
        ),
        _ => ("Valor no válido.", "Invalid value."),
    }
}

/// Whether `email` (already trimmed) is an address the portal can write to: a local part
/// of the characters HTML forms allow in one (`A-Z a-z 0-9 .!#$%&'*+/=?^_`{|}~-`, at most
/// 64), `@`, and a domain of dot-separated labels of letters (any script), digits and
/// inner hyphens, each at most 63 characters. The rule of `validator`'s email check,
/// written out so that the browser app does not carry a regular-expression engine for it;
/// address literals (`user@[10.0.0.1]`) are refused.
pub fn is_valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.rsplit_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.chars().count() <= 64
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-".contains(c));
    let label_ok = |label: &str| {
        !label.is_empty()
            && label.chars().count() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    local_ok && domain.chars().count() <= 255 && domain.split('.').all(label_ok)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_email_rule_agrees_with_validators_on_every_combination_of_tricky_parts() {
        let locals = [
            "ana",
            "a.b",
            "a+b",
            "a b",
            "",
            "ñ",
            "a@b",
            "x".repeat(64).leak(),
            "x".repeat(65).leak(),
            "o'k",
            "\"q\"",
        ];
        let domains = [
            "example.com",
            "b",
            "-a.com",
            "a-.com",
            "a..com",
            "exa_mple.com",
            "münchen.de",
            "[10.0.0.1]",
            "",
            "a.b.c.d",
            "y".repeat(63).leak(),
            "y".repeat(64).leak(),
            "ex ample.com",
        ];
        for local in locals {
            for domain in domains {
                let email = format!("{local}@{domain}");
                let theirs = validator::ValidateEmail::validate_email(&email);
                if domain.starts_with('[') {
                    assert!(
                        !is_valid_email(&email),
                        "{email}: address literals are refused"
                    );
                } else {
                    assert_eq!(is_valid_email(&email), theirs, "{email}");
                }
            }
        }
    }

    #[test]
    fn emails_are_checked_by_the_same_rule_as_before() {
        for good in [
            "ana@example.com",
            "maria.jose+viajes@correo.gov.co",
            "o'brien@example.co",
            "a@b",
            "user@xn--80ak6aa92e.com",
            "josé@example.com".replacen("josé", "jose", 1).as_str(),
            "ana@correo.méxico.mx",
            "x_y-z{1}@sub-domain.example",
        ] {
            assert!(is_valid_email(good), "{good}");
        }
        for bad in [
            "",
            "ana",
            "@example.com",
            "ana@",
            "ana@@example.com",
            "ana maria@example.com",
            "josé@example.com",
            "ana@-example.com",
            "ana@example-.com",
            "ana@example..com",
            "ana@exam_ple.com",
            "ana@[10.0.0.1]",
            "ana@example.com ",
            &format!("{}@example.com", "a".repeat(65)),
            &format!("ana@{}.com", "b".repeat(64)),
        ] {
            assert!(!is_valid_email(bad), "{bad}");
        }
    }

    use super::*;

    #[test]
    fn every_code_used_by_the_rules_has_its_own_message() {
        for code in [
            "required",
            "too_long",
            "invalid_characters",
            "invalid_email",
            "confirmation_mismatch",
            "under_age",
            "birth_date_in_future",
            "birth_date_too_old",
            "unknown_country",
            "unknown_sex",
            "unknown_calling_code",
            "invalid_phone",
            "unknown_recovery_kind",
            "same_as_current",
            "wrong_current_password",
            "captcha_invalid",
            "unknown_option",
            "nationality_not_in_document",
            "invalid_document_number",
            "issue_date_in_future",
            "issue_date_before_birth",
            "expiry_before_issue",
            "document_expired",
            "insufficient_validity",
            "holder_birth_date_mismatch",
            "classification_not_in_document",
            "document_already_registered",
            "image_required",
            "not_an_image",
            "image_too_large",
            "image_damaged",
            "mrz_not_found",
            "scan_not_found",
            "entry_point_not_for_mode",
            "invalid_flight_number",
            "specification_not_for_reason",
            "arrival_in_past",
            "departure_not_after_arrival",
            "stay_too_long",
            "unsupported_file_type",
            "file_required",
            "answer_required",
            "step_not_saved",
            "invalid_mexican_phone",
            "resident_card_expired",
            "invalid_reference",
            "preregistration_not_available",
            "terms_not_accepted",
            "attachment_required",
            "not_eligible_after_change",
            "resident_exit_required",
            "resident_exit_needs_card",
            "authorized_days_out_of_range",
            "invalid_file_name",
            "file_damaged",
            "file_has_active_content",
        ] {
            assert_ne!(message_for(code), message_for("no-such-code"), "{code}");
        }
    }

    #[test]
    fn confirmation_is_compared_exactly() {
        let mut errors = FieldErrors::new();
        errors.check_confirmation("email_confirmation", "a@b.mx", "A@b.mx");
        assert!(errors.has("email_confirmation"));
    }
}
