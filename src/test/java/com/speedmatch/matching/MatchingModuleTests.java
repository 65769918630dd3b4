package com.speedmatch.matching;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedmatch.call.CallViews;
import com.speedmatch.support.ModuleTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.AssertablePublishedEvents;
import org.springframework.modulith.test.Scenario;

/** The pool alone: the matchmaker's pairs and a user's exit are told as events. */
@ApplicationModuleTest(ApplicationModuleTest.BootstrapMode.ALL_DEPENDENCIES)
class MatchingModuleTests extends ModuleTest {

    @Autowired
    MatchingService matching;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void twoCompatibleUsersInThePoolArePairedAndThePairIsPublished(Scenario scenario) {
        jdbc.update("update matching_sessions set status = 'ended', ended_at = now() where status <> 'ended'");
        long anna = aUser(jdbc, "woman", "man");
        long ben = aUser(jdbc, "man", "woman");
        scenario.stimulate(() -> {
            matching.start(anna, new MatchingViews.StartRequest(null, null, List.of(), null));
            matching.start(ben, new MatchingViews.StartRequest(null, null, List.of(), null));
        }).andWaitForEventOfType(PairsMade.class)
                .matching(made -> made.pairings().stream().anyMatch(p -> List.of(p.userA(), p.userB()).containsAll(List.of(anna, ben))))
                .toArrive();
    }

    @Test
    void leavingThePoolAsksTheCallModuleToCancelACallMadeInBetween(AssertablePublishedEvents events) {
        long cleo = aUser(jdbc, "woman", "woman");
        MatchingViews.SessionState started = matching.start(cleo, new MatchingViews.StartRequest(null, null, List.of(), null));
        matching.end(cleo, started.sessionId());
        assertThat(events).contains(CallViews.LeftPool.class)
                .matching(left -> left.userId() == cleo && left.includingActiveCall());
    }
}
