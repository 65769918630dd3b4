package com.speedmatch.signaling.internal;

import com.speedmatch.signaling.SignalType;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Signals waiting for their recipient, per call and recipient, in order, each with a sequence
 * number that only grows, also across a restart of the store.
 *
 * <p>The acknowledgement rule: {@code read(..., after)} drops every signal up to {@code after}
 * and returns the rest without removing them, so a response lost on the way costs nothing: the
 * client asks again with the same {@code after}. An {@code after} above the queue's last seq was
 * not issued by this store (it comes from before a restart): it acknowledges nothing, so newer
 * signals are never hidden behind it. A client that never sends {@code after} gets the guide's
 * delete-on-read.
 *
 * <p>Bounds: at most {@code maxQueueLength} signals per call and recipient, and at most
 * {@code maxQueuedBytes} bytes of signal data per recipient across all their calls (ended calls
 * included, until their queues are dropped), so no pair of accounts can fill the heap.
 */
public interface SignalStore {

    record Signal(long seq, SignalType type, String data, long fromUserId, Instant createdAt) {}

    record Batch(List<Signal> signals, long lastSeq) {}

    /** Thrown when a bound would be passed; nothing was added. */
    public final class QueueFull extends RuntimeException {
        private final boolean bytes;

        QueueFull(boolean bytes) {
            super(bytes ? "too many bytes queued" : "too many signals queued", null, false, false);
            this.bytes = bytes;
        }

        /** Whether the byte bound (rather than the count) was reached. */
        public boolean bytes() {
            return bytes;
        }
    }

    /** Appends a signal and returns its sequence number; throws {@link QueueFull} past a bound. */
    long append(
            long videoSessionId,
            long recipientId,
            SignalType type,
            String data,
            long fromUserId,
            Instant at,
            int maxQueueLength,
            long maxQueuedBytes);

    /** With {@code after}: acknowledge up to it and return the newer ones; without: take them all. */
    Batch read(long videoSessionId, long recipientId, Long after);

    /** The signals waiting for the recipient in this call, without acknowledging any. */
    List<Signal> peek(long videoSessionId, long recipientId);

    /**
     * Acknowledges exactly these signals (a feed client's acknowledgement): signals sent at the same
     * moment may reach a feed in another order than their seqs, so nothing is dropped by position.
     */
    void acknowledge(long videoSessionId, long recipientId, Collection<Long> seqs);

    /** Signals waiting for the recipient in this call. */
    int depth(long videoSessionId, long recipientId);

    /** Forgets the call's queues of these recipients. */
    void drop(long videoSessionId, Collection<Long> recipientIds);
}
