package com.speedmatch.socket.internal;

import com.speedmatch.auth.AccessTokens;
import jakarta.websocket.Session;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import lombok.extern.slf4j.Slf4j;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;

/**
 * One open feed socket: who holds it (once its auth frame verified), how far the feed was sent on
 * it and how far its client acknowledged, and when it was last heard from. What is read and sent
 * for it is done under its monitor, so its frames go out in feed order. Frames out wait in its
 * {@link Outbound} queue (a client too far behind is closed with 4413 and resumes from its cursor,
 * losing nothing); frames in are put together and budgeted by its {@link Inbound}.
 */
@Slf4j
public final class FeedSocket {

    /** How long a blocking control frame (a ping) may wait on a client that does not read. */
    private static final long CONTROL_SEND_TIMEOUT_MS = 1_000;

    private final WebSocketSession session;
    private final Instant opened;
    private final Outbound outbound;
    private final Inbound inbound = new Inbound();

    private volatile AccessTokens.Holder holder;
    private volatile boolean closed;
    private volatile boolean recheck;
    private volatile Instant lastHeard;
    private volatile Instant lastPing;
    /** Guarded by this. */
    private Runnable detach = () -> {};
    /** Frees the socket's place among those waiting for their auth frame; runs once. */
    private volatile Runnable leaveWaiting = () -> {};
    /** Guarded by this: the last seq sent on this socket, and the last its client acknowledged. */
    private long sent;

    private Long acknowledged;

    public FeedSocket(WebSocketSession session, Instant opened) {
        this(session, opened, 1 << 20, Duration.ofSeconds(10), Clock.systemUTC());
    }

    FeedSocket(WebSocketSession session, Instant opened, long maxQueuedBytes, Duration sendTimeLimit, Clock clock) {
        this.session = session;
        this.opened = opened;
        this.lastHeard = opened;
        this.outbound = new Outbound(
                session, maxQueuedBytes, sendTimeLimit, clock, () -> close(CloseStatus.SESSION_NOT_RELIABLE));
        Session container = session instanceof NativeWebSocketSession nativeSession
                ? nativeSession.getNativeSession(Session.class)
                : null;
        if (container != null) {
            // Tomcat's bound on a blocking send (a ping); 20 s by default.
            container
                    .getUserProperties()
                    .put("org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT", CONTROL_SEND_TIMEOUT_MS);
        }
    }

    String id() {
        return session.getId();
    }

    Instant opened() {
        return opened;
    }

    AccessTokens.Holder holder() {
        return holder;
    }

    public boolean authenticated() {
        return holder != null;
    }

    public boolean closed() {
        return closed;
    }

    /** What frees its place among the sockets waiting to sign in, once it signs in or closes. */
    void waitingForAuth(Runnable leave) {
        this.leaveWaiting = leave;
    }

    /** A budget of {@code perSecond} frames from the client, bursts of {@code burst}, on {@code clock}. */
    void frameBudget(int perSecond, int burst, Clock clock) {
        inbound.budget(perSecond, burst, clock);
    }

    /** One frame from the client; false once it is over its budget. */
    boolean takeFrame() {
        return inbound.take();
    }

    /** Authenticated: its news are read from {@code sent} on; {@code detach} stops them. */
    public void start(AccessTokens.Holder holder, Runnable detach, long sent, Long acknowledged) {
        leaveWaiting.run();
        this.holder = holder;
        this.detach = detach;
        this.sent = sent;
        this.acknowledged = acknowledged;
    }

    /** A new token of the same user (re-auth before expiry). */
    void renew(AccessTokens.Holder renewed) {
        this.holder = renewed;
    }

    long sent() {
        return sent;
    }

    void sent(long seq) {
        this.sent = Math.max(sent, seq);
    }

    Long acknowledged() {
        return acknowledged;
    }

    /** The client acknowledged up to {@code seq}; never past what was sent. */
    void acknowledge(long seq) {
        long upTo = Math.min(seq, sent);
        acknowledged = acknowledged == null ? upTo : Math.max(acknowledged, upTo);
    }

    /** The account changed: look again whether its token still holds before the next read. */
    void recheckAccount() {
        recheck = true;
    }

    boolean takeRecheck() {
        boolean was = recheck;
        recheck = false;
        return was;
    }

    /** One more part of a frame; false once the frame is larger than {@code maxBytes}. */
    boolean append(String part, long maxBytes) {
        return inbound.append(part, maxBytes);
    }

    /** The whole frame once its last part came. */
    String whole() {
        return inbound.whole();
    }

    public void heard(Instant at) {
        lastHeard = at;
    }

    /** Whether a ping went out and nothing came back since. */
    boolean awaitingPong() {
        Instant ping = lastPing;
        return ping != null && ping.isAfter(lastHeard);
    }

    Instant lastPing() {
        return lastPing == null ? opened : lastPing;
    }

    /**
     * A ping, only while nothing waits to be written: a client that is not reading gets no ping it
     * could not read either, and its queue (or the pong timeout) closes it.
     */
    void ping(Instant at) {
        lastPing = at;
        if (!outbound.idle()) {
            return;
        }
        try {
            session.sendMessage(new PingMessage());
        } catch (IOException | RuntimeException e) {
            close(CloseStatus.SESSION_NOT_RELIABLE);
        }
    }

    /** Queues the frame; it goes out after the ones before it. Never waits for the client. */
    void send(String frame) {
        if (!closed && !outbound.offer(frame)) {
            log.debug("Socket {} closed: its client reads too slowly", id());
            close(Frames.close(Frames.TOO_SLOW, "Reading too slowly; reconnect and resume from your cursor"));
        }
    }

    /** Whether a frame has waited longer than the send time limit for a client that does not read. */
    boolean stalled(Instant now) {
        return outbound.stalled(now);
    }

    /** Closes once; it stops counting as a parked request at once. */
    void close(CloseStatus status) {
        if (closed) {
            return;
        }
        closed = true;
        leaveWaiting.run();
        detach();
        try {
            session.close(status);
        } catch (IOException | RuntimeException e) {
            log.debug("Socket {} was already gone: {}", id(), e.toString());
        }
    }

    void detach() {
        leaveWaiting.run();
        Runnable stop;
        synchronized (this) {
            stop = detach;
        }
        stop.run();
    }
}
