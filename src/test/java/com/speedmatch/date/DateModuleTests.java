package com.speedmatch.date;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedmatch.call.CallService;
import com.speedmatch.call.CallViews;
import com.speedmatch.call.DatePrompts;
import com.speedmatch.call.InstantCallWriter;
import com.speedmatch.support.ModuleTest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.AssertablePublishedEvents;

/**
 * The date module with the call module under it: a call that starts gets its first icebreaker in
 * the same transaction, told to both as PromptShown, and the prompt the call's views show is it.
 */
@ApplicationModuleTest(ApplicationModuleTest.BootstrapMode.ALL_DEPENDENCIES)
class DateModuleTests extends ModuleTest {

    @Autowired
    InstantCallWriter writer;

    @Autowired
    CallService calls;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DatePrompts prompts;

    @Test
    void aCallThatStartsShowsBothTheFirstIcebreaker(AssertablePublishedEvents events) {
        long anna = aUser(jdbc, "woman", "man");
        long ben = aUser(jdbc, "man", "woman");
        CallViews.LiveInstantCall call = writer.createInstantCall(anna, ben, 0.5, Instant.now(), Instant.now());

        calls.join(anna, call.videoSessionId());
        assertThat(events.ofType(PromptShown.class)).isEmpty();
        calls.join(ben, call.videoSessionId());

        assertThat(events)
                .contains(PromptShown.class)
                .matching(shown -> shown.userIds().equals(List.of(Math.min(anna, ben), Math.max(anna, ben)))
                        && shown.prompt().sessionId().equals(call.videoSessionId())
                        && shown.prompt().slot() == 0);
        PromptShown shown = events.ofType(PromptShown.class).iterator().next();
        long videoSessionId = jdbc.queryForObject(
                "select id from video_sessions where session_id = ?", Long.class, call.videoSessionId());
        assertThat(prompts.current(videoSessionId))
                .hasValueSatisfying(prompt ->
                        assertThat(prompt.id()).isEqualTo(shown.prompt().promptId()));
    }
}
