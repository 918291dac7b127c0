"""Signs the bench district's people in, as a browser and as an API client, for the load runs that walk many
people's pages (bench/wrk/pages.lua, bench/wrk/soak.lua). Prints one line per parent, TAB-separated: the page
session's cookie, their child's class page, an API token, the child's student id and class id.

    python3 bench/sessions.py http://127.0.0.1:8282 --parents 100
"""
import argparse
import concurrent.futures
import http.cookiejar
import json
import re
import sys
import urllib.error
import urllib.parse
import urllib.request

PASSWORD = "bench1234"


def sign_in(base, username):
    try:
        return signed_in(base, username)
    except urllib.error.HTTPError:
        return None  # not an account of this district: the parent is left out


def signed_in(base, username):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(base + "/sign-in", timeout=60).read().decode()
    csrf = re.search(r'name="_csrf" value="([^"]*)"', form).group(1)
    opener.open(base + "/sign-in", data=urllib.parse.urlencode({"_csrf": csrf, "username": username, "password": PASSWORD}).encode(), timeout=60).read()
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar if c.name == "jianfu-session")
    if not cookie:
        return None
    request = urllib.request.Request(base + "/api/v1/tokens", method="POST", data=json.dumps({"username": username, "password": PASSWORD}).encode(),
                                     headers={"Content-Type": "application/json"})
    token = json.load(urllib.request.urlopen(request, timeout=60))["token"]
    me = json.load(urllib.request.urlopen(urllib.request.Request(base + "/api/v1/me", headers={"Authorization": "Bearer " + token}), timeout=60))
    return cookie, token, me


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("--parents", type=int, default=100)
    args = parser.parse_args()
    names = [f"bench-parent-{k}" for k in range(1, args.parents + 1)]
    printed = 0
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        for signed in pool.map(lambda name: sign_in(args.base, name), names):
            if not signed or not signed[2].get("children"):
                continue
            cookie, token, me = signed
            child = me["children"][0]
            print(f"{cookie}\t/classes/{child['classId']}/homework\t{token}\t{child['studentId']}\t{child['classId']}")
            printed += 1
    if printed == 0:
        sys.exit("no bench parent could sign in: generate the district again (its database predates bench-parent-N)")


if __name__ == "__main__":
    sys.exit(main())
