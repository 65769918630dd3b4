package com.speedmatch.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.speedmatch.longpoll.Parking;
import com.speedmatch.support.Api;
import com.speedmatch.support.Dates;
import com.speedmatch.support.IntegrationTest;
import com.speedmatch.support.Users;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import tools.jackson.databind.JsonNode;

class MatchingFlowTests extends IntegrationTest {

    @Autowired
    Parking news;

    @Test
    void twoUsersWhoStartMatchingLandInTheSameVideoSession() {
        Users.User anna = users().aWoman()
                .named("Anna")
                .aged(29)
                .interests("jazz", "chess")
                .register()
                .startMatching();
        Users.User ben = users().aMan()
                .named("Ben")
                .aged(31)
                .interests("jazz")
                .register()
                .startMatching();

        JsonNode annaMatch = awaitMatch(anna);
        JsonNode benMatch = awaitMatch(ben);
        assertThat(annaMatch.get("video_session_id")).isEqualTo(benMatch.get("video_session_id"));
        assertThat(annaMatch.get("call_session_id")).isEqualTo(benMatch.get("call_session_id"));
        assertThat(annaMatch.get("user_id").asLong()).isEqualTo(ben.id);
        assertThat(annaMatch.get("user_name").asString()).isEqualTo("Ben");
        assertThat(annaMatch.get("user_age").asInt()).isEqualTo(31);
        assertThat(annaMatch.get("user_interests").get(0).asString()).isEqualTo("jazz");
        assertThat(annaMatch.get("user_bio").asString()).isNotBlank();
        assertThat(annaMatch.get("compatibility_score").asDouble()).isBetween(0.0, 1.0);
        assertThat(annaMatch.get("is_actual_match").asBoolean()).isFalse();
        assertThat(benMatch.get("user_name").asString()).isEqualTo("Anna");
    }

    @Test
    void aSessionThatIsNotActiveSaysSoInTheGuidesWords() {
        Users.User anna = users().aWoman().register().startMatching();
        anna.post("/api/continuous-matching/pause", Map.of("session_id", anna.sessionId));
        JsonNode answer = anna.nextMatch().json();
        assertThat(answer.get("match_found").asBoolean()).isFalse();
        assertThat(answer.get("message").asString()).isEqualTo("Not actively matching");
        assertThat(answer.has("match_data")).isFalse();
    }

    @Test
    void noMatchYetIsAnsweredPlainly() {
        Users.User anna = users().aWoman().register().startMatching();
        JsonNode answer = anna.nextMatch().json();
        assertThat(answer.get("match_found").asBoolean()).isFalse();
        assertThat(answer.get("message").asString()).isEqualTo("No active users found");
    }

