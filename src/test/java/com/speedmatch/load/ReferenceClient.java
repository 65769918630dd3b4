package com.speedmatch.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Our reference client as it behaves now (static/js/app.js): one feed for everything, over the
 * WebSocket (its signals sent as frames) or, with {@code socket} false, the long-poll on GET
 * /api/events (its signals sent as requests); the pool's figures every 5 s while waiting; on match_found the call once, the ICE
 * servers and the join; signals sent, and received through the feed; a quality report once
 * connected; at the end a rating (when the call ran), a decision and a look at /current.
 *
 * <p>As in the browser, the feed keeps running while the person decides: a pairing that arrives
 * meanwhile waits (with its early signals) until the decision is sent, then the call opens.
 */
final class ReferenceClient implements Runnable {

    private final JourneyLoad load;
    private final JourneyLoad.Account me;
    private String sessionId;
    private long cursor;
    private ScheduledFuture<?> stats;
    private ScheduledFuture<?> deciding;
    /** The call under way, if any. */
    private String video;

    private long callSessionId;
    private boolean caller;
    private boolean reported;
    /** A pairing heard while deciding, and signals heard before their call was opened. */
    private JsonNode pending;

    private final List<JsonNode> early = new ArrayList<>();
    private long waitingSince = System.nanoTime();

    private final boolean overSocket;
    private FeedSocket socket;

    ReferenceClient(JourneyLoad load, JourneyLoad.Account me, boolean overSocket) {
        this.load = load;
        this.me = me;
        this.overSocket = overSocket;
    }

    @Override
    public void run() {
        JourneyLoad.Answer first = load.call("GET /events (cursor)", "GET", "/api/events", me.token(), null);
        if (!first.ok()) {
            return;
        }
        cursor = first.body().get("last_seq").asLong();
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
        synchronized (this) {
            waitingSince = System.nanoTime();
            waiting(true);
        }
        try {
            while (load.timeLeft()) {
                long wait = Math.min(20, load.secondsLeft());
                if (wait == 0) {
                    break; // the level ends within the second
                }
                JsonNode page = overSocket ? fromSocket(wait) : fromLongPoll(wait);
                if (page == null) {
                    continue;
                }
                long arrived = System.nanoTime();
                synchronized (this) {
                    for (JsonNode event : page.get("events")) {
                        handle(event.get("type").asString(), event.get("data"), arrived);
                    }
                }
                cursor = Math.max(cursor, page.get("last_seq").asLong());
                if (socket != null) {
                    socket.ack(cursor);
                }
            }
        } finally {
            if (socket != null) {
                socket.close();
            }
            synchronized (this) {
                if (deciding != null) {
                    deciding.cancel(false);
                    load.deciding.decrementAndGet();
                }
                waiting(false);
                if (video != null) {
                    load.call("POST /video/end-call", "POST", "/api/video/end-call/" + video, me.token(), null, 409);
                    load.inCall.decrementAndGet();
                }
            }
            load.call(
                    "POST /matching/end",
                    "POST",
                    "/api/continuous-matching/end",
                    me.token(),
                    Map.of("session_id", sessionId));
        }
    }

    private JsonNode fromLongPoll(long wait) {
        JourneyLoad.Answer page = load.call(
                "GET /events (wait)", "GET", "/api/events?after=" + cursor + "&wait=" + wait, me.token(), null);
        if (!page.ok()) {
            JourneyLoad.pause(2000);
            return null;
        }
        return page.body();
    }

    /** The next events frame; a socket that closed is opened again from the cursor, as feed.js does. */
    private JsonNode fromSocket(long wait) {
        if (socket == null) {
            socket = FeedSocket.open(load, me.token(), cursor);
            if (socket == null) {
                JourneyLoad.pause(2000);
                return null;
            }
        }
        JsonNode frame = socket.next(wait);
        if (FeedSocket.closed(frame)) {
            socket = null;
            JourneyLoad.pause(500);
            return null;
        }
        return frame;
    }

