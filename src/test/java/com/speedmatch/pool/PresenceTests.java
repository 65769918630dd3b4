package com.speedmatch.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.speedmatch.longpoll.UserNews;
import com.speedmatch.support.Api;
import com.speedmatch.support.IntegrationTest;
import com.speedmatch.support.RowLocks;
import com.speedmatch.support.Users;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Presence written in batches, by one job that never takes part in a deadlock. */
class PresenceTests extends IntegrationTest {

    @Autowired
    ParkedPresence presence;

    @Autowired
    DataSource dataSource;

    @Autowired
    UserNews news;

    /** The presence job never waits for a row another transaction holds (no part in a deadlock). */
    @Test
    void writingPresenceSkipsARowSomeoneHolds() throws Exception {
        Users.User anna = users().aWoman().interestedIn("nonbinary").register().startMatching();
        CompletableFuture<Api.Response> parked = CompletableFuture.supplyAsync(() -> anna.nextMatch(25));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> news.parkedUsers(UserNews.Topic.MATCH).contains(anna.id));
        clock.advance(Duration.ofSeconds(5)); // her heartbeat is due
        try (var held = RowLocks.hold(
                dataSource,
                "select id from matching_sessions where user_id = ? and status <> 'ended' for update",
                anna.id)) {
            CompletableFuture<Void> job = CompletableFuture.runAsync(presence::writePresence);
            await().atMost(Duration.ofSeconds(5)).until(job::isDone);
            assertThat(job).isCompleted();
        }
        anna.endMatching();
        assertThat(parked.get().status()).isEqualTo(200);
    }
}
