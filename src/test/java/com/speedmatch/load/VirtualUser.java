package com.speedmatch.load;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import tools.jackson.databind.JsonNode;

/** One simulated person going round the journey until the run's time is up. */
final class VirtualUser {

    private final JourneyLoad load;
    private final String name;
    private final String gender;
    private final boolean guide;
    private final String style;
    private String token;
    private long userId;
    private String sessionId;
    private long lastSeq;

    VirtualUser(JourneyLoad load, String name, String gender, boolean guide) {
        this.load = load;
        this.name = name;
        this.gender = gender;
        this.guide = guide;
        this.style = guide ? "guide" : "long-poll";
    }

    /** Signs up; done for every user before the level's clock starts, so it is reported apart. */
    boolean register() {
        JourneyLoad.Answer registered = load.call(
                "POST /auth/register",
                "POST",
                "/api/auth/register",
                null,
                Map.of(
                        "email",
                        name + "@load.example",
                        "password",
                        "load test password",
                        "name",
                        name,
                        "birth_date",
                        JourneyLoad.birthDate(),
                        "gender",
                        gender,
                        "interested_in",
                        List.of(gender.equals("woman") ? "man" : gender.equals("man") ? "woman" : "nonbinary"),
                        "interests",
                        List.of("jazz", "hiking")));
        if (!registered.ok()) {
            return false;
        }
        token = registered.body().get("access_token").asString();
        userId = registered.body().get("user").get("id").asLong();
        return true;
    }

    /** For the throughput and pool measurements: a user alone in the pool (nonbinary, wants nonbinary, aged range 18-18). */
    String startAlone() {
        sessionId = load.call(
                        "POST /matching/start",
                        "POST",
                        "/api/continuous-matching/start",
                        token,
                        Map.of("min_age", 18, "max_age", 18))
                .body()
                .get("session_id")
                .asString();
        return sessionId;
    }

    String token() {
        return token;
    }

    void live() {
        if (token == null) {
            return;
        }
        JourneyLoad.Answer started = load.call(
                "POST /matching/start",
                "POST",
                "/api/continuous-matching/start",
                token,
                Map.of("min_age", 18, "max_age", 80, "personality_weight", 0.3));
        if (!started.ok()) {
            return;
        }
        sessionId = started.body().get("session_id").asString();
        while (load.timeLeft()) {
            JsonNode match = waitForMatch();
            if (match == null) {
                break;
            }
            date(match);
        }
        load.call("POST /matching/end", "POST", "/api/continuous-matching/end", token, Map.of("session_id", sessionId));
    }

    private JsonNode waitForMatch() {
        long since = System.nanoTime();
        while (load.timeLeft()) {
            long wait = Math.min(20, load.secondsLeft());
            JourneyLoad.Answer answer = guide || wait == 0
                    ? load.call(
                            "GET /matching/next-match",
                            "GET",
                            "/api/continuous-matching/next-match?session_id=" + sessionId,
                            token,
                            null)
                    : load.call(
                            "GET /matching/next-match (wait)",
                            "GET",
                            "/api/continuous-matching/next-match?session_id=" + sessionId + "&wait=" + wait,
                            token,
                            null);
            if (answer.ok() && answer.body().get("match_found").asBoolean()) {
                load.recordJourney("time to pair, " + style, System.nanoTime() - since);
                return answer.body().get("match_data");
            }
            if (guide) {
                pause(2000);
            }
        }
        return null;
    }

