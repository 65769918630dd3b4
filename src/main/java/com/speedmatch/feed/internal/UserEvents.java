package com.speedmatch.feed.internal;

import com.speedmatch.news.News;
import com.speedmatch.news.NewsBus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import lombok.extern.slf4j.Slf4j;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends to a user's feed ({@code GET /api/events}) and wakes the user's parked requests, on
 * every instance. An append that fails throws: the caller (an event handler) keeps its event and
 * tries again. One that fails for good is replaced by a gap, so the user reads {@code reset: true}
 * and re-reads their state: an event is never silently lost.
 */
@Slf4j
@Component
class UserEvents {

    private final EventLog feeds;
    private final NewsBus news;
    private final JsonMapper json;
    private final Clock clock;
    private final Counter lost;

    UserEvents(EventLog log, NewsBus news, JsonMapper json, Clock clock, MeterRegistry meters) {
        this.feeds = log;
        this.news = news;
        this.json = json;
        this.clock = clock;
        this.lost = Counter.builder("speedmatch.events.lost")
                .description("Events given up on; their users' next read answers reset")
                .register(meters);
    }

    /**
     * Appends an event whose {@code data} is written as JSON, as the API writes it; {@code ref}, when
     * not null, tells the feed what the event carries, so that acknowledging the event acknowledges
     * it too. The user's parked requests are woken whether or not the append worked: the polling
     * endpoints and {@code /current} still tell the truth.
     */
    void post(long userId, String type, Object data, String ref) {
        try {
            feeds.append(userId, type, clock.instant(), json.writeValueAsString(data), ref);
        } finally {
            news.publish(new News.ForUser(userId));
        }
    }

    /** Gives up on an event for the user: every cursor issued so far reads as a reset. */
    void giveUp(long userId, String type, RuntimeException cause) {
        feeds.markGap(userId);
        lost.increment();
        log.warn(
                "A {} event for user {} was given up on; their next read answers reset: {}",
                type,
                userId,
                cause.getMessage());
        news.publish(new News.ForUser(userId));
    }

    /** Wakes the user's parked requests, on every instance, with nothing to append. */
    void wake(long userId) {
        news.publish(new News.ForUser(userId));
    }
}
