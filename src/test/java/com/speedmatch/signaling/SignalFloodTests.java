package com.speedmatch.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedmatch.support.Api;
import com.speedmatch.support.Dates;
import com.speedmatch.support.IntegrationTest;
import com.speedmatch.support.Users;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The attack that ran the JVM out of heap: one pair of ordinary accounts making back-to-back match
 * calls, each filling both signal queues with 64 KiB signals. What it can queue is now bounded per
 * recipient across all their calls, and the match calls themselves are rate limited.
 */
class SignalFloodTests extends IntegrationTest {

    private static final long BOUND = 1 << 20; // signaling.max-queued-bytes-per-user

    @Autowired
    MeterRegistry meters;

    @Test
    void onePairReplayingTheQueueFloodStaysWithinItsBound() {
        Dates.Date date = Dates.pair(users());
        date.caller().endCall(date.videoSessionId());
        long matchId = jdbc.queryForObject("""
                insert into matches (user1_id, user2_id, status, created_at) values (?, ?, 'mutual', now()) returning id
                """, Long.class, date.caller().id, date.callee().id);
        String sdp = "x".repeat(65_000);
        double queuedBefore =
                meters.get("speedmatch.signals.queued.bytes").gauge().value();
        long acceptedBytes = 0;
        int calls = 0;
        int refusedCalls = 0;
        clock.freeze();
        try {
            for (int round = 0; round < 12; round++) {
                Api.Response call = date.caller().post("/api/matches/" + matchId + "/video-call", "");
                if (call.status() == 429) {
                    refusedCalls++;
                    continue;
                }
                calls++;
                String id = call.json().get("video_session_id").asString();
                date.caller().join(id);
                date.callee().join(id);
                for (Users.User sender : new Users.User[] {date.caller(), date.callee()}) {
                    for (int i = 0; i < 256; i++) {
                        if (i % 20 == 19) {
                            clock.advance(Duration.ofSeconds(1)); // stay under 20 signals a second
                        }
                        Api.Response sent = sender.signal(id, "offer", Map.of("sdp", sdp));
                        if (sent.status() != 202) {
                            assertThat(sent.status()).as(sent.toString()).isEqualTo(429);
                            break;
                        }
                        acceptedBytes += 65_000;
                    }
                }
                date.caller().endCall(id);
            }
        } finally {
            clock.thaw();
        }
        double queuedBytes =
                meters.get("speedmatch.signals.queued.bytes").gauge().value() - queuedBefore;
        System.gc();
        long heapUsed =
                Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        System.out.printf(
                "Signal flood by one pair: %d match calls (%d refused), %d KiB accepted, %.0f KiB queued, "
                        + "heap used after GC %d MiB%n",
                calls, refusedCalls, acceptedBytes / 1024, queuedBytes / 1024, heapUsed >> 20);

        assertThat(calls).isEqualTo(10);
        assertThat(refusedCalls).isEqualTo(2);
        // Both inboxes full, and not a byte more: before the bound this pair queued 16 MiB per call and side.
        assertThat(acceptedBytes).isLessThanOrEqualTo(2 * BOUND);
        assertThat(queuedBytes).isLessThanOrEqualTo(2.0 * BOUND);
    }
}
