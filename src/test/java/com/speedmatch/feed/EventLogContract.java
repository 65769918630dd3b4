package com.speedmatch.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedmatch.feed.internal.EventLog;
import com.speedmatch.feed.internal.EventProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** The {@link EventLog} contract (docs/spec.md "One feed of news"), run against each log. */
abstract class EventLogContract {

    static final EventProperties KEEP = new EventProperties(Duration.ofSeconds(60), 4, 8);

    final MutableTestClock clock = new MutableTestClock(Instant.now());

    /** A fresh log over {@link #clock} that keeps at least 60 s and 4 events, at most 8. */
    abstract EventLog log();

    long user() {
        return ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50);
    }

    @Test
    void aCursorGetsWhatCameAfterItInOrderAndNothingIsRemovedByReading() {
        EventLog log = log();
        long me = user();
        long start = log.read(me, null).lastSeq();
        long first = log.append(me, "match_found", clock.instant(), "{\"a\":1}", null);
        long second = log.append(me, "call", clock.instant(), "{\"b\":\"x|y\"}", null);
        assertThat(second).isGreaterThan(first).isGreaterThan(start);

        EventLog.Page page = log.read(me, start);
        assertThat(page.events()).extracting(EventLog.Entry::seq).containsExactly(first, second);
        assertThat(page.events().get(1).data()).isEqualTo("{\"b\":\"x|y\"}");
        assertThat(page.events().get(0).type()).isEqualTo("match_found");
        assertThat(page.lastSeq()).isEqualTo(second);
        assertThat(page.reset()).isFalse();
        assertThat(log.read(me, start).events()).hasSize(2); // a lost answer costs nothing
        assertThat(log.read(me, first).events()).extracting(EventLog.Entry::seq).containsExactly(second);
        assertThat(log.read(user(), null).events()).isEmpty(); // someone else's feed
    }

    @Test
    void aCursorAcknowledgesWhatItCarriedOnceOnly() {
        EventLog log = log();
        long me = user();
        long start = log.read(me, null).lastSeq();
        long signal = log.append(me, "signal", clock.instant(), "{}", "7:1:x");
        log.append(me, "call", clock.instant(), "{}", null);
        assertThat(log.read(me, start).acknowledged()).isEmpty();
        assertThat(log.read(me, signal).acknowledged())
                .extracting(EventLog.Entry::ref)
                .containsExactly("7:1:x");
        assertThat(log.read(me, signal).acknowledged()).isEmpty();
    }

    @Test
    void aSocketReadsPastWhatItAcknowledges() {
        EventLog log = log();
        long me = user();
        long start = log.read(me, null).lastSeq();
        long first = log.append(me, "signal", clock.instant(), "{}", "7:1:x");
        long second = log.append(me, "signal", clock.instant(), "{}", "7:2:x");
        // Sent up to the second, acknowledged nothing yet: nothing is acknowledged.
        EventLog.Page sent = log.read(me, second, null);
        assertThat(sent.events()).isEmpty();
        assertThat(sent.acknowledged()).isEmpty();
        // The client acknowledges the first only, then both.
        assertThat(log.read(me, second, first).acknowledged())
                .extracting(EventLog.Entry::ref)
                .containsExactly("7:1:x");
        assertThat(log.read(me, second, second).acknowledged())
                .extracting(EventLog.Entry::ref)
                .containsExactly("7:2:x");
        assertThat(log.read(me, start).acknowledged()).isEmpty();
    }

    @Test
    void aCursorOlderThanWhatIsKeptOrNeverIssuedAsksForAReset() {
        EventLog log = log();
        long me = user();
        long start = log.read(me, null).lastSeq();
        for (int i = 0; i < 10; i++) {
            log.append(me, "call", clock.instant(), "{}", null);
        }
        // More than the 8 kept at most: the oldest went, and a cursor from before them asks for a reset.
        EventLog.Page page = log.read(me, start);
        assertThat(page.reset()).isTrue();
        assertThat(page.events()).hasSize(8);
        assertThat(log.read(me, page.lastSeq()).reset()).isFalse();
        assertThat(log.read(me, page.lastSeq() + 5).reset()).isTrue();
    }

    @Test
    void eventsOlderThanTheRetentionGoButTheLastFewStay() {
        EventLog log = log();
        long me = user();
        long start = log.read(me, null).lastSeq();
        for (int i = 0; i < 6; i++) {
            log.append(me, "call", clock.instant(), "{}", null);
        }
        clock.advance(Duration.ofSeconds(61));
        long fresh = log.append(me, "call", clock.instant(), "{}", null);
        EventLog.Page page = log.read(me, start);
        assertThat(page.reset()).isTrue();
        assertThat(page.events())
                .hasSize(4)
                .last()
                .extracting(EventLog.Entry::seq)
                .isEqualTo(fresh);
    }

    /** A clock the test moves. */
    static final class MutableTestClock extends Clock {
        private Instant now;

        MutableTestClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
