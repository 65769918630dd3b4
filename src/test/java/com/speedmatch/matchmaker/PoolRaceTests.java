package com.speedmatch.matchmaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.speedmatch.call.InstantCallWriter;
import com.speedmatch.longpoll.Parking;
import com.speedmatch.matchmaker.internal.Matchmaker;
import com.speedmatch.support.Api;
import com.speedmatch.support.IntegrationTest;
import com.speedmatch.support.RowLocks;
import com.speedmatch.support.Users;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Races between the matchmaker's writer and the pool: blocks, leaving and hanging up. */
class PoolRaceTests extends IntegrationTest {

    @Autowired
    PairWriter writer;

    @Autowired
    DataSource dataSource;

    @Autowired
    Parking news;

    @Autowired
    InstantCallWriter calls;

    /**
     * A pass took its snapshot before the two were kept apart (a block or a skip made during the
     * pass); writing its pair afterwards must not put them in a call.
     */
    @Test
    void aPairFromASnapshotTakenBeforeABlockIsNotWritten() {
        Users.User anna = users().aWoman().register();
        Users.User ben = users().aMan().register();
        jdbc.update(
                "insert into exclusions (user_id, excluded_user_id, reason, created_at) values (?, ?, 'block', now()), (?, ?, 'block', now())",
                anna.id,
                ben.id,
                ben.id,
                anna.id);
        anna.startMatching();
        ben.startMatching();
        Instant now = clock.instant();
        Matchmaker.Pair fromOlderSnapshot = new Matchmaker.Pair(
                candidate(Math.min(anna.id, ben.id), now), candidate(Math.max(anna.id, ben.id), now), 0.9);

        assertThat(writer.write(fromOlderSnapshot, now.minusSeconds(15))).isFalse();
        assertThat(jdbc.queryForObject(
                        "select count(*) from live_calls where user_id in (?, ?)", Integer.class, anna.id, ben.id))
                .isZero();
    }

    /**
     * Leaving the pool while the matchmaker pairs the user and the date hangs up, all at once (the
     * load driver's one 503 in 8,000 requests): end-matching found no call, then the matchmaker's
     * pair committed before end-matching got the session lock, and the date's hang-up holds that
     * call and wants the session (to return her to the pool). Ending must not lock the call while
     * holding the session: before the fix PostgreSQL broke a deadlock here and one side failed.
     */
    @Test
    void leavingThePoolAsTheMatchmakerPairsAndTheDateHangsUpDoesNotDeadlock() throws Exception {
        Users.User anna = users().aWoman().interestedIn("nonbinary").register().startMatching();
        Users.User ben = users().aMan().register();
        CompletableFuture<Api.Response> ending;
        UUID video;
        RowLocks.Held hangUp;
        try (var session = RowLocks.hold(
                dataSource,
                "select id from matching_sessions where user_id = ? and status <> 'ended' for update",
                anna.id)) {
            ending = CompletableFuture.supplyAsync(anna::endMatching);
            RowLocks.awaitWaitingIn(jdbc, "matching_sessions"); // it found no call and waits for her session
            // The matchmaker's pair commits in between, and her date starts hanging up: the call is held.
            video = calls.createInstantCall(anna.id, ben.id, 0.5, clock.instant(), clock.instant())
                    .videoSessionId();
            hangUp = RowLocks.hold(dataSource, "select id from video_sessions where session_id = ? for update", video);
        }
        try {
            // End-matching has her session now and comes for the call (before the fix, inside its transaction).
            RowLocks.awaitWaitingIn(jdbc, "video_sessions");
            // The hang-up returns her to the pool: it wants her session.
            CompletableFuture<Integer> returned = CompletableFuture.supplyAsync(() -> hangUp.execute(
                    "update matching_sessions set waiting_since = waiting_since where user_id = ?", anna.id));
            assertThat(returned.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        } finally {
            hangUp.close();
        }
        assertThat(ending.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
        // The call made in between is cancelled all the same, once her session is ended.
        await().atMost(Duration.ofSeconds(5))
                .until(() -> "cancelled"
                        .equals(jdbc.queryForObject(
                                "select status from video_sessions where session_id = ?", String.class, video)));
    }

    private static Matchmaker.Candidate candidate(long userId, Instant waitingSince) {
        return new Matchmaker.Candidate(userId, 1, 7, 30, 18, 99, new int[0], new int[0], 0.5, null, waitingSince);
    }
}
