"""Two Jianfu instances on one PostgreSQL behind nginx, as a province would run them (README, Deploying):

    python3 scripts/two_instances.py --binary .build/debug/jianfu --database-url postgres://… [--nginx-port 8400]

Checks, each against the instances directly (A and B) or through nginx (N):
  1. a session made on A is honoured on B;
  2. the cap check holds across instances: two filings for the same class-day sent at once to A and B, each
     fitting alone and not together, give exactly one 201 and one 422, day after day;
  3. caches: the parents' page on B shows a report made on A at once (the class's version), and the district
     dashboard on B shows it within the dashboard cache's lifetime (set short here), never later;
  4. SIGKILL of A while teachers file through nginx: every filing answered 201 is there and whole afterwards,
     nothing is half-written, and B kept answering.
"""
import argparse
import http.cookiejar
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from crash_safety import PASSWORD, Server, call, check, orphans, teaching_days  # noqa: E402

CACHE_SECONDS = 4


def nginx_conf(folder, port, upstreams):
    servers = "\n".join(f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=2s;" for p in upstreams)
    user = "user root;" if os.geteuid() == 0 else ""
    return f"""
{user}
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {folder}/body; proxy_temp_path {folder}/proxy;
  fastcgi_temp_path {folder}/fastcgi; uwsgi_temp_path {folder}/uwsgi; scgi_temp_path {folder}/scgi;
  upstream jianfu {{
{servers}
    keepalive 32;
  }}
  server {{
    listen 127.0.0.1:{port};
    client_max_body_size 20m;
    location / {{
      proxy_pass http://jianfu;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Request-Id $request_id;
    }}
  }}
}}
"""


def page_session(base):
    """Signs the demo parent in on a page, as a browser does; returns the cookie jar."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(base + "/sign-in", timeout=10).read().decode()
    csrf = re.search(r'name="_csrf" value="([^"]*)"', form).group(1)
    data = urllib.parse.urlencode({"_csrf": csrf, "username": "parent", "password": PASSWORD}).encode()
    opener.open(base + "/sign-in", data=data, timeout=10).read()
    return jar


def signed_in_on(base, jar, path):
    request = urllib.request.Request(base + path)
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    request.add_header("Cookie", cookie)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None
    try:
        response = urllib.request.build_opener(NoRedirect).open(request, timeout=10)
        return response.status == 200
    except urllib.error.HTTPError:
        return False


def load(base, token, class_id, day):
    status, answer = call(base, "GET", f"/api/v1/classes/{class_id}/load?date={day}", token)
    assert status == 200, (status, answer)
    return answer["capMinutes"] - answer["plannedMinutes"]


def race(a, b, token, class_id, subject, day, minutes, tag):
    results = {}
    barrier = threading.Barrier(2)

    def send(name, base):
        body = {"classIds": [class_id], "subjectId": subject, "assignedOn": day, "dueOn": day, "kind": "written",
                "minutes": minutes, "content": f"两实例竞争 {tag} {name}"}
        barrier.wait()
        results[name] = call(base, "POST", "/api/v1/homework", token, body)[0]
    threads = [threading.Thread(target=send, args=(n, base)) for n, base in (("A", a), ("B", b))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(results.values())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/debug/jianfu")
    parser.add_argument("--database-url", required=True, help="an empty PostgreSQL database")
    parser.add_argument("--nginx-port", type=int, default=8400)
    args = parser.parse_args()
    os.environ["JIANFU_DASHBOARD_CACHE_SECONDS"] = str(CACHE_SECONDS)
    folder = tempfile.mkdtemp(prefix="jianfu-two-")
    a = Server(args.binary, args.nginx_port + 1, os.path.join(folder, "unused.sqlite"), args.database_url)
    b = Server(args.binary, args.nginx_port + 2, os.path.join(folder, "unused.sqlite"), args.database_url)
    a.start(demo=True)  # A migrates and seeds; B starts on the ready database
    b.start()
    conf = os.path.join(folder, "nginx.conf")
    with open(conf, "w") as f:
        f.write(nginx_conf(folder, args.nginx_port, [a.port, b.port]))
    nginx = subprocess.Popen([shutil.which("nginx") or "/usr/sbin/nginx", "-c", conf, "-p", folder], stderr=subprocess.DEVNULL)
    n = f"http://127.0.0.1:{args.nginx_port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(n + "/health", timeout=1)
            break
        except Exception:
            time.sleep(0.1)
    try:
        run_checks(a, b, n)
    finally:
        nginx.terminate()
        for server in (a, b):
            if server.process and server.process.poll() is None:
                server.kill()


def run_checks(a, b, n):
    teacher = call(a.base, "POST", "/api/v1/tokens", body={"username": "teacher", "password": PASSWORD})[1]["token"]
    parent = call(b.base, "POST", "/api/v1/tokens", body={"username": "parent", "password": PASSWORD})[1]["token"]
    bureau = call(a.base, "POST", "/api/v1/tokens", body={"username": "bureau", "password": PASSWORD})[1]["token"]
    me = call(a.base, "GET", "/api/v1/me", teacher)[1]
    maths = [t for t in me["teaching"]]
    class_id, subject = maths[0]["classId"], maths[0]["subjectId"]
    child = call(b.base, "GET", "/api/v1/me", parent)[1]["children"][0]

    # 1. Sessions live in the database: signed in on A, recognised on B.
    jar = page_session(a.base)
    assert signed_in_on(b.base, jar, f"/classes/{child['classId']}/homework"), "a session made on A is not honoured on B"
    print("sessions: signed in on A, the parent's page opens on B")

    # 2. The cap check across instances.
    days = teaching_days(8)[3:]
    for day in days:
        room = load(a.base, teacher, class_id, day)
        assert room >= 2, f"{day}: only {room} minutes left to race for"
        outcome = race(a.base, b.base, teacher, class_id, subject, day, room, day)
        assert outcome == [201, 422], f"{day}: two filings of {room} minutes each gave {outcome}, expected one 201 and one 422"
        assert load(b.base, teacher, class_id, day) == 0
    print(f"cap check: {len(days)} class-days raced from A and B at once, each time one filing accepted and one refused")

    # 3. Caches. The parents' page follows a report at once; the dashboard within its lifetime.
    today = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 8 * 3600))
    path = f"/api/v1/classes/{child['classId']}/published?date={today}"
    call(b.base, "GET", path, parent)
    before_dash = school_figures(b.base, bureau, child["schoolId"])
    for minutes in (37, 83):
        status, answer = call(a.base, "POST", "/api/v1/feedback", parent, {"studentId": child["studentId"], "date": today, "minutes": minutes, "tooMuch": False})
        assert status in (200, 201, 204), (status, answer)
        shown = call(b.base, "GET", path, parent)[1]
        assert shown["reports"] >= 1 and shown.get("averageReportedMinutes") is not None, shown
        if shown["reports"] == 1:
            assert shown["averageReportedMinutes"] == minutes, f"B shows {shown['averageReportedMinutes']} after a report of {minutes} on A"
    time.sleep(CACHE_SECONDS + 1)
    after_dash = school_figures(b.base, bureau, child["schoolId"])
    assert after_dash != before_dash, "the dashboard on B still shows figures older than its cache lifetime"
    print(f"caches: the parents' page on B showed each report made on A at once; B's dashboard changed within {CACHE_SECONDS} s")

    # 4. SIGKILL one instance while teachers file through nginx.
    accepted, refused_after, served_after = [], [], [0]
    stop = threading.Event()
    killed = threading.Event()
    days = teaching_days(40)[10:]

    def file_through_nginx(worker):
        k = 0
        while not stop.is_set():
            k += 1
            marker = f"crash-two-{worker}-{k}"
            body = {"classIds": [class_id], "subjectId": subject, "assignedOn": days[(worker * 7 + k) % len(days)], "kind": "written",
                    "minutes": 1, "content": marker}
            body["dueOn"] = body["assignedOn"]
            try:
                status, answer = call(n, "POST", "/api/v1/homework", teacher, body, timeout=5)
            except Exception:
                continue
            if status == 201:
                accepted.append((answer["ids"][0], 1, marker))
                if killed.is_set():
                    served_after[0] += 1
    workers = [threading.Thread(target=file_through_nginx, args=(w,)) for w in range(4)]
    for w in workers:
        w.start()
    time.sleep(2)
    a.kill()
    killed.set()
    time.sleep(3)
    stop.set()
    for w in workers:
        w.join()
    assert served_after[0] > 0, "nothing was accepted after A was killed: B did not take over"
    check(b, teacher, accepted)
    missing = orphans(None, b.database_url)
    assert missing == [0, 0, 0], f"half-written records after the kill: {missing}"
    print(f"SIGKILL of A: {len(accepted)} filings accepted through nginx ({served_after[0]} after the kill, by B), all present and whole")


def school_figures(base, token, school_id):
    status, answer = call(base, "GET", "/api/v1/dashboard/schools?range=term", token)
    assert status == 200, (status, answer)
    return [s for s in answer["schools"] if s["schoolId"] == school_id]


if __name__ == "__main__":
    sys.exit(main())
