package com.speedmatch.feed.internal;

import java.time.Instant;
import java.util.List;

/**
 * Each user's feed of news ({@code GET /api/events}): events in order, each with a sequence number
 * that only grows, also across a restart of the log (so a cursor from before a restart is seen as
 * too old, never mistaken for a recent one).
 *
 * <p>Kept: every event younger than {@code events.retention}, and at least the last
 * {@code events.min-kept}; never more than {@code events.max-kept}. Reading never removes anything:
 * a cursor ({@code after}) acknowledges, and what it acknowledges for the first time comes back in
 * {@link Page#acknowledged()} so that the feed can acknowledge what those events carried.
 */
public interface EventLog {

    /**
     * One event. {@code data} is its JSON; {@code ref} an internal reference to what it carries
     * (for a signal, {@code videoSessionId:signalSeq}) and null for events that carry nothing else.
     */
    record Entry(long seq, String type, Instant at, String data, String ref) {}

    /**
     * Events after the cursor, the last seq issued to the user, whether events after the cursor may
     * have been dropped (or the cursor was never issued here), and the events with a ref that this
     * cursor acknowledged for the first time.
     */
    record Page(List<Entry> events, long lastSeq, boolean reset, List<Entry> acknowledged) {}

    long append(long userId, String type, Instant at, String data, String ref);

    /**
     * An event for the user was lost: every cursor issued so far reads as a reset from now on (the
     * client re-reads its state and goes on from the new {@code last_seq}).
     */
    void markGap(long userId);

    /** With a null {@code after}: no events, only the cursor to start from. The cursor acknowledges. */
    default Page read(long userId, Long after) {
        return read(userId, after, after);
    }

    /**
     * The events after {@code after}, acknowledging only up to {@code acknowledge} (at most
     * {@code after}, or null for nothing): a socket sends events as they come and the client
     * acknowledges them later.
     */
    Page read(long userId, Long after, Long acknowledge);
}
