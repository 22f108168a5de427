//! Reads the translation catalogs (`locales/languages.json` and one JSON file per catalog
//! and language, `locales/<language>/<catalog>.json`) and writes them as Rust: a `Locale`
//! enum with one variant per listed language, and one module per catalog with one function
//! per key, so that a key that does not exist does not compile and a bundle of the web app
//! carries only the texts it uses. Used by `build.rs` and by the crate's tests.
//!
//! Rules, checked before anything is written (the build fails with the file and the key):
//! every listed language has every catalog, every catalog has the same keys in every
//! language, each key's `{placeholders}` are the same in every language, keys are
//! snake_case identifiers, and no text is empty.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Catalog name → language → key → text.
pub type Texts = BTreeMap<String, BTreeMap<String, BTreeMap<String, String>>>;

/// The catalogs of a `locales` folder.
pub struct Catalogs {
    /// Language codes in the order of `languages.json`; the first is the default.
    pub languages: Vec<String>,
    pub texts: Texts,
}

/// Rust's keywords, which cannot name a key's function.
const KEYWORDS: [&str; 51] = [
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

fn is_identifier(text: &str) -> bool {
    if KEYWORDS.contains(&text) {
        return false;
    }
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The `{name}` placeholders of `text`, in order of first appearance; `{{` and `}}` are
/// literal braces.
pub fn placeholders(text: &str) -> Result<Vec<String>, String> {
    let mut found = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
            }
            '{' => {
                let name: String = chars.by_ref().take_while(|c| *c != '}').collect();
                if !is_identifier(&name) {
                    return Err(format!("placeholder {{{name}}} is not a snake_case name"));
                }
                if !found.contains(&name) {
                    found.push(name);
                }
            }
            '}' => return Err("a lone `}` (write `}}` for a brace)".to_owned()),
            _ => {}
        }
    }
    Ok(found)
}

fn read_json(path: &Path) -> Result<serde_json::Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Reads and checks the catalogs in `dir`.
pub fn read(dir: &Path) -> Result<Catalogs, String> {
    let list_path = dir.join("languages.json");
    let languages: Vec<String> = read_json(&list_path)?
        .as_array()
        .ok_or_else(|| format!("{}: a list of language codes", list_path.display()))?
        .iter()
        .map(|code| {
            code.as_str()
                .filter(|code| {
                    !code.is_empty()
                        && code
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                })
                .map(str::to_owned)
                .ok_or_else(|| format!("{}: {code} is not a language code", list_path.display()))
        })
        .collect::<Result<_, _>>()?;
    let Some(default) = languages.first().cloned() else {
        return Err(format!("{}: no language listed", list_path.display()));
    };
    let mut texts: Texts = BTreeMap::new();
    for language in &languages {
        let folder = dir.join(language);
        if !folder.is_dir() {
            // Reported below, catalog by catalog.
            continue;
        }
        let entries =
            std::fs::read_dir(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.extension().and_then(|e| e.to_str()) != Some("json") {
                continue;
            }
            let catalog = path
                .file_stem()
                .and_then(|s| s.to_str())
                .filter(|name| is_identifier(name))
                .ok_or_else(|| {
                    format!(
                        "{}: the file name must be a snake_case name",
                        path.display()
                    )
                })?
                .to_owned();
            let object = read_json(&path)?;
            let object = object
                .as_object()
                .ok_or_else(|| format!("{}: an object of key → text", path.display()))?;
            let mut keys = BTreeMap::new();
            for (key, text) in object {
                let text = text
                    .as_str()
                    .filter(|t| !t.trim().is_empty())
                    .ok_or_else(|| format!("{}: {key} must be a non-empty text", path.display()))?;
                if !is_identifier(key) {
                    return Err(format!(
                        "{}: key {key} is not a snake_case name",
                        path.display()
                    ));
                }
                placeholders(text).map_err(|e| format!("{}: {key}: {e}", path.display()))?;
                keys.insert(key.clone(), text.to_owned());
            }
            texts
                .entry(catalog)
                .or_default()
                .insert(language.clone(), keys);
        }
    }
    for (catalog, by_language) in &texts {
        let reference = by_language.get(&default).ok_or_else(|| {
            format!("catalog {catalog} is missing in {default} (the default language)")
        })?;
        for language in &languages {
            let keys = by_language
                .get(language)
                .ok_or_else(|| format!("catalog {catalog} is missing in {language}"))?;
            let expected: BTreeSet<&String> = reference.keys().collect();
            let found: BTreeSet<&String> = keys.keys().collect();
            if let Some(missing) = expected.difference(&found).next() {
                return Err(format!("{language}/{catalog}.json lacks the key {missing}"));
            }
            if let Some(extra) = found.difference(&expected).next() {
                return Err(format!(
                    "{language}/{catalog}.json has the key {extra}, which {default} does not"
                ));
            }
            for (key, text) in keys {
                let mut theirs = placeholders(text)?;
                let mut ours = placeholders(&reference[key])?;
                theirs.sort();
                ours.sort();
                if theirs != ours {
                    return Err(format!(
                        "{language}/{catalog}.json: {key} has the placeholders {theirs:?}, {default} has {ours:?}"
                    ));
                }
            }
        }
    }
    Ok(Catalogs { languages, texts })
}

