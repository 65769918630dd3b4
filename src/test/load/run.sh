#!/usr/bin/env bash
# Starts SpeedMatch, drives the whole journey, prints the summary, the CPU per request and the
# invariants. Usage: src/test/load/run.sh [levels] [seconds measured per level] [guide share] [driver options]
#   src/test/load/run.sh 1000,2000 200 0.5 --warmup-seconds 240       real 3-minute dates (profile calls)
#   src/test/load/run.sh 0 0 0.5 --endpoint-cpu 10                    CPU per request of each hot endpoint
#   src/test/load/run.sh 50,200 60 0.5 --profile churn                10-second calls, the matchmaker's worst case
#   src/test/load/run.sh 50 30 0.5 --profile churn --throughput-seconds 15 --pool-sizes 1000,10000,100000
# Driver options (calls profile): --ramp-seconds 60 --settle-seconds 60 --window 30 --warmup-users 500.
# LOAD_APP_JAR=path runs that jar instead of building this checkout (a before/after comparison);
# LOAD_JAVA=path/to/java runs the app on another JDK; LOAD_JAVA_OPTS adds JVM options to the app
# (a flight recording: LOAD_JAVA_OPTS=-XX:StartFlightRecording=delay=300s,duration=120s,filename=target/load.jfr).
# Database: SPRING_DATASOURCE_URL if set; otherwise a local PostgreSQL at 127.0.0.1:5432 when one
# answers (a fresh database speedmatch_load), else the embedded one under ./data (not as root).
set -euo pipefail
cd "$(dirname "$0")/../../.."
levels=${1:-50,200}
seconds=${2:-60}
guide_share=${3:-0.5}
shift $(( $# < 3 ? $# : 3 ))
extra="$*"
port=${LOAD_PORT:-18080}
management_port=$((port + 1))

if [ -z "${SPRING_DATASOURCE_URL:-}" ] && command -v psql >/dev/null && psql -h 127.0.0.1 -U postgres -d postgres -c 'select 1' >/dev/null 2>&1; then
    psql -q -h 127.0.0.1 -U postgres -d postgres -c 'drop database if exists speedmatch_load' -c 'create database speedmatch_load'
    export SPRING_DATASOURCE_URL=jdbc:postgresql://127.0.0.1:5432/speedmatch_load SPRING_DATASOURCE_USERNAME=postgres SPRING_DATASOURCE_PASSWORD=
fi
export SECURITY_JWT_SECRET=${SECURITY_JWT_SECRET:-load-test-secret-$(date +%s)-0123456789abcdef0123456789}
# A run outlasts the 15-minute access tokens of its users, signed up once at the start.
export SECURITY_JWT_ACCESS_TOKEN_TTL=${SECURITY_JWT_ACCESS_TOKEN_TTL:-4h}
case " $extra " in
    *" --profile churn "*) export VIDEO_CALL_DURATION=${VIDEO_CALL_DURATION:-10s} ;; # round the journey often
esac
# Thousands of users hold a connection each, on both sides.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

./mvnw -q -B -DskipTests package
# A copy: the driver's own Maven run below rebuilds target/*.jar under the running app.
cp "${LOAD_APP_JAR:-$(ls target/speedmatch-*.jar | grep -v plain | head -1)}" target/load-app.jar
log=target/load-app.log
# The driver registers thousands of users from one address: lift the per-address sign-up and
# sign-in limits for the run (every other limit stays as shipped).
# shellcheck disable=SC2086
"${LOAD_JAVA:-java}" -Xmx2g ${LOAD_JAVA_OPTS:-} -jar target/load-app.jar --server.port="$port" --management.server.port="$management_port" \
    --logging.level.com.speedmatch=WARN --limits.registrations-per-address=1000000000 \
    --limits.failed-logins-per-address=1000000000 \
    --server.tomcat.max-connections=20000 --server.tomcat.accept-count=1000 > "$log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null; wait $app 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
    curl -sf "http://localhost:$management_port/actuator/health" >/dev/null && break
    sleep 1
done
echo "App up on port $port ($(grep -m1 'Database:' "$log" | sed 's/.*Database:/Database:/'))"

args="--base http://localhost:$port --management http://localhost:$management_port --app-pid $app --levels $levels --seconds $seconds --guide-share $guide_share $extra"
if [ -n "${SPRING_DATASOURCE_URL:-}" ]; then
    args="$args --jdbc $SPRING_DATASOURCE_URL --db-user ${SPRING_DATASOURCE_USERNAME:-postgres}"
    [ -n "${SPRING_DATASOURCE_PASSWORD:-}" ] && args="$args --db-password $SPRING_DATASOURCE_PASSWORD"
fi
./mvnw -q -B -Pload verify -Dload.args="$args" | tee target/load-summary.txt
echo
curl -s "http://localhost:$management_port/actuator/prometheus" | grep -E '^speedmatch_matchmaker_(tick|time_to_pair)_seconds_(count|sum|max)|^speedmatch_calls_setup_seconds_(count|sum|max)' || true
