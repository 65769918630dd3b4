package com.speedmatch.faults;

import com.speedmatch.support.Api;
import com.speedmatch.support.Users;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import tools.jackson.databind.JsonNode;

/**
 * One person of a {@link Crowd}, dating as the reference client does: waits in the pool with a
 * long-poll, joins the call, exchanges offer, answer and ICE candidates over the signalling API,
 * talks a few seconds, hangs up, decides, and writes to a new match. A request refused with 503 is
 * repeated after its Retry-After, as a client does; what it saw goes into the run's {@link History}.
 */
final class Dater {

    static final int WAIT_SECONDS = 5;
    /** A step (joining, a signal, hanging up) that a healed service cannot complete in this long is stuck. */
    static final long STEP_NANOS = 45_000_000_000L;

    private static final int CANDIDATES = 2;

    private final Crowd crowd;
    private final Api api;
    private final Users.User user;
    private History history;
    private String sessionId;

    Dater(Crowd crowd, Api api, Users.User user) {
        this.crowd = crowd;
        this.api = api;
        this.user = user;
    }

    long id() {
        return user.id;
    }

    Users.User user() {
        return user;
    }

    void run(History history) {
        this.history = history;
        sessionId = start();
        while (!crowd.stopping()) {
            JsonNode match = waitForMatch();
            if (match == null) {
                break;
            }
            date(match);
        }
        persist("end matching", () -> post("/api/continuous-matching/end", Map.of("session_id", sessionId)), 0);
    }

    private String start() {
        return persist(
                        "start",
                        () -> post(
                                "/api/continuous-matching/start",
                                Map.of("min_age", 18, "max_age", 99, "personality_weight", 0.3)),
                        0)
                .json()
                .get("session_id")
                .asString();
    }

    private JsonNode waitForMatch() {
        long since = System.nanoTime();
        history.waitingNow.put(user.id, since);
        try {
            return waitUntilPaired(since);
        } finally {
            history.waitingNow.remove(user.id);
        }
    }

    private JsonNode waitUntilPaired(long since) {
        while (!crowd.stopping()) {
            Api.Response answer = send(
                    "next-match",
                    get("/api/continuous-matching/next-match?session_id=" + sessionId + "&wait=" + WAIT_SECONDS),
                    WAIT_SECONDS);
            if (answer.status() == 200) {
                long now = System.nanoTime();
                history.told(user.id, now);
                JsonNode body = answer.json();
                if (body.get("match_found").asBoolean()) {
                    history.waits.add(new History.Wait(user.id, since, now, true));
                    return body.get("match_data");
                }
                if ("Not actively matching".equals(body.path("message").asString(""))) {
                    history.sessionsLost.incrementAndGet();
                    sessionId = start();
                }
            } else {
                backOff(answer);
            }
        }
        history.waits.add(new History.Wait(user.id, since, System.nanoTime(), false));
        return null;
    }

    private void date(JsonNode match) {
        String video = match.get("video_session_id").asString();
        long callSessionId = match.get("call_session_id").asLong();
        long partner = match.get("user_id").asLong();
        Api.Response joined = persist("join-call", () -> post("/api/video/join-call/" + video, ""), 0);
        if (joined.status() == 200) {
            // The caller (the lower id) offers; the callee answers once the offer has come.
            Signals signals = new Signals(video, partner);
            boolean connected = user.id < partner
                    ? signals.sendOwn("offer") && signals.await("answer")
                    : signals.await("offer") && signals.sendOwn("answer");
            if (connected) {
                talk(video);
            }
        }
        persist("end-call", () -> post("/api/video/end-call/" + video, ""), 0);
        history.datesCompleted.add(System.nanoTime());
        int roll = ThreadLocalRandom.current().nextInt(100);
        String decision = roll < 50 ? "continue" : roll < 80 ? "next" : "skip";
        Api.Response decided = persist(
                "continue-decision",
                () -> post(
                        "/api/continuous-matching/continue-decision",
                        Map.of("session_id", sessionId, "match_id", callSessionId, "decision", decision)),
                0);
        JsonNode mutual = decided.status() == 200 ? decided.json().path("mutual_match") : null;
        if (mutual != null && mutual.has("match_id")) {
            write(mutual.get("match_id").asLong(), partner);
        }
        pause(200, 800);
    }

    /** The call runs: the client watches its status every couple of seconds, as the reference client does. */
    private void talk(String video) {
        long until = System.nanoTime() + ThreadLocalRandom.current().nextLong(3_000, 6_000) * 1_000_000L;
        while (System.nanoTime() < until && !crowd.stopping()) {
            pause(1_500, 2_500);
            Api.Response status = send("session", get("/api/video/session/" + video), 0);
            if (status.status() == 410
                    || status.status() == 200
                            && !List.of("waiting", "active")
                                    .contains(status.json().get("status").asString())) {
                return;
            }
        }
    }

    /** The first message to a new match; repeated with the same client id until stored once. */
    private void write(long matchId, long partner) {
        String clientId = UUID.randomUUID().toString();
        Api.Response sent = persist(
                "send-message",
                () -> post(
                        "/api/matches/" + matchId + "/messages",
                        Map.of("text", "Lovely to meet you, " + user.name, "client_id", clientId)),
                0);
        if (sent.status() == 201) {
            history.acknowledgedMessages.add(
                    new History.Message(matchId, sent.json().get("id").asLong(), user.id, partner, clientId));
        }
    }

