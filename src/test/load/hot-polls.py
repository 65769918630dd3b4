#!/usr/bin/env python3
"""Hot polls against an authenticated request that does nothing, with wrk, in one run.

Usage: src/test/load/hot-polls.py http://localhost:18080 [connections] [seconds]

Signs up a user waiting alone (next-match, heartbeat) and a pair in a call (the call's status,
its signals, the feed), then runs wrk against each endpoint and against GET /api/auth/check (the
JWT filter alone): two warm-up rounds, then each endpoint between two runs of the empty request.
Prints requests per second and each endpoint's ratio to the mean of the two. Needs wrk on the PATH.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid

base = sys.argv[1] if len(sys.argv) > 1 else "http://localhost:18080"
connections = int(sys.argv[2]) if len(sys.argv) > 2 else 32
seconds = int(sys.argv[3]) if len(sys.argv) > 3 else 15


def call(method, path, token=None, body=None):
    request = urllib.request.Request(base + path, method=method,
                                     data=None if body is None else json.dumps(body).encode())
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request, timeout=30) as response:
        text = response.read().decode()
        return json.loads(text) if text else {}


def user(gender, interested_in):
    answer = call("POST", "/api/auth/register", body={
        "email": f"hot-{uuid.uuid4().hex[:12]}@example.com", "password": "correct horse battery",
        "name": "Hot", "birth_date": "1995-05-05", "gender": gender, "interested_in": [interested_in],
        "interests": ["jazz"]})
    return answer["access_token"]


alone = user("nonbinary", "nonbinary")
alone_session = call("POST", "/api/continuous-matching/start", alone, {"min_age": 18, "max_age": 19})["session_id"]
anna, ben = user("woman", "man"), user("man", "woman")
anna_session = call("POST", "/api/continuous-matching/start", anna, {"min_age": 18, "max_age": 80})["session_id"]
call("POST", "/api/continuous-matching/start", ben, {"min_age": 18, "max_age": 80})
video = None
for _ in range(100):
    answer = call("GET", f"/api/continuous-matching/next-match?session_id={anna_session}", anna)
    if answer["match_found"]:
        video = answer["match_data"]["video_session_id"]
        break
    time.sleep(0.2)
if video is None:
    sys.exit("The pair was not paired: is the pool empty?")
call("POST", f"/api/video/join-call/{video}", anna)
call("POST", f"/api/video/join-call/{video}", ben)
cursor = call("GET", "/api/events", ben)["last_seq"]

endpoints = [
    ("GET /api/auth/check (nothing)", "GET", "/api/auth/check", alone, None),
    ("GET next-match (waiting)", "GET", f"/api/continuous-matching/next-match?session_id={alone_session}", alone, None),
    ("POST heartbeat (waiting)", "POST", "/api/continuous-matching/heartbeat", alone, {"session_id": alone_session}),
    ("GET video session (in a call)", "GET", f"/api/video/session/{video}", ben, None),
    ("GET signals after= (in a call)", "GET", f"/api/video/signals/{video}?after=0", ben, None),
    ("GET events after= (in a call)", "GET", f"/api/events?after={cursor}", ben, None),
]


def wrk(method, path, token, body, duration):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(f'wrk.method = "{method}"\n')
        script.write(f'wrk.headers["Authorization"] = "Bearer {token}"\n')
        if body is not None:
            script.write('wrk.headers["Content-Type"] = "application/json"\n')
            script.write(f"wrk.body = {json.dumps(json.dumps(body))}\n")
    try:
        out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "-s", script.name, base + path],
                             capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(script.name)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rate, int(bad.group(1)) if bad else 0


for _ in range(2):  # warm-up: the JIT compiles every path, twice round
    for name, method, path, token, body in endpoints:
        wrk(method, path, token, body, max(5, seconds // 2))
print(f"wrk -t2 -c{connections} -d{seconds}s after two warm-up rounds; each endpoint is measured between two runs")
print("of the empty request, and its ratio is to the mean of those two (the JIT goes on compiling for minutes):")
print("| endpoint | requests/s | empty request before / after | ratio to the empty request | non-2xx |")
print("|---|---:|---:|---:|---:|")
check = endpoints[0]
before = wrk(*check[1:], seconds)[0]
for name, method, path, token, body in endpoints[1:]:
    rate, bad = wrk(method, path, token, body, seconds)
    after = wrk(*check[1:], seconds)[0]
    print(f"| {name} | {rate:,.0f} | {before:,.0f} / {after:,.0f} | {rate / ((before + after) / 2):.2f} | {bad} |")
    before = after
