package com.speedmatch.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.speedmatch.platform.UserNews;
import com.speedmatch.support.Api;
import com.speedmatch.support.IntegrationTest;
import com.speedmatch.support.RowLocks;
import com.speedmatch.support.Users;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class PoolRaceTests extends IntegrationTest {

    @Autowired
    PairWriter writer;

    @Autowired
    MatchingSweeper sweeper;

    @Autowired
    DataSource dataSource;

    @Autowired
    UserNews news;

    /**
     * A pass took its snapshot before the two were kept apart (a block or a skip made during the
     * pass); writing its pair afterwards must not put them in a call.
     */
    @Test
    void aPairFromASnapshotTakenBeforeABlockIsNotWritten() {
        Users.User anna = users().aWoman().register();
        Users.User ben = users().aMan().register();
        jdbc.update("insert into exclusions (user_id, excluded_user_id, reason, created_at) values (?, ?, 'block', now()), (?, ?, 'block', now())",
                anna.id, ben.id, ben.id, anna.id);
        anna.startMatching();
        ben.startMatching();
        Instant now = clock.instant();
        Matchmaker.Pair fromOlderSnapshot = new Matchmaker.Pair(candidate(Math.min(anna.id, ben.id), now),
                candidate(Math.max(anna.id, ben.id), now), 0.9);

        assertThat(writer.write(fromOlderSnapshot, now.minusSeconds(15))).isFalse();
        assertThat(jdbc.queryForObject("select count(*) from live_calls where user_id in (?, ?)", Integer.class,
                anna.id, ben.id)).isZero();
    }

    /** The presence job never waits for a row another transaction holds (no part in a deadlock). */
    @Test
    void keepingParkedUsersPresentSkipsARowSomeoneHolds() throws Exception {
        Users.User anna = users().aWoman().interestedIn("nonbinary").register().startMatching();
        CompletableFuture<Api.Response> parked = CompletableFuture.supplyAsync(() -> anna.nextMatch(25));
        await().atMost(Duration.ofSeconds(5)).until(() -> news.parkedUsers(UserNews.Topic.MATCH).contains(anna.id));
        clock.advance(Duration.ofSeconds(5)); // her heartbeat is due
        try (var held = RowLocks.hold(dataSource,
                "select id from matching_sessions where user_id = ? and status <> 'ended' for update", anna.id)) {
            CompletableFuture<Void> job = CompletableFuture.runAsync(sweeper::keepParkedUsersPresent);
            await().atMost(Duration.ofSeconds(5)).until(job::isDone);
            assertThat(job).isCompleted();
        }
        anna.endMatching();
        assertThat(parked.get().status()).isEqualTo(200);
    }

    private static Matchmaker.Candidate candidate(long userId, Instant waitingSince) {
        return new Matchmaker.Candidate(userId, 1, 7, 30, 18, 99, new int[0], new int[0], 0.5, null, waitingSince);
    }
}
