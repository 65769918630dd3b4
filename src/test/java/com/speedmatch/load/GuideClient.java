package com.speedmatch.load;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * The guide's client exactly as the guide writes it (its Phase 1-6 and the heartbeat effect):
 * next-match every 2 s while waiting; in the call, the session and the signals each every 2 s
 * (signals deleted on read, no {@code after}); the offer, the answer and the ICE candidates through
 * send-signal; at its own 3-minute timer it ends the call itself; then a decision; a heartbeat
 * every 8 s for as long as it is matching.
 */
final class GuideClient implements Runnable {

    private final JourneyLoad load;
    private final JourneyLoad.Account me;
    private String sessionId;

    GuideClient(JourneyLoad load, JourneyLoad.Account me) {
        this.load = load;
        this.me = me;
    }

    @Override
    public void run() {
        JourneyLoad.Answer started = load.call(
                "POST /matching/start",
                "POST",
                "/api/continuous-matching/start",
                me.token(),
                Map.of("min_age", 18, "max_age", 80, "personality_weight", 0.3));
        if (!started.ok()) {
            return;
        }
        sessionId = started.body().get("session_id").asString();
        // The guide's useEffect: setInterval(heartbeat, 8000) while matching.
        ScheduledFuture<?> heartbeat = load.timers.scheduleAtFixedRate(
                () -> load.call(
                        "POST /matching/heartbeat",
                        "POST",
                        "/api/continuous-matching/heartbeat",
                        me.token(),
                        Map.of("session_id", sessionId)),
                8,
                8,
                TimeUnit.SECONDS);
        try {
            load.waiting.incrementAndGet();
            while (load.timeLeft()) {
                JsonNode match = nextMatch();
                if (match == null) {
                    break;
                }
                load.waiting.decrementAndGet();
                load.inCall.incrementAndGet();
                date(match);
                load.inCall.decrementAndGet();
                load.waiting.incrementAndGet();
            }
            load.waiting.decrementAndGet();
        } finally {
            heartbeat.cancel(false);
            load.call(
                    "POST /matching/end",
                    "POST",
                    "/api/continuous-matching/end",
                    me.token(),
                    Map.of("session_id", sessionId));
        }
    }

    /** Phase 2: getNextMatch, and setTimeout(getNextMatch, 2000) until a match is found. */
    private JsonNode nextMatch() {
        long since = System.nanoTime();
        while (load.timeLeft()) {
            JourneyLoad.Answer answer = load.call(
                    "GET /matching/next-match",
                    "GET",
                    "/api/continuous-matching/next-match?session_id=" + sessionId,
                    me.token(),
                    null);
            if (answer.ok() && answer.body().get("match_found").asBoolean()) {
                load.recordJourney("time to pair, guide", System.nanoTime() - since);
                return answer.body().get("match_data");
            }
            JourneyLoad.pause(2000);
        }
        return null;
    }

    /** Phases 3-6. */
    private void date(JsonNode match) {
        String video = match.get("video_session_id").asString();
        long callSessionId = match.get("call_session_id").asLong();
        JourneyLoad.Answer session =
                load.call("GET /video/session", "GET", "/api/video/session/" + video, me.token(), null, 410);
        if (!session.ok()) {
            return;
        }
        boolean caller = "caller".equals(session.body().get("role").asString());
        load.call("POST /video/join-call", "POST", "/api/video/join-call/" + video, me.token(), null, 409);
        if (caller) {
            load.sendOfferOrAnswer(me, video, "offer");
        }
        Instant endsAt = null;
        boolean started = false;
        // pollSignals and the session monitor: each every 2 s for the whole call.
        while (true) {
            if (!load.timeLeft()) {
                load.call("POST /video/end-call", "POST", "/api/video/end-call/" + video, me.token(), null, 409);
                return;
            }
            JourneyLoad.Answer signals =
                    load.call("GET /video/signals", "GET", "/api/video/signals/" + video, me.token(), null, 404);
            if (signals.ok()) {
                for (JsonNode signal : signals.body().get("signals")) {
                    load.received(signal.get("data"), "guide");
                    if (!caller && "offer".equals(signal.get("type").asString())) {
                        load.sendOfferOrAnswer(me, video, "answer");
                    }
                }
            }
            JourneyLoad.Answer status =
                    load.call("GET /video/session", "GET", "/api/video/session/" + video, me.token(), null, 410);
            String state = status.ok() ? status.body().get("status").asString() : "cancelled";
            if (status.ok() && status.body().hasNonNull("ends_at")) {
                endsAt = Instant.parse(status.body().get("ends_at").asString());
                started = true;
            }
            if (!state.equals("waiting") && !state.equals("active")) {
                break;
            }
            if (endsAt != null && !Instant.now().isBefore(endsAt)) {
                // Phase 5: the client's own timer ran out; endCall() tells the backend.
                load.call("POST /video/end-call", "POST", "/api/video/end-call/" + video, me.token(), null, 409);
                break;
            }
            JourneyLoad.pause(2000);
        }
        load.calls.incrementAndGet();
        load.inCall.decrementAndGet();
        load.deciding.incrementAndGet();
        try {
            load.think();
            load.call(
                    "POST /matching/continue-decision",
                    "POST",
                    "/api/continuous-matching/continue-decision",
                    me.token(),
                    Map.of("session_id", sessionId, "match_id", callSessionId, "decision", load.decision(started)),
                    404,
                    409);
        } finally {
            load.deciding.decrementAndGet();
            load.inCall.incrementAndGet();
        }
    }
}
