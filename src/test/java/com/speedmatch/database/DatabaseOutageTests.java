package com.speedmatch.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.speedmatch.longpoll.Parking;
import com.speedmatch.support.Api;
import com.speedmatch.support.TestClockConfig;
import com.speedmatch.support.TestDatabase;
import com.speedmatch.support.Users;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The database goes away for real: connections to the application's database are refused and the
 * ones it holds are terminated. Requests must answer 503 with Retry-After within seconds, readiness
 * must turn DOWN, liveness must keep answering, a parked request must still be answered on time,
 * and everything must come back by itself once the database does. A database of its own, so that
 * no other test sees the outage.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(TestClockConfig.class)
@DirtiesContext
class DatabaseOutageTests {

    private static final String DATABASE = "outage_tests";

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    Parking news;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.Connection db = TestDatabase.get(DATABASE);
        registry.add("spring.datasource.url", db::url);
        registry.add("spring.datasource.username", db::username);
        registry.add("spring.datasource.password", db::password);
    }

    @Test
    void whileTheDatabaseIsAwayRequestsAnswer503ReadinessGoesDownLivenessStaysAndItAllComesBack() throws Exception {
        Api api = new Api("http://localhost:" + port);
        Api management = new Api("http://localhost:" + managementPort);
        Users.User anna =
                new Users(api).aWoman().interestedIn("nonbinary").register().startMatching();
        CompletableFuture<Api.Response> parked = CompletableFuture.supplyAsync(() -> anna.nextMatch(4));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> news.parkedUsers(Parking.Topic.MATCH).contains(anna.id));

        takeTheDatabaseAway();
        try {
            for (Supplier<Api.Response> request : List.<Supplier<Api.Response>>of(
                    () -> anna.get("/api/users/me"),
                    () -> anna.post("/api/continuous-matching/start", Map.of("min_age", 18, "max_age", 99)),
                    () -> api.post("/api/auth/login", null, Map.of("email", anna.email, "password", anna.password)))) {
                long started = System.nanoTime();
                Api.Response answer = request.get();
                long millis = (System.nanoTime() - started) / 1_000_000;
                System.out.printf("During the outage: %d in %d ms%n", answer.status(), millis);
                assertThat(answer.status()).as(answer.toString()).isEqualTo(503);
                assertThat(answer.contentType()).startsWith("application/problem+json");
                assertThat(answer.headers().firstValue("Retry-After")).isPresent();
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() ->
                            management.get("/actuator/health/readiness", null).status() == 503);

            long started = System.nanoTime();
            Api.Response liveness = management.send(
                    management.request("/actuator/health/liveness", null).timeout(Duration.ofSeconds(2)));
            System.out.printf(
                    "Liveness during the outage: %d in %d ms%n",
                    liveness.status(), (System.nanoTime() - started) / 1_000_000);
            assertThat(liveness.status()).isEqualTo(200);

            // Parked for 4 s before the outage: answered at its time (a problem, not a hang).
            Api.Response parkedAnswer = parked.get(10, TimeUnit.SECONDS);
            assertThat(parkedAnswer.status()).isIn(200, 503);
        } finally {
            bringTheDatabaseBack();
        }

        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> anna.get("/api/users/me").status() == 200);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> management.get("/actuator/health/readiness", null).status() == 200);
        assertThat(anna.startMatching().sessionId).isNotBlank();
    }

    private static void takeTheDatabaseAway() throws SQLException {
        try (Connection admin = admin()) {
            admin.createStatement().execute("alter database " + DATABASE + " allow_connections false");
            admin.createStatement()
                    .execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + DATABASE
                            + "' and pid <> pg_backend_pid()");
        }
    }

    private static void bringTheDatabaseBack() throws SQLException {
        try (Connection admin = admin()) {
            admin.createStatement().execute("alter database " + DATABASE + " allow_connections true");
        }
    }

    private static Connection admin() throws SQLException {
        TestDatabase.Connection main = TestDatabase.get();
        return DriverManager.getConnection(main.url(), main.username(), main.password());
    }
}
