"""Crash safety: teachers file homework continuously over HTTP while the server is killed with SIGKILL at a
random moment, again and again. After each restart every filing that was answered 201 must be there and
whole (its minutes and text, its history, its audit record), and no entry may exist without its history:
a request that did not finish leaves nothing behind.

    python3 scripts/crash_safety.py --binary .build/debug/jianfu --rounds 5 [--postgres URL]

SQLite by default (a fresh file); with --postgres the server uses that (empty) database.
"""
import argparse
import datetime
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import zoneinfo

PASSWORD = "demo1234"


def call(base, method, path, token=None, body=None, timeout=10):
    request = urllib.request.Request(base + path, method=method, data=None if body is None else json.dumps(body).encode())
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


class Server:
    def __init__(self, binary, port, db_path, database_url):
        self.binary, self.port, self.db_path, self.database_url = binary, port, db_path, database_url
        self.process = None
        self.base = f"http://127.0.0.1:{port}"

    def start(self, demo=False):
        env = dict(os.environ)
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        args = [self.binary, "serve", "--port", str(self.port), "--db", self.db_path] + (["--demo"] if demo else [])
        self.process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # Creating the demo on PostgreSQL in a debug build takes about a minute on two idle cores: allow five.
        for _ in range(1500):
            try:
                urllib.request.urlopen(self.base + "/health", timeout=1)
                return
            except Exception:
                if self.process.poll() is not None:
                    raise SystemExit(f"the server exited with {self.process.returncode} before it served")
                time.sleep(0.2)
        raise SystemExit("the server did not start within five minutes")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()


def teaching_days(count):
    """The coming weekdays in Beijing: filings land in the demo's current term, which runs to late January."""
    day = datetime.datetime.now(zoneinfo.ZoneInfo("Asia/Shanghai")).date()
    days = []
    while len(days) < count:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            days.append(day.isoformat())
    return days


def file_until_killed(server, token, classes, subject, days, accepted, stop, worker):
    n = 0
    while not stop.is_set():
        n += 1
        marker = f"crash-{worker}-{n}-{random.randrange(10**9)}"
        minutes = random.randint(1, 3)
        body = {"classIds": [random.choice(classes)], "subjectId": subject, "assignedOn": random.choice(days), "kind": "written",
                "minutes": minutes, "content": marker}
        body["dueOn"] = body["assignedOn"]
        try:
            status, answer = call(server.base, "POST", "/api/v1/homework", token, body, timeout=5)
        except Exception:
            continue  # the server died with this request in flight: it may or may not have been written
        if status == 201:
            for entry_id in answer["ids"]:
                accepted.append((entry_id, minutes, marker))


def read_alongside(db_path, stop):
    """Another process reading the live SQLite file now and then, as an administrator's sqlite3 would: each close of
    its connection must leave the server's WAL alone (a server that lost its locks on the file would see it deleted,
    and every commit after that would be lost by the crash)."""
    while not stop.wait(0.3):
        try:
            connection = sqlite3.connect(db_path, timeout=1)
            connection.execute("SELECT COUNT(*) FROM homework_entries").fetchone()
            connection.close()
        except sqlite3.Error:
            pass


def check(server, token, accepted):
    """Every accepted filing is there and whole, with its history."""
    for entry_id, minutes, marker in accepted:
        status, entry = call(server.base, "GET", f"/api/v1/homework/{entry_id}", token)
        assert status == 200, f"accepted filing {entry_id} is missing after the crash ({status})"
        assert entry["minutes"] == minutes and entry["content"] == marker, f"{entry_id} is not whole: {entry}"
        assert [step["action"] for step in entry.get("history", [])][:1] == ["file"], f"{entry_id} has no filing step in its history"


def orphans(db_path, database_url):
    """This run's entries without their filing event or audit record, and events without their entry.
    (The demo's own history of the term is loaded in bulk, without events: it is left out.)"""
    queries = [
        "SELECT COUNT(*) FROM homework_entries e WHERE NOT EXISTS (SELECT 1 FROM homework_events v WHERE v.entry_id = e.id AND v.action = 'file')"
        " AND e.content LIKE 'crash-%'",
        "SELECT COUNT(*) FROM homework_entries e WHERE NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.entity_id = e.id AND a.action = 'homework.file')"
        " AND e.content LIKE 'crash-%'",
        "SELECT COUNT(*) FROM homework_events v WHERE NOT EXISTS (SELECT 1 FROM homework_entries e WHERE e.id = v.entry_id)",
    ]
    if database_url:
        return [int(subprocess.run(["psql", database_url, "-qtAc", q], check=True, capture_output=True, text=True).stdout.strip()) for q in queries]
    connection = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return [connection.execute(q).fetchone()[0] for q in queries]
    finally:
        connection.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/debug/jianfu")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8390)
    parser.add_argument("--postgres", default=None, help="DATABASE_URL of an empty PostgreSQL database")
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="jianfu-crash-")
    db_path = os.path.join(folder, "crash.sqlite")
    server = Server(args.binary, args.port, db_path, args.postgres)
    server.start(demo=True)
    status, answer = call(server.base, "POST", "/api/v1/tokens", body={"username": "teacher", "password": PASSWORD})
    token = answer["token"]
    me = call(server.base, "GET", "/api/v1/me", token)[1]
    classes = sorted({t["classId"] for t in me["teaching"]})
    subject = me["teaching"][0]["subjectId"]
    days = teaching_days(25)

    accepted = []
    for round_number in range(1, args.rounds + 1):
        stop = threading.Event()
        before = len(accepted)
        workers = [threading.Thread(target=file_until_killed, args=(server, token, classes, subject, days, accepted, stop, w))
                   for w in range(args.workers)]
        if not args.postgres:
            workers.append(threading.Thread(target=read_alongside, args=(db_path, stop)))
        for worker in workers:
            worker.start()
        time.sleep(random.uniform(1.0, 3.0))
        server.kill()
        stop.set()
        for worker in workers:
            worker.join()
        missing = orphans(db_path, args.postgres)
        assert missing == [0, 0, 0], f"half-written records after the kill: {missing}"
        server.start()
        check(server, token, accepted)
        print(f"round {round_number}: SIGKILL after {len(accepted) - before} accepted filings; {len(accepted)} checked, none lost, none half-written")
    server.kill()
    print(f"crash safety ({'PostgreSQL' if args.postgres else 'SQLite'}): {args.rounds} SIGKILL rounds, {len(accepted)} accepted writes all present and whole")


if __name__ == "__main__":
    sys.exit(main())
