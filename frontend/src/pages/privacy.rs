use crate::components::layout::Page;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use portal_shared::i18n::web;

const SECTIONS: [(&str, &str, &str, &str); 5] = [
    (
        "Datos que recabamos",
        "Data we collect",
        "Nombre(s), apellido(s), fecha de nacimiento, nacionalidad, sexo, teléfono y correo electrónico de la cuenta; los datos de los documentos de viaje que usted registre y la información de sus trámites.",
        "Given names, surnames, date of birth, nationality, sex, phone and email of the account; the details of the travel documents you register and of your procedures.",
    ),
    (
        "Finalidad",
        "Purpose",
        "Identificarle, atender los trámites que solicite (Pre-Registro, citas y otros), enviarle avisos sobre ellos y permitir su verificación por la autoridad migratoria.",
        "To identify you, handle the procedures you request (Pre-Registro, appointments and others), send you notices about them and let the migration authority verify them.",
    ),
    (
        "Protección",
        "Protection",
        "Las contraseñas se guardan cifradas de forma irreversible; los enlaces enviados por correo son de un solo uso. Los documentos adjuntos solo pueden consultarlos usted y el personal autorizado, y cada consulta del personal queda registrada.",
        "Passwords are stored irreversibly hashed; links sent by email work only once. Attachments can only be read by you and authorized officers, and every officer access is logged.",
    ),
    (
        "Derechos ARCO",
        "Your rights (ARCO)",
        "Usted puede acceder a sus datos, rectificarlos cuando la ley lo permita, cancelarlos cuando ninguna obligación legal obligue a conservarlos, u oponerse a su tratamiento, desde su cuenta o ante la unidad de transparencia de la dependencia.",
        "You may access your data, have it corrected where the law allows, have it deleted where no legal duty requires keeping it, or object to its processing, from your account or through the agency's transparency office.",
    ),
    (
        "Transferencias",
        "Transfers",
        "Sus datos no se comparten con terceros, salvo con las autoridades competentes cuando la ley lo exija.",
        "Your data is not shared with third parties, except with the competent authorities where the law requires it.",
    ),
];

#[component]
pub fn PrivacyPage() -> impl IntoView {
    let i = use_i18n();
    view! {
        <Page title=web::full_privacy_notice_2>
            <p class="lead">{move || i.text(web::the_portal_de_servicios_processes_your)}</p>
            {SECTIONS
                .into_iter()
                .map(|(t_es, t_en, b_es, b_en)| view! {
                    <section>
                        <h2>{move || i.t(t_es, t_en)}</h2>
                        <p>{move || i.t(b_es, b_en)}</p>
                    </section>
                })
                .collect_view()}
        </Page>
    }
}
