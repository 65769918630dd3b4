package com.speedmatch.user;

import java.time.Instant;

/**
 * What happens to an account, published inside the transaction that makes it so; each feature
 * that holds something of the user acts on it in the same transaction.
 */
public final class AccountEvents {

    private AccountEvents() {}

    /**
     * The user may not use the service for now or for good (suspended, banned, closed): out of the
     * pool, out of any call (the other user returns to the pool), every refresh token revoked.
     */
    public record Restricted(long userId, Instant at) {}

    /** The account is closed: besides {@link Restricted}, every feature erases what it holds of the user. */
    public record Closed(long userId, Instant at) {}

    /**
     * The account changed in a way other instances must hear (closed, suspended, banned, signed out
     * everywhere): published in the transaction, handled after commit by {@link AccountNews}.
     */
    public record Changed(long userId, Instant at) {}
}
