#!/usr/bin/env bash
# The built binary serves the demo from a folder other than the checkout: it finds its Resources beside itself or
# above (README: Deploying). Usage: bash scripts/serve-elsewhere.sh [debug|release]
set -euo pipefail
cd "$(dirname "$0")/.."
CONFIG=${1:-debug}
BIN=$PWD/.build/$CONFIG/jianfu
[ -x "$BIN" ] || swift build -c "$CONFIG" --product jianfu
ELSEWHERE=$(mktemp -d)
PORT=${SERVE_ELSEWHERE_PORT:-8398}
cd "$ELSEWHERE"
"$BIN" serve --demo --db "$ELSEWHERE/demo.sqlite" --port "$PORT" >"$ELSEWHERE/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$ELSEWHERE"' EXIT
for _ in $(seq 1 300); do
  curl -fs "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
  kill -0 $SERVER 2>/dev/null || { cat "$ELSEWHERE/server.log"; echo "the server stopped" >&2; exit 1; }
  sleep 1
done
curl -fs "http://127.0.0.1:$PORT/sign-in" | grep -q '登录' || { echo "the sign-in page did not render from $ELSEWHERE" >&2; exit 1; }
curl -fs "http://127.0.0.1:$PORT/css/app.css" >/dev/null || { echo "the stylesheet was not served from $ELSEWHERE" >&2; exit 1; }
curl -fs "http://127.0.0.1:$PORT/api/v1/openapi.json" | grep -q '"openapi"' || { echo "the API description was not served" >&2; exit 1; }
echo "the $CONFIG binary serves the demo from $ELSEWHERE: sign-in page, stylesheet and API description"
