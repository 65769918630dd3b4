package com.speedmatch.pool;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedmatch.call.LeftPool;
import com.speedmatch.support.ModuleTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.AssertablePublishedEvents;

/** The pool alone: a user's exit is told to the call module as an event, not a call into it. */
@ApplicationModuleTest(ApplicationModuleTest.BootstrapMode.ALL_DEPENDENCIES)
class MatchingModuleTests extends ModuleTest {

    @Autowired
    MatchingService matching;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void leavingThePoolAsksTheCallModuleToCancelACallMadeInBetween(AssertablePublishedEvents events) {
        long cleo = aUser(jdbc, "woman", "woman");
        MatchingViews.SessionState started =
                matching.start(cleo, new MatchingViews.StartRequest(null, null, List.of(), null, null));
        matching.end(cleo, started.sessionId());
        assertThat(events)
                .contains(LeftPool.class)
                .matching(left -> left.userId() == cleo && left.includingActiveCall());
    }
}
