package com.speedmatch.feed;

import com.speedmatch.feed.internal.EventLog;
import com.speedmatch.feed.internal.InMemoryEventLog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class InMemoryEventLogContractTests extends EventLogContract {

    @Override
    EventLog log() {
        return new InMemoryEventLog(KEEP, clock, new SimpleMeterRegistry());
    }
}
