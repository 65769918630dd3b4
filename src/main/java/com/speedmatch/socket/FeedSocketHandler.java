package com.speedmatch.socket;

import com.speedmatch.auth.AccessTokens;
import com.speedmatch.feed.EventFeed;
import com.speedmatch.feed.EventViews;
import com.speedmatch.longpoll.UserNews;
import com.speedmatch.shared.DependencyFailures;
import com.speedmatch.shared.DomainException;
import com.speedmatch.shared.Unavailable;
import com.speedmatch.signaling.SignalRelay;
import com.speedmatch.web.DomainProblems;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import lombok.extern.slf4j.Slf4j;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The feed over a WebSocket. The first frame authenticates ({@code auth}, with an optional
 * {@code after} to resume from); from then on the user's feed is sent as it grows, read on every
 * piece of news for the user (on this instance, or relayed from another), and the socket counts as
 * one of the user's parked requests. Client frames: {@code ack}, {@code signal}, {@code ping} and a
 * new {@code auth} before the token expires. Timers are in {@link SocketSweeper}.
 */
@Slf4j
@Component
class FeedSocketHandler extends TextWebSocketHandler {

    private final Map<String, FeedSocket> sockets = new ConcurrentHashMap<>();
    private final AccessTokens tokens;
    private final EventFeed feed;
    private final SignalRelay signals;
    private final UserNews news;
    private final JsonMapper json;
    private final Clock clock;
    private final SocketProperties properties;

    FeedSocketHandler(
            AccessTokens tokens,
            EventFeed feed,
            SignalRelay signals,
            UserNews news,
            JsonMapper json,
            Clock clock,
            SocketProperties properties,
            MeterRegistry meters) {
        this.tokens = tokens;
        this.feed = feed;
        this.signals = signals;
        this.news = news;
        this.json = json;
        this.clock = clock;
        this.properties = properties;
        news.onAccountChange(this::accountChanged);
        Gauge.builder("speedmatch.socket.open", sockets, Map::size)
                .description("Feed sockets open")
                .register(meters);
    }

    Collection<FeedSocket> open() {
        return sockets.values();
    }

    /**
     * Frames in parts: the container buffers 8 KiB per socket rather than the largest frame
     * (256 KiB of chars each, 5 GB for 10,000 sockets); a frame is put together here, bounded.
     */
    @Override
    public boolean supportsPartialMessages() {
        return true;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        WebSocketSession guarded = new ConcurrentWebSocketSessionDecorator(
                session,
                (int) properties.sendTimeLimit().toMillis(),
                (int) properties.sendBuffer().toBytes(),
                ConcurrentWebSocketSessionDecorator.OverflowStrategy.TERMINATE);
        sockets.put(session.getId(), new FeedSocket(guarded, clock.instant()));
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        FeedSocket socket = sockets.remove(session.getId());
        if (socket != null) {
            socket.detach();
        }
    }

    @Override
    protected void handlePongMessage(WebSocketSession session, PongMessage message) {
        FeedSocket socket = sockets.get(session.getId());
        if (socket != null) {
            socket.heard(clock.instant());
        }
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        FeedSocket socket = sockets.get(session.getId());
        if (socket == null || socket.closed()) {
            return;
        }
        socket.heard(clock.instant());
        if (!socket.append(message.getPayload(), properties.maxFrame().toBytes())) {
            socket.close(Frames.close(
                    CloseStatus.TOO_BIG_TO_PROCESS.getCode(),
                    "A frame is at most " + properties.maxFrame().toKilobytes() + " KiB"));
            return;
        }
        if (!message.isLast()) {
            return;
        }
        JsonNode frame;
        try {
            frame = json.readTree(socket.whole());
        } catch (JacksonException e) {
            error(socket, 400, "Invalid frame", "A frame is a JSON object with a type");
            return;
        }
        String type = Frames.text(frame, "type");
        if ("auth".equals(type)) {
            authenticate(socket, frame);
        } else if (!socket.authenticated()) {
            socket.close(Frames.close(Frames.UNAUTHENTICATED, "The first frame must be an auth frame"));
        } else if ("ack".equals(type)) {
            acknowledge(socket, frame);
        } else if ("signal".equals(type)) {
            signal(socket, frame);
        } else if ("ping".equals(type)) {
            socket.send(write(Frames.Pong.PONG));
        } else {
            error(socket, 400, "Invalid frame", "type: one of auth, ack, signal or ping");
        }
    }

