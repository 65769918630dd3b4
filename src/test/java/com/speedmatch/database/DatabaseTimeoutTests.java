package com.speedmatch.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.speedmatch.support.Api;
import com.speedmatch.support.Dates;
import com.speedmatch.support.IntegrationTest;
import com.speedmatch.support.RowLocks;
import com.speedmatch.support.Users;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import javax.sql.DataSource;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.test.context.TestPropertySource;

/**
 * Every connection carries a lock wait bound and a statement bound: a request stuck behind a row
 * lock, or a statement that runs too long, ends in a 503 with Retry-After within that bound rather
 * than after the 30 s socket timeout.
 */
@TestPropertySource(
        properties = {
            "database.lock-timeout=1s",
            "database.statement-timeout=2s",
            "events.redelivery-after=0s",
            "events.redelivery-interval=200ms"
        })
class DatabaseTimeoutTests extends IntegrationTest {

    @Autowired
    DataSource dataSource;

    @Test
    void everyConnectionCarriesTheConfiguredBounds() {
        assertThat(jdbc.queryForObject("show lock_timeout", String.class)).isEqualTo("1s");
        assertThat(jdbc.queryForObject("show statement_timeout", String.class)).isEqualTo("2s");
    }

    @Test
    void aRequestBehindAHeldRowLockIsRefusedWithA503WithinTheLockTimeout() {
        Users.User anna = users().aWoman().register();
        try (RowLocks.Held held = RowLocks.hold(dataSource, "select * from users where id = ? for update", anna.id)) {
            Instant asked = Instant.now();
            Api.Response response = api.patch("/api/users/me", anna.token, Map.of("bio", "Held up"));
            Duration took = Duration.between(asked, Instant.now());

            assertThat(response.status()).as(response.toString()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(took).isLessThan(Duration.ofSeconds(5));
        }
        assertThat(jdbc.queryForObject("select bio from users where id = ?", String.class, anna.id))
                .isNotEqualTo("Held up");
    }

    @Test
    void aBlockWhoseCallCouldNotBeEndedAtOnceEndsItFromTheRegistryOnceTheLockIsGone() {
        Dates.Date date = Dates.joined(users());
        try (RowLocks.Held held = RowLocks.hold(
                dataSource,
                "select * from video_sessions where session_id = ?::uuid for update",
                date.videoSessionId())) {
            Api.Response blocked = date.caller().post("/api/users/" + date.callee().id + "/block", "");
            assertThat(blocked.status()).as(blocked.toString()).isEqualTo(200);
            assertThat(callStatus(date)).isEqualTo("active");
        }
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> callStatus(date).equals("completed"));
    }

    private String callStatus(Dates.Date date) {
        return jdbc.queryForObject(
                "select status from video_sessions where session_id = ?::uuid", String.class, date.videoSessionId());
    }

    @Test
    void aStatementThatRunsPastTheStatementTimeoutIsCancelled() {
        Instant asked = Instant.now();
        Assertions.assertThatThrownBy(() -> jdbc.execute("select pg_sleep(5)"))
                .isInstanceOf(QueryTimeoutException.class);
        assertThat(Duration.between(asked, Instant.now())).isLessThan(Duration.ofSeconds(4));
    }
}
