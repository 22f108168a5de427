//! Writes the translation catalogs of `locales/` as Rust (see `i18n_catalogs.rs`).

#[path = "i18n_catalogs.rs"]
mod i18n_catalogs;

use std::path::Path;

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".to_owned());
    // Another folder of catalogs, for the build that proves a language can be added
    // (`scripts/pseudo-locale.py` writes one with a pseudo-locale); `locales/` otherwise.
    println!("cargo::rerun-if-env-changed=PORTAL_LOCALES_DIR");
    let locales = match std::env::var("PORTAL_LOCALES_DIR") {
        Ok(dir) if !dir.is_empty() => {
            println!("cargo::rerun-if-changed={dir}");
            std::path::PathBuf::from(dir)
        }
        _ => Path::new(&manifest).join("locales"),
    };
    println!("cargo::rerun-if-changed=locales");
    println!("cargo::rerun-if-changed=i18n_catalogs.rs");
    let catalogs = match i18n_catalogs::read(&locales) {
        Ok(catalogs) => catalogs,
        Err(problem) => {
            println!("cargo::error=translation catalogs: {problem}");
            return;
        }
    };
    let out = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".to_owned());
    if let Err(problem) = std::fs::write(
        Path::new(&out).join("i18n.rs"),
        i18n_catalogs::generate(&catalogs),
    ) {
        println!("cargo::error=cannot write the translation catalogs: {problem}");
    }
}
