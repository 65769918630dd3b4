package com.speedmatch.presence.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** The users seen on this instance since presence was last written, each with its latest sighting. */
@Component
public class SeenUsers {

    private final ConcurrentHashMap<Long, Instant> seen = new ConcurrentHashMap<>();
    private final Clock clock;

    SeenUsers(Clock clock) {
        this.clock = clock;
    }

    public void note(long userId) {
        seen.merge(userId, clock.instant(), (earlier, later) -> later.isAfter(earlier) ? later : earlier);
    }

    /** Everyone noted since the last call, with when, forgotten here. */
    Map<Long, Instant> drain() {
        Map<Long, Instant> drained = new HashMap<>();
        for (Long userId : seen.keySet()) {
            Instant at = seen.remove(userId);
            if (at != null) {
                drained.put(userId, at);
            }
        }
        return drained;
    }

    /** A write that failed: noted again, for the next one. */
    void retry(Map<Long, Instant> sightings) {
        sightings.forEach(
                (userId, at) -> seen.merge(userId, at, (earlier, later) -> later.isAfter(earlier) ? later : earlier));
    }
}
