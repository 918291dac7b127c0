#!/usr/bin/env bash
# Load runs against one server and one database: the health route (the ceiling), a teacher filing homework
# with the cap check, a parent opening the day's published homework page, a class's public timetable (晒课表), a
# parent's after-school sign-up page,
# a staff member saving a session's register, the inspector's new-visit page for a school, the bureau's supervision
# record and its assessment table of every school, a tutor's desk with their pupils' tasks and weekly home visits, the
# head teacher's class page (who has no tutor, whom nobody visited), the bureau's tutor coverage of every school, and
# the district dashboard for
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
source bench/setup.sh

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
# The evening as it is: many parents, each their own child's class page (sessions signed in beforehand).
python3 bench/sessions.py "$URL" --parents "$LOAD_PARENTS" >"$DATA/pages.txt"
PAGES=$DATA/pages.txt AUTH="" COOKIE="" run parents pages.lua /
# 晒课表: the public timetable of the child's class, without signing in, as a family opens it from the school's link.
AUTH="" COOKIE="" run public-timetable get.lua "/public/classes/$CHILD_CLASS/timetable"
AUTH="" COOKIE=$COOKIE run sign-up get.lua "/after-school/pupils/$CHILD"
EXPECT=200,409 AUTH=$PRINCIPAL COOKIE="" run attendance attendance.lua "/api/v1/after-school/programs/$BASIC/attendance"
AUTH="" COOKIE=$INSPECTOR_COOKIE run inspector-school get.lua "/supervision/inspections/new?school=$SCHOOL"
AUTH="" COOKIE=$BUREAU_COOKIE run supervision get.lua "/supervision"
AUTH="" COOKIE=$BUREAU_COOKIE run assessment get.lua "/supervision/assessment/$TABLE"
AUTH="" COOKIE=$TEACHER_COOKIE run tutor-desk get.lua "/growth"
AUTH="" COOKIE=$TEACHER_COOKIE run head-teacher-class get.lua "/growth/classes/$CHILD_CLASS"
AUTH=$BUREAU COOKIE="" run tutoring-coverage get.lua "/api/v1/tutoring/coverage"
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
for name in ["health", "filing", "parent", "parents", "public-timetable", "sign-up", "attendance", "inspector-school", "supervision", "assessment", "tutor-desk", "head-teacher-class", "tutoring-coverage", "dashboard-week", "dashboard-term"]:
    g = lambda k: values.get(f"{name}.{k}", 0)
    first = f"{g('first'):.0f}" if g('first') else "–"
    print(f"| {name} | {g('rps'):.0f} | {g('rps') / health:.2f} | {g('p50'):.1f} | {g('p95'):.1f} | {g('p99'):.1f} | {first} | {g('errors'):.0f} | {g('refused'):.0f} |")
PY
