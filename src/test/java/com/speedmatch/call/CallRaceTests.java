package com.speedmatch.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.speedmatch.support.Api;
import com.speedmatch.support.Dates;
import com.speedmatch.support.IntegrationTest;
import com.speedmatch.support.RowLocks;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Each race is played in one order, made certain with a row lock: the sweep that applies a
 * deadline is held inside its transaction (it has locked the call and waits for the pairing row the
 * test holds), the user's request starts and queues behind it, then the test lets go. The user's
 * request must see the call as the sweep left it, never the copy it read before taking the lock.
 */
class CallRaceTests extends IntegrationTest {

    private static final String HOLD_PAIRING = "select id from instant_call_sessions where id = ? for update";

    @Autowired
    DataSource dataSource;

    @Autowired
    MeterRegistry meters;

    @Test
    void aJoinRacingTheJoinTimeoutNeverRevivesTheCancelledCall() throws Exception {
        Dates.Date date = Dates.pair(users());
        date.caller().join(date.videoSessionId());
        // The join-timeout sweep takes the call, then waits for the pairing row.
        Api.Response answer =
                racingTheSweep(date, Duration.ofSeconds(31), () -> date.callee().join(date.videoSessionId()));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(409);
        assertThat(jdbc.queryForObject(
                        "select status || '/' || end_reason from video_sessions where session_id = ?::uuid",
                        String.class,
                        date.videoSessionId()))
                .isEqualTo("cancelled/join_timeout");
        assertThat(jdbc.queryForObject(
                        "select count(*) from live_calls where user_id in (?, ?)",
                        Integer.class,
                        date.caller().id,
                        date.callee().id))
                .isZero();
    }

    @Test
    void hangingUpRacingTimeUpEndsTheCallOnce() throws Exception {
        Dates.Date date = Dates.joined(users());
        double endedBefore = timeUpCount();
        Api.Response answer = racingTheSweep(
                date, Duration.ofSeconds(180), () -> date.caller().endCall(date.videoSessionId()));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.json().get("status").asString()).isEqualTo("completed");
        assertThat(timeUpCount() - endedBefore).as("calls ended by time-up").isEqualTo(1.0);
    }

    @Test
    void aDecisionRacingTimeUpEndsTheCallOnce() throws Exception {
        Dates.Date date = Dates.joined(users());
        double endedBefore = timeUpCount();
        Api.Response answer = racingTheSweep(
                date, Duration.ofSeconds(180), () -> date.caller().decide(date.callSessionId(), "next"));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(timeUpCount() - endedBefore).as("calls ended by time-up").isEqualTo(1.0);
        assertThat(jdbc.queryForObject(
                        "select call_completed from instant_call_sessions where id = ?",
                        Boolean.class,
                        date.callSessionId()))
                .isTrue();
    }

    @Test
    void aCallThatCannotEndDoesNotHoldBackTheOthersDueWithIt() {
        Dates.Date stuck = Dates.joined(users());
        Dates.Date other = Dates.joined(users());
        long stuckId = jdbc.queryForObject(
                "select id from video_sessions where session_id = ?::uuid", Long.class, stuck.videoSessionId());
        jdbc.execute("""
                create or replace function refuse_to_end_for_test() returns trigger language plpgsql as $$
                begin
                  if new.id = %d and new.status <> 'active' then raise exception 'this call cannot end'; end if;
                  return new;
                end $$""".formatted(stuckId));
        jdbc.execute("create trigger refuse_to_end_for_test before update on video_sessions "
                + "for each row execute function refuse_to_end_for_test()");
        try {
            clock.advance(Duration.ofSeconds(180));
            await().atMost(Duration.ofSeconds(5)).until(() -> "completed".equals(status(other)));
            assertThat(status(stuck)).isEqualTo("active");
        } finally {
            jdbc.execute("drop trigger refuse_to_end_for_test on video_sessions");
            jdbc.execute("drop function refuse_to_end_for_test()");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> "completed".equals(status(stuck)));
    }

    /** The scheduled jobs share a pool: a cleanup job stuck on a lock does not hold back auto-end. */
    @Test
    void autoEndIsNotHeldBackByACleanupJobWaitingOnALock() {
        Dates.Date date = Dates.joined(users());
        var loner = users().aWoman().interestedIn("nonbinary").register().startMatching();
        try (var held = RowLocks.hold(
                dataSource,
                "select id from matching_sessions where user_id = ? and status <> 'ended' for update",
                loner.id)) {
            clock.advance(Duration.ofSeconds(40)); // the loner is stale: the cleanup job wants her row, and waits
            RowLocks.awaitWaiting(jdbc, 1);
            clock.advance(Duration.ofSeconds(140)); // the call is due
            await().atMost(Duration.ofSeconds(5)).until(() -> "completed".equals(status(date)));
        }
    }

    /**
     * Moves the clock by {@code advance} while the test holds the call's pairing row: the sweep that
     * applies the deadline locks the call and then waits for that row. The user's request starts
     * and queues behind the sweep; then the test lets go, and returns the request's answer.
     */
    private Api.Response racingTheSweep(Dates.Date date, Duration advance, Supplier<Api.Response> request)
            throws Exception {
        CompletableFuture<Api.Response> answer;
        try (var held = RowLocks.hold(dataSource, HOLD_PAIRING, date.callSessionId())) {
            clock.advance(advance);
            RowLocks.awaitWaiting(jdbc, 1);
            answer = async(request);
            RowLocks.awaitWaiting(jdbc, 2);
        }
        return answer.get(10, TimeUnit.SECONDS);
    }

    private String status(Dates.Date date) {
        return jdbc.queryForObject(
                "select status from video_sessions where session_id = ?::uuid", String.class, date.videoSessionId());
    }

    private double timeUpCount() {
        Counter counter =
                meters.find("speedmatch.calls.ended").tag("reason", "time_up").counter();
        return counter == null ? 0 : counter.count();
    }

    private static <T> CompletableFuture<T> async(Supplier<T> request) {
        return CompletableFuture.supplyAsync(request);
    }
}
