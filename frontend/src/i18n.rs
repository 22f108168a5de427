//! Spanish first, English second: the languages of the translation catalogs
//! (`portal_shared::i18n`). Texts from the catalogs go through `I18n::locale`; the pages'
//! inline Spanish/English pairs, not yet moved to the catalogs, through `I18n::t`.

use leptos::prelude::*;

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

    /// A Spanish/English pair not in the catalogs yet, in the current language (reactive
    /// inside closures); a language added to the catalogs reads the Spanish one until
    /// the pair moves there.
    pub fn t(&self, es: &'static str, en: &'static str) -> &'static str {
        if self.0.get() == Lang::En { en } else { es }
    }

    /// Same for owned texts (server messages carry Spanish and English).
    pub fn pick(&self, es: &str, en: &str) -> String {
        if self.0.get() == Lang::En {
            en.to_owned()
        } else {
            es.to_owned()
        }
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
