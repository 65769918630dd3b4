package com.speedmatch.safety;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedmatch.call.CallEnded;
import com.speedmatch.call.CallService;
import com.speedmatch.call.CallViews;
import com.speedmatch.call.EndReason;
import com.speedmatch.call.InstantCallWriter;
import com.speedmatch.support.ModuleTest;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.Scenario;

/**
 * The safety module with the call module under it: a block is told as KeptApart, and the call
 * between the two ends because of it, through the registry-backed handler.
 */
@ApplicationModuleTest(ApplicationModuleTest.BootstrapMode.ALL_DEPENDENCIES)
class SafetyModuleTests extends ModuleTest {

    @Autowired
    SafetyService safety;

    @Autowired
    InstantCallWriter writer;

    @Autowired
    CallService calls;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aBlockKeepsThePairApartAndEndsTheirDate(Scenario scenario) {
        long anna = aUser(jdbc, "woman", "man");
        long ben = aUser(jdbc, "man", "woman");
        CallViews.LiveInstantCall call = writer.createInstantCall(anna, ben, 0.5, Instant.now(), Instant.now());
        calls.join(anna, call.videoSessionId());
        calls.join(ben, call.videoSessionId());

        scenario.stimulate(() -> safety.block(anna, ben))
                .andWaitForEventOfType(CallEnded.class)
                .matching(ended -> ended.sessionId().equals(call.videoSessionId()))
                .toArriveAndVerify(ended -> {
                    assertThat(ended.reason()).isEqualTo(EndReason.BLOCKED);
                    assertThat(safety.isExcluded(anna, ben)).isTrue();
                    assertThat(safety.isExcluded(ben, anna)).isTrue();
                });
    }
}
