package com.speedmatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.speedmatch.call.internal.CallDeadlines;
import com.speedmatch.longpoll.Parking;
import com.speedmatch.news.News;
import com.speedmatch.news.NewsBus;
import com.speedmatch.support.Api;
import com.speedmatch.support.Dates;
import com.speedmatch.support.IntegrationTest;
import com.speedmatch.support.MutableClock;
import com.speedmatch.support.Node;
import com.speedmatch.support.SocketClient;
import com.speedmatch.support.TestRedis;
import com.speedmatch.support.Users;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Two instances in cluster mode on one PostgreSQL database and one Redis, driven over HTTP with
 * each user on one instance only: what one instance learns, the other's parked requests hear.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTests {

    private static final String DATABASE = "cluster_tests";

    static final MutableClock clock = new MutableClock();
    static final Duration TICK = Duration.ofSeconds(10);
    static Node one;
    static Node two;
    static JdbcTemplate jdbc;

    @BeforeAll
    static void startTwoInstances() {
        String redis = TestRedis.url(4);
        TestRedis.flush(redis);
        // A matchmaker tick far longer than any wait below: pairing must come from the wake-ups.
        String[] cluster = {
            "cluster.enabled=true", "spring.data.redis.url=" + redis, "matching.tick=" + TICK.toMillis() + "ms"
        };
        one = Node.start(DATABASE, clock, cluster);
        two = Node.start(DATABASE, clock, cluster);
        jdbc = new JdbcTemplate(one.bean(DataSource.class));
    }

    @AfterAll
    static void stop() {
        if (one != null) {
            one.close();
        }
        if (two != null) {
            two.close();
        }
    }

    @BeforeEach
    void emptyThePool() {
        IntegrationTest.emptyPool(jdbc);
    }

    @Test
    @Order(1)
    void aPairingMadeAfterAStartOnOneInstanceWakesTheParkedNextMatchOnTheOther() throws Exception {
        long[] crossNode = new long[5];
        long[] sameNode = new long[5];
        for (int i = 0; i < 5; i++) {
            crossNode[i] = pairingLatency(one, two);
            sameNode[i] = pairingLatency(one, one);
        }
        Arrays.sort(crossNode);
        Arrays.sort(sameNode);
        System.out.printf(
                "Cluster pairing news: parked next-match answered %d ms (median of 5) after the partner's "
                        + "start on the other instance, %d ms on the same instance: %.1fx%n",
                crossNode[2], sameNode[2], (double) crossNode[2] / Math.max(1, sameNode[2]));
        // The matchmaker's tick here is 10 s: every pairing above came from a wake-up, across instances too.
        assertThat(crossNode[4]).isLessThan(TICK.toMillis() / 2);
    }

    /**
     * The instance that holds the matchmaker's lock may be mid-pass when someone enters the pool on
     * another: the newcomer's instance loses the lock, so the holder must hear of the newcomer and
     * pass again, not a tick later.
     */
    @Test
    @Order(1)
    void aStartOnOneInstanceWakesTheMatchmakerOnTheOther() throws Exception {
        CountDownLatch heard = new CountDownLatch(1);
        one.bean(NewsBus.class).listen(News.Pool.class, pool -> heard.countDown());
        new Users(two.api).aMan().register().startMatching();
        assertThat(heard.await(5, TimeUnit.SECONDS))
                .as("instance one's matchmaker woken")
                .isTrue();
    }

    @Test
    @Order(2)
    void aSignalSentThroughOneInstanceWakesTheParkedReadOnTheOther() throws Exception {
        Date date = date();
        long crossNode = relayLatency(date.anna(), one, date.ben(), two, date.session());
        long sameNode = relayLatency(date.anna(), one, date.ben(), one, date.session());
        System.out.printf(
                "Cluster signal relay: %d ms from send on one instance to the parked read on the other "
                        + "(%d ms on the same instance)%n",
                crossNode, sameNode);
    }

    @Test
    @Order(3)
    void theAckCursorAndDeleteOnReadBehaveTheSameOnEitherInstance() {
        Date date = date();
        long first = send(date.anna(), one, date.session(), "first")
                .json()
                .get("seq")
                .asLong();
        send(date.anna(), one, date.session(), "second");
        assertThat(read(date.ben(), two, date.session(), "after=0").get("signals"))
                .hasSize(2);
        JsonNode acked = read(date.ben(), one, date.session(), "after=" + first);
        assertThat(acked.get("signals")).hasSize(1);
        assertThat(acked.get("signals").get(0).get("data").get("sdp").asString())
                .isEqualTo("second");
        assertThat(read(date.ben(), two, date.session(), "").get("signals")).hasSize(1); // taken
        assertThat(read(date.ben(), one, date.session(), "after=0").get("signals"))
                .isEmpty();
    }

    @Test
    @Order(4)
    void aCallEndedOnOneInstanceIsEndedOnTheOther() {
        Date date = date();
        assertThat(date.anna().post("/api/video/end-call/" + date.session(), "").status())
                .isEqualTo(200);
        Api.Response seen = on(date.ben(), two).get("/api/video/session/" + date.session());
        assertThat(seen.json().get("status").asString()).isEqualTo("completed");
        assertThat(send(date.ben(), two, date.session(), "late").status()).isEqualTo(409);
    }

    @Test
    @Order(5)
    void bothInstancesSweepButACallRunsOutOnce() {
        Date date = date();
        double before = timeUps(one) + timeUps(two);
        clock.advance(Duration.ofSeconds(181));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> "completed"
                        .equals(jdbc.queryForObject(
                                "select status from video_sessions where session_id = ?::uuid",
                                String.class,
                                date.session())));
        // Both sweep again, and neither ends it again.
        long videoSessionId = jdbc.queryForObject(
                "select id from video_sessions where session_id = ?::uuid", Long.class, date.session());
        for (Node node : List.of(one, two)) {
            CallDeadlines deadlines = node.bean(CallDeadlines.class);
            assertThat(deadlines.callsPastTheirEnd()).doesNotContain(videoSessionId);
            assertThat(deadlines.endIfPastItsEnd(videoSessionId)).isFalse();
        }
        assertThat(timeUps(one) + timeUps(two) - before).isEqualTo(1);
    }

    @Test
    @Order(6)
    void aBanOnOneInstanceRefusesTheUsersNextRequestOnTheOther() {
        Users.User ben = new Users(two.api).aMan().register();
        assertThat(ben.get("/api/users/me").status()).isEqualTo(200); // instance two now knows his account
        Users.User anna = new Users(one.api).aWoman().register();
        long reportId = jdbc.queryForObject("""
                insert into reports (reporter_id, reported_id, reason, created_at) values (?, ?, 'harassment', now()) returning id
                """, Long.class, anna.id, ben.id);
        Api.Response registered = one.api.post(
                "/api/auth/register",
                null,
                new Users(one.api)
                        .aNonbinaryPerson()
                        .withEmail("moderator@speedmatch.test")
                        .body());
        String moderator = registered.status() == 201
                ? registered.json().get("access_token").asString()
                : one.api
                        .post(
                                "/api/auth/login",
                                null,
                                Map.of("email", "moderator@speedmatch.test", "password", "correct horse battery"))
                        .json()
                        .get("access_token")
                        .asString();
        jdbc.update("update users set email_verified_at = now() where email_key = 'moderator@speedmatch.test'");

        assertThat(one.api
                        .post(
                                "/api/moderation/reports/" + reportId + "/resolve",
                                moderator,
                                Map.of("action", "ban", "note", "harassment"))
                        .status())
                .isEqualTo(200);

        // Instance two dropped what it knew at once: the very next request is refused.
        await().atMost(Duration.ofSeconds(2))
                .until(() -> ben.get("/api/users/me").status() == 403);
    }

    @Test
    @Order(7)
    void stoppingAnInstanceLosesNoQueuedSignalAndTheUserResumesOnTheOther() {
        Date date = date();
        long cursor = Dates.feedCursorOnce(on(date.anna(), one), "call", "active");
        SocketClient socket = SocketClient.as(date.anna(), one.api, cursor);
        send(date.ben(), two, date.session(), "for anna 1");
        send(date.ben(), one, date.session(), "for anna 2");
        one.close(); // anna's instance goes away, and her socket with it
        assertThat(socket.awaitClosed().code()).isNotEqualTo(1000);

        // Her app reconnects to the other instance from its cursor: both signals are there.
        try (SocketClient resumed = SocketClient.as(date.anna(), two.api, cursor)) {
            assertThat(resumed.first.get("reset").asBoolean()).isFalse();
            assertThat(resumed.first.get("events"))
                    .filteredOn(e -> e.get("type").asString().equals("signal"))
                    .extracting(e -> e.get("data").get("data").get("sdp").asString())
                    .containsExactly("for anna 1", "for anna 2");
        }

        JsonNode current =
                on(date.anna(), two).get("/api/continuous-matching/current").json();
        assertThat(current.get("live_call").get("video_session_id").asString()).isEqualTo(date.session());
        JsonNode signals = read(date.anna(), two, date.session(), "after=0");
        assertThat(signals.get("signals"))
                .extracting(s -> s.get("data").get("sdp").asString())
                .containsExactly("for anna 1", "for anna 2");
    }

    /** Hundreds of news from another instance are heard on the relay's few threads, not a new thread each. */
    @Test
    @Order(6)
    void newsFromAnotherInstanceIsHeardOnAFewThreadsNotOneThreadPerMessage() {
        int messages = 300;
        Set<String> threads = ConcurrentHashMap.newKeySet();
        AtomicInteger heard = new AtomicInteger();
        two.bean(NewsBus.class).listen(News.Account.class, account -> {
            if (account.userId() >= 9_000_000_000L) {
                threads.add(Thread.currentThread().getName());
                heard.incrementAndGet();
            }
        });
        StringRedisTemplate redis = one.bean(StringRedisTemplate.class);
        for (int i = 0; i < messages; i++) {
            redis.convertAndSend(
                    "speedmatch:news",
                    "{\"from\":\"another-instance\",\"news\":{\"type\":\"account\",\"user_id\":" + (9_000_000_000L + i)
                            + "}}");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> heard.get() == messages);
        assertThat(threads).hasSizeLessThanOrEqualTo(2).allMatch(name -> name.startsWith("news-listener-"));
    }

    // --- the journey, each user on the instance a test puts them on ---

    record Date(Users.User anna, Users.User ben, String session) {}

    /** Anna on instance one and Ben on instance two, paired and both joined. */
    private static Date date() {
        Users.User anna = new Users(one.api).aWoman().register().startMatching();
        Users.User ben = new Users(two.api).aMan().register().startMatching();
        String session = Dates.awaitMatch(anna).get("video_session_id").asString();
        Dates.awaitMatch(ben);
        anna.join(session);
        ben.join(session);
        return new Date(anna, ben, session);
    }

    /** docs/spec.md "One feed of news" in cluster mode: the feed lives in Redis, the wake-up on the news channel. */
    @Test
    @Order(3)
    void aFeedParkedOnOneInstanceHearsASignalSentOnTheOtherAndAcknowledgesItThere() throws Exception {
        Date date = date();
        Users.User ben = on(date.ben(), two);
        long cursor = Dates.feedCursorOnce(ben, "call", "active");
        CompletableFuture<Api.Response> parked =
                CompletableFuture.supplyAsync(() -> ben.get("/api/events?after=" + cursor + "&wait=25"));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> two.bean(Parking.class)
                        .parkedUsers(Parking.Topic.EVENTS)
                        .contains(ben.id));
        long started = System.nanoTime();
        long seq = send(date.anna(), one, date.session(), "through the feed")
                .json()
                .get("seq")
                .asLong();
        JsonNode events = parked.get(5, TimeUnit.SECONDS).json().get("events");
        System.out.printf(
                "Cluster feed: %d ms from a send on one instance to the parked feed on the other%n",
                (System.nanoTime() - started) / 1_000_000);
        JsonNode signal = events.get(events.size() - 1);
        assertThat(signal.get("type").asString()).isEqualTo("signal");
        assertThat(signal.get("data").get("seq").asLong()).isEqualTo(seq);
        assertThat(signal.get("data").get("data").get("sdp").asString()).isEqualTo("through the feed");

        // Acknowledged through the feed on the first instance, it is gone from the call's queue on both.
        on(date.ben(), one).get("/api/events?after=" + signal.get("seq").asLong());
        assertThat(read(date.ben(), two, date.session(), "after=0").get("signals"))
                .isEmpty();
    }

    /** docs/spec.md "The feed over a WebSocket": a socket on one instance gets news from every instance. */
    @Test
    @Order(4)
    void aSocketOnOneInstanceHearsASignalSentOnTheOther() {
        Date date = date();
        long cursor = Dates.feedCursorOnce(on(date.ben(), two), "call", "active");
        try (SocketClient socket = SocketClient.as(date.ben(), two.api, cursor)) {
            long started = System.nanoTime();
            long seq = send(date.anna(), one, date.session(), "through the socket")
                    .json()
                    .get("seq")
                    .asLong();
            JsonNode signal = null;
            while (signal == null) {
                for (JsonNode event : socket.next("events").get("events")) {
                    if (event.get("type").asString().equals("signal")) {
                        signal = event;
                    }
                }
            }
            System.out.printf(
                    "Cluster socket: %d ms from a send on one instance to the socket on the other%n",
                    (System.nanoTime() - started) / 1_000_000);
            assertThat(signal.get("data").get("seq").asLong()).isEqualTo(seq);
            assertThat(signal.get("data").get("data").get("sdp").asString()).isEqualTo("through the socket");

            // Acknowledged on the socket, it is gone from the call's queue on both instances.
            socket.send(Map.of("type", "ack", "after", signal.get("seq").asLong()));
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(read(date.ben(), one, date.session(), "after=0")
                                    .get("signals"))
                            .isEmpty());
        }
    }

    private static long pairingLatency(Node annasNode, Node bensNode) throws Exception {
        Users.User anna = new Users(annasNode.api).aWoman().register().startMatching();
        CompletableFuture<Api.Response> parked = CompletableFuture.supplyAsync(() -> anna.nextMatch(25));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> annasNode
                        .bean(Parking.class)
                        .parkedUsers(Parking.Topic.MATCH)
                        .contains(anna.id));
        Users.User ben = new Users(bensNode.api).aMan().register();
        long started = System.nanoTime();
        ben.startMatching();
        // Answered by the news, well before the 25 s wait runs out.
        Api.Response answer = parked.get(5, TimeUnit.SECONDS);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(answer.json().get("match_data").get("user_id").asLong()).isEqualTo(ben.id);
        on(ben, bensNode).post("/api/continuous-matching/end", Map.of("session_id", ben.sessionId));
        on(anna, annasNode).post("/api/continuous-matching/end", Map.of("session_id", anna.sessionId));
        return millis;
    }

    private static long relayLatency(
            Users.User sender, Node sendersNode, Users.User reader, Node readersNode, String session) throws Exception {
        Users.User parkedReader = on(reader, readersNode);
        long last =
                read(reader, readersNode, session, "after=0").get("last_seq").asLong();
        CompletableFuture<Api.Response> parked =
                CompletableFuture.supplyAsync(() -> parkedReader.signals(session, "after=" + last + "&wait=25"));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> readersNode
                        .bean(Parking.class)
                        .parkedUsers(Parking.Topic.SIGNAL)
                        .contains(reader.id));
        long started = System.nanoTime();
        send(sender, sendersNode, session, "relayed");
        Api.Response answer = parked.get(5, TimeUnit.SECONDS);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(answer.json().get("signals").get(0).get("data").get("sdp").asString())
                .isEqualTo("relayed");
        read(
                reader,
                readersNode,
                session,
                "after=" + answer.json().get("last_seq").asLong());
        return millis;
    }

    private static Api.Response send(Users.User user, Node node, String session, String sdp) {
        return on(user, node).signal(session, "offer", Map.of("sdp", sdp));
    }

    private static JsonNode read(Users.User user, Node node, String session, String query) {
        return on(user, node).signals(session, query).json();
    }

    /** The same user, talking to {@code node}. */
    private static Users.User on(Users.User user, Node node) {
        return user.via(node.api);
    }

    private static double timeUps(Node node) {
        if (!node.isRunning()) {
            return 0;
        }
        Counter counter = node.bean(MeterRegistry.class)
                .find("speedmatch.calls.ended")
                .tag("reason", "time_up")
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
