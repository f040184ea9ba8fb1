#!/usr/bin/env bash
# `pnpm start`: Rex's dedup rules over plain HTTP, for users of any language. Starts the
# `rex-mock-server` CLI on a free port, walks the story with curl, checks every answer and exits
# non-zero when one is wrong. Needs bash, curl and node (already there if pnpm runs this).
#
# REX_MOCK_SERVER overrides the server command (default: the CLI linked in node_modules/.bin).
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v curl >/dev/null 2>&1; then
  echo "error: curl is required for this example (Debian/Ubuntu: apt-get install -y curl)" >&2
  exit 1
fi
SERVER=${REX_MOCK_SERVER:-./node_modules/.bin/rex-mock-server}
if [ ! -x "$SERVER" ]; then
  echo "error: $SERVER not found: run \`pnpm install && pnpm build\` at the repository root" >&2
  exit 1
fi

KEY=rex_test_curl
LOG=$(mktemp)
SERVER_PID=

cleanup() {
  local rc=$?
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -f "$LOG"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Port 0: the server picks a free port and prints its URL.
"$SERVER" --port 0 --host 127.0.0.1 >"$LOG" 2>&1 &
SERVER_PID=$!
URL=
for _ in $(seq 1 100); do
  URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$LOG" | head -n 1 || true)
  [ -n "$URL" ] && break
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "error: rex-mock-server exited before printing its URL:" >&2
    cat "$LOG" >&2
    exit 1
  fi
  sleep 0.1
done
if [ -z "$URL" ]; then
  echo "error: rex-mock-server printed no URL within 10 s:" >&2
  cat "$LOG" >&2
  exit 1
fi
echo "rex-mock-server is listening on $URL (key $KEY)"

FAILURES=0
STATUS=
BODY=

# request METHOD PATH [JSON]: sends one call, prints it and the pretty JSON answer, and sets
# STATUS and BODY.
request() {
  local method=$1 path=$2 data=${3-} out
  local args=(-sS -X "$method" -H "X-Api-Key: $KEY" -w '\n%{http_code}')
  if [ -n "$data" ]; then args+=(-H 'Content-Type: application/json' --data "$data"); fi
  out=$(curl "${args[@]}" "$URL$path")
  STATUS=${out##*$'\n'}
  BODY=${out%$'\n'*}
  echo
  echo "\$ curl -X $method '$URL$path' -H 'X-Api-Key: $KEY'${data:+ -H 'Content-Type: application/json' -d '$data'}"
  echo "HTTP $STATUS"
  node -e 'console.log(JSON.stringify(JSON.parse(process.argv[1]), null, 2))' "$BODY" 2>/dev/null || echo "$BODY"
}

# field PATH: prints a dotted path of BODY (`data.id`, `error.details.existing_id`, `data.length`).
field() {
  node -e '
    let value = JSON.parse(process.argv[1]);
    for (const key of process.argv[2].split(".")) value = value == null ? undefined : value[key];
    process.stdout.write(typeof value === "object" ? JSON.stringify(value) : String(value));
  ' "$BODY" "$1"
}

# check LABEL ACTUAL EXPECTED
check() {
  if [ "$2" = "$3" ]; then
    echo "  ✓ $1: $2"
  else
    echo "  ✗ $1: $2 (expected $3)"
    FAILURES=$((FAILURES + 1))
  fi
}

echo
echo "1. Create a contact"
request POST /contacts '{"email":"ada@example.com","first_name":"Ada"}'
check 'status' "$STATUS" 201
ADA_ID=$(field data.id)
check 'id is a contact TypeID' "${ADA_ID:0:5}" cont_

echo
echo "2. Create it again, the email in another case and with spaces: 409 naming the existing contact"
request POST /contacts '{"email":"  ADA@Example.COM ","first_name":"Ada"}'
check 'status' "$STATUS" 409
check 'error.code' "$(field error.code)" conflict
check 'error.param' "$(field error.param)" email
check 'error.details.existing_id' "$(field error.details.existing_id)" "$ADA_ID"

echo
echo "3. Upsert by email instead: 200, the same contact updated"
request POST /contacts/upsert '{"email":"Ada@Example.com","title":"Analyst"}'
check 'status (200 = updated, 201 = created)' "$STATUS" 200
check 'same id' "$(field data.id)" "$ADA_ID"
check 'title set' "$(field data.title)" Analyst
check 'first_name kept' "$(field data.first_name)" Ada

echo
echo "4. Create a company from a full URL: the domain is stored normalised"
request POST /companies '{"name":"Acme","domain":"https://www.Acme.com/about"}'
check 'status' "$STATUS" 201
ACME_ID=$(field data.id)
check 'domain' "$(field data.domain)" acme.com

echo
echo "5. Create another company with the bare domain: 409, same company"
request POST /companies '{"name":"Acme Inc","domain":"acme.com"}'
check 'status' "$STATUS" 409
check 'error.param' "$(field error.param)" domain
check 'error.details.existing_id' "$(field error.details.existing_id)" "$ACME_ID"

echo
echo "6. List: one contact and one company, no duplicates"
request GET '/contacts?limit=10'
check 'status' "$STATUS" 200
check 'contacts' "$(field data.length)" 1
check 'meta.has_more' "$(field meta.has_more)" false
request GET /companies
check 'status' "$STATUS" 200
check 'companies' "$(field data.length)" 1
check 'domain' "$(field data.0.domain)" acme.com

echo
if [ "$FAILURES" -eq 0 ]; then
  echo "curl example finished: every check passed."
else
  echo "curl example failed: $FAILURES check(s) wrong."
  exit 1
fi
