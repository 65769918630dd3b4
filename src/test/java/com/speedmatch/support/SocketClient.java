package com.speedmatch.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * A feed socket client as an app would hold one ({@code GET /api/events/ws}): frames it received,
 * in order, and how the server closed it. The JDK's client answers the server's pings by itself.
 */
public final class SocketClient implements AutoCloseable {

    /** How the server closed the socket. */
    public record Closed(int code, String reason) {}

    private final WebSocket socket;
    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    public final AtomicInteger pings = new AtomicInteger();

    private SocketClient(Api api) {
        StringBuilder partial = new StringBuilder();
        WebSocket.Listener listener = new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    frames.add(Api.JSON.readTree(partial.toString()));
                    partial.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
                pings.incrementAndGet();
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                closed.complete(new Closed(statusCode, reason));
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                closed.complete(new Closed(1006, String.valueOf(error)));
            }
        };
        this.socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(api.socket("/api/events/ws"), listener)
                .join();
    }

    /** A socket to the server, not yet authenticated. */
    public static SocketClient open(Api api) {
        return new SocketClient(api);
    }

    /** A socket authenticated as {@code user}, from {@code after} (null: from now); its first frame is taken. */
    public static SocketClient as(Users.User user, Api api, Long after) {
        SocketClient client = open(api);
        client.auth(user.token, after);
        JsonNode first = client.next();
        assertThat(first.get("type").asString()).as("first frame %s", first).isEqualTo("events");
        client.first = first;
        return client;
    }

    /** The first events frame (what answered the auth frame). */
    public JsonNode first;

    public SocketClient auth(String token, Long after) {
        return send(
                after == null
                        ? Map.of("type", "auth", "token", token)
                        : Map.of("type", "auth", "token", token, "after", after));
    }

    public SocketClient send(Object frame) {
        return sendText(frame instanceof String text ? text : Api.JSON.writeValueAsString(frame));
    }

    public SocketClient sendText(String text) {
        socket.sendText(text, true).join();
        return this;
    }

    /** The next frame, within 5 s. */
    public JsonNode next() {
        try {
            JsonNode frame = frames.poll(5, TimeUnit.SECONDS);
            if (frame == null) {
                throw new AssertionError("No frame within 5 s" + (closed.isDone() ? "; closed " + closed.join() : ""));
            }
            return frame;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The next frame of {@code type}, skipping others, within 5 s each. */
    public JsonNode next(String type) {
        for (int i = 0; i < 50; i++) {
            JsonNode frame = next();
            if (frame.get("type").asString().equals(type)) {
                return frame;
            }
        }
        throw new AssertionError("No " + type + " frame");
    }

    /** Frames received and not yet taken. */
    public int waiting() {
        return frames.size();
    }

    /** How the server closed the socket, within 5 s. */
    public Closed awaitClosed() {
        return closed.orTimeout(5, TimeUnit.SECONDS).join();
    }

    public boolean isOpen() {
        return !closed.isDone();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }
}