    private void authenticate(FeedSocket socket, JsonNode frame) {
        Optional<Long> after = cursor(socket, frame, "after");
        if (after == null) {
            return;
        }
        AccessTokens.Holder holder;
        try {
            holder = tokens.authenticate(Frames.text(frame, "token"));
        } catch (DomainException e) {
            socket.close(Frames.closeFor(e));
            return;
        } catch (RuntimeException e) {
            closeIfUnavailable(socket, e);
            return;
        }
        synchronized (socket) {
            if (socket.closed()) {
                return;
            }
            if (socket.authenticated()) {
                if (socket.holder().userId() == holder.userId()) {
                    socket.renew(holder);
                } else {
                    socket.close(Frames.close(
                            Frames.UNAUTHENTICATED, "A new auth frame must carry a token of the same user"));
                }
                return;
            }
            long userId = holder.userId();
            // Attached before the first read, so news between the read and the attaching is not missed:
            // a wake-up waits for this monitor and then reads from where this read ended.
            Runnable detach = news.attach(
                    UserNews.Topic.EVENTS,
                    userId,
                    () -> push(socket),
                    () -> socket.close(
                            Frames.close(Frames.DISPLACED, "A newer connection of yours took this one's place")));
            try {
                EventViews.Events first = feed.read(userId, after.orElse(null));
                socket.start(holder, detach, first.lastSeq(), after.orElse(null));
                sendEvents(socket, first.events(), first.lastSeq(), first.reset());
            } catch (RuntimeException e) {
                detach.run();
                closeIfUnavailable(socket, e);
            }
        }
    }

    private void acknowledge(FeedSocket socket, JsonNode frame) {
        Optional<Long> after = cursor(socket, frame, "after");
        if (after == null || after.isEmpty()) {
            if (after != null) {
                error(socket, 400, "Invalid frame", "after: the last seq you handled is required");
            }
            return;
        }
        synchronized (socket) {
            socket.acknowledge(after.get());
        }
        push(socket);
    }

    private void signal(FeedSocket socket, JsonNode frame) {
        try {
            socket.send(write(new Frames.SignalAck(signals.send(socket.holder().userId(), frame))));
        } catch (DomainException e) {
            error(socket, DomainProblems.statusCodeOf(e), e.title(), e.getMessage(), DomainProblems.retryAfterOf(e));
        } catch (RuntimeException e) {
            if (!DependencyFailures.isUnavailable(e)) {
                throw e;
            }
            error(
                    socket,
                    503,
                    "Service unavailable",
                    "The service cannot reach its database right now. Retry shortly",
                    5L);
        }
    }

    /** Sends what the feed holds past what this socket sent; on every piece of news for its user. */
    void push(FeedSocket socket) {
        synchronized (socket) {
            if (!socket.authenticated() || socket.closed()) {
                return;
            }
            try {
                if (socket.takeRecheck()) {
                    Optional<DomainException> refused = tokens.refusal(socket.holder());
                    if (refused.isPresent()) {
                        socket.close(Frames.closeFor(refused.get()));
                        return;
                    }
                }
                EventViews.Events next = feed.next(socket.holder().userId(), socket.sent(), socket.acknowledged());
                if (next.reset() || !next.events().isEmpty()) {
                    sendEvents(socket, next.events(), next.lastSeq(), next.reset());
                }
                socket.sent(next.lastSeq());
            } catch (RuntimeException e) {
                closeIfUnavailable(socket, e);
            }
        }
    }

    /** Frames of at most the bound: a batch that would be larger goes in parts, each with its own cursor. */
    private void sendEvents(FeedSocket socket, List<EventViews.Event> events, long lastSeq, boolean reset) {
        String frame = write(new Frames.Events(events, lastSeq, reset));
        long bound = properties.maxFrame().toBytes();
        if (events.size() <= 1
                || frame.length() <= bound / 3
                || frame.getBytes(StandardCharsets.UTF_8).length <= bound) {
            socket.send(frame);
            return;
        }
        int half = events.size() / 2;
        sendEvents(socket, events.subList(0, half), events.get(half - 1).seq(), reset);
        sendEvents(socket, events.subList(half, events.size()), lastSeq, false);
    }

    private void accountChanged(long userId) {
        boolean any = false;
        for (FeedSocket socket : sockets.values()) {
            AccessTokens.Holder holder = socket.holder();
            if (holder != null && holder.userId() == userId) {
                socket.recheckAccount();
                any = true;
            }
        }
        if (any) {
            news.wakeHere(userId);
        }
    }

    /** A cursor field: empty when absent, null (after an error frame) when it is not a seq. */
    private Optional<Long> cursor(FeedSocket socket, JsonNode frame, String field) {
        JsonNode value = frame.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
            error(socket, 400, "Invalid frame", field + ": a seq, a whole number of at least 0");
            return null;
        }
        return Optional.of(value.asLong());
    }

    private void closeIfUnavailable(FeedSocket socket, RuntimeException e) {
        if (!DependencyFailures.isUnavailable(e)) {
            log.error("Feed socket {} failed", socket.id(), e);
            socket.close(CloseStatus.SERVER_ERROR);
            return;
        }
        socket.close(Frames.closeFor(
                new Unavailable("Service unavailable", "Reconnect shortly", java.time.Duration.ofSeconds(5))));
    }

    private void error(FeedSocket socket, int status, String title, String detail) {
        error(socket, status, title, detail, null);
    }

    private void error(FeedSocket socket, int status, String title, String detail, Long retryAfter) {
        socket.send(write(new Frames.Error(status, title, detail, retryAfter)));
    }

    private String write(Object frame) {
        return json.writeValueAsString(frame);
    }
}
