package com.speedmatch.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.speedmatch.support.Api;
import com.speedmatch.support.Dates;
import com.speedmatch.support.TestClockConfig;
import com.speedmatch.support.TestDatabase;
import com.speedmatch.support.Users;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.netcrusher.core.reactor.NioReactor;
import org.netcrusher.tcp.TcpCrusher;
import org.netcrusher.tcp.TcpCrusherBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * PostgreSQL freezes (netcrusher, a TCP proxy between the service and the database, stops passing
 * bytes with every socket left open: a stalled disk, a paused VM, a partition) for 15 s in the middle
 * of a date.
 * Every request that needs the database must be refused with a 503 problem and Retry-After within
 * 6 s, never left hanging; readiness goes DOWN and liveness stays UP; once the database answers
 * again the service serves within 15 s without a restart, and the date's signals are still there.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(TestClockConfig.class)
@DirtiesContext
class DatabaseFreezeTests {

    private static final String DATABASE = "freeze_tests";
    private static final NioReactor REACTOR;
    private static final TcpCrusher CRUSHER;

    static {
        TestDatabase.Connection db = TestDatabase.get(DATABASE);
        URI target = URI.create(db.url().substring("jdbc:".length()));
        try {
            REACTOR = new NioReactor();
            CRUSHER = TcpCrusherBuilder.builder()
                    .withReactor(REACTOR)
                    .withBindAddress("127.0.0.1", freePort())
                    .withConnectAddress(target.getHost(), target.getPort())
                    .buildAndOpen();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.Connection db = TestDatabase.get(DATABASE);
        String proxied = db.url()
                .replaceFirst(
                        "//[^/]+/", "//127.0.0.1:" + CRUSHER.getBindAddress().getPort() + "/");
        registry.add("spring.datasource.url", () -> proxied);
        registry.add("spring.datasource.username", db::username);
        registry.add("spring.datasource.password", db::password);
    }

    @AfterAll
    static void close() {
        CRUSHER.close();
        REACTOR.close();
    }

    @Test
    void aFrozenDatabaseGets503sWithinSixSecondsAndTheDateKeepsItsSignals() throws Exception {
        Api api = new Api("http://localhost:" + port);
        Api management = new Api("http://localhost:" + managementPort);
        Dates.Date date = Dates.joined(new Users(api));
        Users.User caller = date.caller();
        Users.User callee = date.callee();
        caller.signal(date.videoSessionId(), "offer", Map.of("sdp", "v=0 before the freeze"));

        CRUSHER.freeze();
        // The fault lasts 15 s, whatever the assertions below take.
        AtomicLong thawedAt = new AtomicLong();
        CompletableFuture<Void> thaw = CompletableFuture.runAsync(
                () -> {
                    CRUSHER.unfreeze();
                    thawedAt.set(System.nanoTime());
                },
                CompletableFuture.delayedExecutor(15, TimeUnit.SECONDS));
        List<Long> answeredInMillis = new ArrayList<>();
        try {
            List<CompletableFuture<Api.Response>> during = new ArrayList<>();
            for (Supplier<Api.Response> request : List.<Supplier<Api.Response>>of(
                    () -> caller.get("/api/matches"),
                    () -> callee.get("/api/matches"),
                    () -> caller.post("/api/video/end-call/" + date.videoSessionId(), ""),
                    () -> callee.post("/api/continuous-matching/start", Map.of("min_age", 18, "max_age", 99)),
                    () -> api.post(
                            "/api/auth/login", null, Map.of("email", caller.email, "password", caller.password)))) {
                during.add(CompletableFuture.supplyAsync(() -> {
                    long started = System.nanoTime();
                    Api.Response answer;
                    try {
                        answer = request.get();
                    } catch (RuntimeException e) {
                        answer = new Api.Response(599, null, e.toString());
                    }
                    synchronized (answeredInMillis) {
                        answeredInMillis.add((System.nanoTime() - started) / 1_000_000);
                    }
                    return answer;
                }));
            }
            for (CompletableFuture<Api.Response> answer : during) {
                Api.Response response = answer.get(12, TimeUnit.SECONDS);
                assertThat(response.status()).as(response.toString()).isEqualTo(503);
                assertThat(response.headers().firstValue("Retry-After")).isPresent();
            }
            System.out.printf("Answers during the freeze, in ms: %s%n", answeredInMillis);
            assertThat(answeredInMillis).allSatisfy(millis -> assertThat(millis).isLessThanOrEqualTo(6_000));

            await().atMost(Duration.ofSeconds(10))
                    .until(() ->
                            management.get("/actuator/health/readiness", null).status() == 503);
            Api.Response liveness = management.send(
                    management.request("/actuator/health/liveness", null).timeout(Duration.ofSeconds(2)));
            assertThat(liveness.status()).isEqualTo(200);
        } finally {
            thaw.get(30, TimeUnit.SECONDS);
        }

        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> caller.get("/api/matches").status() == 200);
        System.out.printf(
                "Serving again %d ms after the database answered%n", (System.nanoTime() - thawedAt.get()) / 1_000_000);
        await().atMost(Duration.ofSeconds(15))
                .until(() -> management.get("/actuator/health/readiness", null).status() == 200);
        assertThat(callee.signals(date.videoSessionId(), "after=0")
                        .json()
                        .get("signals")
                        .toString())
                .contains("before the freeze");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
