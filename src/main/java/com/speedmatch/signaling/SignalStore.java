package com.speedmatch.signaling;

import java.time.Instant;
import java.util.List;

/**
 * Signals waiting for their recipient, per call and recipient, in order, each with a sequence
 * number that grows by one.
 *
 * <p>The acknowledgement rule: {@code read(..., after)} drops every signal up to {@code after}
 * and returns the rest without removing them, so a response lost on the way costs nothing: the
 * client asks again with the same {@code after}. A client that never sends {@code after} gets the
 * guide's delete-on-read.
 */
public interface SignalStore {

    record Signal(long seq, SignalType type, String data, long fromUserId, Instant createdAt) {
    }

    record Batch(List<Signal> signals, long lastSeq) {
    }

    /** Thrown when the recipient's queue is full; nothing was added. */
    final class QueueFull extends RuntimeException {
        QueueFull() {
            super("queue full", null, false, false);
        }
    }

    /** Appends a signal and returns its sequence number; throws {@link QueueFull} past the bound. */
    long append(long videoSessionId, long recipientId, SignalType type, String data, long fromUserId, Instant at,
            int maxQueueLength);

    /** With {@code after}: acknowledge up to it and return the newer ones; without: take them all. */
    Batch read(long videoSessionId, long recipientId, Long after);

    /** Signals waiting for the recipient. */
    int depth(long videoSessionId, long recipientId);

    /** Forgets every queue of the call. */
    void drop(long videoSessionId);
}
