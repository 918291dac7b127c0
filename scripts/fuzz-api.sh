#!/usr/bin/env bash
# API fuzzing: schemathesis (from PyPI) against the OpenAPI document the server serves, signed in as several roles,
# a bounded number of examples per operation. Passes when no answer is a 5xx and every answer matches the document.
#   bash scripts/fuzz-api.sh [EXAMPLES]
set -euo pipefail
cd "$(dirname "$0")/.."
EXAMPLES=${1:-20}
VENV=${FUZZ_VENV:-/tmp/jianfu-fuzz-venv}
[ -x "$VENV/bin/st" ] || { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q schemathesis; }
[ -x .build/debug/jianfu ] || swift build --product jianfu
WORK=$(mktemp -d)
PORT=${FUZZ_PORT:-8392}
.build/debug/jianfu serve --demo --db "$WORK/fuzz.sqlite" --port "$PORT" >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
# The served demo files a term of history first (a minute or more in a debug build on two cores).
for _ in $(seq 1 600); do curl -fs "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.5; done
URL=http://127.0.0.1:$PORT/api/v1
token() { curl -fs -X POST "$URL/tokens" -H 'content-type: application/json' -d "{\"username\":\"$1\",\"password\":\"demo1234\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'; }
json() { python3 -c "import json,sys; print($1)"; }
# Every token first: the fuzzer's own wrong passwords on /tokens soon throttle this address.
declare -A TOKENS
for who in bureau principal teacher parent; do TOKENS[$who]=$(token "$who"); done
TEACHER=${TOKENS[teacher]}
ME=$(curl -fs "$URL/me" -H "Authorization: Bearer $TEACHER")
export JIANFU_CLASS_ID=$(echo "$ME" | json 'json.load(sys.stdin)["teaching"][0]["classId"]')
SUBJECT=$(echo "$ME" | json 'json.load(sys.stdin)["teaching"][0]["subjectId"]')
export JIANFU_SCHOOL_ID=$(echo "$ME" | json 'json.load(sys.stdin)["teaching"][0]["schoolId"]')
export JIANFU_PUPIL_ID=$(curl -fs "$URL/me" -H "Authorization: Bearer ${TOKENS[parent]}" | json 'json.load(sys.stdin)["children"][0]["studentId"]')
DAY=$(python3 -c 'import datetime, zoneinfo
d = datetime.datetime.now(zoneinfo.ZoneInfo("Asia/Shanghai")).date() + datetime.timedelta(days=1)
while d.weekday() > 4: d += datetime.timedelta(days=1)
print(d.isoformat())')
export JIANFU_HOMEWORK_ID=$(curl -fs -X POST "$URL/homework" -H "Authorization: Bearer $TEACHER" -H 'content-type: application/json' \
  -d "{\"classIds\":[\"$JIANFU_CLASS_ID\"],\"subjectId\":\"$SUBJECT\",\"assignedOn\":\"$DAY\",\"dueOn\":\"$DAY\",\"kind\":\"written\",\"minutes\":10,\"content\":\"口算练习\"}" \
  | json 'json.load(sys.stdin)["ids"][0]')
export JIANFU_TEST_ID=$(curl -fs -X POST "$URL/tests" -H "Authorization: Bearer $TEACHER" -H 'content-type: application/json' \
  -d "{\"classIds\":[\"$JIANFU_CLASS_ID\"],\"subjectId\":\"$SUBJECT\",\"kind\":\"final\",\"paper\":true,\"date\":\"$DAY\",\"durationMinutes\":90}" \
  | json 'json.load(sys.stdin)["ids"][0]')
failed=0
for who in bureau principal teacher parent; do
  echo "== schemathesis as $who"
  if ! "$VENV/bin/st" --config-file scripts/schemathesis.toml run "$URL/openapi.json" -H "Authorization: Bearer ${TOKENS[$who]}" \
      --max-examples "$EXAMPLES" --phases examples,coverage,fuzzing --workers 1 --seed 1 --no-color \
      -c not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
      --warnings off >"$WORK/st-$who.txt" 2>&1; then
    failed=1
    sed -n '/FAILURES/,$p' "$WORK/st-$who.txt"
  fi
  grep -E "generated|Tested:" "$WORK/st-$who.txt" || true
done
if grep -q "Internal error\|internal_error" "$WORK/server.log"; then echo "the server logged internal errors:"; grep -a "error" "$WORK/server.log" | tail -20; failed=1; fi
exit $failed
