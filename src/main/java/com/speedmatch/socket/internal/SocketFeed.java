package com.speedmatch.socket.internal;

import com.speedmatch.auth.AccessTokens;
import com.speedmatch.feed.EventFeed;
import com.speedmatch.feed.EventViews;
import com.speedmatch.longpoll.Parking;
import com.speedmatch.shared.DomainException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The feed's side of a socket: the auth frame (first, or a renewal), which attaches the socket to
 * the user's news and sends what the feed holds past the cursor; acks; and the push of what is new
 * on every piece of news for the user. Every step on one socket holds that socket's monitor, so a
 * wake-up never interleaves with the first read.
 */
@Component
class SocketFeed {

    private final AccessTokens tokens;
    private final EventFeed feed;
    private final Parking parking;
    private final FrameWriter frames;
    private final SocketProperties properties;

    SocketFeed(AccessTokens tokens, EventFeed feed, Parking parking, FrameWriter frames, SocketProperties properties) {
        this.tokens = tokens;
        this.feed = feed;
        this.parking = parking;
        this.frames = frames;
        this.properties = properties;
    }

    void authenticate(FeedSocket socket, JsonNode frame) {
        Optional<Long> after = frames.cursor(socket, frame, "after");
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
            frames.closeForFailure(socket, e);
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
            Runnable detach = parking.attach(
                    Parking.Topic.EVENTS,
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
                frames.closeForFailure(socket, e);
            }
        }
    }

    void acknowledge(FeedSocket socket, JsonNode frame) {
        Optional<Long> after = frames.cursor(socket, frame, "after");
        if (after == null || after.isEmpty()) {
            if (after != null) {
                frames.error(socket, 400, "Invalid frame", "after: the last seq you handled is required");
            }
            return;
        }
        synchronized (socket) {
            socket.acknowledge(after.get());
        }
        push(socket);
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
                frames.closeForFailure(socket, e);
            }
        }
    }

    /** Frames of at most the bound: a batch that would be larger goes in parts, each with its own cursor. */
    private void sendEvents(FeedSocket socket, List<EventViews.Event> events, long lastSeq, boolean reset) {
        String frame = frames.write(new Frames.Events(events, lastSeq, reset));
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
}
