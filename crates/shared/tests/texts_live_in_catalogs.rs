//! Every user-facing text lives in the translation catalogs (`crates/shared/locales`):
//! no Spanish sentence is written inline in the code of the server, the emails, the PDFs
//! or the web app. Tests and benches may hold Spanish sample data.

use std::path::{Path, PathBuf};

/// Literals that look Spanish on purpose, each with its reason.
const ALLOWED: &[(&str, &str)] = &[
    // The operator command's English message lists the characters the policy forbids.
    ("no '.', 'ñ' or 'Ñ'", "names forbidden characters"),
    // English API documentation naming the Spanish screens it serves.
    (
        "Información and Contraseña",
        "names Spanish screens in English",
    ),
    // The brand: a proper name, and configuration (`PORTAL_PORTAL_NAME`).
    ("Portal de Servicios", "the brand's default"),
];

/// Short words of Spanish that English does not use ("no", "a", "o" and "y" are left out:
/// English and format strings have them too).
const SPANISH_WORDS: &[&str] = &[
    "de", "la", "el", "los", "las", "que", "para", "una", "un", "su", "sus", "con", "del", "por",
    "se", "es", "en", "al", "este", "esta", "puede", "debe",
];

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            if !matches!(name.as_str(), "tests" | "benches" | "examples" | "target") {
                rust_files(&path, found);
            }
        } else if name.ends_with(".rs") && name != "tests.rs" {
            found.push(path);
        }
    }
}

/// The string literals of `code` (plain and raw), with their line numbers.
fn literals(code: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (number, line) in code.lines().enumerate() {
        let line = line.trim_start();
        if line.starts_with("//") {
            continue;
        }
        let mut rest = line;
        while let Some(start) = rest.find('"') {
            let after = &rest[start + 1..];
            let mut end = None;
            let mut escaped = false;
            for (i, c) in after.char_indices() {
                match c {
                    '\\' if !escaped => escaped = true,
                    '"' if !escaped => {
                        end = Some(i);
                        break;
                    }
                    _ => escaped = false,
                }
            }
            let Some(end) = end else { break };
            found.push((number + 1, after[..end].to_owned()));
            rest = &after[end + 1..];
        }
    }
    found
}

fn looks_spanish(text: &str) -> bool {
    if text.chars().any(|c| "áéíóúÁÉÍÓÚñÑ¿¡".contains(c)) {
        return true;
    }
    // Words between spaces: paths, CSS classes and codes (`crop-handle se`) are not prose.
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase())
        .filter(|w| !w.is_empty())
        .collect();
    let spanish = words
        .iter()
        .filter(|w| SPANISH_WORDS.contains(&w.as_str()))
        .count();
    words.len() >= 3 && spanish * 4 >= words.len()
}

#[test]
fn no_spanish_sentence_is_written_inline_outside_the_catalogs() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    rust_files(&repo.join("frontend/src"), &mut files);
    if let Ok(crates) = std::fs::read_dir(repo.join("crates")) {
        for krate in crates.flatten() {
            rust_files(&krate.path().join("src"), &mut files);
        }
    }
    assert!(
        files.len() > 50,
        "the source files were not found under {repo:?}"
    );
    let mut inline = Vec::new();
    for file in &files {
        let code = std::fs::read_to_string(file).unwrap_or_default();
        // Unit tests sit at the end of a file, behind `#[cfg(test)]`.
        let code = code.split("#[cfg(test)]").next().unwrap_or_default();
        for (line, text) in literals(code) {
            if looks_spanish(&text) && !ALLOWED.iter().any(|(allowed, _)| text.contains(allowed)) {
                inline.push(format!("{}:{line}: {text}", file.display()));
            }
        }
    }
    assert!(
        inline.is_empty(),
        "texts for people belong in crates/shared/locales:\n{}",
        inline.join("\n")
    );
}

#[test]
fn the_check_finds_spanish_and_lets_english_and_codes_pass() {
    assert!(looks_spanish(
        "El archivo debe ser una imagen PNG, JPG o JPEG."
    ));
    assert!(looks_spanish("Control Migratorio de la frontera"));
    assert!(looks_spanish("Cancún"));
    assert!(!looks_spanish("The file must be a PNG, JPG or JPEG image."));
    assert!(!looks_spanish("pre_registro"));
    assert!(!looks_spanish("crop-handle se"));
    assert_eq!(
        literals(r#"let a = "uno \"dos\""; let b = "tres";"#),
        vec![(1, r#"uno \"dos\""#.to_owned()), (1, "tres".to_owned())]
    );
}
