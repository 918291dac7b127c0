#!/usr/bin/env bash
# A throwaway PostgreSQL on 127.0.0.1 for the test suite, as root, idempotent (about 4 s for a new
# cluster). Source it: it exports JIANFU_TEST_POSTGRES_URL and stops the server when the sourcing shell exits.
set -euo pipefail
PGDIR=${PGDIR:-/tmp/pgtest}; PGPORT=${PGPORT:-54329}
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
pgctl() { runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDIR" "$@"; }
if ! pgctl status >/dev/null 2>&1; then
  if [ ! -s "$PGDIR/PG_VERSION" ]; then
    rm -rf "$PGDIR"; install -d -o postgres -g postgres -m 700 "$PGDIR"
    runuser -u postgres -- "$PGBIN/initdb" -D "$PGDIR" -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --no-locale >/dev/null
  fi
  # fsync off is for throwaway test data only; never for a real deployment. PG_DURABLE=1 (the benchmarks) keeps it on.
  DURABILITY="-c fsync=off -c synchronous_commit=off"
  [ "${PG_DURABLE:-0}" = 1 ] && DURABILITY="-c shared_buffers=1GB"
  # A cluster left by a killed run may need its recovery first: wait up to two minutes, and show why if it fails.
  if ! pgctl -l "$PGDIR/server.log" -w -t 120 -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGDIR $DURABILITY -c max_connections=400" start >/dev/null; then
    echo "PostgreSQL did not start in $PGDIR on port $PGPORT; the end of its log:" >&2
    tail -n 30 "$PGDIR/server.log" >&2 || true
    exit 1
  fi
fi
trap 'pgctl -m fast -w stop >/dev/null 2>&1 || true' EXIT
psql -h "$PGDIR" -p "$PGPORT" -U postgres -qtA -v ON_ERROR_STOP=1 <<'SQL'
DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='jianfu') THEN CREATE ROLE jianfu LOGIN PASSWORD 'jianfu_test' CREATEDB; END IF; END$$;
SELECT 'CREATE DATABASE jianfu_test OWNER jianfu' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname='jianfu_test')\gexec
SQL
export JIANFU_TEST_POSTGRES_URL="postgres://jianfu:jianfu_test@127.0.0.1:$PGPORT/jianfu_test"
