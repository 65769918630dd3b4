package com.speedmatch.feed.internal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * One instance's feeds, in memory. Sequence numbers come from one counter for all users that starts
 * at the log's start second times a million, so a feed that was forgotten (idle past its retention)
 * or lost in a restart starts again above every seq it issued, and an old cursor reads as a reset.
 */
@Component
@ConditionalOnProperty(name = "cluster.enabled", havingValue = "false", matchIfMissing = true)
public class InMemoryEventLog implements EventLog {

    private static final class Feed {
        private final Deque<Entry> entries = new ArrayDeque<>();
        /** Every seq up to this one was dropped, or issued before this feed existed. */
        private long floor;

        private long lastSeq;
        private long acked;
        private Instant touched;
        /** Forgotten by {@link #prune()}: whoever still holds it looks the user's feed up again. */
        private boolean forgotten;

        Feed(long start, Instant now) {
            this.floor = start;
            this.lastSeq = start;
            this.acked = start;
            this.touched = now;
        }
    }

    private final ConcurrentHashMap<Long, Feed> feeds = new ConcurrentHashMap<>();
    private final AtomicLong seq;
    private final EventProperties properties;
    private final Clock clock;

    public InMemoryEventLog(EventProperties properties, Clock clock, MeterRegistry meters) {
        this.properties = properties;
        this.clock = clock;
        this.seq = new AtomicLong(clock.instant().getEpochSecond() * 1_000_000L);
        Gauge.builder(
                        "speedmatch.events.kept",
                        feeds,
                        f -> f.values().stream()
                                .mapToInt(feed -> {
                                    synchronized (feed) {
                                        return feed.entries.size();
                                    }
                                })
                                .sum())
                .description("Events kept in users' feeds")
                .register(meters);
    }

    @Override
    public long append(long userId, String type, Instant at, String data, String ref) {
        while (true) {
            Feed feed = feed(userId);
            synchronized (feed) {
                if (!feed.forgotten) {
                    return append(feed, type, at, data, ref);
                }
            }
        }
    }

    @Override
    public void markGap(long userId) {
        while (true) {
            Feed feed = feed(userId);
            synchronized (feed) {
                if (!feed.forgotten) {
                    long next = seq.incrementAndGet();
                    feed.entries.clear();
                    feed.floor = next;
                    feed.lastSeq = next;
                    feed.acked = next;
                    feed.touched = clock.instant();
                    return;
                }
            }
        }
    }

    private long append(Feed feed, String type, Instant at, String data, String ref) {
        long next = seq.incrementAndGet();
        feed.entries.addLast(new Entry(next, type, at, data, ref));
        feed.lastSeq = next;
        feed.touched = clock.instant();
        prune(feed, feed.touched);
        return next;
    }

    @Override
    public Page read(long userId, Long after, Long acknowledge) {
        while (true) {
            Feed feed = feed(userId);
            synchronized (feed) {
                if (!feed.forgotten) {
                    return read(feed, after, acknowledge);
                }
            }
        }
    }

    private Page read(Feed feed, Long after, Long acknowledge) {
        feed.touched = clock.instant();
        if (after == null) {
            return new Page(List.of(), feed.lastSeq, false, List.of());
        }
        boolean reset = after < feed.floor || after > feed.lastSeq;
        long ack = acknowledge == null ? Long.MIN_VALUE : Math.min(acknowledge, after);
        List<Entry> events = new ArrayList<>();
        List<Entry> acknowledged = new ArrayList<>();
        for (Entry entry : feed.entries) {
            if (entry.seq() > after) {
                events.add(entry);
            } else if (!reset && entry.seq() > feed.acked && entry.seq() <= ack && entry.ref() != null) {
                acknowledged.add(entry);
            }
        }
        if (!reset && ack > feed.acked) {
            feed.acked = ack;
        }
        return new Page(events, feed.lastSeq, reset, acknowledged);
    }

    /**
     * Drops what is past its retention, and forgets feeds nobody appended to or read for twice that
     * long: their user is gone, and comes back to a reset.
     */
    @Scheduled(fixedDelayString = "${events.prune-interval:30s}")
    void prune() {
        Instant now = clock.instant();
        Instant idleBefore = now.minus(properties.retention().multipliedBy(2));
        feeds.forEach((userId, feed) -> {
            synchronized (feed) {
                if (feed.touched.isBefore(idleBefore)) {
                    feed.forgotten = true;
                    feeds.remove(userId, feed);
                } else {
                    prune(feed, now);
                }
            }
        });
    }

    private Feed feed(long userId) {
        return feeds.computeIfAbsent(userId, id -> new Feed(seq.get(), clock.instant()));
    }

    private void prune(Feed feed, Instant now) {
        Instant oldest = now.minus(properties.retention());
        while (feed.entries.size() > properties.minKept()
                && (feed.entries.size() > properties.maxKept()
                        || feed.entries.peekFirst().at().isBefore(oldest))) {
            feed.floor = feed.entries.removeFirst().seq();
        }
    }
}
