package com.speedmatch.socket.internal;

import java.time.Clock;
import java.time.Instant;
import lombok.RequiredArgsConstructor;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The feed sockets' deadlines, on the injected clock: the auth frame within its timeout, a new
 * token before the last one expires, a ping every interval (a socket's pings fall when it opened,
 * so they spread over the interval), a socket that answers nothing after a ping is closed, and so is
 * one whose client has not read what is being written to it for the send time limit.
 */
@Component
@RequiredArgsConstructor
public class SocketSweeper {

    private final FeedSocketHandler handler;
    private final SocketProperties properties;
    private final Clock clock;

    @Scheduled(fixedDelayString = "${events.socket.sweep-interval:1s}")
    public void sweep() {
        sweep(handler.open(), clock.instant());
    }

    public void sweep(Iterable<FeedSocket> sockets, Instant now) {
        for (FeedSocket socket : sockets) {
            if (socket.closed()) {
                continue;
            }
            if (!socket.authenticated()) {
                if (!now.isBefore(socket.opened().plus(properties.authTimeout()))) {
                    socket.close(Frames.close(
                            Frames.UNAUTHENTICATED,
                            "No auth frame within " + properties.authTimeout().toSeconds() + " s"));
                }
            } else if (!now.isBefore(socket.holder().expiresAt())) {
                socket.close(Frames.close(
                        Frames.UNAUTHENTICATED, "The access token expired; send a new auth frame before it does"));
            } else if (socket.stalled(now)) {
                socket.close(
                        Frames.close(Frames.TOO_SLOW, "Reading too slowly; reconnect and resume from your cursor"));
            } else if (socket.awaitingPong() && !now.isBefore(socket.lastPing().plus(properties.pongTimeout()))) {
                socket.close(Frames.close(Frames.SILENT, "Nothing heard since a ping"));
            } else if (!now.isBefore(socket.lastPing().plus(properties.pingInterval()))) {
                socket.ping(now);
            }
        }
    }
}
