#!/usr/bin/env python3
"""Sign-in answer times for a known and an unknown email, to see whether timing tells who has an
account. Usage: src/test/load/sign-in-timing.py [base url] [rounds]  (default http://localhost:8080, 200)

Each round signs in with an unknown email, with a known email and a wrong password, and with the
right password, each from an address of its own (X-Forwarded-For, believed from loopback) so that
no limit is reached. The first quarter of the rounds warms the JIT and is not counted. Prints the
median and the 90th percentile of each kind, in milliseconds, and the ratio unknown / known."""
import json
import statistics
import sys
import time
import urllib.error
import urllib.request
import uuid

base = sys.argv[1] if len(sys.argv) > 1 else "http://localhost:8080"
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 200


def post(path, body, address):
    request = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json", "X-Forwarded-For": address})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as e:
        e.read()
        status = e.code
    return status, (time.perf_counter() - started) * 1000


def address(i, kind):
    return f"2001:db8:{kind:x}:{i:x}::1"


def account(n):
    """A known email; one per 9 rounds, so that no version of the service reaches a per-email limit."""
    email = f"timing-{uuid.uuid4().hex[:8]}@example.com"
    status, _ = post("/api/auth/register", {"email": email, "password": "correct horse battery", "name": "Timing",
                                             "birth_date": "1990-01-01", "gender": "woman", "interested_in": ["man"]},
                     f"2001:db8:ffff:{n:x}::1")
    assert status == 201, status
    return email


emails = [account(n) for n in range(rounds // 9 + 1)]

times = {"unknown email": [], "known email, wrong password": [], "known email, right password": []}
for i in range(rounds):
    email = emails[i // 9]
    samples = [
        ("unknown email", post("/api/auth/login", {"email": f"nobody-{uuid.uuid4().hex}@example.com",
                                                   "password": "correct horse battery"}, address(i, 1)), 401),
        ("known email, wrong password", post("/api/auth/login", {"email": email, "password": f"wrong {i}"},
                                             address(i, 2)), 401),
        ("known email, right password", post("/api/auth/login", {"email": email, "password": "correct horse battery"},
                                             address(i, 3)), 200),
    ]
    for kind, (status, millis), expected in samples:
        assert status == expected, (kind, status)
        if i >= rounds // 4:
            times[kind].append(millis)

for kind, values in times.items():
    values.sort()
    print(f"{kind:30s} median {statistics.median(values):6.1f} ms   p90 {values[int(len(values) * 0.9)]:6.1f} ms")
print(f"unknown / known-wrong median ratio: "
      f"{statistics.median(times['unknown email']) / statistics.median(times['known email, wrong password']):.2f}")
