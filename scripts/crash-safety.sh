#!/usr/bin/env bash
# Crash safety on both engines: files homework over HTTP, SIGKILLs the server mid-flight, restarts it and checks
# that every write answered 2xx is present and whole and nothing is half-written (scripts/crash_safety.py).
#   bash scripts/crash-safety.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-5}
[ -x .build/debug/jianfu ] || swift build --product jianfu
python3 scripts/crash_safety.py --binary .build/debug/jianfu --rounds "$ROUNDS"
source scripts/postgres-for-tests.sh
DB=crash_$$
psql -h "${PGDIR:-/tmp/pgtest}" -p "${PGPORT:-54329}" -U postgres -qtA -c "CREATE DATABASE $DB OWNER jianfu"
python3 scripts/crash_safety.py --binary .build/debug/jianfu --rounds "$ROUNDS" --port 8391 \
  --postgres "postgres://jianfu:jianfu_test@127.0.0.1:${PGPORT:-54329}/$DB"
psql -h "${PGDIR:-/tmp/pgtest}" -p "${PGPORT:-54329}" -U postgres -qtA -c "DROP DATABASE $DB" || true
