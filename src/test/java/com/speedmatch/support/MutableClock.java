package com.speedmatch.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** Real time plus an offset that tests move forward, so timers fire without waiting for them. */
public class MutableClock extends Clock {

    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);
    private final AtomicReference<Instant> frozenAt = new AtomicReference<>();

    public void advance(Duration by) {
        offset.accumulateAndGet(by, Duration::plus);
        Instant frozen = frozenAt.get();
        if (frozen != null) {
            frozenAt.set(frozen.plus(by));
        }
    }

    /** Back to real time: between tests, so that no test inherits another's moved clock. */
    public void reset() {
        offset.set(Duration.ZERO);
        frozenAt.set(null);
    }

    /** Time stands still (but for {@link #advance}) until {@link #thaw()}: for rates per second. */
    public void freeze() {
        frozenAt.set(instant());
    }

    public void thaw() {
        frozenAt.set(null);
    }

    @Override
    public Instant instant() {
        Instant frozen = frozenAt.get();
        return frozen != null ? frozen : Instant.now().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
