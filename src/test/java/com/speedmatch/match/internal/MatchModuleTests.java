package com.speedmatch.match.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedmatch.call.CallService;
import com.speedmatch.call.CallViews;
import com.speedmatch.call.InstantCallWriter;
import com.speedmatch.match.Decision;
import com.speedmatch.match.MatchService;
import com.speedmatch.match.MatchViews;
import com.speedmatch.match.MessageSent;
import com.speedmatch.match.MessageViews;
import com.speedmatch.support.ModuleTest;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.AssertablePublishedEvents;

/**
 * The match module with the modules under it: two who both continue after their date are a match,
 * and a message between them is told to the other as MessageSent (what the feed and push hear).
 */
@ApplicationModuleTest(ApplicationModuleTest.BootstrapMode.ALL_DEPENDENCIES)
class MatchModuleTests extends ModuleTest {

    @Autowired
    InstantCallWriter writer;

    @Autowired
    CallService calls;

    @Autowired
    MatchService matches;

    @Autowired
    Messages messages;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void bothContinuingMakeAMatchWhoseMessagesAreTold(AssertablePublishedEvents events) {
        long anna = aUser(jdbc, "woman", "man");
        long ben = aUser(jdbc, "man", "woman");
        CallViews.LiveInstantCall call = writer.createInstantCall(anna, ben, 0.5, Instant.now(), Instant.now());
        calls.join(anna, call.videoSessionId());
        calls.join(ben, call.videoSessionId());
        calls.end(anna, call.videoSessionId());

        MatchViews.DecisionResult first =
                matches.decide(anna, new MatchViews.DecisionRequest(null, call.callSessionId(), Decision.CONTINUE));
        assertThat(first.mutualMatch()).isNull();
        MatchViews.DecisionResult second =
                matches.decide(ben, new MatchViews.DecisionRequest(null, call.callSessionId(), Decision.CONTINUE));
        assertThat(second.mutualMatch()).isNotNull();
        long matchId = jdbc.queryForObject(
                "select id from matches where user1_id = ? and user2_id = ?",
                Long.class,
                Math.min(anna, ben),
                Math.max(anna, ben));

        messages.send(anna, matchId, new MessageViews.Send("Same time tomorrow?", null));

        assertThat(events)
                .contains(MessageSent.class)
                .matching(
                        sent -> sent.toUserId() == ben && sent.message().text().equals("Same time tomorrow?"));
    }
}
