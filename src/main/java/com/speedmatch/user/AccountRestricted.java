package com.speedmatch.user;

import java.time.Instant;
import org.jmolecules.event.annotation.DomainEvent;

/**
 * The user may not use the service for now or for good (suspended, banned, closed): out of the
 * pool, out of any call (the other user returns to the pool), every refresh token revoked.
 */
@DomainEvent
public record AccountRestricted(long userId, Instant at) {}
