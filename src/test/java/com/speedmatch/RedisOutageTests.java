package com.speedmatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.speedmatch.support.Api;
import com.speedmatch.support.Dates;
import com.speedmatch.support.IntegrationTest;
import com.speedmatch.support.MutableClock;
import com.speedmatch.support.Node;
import com.speedmatch.support.TestRedis;
import com.speedmatch.support.Users;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Cluster mode with its Redis taken away for real: a Redis server of the test's own, stopped and
 * started again. What needs Redis answers 503 with Retry-After, what needs only PostgreSQL goes on,
 * readiness turns DOWN, nothing written to PostgreSQL is half-done, and it all recovers by itself.
 */
class RedisOutageTests {

    private static final long REDIS_TIMEOUT_MILLIS = 2_000;

    private final MutableClock clock = new MutableClock();
    private Process redis;
    private int port;
    private Node node;

    @BeforeEach
    void startRedisAndAnInstance() throws Exception {
        port = freePort();
        startRedis();
        node = Node.start(
                "redis_outage_tests", clock, "cluster.enabled=true", "spring.data.redis.url=redis://127.0.0.1:" + port);
        IntegrationTest.emptyPool(new JdbcTemplate(node.bean(DataSource.class)));
    }

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
        if (redis != null) {
            redis.destroyForcibly();
        }
    }

    @Test
    void withoutRedisWhatNeedsItAnswers503AndItAllComesBack() throws Exception {
        Users.User anna = new Users(node.api).aWoman().register().startMatching();
        Users.User ben = new Users(node.api).aMan().register().startMatching();
        String session = Dates.awaitMatch(anna).get("video_session_id").asString();
        anna.join(session);
        ben.join(session);
        assertThat(anna.signal(session, "offer", Map.of("sdp", "before")).status())
                .isEqualTo(202);

        redis.destroyForcibly().waitFor();
        try {
            for (Supplier<Api.Response> needsRedis : List.<Supplier<Api.Response>>of(
                    () -> anna.signal(session, "ice-candidate", Map.of("candidate", "during")),
                    () -> ben.signals(session, "after=0"),
                    () -> node.api.post(
                            "/api/auth/login", null, Map.of("email", anna.email, "password", anna.password)))) {
                long started = System.nanoTime();
                Api.Response answer = needsRedis.get();
                System.out.printf(
                        "Without Redis: %d in %d ms%n", answer.status(), (System.nanoTime() - started) / 1_000_000);
                assertThat(answer.status()).as(answer.toString()).isEqualTo(503);
                assertThat(answer.contentType()).startsWith("application/problem+json");
                assertThat(answer.headers().firstValue("Retry-After")).isPresent();
            }
            // What lives in PostgreSQL goes on, whole: the call ends for both.
            assertThat(anna.get("/api/users/me").status()).isEqualTo(200);
            assertThat(ben.endCall(session).status()).isEqualTo(200);
            assertThat(anna.call(session).json().get("status").asString()).isEqualTo("completed");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> node.management
                                    .get("/actuator/health/readiness", null)
                                    .status()
                            == 503);
            assertThat(node.management
                            .send(node.management
                                    .request("/actuator/health/liveness", null)
                                    .timeout(Duration.ofSeconds(2)))
                            .status())
                    .isEqualTo(200);
        } finally {
            startRedis();
        }

        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        node.management.get("/actuator/health/readiness", null).status() == 200);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> node.api
                                .post("/api/auth/login", null, Map.of("email", anna.email, "password", anna.password))
                                .status()
                        == 200);
        clock.advance(Duration.ofMinutes(11)); // past the recent-pair window: the two may meet again
        anna.startMatching();
        ben.startMatching();
        String next = Dates.awaitMatch(anna).get("video_session_id").asString();
        anna.join(next);
        ben.join(next);
        assertThat(anna.signal(next, "offer", Map.of("sdp", "after")).status()).isEqualTo(202);
        assertThat(ben.signals(next, "after=0").json().get("signals")).hasSize(1);
    }

    /**
     * A date needs only PostgreSQL to start and end: without Redis, joining and hanging up answer as
     * fast as ever (no Redis call waits its timeout while a database connection is held), and what
     * the feed could not store then arrives once Redis is back.
     */
    @Test
    void withoutRedisADateStillStartsAndEndsAtOnceAndItsNewsArrivesAfter() throws Exception {
        node.close();
        node = Node.start(
                "redis_outage_tests",
                clock,
                "cluster.enabled=true",
                "spring.data.redis.url=redis://127.0.0.1:" + port,
                "events.redelivery-after=1s",
                "events.redelivery-interval=500ms");
        Users.User anna = new Users(node.api).aWoman().register().startMatching();
        Users.User ben = new Users(node.api).aMan().register().startMatching();
        Dates.Date date = Dates.pair(anna, ben);
        long cursor = Dates.feedCursorOnce(ben, "match_found", null);

        redis.destroyForcibly().waitFor();
        try {
            long joinMillis = millis(
                            () -> assertThat(anna.join(date.videoSessionId()).status())
                                    .isEqualTo(200))
                    + millis(() ->
                            assertThat(ben.join(date.videoSessionId()).status()).isEqualTo(200));
            long hangUpMillis = millis(() ->
                    assertThat(anna.endCall(date.videoSessionId()).status()).isEqualTo(200));
            System.out.printf("Without Redis: two joins in %d ms, a hang-up in %d ms%n", joinMillis, hangUpMillis);
            // The defect was each waiting out Redis' 2 s command timeout with a connection held.
            assertThat(joinMillis).isLessThan(REDIS_TIMEOUT_MILLIS);
            assertThat(hangUpMillis).isLessThan(REDIS_TIMEOUT_MILLIS);
            assertThat(ben.call(date.videoSessionId()).json().get("status").asString())
                    .isEqualTo("completed");
        } finally {
            startRedis();
        }

        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    JsonNode events =
                            ben.get("/api/events?after=" + cursor).json().get("events");
                    assertThat(events.valueStream()
                                    .filter(e -> e.get("type").asString().equals("call"))
                                    .map(e -> e.get("data").get("status").asString()))
                            .contains("completed");
                });
    }

    private static long millis(Runnable request) {
        long started = System.nanoTime();
        request.run();
        return (System.nanoTime() - started) / 1_000_000;
    }

    private void startRedis() throws IOException, InterruptedException {
        File server = new File("/usr/bin/redis-server");
        String binary = server.canExecute() ? server.getPath() : "redis-server";
        try {
            redis = new ProcessBuilder(
                            binary,
                            "--port",
                            String.valueOf(port),
                            "--bind",
                            "127.0.0.1",
                            "--save",
                            "",
                            "--appendonly",
                            "no")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            if ("true".equalsIgnoreCase(System.getenv("REQUIRE_REDIS"))) {
                throw new IllegalStateException("redis-server is needed for this test (REQUIRE_REDIS=true)", e);
            }
            Assumptions.abort("No redis-server binary to stop and start: " + e.getMessage());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> TestRedis.answers("127.0.0.1", port));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
