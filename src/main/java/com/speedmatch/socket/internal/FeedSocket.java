package com.speedmatch.socket.internal;

import com.speedmatch.auth.AccessTokens;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import lombok.extern.slf4j.Slf4j;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;

/**
 * One open feed socket: who holds it (once its auth frame verified), how far the feed was sent on
 * it and how far its client acknowledged, and when it was last heard from. What is read and sent
 * for it is done under its monitor, so its frames go out in feed order.
 *
 * <p>Sending never blocks a thread that serves others: a frame joins the socket's outbound queue,
 * and the queue is written one frame at a time with the container's asynchronous send, the next
 * frame going out when the last is written. A client that stops reading (a phone in a tunnel) only
 * lets its own queue grow; past {@code events.socket.send-buffer} bytes, or with a frame waiting
 * longer than {@code events.socket.send-time-limit}, the socket is closed with 4413 and the client
 * resumes from its cursor, losing nothing.
 */
@Slf4j
public final class FeedSocket {

    /** How long a blocking control frame (a ping) may wait on a client that does not read. */
    private static final long CONTROL_SEND_TIMEOUT_MS = 1_000;

    private final WebSocketSession session;
    private final Instant opened;
    private final long maxQueuedBytes;
    private final Duration sendTimeLimit;
    private final Clock clock;
    /** Guarded by itself: frames waiting to be written, and their size in bytes. */
    private final ArrayDeque<String> outbound = new ArrayDeque<>();

    private long queuedBytes;
    /** Guarded by outbound: a frame is being written; the next goes when it is. */
    private boolean writing;
    /** Guarded by outbound: when the frame being written was handed to the container. */
    private Instant writingSince;

    private volatile AccessTokens.Holder holder;
    private volatile boolean closed;
    private volatile boolean recheck;
    private volatile Instant lastHeard;
    private volatile Instant lastPing;
    /** Guarded by this. */
    private Runnable detach = () -> {};
    /** Frees the socket's place among those waiting for their auth frame; runs once. */
    private volatile Runnable leaveWaiting = () -> {};
    /** The client's frames, against the socket's budget (null: no budget). */
    private Bucket frameBudget;
    /** A frame that came in parts (the container's buffer is small), and its size so far in bytes. */
    private StringBuilder partial;

    private long partialBytes;
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
        this.maxQueuedBytes = maxQueuedBytes;
        this.sendTimeLimit = sendTimeLimit;
        this.clock = clock;
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
        TimeMeter time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return clock.millis() * 1_000_000L;
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
        this.frameBudget = Bucket.builder()
                .addLimit(limit -> limit.capacity(burst).refillGreedy(perSecond, Duration.ofSeconds(1)))
                .withCustomTimePrecision(time)
                .build();
    }

    /** One frame from the client; false once it is over its budget. */
    boolean takeFrame() {
        return frameBudget == null || frameBudget.tryConsume(1);
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

    /**
     * A ping, only while nothing waits to be written: a client that is not reading gets no ping it
     * could not read either, and its queue (or the pong timeout) closes it.
     */
    void ping(Instant at) {
        lastPing = at;
        synchronized (outbound) {
            if (writing || !outbound.isEmpty()) {
                return;
            }
        }
        try {
            session.sendMessage(new PingMessage());
        } catch (IOException | RuntimeException e) {
            close(CloseStatus.SESSION_NOT_RELIABLE);
        }
    }

    /** Queues the frame; it goes out after the ones before it. Never waits for the client. */
    void send(String frame) {
        if (closed) {
            return;
        }
        long bytes = frame.length() * 3L; // at most 3 bytes per char in UTF-8: a bound, not a count
        boolean start = false;
        boolean overflow = false;
        synchronized (outbound) {
            if (queuedBytes + bytes > maxQueuedBytes
                    || (writing && clock.instant().isAfter(writingSince.plus(sendTimeLimit)))) {
                overflow = true;
            } else {
                outbound.addLast(frame);
                queuedBytes += bytes;
                if (!writing) {
                    writing = true;
                    start = true;
                }
            }
        }
        if (overflow) {
            log.debug("Socket {} closed: its client reads too slowly", id());
            close(Frames.close(Frames.TOO_SLOW, "Reading too slowly; reconnect and resume from your cursor"));
        } else if (start) {
            writeNext();
        }
    }

    /** Whether frames wait for a client that has not read the one being written for {@code limit}. */
    boolean stalled(Instant now) {
        synchronized (outbound) {
            return writing && now.isAfter(writingSince.plus(sendTimeLimit));
        }
    }

    private void writeNext() {
        String next;
        synchronized (outbound) {
            next = outbound.pollFirst();
            if (next == null || closed) {
                writing = false;
                return;
            }
            queuedBytes -= next.length() * 3L;
            writingSince = clock.instant();
        }
        RemoteEndpoint.Async async = asyncRemote();
        if (async == null) {
            // Not a container's socket (a test's): written in place.
            try {
                session.sendMessage(new TextMessage(next));
            } catch (IOException | RuntimeException e) {
                close(CloseStatus.SESSION_NOT_RELIABLE);
                return;
            }
            writeNext();
            return;
        }
        try {
            async.sendText(next, result -> {
                if (result.isOK()) {
                    writeNext();
                } else {
                    log.debug("Socket {} closed on a failed send: {}", id(), String.valueOf(result.getException()));
                    close(CloseStatus.SESSION_NOT_RELIABLE);
                }
            });
        } catch (RuntimeException e) {
            close(CloseStatus.SESSION_NOT_RELIABLE);
        }
    }

    private RemoteEndpoint.Async asyncRemote() {
        if (session instanceof NativeWebSocketSession nativeSession) {
            Session container = nativeSession.getNativeSession(Session.class);
            return container == null || !container.isOpen() ? null : container.getAsyncRemote();
        }
        return null;
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
