#!/usr/bin/env bash
# Proves that a third language is one file per catalog and one line in languages.json:
# writes the catalogs plus a pseudo-locale into a temporary folder (scripts/pseudo-locale.py),
# builds the web app's public bundle with them (the catalog generator checks every key
# and placeholder), and switches to the new language in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 scripts/pseudo-locale.py "$work" >/dev/null
PORTAL_LOCALES_DIR="$work/locales" WEB_APPS=public WEB_DIST="$work/dist" scripts/build-web.sh
cargo build -p portal-api --bin portal
cd e2e
PORTAL_E2E_STATIC_DIR="$work/dist" PORTAL_E2E_LOCALES_DIR="$work/locales" \
  node --test --test-concurrency=1 pseudo-locale/
