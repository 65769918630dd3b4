package com.speedmatch.call;

import java.time.Instant;
import org.jmolecules.event.annotation.DomainEvent;

/**
 * Published by the pool when a user left it (paused or ended the session): once committed, the
 * call module cancels the user's matchmaker call made at or before {@code madeBy}, a call the
 * matchmaker made between the user's first look and their lock on the session.
 */
@DomainEvent
public record LeftPool(long userId, boolean includingActiveCall, Instant madeBy) {}
