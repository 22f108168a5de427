# Portal de Servicios — the two commands of the README are `make run` and `make test`.
SHELL := /bin/bash
export CARGO_TARGET_DIR ?= $(HOME)/.cache/portal-target
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432

.PHONY: run test tools web test-sqlite test-postgres test-wasm test-fuzz test-e2e test-pseudo-locale openapi migrate fmt bench lighthouse

## Builds the web app and the server, then serves everything on http://127.0.0.1:8080
run: web
	cargo run --release -p portal-api --bin portal -- serve

## Every test: unit, API on SQLite and PostgreSQL, OpenAPI drift, wasm check, bounded API
## fuzzing, browser e2e
test: tools test-wasm test-sqlite test-postgres test-fuzz test-e2e test-pseudo-locale

## Installs what a fresh machine lacks (Debian packages, trunk, wasm-bindgen-cli, npm packages)
tools:
	scripts/install-tools.sh test

web:
	scripts/install-tools.sh web
	scripts/build-web.sh

test-wasm:
	rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	cargo check -p portal-shared --target wasm32-unknown-unknown

## Unit tests, the OpenAPI drift test and the API suite on SQLite
test-sqlite:
	cargo nextest run --no-fail-fast

## The storage-touching suite again on PostgreSQL (a fresh database per test)
test-postgres:
	PORTAL_TEST_DATABASE=postgres PORTAL_TEST_POSTGRES_URL=$(POSTGRES_URL) \
		cargo nextest run -p portal-api --test api --no-fail-fast

## Schemathesis against the served OpenAPI document, as a traveler (FUZZ_MAX_EXAMPLES, default 15)
test-fuzz:
	cargo build -p portal-api --bin portal
	scripts/fuzz-api.sh

## Real headless Chromium against the real server
test-e2e: web
	cargo build -p portal-api --bin portal
	cargo build -p portal-scan --example render_passport
	cargo build -p portal-documents --example render_qr
	cargo build -p portal-documents --example read_pdf_qr --features inspect
	cd e2e && npm test

## A third language added as one file per catalog: built, and switched to in Chromium
test-pseudo-locale:
	scripts/test-pseudo-locale.sh

## Lighthouse on the login, wizard and history pages, and the wasm size with brotli (issue 6)
lighthouse: web
	cargo build --release -p portal-api --bin portal
	scripts/install-tools.sh test
	cd e2e && npm run lighthouse

## Rewrites api-spec/openapi.json from the code
openapi:
	UPDATE_OPENAPI=1 cargo nextest run -p portal-api --test openapi

## Passport photo reading: share fully read and time per image on generated photos
bench:
	cargo bench -p portal-scan

migrate:
	cargo run -p portal-api --bin portal -- migrate

fmt:
	cargo fmt --all
