package com.speedmatch.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.speedmatch.feed.internal.EventLog;
import com.speedmatch.feed.internal.InMemoryEventLog;
import com.speedmatch.support.Dates;
import com.speedmatch.support.IntegrationTest;
import com.speedmatch.support.Users;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * What a feed event survives: a handler that fails after the commit (the feed's store away, or the
 * instance gone between commit and delivery) leaves the event in the publication registry, and it
 * arrives when it is resubmitted; one that cannot be delivered at all becomes a reset, never a
 * silent gap.
 */
@Import(FeedDeliveryTests.FailingAppends.class)
@TestPropertySource(properties = {"events.redelivery-after=1s", "events.redelivery-interval=500ms"})
class FeedDeliveryTests extends IntegrationTest {

    /** The real feed, whose appends fail while {@link #failing} is above zero. */
    static class FlakyEventLog implements EventLog {

        final AtomicInteger failing = new AtomicInteger();
        private final EventLog real;

        FlakyEventLog(EventLog real) {
            this.real = real;
        }

        @Override
        public long append(long userId, String type, Instant at, String data, String ref) {
            if (failing.get() > 0) {
                failing.decrementAndGet();
                throw new IllegalStateException("the feed's store is away");
            }
            return real.append(userId, type, at, data, ref);
        }

        @Override
        public void markGap(long userId) {
            real.markGap(userId);
        }

        @Override
        public Page read(long userId, Long after, Long acknowledge) {
            return real.read(userId, after, acknowledge);
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class FailingAppends {

        @Bean
        @Primary
        FlakyEventLog flakyEventLog(InMemoryEventLog real) {
            return new FlakyEventLog(real);
        }
    }

    @Autowired
    FlakyEventLog log;

    @AfterEach
    void storeIsBack() {
        log.failing.set(0);
    }

    @Test
    void anEventWhoseDeliveryFailedAfterTheCommitArrivesOnceResubmitted() {
        Dates.Date date = Dates.pair(users());
        Users.User caller = date.caller();
        long cursor = Dates.feedCursorOnce(caller, "match_found", null);
        log.failing.set(1_000);

        date.caller().join(date.videoSessionId());
        date.callee().join(date.videoSessionId());
        await().atMost(Duration.ofSeconds(10)).until(() -> incompletePublications() > 0);
        assertThat(caller.get("/api/events?after=" + cursor).json().get("events"))
                .isEmpty();

        log.failing.set(0);
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    JsonNode events =
                            caller.get("/api/events?after=" + cursor).json().get("events");
                    assertThat(events.valueStream()
                                    .filter(e -> e.get("type").asString().equals("call"))
                                    .map(e -> e.get("data").get("status").asString()))
                            .contains("active");
                });
        await().atMost(Duration.ofSeconds(10)).until(() -> incompletePublications() == 0);
    }

    @Test
    void anEventThatCannotBeDeliveredBeforeItIsStaleResetsTheFeedInsteadOfVanishing() {
        Dates.Date date = Dates.pair(users());
        Users.User callee = date.callee();
        long cursor = Dates.feedCursorOnce(callee, "match_found", null);
        log.failing.set(1_000);

        date.caller().join(date.videoSessionId());
        date.callee().join(date.videoSessionId());
        await().atMost(Duration.ofSeconds(10)).until(() -> incompletePublications() > 0);
        clock.advance(Duration.ofSeconds(61)); // past the feed's retention: the event is given up on

        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> callee.get("/api/events?after=" + cursor)
                        .json()
                        .get("reset")
                        .asBoolean());
        await().atMost(Duration.ofSeconds(10)).until(() -> incompletePublications() == 0);
    }

    /**
     * The publications of call starts still waiting for their handler. Only those: while the feed
     * fails, every other event of the shared context (icebreakers, pauses) waits in the registry too.
     */
    private long incompletePublications() {
        return jdbc.queryForObject(
                "select count(*) from event_publication where completion_date is null "
                        + "and event_type like '%CallStarted'",
                Long.class);
    }
}
