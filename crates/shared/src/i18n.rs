//! The portal's texts in every language, from the translation catalogs in `locales/`:
//! `locales/languages.json` lists the languages (the first is the default) and
//! `locales/<language>/<catalog>.json` holds one catalog's texts by key. The build writes
//! them as a [`Locale`] enum and one module per catalog with a function per key
//! (`field_errors::required(Locale::Es)`), so a missing key does not compile, every
//! language must have every key (the build stops otherwise), and the browser app carries
//! only the texts its pages use. Adding a language is one file per catalog and one line in
//! `languages.json`.

include!(concat!(env!("OUT_DIR"), "/i18n.rs"));

#[cfg(test)]
#[path = "../i18n_catalogs.rs"]
mod i18n_catalogs;

#[cfg(test)]
mod tests {
    use super::i18n_catalogs::{generate, placeholders, read};
    use super::*;
    use std::path::Path;

    /// A `locales` folder in a temporary directory with `files` (path → content).
    fn folder(files: &[(&str, &str)]) -> tempfile_dir::Dir {
        let dir = tempfile_dir::Dir::new();
        for (path, content) in files {
            let path = dir.path().join(path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).unwrap_or_default();
            }
            std::fs::write(path, content).unwrap_or_default();
        }
        dir
    }

    /// A throwaway folder under the target directory, removed on drop (no extra crate).
    mod tempfile_dir {
        pub struct Dir(std::path::PathBuf);

        impl Dir {
            pub fn new() -> Self {
                use std::sync::atomic::{AtomicUsize, Ordering};
                static NEXT: AtomicUsize = AtomicUsize::new(0);
                let path = std::env::temp_dir().join(format!(
                    "portal-i18n-{}-{}",
                    std::process::id(),
                    NEXT.fetch_add(1, Ordering::Relaxed)
                ));
                let _ = std::fs::remove_dir_all(&path);
                std::fs::create_dir_all(&path).unwrap_or_default();
                Self(path)
            }

            pub fn path(&self) -> &std::path::Path {
                &self.0
            }
        }

        impl Drop for Dir {
            fn drop(&mut self) {
                let _ = std::fs::remove_dir_all(&self.0);
            }
        }
    }

    #[test]
    fn the_shipped_catalogs_pass_the_checks_the_build_makes() {
        let locales = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
        let catalogs = read(&locales);
        assert!(catalogs.is_ok(), "{:?}", catalogs.err());
        assert_eq!(Locale::ALL[0], Locale::Es, "Spanish is the default");
        assert_eq!(Locale::parse("en"), Some(Locale::En));
        assert_eq!(Locale::En.code(), "en");
    }

    #[test]
    fn a_third_language_is_one_file_per_catalog_and_one_line_in_the_list() {
        let base = [
            (
                "es/greetings.json",
                r#"{"hello": "Hola, {name}.", "bye": "Adiós"}"#,
            ),
            (
                "en/greetings.json",
                r#"{"hello": "Hello, {name}.", "bye": "Bye"}"#,
            ),
        ];
        let two = folder(&[base[0], base[1], ("languages.json", r#"["es", "en"]"#)]);
        let generated = read(two.path()).map(|c| generate(&c)).unwrap_or_default();
        assert!(
            generated.contains("Locale::Es, Locale::En, ]"),
            "{generated}"
        );
        // The pseudo-locale: its one file and its line.
        let three = folder(&[
            base[0],
            base[1],
            (
                "qps/greetings.json",
                r#"{"hello": "[Ħéļļö, {name}.]", "bye": "[ßýé]"}"#,
            ),
            ("languages.json", r#"["es", "en", "qps"]"#),
        ]);
        let catalogs = read(three.path());
        assert!(catalogs.is_ok(), "{:?}", catalogs.err());
        let generated = catalogs.map(|c| generate(&c)).unwrap_or_default();
        assert!(generated.contains("Locale::Qps => \"qps\""));
        assert!(generated.contains("Locale::Qps => format!(\"[Ħéļļö, {name}.]\")"));
        assert!(
            generated
                .contains("pub fn hello(locale: Locale, name: impl core::fmt::Display) -> String")
        );
        assert!(generated.contains("pub fn bye(locale: Locale) -> &'static str"));
    }

    #[test]
    fn the_build_refuses_catalogs_that_do_not_agree() {
        let list = ("languages.json", r#"["es", "en"]"#);
        let cases: [(&[(&str, &str)], &str); 6] = [
            (
                &[
                    ("es/a.json", r#"{"k": "uno"}"#),
                    ("en/a.json", r#"{}"#),
                    list,
                ],
                "lacks the key k",
            ),
            (
                &[
                    ("es/a.json", r#"{"k": "uno"}"#),
                    ("en/a.json", r#"{"k": "one", "j": "two"}"#),
                    list,
                ],
                "has the key j",
            ),
            (
                &[("es/a.json", r#"{"k": "uno"}"#), list],
                "catalog a is missing in en",
            ),
            (
                &[
                    ("es/a.json", r#"{"k": "hola {name}"}"#),
                    ("en/a.json", r#"{"k": "hi {nombre}"}"#),
                    list,
                ],
                "placeholders",
            ),
            (
                &[
                    ("es/a.json", r#"{"Bad-Key": "x"}"#),
                    ("en/a.json", r#"{"Bad-Key": "x"}"#),
                    list,
                ],
                "not a snake_case name",
            ),
            (
                &[
                    ("es/a.json", r#"{"k": " "}"#),
                    ("en/a.json", r#"{"k": "x"}"#),
                    list,
                ],
                "non-empty",
            ),
        ];
        for (files, expected) in cases {
            let dir = folder(files);
            let problem = read(dir.path()).err().unwrap_or_default();
            assert!(problem.contains(expected), "{expected:?} in {problem:?}");
        }
    }

    #[test]
    fn placeholders_are_named_and_double_braces_are_literal() {
        assert_eq!(
            placeholders("{a} y {b} y {a} {{c}}").unwrap_or_default(),
            vec!["a".to_owned(), "b".to_owned()]
        );
        assert!(placeholders("{A}").is_err());
        assert!(placeholders("a } b").is_err());
    }
}
