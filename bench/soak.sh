#!/usr/bin/env bash
# The evening peak, sustained: MINUTES minutes at CONNECTIONS connections of the evening's mix (bench/wrk/soak.lua:
# parents' pages and reports about 80 %, teachers' filings and filing pages 10 %, review queues 5 %, dashboards 5 %),
# one wrk run a minute. Reports per minute: throughput, p50/p99, 5xx, other unexpected statuses, socket errors and
# timeouts apart, the server's RSS and open file descriptors. Afterwards every filing answered 201 must be in the
# database, and a 5xx fails the run.
#
#   bash bench/soak.sh [--scale large] [--minutes 10] [--connections 500] [--postgres] [--debug]
set -euo pipefail
cd "$(dirname "$0")/.."
SCALE=large MINUTES=10 CONNECTIONS=500 ENGINE=sqlite CONFIG=release
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) SCALE=$2; shift 2 ;;
    --minutes) MINUTES=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --postgres) ENGINE=postgres; shift ;;
    --debug) CONFIG=debug; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
ulimit -n 65536 2>/dev/null || true
source bench/setup.sh

# Sessions of many parents, the filing teachers' page, the principal's review queue.
python3 bench/sessions.py "$URL" --parents "$LOAD_PARENTS" >"$DATA/soak-parents.txt"
awk -F'\t' '{ print "parent\t" $1 "\t" $2 }' "$DATA/soak-parents.txt" >"$DATA/soak-pages.txt"
awk -F'\t' '{ print $3 "\t" $4 "\t" $5 }' "$DATA/soak-parents.txt" >"$DATA/soak-reporters.txt"
page_session() {
  local jar=$DATA/jar-$1.txt csrf
  rm -f "$jar"
  csrf=$(curl -fs -c "$jar" -b "$jar" "$URL/sign-in" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//')
  curl -fs -c "$jar" -b "$jar" -o /dev/null -d "_csrf=$csrf&username=$1&password=bench1234" "$URL/sign-in"
  awk '$6 == "jianfu-session" { print "jianfu-session=" $7 }' "$jar"
}
printf 'teacher\t%s\t/homework/file\n' "$(page_session bench-teacher)" >>"$DATA/soak-pages.txt"
printf 'principal\t%s\t/homework/review\n' "$(page_session bench-principal)" >>"$DATA/soak-pages.txt"
export SOAK_PAGES=$DATA/soak-pages.txt REPORTERS=$DATA/soak-reporters.txt BUREAU
export TODAY=$(TZ=Asia/Shanghai date +%F) EXPECT=200,201,422
stored() {
  if [ "$ENGINE" = postgres ]; then
    psql "$DATABASE_URL" -qtAc "SELECT COUNT(*) FROM homework_entries WHERE content LIKE 'soak %'"
  else
    python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT COUNT(*) FROM homework_entries WHERE content LIKE ?", ("soak %",)).fetchone()[0])' "$DB"
  fi
}
BEFORE=$(stored)

echo "| minute | req/s | p50 ms | p99 ms | 5xx | other unexpected status | socket errors | timeouts (2 s) | RSS MB | open files | filings acknowledged |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
ACKED=0 FIVEXX=0 SOCKET=0
for minute in $(seq 1 "$MINUTES"); do
  OUT=$(wrk -t2 -c"$CONNECTIONS" -d60s --timeout 2s -s bench/wrk/soak.lua "$URL/")
  RESULT=$(echo "$OUT" | grep '^RESULT'); ACK=$(echo "$OUT" | grep '^ACKNOWLEDGED')
  get() { echo "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1 == k { print $2 }'; }
  RSS=$(awk '/VmRSS/ { print int($2 / 1024) }' /proc/$SERVER/status)
  FDS=$(ls /proc/$SERVER/fd | wc -l)
  FILED=$(get "$ACK" filings); ACKED=$((ACKED + FILED))
  S5=$(get "$RESULT" status5xx); SE=$(get "$RESULT" socket); FIVEXX=$((FIVEXX + S5)); SOCKET=$((SOCKET + SE))
  printf '| %d | %.0f | %.1f | %.1f | %d | %d | %d | %d | %d | %d | %d |\n' "$minute" "$(get "$RESULT" rps)" "$(get "$RESULT" p50)" "$(get "$RESULT" p99)" \
    "$S5" "$(( $(get "$RESULT" unexpected) - S5 ))" "$SE" "$(get "$RESULT" timeouts)" "$RSS" "$FDS" "$FILED"
done

# Every filing answered 201 is there (the soak's entries are marked "soak …"). More may be stored than acknowledged:
# a filing whose client gave up after wrk's 2 s timeout is still committed.
STORED=$(( $(stored) - BEFORE ))
echo
echo "filings acknowledged (201): $ACKED; soak entries stored by this run: $STORED; 5xx: $FIVEXX; socket errors: $SOCKET"
[ "$STORED" -ge "$ACKED" ] || { echo "acknowledged filings are missing" >&2; exit 1; }
# A 5xx fails the run; socket errors and wrk's timeouts at the load are reported for the figures.
[ "$FIVEXX" -eq 0 ] || { echo "the server answered 5xx" >&2; exit 1; }
