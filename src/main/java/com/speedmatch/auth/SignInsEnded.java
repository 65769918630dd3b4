package com.speedmatch.auth;

import java.time.Instant;
import java.util.UUID;
import org.jmolecules.event.annotation.DomainEvent;

/**
 * Sign-ins of a user ended: one ({@code signIn}, on logout or when a stolen refresh token was
 * replayed) or all of them ({@code signIn} null: a password reset, a suspension or a ban). What
 * was tied to them (push subscriptions) ends too. Published in the transaction that ends them.
 */
@DomainEvent
public record SignInsEnded(long userId, UUID signIn, Instant at) {

    public static SignInsEnded all(long userId, Instant at) {
        return new SignInsEnded(userId, null, at);
    }

    public boolean everyOne() {
        return signIn == null;
    }
}
