#!/usr/bin/env bash
# Builds the browser app into frontend/dist as five bundles (see
# crates/shared/src/web_apps.rs): index.html starts the public one, documents.html,
# preregistration.html, citas.html and staff.html the others. All come from frontend/index.html,
# built once per binary of the frontend crate (trunk builds one page per run).
#   WEB_APPS   the bundles to build (default: all five)
#   WEB_DIST   the folder to write (default: frontend/dist)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
dist="$(realpath -m "${WEB_DIST:-$repo/frontend/dist}")"
cd "$repo/frontend"
# A current wasm-opt from npm: Debian's (binaryen 108) breaks wasm-bindgen 0.2.130 output.
export PATH="$PWD/node_modules/.bin:$PATH"
work=.build-web
rm -rf "$dist" "$work"
mkdir -p "$dist" "$work"
for app in ${WEB_APPS:-public documents preregistration citas staff}; do
  case "$app" in
    public) page=index.html ;;
    *) page="$app.html" ;;
  esac
  # Beside index.html, so that its relative links (style.css, sw.js) resolve.
  source=".$app.html"
  sed "s/data-bin=\"public\"/data-bin=\"$app\"/" index.html > "$source"
  grep -q "data-bin=\"$app\"" "$source"
  trunk build --release --offline --dist "$work/$app" "$source"
  rm "$source"
  built=$(find "$work/$app" -maxdepth 1 -name '*.html' | head -n 1)
  mv "$built" "$dist/$page"
  cp -r "$work/$app/." "$dist/"
done
rm -rf "$work"
cd "$repo"
node scripts/precompress.mjs "$dist"
