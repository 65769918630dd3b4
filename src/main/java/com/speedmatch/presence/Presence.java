package com.speedmatch.presence;

import com.speedmatch.presence.internal.PresenceRows;
import com.speedmatch.presence.internal.SeenUsers;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Service;

/**
 * Presence: when each user was last seen. Most sightings (every poll) are only noted here and
 * written together, one statement per instance per {@code matching.presence-interval}; a user who
 * holds a parked request or a socket is written every {@code matching.parked-presence-interval}.
 * A write lags a sighting by at most the interval (1 s), well inside the pool's active window
 * (15 s) and the live date's reconnect grace.
 */
@Service
@RequiredArgsConstructor
public class Presence {

    private final SeenUsers seen;
    private final PresenceRows rows;

    /** The user is here now: written with the next batch. Memory only, never a round trip. */
    public void seen(long userId) {
        seen.note(userId);
    }

    /**
     * The users are here as of {@code now}, written at once in the caller's transaction: entering
     * the pool or coming back to it, where the matchmaker's next pass must already count them.
     */
    public void seenNow(Collection<Long> userIds, Instant now) {
        Map<Long, Instant> sightings = new HashMap<>();
        userIds.forEach(userId -> sightings.put(userId, now));
        rows.write(sightings, Duration.ZERO);
    }

    /** When the user was last seen, if ever. */
    public Optional<Instant> lastSeen(long userId) {
        return rows.lastSeen(userId);
    }
}
