package com.speedmatch.match;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedmatch.support.Api;
import com.speedmatch.support.Dates;
import com.speedmatch.support.IntegrationTest;
import com.speedmatch.support.Users;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AfterTheCallTests extends IntegrationTest {

    @Test
    void twoContinuesMakeOneMutualMatchVisibleToBoth() {
        Dates.Date date = Dates.joined(users());
        date.caller().endCall(date.videoSessionId());
        JsonNode first = date.caller().decide(date.callSessionId(), "continue").json();
        assertThat(first.get("mutual_match").isNull()).isTrue();
        JsonNode second = date.callee().decide(date.callSessionId(), "continue").json();
        assertThat(second.get("mutual_match").get("status").asString()).isEqualTo("mutual");
        assertThat(second.get("mutual_match").get("user").get("user_id").asLong())
                .isEqualTo(date.caller().id);

        JsonNode callerMatches = date.caller().get("/api/matches").json();
        JsonNode calleeMatches = date.callee().get("/api/matches").json();
        assertThat(callerMatches).hasSize(1);
        assertThat(callerMatches.get(0).get("user").get("user_id").asLong()).isEqualTo(date.callee().id);
        assertThat(callerMatches.get(0).get("user").has("email")).isFalse();
        assertThat(calleeMatches.get(0).get("match_id"))
                .isEqualTo(callerMatches.get(0).get("match_id"));
    }

    @Test
    void continueThenSkipInEitherOrderMakesNoMatchAndKeepsThemApart() {
        for (boolean callerFirst : new boolean[] {true, false}) {
            emptyThePool();
            Dates.Date date = Dates.joined(users());
            date.caller().endCall(date.videoSessionId());
            if (callerFirst) {
                date.caller().decide(date.callSessionId(), "continue");
                date.callee().decide(date.callSessionId(), "skip");
            } else {
                date.callee().decide(date.callSessionId(), "skip");
                date.caller().decide(date.callSessionId(), "continue");
            }
            assertThat(date.caller().get("/api/matches").json()).isEmpty();
            assertThat(jdbc.queryForObject(
                            "select status from instant_call_sessions where id = ?",
                            String.class,
                            date.callSessionId()))
                    .isEqualTo("passed");
            assertThat(jdbc.queryForObject(
                            "select count(*) from exclusions where user_id in (?, ?) and excluded_user_id in (?, ?)",
                            Integer.class,
                            date.caller().id,
                            date.callee().id,
                            date.caller().id,
                            date.callee().id))
                    .isEqualTo(2);
        }
    }

    @Test
    void nextAndContinueMakeNoMatchAndNoExclusion() {
        Dates.Date date = Dates.joined(users());
        date.callee().endCall(date.videoSessionId());
        date.caller().decide(date.callSessionId(), "next");
        JsonNode answer = date.callee().decide(date.callSessionId(), "continue").json();
        assertThat(answer.get("mutual_match").isNull()).isTrue();
        assertThat(jdbc.queryForObject(
                        "select count(*) from exclusions where user_id = ?", Integer.class, date.caller().id))
                .isZero();
    }

    @Test
    void simultaneousContinuesFromTwoThreadsMakeExactlyOneMatch() throws Exception {
        for (int round = 0; round < 5; round++) {
            emptyThePool();
            Dates.Date date = Dates.joined(users());
            date.caller().endCall(date.videoSessionId());
            CyclicBarrier together = new CyclicBarrier(2);
            CompletableFuture<Api.Response> a = CompletableFuture.supplyAsync(() -> {
                await(together);
                return date.caller().decide(date.callSessionId(), "continue");
            });
            CompletableFuture<Api.Response> b = CompletableFuture.supplyAsync(() -> {
                await(together);
                return date.callee().decide(date.callSessionId(), "continue");
            });
            List<Api.Response> answers = List.of(a.get(), b.get());
            assertThat(answers).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
            assertThat(answers.stream()
                            .filter(r -> !r.json().get("mutual_match").isNull())
                            .count())
                    .isEqualTo(1);
            assertThat(jdbc.queryForObject(
                            "select count(*) from matches where user1_id = ? and user2_id = ?",
                            Integer.class,
                            date.caller().id,
                            date.callee().id))
                    .isEqualTo(1);
        }
    }

    @Test
    void decidingTwiceKeepsTheFirstVerdict() {
        Dates.Date date = Dates.joined(users());
        date.caller().endCall(date.videoSessionId());
        date.caller().decide(date.callSessionId(), "next");
        JsonNode again = date.caller().decide(date.callSessionId(), "skip").json();
        assertThat(again.get("message").asString()).contains("already decided 'next'");
        assertThat(jdbc.queryForObject(
                        "select count(*) from exclusions where user_id = ?", Integer.class, date.caller().id))
                .isZero();
    }

    @Test
    void aDecisionDuringTheCallEndsItFirst() {
        Dates.Date date = Dates.joined(users());
        date.caller().decide(date.callSessionId(), "next");
        assertThat(date.callee()
                        .call(date.videoSessionId())
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("completed");
        assertThat(jdbc.queryForObject(
                        "select count(*) from live_calls where user_id in (?, ?)",
                        Integer.class,
                        date.caller().id,
                        date.callee().id))
                .isZero();
    }

    @Test
    void onlyAParticipantMayDecide() {
        Dates.Date date = Dates.joined(users());
        Users.User outsider = users().aMan().register().startMatching();
        Api.Response response = outsider.decide(date.callSessionId(), "continue");
        assertThat(response.status()).isEqualTo(404);
        assertThat(jdbc.queryForObject(
                        "select count(*) from call_decisions where call_session_id = ?",
                        Integer.class,
                        date.callSessionId()))
                .isZero();
        assertThat(date.caller().decide(date.callSessionId(), "maybe").status()).isEqualTo(400);
    }

    @Test
    void aSkippedUserIsNeverOfferedAgainEvenAfterTheRecentPairWindow() {
        Dates.Date date = Dates.joined(users());
        date.caller().decide(date.callSessionId(), "skip");
        clock.advance(Duration.ofMinutes(11));
        date.caller().startMatching();
        date.callee().startMatching();
        awaitMatchmakerPasses(2);
        assertThat(date.caller().nextMatch().json().get("match_found").asBoolean())
                .isFalse();
        assertThat(date.caller()
                        .get("/api/continuous-matching/session/" + date.caller().sessionId)
                        .json()
                        .get("exclusion_count")
                        .asLong())
                .isEqualTo(1);
    }

    @Test
    void aMutualMatchCanCallAgainThroughTheSameVideoAndSignalingEndpoints() {
        Dates.Date date = Dates.joined(users());
        date.caller().endCall(date.videoSessionId());
        date.caller().decide(date.callSessionId(), "continue");
        long matchId = date.callee()
                .decide(date.callSessionId(), "continue")
                .json()
                .get("mutual_match")
                .get("match_id")
                .asLong();

        Api.Response created = date.callee().post("/api/matches/" + matchId + "/video-call", "");
        assertThat(created.status()).isEqualTo(201);
        String again = created.json().get("video_session_id").asString();
        JsonNode call = date.caller().call(again).json();
        assertThat(call.get("match_id").asLong()).isEqualTo(matchId);
        assertThat(call.get("status").asString()).isEqualTo("waiting");
        assertThat(date.caller()
                        .get("/api/continuous-matching/current")
                        .json()
                        .get("live_call")
                        .get("match_id")
                        .asLong())
                .isEqualTo(matchId);
        date.caller().join(again);
        assertThat(date.callee().join(again).json().get("timer_started").asBoolean())
                .isTrue();
        assertThat(date.caller().signal(again, "offer", Map.of("sdp", "again")).status())
                .isEqualTo(202);
        assertThat(date.callee().signals(again, "after=0").json().get("signals"))
                .hasSize(1);

        Users.User outsider = users().aWoman().register();
        assertThat(outsider.post("/api/matches/" + matchId + "/video-call", "").status())
                .isEqualTo(404);
        assertThat(outsider.call(again).status()).isEqualTo(404);
        assertThat(date.caller()
                        .post("/api/matches/" + matchId + "/video-call", "")
                        .status())
                .isEqualTo(409);
    }

    @Test
    void ratingsFollowTheRulesAndTheirMeansAreReported() {
        Dates.Date date = Dates.joined(users());
        Map<String, Object> rating = Map.of(
                "video_session_id",
                date.videoSessionId(),
                "openness",
                5,
                "conscientiousness",
                4,
                "extraversion",
                3,
                "agreeableness",
                2,
                "neuroticism",
                1);
        assertThat(date.caller().post("/api/ratings", rating).status()).isEqualTo(201);
        assertThat(date.caller().post("/api/ratings", rating).status()).isEqualTo(409);
        JsonNode personality = date.callee().get("/api/users/me/personality").json();
        assertThat(personality.get("rating_count").asLong()).isEqualTo(1);
        assertThat(personality.get("openness").asDouble()).isEqualTo(5.0);
        assertThat(personality.get("neuroticism").asDouble()).isEqualTo(1.0);

        Users.User outsider = users().aMan().register();
        assertThat(outsider.post("/api/ratings", rating).status()).isEqualTo(404);
        Map<String, Object> outOfRange = new HashMap<>(rating);
        outOfRange.put("openness", 6);
        Api.Response invalid = date.callee().post("/api/ratings", outOfRange);
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().get("errors").get(0).get("field").asString()).isEqualTo("openness");

        Dates.Date neverStarted = Dates.pair(users());
        Map<String, Object> early = new HashMap<>(rating);
        early.put("video_session_id", neverStarted.videoSessionId());
        assertThat(neverStarted.caller().post("/api/ratings", early).status()).isEqualTo(409);
        assertThat(jdbc.queryForObject(
                        "select count(*) from personality_ratings where rated_id = ?",
                        Integer.class,
                        neverStarted.callee().id))
                .isZero();
    }

    @Test
    void blockingEndsTheCallKeepsThemApartAndWorksOnlyForPeopleYouMet() {
        Dates.Date date = Dates.joined(users());
        Api.Response blocked = date.callee().post("/api/users/" + date.caller().id + "/block", "");
        assertThat(blocked.status()).isEqualTo(200);
        assertThat(date.caller()
                        .call(date.videoSessionId())
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("completed");
        assertThat(jdbc.queryForObject(
                        "select count(*) from exclusions where reason = 'block' and user_id in (?, ?)",
                        Integer.class,
                        date.caller().id,
                        date.callee().id))
                .isEqualTo(2);

        Users.User stranger = users().aMan().register();
        Api.Response unknown = date.callee().post("/api/users/" + stranger.id + "/block", "");
        Api.Response nobody = date.callee().post("/api/users/999999999/block", "");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(nobody.status()).isEqualTo(404);
        assertThat(unknown.json().get("title")).isEqualTo(nobody.json().get("title"));
        assertThat(date.callee()
                        .post("/api/users/" + date.callee().id + "/block", "")
                        .status())
                .isEqualTo(400);
    }

    @Test
    void aReportIsStoredAndBlocks() {
        Dates.Date date = Dates.joined(users());
        Api.Response reported = date.caller()
                .post(
                        "/api/reports",
                        Map.of(
                                "user_id",
                                date.callee().id,
                                "reason",
                                "harassment",
                                "details",
                                "rude",
                                "video_session_id",
                                date.videoSessionId()));
        assertThat(reported.status()).isEqualTo(201);
        assertThat(jdbc.queryForObject(
                        "select reason from reports where reporter_id = ?", String.class, date.caller().id))
                .isEqualTo("harassment");
        assertThat(jdbc.queryForObject(
                        "select count(*) from exclusions where user_id = ? and excluded_user_id = ?",
                        Integer.class,
                        date.callee().id,
                        date.caller().id))
                .isEqualTo(1);
        Api.Response badReason =
                date.caller().post("/api/reports", Map.of("user_id", date.callee().id, "reason", "boring"));
        assertThat(badReason.status()).isEqualTo(400);
        Users.User stranger = users().aMan().register();
        assertThat(date.caller()
                        .post("/api/reports", Map.of("user_id", stranger.id, "reason", "spam"))
                        .status())
                .isEqualTo(404);
    }

    @Test
    void receivedPersonalityMeansChangeTheScoreAsTheFormulaSays() {
        Users.User anna = users().aWoman().interests("jazz").register();
        Users.User ben = users().aMan().interests("football").register();
        rate(anna, 5);
        rate(ben, 4);
        anna.startMatching(Map.of("personality_weight", 1.0));
        ben.startMatching(Map.of("personality_weight", 1.0));
        // w = 1: the score is the personality similarity alone, 1 - mean |5 - 4| / 4 = 0.75 (0.5 if neutral).
        assertThat(Dates.awaitMatch(anna).get("compatibility_score").asDouble())
                .isCloseTo(0.75, Assertions.within(1e-9));
    }

    /** Three others rate the user with the same value on every trait, through real call rows. */
    private void rate(Users.User user, int value) {
        for (int i = 0; i < 3; i++) {
            Users.User rater = users().aNonbinaryPerson().register();
            Long call = jdbc.queryForObject("""
                    insert into instant_call_sessions (session_id, user1_id, user2_id, status, call_completed, compatibility_score, created_at)
                    values (gen_random_uuid(), ?, ?, 'completed', true, 0.5, now() - interval '1 hour') returning id
                    """, Long.class, Math.min(user.id, rater.id), Math.max(user.id, rater.id));
            Long video = jdbc.queryForObject("""
                    insert into video_sessions (session_id, call_session_id, status, duration, created_at, started_at, ends_at, ended_at)
                    values (gen_random_uuid(), ?, 'completed', 180, now() - interval '1 hour', now() - interval '1 hour',
                            now() - interval '57 minutes', now() - interval '57 minutes') returning id
                    """, Long.class, call);
            jdbc.update("""
                    insert into personality_ratings (video_session_id, rater_id, rated_id, openness, conscientiousness,
                        extraversion, agreeableness, neuroticism, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, now())
                    """, video, rater.id, user.id, value, value, value, value, value);
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
