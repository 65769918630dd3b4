package com.speedmatch.presence.internal;

import com.speedmatch.longpoll.Parking;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
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
        Set<Long> users = new HashSet<>(seen.drain());
        boolean parkedDue = !now.isBefore(parkedWritten.plus(parkedInterval));
        Set<Long> parked = parkedDue ? parking.parkedUsers(Parking.Topic.values()) : Set.of();
        users.addAll(parked);
        if (users.isEmpty()) {
            return;
        }
        try {
            rows.write(users, now, now.minus(RESOLUTION));
            if (parkedDue) {
                parkedWritten = now;
            }
        } catch (RuntimeException e) {
            users.removeAll(parked);
            seen.retry(users);
            log.warn(
                    "Presence of {} users not written; the next run tries again: {}",
                    users.size() + parked.size(),
                    e.toString());
        }
    }
}
