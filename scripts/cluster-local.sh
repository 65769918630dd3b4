#!/usr/bin/env bash
# The docker-compose topology without Docker: two SpeedMatch instances in cluster mode on this
# machine's PostgreSQL and Redis, behind nginx (Debian's package), then a smoke test through the
# proxy: two users sign up, are paired and exchange a signal while nginx spreads their requests
# over both instances. Stops everything at the end, or keeps it running with --keep.
#
#   scripts/cluster-local.sh [--keep]
#
# Needs: PostgreSQL at 127.0.0.1:5432 (user postgres, trust) or SPRING_DATASOURCE_URL, Redis at
# 127.0.0.1:6379 (or SPRING_DATA_REDIS_URL), nginx (installed with apt-get when run as root), curl,
# python3. Ports: 18080 (nginx), 18181/18182 and 18191/18192 (the instances and their management).
set -euo pipefail
cd "$(dirname "$0")/.."
keep=${1:-}
lb=18080
work=$(mktemp -d /tmp/speedmatch-cluster.XXXXXX)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
    wait 2>/dev/null || true
}
trap cleanup EXIT

if ! command -v nginx >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ]; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null
    else
        echo "nginx is needed (sudo apt-get install nginx-light)" >&2; exit 1
    fi
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

if [ -z "${SPRING_DATASOURCE_URL:-}" ]; then
    psql -q -h 127.0.0.1 -U postgres -d postgres -c 'drop database if exists speedmatch_cluster' \
        -c 'create database speedmatch_cluster'
    export SPRING_DATASOURCE_URL=jdbc:postgresql://127.0.0.1:5432/speedmatch_cluster
    export SPRING_DATASOURCE_USERNAME=postgres SPRING_DATASOURCE_PASSWORD=
fi
export SPRING_DATA_REDIS_URL=${SPRING_DATA_REDIS_URL:-redis://127.0.0.1:6379/6}
export SECURITY_JWT_SECRET=${SECURITY_JWT_SECRET:-$(head -c 48 /dev/urandom | base64)}
export CLUSTER_ENABLED=true
# Web Push: one VAPID key pair for both instances (cluster mode requires it), made with openssl.
if [ -z "${PUSH_VAPID_PUBLIC_KEY:-}" ]; then
    openssl ecparam -name prime256v1 -genkey -noout -out "$work/vapid.pem" 2>/dev/null
    vapid_text=$(openssl ec -in "$work/vapid.pem" -text -noout 2>/dev/null)
    b64url() { xxd -r -p | base64 -w0 | tr '+/' '-_' | tr -d '='; }
    export PUSH_VAPID_PRIVATE_KEY=$(echo "$vapid_text" | sed -n '/priv:/,/pub:/p' | grep -v 'priv:\|pub:' | tr -d ' :\n' | tail -c 64 | b64url)
    export PUSH_VAPID_PUBLIC_KEY=$(echo "$vapid_text" | sed -n '/pub:/,/ASN1/p' | grep -v 'pub:\|ASN1' | tr -d ' :\n' | b64url)
fi
# nginx runs on this host: its X-Forwarded-For is believed from loopback, and from nothing else.
export SERVER_TOMCAT_REMOTEIP_INTERNAL_PROXIES='127\.0\.0\.1|0:0:0:0:0:0:0:1'

./mvnw -q -B -DskipTests package
jar=$(ls target/speedmatch-*.jar | grep -v plain | head -1)
cp "$jar" "$work/speedmatch.jar"

for port in 18181 18191; do
    java -Xmx512m -jar "$work/speedmatch.jar" --server.port=$port --management.server.port=$((port + 1)) \
        --logging.level.com.speedmatch=WARN > "$work/node$port.log" 2>&1 &
    pids+=($!)
done

cat > "$work/nginx.conf" <<NGINX
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
    access_log $work/nginx-access.log;
    client_body_temp_path $work;
    proxy_temp_path $work;
    upstream speedmatch {
        server 127.0.0.1:18181 max_fails=2 fail_timeout=10s;
        server 127.0.0.1:18191 max_fails=2 fail_timeout=10s;
        keepalive 16;
    }
    server {
        listen 127.0.0.1:$lb;
        client_max_body_size 256k;
        location / {
            proxy_pass http://speedmatch;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_read_timeout 40s;
            proxy_next_upstream error timeout http_502 http_503;
        }
    }
}
NGINX
"$nginx_bin" -c "$work/nginx.conf" -p "$work"

for port in 18182 18192; do
    for _ in $(seq 1 120); do
        curl -sf "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null && break
        sleep 1
    done
    curl -sf "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null || { echo "instance on $((port - 1)) not ready" >&2; tail -20 "$work"/node*.log >&2; exit 1; }
done
echo "Two instances ready behind nginx at http://127.0.0.1:$lb/"

python3 - "$lb" <<'PY'
import json, sys, time, urllib.request, uuid
lb = sys.argv[1]
base = f"http://127.0.0.1:{lb}"

def call(method, path, token=None, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request, timeout=40) as response:
        text = response.read().decode()
        return json.loads(text) if text else None

def user(gender, wants):
    email = f"{gender}-{uuid.uuid4().hex[:8]}@example.com"
    answer = call("POST", "/api/auth/register", body={"email": email, "password": "correct horse battery",
        "name": gender.title(), "birth_date": "1994-05-01", "gender": gender, "interested_in": [wants]})
    token = answer["access_token"]
    session = call("POST", "/api/continuous-matching/start", token, {"min_age": 18, "max_age": 99})["session_id"]
    return token, session

anna, anna_session = user("woman", "man")
ben, ben_session = user("man", "woman")
started = time.time()
match = call("GET", f"/api/continuous-matching/next-match?session_id={anna_session}&wait=10", anna)
assert match["match_found"], match
print(f"Paired through nginx in {(time.time() - started) * 1000:.0f} ms")
video = match["match_data"]["video_session_id"]
call("POST", f"/api/video/join-call/{video}", anna)
call("POST", f"/api/video/join-call/{video}", ben)
sent = call("POST", "/api/video/send-signal", anna, {"session_id": video, "type": "offer", "data": {"sdp": "v=0"}})
got = call("GET", f"/api/video/signals/{video}?after=0", ben)
assert [s["seq"] for s in got["signals"]] == [sent["seq"]], got
print("Signal relayed through nginx: seq", sent["seq"])
print("Smoke test passed")
PY
for port in 18181 18191; do
    echo "Requests served by the instance on $port: $(curl -s "http://127.0.0.1:$((port + 1))/actuator/prometheus" | grep '^http_server_requests_seconds_count' | awk '{s+=$2} END {print s+0}')"
done
if [ "$keep" = "--keep" ]; then
    echo "Running; Ctrl-C stops it."
    wait
fi
