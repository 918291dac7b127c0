# Shared by bench/run.sh and bench/soak.sh (sourced, with SCALE, ENGINE, CONFIG, CONNECTIONS set): builds the
# binary, generates the district once per scale and engine, serves it on 127.0.0.1 ($URL, pid $SERVER) and signs
# in the accounts the runs use: PARENT and BUREAU tokens, FILERS ("token class subject;" of the filing teachers),
# DAYS (the term's coming teaching days), CHILD_CLASS and a parent's page COOKIE; the inspector's and the bureau's page
# sessions and the assessment TABLE.
command -v wrk >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
if [ "$CONFIG" = release ]; then
  swift build -c release --product jianfu >/dev/null
else
  swift build --product jianfu >/dev/null
fi
BIN=.build/$CONFIG/jianfu
DATA=${BENCH_DATA:-/tmp/jianfu-bench}; mkdir -p "$DATA"
GENERATOR=5   # bump when bench-data changes what it makes
PORT=${BENCH_PORT:-8282}
export BENCH_DIR=$PWD/bench
THREADS=$(( CONNECTIONS < 2 ? CONNECTIONS : 2 ))
# Guardians who can sign in (bench-parent-1 onward): one per class up to 300, and small has 78 classes.
LOAD_PARENTS=${BENCH_PARENTS:-$([ "$SCALE" = small ] && echo 60 || echo 200)}

if [ "$ENGINE" = postgres ]; then
  # A server of its own, with fsync on: the figures are for a durable database, unlike the tests' throwaway one.
  export PGDIR=${BENCH_PGDIR:-/tmp/pgbench} PGPORT=${BENCH_PGPORT:-54330} PG_DURABLE=1
  source scripts/postgres-for-tests.sh
  # The generator's version is in the name: a database made by an older generator lacks what the runs sign in as.
  DBNAME=bench_${SCALE}_$GENERATOR
  PSQL="psql -h $PGDIR -p $PGPORT -U postgres -qtA"
  if [ -z "$($PSQL -c "SELECT 1 FROM pg_database WHERE datname='$DBNAME'")" ]; then
    $PSQL -c "CREATE DATABASE $DBNAME OWNER jianfu"
    DATABASE_URL="postgres://jianfu:jianfu_test@127.0.0.1:$PGPORT/$DBNAME" "$BIN" bench-data --scale "$SCALE" --seed 1 | tail -2
  fi
  export DATABASE_URL="postgres://jianfu:jianfu_test@127.0.0.1:$PGPORT/$DBNAME"
  DBARG=()
else
  DB=$DATA/$SCALE-$GENERATOR.sqlite
  [ -f "$DB" ] || "$BIN" bench-data --scale "$SCALE" --seed 1 --db "$DB" | tail -2
  DBARG=(--db "$DB")
fi

"$BIN" serve "${DBARG[@]}" --port "$PORT" >"$DATA/server.log" 2>&1 &
SERVER=$!
# Stopping the server comes first; the trap it replaces (the PostgreSQL of scripts/postgres-for-tests.sh) still runs after.
PREVIOUS_EXIT_TRAP=$(trap -p EXIT | sed -E "s/^trap -- '(.*)' EXIT$/\1/")
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; eval "$PREVIOUS_EXIT_TRAP"' EXIT
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
# The parent's child, for the after-school sign-up page; the child's basic session and its register on the last school
# day (today if a weekday), for the attendance run as the school's administrator.
CHILD=$(curl -fs "$URL/api/v1/me" -H "Authorization: Bearer $PARENT" | python3 -c 'import json,sys; print(json.load(sys.stdin)["children"][0]["studentId"])')
PRINCIPAL=$(token bench-principal)
SCHOOL=$(curl -fs "$URL/api/v1/me" -H "Authorization: Bearer $PRINCIPAL" | python3 -c 'import json,sys; print([r["schoolId"] for r in json.load(sys.stdin)["roles"] if r.get("schoolId")][0])')
BASIC=$(curl -fs "$URL/api/v1/schools/$SCHOOL/after-school/programs" -H "Authorization: Bearer $PRINCIPAL" | python3 -c 'import json,sys; print([p["id"] for p in json.load(sys.stdin) if p["category"] == "homework_guidance"][0])')
SESSION_DAY=$(python3 -c '
import datetime, zoneinfo
day = datetime.datetime.now(zoneinfo.ZoneInfo("Asia/Shanghai")).date()
while day.weekday() > 4: day -= datetime.timedelta(days=1)
print(day.isoformat())')
export REGISTER=$DATA/register.json
curl -fs "$URL/api/v1/after-school/programs/$BASIC/attendance?date=$SESSION_DAY" -H "Authorization: Bearer $PRINCIPAL" | python3 -c '
import json, sys
register = json.load(sys.stdin)
print(json.dumps({"date": register["date"], "present": [p["studentId"] for p in register["pupils"]], "absent": []}))' >"$REGISTER"
# Pages need a signed-in session: sign in the way a browser does.
session() {
  local jar=$DATA/cookies-$1.txt csrf cookie
  rm -f "$jar"
  csrf=$(curl -fs -c "$jar" -b "$jar" "$URL/sign-in" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//')
  curl -fs -c "$jar" -b "$jar" -o /dev/null -d "_csrf=$csrf&username=$1&password=bench1234" "$URL/sign-in"
  cookie=$(awk '$6 == "jianfu-session" { print "jianfu-session=" $7 }' "$jar")
  [ -n "$cookie" ] || { echo "$1 could not sign in" >&2; exit 1; }
  echo "$cookie"
}
COOKIE=$(session bench-parent)
# Supervision: the inspector's new-visit page for the first school (it starts from every domain's facts of the school)
# and the bureau's assessment table with every school's standing this term.
INSPECTOR_COOKIE=$(session bench-inspector)
BUREAU_COOKIE=$(session bench-bureau)
# The tutor system: bench-teacher tutors pupils of the first school and heads the bench parent's class.
TEACHER_COOKIE=$(session bench-teacher)
TABLE=$(curl -fs "$URL/api/v1/assessment-tables" -H "Authorization: Bearer $BUREAU" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')

