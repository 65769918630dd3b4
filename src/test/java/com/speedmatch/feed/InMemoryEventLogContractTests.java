package com.speedmatch.feed;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class InMemoryEventLogContractTests extends EventLogContract {

    @Override
    EventLog log() {
        return new InMemoryEventLog(KEEP, clock, new SimpleMeterRegistry());
    }
}
