package com.speedmatch.signaling;

import org.jmolecules.event.annotation.DomainEvent;

/**
 * A signal was queued for {@code toUserId}: the feed appends a {@code signal} event that carries
 * {@code ref}. Published outside any transaction and heard synchronously, so the sender's request
 * returns once the event is in the feed: the hot path writes nothing more for it.
 */
@DomainEvent
public record SignalQueued(long toUserId, SignalFeed.SignalEvent event, String ref) {}
