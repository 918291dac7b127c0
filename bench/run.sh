#!/usr/bin/env bash
# Load runs against one server and one database: the health route (the ceiling), a teacher filing homework
# with the cap check, a parent opening the day's published homework page, and the district dashboard for
# a week and for the term. Prints a markdown table with every figure also as a ratio to the health route,
# and for each page read the time of its first request alone, before the load (a cold dashboard computes).
#
#   bash bench/run.sh [--scale small|district|large] [--duration 15] [--connections 16] [--postgres] [--debug]
#
# Builds the release binary (unless --debug), generates the district once per scale and engine
# (kept under $BENCH_DATA, default /tmp/jianfu-bench), serves it on 127.0.0.1 and drives it with wrk.
set -euo pipefail
cd "$(dirname "$0")/.."
SCALE=small DURATION=15 CONNECTIONS=16 ENGINE=sqlite CONFIG=release
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) SCALE=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --postgres) ENGINE=postgres; shift ;;
    --debug) CONFIG=debug; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
if [ "$CONFIG" = release ]; then
  swift build -c release --product jianfu >/dev/null
else
  swift build --product jianfu >/dev/null
fi
BIN=.build/$CONFIG/jianfu
DATA=${BENCH_DATA:-/tmp/jianfu-bench}; mkdir -p "$DATA"
PORT=${BENCH_PORT:-8282}
export BENCH_DIR=$PWD/bench
THREADS=$(( CONNECTIONS < 2 ? CONNECTIONS : 2 ))

if [ "$ENGINE" = postgres ]; then
  # A server of its own, with fsync on: the figures are for a durable database, unlike the tests' throwaway one.
  export PGDIR=${BENCH_PGDIR:-/tmp/pgbench} PGPORT=${BENCH_PGPORT:-54330} PG_DURABLE=1
  source scripts/postgres-for-tests.sh
  DBNAME=bench_$SCALE
  PSQL="psql -h $PGDIR -p $PGPORT -U postgres -qtA"
  if [ -z "$($PSQL -c "SELECT 1 FROM pg_database WHERE datname='$DBNAME'")" ]; then
    $PSQL -c "CREATE DATABASE $DBNAME OWNER jianfu"
    DATABASE_URL="postgres://jianfu:jianfu_test@127.0.0.1:$PGPORT/$DBNAME" "$BIN" bench-data --scale "$SCALE" --seed 1 | tail -2
  fi
  export DATABASE_URL="postgres://jianfu:jianfu_test@127.0.0.1:$PGPORT/$DBNAME"
  DBARG=()
else
  DB=$DATA/$SCALE.sqlite
  [ -f "$DB" ] || "$BIN" bench-data --scale "$SCALE" --seed 1 --db "$DB" | tail -2
  DBARG=(--db "$DB")
fi

"$BIN" serve "${DBARG[@]}" --port "$PORT" >"$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.5; done
URL=http://127.0.0.1:$PORT

token() { curl -fs -X POST "$URL/api/v1/tokens" -H 'content-type: application/json' -d "{\"username\":\"$1\",\"password\":\"bench1234\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'; }
PARENT=$(token bench-parent); BUREAU=$(token bench-bureau)
# Filings come from the maths teachers of the first primary schools (grade 4) and junior schools (grade 8), each
# over the classes they teach: FILERS is "token class subject" triples. The generator makes 70 % of the schools primary.
case "$SCALE" in small) TOTAL=6 ;; district) TOTAL=100 ;; *) TOTAL=1000 ;; esac
PRIMARY=$((TOTAL * 7 / 10))
FILERS=""
for account in $(for s in $(seq 1 $((PRIMARY < 10 ? PRIMARY : 10))); do echo "t$s-4-数学"; done; \
                 for s in $(seq $((PRIMARY + 1)) $((TOTAL < PRIMARY + 10 ? TOTAL : PRIMARY + 10))); do echo "t$s-8-数学"; done); do
  [ "$account" = "t1-4-数学" ] && account=bench-teacher
  T=$(token "$account")
  FILERS="$FILERS$(curl -fs "$URL/api/v1/me" -H "Authorization: Bearer $T" | python3 -c '
import json, sys
token = sys.argv[1]
for t in json.load(sys.stdin)["teaching"]:
    print(token, t["classId"], t["subjectId"], end=";")' "$T")"