    @Test
    void aSecondStartEndsTheFirstSession() {
        Users.User anna = users().aWoman().register().startMatching();
        String first = anna.sessionId;
        anna.startMatching();
        assertThat(anna.get("/api/continuous-matching/session/" + first)
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("ended");
        assertThat(jdbc.queryForObject(
                        "select count(*) from matching_sessions where user_id = ? and status <> 'ended'",
                        Integer.class,
                        anna.id))
                .isEqualTo(1);
    }

    @Test
    void someoneElsesSessionIsNotFound() {
        Users.User anna = users().aWoman().register().startMatching();
        Users.User mallory = users().aMan().register();
        for (Api.Response response : List.of(
                mallory.get("/api/continuous-matching/session/" + anna.sessionId),
                mallory.get("/api/continuous-matching/next-match?session_id=" + anna.sessionId),
                mallory.post("/api/continuous-matching/end", Map.of("session_id", anna.sessionId)),
                mallory.post("/api/continuous-matching/heartbeat", Map.of("session_id", anna.sessionId)))) {
            assertThat(response.status()).isEqualTo(404);
        }
        assertThat(anna.get("/api/continuous-matching/session/" + anna.sessionId)
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("active");
    }

    @Test
    void sessionReportsPreferencesHeartbeatAndExclusions() {
        Users.User anna = users().aWoman()
                .register()
                .startMatching(Map.of(
                        "min_age",
                        25,
                        "max_age",
                        35,
                        "preferred_interests",
                        List.of("jazz"),
                        "personality_weight",
                        0.3));
        JsonNode session =
                anna.get("/api/continuous-matching/session/" + anna.sessionId).json();
        assertThat(session.get("min_age").asInt()).isEqualTo(25);
        assertThat(session.get("max_age").asInt()).isEqualTo(35);
        assertThat(session.get("preferred_interests").get(0).asString()).isEqualTo("jazz");
        assertThat(session.get("personality_weight").asDouble()).isEqualTo(0.3);
        assertThat(session.get("exclusion_count").asLong()).isZero();
        Api.Response heartbeat = anna.post("/api/continuous-matching/heartbeat", Map.of("session_id", anna.sessionId));
        assertThat(heartbeat.json().get("status").asString()).isEqualTo("active");
        assertThat(heartbeat.json().get("last_active").asString()).endsWith("Z");
    }

    @Test
    void invalidPreferencesAreRefusedAndNothingStarts() {
        Users.User anna = users().aWoman().register();
        Api.Response response = anna.post("/api/continuous-matching/start", Map.of("min_age", 40, "max_age", 30));
        assertThat(response.status()).isEqualTo(400);
        Api.Response weight = anna.post("/api/continuous-matching/start", Map.of("personality_weight", 1.5));
        assertThat(weight.status()).isEqualTo(400);
        assertThat(weight.json().get("errors").get(0).get("field").asString()).isEqualTo("personality_weight");
        assertThat(jdbc.queryForObject(
                        "select count(*) from matching_sessions where user_id = ?", Integer.class, anna.id))
                .isZero();
    }

    @Test
    void oneSidedAgePreferencesNeverPair() {
        Users.User anna = users().aWoman().aged(40).register().startMatching(Map.of("min_age", 35, "max_age", 50));
        Users.User ben = users().aMan().aged(25).register().startMatching(Map.of("min_age", 18, "max_age", 60));
        assertNeverPaired(anna, ben);
    }

    @Test
    void oneSidedGenderPreferencesNeverPair() {
        Users.User anna = users().aWoman().interestedIn("woman").register().startMatching();
        Users.User ben = users().aMan().interestedIn("woman").register().startMatching();
        assertNeverPaired(anna, ben);
    }

    @Test
    void excludedUsersAreNeverPaired() {
        Users.User anna = users().aWoman().register();
        Users.User ben = users().aMan().register();
        jdbc.update(
                "insert into exclusions (user_id, excluded_user_id, reason, created_at) values (?, ?, 'skip', now())",
                ben.id,
                anna.id);
        anna.startMatching();
        ben.startMatching();
        assertNeverPaired(anna, ben);
    }

    @Test
    void aRecentPairIsNotPairedAgainUntilTheWindowPasses() {
        Users.User anna = users().aWoman().register();
        Users.User ben = users().aMan().register();
        jdbc.update(
                """
                insert into instant_call_sessions (session_id, user1_id, user2_id, status, call_completed, compatibility_score, created_at)
                values (gen_random_uuid(), ?, ?, 'completed', true, 0.5, ?)
                """,
                Math.min(anna.id, ben.id),
                Math.max(anna.id, ben.id),
                Timestamp.from(clock.instant().minusSeconds(60)));
        anna.startMatching();
        ben.startMatching();
        assertNeverPaired(anna, ben);

        clock.advance(Duration.ofMinutes(10));
        anna.nextMatch();
        ben.nextMatch();
        assertThat(awaitMatch(anna).get("user_id").asLong()).isEqualTo(ben.id);
    }

    @Test
    void aParkedNextMatchIsAnsweredTheMomentThePairIsMade() throws Exception {
        Users.User anna = users().aWoman().register().startMatching();
        CompletableFuture<Api.Response> parked = CompletableFuture.supplyAsync(() -> anna.nextMatch(25));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> news.parkedUsers(Parking.Topic.MATCH).contains(anna.id));
        Users.User ben = users().aMan().register().startMatching();
        long started = System.nanoTime();
        // Answered by the pairing, well before the 25 s wait runs out (a bound, not a benchmark).
        Api.Response answer = parked.get(10, TimeUnit.SECONDS);
        long waitedMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(answer.json().get("match_found").asBoolean()).isTrue();
        assertThat(answer.json().get("match_data").get("user_id").asLong()).isEqualTo(ben.id);
        System.out.printf("Parked next-match answered %d ms after the second user started%n", waitedMillis);
    }

    @Test
    void aParkedNextMatchEndsCleanlyWhenTheSessionEnds() throws Exception {
        Users.User anna = users().aWoman().interestedIn("nonbinary").register().startMatching();
        CompletableFuture<Api.Response> parked = CompletableFuture.supplyAsync(() -> anna.nextMatch(20));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> news.parkedUsers(Parking.Topic.MATCH).contains(anna.id));
        assertThat(anna.endMatching().status()).isEqualTo(200);
        Api.Response answer = parked.get();
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("message").asString()).isEqualTo("Not actively matching");
    }

    @Test
    void aHundredUsersEnteringAtOnceEndInReciprocalPairsAndNobodyIsInTwoCalls() throws Exception {
        List<Users.User> people = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            people.add(users().aWoman().register());
            people.add(users().aMan().register());
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<CompletableFuture<Void>> starts = people.stream()
                    .map(u -> CompletableFuture.runAsync(u::startMatching, pool))
                    .toList();
            CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).get();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                people.forEach(Users.User::nextMatch);
                assertThat(jdbc.queryForObject("select count(*) from live_calls", Integer.class))
                        .isEqualTo(100);
            });
        } finally {
            pool.shutdownNow();
        }
        // Each live call has exactly two participants, each of whom lives in exactly that call.
        assertThat(jdbc.queryForList("""
                select v.id from video_sessions v join live_calls l on l.video_session_id = v.id
                group by v.id having count(*) <> 2
                """)).isEmpty();
        assertThat(jdbc.queryForList("""
                select p.user_id from video_participants p
                join video_sessions v on v.id = p.video_session_id and v.status in ('waiting', 'active')
                group by p.user_id having count(*) > 1
                """)).isEmpty();
        for (Users.User u : people) {
            JsonNode match = u.nextMatch().json().get("match_data");
            Users.User partner = people.stream()
                    .filter(p -> p.id == match.get("user_id").asLong())
                    .findFirst()
                    .orElseThrow();
            assertThat(partner.nextMatch()
                            .json()
                            .get("match_data")
                            .get("user_id")
                            .asLong())
                    .isEqualTo(u.id);
        }
    }

    @Test
    void theDatabaseRefusesASecondLiveCallForOneUser() {
        Users.User anna = users().aWoman().register().startMatching();
        Users.User ben = users().aMan().register().startMatching();
        awaitMatch(anna);
        Users.User carl = users().aMan().register();
        // A second, well-formed call of Anna's (with Carl), as a matchmaker that got it wrong would write it.
        long secondCall = jdbc.queryForObject("""
                insert into instant_call_sessions (session_id, user1_id, user2_id, status, compatibility_score, created_at)
                values (gen_random_uuid(), least(?, ?), greatest(?, ?), 'waiting', 0.5, now()) returning id
                """, Long.class, anna.id, carl.id, anna.id, carl.id);
        long secondVideo = jdbc.queryForObject("""
                insert into video_sessions (session_id, call_session_id, status, duration, created_at)
                values (gen_random_uuid(), ?, 'waiting', 180, now()) returning id
                """, Long.class, secondCall);
        assertThat(jdbc.queryForObject("select count(*) from live_calls where user_id = ?", Long.class, anna.id))
                .isEqualTo(1L);

        assertThatThrownBy(() -> jdbc.update(
                        "insert into live_calls (user_id, video_session_id) values (?, ?)", anna.id, secondVideo))
                .isInstanceOf(DuplicateKeyException.class)
                .hasMessageContaining("live_calls_pkey");
        assertThat(jdbc.update(
                        "insert into live_calls (user_id, video_session_id) values (?, ?)", carl.id, secondVideo))
                .as("the same call is fine for someone not in one")
                .isEqualTo(1);
        assertThat(ben.id).isNotEqualTo(anna.id);
    }

    @Test
    void endingTheSessionWhileTheMatchmakerPairsNeverLeavesAnEndedSessionInACall() throws Exception {
        for (int round = 0; round < 10; round++) {
            emptyThePool();
            Users.User anna = users().aWoman().register().startMatching();
            Users.User ben = users().aMan().register();
            CompletableFuture<Void> benStarts = CompletableFuture.runAsync(ben::startMatching);
            CompletableFuture<Api.Response> annaEnds = CompletableFuture.supplyAsync(anna::endMatching);
            benStarts.get();
            assertThat(annaEnds.get().status()).isEqualTo(200);
            await().pollDelay(Duration.ofMillis(300))
                    .atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(jdbc.queryForObject("""
                            select count(*) from live_calls l join matching_sessions s on s.user_id = l.user_id
                            where s.status = 'ended' and s.user_id = ?
                              and not exists (select 1 from matching_sessions o where o.user_id = s.user_id and o.status <> 'ended')
                            """, Integer.class, anna.id))
                            .isZero());
            // Whatever won the race, Ben is never stuck in a call with someone who left.
            JsonNode benAnswer = ben.nextMatch().json();
            assertThat(benAnswer.get("match_found").asBoolean()).isFalse();
        }
    }

    static JsonNode awaitMatch(Users.User user) {
        return Dates.awaitMatch(user);
    }

    private void assertNeverPaired(Users.User a, Users.User b) {
        // Two whole matchmaker passes that saw both in the pool, and no pairing.
        awaitMatchmakerPasses(2);
        assertThat(a.nextMatch().json().get("match_found").asBoolean()).isFalse();
        assertThat(b.nextMatch().json().get("match_found").asBoolean()).isFalse();
    }
}
