package com.speedmatch.match;

import com.speedmatch.match.MessageViews.UnmatchedEvent;
import java.time.Instant;
import org.jmolecules.event.annotation.DomainEvent;

/** Published when a match ended (an unmatch, a block); the feed tells the other user after commit. */
@DomainEvent
public record Unmatched(long toUserId, UnmatchedEvent unmatched, Instant at) {}
