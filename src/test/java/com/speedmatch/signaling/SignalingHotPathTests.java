package com.speedmatch.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedmatch.support.Dates;
import com.speedmatch.support.IntegrationTest;
import com.speedmatch.support.RoundTrips;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

/**
 * ARCHITECTURE "Hot paths": sending and reading signals is most of a call's traffic; each costs at
 * most one database round trip (who is in the call is cached; only whether it is over is read),
 * in autocommit, with no write. The counts are printed so a regression shows what it added.
 */
@Import(RoundTrips.class)
class SignalingHotPathTests extends IntegrationTest {

    @Autowired
    RoundTrips roundTrips;

    @Test
    void sendingAndReadingASignalCostOneRoundTripEach() {
        Dates.Date date = Dates.joined(users());
        String id = date.videoSessionId();
        date.caller().signal(id, "offer", Map.of("sdp", "warm"));
        date.callee().signals(id, "after=0");

        roundTrips.reset();
        assertThat(date.caller().signal(id, "ice-candidate", Map.of("candidate", "c1")).status()).isEqualTo(202);
        List<String> send = roundTrips.sent();

        roundTrips.reset();
        assertThat(date.callee().signals(id, "after=0").status()).isEqualTo(200);
        List<String> read = roundTrips.sent();

        System.out.printf("Round trips: send-signal %d %s; signals %d %s%n", send.size(), send, read.size(), read);
        assertThat(send).hasSizeLessThanOrEqualTo(1);
        assertThat(read).hasSizeLessThanOrEqualTo(1);
    }
}
