package com.speedmatch.safety;

import java.time.Instant;
import org.jmolecules.event.annotation.DomainEvent;

/**
 * Two users were kept apart by a block or a report, published in the transaction that records it:
 * the match between them, if any, ends (module {@code match}), and so does any call between them
 * ({@code CallsEndedWhenKeptApart}, retried from the publication registry until it succeeds).
 */
@DomainEvent
public record KeptApart(long byUserId, long otherUserId, Instant at) {}
