package com.speedmatch.call;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedmatch.support.ModuleTest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.AssertablePublishedEvents;

/** The call module alone: what it tells the others happens through its events, nothing else. */
@ApplicationModuleTest(ApplicationModuleTest.BootstrapMode.ALL_DEPENDENCIES)
class CallModuleTests extends ModuleTest {

    @Autowired
    InstantCallWriter writer;

    @Autowired
    CallService calls;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aCallTellsItsStartAndItsEndAsEvents(AssertablePublishedEvents events) {
        long anna = aUser(jdbc, "woman", "man");
        long ben = aUser(jdbc, "man", "woman");
        CallViews.LiveInstantCall call = writer.createInstantCall(anna, ben, 0.5, Instant.now(), Instant.now());

        calls.join(anna, call.videoSessionId());
        assertThat(events.ofType(CallStarted.class)).isEmpty();
        calls.join(ben, call.videoSessionId());
        assertThat(events)
                .contains(CallStarted.class)
                .matching(started -> started.sessionId().equals(call.videoSessionId())
                        && started.userIds().containsAll(List.of(anna, ben))
                        && started.call().status() == CallStatus.ACTIVE);

        calls.end(ben, call.videoSessionId());
        assertThat(events)
                .contains(CallEnded.class)
                .matching(ended -> ended.sessionId().equals(call.videoSessionId())
                        && ended.reason() == EndReason.ENDED_BY_USER
                        && ended.call().status() == CallStatus.COMPLETED);
    }
}
