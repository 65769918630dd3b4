package com.speedmatch.user;

import com.speedmatch.user.internal.AccountNews;
import java.time.Instant;
import org.jmolecules.event.annotation.DomainEvent;

/**
 * The account changed in a way other instances must hear (closed, suspended, banned, signed out
 * everywhere): published in the transaction, handled after commit by {@link AccountNews}.
 */
@DomainEvent
public record AccountChanged(long userId, Instant at) {}