    /** This user's side of a call's signalling: what it sent, and what it has read from the partner. */
    private final class Signals {
        private final String video;
        private final long partner;
        private final Set<String> received = new HashSet<>();
        private int candidatesReceived;
        private long cursor;

        Signals(String video, long partner) {
            this.video = video;
            this.partner = partner;
        }

        /** Sends the description and then the candidates; false once the call is over. */
        boolean sendOwn(String description) {
            if (!send(description, Map.of("type", description, "sdp", "v=0 " + description + " from " + user.id))) {
                return false;
            }
            for (int i = 0; i < CANDIDATES; i++) {
                if (!send(
                        "ice-candidate",
                        Map.of("candidate", "candidate:" + i + " 1 udp 2122260223 127.0.0.1 5000" + i + " typ host"))) {
                    return false;
                }
            }
            return true;
        }

        private boolean send(String type, Map<String, Object> data) {
            Api.Response sent = persist(
                    "send-signal",
                    () -> post(
                            "/api/video/send-signal",
                            Map.of("session_id", video, "type", type, "data", data, "target_user_id", 0)),
                    0);
            if (sent.status() != 202) {
                return false;
            }
            history.acknowledgedSignals.add(
                    new History.Signal(video, sent.json().get("seq").asLong(), user.id, partner));
            return true;
        }

        /** Reads until the wanted description and all the partner's candidates have come; false if the call ended first. */
        boolean await(String wanted) {
            long giveUp = System.nanoTime() + STEP_NANOS;
            while (!(received.contains(wanted) && candidatesReceived >= CANDIDATES)) {
                if (System.nanoTime() > giveUp) {
                    history.stuck.add("user " + user.id + " waited for " + wanted + " in " + video);
                    return false;
                }
                Api.Response answer = Dater.this.send(
                        "signals",
                        get("/api/video/signals/" + video + "?after=" + cursor + "&wait=" + WAIT_SECONDS),
                        WAIT_SECONDS);
                if (answer.status() != 200) {
                    backOff(answer);
                    continue;
                }
                JsonNode body = answer.json();
                for (JsonNode signal : body.get("signals")) {
                    long seq = signal.get("seq").asLong();
                    if (history.receivedSignals.add(new History.Signal(video, seq, partner, user.id))) {
                        String type = signal.get("type").asString();
                        if (type.equals("ice-candidate")) {
                            candidatesReceived++;
                        } else {
                            received.add(type);
                        }
                    }
                }
                cursor = Math.max(cursor, body.get("last_seq").asLong());
                if (body.get("signals").isEmpty() && over()) {
                    return false;
                }
            }
            return true;
        }

        private boolean over() {
            Api.Response status = persist("session", () -> get("/api/video/session/" + video), 0);
            return status.status() != 200
                    || !List.of("waiting", "active")
                            .contains(status.json().get("status").asString());
        }
    }

    /**
     * Sends until the answer is not a refusal (503) and not a failure to answer; each refusal waits
     * its Retry-After first. A step that cannot complete within {@link #STEP_NANOS} is recorded as stuck.
     */
    private Api.Response persist(String what, RequestFactory request, int waitSeconds) {
        long giveUp = System.nanoTime() + STEP_NANOS;
        while (true) {
            Api.Response answer = send(what, request.create(), waitSeconds);
            if (answer.status() != 503 && answer.status() != 0) {
                return answer;
            }
            if (System.nanoTime() > giveUp) {
                history.stuck.add(
                        "user " + user.id + ": " + what + " refused for " + STEP_NANOS / 1_000_000_000 + " s");
                return answer;
            }
            backOff(answer);
        }
    }

    private Api.Response send(String what, HttpRequest.Builder request, int waitSeconds) {
        long started = System.nanoTime();
        Api.Response answer;
        try {
            answer = api.send(request);
        } catch (RuntimeException e) {
            answer = new Api.Response(0, null, e.toString());
        }
        history.exchange(new History.Exchange(
                user.id,
                what,
                started,
                System.nanoTime(),
                answer.status(),
                answer.headers() != null
                        && answer.headers().firstValue("Retry-After").isPresent(),
                waitSeconds));
        return answer;
    }

    /** After a refusal: its Retry-After (at most 5 s); after no answer at all: a second. */
    private static void backOff(Api.Response answer) {
        long seconds = answer.headers() == null
                ? 1
                : answer.headers()
                        .firstValue("Retry-After")
                        .map(Long::parseLong)
                        .orElse(1L);
        LockSupport.parkNanos(Math.min(5, Math.max(1, seconds)) * 1_000_000_000L);
    }

    private HttpRequest.Builder get(String path) {
        return api.request(path, user.token).timeout(Duration.ofSeconds(30)).GET();
    }

    private HttpRequest.Builder post(String path, Object body) {
        return api.request(path, user.token)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        body instanceof String s ? s : Api.JSON.writeValueAsString(body)));
    }

    private static void pause(long fromMillis, long toMillis) {
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(fromMillis, toMillis) * 1_000_000L);
    }

    @FunctionalInterface
    private interface RequestFactory {
        HttpRequest.Builder create();
    }
}
