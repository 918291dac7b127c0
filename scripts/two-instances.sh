#!/usr/bin/env bash
# Two instances on one PostgreSQL behind nginx on loopback (scripts/two_instances.py says what it checks).
#   bash scripts/two-instances.sh [debug|release]
set -euo pipefail
cd "$(dirname "$0")/.."
CONFIG=${1:-debug}
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; }
[ -x ".build/$CONFIG/jianfu" ] || swift build -c "$CONFIG" --product jianfu
source scripts/postgres-for-tests.sh
DB=two_$$
psql -h "${PGDIR:-/tmp/pgtest}" -p "${PGPORT:-54329}" -U postgres -qtA -c "CREATE DATABASE $DB OWNER jianfu"
python3 scripts/two_instances.py --binary ".build/$CONFIG/jianfu" \
  --database-url "postgres://jianfu:jianfu_test@127.0.0.1:${PGPORT:-54329}/$DB"
psql -h "${PGDIR:-/tmp/pgtest}" -p "${PGPORT:-54329}" -U postgres -qtA -c "DROP DATABASE $DB" || true
