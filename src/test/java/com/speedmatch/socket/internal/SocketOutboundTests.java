package com.speedmatch.socket.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.web.socket.adapter.standard.StandardWebSocketSession;

/**
 * A socket's frames wait in its own queue and go out one at a time with the container's
 * asynchronous send: a client that stops reading (a phone in a tunnel) holds no thread, and past
 * its bound it is closed with 4413, to resume from its cursor. The container is a stand-in whose
 * sends complete only when the test says so.
 */
class SocketOutboundTests {

    /** Frames handed to the container, and the handlers that complete them. */
    private final List<String> written = new CopyOnWriteArrayList<>();

    private final List<SendHandler> pending = new CopyOnWriteArrayList<>();
    private final AtomicReference<CloseReason> closedWith = new AtomicReference<>();
    private Instant now = Instant.parse("2026-12-04T20:00:00Z");

    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    };

    private FeedSocket socket(long maxQueuedBytes) {
        RemoteEndpoint.Async async = (RemoteEndpoint.Async) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {RemoteEndpoint.Async.class}, (proxy, method, args) -> {
                    if (method.getName().equals("sendText") && args.length == 2) {
                        written.add((String) args[0]);
                        pending.add((SendHandler) args[1]);
                    }
                    return null;
                });
        Map<String, Object> userProperties = new HashMap<>();
        Session container = (Session) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {Session.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getAsyncRemote" -> async;
                    case "isOpen" -> closedWith.get() == null;
                    case "getUserProperties" -> userProperties;
                    case "getNegotiatedExtensions" -> List.of();
                    case "getId" -> "test-socket";
                    case "close" -> {
                        closedWith.set(args == null ? null : (CloseReason) args[0]);
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
        StandardWebSocketSession session = new StandardWebSocketSession(new HttpHeaders(), new HashMap<>(), null, null);
        session.initializeNativeSession(container);
        return new FeedSocket(session, now, maxQueuedBytes, Duration.ofSeconds(10), clock);
    }

    @Test
    void framesGoOutOneAtATimeInOrder() {
        FeedSocket socket = socket(1 << 20);
        socket.send("a");
        socket.send("b");
        socket.send("c");
        assertThat(written).containsExactly("a");

        pending.get(0).onResult(new SendResult());
        assertThat(written).containsExactly("a", "b");
        pending.get(1).onResult(new SendResult());
        assertThat(written).containsExactly("a", "b", "c");
    }

    @Test
    void aClientThatStopsReadingHoldsNoThreadAndIsClosedPastItsBound() {
        FeedSocket socket = socket(1_000);
        String frame = "x".repeat(100); // counted as at most 300 bytes
        // Sent from another thread: were a send to wait for the client, it would never return.
        CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 5; i++) {
                socket.send(frame);
            }
        });

        await().atMost(Duration.ofSeconds(5)).until(sending::isDone);
        assertThat(written).hasSize(1); // the first, never read
        assertThat(closedWith.get().getCloseCode().getCode()).isEqualTo(Frames.TOO_SLOW);
        assertThat(socket.closed()).isTrue();
    }

    @Test
    void aFrameUnreadPastTheSendTimeLimitClosesTheSocketAtTheNextSweep() {
        FeedSocket socket = socket(1 << 20);
        socket.send("a");
        assertThat(socket.stalled(now)).isFalse();

        now = now.plusSeconds(11);
        assertThat(socket.stalled(now)).isTrue();
        socket.send("b"); // one more frame for a client that has not read the last in time
        assertThat(closedWith.get().getCloseCode().getCode()).isEqualTo(Frames.TOO_SLOW);
    }
}
