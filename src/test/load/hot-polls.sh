#!/usr/bin/env bash
# Hot polls against the empty authenticated request, with wrk: starts the app as run.sh does (a
# fresh database speedmatch_load on the local PostgreSQL), runs hot-polls.py, stops the app.
# Usage: src/test/load/hot-polls.sh [connections] [seconds]; LOAD_APP_JAR=path measures another build.
set -euo pipefail
cd "$(dirname "$0")/../../.."
connections=${1:-32}
seconds=${2:-15}
port=${LOAD_PORT:-18080}
psql -q -h 127.0.0.1 -U postgres -d postgres -c 'drop database if exists speedmatch_load' -c 'create database speedmatch_load'
if [ -z "${LOAD_APP_JAR:-}" ]; then
    ./mvnw -q -B -DskipTests package
fi
cp "${LOAD_APP_JAR:-$(ls target/speedmatch-*.jar | grep -v plain | head -1)}" target/hot-polls-app.jar
SPRING_DATASOURCE_URL=jdbc:postgresql://127.0.0.1:5432/speedmatch_load SPRING_DATASOURCE_USERNAME=postgres \
SECURITY_JWT_SECRET="hot-polls-secret-$(date +%s)-0123456789abcdef0123456789" \
    java -Xmx2g -jar target/hot-polls-app.jar --server.port="$port" --management.server.port=$((port + 1)) \
    --logging.level.com.speedmatch=WARN --limits.registrations-per-address=1000000000 > target/hot-polls-app.log 2>&1 &
app=$!
trap 'kill $app 2>/dev/null; wait $app 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
    curl -sf "http://localhost:$((port + 1))/actuator/health" >/dev/null && break
    sleep 1
done
python3 src/test/load/hot-polls.py "http://localhost:$port" "$connections" "$seconds"