    private void handle(String type, JsonNode data, long arrived) {
        switch (type) {
            case "match_found" -> {
                if (video == null && deciding == null) {
                    load.recordJourney("time to pair, reference", arrived - waitingSince);
                    enter(data);
                } else if (video == null) {
                    pending = data; // taken up once the decision is sent
                }
            }
            case "signal" -> {
                load.received(data.get("data"), "reference", arrived);
                if (data.get("session_id").asString().equals(video)) {
                    onSignal(data);
                } else {
                    early.add(data);
                }
            }
            case "call" -> {
                String status = data.get("status").asString();
                if (data.get("session_id").asString().equals(video)
                        && (status.equals("completed") || status.equals("cancelled"))) {
                    callOver(data.hasNonNull("started_at"));
                }
            }
            default -> {}
        }
    }

    private void enter(JsonNode match) {
        waiting(false);
        load.inCall.incrementAndGet();
        video = match.get("video_session_id").asString();
        callSessionId = match.get("call_session_id").asLong();
        reported = false;
        JourneyLoad.Answer session =
                load.call("GET /video/session", "GET", "/api/video/session/" + video, me.token(), null, 410);
        caller = session.ok() && "caller".equals(session.body().get("role").asString());
        load.call("GET /video/ice-servers", "GET", "/api/video/ice-servers", me.token(), null);
        load.call("POST /video/join-call", "POST", "/api/video/join-call/" + video, me.token(), null, 409);
        if (caller) {
            load.sendOfferOrAnswer(me, video, "offer", socket);
        }
        List<JsonNode> before = new ArrayList<>(early);
        early.clear();
        for (JsonNode signal : before) {
            if (signal.get("session_id").asString().equals(video)) {
                onSignal(signal);
            }
        }
    }

    private void onSignal(JsonNode signal) {
        String type = signal.get("type").asString();
        if (!caller && "offer".equals(type)) {
            load.sendOfferOrAnswer(me, video, "answer", socket);
            report();
        } else if (caller && "answer".equals(type)) {
            report();
        }
    }

    /** connectionState 'connected': the client reports how it went, once. */
    private void report() {
        if (!reported) {
            reported = true;
            load.call(
                    "POST /video/quality",
                    "POST",
                    "/api/video/session/" + video + "/quality",
                    me.token(),
                    Map.of(
                            "connected_ms",
                            700 + load.random(600),
                            "candidate_type",
                            "host",
                            "rtt_ms",
                            10 + load.random(40)),
                    409);
        }
    }

    /** The decision screen: the person takes a few seconds while the feed goes on. */
    private void callOver(boolean started) {
        load.calls.incrementAndGet();
        load.inCall.decrementAndGet();
        load.deciding.incrementAndGet();
        String ended = video;
        long pairing = callSessionId;
        video = null;
        deciding = load.timers.schedule(
                () -> decide(ended, pairing, started), 2000 + load.random(4000), TimeUnit.MILLISECONDS);
    }

    private synchronized void decide(String ended, long pairing, boolean started) {
        if (started) {
            load.call(
                    "POST /ratings",
                    "POST",
                    "/api/ratings",
                    me.token(),
                    Map.of(
                            "video_session_id",
                            ended,
                            "openness",
                            1 + load.random(5),
                            "conscientiousness",
                            1 + load.random(5),
                            "extraversion",
                            1 + load.random(5),
                            "agreeableness",
                            1 + load.random(5),
                            "neuroticism",
                            1 + load.random(5)),
                    409);
        }
        load.call(
                "POST /matching/continue-decision",
                "POST",
                "/api/continuous-matching/continue-decision",
                me.token(),
                Map.of("session_id", sessionId, "match_id", pairing, "decision", load.decision(started)),
                404,
                409);
        load.call("GET /matching/current", "GET", "/api/continuous-matching/current", me.token(), null);
        load.deciding.decrementAndGet();
        deciding = null;
        waitingSince = System.nanoTime();
        waiting(true);
        if (pending != null) {
            JsonNode match = pending;
            pending = null;
            enter(match);
        }
    }

    /** The waiting screen's figures, every 5 s while it shows. */
    private void waiting(boolean shown) {
        if (shown && stats == null) {
            load.waiting.incrementAndGet();
            stats = load.timers.scheduleAtFixedRate(
                    () -> load.call("GET /matching/stats", "GET", "/api/continuous-matching/stats", me.token(), null),
                    0,
                    5,
                    TimeUnit.SECONDS);
        } else if (!shown && stats != null) {
            load.waiting.decrementAndGet();
            stats.cancel(false);
            stats = null;
        }
    }
}
