#!/usr/bin/env python3
"""Where the app's CPU went, from a flight recording of a load run.

Usage: src/test/load/jfr-summary.py target/load.jfr
Reads the execution samples (`jfr print --events jdk.ExecutionSample`), and prints the share of
samples whose stack holds a frame of each area (a sample counts once per area, so the shares add up
to more than 100%), then the hottest top frames.
"""
import collections
import re
import subprocess
import sys

AREAS = [
    ("SpeedMatch's own code", "com.speedmatch."),
    ("Hibernate / Spring Data", ("org.hibernate.", "org.springframework.data.", "org.springframework.orm.")),
    ("JDBC driver (pgjdbc)", "org.postgresql."),
    ("HikariCP", "com.zaxxer.hikari."),
    ("Spring transactions", "org.springframework.transaction."),
    ("Spring MVC", "org.springframework.web."),
    ("Spring Security", "org.springframework.security."),
    ("JWT (jjwt)", "io.jsonwebtoken."),
    ("Jackson", ("tools.jackson.", "com.fasterxml.jackson.")),
    ("Tomcat", "org.apache.tomcat.", ),
    ("Catalina (servlet container)", "org.apache.catalina."),
    ("Micrometer", "io.micrometer."),
    ("bucket4j / Caffeine", ("io.github.bucket4j.", "com.github.benmanes.caffeine.")),
    ("Logging", ("ch.qos.logback.", "org.slf4j.")),
]

def main(path):
    text = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", path],
                          capture_output=True, text=True, check=True).stdout
    samples = text.split("jdk.ExecutionSample")[1:]
    areas = collections.Counter()
    tops = collections.Counter()
    for sample in samples:
        frames = re.findall(r"^\s+([\w.$<>]+)\(", sample, re.MULTILINE)
        if not frames:
            continue
        tops[frames[0]] += 1
        seen = set()
        for frame in frames:
            for name, prefixes in AREAS:
                if name not in seen and frame.startswith(prefixes):
                    seen.add(name)
        areas.update(seen)
    total = max(1, len(samples))
    print(f"{len(samples)} execution samples")
    for name, count in areas.most_common():
        print(f"  {100.0 * count / total:5.1f}%  {name}")
    print("Hottest top frames:")
    for frame, count in tops.most_common(15):
        print(f"  {100.0 * count / total:5.1f}%  {frame}")

if __name__ == "__main__":
    main(sys.argv[1])
