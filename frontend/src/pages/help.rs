use crate::components::layout::Page;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use portal_shared::i18n::web;

const QUESTIONS: [(&str, &str, &str, &str); 6] = [
    (
        "¿Quién puede crear una cuenta?",
        "Who can create an account?",
        "Cualquier persona de 18 años o más. Desde su cuenta podrá registrar documentos de viaje propios y de sus familiares.",
        "Anyone aged 18 or older. From your account you will be able to register travel documents for yourself and your relatives.",
    ),
    (
        "No recibí el correo de activación",
        "I did not receive the activation email",
        "Revise su carpeta de correo no deseado. El enlace vence en 72 horas; puede pedir uno nuevo en «Recuperar cuenta» mientras la cuenta no esté activa.",
        "Check your spam folder. The link expires in 72 hours; you can ask for a new one under “Recover your account” while the account is not active.",
    ),
    (
        "¿Qué requisitos debe cumplir la contraseña?",
        "What must the password contain?",
        "Al menos 8 caracteres, un número, una letra mayúscula, una minúscula y un carácter especial de ! @ # $ % ^ & *. No se permiten el punto ni las letras ñ y Ñ.",
        "At least 8 characters, a number, an uppercase letter, a lowercase letter and a special character among ! @ # $ % ^ & *. The dot and the letters ñ and Ñ are not allowed.",
    ),
    (
        "Olvidé mi contraseña",
        "I forgot my password",
        "En «Recuperar cuenta» escriba su correo; recibirá un enlace que funciona una vez y vence en 1 hora.",
        "Under “Recover your account” enter your email; you will receive a link that works once and expires in 1 hour.",
    ),
    (
        "¿Puedo corregir mis datos personales?",
        "Can I correct my personal details?",
        "No. Los datos personales no pueden modificarse después de crear la cuenta; revíselos antes de confirmar.",
        "No. Personal details cannot be changed once the account is created; check them before confirming.",
    ),
    (
        "¿Por qué me pide escribir el texto de una imagen?",
        "Why must I type the text from an image?",
        "Para comprobar que quien usa el formulario es una persona. Si no se lee bien, pulse ⟳ para ver otra imagen.",
        "To check that a person is using the form. If it is hard to read, press ⟳ to see another image.",
    ),
];

#[component]
pub fn HelpPage() -> impl IntoView {
    let i = use_i18n();
    view! {
        <Page title=web::help>
            <h2>{move || i.text(web::frequently_asked_questions)}</h2>
            {QUESTIONS
                .into_iter()
                .map(|(q_es, q_en, a_es, a_en)| view! {
                    <details class="faq">
                        <summary>{move || i.t(q_es, q_en)}</summary>
                        <p>{move || i.t(a_es, a_en)}</p>
                    </details>
                })
                .collect_view()}
        </Page>
    }
}
