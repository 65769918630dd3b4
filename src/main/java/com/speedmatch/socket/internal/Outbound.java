package com.speedmatch.socket.internal;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import lombok.extern.slf4j.Slf4j;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;

/**
 * A socket's outbound queue. Sending never blocks a thread that serves others: a frame joins the
 * queue, and the queue is written one frame at a time with the container's asynchronous send, the
 * next frame going out when the last is written. A client that stops reading (a phone in a tunnel)
 * only lets its own queue grow; past {@code maxQueuedBytes}, or with a frame unread for longer than
 * {@code sendTimeLimit}, it is refused and the socket closes.
 */
@Slf4j
final class Outbound {

    private final WebSocketSession session;
    private final long maxQueuedBytes;
    private final Duration sendTimeLimit;
    private final Clock clock;
    /** Called once a write fails (the client is gone): the socket closes. */
    private final Runnable failed;
    /** Guarded by itself: frames waiting to be written. */
    private final ArrayDeque<String> frames = new ArrayDeque<>();
    /** Guarded by frames: an upper bound of the queued frames' size in bytes. */
    private long queuedBytes;
    /** Guarded by frames: a frame is being written; the next goes when it is. */
    private boolean writing;
    /** Guarded by frames: when the frame being written was handed to the container. */
    private Instant writingSince;

    Outbound(WebSocketSession session, long maxQueuedBytes, Duration sendTimeLimit, Clock clock, Runnable failed) {
        this.session = session;
        this.maxQueuedBytes = maxQueuedBytes;
        this.sendTimeLimit = sendTimeLimit;
        this.clock = clock;
        this.failed = failed;
    }

    /** Queues the frame behind the others; false when the client is too far behind to take it. */
    boolean offer(String frame) {
        long bytes = bound(frame);
        synchronized (frames) {
            if (queuedBytes + bytes > maxQueuedBytes || stalledAt(clock.instant())) {
                return false;
            }
            frames.addLast(frame);
            queuedBytes += bytes;
            if (writing) {
                return true;
            }
            writing = true;
        }
        writeNext();
        return true;
    }

    /** Nothing waits to be written. */
    boolean idle() {
        synchronized (frames) {
            return !writing && frames.isEmpty();
        }
    }

    /** A frame has waited for the client longer than the send time limit. */
    boolean stalled(Instant now) {
        synchronized (frames) {
            return stalledAt(now);
        }
    }

    private boolean stalledAt(Instant now) {
        return writing && now.isAfter(writingSince.plus(sendTimeLimit));
    }

    /** At most 3 bytes per char in UTF-8: a bound, not a count. */
    private static long bound(String frame) {
        return frame.length() * 3L;
    }

    private void writeNext() {
        String next;
        synchronized (frames) {
            next = frames.pollFirst();
            if (next == null) {
                writing = false;
                return;
            }
            queuedBytes -= bound(next);
            writingSince = clock.instant();
        }
        RemoteEndpoint.Async async = asyncRemote();
        if (async == null) {
            // Not a container's socket (a test's): written in place.
            try {
                session.sendMessage(new TextMessage(next));
            } catch (IOException | RuntimeException e) {
                failed.run();
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
                    log.debug("Socket {} failed a send: {}", session.getId(), String.valueOf(result.getException()));
                    failed.run();
                }
            });
        } catch (RuntimeException e) {
            failed.run();
        }
    }

    private RemoteEndpoint.Async asyncRemote() {
        if (session instanceof NativeWebSocketSession nativeSession) {
            Session container = nativeSession.getNativeSession(Session.class);
            return container == null || !container.isOpen() ? null : container.getAsyncRemote();
        }
        return null;
    }
}
