package com.speedmatch.support;

import static org.awaitility.Awaitility.await;

import com.speedmatch.presence.Presence;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Full-stack tests over HTTP against real PostgreSQL. Every subclass shares one application
 * context (same configuration), so the suite starts Spring once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(TestClockConfig.class)
public abstract class IntegrationTest {

    @LocalServerPort
    protected int port;

    /** Health, info and metrics answer on a port of their own. */
    @LocalManagementPort
    protected int managementPort;

    @Autowired
    protected MutableClock clock;

    @Autowired
    private Presence presence;

    @Autowired
    protected JdbcTemplate jdbc;

    @Autowired
    MeterRegistry meters;

    protected Api api;

    protected Api management;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.Connection db = TestDatabase.get();
        registry.add("spring.datasource.url", db::url);
        registry.add("spring.datasource.username", db::username);
        registry.add("spring.datasource.password", db::password);
    }

    @BeforeEach
    void connectApi() {
        api = new Api("http://localhost:" + port);
        management = new Api("http://localhost:" + managementPort);
    }

    /** Every test starts on real time: a clock moved by an earlier test of the shared context is put back. */
    @BeforeEach
    void resetTheClock() {
        clock.reset();
    }

    @BeforeEach
    protected void emptyThePool() {
        emptyPool(jdbc);
    }

    /**
     * Every test starts with an empty pool: the matchmaker runs in the background for the whole
     * shared context, and a user left waiting by an earlier test must not become this test's date.
     */
    public static void emptyPool(JdbcTemplate jdbc) {
        jdbc.update("update matching_sessions set status = 'ended', ended_at = now() where status <> 'ended'");
        jdbc.update(
                "update video_sessions set status = 'cancelled', ended_at = now(), end_reason = 'user_left' where status in ('waiting', 'active')");
        jdbc.update("update instant_call_sessions set status = 'cancelled' where status in ('waiting', 'active')");
        jdbc.update("delete from live_calls");
    }

    /**
     * Waits (bounded) until the matchmaker has finished {@code passes} more passes than it had now.
     * The first may have begun before the caller's last change; every later one saw it. A negative
     * check ("these two are never paired") runs the job this way and then asserts, instead of
     * watching for a while and hoping a pass fell inside the window.
     */
    protected void awaitMatchmakerPasses(int passes) {
        long start = matchmakerPasses();
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> matchmakerPasses() >= start + passes);
    }

    /**
     * Waits (bounded) until every sighting noted so far is written: a sentinel noted now is written
     * by a batch that took everything noted before it. A test that sets presence by hand does this
     * first, so a batch still to come does not overwrite what it set.
     */
    protected void awaitPresenceWritten() {
        Users.User sentinel = users().aWoman().register();
        Instant noted = clock.instant().minusMillis(1);
        presence.seen(sentinel.id);
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> presence.lastSeen(sentinel.id)
                        .filter(seen -> seen.isAfter(noted))
                        .isPresent());
    }

    private long matchmakerPasses() {
        Timer ticks = meters.find("speedmatch.matchmaker.tick").timer();
        return ticks == null ? 0 : ticks.count();
    }

    protected Users users() {
        return new Users(api);
    }
}
