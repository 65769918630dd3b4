package com.speedmatch.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedmatch.call.CallService;
import com.speedmatch.call.CallViews;
import com.speedmatch.call.InstantCallWriter;
import com.speedmatch.signaling.internal.SignalService;
import com.speedmatch.support.ModuleTest;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.AssertablePublishedEvents;
import tools.jackson.databind.json.JsonMapper;

/** Signaling alone: a signal is queued for the other participant and announced as SignalQueued. */
@ApplicationModuleTest(ApplicationModuleTest.BootstrapMode.ALL_DEPENDENCIES)
class SignalingModuleTests extends ModuleTest {

    @Autowired
    InstantCallWriter writer;

    @Autowired
    CallService calls;

    @Autowired
    SignalService signals;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aSignalIsQueuedForThePartnerAndAnnounced(AssertablePublishedEvents events) {
        long anna = aUser(jdbc, "woman", "man");
        long ben = aUser(jdbc, "man", "woman");
        CallViews.LiveInstantCall call = writer.createInstantCall(anna, ben, 0.5, Instant.now(), Instant.now());
        calls.join(anna, call.videoSessionId());
        calls.join(ben, call.videoSessionId());

        long seq = signals.send(
                anna,
                new SignalViews.SendSignal(
                        call.videoSessionId(),
                        SignalType.OFFER,
                        JsonMapper.builder().build().readTree("{\"sdp\":\"v=0\"}"),
                        null));

        assertThat(events)
                .contains(SignalQueued.class)
                .matching(queued -> queued.toUserId() == ben
                        && queued.event().seq() == seq
                        && queued.event().fromUserId() == anna);
        assertThat(signals.read(ben, call.videoSessionId(), null).signals())
                .singleElement()
                .satisfies(signal -> assertThat(signal.data()).contains("v=0"));
    }
}
