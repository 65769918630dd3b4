package com.speedmatch.pool;

import com.speedmatch.longpoll.Presence;
import com.speedmatch.longpoll.UserNews;
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
 * Presence, written in batches: every {@code matching.presence-interval} the open sessions of
 * everyone seen on this instance since the last write ({@link Presence}: polls answered from
 * memory, feed reads) are marked seen, in one statement. A user holding a parked long-poll or a
 * feed socket here is here too, though the request writes nothing while it waits: they are added
 * every {@code matching.parked-presence-interval}. Without it a date whose participant follows the
 * feed with long waits would pause as if that participant had gone silent ({@code LiveDate}).
 *
 * <p>A write lags a poll by at most the interval (1 s), well inside the matchmaker's active window
 * (15 s); a session written within the last {@link MatchingSession#HEARTBEAT_RESOLUTION} is left
 * as it is.
 */
@Slf4j
@Component
class ParkedPresence {

    private final UserNews news;
    private final Presence presence;
    private final PollRepository polls;
    private final Clock clock;
    private final Duration parkedInterval;
    private Instant parkedWritten = Instant.MIN;

    ParkedPresence(
            UserNews news,
            Presence presence,
            PollRepository polls,
            Clock clock,
            @Value("${matching.parked-presence-interval:5s}") Duration parkedInterval) {
        this.news = news;
        this.presence = presence;
        this.polls = polls;
        this.clock = clock;
        this.parkedInterval = parkedInterval;
    }

    @Scheduled(fixedDelayString = "${matching.presence-interval:1s}")
    void writePresence() {
        Instant now = clock.instant();
        Set<Long> seen = new HashSet<>(presence.drain());
        boolean parkedDue = !now.isBefore(parkedWritten.plus(parkedInterval));
        Set<Long> parked = parkedDue ? news.parkedUsers(UserNews.Topic.values()) : Set.of();
        seen.addAll(parked);
        if (seen.isEmpty()) {
            return;
        }
        try {
            polls.beatUsers(seen, now, now.minus(MatchingSession.HEARTBEAT_RESOLUTION));
            if (parkedDue) {
                parkedWritten = now;
            }
        } catch (RuntimeException e) {
            seen.removeAll(parked);
            presence.retry(seen);
            log.warn(
                    "Presence of {} users not written; the next run tries again: {}",
                    seen.size() + parked.size(),
                    e.toString());
        }
    }
}
