package com.speedmatch.match;

import com.speedmatch.match.MessageViews.ReadEvent;
import java.time.Instant;
import org.jmolecules.event.annotation.DomainEvent;

/** Published when a user read up to a message; the feed tells the other user after commit. */
@DomainEvent
public record MessagesRead(long toUserId, ReadEvent read, Instant at) {}
