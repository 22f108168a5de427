//! Which of the browser app's bundles serves a page.
//!
//! The browser app is built as five bundles so that nobody downloads code for pages they
//! do not open: the public pages (home, login, account creation and recovery, help,
//! privacy), the traveler's account and documents (with the passport photo capture), the
//! traveler's pre-registrations (the wizard, the history, flight changes), the traveler's
//! appointments (Citas: the application, choosing a time, Mis citas), and the staff
//! console (officers' QR check, with its QR decoder and signature verification, and the
//! operators' audit log). The server answers each path with the page of its bundle, and a bundle that is
//! asked for another bundle's path reloads it from the server — both decide with
//! [`WebApp::for_path`].

/// One bundle of the browser app.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WebApp {
    Public,
    Documents,
    Preregistration,
    Citas,
    Staff,
}

impl WebApp {
    pub const ALL: [WebApp; 5] = [
        WebApp::Public,
        WebApp::Documents,
        WebApp::Preregistration,
        WebApp::Citas,
        WebApp::Staff,
    ];

    /// The bundle whose routes include `path` (the URL path, with or without a query);
    /// unknown paths belong to the public bundle, which shows "page not found".
    pub fn for_path(path: &str) -> WebApp {
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let mut segments = path.trim_start_matches('/').split('/');
        match (segments.next(), segments.next(), segments.next()) {
            (Some("oficial" | "operador"), ..) => WebApp::Staff,
            // The wizard of a document: /documentos/{id}/pre-registro.
            (Some("pre-registro"), ..) | (Some("documentos"), Some(_), Some("pre-registro")) => {
                WebApp::Preregistration
            }
            // The application of a document: /documentos/{id}/citas.
            (Some("citas"), ..) | (Some("documentos"), Some(_), Some("citas")) => WebApp::Citas,
            (Some("cuenta" | "documentos"), ..) => WebApp::Documents,
            _ => WebApp::Public,
        }
    }

    /// The built page (in the web app's folder) that starts this bundle.
    pub fn page(self) -> &'static str {
        match self {
            WebApp::Public => "index.html",
            WebApp::Documents => "documents.html",
            WebApp::Preregistration => "preregistration.html",
            WebApp::Citas => "citas.html",
            WebApp::Staff => "staff.html",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::WebApp;

    #[test]
    fn every_page_of_the_browser_app_belongs_to_one_bundle() {
        for (path, app) in [
            ("/", WebApp::Public),
            ("/acceso", WebApp::Public),
            ("/crear-cuenta", WebApp::Public),
            ("/recuperar", WebApp::Public),
            ("/activar", WebApp::Public),
            ("/restablecer", WebApp::Public),
            ("/ayuda", WebApp::Public),
            ("/aviso-de-privacidad", WebApp::Public),
            ("/no-existe/algo", WebApp::Public),
            ("/cuenta/informacion", WebApp::Documents),
            ("/cuenta/contrasena", WebApp::Documents),
            ("/documentos", WebApp::Documents),
            ("/documentos/registrar", WebApp::Documents),
            ("/documentos/7/servicios", WebApp::Documents),
            ("/documentos/7/pre-registro", WebApp::Preregistration),
            ("/documentos/7/pre-registro?paso=2", WebApp::Preregistration),
            ("/pre-registro/historial", WebApp::Preregistration),
            ("/pre-registro/9/vuelo", WebApp::Preregistration),
            ("/pre-registro?x=1", WebApp::Preregistration),
            ("/documentos/7/citas", WebApp::Citas),
            ("/citas/mis-citas", WebApp::Citas),
            ("/citas/solicitudes/3/agendar?cita=5", WebApp::Citas),
            ("/oficial", WebApp::Staff),
            ("/oficial/citas", WebApp::Staff),
            ("/oficial#qr", WebApp::Staff),
            ("/operador", WebApp::Staff),
        ] {
            assert_eq!(WebApp::for_path(path), app, "{path}");
        }
    }

    #[test]
    fn a_path_that_only_starts_like_a_bundle_s_section_is_not_in_it() {
        assert_eq!(WebApp::for_path("/oficiales"), WebApp::Public);
        assert_eq!(WebApp::for_path("/documentosx"), WebApp::Public);
        assert_eq!(
            WebApp::for_path("/documentos/pre-registro"),
            WebApp::Documents
        );
    }

    #[test]
    fn each_bundle_has_its_own_page() {
        let pages: std::collections::HashSet<_> = WebApp::ALL.iter().map(|a| a.page()).collect();
        assert_eq!(pages.len(), WebApp::ALL.len());
    }
}
