package com.speedmatch.socket.internal;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * What a socket's client sends: frames that come in parts (the container's buffer is small) put
 * together up to a bound, and whole frames counted against the socket's budget. Parts come one at
 * a time, on the container's thread for this socket.
 */
final class Inbound {

    private StringBuilder partial;
    private long partialBytes;
    /** The client's frames against the budget; null: no budget. */
    private Bucket budget;

    /** {@code perSecond} frames, bursts of {@code burst}, on {@code clock}. */
    void budget(int perSecond, int burst, Clock clock) {
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
        this.budget = Bucket.builder()
                .addLimit(limit -> limit.capacity(burst).refillGreedy(perSecond, Duration.ofSeconds(1)))
                .withCustomTimePrecision(time)
                .build();
    }

    /** One whole frame; false once the client is over its budget. */
    boolean take() {
        return budget == null || budget.tryConsume(1);
    }

    /** One more part of a frame; false once the frame is larger than {@code maxBytes}. */
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
}
