#!/usr/bin/env python3
"""Writes OUT/locales: the portal's translation catalogs plus a pseudo-locale `qps`.

Adding a language is one file per catalog and one line in languages.json; this script
does exactly that in a copy (never in the repo), so that a build with
PORTAL_LOCALES_DIR=OUT/locales proves the catalogs accept a third language and the
browser test `e2e/pseudo-locale/` proves the app can switch to it. Each `qps` text is
the English one with accented letters, wrapped in brackets ("Log in" -> "[Ŀöĝ îñ]"),
its {placeholders} untouched.
"""
import json
import re
import shutil
import sys
from pathlib import Path

ACCENTED = dict(zip(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "åƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
))
LANGUAGE_NAME = "Pseudo"


def pseudo(text: str) -> str:
    """Accents every letter outside {placeholders} and <tags>, and brackets the text."""
    parts = re.split(r"(\{[a-z_][a-z0-9_]*\}|<[^>]*>)", text)
    out = [p if p.startswith(("{", "<")) else "".join(ACCENTED.get(c, c) for c in p) for p in parts]
    return "[" + "".join(out) + "]"


def main() -> None:
    out = Path(sys.argv[1]) / "locales"
    source = Path(__file__).resolve().parent.parent / "crates" / "shared" / "locales"
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(source, out)
    (out / "qps").mkdir()
    for catalog in sorted((source / "en").glob("*.json")):
        texts = json.loads(catalog.read_text(encoding="utf-8"))
        texts = {key: pseudo(text) for key, text in texts.items()}
        if catalog.stem == "labels":
            texts["language_name"] = pseudo(LANGUAGE_NAME)
        (out / "qps" / catalog.name).write_text(
            json.dumps(texts, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    languages = json.loads((source / "languages.json").read_text(encoding="utf-8"))
    (out / "languages.json").write_text(json.dumps(languages + ["qps"]) + "\n", encoding="utf-8")
    print(out)


if __name__ == "__main__":
    main()
