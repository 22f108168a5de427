//! Spanish first, English second: the languages of the translation catalogs
//! (`portal_shared::i18n`). Every text of the app comes from the catalogs: fixed ones
//! through `I18n::text`, ones decided at run time (server answers) as a [`Said`].

use leptos::prelude::*;
use portal_shared::accounts::AcceptedCode;
use portal_shared::preregistrations::DecisionOutcome;
use portal_shared::{ErrorBody, ErrorCode, FieldErrorCode};

/// The languages of the catalogs (`crates/shared/locales/languages.json`).
pub use portal_shared::i18n::Locale as Lang;

const STORAGE_KEY: &str = "portal.lang";

/// The language switch, shared through context.
#[derive(Clone, Copy)]
pub struct I18n(pub RwSignal<Lang>);

impl I18n {
    /// The remembered language (Spanish unless English was chosen before).
    pub fn load() -> Self {
        let stored = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
        let lang = stored
            .as_deref()
            .and_then(Lang::parse)
            .unwrap_or(Lang::ALL[0]);
        set_document_lang(lang);
        Self(RwSignal::new(lang))
    }

    pub fn lang(&self) -> Lang {
        self.0.get()
    }

    /// The current language, for texts from the catalogs (reactive inside closures).
    pub fn locale(&self) -> portal_shared::i18n::Locale {
        self.0.get()
    }

    pub fn set(&self, lang: Lang) {
        if let Some(storage) = storage() {
            let _ = storage.set_item(STORAGE_KEY, lang.code());
        }
        set_document_lang(lang);
        self.0.set(lang);
    }

    /// A text of the catalogs in the current language (reactive inside closures):
    /// `i.text(web::loading)`.
    pub fn text(&self, text: fn(Lang) -> &'static str) -> &'static str {
        text(self.0.get())
    }

    /// A name from the data files (countries, ports, airlines, control questions), which
    /// carry Spanish and English names: a language the catalogs add reads the Spanish one
    /// until the data files name it too.
    pub fn data_name<'a>(&self, es: &'a str, en: &'a str) -> &'a str {
        if self.0.get() == Lang::En { en } else { es }
    }

    /// A text decided at run time, in the current language (reactive inside closures).
    pub fn say(&self, said: Said) -> String {
        said.text(self.0.get())
    }
}

/// A text chosen at run time and shown in the language of the moment: a text of the
/// catalogs, or what the server answered, kept as its code (the browser translates codes
/// itself; the envelope's `message`/`message_en` are for API clients).
#[derive(Debug, Clone, Copy)]
pub enum Said {
    Text(fn(Lang) -> &'static str),
    /// Two texts of the catalogs, one after the other (what failed, then what else to do).
    Then(fn(Lang) -> &'static str, fn(Lang) -> &'static str),
    Error(ErrorCode),
    Field(FieldErrorCode),
    Accepted(AcceptedCode),
    Decision(DecisionOutcome),
}

impl Said {
    pub fn text(self, lang: Lang) -> String {
        match self {
            Self::Text(text) => text(lang).to_owned(),
            Self::Then(first, second) => format!("{} {}", first(lang), second(lang)),
            Self::Error(code) => code.message(lang).to_owned(),
            Self::Field(code) => code.message(lang).to_owned(),
            Self::Accepted(code) => code.message(lang).to_owned(),
            Self::Decision(outcome) => outcome.message(lang).to_owned(),
        }
    }

    /// What an error envelope says: its first field error when it has one, else its code.
    pub fn first_of(body: &ErrorBody) -> Self {
        body.fields
            .first()
            .map_or(Self::Error(body.code), |field| Self::Field(field.code))
    }
}

/// The browser's local storage, when it is available (private modes may refuse it).
pub fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

fn set_document_lang(lang: Lang) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", lang.code());
    }
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}
