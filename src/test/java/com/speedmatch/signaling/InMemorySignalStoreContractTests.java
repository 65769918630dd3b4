package com.speedmatch.signaling;

import com.speedmatch.signaling.internal.InMemorySignalStore;
import com.speedmatch.signaling.internal.SignalStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

class InMemorySignalStoreContractTests extends SignalStoreContract {

    private final AtomicLong ids = new AtomicLong(1000);

    @Override
    SignalStore store() {
        return new InMemorySignalStore(Clock.systemUTC(), new SimpleMeterRegistry());
    }

    @Override
    long ids() {
        return ids.incrementAndGet();
    }
}
