package com.speedmatch.call;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedmatch.call.internal.VideoSession;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class VideoSessionTests {

    static final Instant CREATED = Instant.parse("2026-11-28T21:00:00Z");

    /**
     * Ending reads the time before it waits for the call's lock; the load driver found a call that
     * the matchmaker created in that wait, cancelled with an end 6 ms before its start.
     */
    @Test
    void aCallCreatedWhileItsEnderWaitedForTheLockDoesNotEndBeforeItBegan() {
        VideoSession call = VideoSession.forMatch(1L, Duration.ofSeconds(180), CREATED);
        call.finish(CallStatus.CANCELLED, EndReason.USER_LEFT, CREATED.minusMillis(6));
        assertThat(call.getEndedAt()).isEqualTo(CREATED);
    }

    @Test
    void anActiveCallEndedLateEndsAtItsEnd() {
        VideoSession call = VideoSession.forMatch(1L, Duration.ofSeconds(180), CREATED);
        call.start(CREATED.plusSeconds(5));
        call.finish(CallStatus.COMPLETED, EndReason.TIME_UP, CREATED.plusSeconds(200));
        assertThat(call.getEndedAt()).isEqualTo(CREATED.plusSeconds(185));
    }
}
