#!/usr/bin/env python3
"""Filing latency against a running Jianfu with the demo district: the demo teacher files one-minute
maths items for grade 4 classes 1 and 2 over the term's teaching days, from CLIENTS parallel clients,
and the script reports latency percentiles of the accepted filings and of the refusals over the cap.
Usage: filing_latency.py BASE_URL [FILINGS] [CLIENTS]"""
import concurrent.futures
import datetime
import json
import statistics
import sys
import time
import urllib.error
import urllib.request


def call(base, method, path, token=None, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request) as response:
            payload = response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        payload = error.read()
        status = error.code
    return status, json.loads(payload or b"null"), (time.perf_counter() - started) * 1000


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p / 100))] if values else float("nan")


def main():
    base = sys.argv[1].rstrip("/")
    filings = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    clients = int(sys.argv[3]) if len(sys.argv) > 3 else 4
    _, token, _ = call(base, "POST", "/api/v1/tokens", body={"username": "teacher", "password": "demo1234"})
    token = token["token"]
    _, me, _ = call(base, "GET", "/api/v1/me", token)
    maths = me["teaching"][0]["subjectId"]
    classes = [t["classId"] for t in me["teaching"] if t["subjectId"] == maths]
    today = datetime.date.today()
    start = today - datetime.timedelta(days=60)
    days = [start + datetime.timedelta(days=i) for i in range(150)]
    days = [d for d in days if d.weekday() < 5]
    jobs = []
    for i in range(filings):
        day = days[i % len(days)]
        jobs.append({"classIds": [classes[i % len(classes)]], "subjectId": maths, "assignedOn": day.isoformat(),
                     "dueOn": (day + datetime.timedelta(days=1)).isoformat(), "kind": "written", "minutes": 1,
                     "content": "基准测试 %d" % i})
    accepted, refused, other = [], [], {}
    codes = {}
    wall = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        for status, body, ms in pool.map(lambda body: call(base, "POST", "/api/v1/homework", token, body), jobs):
            if status == 201:
                accepted.append(ms)
            elif status == 422:
                refused.append(ms)
                code = body["error"]["code"]
                codes[code] = codes.get(code, 0) + 1
            else:
                other[status] = other.get(status, 0) + 1
    wall = time.perf_counter() - wall
    print(f"{filings} filings from {clients} clients in {wall:.1f} s ({filings / wall:.0f}/s); refusals: {codes}; other statuses: {other}")
    for label, values in (("accepted (201)", accepted), ("refused (422)", refused)):
        if values:
            print(f"  {label}: n={len(values)} p50={percentile(values, 50):.1f} ms p95={percentile(values, 95):.1f} ms "
                  f"p99={percentile(values, 99):.1f} ms mean={statistics.mean(values):.1f} ms")


if __name__ == "__main__":
    main()
