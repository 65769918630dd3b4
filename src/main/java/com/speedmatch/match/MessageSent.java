package com.speedmatch.match;

import com.speedmatch.match.MessageViews.Message;
import java.time.Instant;
import org.jmolecules.event.annotation.DomainEvent;

/** Published in the transaction that stores a message; the feed tells the recipient after commit. */
@DomainEvent
public record MessageSent(long toUserId, Message message, Instant at) {}
