package com.speedmatch.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/**
 * A reference client's feed over the WebSocket (GET /api/events/ws), as the page's feed.js holds
 * it: auth with the cursor, events frames as they come, an ack after each, signals sent as frames
 * (their acks and errors counted like the requests they replace). The JDK's client answers the
 * server's pings. One HttpClient (one selector thread) carries every socket of the driver.
 */
final class FeedSocket {

    private static final HttpClient SOCKETS =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final JsonNode CLOSED = JourneyLoad.JSON.createObjectNode().put("type", "closed");

    private final JourneyLoad load;
    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final WebSocket socket;
    /** Signal frames sent and not yet answered: the send time of each, in order. */
    private final BlockingQueue<Long> signalsSent = new LinkedBlockingQueue<>();

    private final AtomicLong opened = new AtomicLong(System.nanoTime());

    private FeedSocket(JourneyLoad load, WebSocket.Listener listener) {
        this.load = load;
        this.socket = SOCKETS.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(load.base.replaceFirst("^http", "ws") + "/api/events/ws"), listener)
                .orTimeout(15, TimeUnit.SECONDS)
                .join();
    }

    /** Opens and authenticates; null (counted as an error) when the socket cannot open. */
    static FeedSocket open(JourneyLoad load, String token, long cursor) {
        FeedSocket[] self = new FeedSocket[1];
        BlockingQueue<JsonNode> early = new LinkedBlockingQueue<>();
        StringBuilder partial = new StringBuilder();
        WebSocket.Listener listener = new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    JsonNode frame = JourneyLoad.JSON.readTree(partial.toString());
                    partial.setLength(0);
                    (self[0] == null ? early : self[0].frames).add(frame);
                    if (self[0] != null) {
                        self[0].answered(frame);
                    }
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                if (self[0] != null) {
                    if (code != 1000 && code != 1001) {
                        load.error("socket closed " + code);
                    }
                    self[0].frames.add(CLOSED);
                }
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                if (self[0] != null) {
                    load.error("socket " + error.getClass().getSimpleName());
                    self[0].frames.add(CLOSED);
                }
            }
        };
        long started = System.nanoTime();
        FeedSocket feed;
        try {
            feed = new FeedSocket(load, listener);
        } catch (RuntimeException e) {
            load.error("socket open " + e.getClass().getSimpleName());
            return null;
        }
        self[0] = feed;
        early.drainTo(feed.frames);
        feed.send(Map.of("type", "auth", "token", token, "after", cursor));
        load.recordLatency("WS open + auth", System.nanoTime() - started);
        return feed;
    }

    /** The next events frame within {@code seconds}; null when none came; CLOSED when the socket is gone. */
    JsonNode next(long seconds) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        try {
            while (true) {
                JsonNode frame = frames.poll(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (frame == null
                        || frame == CLOSED
                        || "events".equals(frame.get("type").asString())) {
                    return frame;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CLOSED;
        }
    }

    static boolean closed(JsonNode frame) {
        return frame == CLOSED;
    }

    void ack(long cursor) {
        send(Map.of("type", "ack", "after", cursor));
    }

    /** A signal as a frame; its answer (signal_ack or error) is timed like the request it replaces. */
    void signal(String video, String type, Map<String, Object> data) {
        signalsSent.add(System.nanoTime());
        send(Map.of("type", "signal", "session_id", video, "signal_type", type, "data", data));
    }

    private void answered(JsonNode frame) {
        String type = frame.get("type").asString();
        if (type.equals("signal_ack") || type.equals("error")) {
            Long sent = signalsSent.poll();
            if (sent != null) {
                load.recordLatency("WS signal", System.nanoTime() - sent);
            }
            if (type.equals("error") && frame.get("status").asInt() != 409) {
                load.error("WS signal " + frame.get("status").asInt());
            }
        }
    }

    private synchronized void send(Object frame) {
        try {
            socket.sendText(JourneyLoad.JSON.writeValueAsString(frame), true).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            load.error("socket send " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
        }
    }

    void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            socket.abort();
        }
    }
}
