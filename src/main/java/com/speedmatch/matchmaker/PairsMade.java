package com.speedmatch.matchmaker;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jmolecules.event.annotation.DomainEvent;

/**
 * A matchmaker pass paired these users, each pair in a new call: published in the pass's
 * transaction, heard after commit by the feed ({@code match_found} for both of each pair).
 */
@DomainEvent
public record PairsMade(List<Pairing> pairings, Instant at) {

    /** Two users and the call made for them; {@code userA} and {@code userB} in no particular order. */
    public record Pairing(long userA, long userB, long callSessionId, UUID videoSessionId, double score) {}
}
