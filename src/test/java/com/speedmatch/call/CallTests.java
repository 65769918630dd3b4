package com.speedmatch.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.speedmatch.support.Api;
import com.speedmatch.support.Dates;
import com.speedmatch.support.IntegrationTest;
import com.speedmatch.support.Users;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CallTests extends IntegrationTest {

    @Test
    void aPairedCallIsReadJoinedAndEndedByBoth() {
        Dates.Date date = Dates.pair(users());
        JsonNode before = date.caller().call(date.videoSessionId()).json();
        assertThat(before.get("status").asString()).isEqualTo("waiting");
        assertThat(before.get("duration").asInt()).isEqualTo(180);
        assertThat(before.get("role").asString()).isEqualTo("caller");
        assertThat(before.get("call_session_id").asLong()).isEqualTo(date.callSessionId());
        assertThat(before.get("match_id").isNull()).isTrue();
        assertThat(before.get("participants")).hasSize(2);
        assertThat(date.callee().call(date.videoSessionId()).json().get("role").asString())
                .isEqualTo("callee");

        JsonNode firstJoin = date.caller().join(date.videoSessionId()).json();
        assertThat(firstJoin.get("timer_started").asBoolean()).isFalse();
        assertThat(firstJoin.get("message").asString()).isEqualTo("Waiting for other user");
        assertThat(date.caller().join(date.videoSessionId()).status()).isEqualTo(200); // twice is harmless
        JsonNode secondJoin = date.callee().join(date.videoSessionId()).json();
        assertThat(secondJoin.get("timer_started").asBoolean()).isTrue();
        Instant startedAt = Instant.parse(secondJoin.get("started_at").asString());
        assertThat(Instant.parse(secondJoin.get("ends_at").asString())).isEqualTo(startedAt.plusSeconds(180));

        JsonNode active = date.callee().call(date.videoSessionId()).json();
        assertThat(active.get("status").asString()).isEqualTo("active");
        assertThat(active.get("remaining_seconds").asLong()).isBetween(170L, 180L);
        assertThat(active.get("participants")
                        .valueStream()
                        .allMatch(p -> p.get("joined").asBoolean()))
                .isTrue();

        assertThat(date.caller()
                        .endCall(date.videoSessionId())
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("completed");
        assertThat(date.callee()
                        .call(date.videoSessionId())
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("completed");
        assertThat(jdbc.queryForObject(
                        "select count(*) from live_calls where user_id in (?, ?)",
                        Integer.class,
                        date.caller().id,
                        date.callee().id))
                .isZero();
        assertThat(jdbc.queryForObject(
                        "select call_completed from instant_call_sessions where id = ?",
                        Boolean.class,
                        date.callSessionId()))
                .isTrue();
        // Both are back in the pool, but not with each other (the recent-pair window).
        assertThat(date.caller().nextMatch().json().get("match_found").asBoolean())
                .isFalse();
        assertThat(jdbc.queryForObject(
                        "select count(*) from matching_sessions where user_id in (?, ?) and status = 'active'",
                        Integer.class,
                        date.caller().id,
                        date.callee().id))
                .isEqualTo(2);
    }

    @Test
    void anOutsiderIsRefusedOnEveryCallRouteAndChangesNothing() {
        Dates.Date date = Dates.pair(users());
        Users.User outsider = users().aMan().register();
        String id = date.videoSessionId();
        List<Api.Response> answers = List.of(
                outsider.call(id),
                outsider.join(id),
                outsider.endCall(id),
                outsider.signals(id, ""),
                outsider.signal(id, "offer", Map.of("sdp", "v=0")));
        assertThat(answers).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.contentType()).startsWith("application/problem+json");
        });
        JsonNode call = date.caller().call(id).json();
        assertThat(call.get("status").asString()).isEqualTo("waiting");
        assertThat(call.get("participants")
                        .valueStream()
                        .noneMatch(p -> p.get("joined").asBoolean()))
                .isTrue();
        assertThat(date.callee().signals(id, "").json().get("signals")).isEmpty();
        assertThat(outsider.call("00000000-0000-0000-0000-000000000000").status())
                .isEqualTo(404);
    }

    @Test
    void anActiveCallEndsByItselfWhenItsTimeIsUp() {
        Dates.Date date = Dates.joined(users());
        clock.advance(Duration.ofSeconds(180));
        await().atMost(Duration.ofSeconds(2))
                .until(() -> "completed"
                        .equals(jdbc.queryForObject(
                                "select status from video_sessions where session_id = ?::uuid",
                                String.class,
                                date.videoSessionId())));
        assertThat(jdbc.queryForMap(
                        "select status, call_completed from instant_call_sessions where id = ?", date.callSessionId()))
                .containsEntry("status", "completed")
                .containsEntry("call_completed", true);
        assertThat(jdbc.queryForObject(
                        "select end_reason from video_sessions where session_id = ?::uuid",
                        String.class,
                        date.videoSessionId()))
                .isEqualTo("time_up");
        assertThat(date.caller()
                        .call(date.videoSessionId())
                        .json()
                        .get("remaining_seconds")
                        .asLong())
                .isZero();
    }

    @Test
    void joiningOrSignalingPastTheEndIsRefusedEvenBeforeTheSweep() {
        Dates.Date date = Dates.joined(users());
        jdbc.update(
                "update video_sessions set ends_at = now() - interval '1 second' where session_id = ?::uuid",
                date.videoSessionId());
        // The sweep may or may not have run: either way the call is over.
        assertThat(date.caller()
                        .signal(date.videoSessionId(), "offer", Map.of("sdp", "v=0"))
                        .status())
                .isEqualTo(409);
        assertThat(date.caller().join(date.videoSessionId()).status()).isEqualTo(409);
        assertThat(date.caller()
                        .call(date.videoSessionId())
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("completed");
    }

    @Test
    void aCallNotJoinedByBothInTimeIsCancelledAndBothReturnToThePool() {
        Dates.Date date = Dates.pair(users());
        date.caller().join(date.videoSessionId());
        clock.advance(Duration.ofSeconds(31));
        date.caller().nextMatch();
        date.callee().nextMatch();
        await().atMost(Duration.ofSeconds(2))
                .until(() -> "cancelled"
                        .equals(jdbc.queryForObject(
                                "select status from video_sessions where session_id = ?::uuid",
                                String.class,
                                date.videoSessionId())));
        assertThat(jdbc.queryForObject(
                        "select end_reason from video_sessions where session_id = ?::uuid",
                        String.class,
                        date.videoSessionId()))
                .isEqualTo("join_timeout");
        assertThat(jdbc.queryForObject(
                        "select count(*) from live_calls where user_id in (?, ?)",
                        Integer.class,
                        date.caller().id,
                        date.callee().id))
                .isZero();
        JsonNode next = date.caller().nextMatch().json();
        assertThat(next.get("match_found").asBoolean()).isFalse();
        assertThat(next.get("message").asString()).isEqualTo("No active users found");
    }

    @Test
    void aCallWhoseOtherUserStoppedMatchingIsCancelledAndAnswers410() {
        Dates.Date date = Dates.pair(users());
        date.callee().endMatching();
        Api.Response gone = date.caller().call(date.videoSessionId());
        assertThat(gone.status()).isEqualTo(410);
        assertThat(gone.contentType()).startsWith("application/problem+json");
        assertThat(gone.json().get("detail").asString()).contains("no longer actively matching");
        assertThat(date.caller().call(date.videoSessionId()).status()).isEqualTo(410);
    }

    @Test
    void aCallUnseenForTheLivenessWindowIsCancelledWith410() {
        Dates.Date date = Dates.joined(users());
        awaitPresenceWritten();
        jdbc.update(
                "update presence set last_seen = last_seen - interval '31 minutes' where user_id = ?",
                date.callee().id);
        assertThat(date.caller().call(date.videoSessionId()).status()).isEqualTo(410);
        assertThat(jdbc.queryForObject(
                        "select status from video_sessions where session_id = ?::uuid",
                        String.class,
                        date.videoSessionId()))
                .isEqualTo("cancelled");
    }

    /**
     * Reading the call is a heartbeat for the reader only: the partner's presence is their own
     * (a partner who went silent pauses the date after the reconnect grace, docs/spec.md "The live date").
     */
    @Test
    void readingTheCallIsAHeartbeatForTheReaderOnly() {
        Dates.Date date = Dates.pair(users());
        awaitPresenceWritten();
        jdbc.update(
                "update presence set last_seen = now() - interval '10 seconds' where user_id in (?, ?)",
                date.caller().id,
                date.callee().id);
        date.caller().call(date.videoSessionId());
        // Written with the next presence batch (1 s); the partner's row is left as it was.
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> jdbc.queryForList("""
                select user_id from presence where user_id in (?, ?) and last_seen > now() - interval '5 seconds'
                """, Long.class, date.caller().id, date.callee().id)
                        .equals(List.of(date.caller().id)));
        date.callee().call(date.videoSessionId());
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> jdbc.queryForObject("""
                select count(*) from presence where user_id in (?, ?) and last_seen > now() - interval '5 seconds'
                """, Integer.class, date.caller().id, date.callee().id) == 2);
    }

    @Test
    void abandonedWaitingCallsAndStaleSessionsAreCleanedUp() {
        Dates.Date date = Dates.pair(users());
        Users.User idle =
                users().aNonbinaryPerson().interestedIn("nonbinary").register().startMatching();
        // Past the join timeout and the abandoned bound, and past the stale timeout for the idle user.
        jdbc.update(
                "update video_sessions set created_at = created_at - interval '6 minutes' where session_id = ?::uuid",
                date.videoSessionId());
        clock.advance(Duration.ofSeconds(31));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> !List.of("waiting")
                        .contains(jdbc.queryForObject(
                                "select status from video_sessions where session_id = ?::uuid",
                                String.class,
                                date.videoSessionId())));
        assertThat(jdbc.queryForObject(
                        "select status from video_sessions where session_id = ?::uuid",
                        String.class,
                        date.videoSessionId()))
                .isEqualTo("cancelled");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> "ended"
                        .equals(jdbc.queryForObject(
                                "select status from matching_sessions where session_id = ?::uuid",
                                String.class,
                                idle.sessionId)));
    }
}
