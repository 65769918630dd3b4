package com.speedmatch.socket.internal;

import com.speedmatch.auth.AccessTokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import lombok.extern.slf4j.Slf4j;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * One open feed socket: who holds it (once its auth frame verified), how far the feed was sent on
 * it and how far its client acknowledged, and when it was last heard from. What is read and sent
 * for it is done under its monitor, so its frames go out in feed order.
 */
@Slf4j
public final class FeedSocket {

    private final WebSocketSession session;
    private final Instant opened;
    private volatile AccessTokens.Holder holder;
    private volatile boolean closed;
    private volatile boolean recheck;
    private volatile Instant lastHeard;
    private volatile Instant lastPing;
    /** Guarded by this. */
    private Runnable detach = () -> {};
    /** A frame that came in parts (the container's buffer is small), and its size so far in bytes. */
    private StringBuilder partial;

    private long partialBytes;
    /** Guarded by this: the last seq sent on this socket, and the last its client acknowledged. */
    private long sent;

    private Long acknowledged;

    public FeedSocket(WebSocketSession session, Instant opened) {
        this.session = session;
        this.opened = opened;
        this.lastHeard = opened;
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

    /** Authenticated: its news are read from {@code sent} on; {@code detach} stops them. */
    public void start(AccessTokens.Holder holder, Runnable detach, long sent, Long acknowledged) {
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

    /**
     * One more part of a frame; false once the frame is larger than {@code maxBytes} (the socket is
     * then closed by the caller). Parts come one at a time, on the container's thread for this socket.
     */
    boolean append(String part, long maxBytes) {
        partialBytes += part.getBytes(StandardCharsets.UTF_8).length;
        if (partialBytes > maxBytes) {
            partial = null;
            return false;
        }
        if (partial == null) {
            partial = new StringBuilder(part.length() * 2);
        }
        partial.append(part);
        return true;
    }

    /** The whole frame once its last part came. */
    String whole() {
        String frame = partial == null ? "" : partial.toString();
        partial = null;
        partialBytes = 0;
        return frame;
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

    void ping(Instant at) {
        lastPing = at;
        try {
            session.sendMessage(new PingMessage());
        } catch (IOException | RuntimeException e) {
            close(CloseStatus.SESSION_NOT_RELIABLE);
        }
    }

    void send(String frame) {
        if (closed) {
            return;
        }
        try {
            session.sendMessage(new TextMessage(frame));
        } catch (IOException | RuntimeException e) {
            // A client that reads too slowly (past the send buffer or time limit) or is gone.
            log.debug("Socket {} closed on a failed send: {}", id(), e.toString());
            close(CloseStatus.SESSION_NOT_RELIABLE);
        }
    }

    /** Closes once; it stops counting as a parked request at once. */
    void close(CloseStatus status) {
        if (closed) {
            return;
        }
        closed = true;
        detach();
        try {
            session.close(status);
        } catch (IOException | RuntimeException e) {
            log.debug("Socket {} was already gone: {}", id(), e.toString());
        }
    }

    void detach() {
        Runnable stop;
        synchronized (this) {
            stop = detach;
        }
        stop.run();
    }
}
