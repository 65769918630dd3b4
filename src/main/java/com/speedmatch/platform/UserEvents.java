package com.speedmatch.platform;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import lombok.extern.slf4j.Slf4j;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where features post news for a user's feed ({@code GET /api/events}): the event is appended to
 * the user's {@link EventLog} and the user's parked requests are woken, on every instance. Call it
 * once what the event announces is committed ({@link AfterCommit}).
 *
 * <p>An event that cannot be stored (Redis down in cluster mode) is logged and counted, and the
 * user's parked requests are still woken: the polling endpoints and {@code /current} still tell the
 * truth, and a client whose feed request fails re-reads {@code /current}.
 */
@Slf4j
@Component
public class UserEvents {

    private final EventLog feeds;
    private final UserNews news;
    private final JsonMapper json;
    private final Clock clock;
    private final Counter lost;

    UserEvents(EventLog log, UserNews news, JsonMapper json, Clock clock, MeterRegistry meters) {
        this.feeds = log;
        this.news = news;
        this.json = json;
        this.clock = clock;
        this.lost = Counter.builder("speedmatch.events.lost")
                .description("Events that could not be stored in a feed (its store was unavailable)").register(meters);
    }

    /** Posts an event whose {@code data} is written as JSON, as the API writes it. */
    public void post(long userId, String type, Object data) {
        post(userId, type, data, null);
    }

    /**
     * Posts an event that carries something kept elsewhere; {@code ref} tells the feed what, so that
     * acknowledging the event acknowledges it too.
     */
    public void post(long userId, String type, Object data, String ref) {
        try {
            feeds.append(userId, type, clock.instant(), json.writeValueAsString(data), ref);
        } catch (RuntimeException e) {
            lost.increment();
            log.warn("A {} event for user {} was not stored: {}", type, userId, e.getMessage());
        }
        news.publish(userId);
    }
}
