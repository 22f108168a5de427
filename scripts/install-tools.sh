#!/usr/bin/env bash
# Installs what a fresh machine lacks, only when it is missing.
#   scripts/install-tools.sh web    tools to build the web app (wasm target, trunk, wasm-bindgen-cli,
#                                   binaryen's wasm-opt from npm)
#   scripts/install-tools.sh test   the above, plus Chromium and the e2e npm packages
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-web}"

TRUNK_VERSION=0.21.14
# Must equal the wasm-bindgen version pinned in frontend/Cargo.toml (and Cargo.lock).
WASM_BINDGEN_VERSION=0.2.130

say() { printf '==> %s\n' "$*" >&2; }

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
if ! trunk --version 2>/dev/null | grep -q " ${TRUNK_VERSION}\$"; then
  say "installing trunk ${TRUNK_VERSION} (several minutes, once)"
  cargo install trunk --version "${TRUNK_VERSION}" --locked
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q " ${WASM_BINDGEN_VERSION}"; then
  say "installing wasm-bindgen-cli ${WASM_BINDGEN_VERSION}"
  # Not --locked: its lock file names a crate version the registry no longer has.
  cargo install wasm-bindgen-cli --version "${WASM_BINDGEN_VERSION}"
fi

# Tesseract reads passport photos (the server links libtesseract and loads the English
# model); the OCR-B typeface renders the test passports.
missing=()
[ -f /usr/include/tesseract/capi.h ] || missing+=(libtesseract-dev)
[ -f /usr/share/tesseract-ocr/5/tessdata/eng.traineddata ] || missing+=(tesseract-ocr-eng)
[ -f /usr/share/fonts/opentype/ocr-b/OCRB.otf ] || missing+=(fonts-ocr-b)
if [ "$what" = "test" ] && ! command -v chromium >/dev/null 2>&1; then
  missing+=(chromium)
fi
if [ ${#missing[@]} -gt 0 ]; then
  say "installing from Debian: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ ! -x frontend/node_modules/.bin/wasm-opt ]; then
  say "installing binaryen (wasm-opt) for the web app build"
  (cd frontend && npm ci --no-audit --no-fund --loglevel=error)
fi

if [ "$what" = "test" ]; then
  if ! command -v schemathesis >/dev/null 2>&1; then
    say "installing Schemathesis (API fuzzing) from PyPI"
    python3 -m pip install --quiet "schemathesis==4.32.5"
  fi
  if [ ! -d e2e/node_modules/playwright-core ] || [ ! -d e2e/node_modules/axe-core ]; then
    say "installing the e2e npm packages"
    (cd e2e && npm ci --no-audit --no-fund --loglevel=error)
  fi
  if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    say "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
  fi
fi
