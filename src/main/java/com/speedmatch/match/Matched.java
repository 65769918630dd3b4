package com.speedmatch.match;

import java.time.Instant;
import org.jmolecules.event.annotation.DomainEvent;

/**
 * Published when a second look makes a match: each of the two is told (a {@code matched} feed event
 * and a push), since neither is waiting on a decision's answer for it.
 */
@DomainEvent
public record Matched(long toUserId, MatchViews.MatchedEvent matched, Instant at) {}