fn variant_name(code: &str) -> String {
    code.split('-')
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}

/// The Rust source of the catalogs.
pub fn generate(catalogs: &Catalogs) -> String {
    let mut out = String::new();
    let variants: Vec<(String, &String)> = catalogs
        .languages
        .iter()
        .map(|code| (variant_name(code), code))
        .collect();
    out.push_str(
        "/// A language of the portal's texts, in the order of `locales/languages.json`.\n",
    );
    out.push_str("#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]\npub enum Locale {\n");
    for (variant, code) in &variants {
        out.push_str(&format!("    /// `{code}`\n    {variant},\n"));
    }
    out.push_str("}\n\nimpl Locale {\n    /// Every language, the default first.\n    pub const ALL: &'static [Locale] = &[");
    for (variant, _) in &variants {
        out.push_str(&format!("Locale::{variant}, "));
    }
    out.push_str("];\n\n    /// The language's code (`es`, `en`, …), as in `lang` attributes.\n    pub const fn code(self) -> &'static str {\n        match self {\n");
    for (variant, code) in &variants {
        out.push_str(&format!("            Locale::{variant} => {code:?},\n"));
    }
    out.push_str("        }\n    }\n\n    /// The language with `code`, if it is one of the portal's.\n    pub fn parse(code: &str) -> Option<Self> {\n        Self::ALL.iter().copied().find(|locale| locale.code() == code)\n    }\n}\n\n");
    let default = &catalogs.languages[0];
    for (catalog, by_language) in &catalogs.texts {
        out.push_str(&format!("/// The `{catalog}` catalog.\npub mod {catalog} {{\n    #![allow(clippy::all)]\n    use super::Locale;\n"));
        for (key, reference) in &by_language[default] {
            let args = placeholders(reference).unwrap_or_default();
            out.push_str(&format!("\n    /// «{}»\n", reference.replace('\n', " ")));
            if args.is_empty() {
                out.push_str(&format!(
                    "    pub fn {key}(locale: Locale) -> &'static str {{\n        match locale {{\n"
                ));
                for (variant, code) in &variants {
                    let text = by_language[*code][key]
                        .replace("{{", "{")
                        .replace("}}", "}");
                    out.push_str(&format!("            Locale::{variant} => {text:?},\n"));
                }
            } else {
                let params: Vec<String> = args
                    .iter()
                    .map(|a| format!("{a}: impl core::fmt::Display"))
                    .collect();
                out.push_str(&format!(
                    "    pub fn {key}(locale: Locale, {}) -> String {{\n        match locale {{\n",
                    params.join(", ")
                ));
                for (variant, code) in &variants {
                    let text = &by_language[*code][key];
                    out.push_str(&format!(
                        "            Locale::{variant} => format!({text:?}),\n"
                    ));
                }
            }
            out.push_str("        }\n    }\n");
        }
        out.push_str("}\n\n");
    }
    out
}
