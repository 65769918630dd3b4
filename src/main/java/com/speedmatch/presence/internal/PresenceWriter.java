package com.speedmatch.presence.internal;

import com.speedmatch.longpoll.Parking;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import lombok.extern.slf4j.Slf4j;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The one presence job: every {@code matching.presence-interval} everyone seen on this instance
 * since the last write is written, in one statement. A user holding a parked long-poll or a feed
 * socket here is here too, though the request writes nothing while it waits: they are added every
 * {@code matching.parked-presence-interval}. Without it a date whose participant follows the feed
 * with long waits would pause as if that participant had gone silent.
 */
@Slf4j
@Component
class PresenceWriter {

    /** A row written this recently is left as it is: presence need not be finer. */
    static final Duration RESOLUTION = Duration.ofSeconds(2);

    private final SeenUsers seen;
    private final Parking parking;
    private final PresenceRows rows;
    private final Clock clock;
    private final Duration parkedInterval;
    private Instant parkedWritten = Instant.MIN;

    PresenceWriter(
            SeenUsers seen,
            Parking parking,
            PresenceRows rows,
            Clock clock,
            @Value("${matching.parked-presence-interval:5s}") Duration parkedInterval) {
        this.seen = seen;
        this.parking = parking;
        this.rows = rows;
        this.clock = clock;
        this.parkedInterval = parkedInterval;
    }

    @Scheduled(fixedDelayString = "${matching.presence-interval:1s}")
    void write() {
        Instant now = clock.instant();
        Map<Long, Instant> sightings = seen.drain();
        Map<Long, Instant> written = new HashMap<>(sightings);
        // Due once the interval has passed, or when the clock went back past the last write (a
        // clock stepped back must not hold parked users' presence until it catches up).
        boolean parkedDue = now.isBefore(parkedWritten) || !now.isBefore(parkedWritten.plus(parkedInterval));
        if (parkedDue) {
            parking.parkedUsers(Parking.Topic.values()).forEach(userId -> written.put(userId, now));
        }
        if (written.isEmpty()) {
            return;
        }
        try {
            rows.write(written, RESOLUTION);
            if (parkedDue) {
                parkedWritten = now;
            }
        } catch (RuntimeException e) {
            seen.retry(sightings);
            log.warn("Presence of {} users not written; the next run tries again: {}", written.size(), e.toString());
        }
    }
}
