package com.speedmatch.user;

import java.time.Instant;
import org.jmolecules.event.annotation.DomainEvent;

/** The account is closed: besides {@link AccountRestricted}, every feature erases what it holds of the user. */
@DomainEvent
public record AccountClosed(long userId, Instant at) {}
