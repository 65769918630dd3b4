package com.speedmatch.call;

import java.time.Instant;
import java.util.Collection;

/**
 * What calls need to know of the matching pool, implemented by the matching feature (which
 * depends on calls, not the other way round).
 */
public interface PoolPresence {

    /** Whether the user has an open matching session seen since {@code seenSince}. */
    boolean isPresent(long userId, Instant seenSince);

    /** The guide's proactive update: reading a call counts as a heartbeat for both users. */
    void touch(Collection<Long> userIds, Instant now);

    /** A call ended: the users wait in the pool again from now. */
    void returnToPool(Collection<Long> userIds, Instant now);
}
