#!/usr/bin/env bash
# Fuzzes the API with Schemathesis against the served OpenAPI document, as a traveler
# with a registered passport and a pre-registration draft: no 5xx and no answer that
# breaks the document.
#   scripts/fuzz-api.sh                      bounded run (CI): FUZZ_MAX_EXAMPLES=15
#   FUZZ_MAX_EXAMPLES=200 scripts/fuzz-api.sh   a longer run
# Needs the `portal` binary built (cargo build -p portal-api --bin portal) and
# Schemathesis (pip install schemathesis; installed by .ci/run when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-$HOME/.cache/portal-target}"
binary="${PORTAL_BIN:-$target/debug/portal}"
examples="${FUZZ_MAX_EXAMPLES:-15}"
data="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
PORTAL_CONFIG=/dev/null PORTAL_BIND_ADDRESS="127.0.0.1:$port" PORTAL_PUBLIC_URL="$base" \
  PORTAL_DATA_DIR="$data" PORTAL_DATABASE_URL="" PORTAL_STATIC_DIR="$data/none" \
  PORTAL_CAPTCHA_DISABLED=true PORTAL_EMAIL_POLL_SECONDS=1 PORTAL_LOG_FORMAT=json \
  "$binary" serve 2> "$data/portal.log" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 100); do curl -fs "$base/readyz" >/dev/null && break; sleep 0.2; done

json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
captcha() { curl -fs "$base/api/v1/captcha" | json "['id']"; }
email="fuzz@example.com"
password='Viaje2026!'
curl -fs -o /dev/null -X POST "$base/api/v1/accounts" -H 'Content-Type: application/json' -d "{
  \"given_names\": \"María José\", \"surnames\": \"Pérez Gómez\", \"birth_date\": \"1990-05-17\",
  \"nationality\": \"COL\", \"sex\": \"female\", \"phone_country_code\": \"+57\", \"phone\": \"3001234567\",
  \"email\": \"$email\", \"email_confirmation\": \"$email\", \"password\": \"$password\",
  \"password_confirmation\": \"$password\", \"captcha\": {\"id\": \"$(captcha)\", \"answer\": \"abcde\"}}"
activation=""
for _ in $(seq 50); do
  activation="$(python3 - "$data/outbox" <<'PY'
import glob, quopri, re, sys
for path in glob.glob(sys.argv[1] + "/*.eml"):
    text = quopri.decodestring(open(path, "rb").read()).decode("utf-8", "replace")
    found = re.search(r"activar#token=([A-Za-z0-9_-]{43})", text)
    if found:
        print(found.group(1))
        break
PY
)"
  [ -n "$activation" ] && break
  sleep 0.2
done
curl -fs -o /dev/null -X POST "$base/api/v1/accounts/activate" -H 'Content-Type: application/json' -d "{\"token\": \"$activation\"}"
token="$(curl -fs -X POST "$base/api/v1/sessions" -H 'Content-Type: application/json' \
  -d "{\"email\": \"$email\", \"password\": \"$password\"}" | json "['access_token']")"
issued="$(date -d '-2 years' +%F)"; expires="$(date -d '+8 years' +%F)"
document="$(curl -fs -X POST "$base/api/v1/documents" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "{
  \"relationship\": \"holder\", \"given_names\": \"María José\", \"surnames\": \"Pérez Gómez\", \"birth_date\": \"1990-05-17\",
  \"birth_country\": \"COL\", \"sex\": \"female\", \"nationality\": \"COL\", \"document_type\": \"passport\",
  \"classification\": \"ordinary\", \"issuing_country\": \"COL\", \"document_number\": \"AB123456\",
  \"document_number_confirmation\": \"AB123456\", \"issue_date\": \"$issued\", \"issue_date_confirmation\": \"$issued\",
  \"expiry_date\": \"$expires\", \"expiry_date_confirmation\": \"$expires\",
  \"captcha\": {\"id\": \"$(captcha)\", \"answer\": \"abcde\"}}" | json "['id']")"
curl -fs -o /dev/null -X POST "$base/api/v1/preregistrations" -H "Authorization: Bearer $token" \
  -H 'Content-Type: application/json' -d "{\"document_id\": \"$document\", \"variant\": \"none\"}"

echo "==> fuzzing $base as a traveler ($examples examples per operation)"
status=0
# Logging out or deleting the account would end the fuzzing session itself.
schemathesis run "$base/api-spec/openapi.json" \
  --header "Authorization: Bearer $token" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance \
  --max-examples "$examples" \
  --exclude-path /api/v1/sessions/current --exclude-path /api/v1/me --exclude-method DELETE \
  --workers 2 --seed 20261130 --generation-database none \
  || status=$?
if [ "$status" -ne 0 ]; then
  echo "==> server log (last lines):"; tail -n 20 "$data/portal.log"
fi
exit "$status"