done
export FILERS
[ -n "$FILERS" ] || { echo "no teacher could sign in to file" >&2; exit 1; }
CHILD_CLASS=$(curl -fs "$URL/api/v1/me" -H "Authorization: Bearer $PARENT" | python3 -c 'import json,sys; print(json.load(sys.stdin)["children"][0]["classId"])')
# The term's coming teaching days (weekdays from tomorrow), so filings land in the current term.
export DAYS=$(python3 - <<'PY'
import datetime, zoneinfo
day = datetime.datetime.now(zoneinfo.ZoneInfo("Asia/Shanghai")).date()
days = []
while len(days) < 20:
    day += datetime.timedelta(days=1)
    if day.weekday() < 5 and not (day.month == 1 and day.day == 1):
        days.append(day.isoformat())
print(",".join(days))
PY
)
# The parent's page needs a signed-in session: sign in the way a browser does.
JAR=$DATA/cookies.txt; rm -f "$JAR"
CSRF=$(curl -fs -c "$JAR" -b "$JAR" "$URL/sign-in" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//')
curl -fs -c "$JAR" -b "$JAR" -o /dev/null -d "_csrf=$CSRF&username=bench-parent&password=bench1234" "$URL/sign-in"
COOKIE=$(awk '$6 == "jianfu-session" { print "jianfu-session=" $7 }' "$JAR")
[ -n "$COOKIE" ] || { echo "the parent's sign-in failed" >&2; exit 1; }

run() {
  local name=$1 script=$2 path=$3
  local line first=0
  # The first request on its own, cold (no wrk timeout): a dashboard's first reader computes its figures.
  if [ "$script" = get.lua ]; then
    local headers=()
    [ -n "$AUTH" ] && headers+=(-H "Authorization: Bearer $AUTH")
    [ -n "$COOKIE" ] && headers+=(-H "Cookie: $COOKIE")
    first=$(curl -s -o /dev/null -w '%{time_total}' "${headers[@]}" "$URL$path" | python3 -c 'import sys; print(round(float(sys.stdin.read()) * 1000, 1))')
  fi
  echo "$name.first=$first" >>"$DATA/results.kv"
  line=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" -s "bench/wrk/$script" "$URL$path" | grep '^RESULT') || { echo "| $name | wrk failed |"; return; }
  echo "$name $line" >>"$DATA/results.txt"
  echo "$line" | sed 's/RESULT //' | tr ' ' '\n' | sed "s/^/$name./" >>"$DATA/results.kv"
}
rm -f "$DATA/results.txt" "$DATA/results.kv"
export EXPECT=200
AUTH="" COOKIE="" run health get.lua /health
EXPECT=201,422 AUTH="" run filing filing.lua /api/v1/homework
AUTH="" COOKIE=$COOKIE run parent get.lua "/classes/$CHILD_CLASS/homework"
AUTH=$BUREAU COOKIE="" run dashboard-week get.lua "/api/v1/dashboard/schools?range=week"
AUTH=$BUREAU COOKIE="" run dashboard-term get.lua "/api/v1/dashboard/schools?range=term"
PEAK=$(awk '/VmHWM/ { print int($2 / 1024) }' /proc/$SERVER/status)

python3 - "$DATA/results.kv" "$SCALE" "$ENGINE" "$CONFIG" "$CONNECTIONS" "$DURATION" "$PEAK" <<'PY'
import sys
path, scale, engine, config, conns, duration, peak = sys.argv[1:]
values = {}
for line in open(path):
    key, value = line.strip().split("=")
    values[key] = float(value)
health = values.get("health.rps", 0) or 1
print(f"\n{scale} · {engine} · {config} · {conns} connections · {duration} s each · server peak RSS {peak} MB\n")
print("| run | req/s | × health | p50 ms | p95 ms | p99 ms | first request ms | errors | refused (4xx) |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for name in ["health", "filing", "parent", "dashboard-week", "dashboard-term"]:
    g = lambda k: values.get(f"{name}.{k}", 0)
    first = f"{g('first'):.0f}" if g('first') else "–"
    print(f"| {name} | {g('rps'):.0f} | {g('rps') / health:.2f} | {g('p50'):.1f} | {g('p95'):.1f} | {g('p99'):.1f} | {first} | {g('errors'):.0f} | {g('refused'):.0f} |")
PY