    private void date(JsonNode match) {
        long paired = System.nanoTime();
        String video = match.get("video_session_id").asString();
        long callSessionId = match.get("call_session_id").asLong();
        lastSeq = 0;
        JourneyLoad.Answer session =
                load.call("GET /video/session", "GET", "/api/video/session/" + video, token, null, 410);
        if (!session.ok()) {
            return;
        }
        boolean caller = "caller".equals(session.body().get("role").asString());
        JourneyLoad.Answer joined =
                load.call("POST /video/join-call", "POST", "/api/video/join-call/" + video, token, null, 409);
        if (joined.ok() && joined.body().get("timer_started").asBoolean()) {
            load.recordJourney("call set-up: paired -> both joined", System.nanoTime() - paired);
        }
        if (caller) {
            send(video, "offer", Map.of("type", "offer", "sdp", "v=0 offer from " + userId));
            sendCandidates(video);
            awaitSignals(video, "answer", paired);
        } else {
            awaitSignals(video, "offer", paired);
            send(video, "answer", Map.of("type", "answer", "sdp", "v=0 answer from " + userId));
            sendCandidates(video);
            awaitSignals(video, null, paired);
        }
        // Let the short call run out, watching its status as the guide's client does.
        long giveUp = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < giveUp) {
            if (!load.timeLeft()) {
                // The run is over: hang up, as a person leaving would.
                load.call("POST /video/end-call", "POST", "/api/video/end-call/" + video, token, null);
                return;
            }
            JourneyLoad.Answer status =
                    load.call("GET /video/session", "GET", "/api/video/session/" + video, token, null, 410);
            String state = status.ok() ? status.body().get("status").asString() : "cancelled";
            if (!state.equals("waiting") && !state.equals("active")) {
                break;
            }
            pause(status.ok() && status.body().get("remaining_seconds").asLong() < 2 ? 500 : 2000);
        }
        load.calls.incrementAndGet();
        int roll = ThreadLocalRandom.current().nextInt(100);
        String decision = roll < 50 ? "continue" : roll < 75 ? "next" : "skip";
        load.call(
                "POST /matching/continue-decision",
                "POST",
                "/api/continuous-matching/continue-decision",
                token,
                Map.of("session_id", sessionId, "match_id", callSessionId, "decision", decision));
    }

    private void sendCandidates(String video) {
        for (int i = 0; i < JourneyLoad.ICE_PER_SIDE; i++) {
            send(
                    video,
                    "ice-candidate",
                    Map.of(
                            "candidate",
                            "candidate:" + i + " 1 udp 2122260223 127.0.0.1 5000" + i + " typ host",
                            "sdpMid",
                            "0"));
        }
    }

    private void send(String video, String type, Map<String, Object> data) {
        Map<String, Object> stamped = new HashMap<>(data);
        stamped.put("sent_nanos", System.nanoTime());
        load.call(
                "POST /video/send-signal",
                "POST",
                "/api/video/send-signal",
                token,
                Map.of("session_id", video, "type", type, "data", stamped, "target_user_id", 0),
                409);
    }

    /** Reads until the wanted signal (or, with null, all ICE candidates) has arrived. */
    private void awaitSignals(String video, String wanted, long paired) {
        int candidates = 0;
        boolean got = wanted == null;
        long giveUp = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < giveUp && load.timeLeft() && !(got && candidates >= JourneyLoad.ICE_PER_SIDE)) {
            JourneyLoad.Answer answer = guide
                    ? load.call("GET /video/signals", "GET", "/api/video/signals/" + video, token, null)
                    : load.call(
                            "GET /video/signals (wait)",
                            "GET",
                            "/api/video/signals/" + video + "?after=" + lastSeq + "&wait=10",
                            token,
                            null);
            if (!answer.ok()) {
                return;
            }
            long now = System.nanoTime();
            for (JsonNode signal : answer.body().get("signals")) {
                load.recordJourney(
                        "signal relay, " + style,
                        now - signal.get("data").get("sent_nanos").asLong());
                String type = signal.get("type").asString();
                if (type.equals("ice-candidate")) {
                    candidates++;
                } else if (type.equals(wanted)) {
                    got = true;
                    if (type.equals("answer")) {
                        load.recordJourney("call set-up: paired -> answer delivered", now - paired);
                    }
                }
            }
            lastSeq = Math.max(lastSeq, answer.body().get("last_seq").asLong());
            if (got && candidates >= JourneyLoad.ICE_PER_SIDE) {
                return;
            }
            if (answer.body().get("signals").isEmpty() && callIsOver(video)) {
                return; // the call ended before the other side finished: nothing more will come
            }
            if (guide) {
                pause(2000);
            }
        }
    }

    private boolean callIsOver(String video) {
        JourneyLoad.Answer status =
                load.call("GET /video/session", "GET", "/api/video/session/" + video, token, null, 410);
        return !status.ok()
                || !List.of("waiting", "active")
                        .contains(status.body().get("status").asString());
    }

    private static void pause(long millis) {
        LockSupport.parkNanos(millis * 1_000_000L);
    }
}
