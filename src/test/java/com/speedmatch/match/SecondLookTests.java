package com.speedmatch.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.speedmatch.support.Api;
import com.speedmatch.support.Dates;
import com.speedmatch.support.IntegrationTest;
import com.speedmatch.support.Users;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** docs/spec.md "A second look": the last dates, and a next or a skip changed to continue within a day. */
class SecondLookTests extends IntegrationTest {

    @Test
    void aNextChangedToContinueMakesTheMatchAndBothAreTold() {
        Dates.Date date = ranDate();
        date.caller().decide(date.callSessionId(), "next");
        date.callee().decide(date.callSessionId(), "continue");

        JsonNode recent = onlyDate(date.caller());
        assertThat(recent.get("match_id").asLong()).isEqualTo(date.callSessionId());
        assertThat(recent.get("user").get("user_id").asLong()).isEqualTo(date.callee().id);
        assertThat(recent.get("my_decision").asString()).isEqualTo("next");
        assertThat(recent.get("can_change").asBoolean()).isTrue();
        assertThat(recent.get("mutual").asBoolean()).isFalse();

        Api.Response changed = reconsider(date.caller(), date.callSessionId(), "continue");
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        long matchId = changed.json().get("mutual_match").get("match_id").asLong();
        assertThat(date.callee()
                        .get("/api/matches")
                        .json()
                        .get(0)
                        .get("match_id")
                        .asLong())
                .isEqualTo(matchId);
        for (Users.User user : List.of(date.caller(), date.callee())) {
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(events(user, "matched"))
                            .singleElement()
                            .satisfies(
                                    e -> assertThat(e.get("match_id").asLong()).isEqualTo(matchId)));
        }
        assertThat(onlyDate(date.caller()).get("mutual").asBoolean()).isTrue();
        assertThat(onlyDate(date.caller()).get("can_change").asBoolean()).isFalse();
    }

    @Test
    void aSkipTakenBackLetsTheTwoMeetAgainUnlessTheOtherSkippedToo() {
        Dates.Date date = ranDate();
        date.caller().decide(date.callSessionId(), "skip");
        date.callee().decide(date.callSessionId(), "next");
        assertThat(exclusionsBetween(date)).isEqualTo(2);

        Api.Response changed = reconsider(date.caller(), date.callSessionId(), "continue");
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.json().get("mutual_match").isNull()).isTrue();
        assertThat(exclusionsBetween(date)).isZero();

        Dates.Date both = ranDate();
        both.caller().decide(both.callSessionId(), "skip");
        both.callee().decide(both.callSessionId(), "skip");
        assertThat(reconsider(both.caller(), both.callSessionId(), "continue").status())
                .isEqualTo(200);
        assertThat(exclusionsBetween(both)).as("the other's skip stands").isEqualTo(2);
    }

    @Test
    void whatASecondLookCannotChangeIsRefusedAndNothingChanges() {
        Dates.Date date = ranDate();
        Users.User stranger = users().aWoman().register();

        assertProblem(reconsider(date.caller(), date.callSessionId(), "continue"), 409, "Not decided yet");
        date.caller().decide(date.callSessionId(), "next");
        assertProblem(reconsider(date.caller(), date.callSessionId(), "skip"), 400, "Only continue");
        assertProblem(reconsider(date.caller(), date.callSessionId(), "maybe"), 400, null);
        assertProblem(reconsider(stranger, date.callSessionId(), "continue"), 404, null);
        assertProblem(reconsider(date.caller(), 987_654_321L, "continue"), 404, null);
        assertThat(stranger.get("/api/recent-dates").json()).isEmpty();

        // A day and an hour ago (the clock is not moved: the users' access tokens would expire).
        jdbc.update(
                "update video_sessions set started_at = started_at - interval '25 hours' where session_id = ?::uuid",
                date.videoSessionId());
        assertProblem(reconsider(date.caller(), date.callSessionId(), "continue"), 409, "Too late");
        assertThat(onlyDate(date.caller()).get("can_change").asBoolean()).isFalse();
        assertThat(onlyDate(date.caller()).get("my_decision").asString()).isEqualTo("next");

        date.callee().decide(date.callSessionId(), "continue");
        assertThat(reconsider(date.callee(), date.callSessionId(), "continue").status())
                .isEqualTo(409);
    }

    /** A block after a skip used to leave the row a skip: a second look would have undone the block. */
    @Test
    void neverForSomeoneBlockedAfterASkip() {
        Dates.Date date = ranDate();
        date.caller().decide(date.callSessionId(), "skip");
        date.callee().decide(date.callSessionId(), "continue");
        assertThat(date.callee()
                        .post("/api/users/" + date.caller().id + "/block", "")
                        .status())
                .isLessThan(300);

        assertProblem(reconsider(date.caller(), date.callSessionId(), "continue"), 404, null);
        assertThat(date.caller().get("/api/recent-dates").json()).isEmpty();
        assertThat(exclusionsBetween(date)).isEqualTo(2);
        assertThat(date.caller().get("/api/matches").json()).isEmpty();
    }

    private Dates.Date ranDate() {
        emptyThePool(); // the last date's two are back in the pool: not this date's partners
        Dates.Date date = Dates.joined(users());
        assertThat(date.caller().endCall(date.videoSessionId()).status()).isEqualTo(200);
        return date;
    }

    private static Api.Response reconsider(Users.User user, long callSessionId, String decision) {
        return user.post("/api/recent-dates/" + callSessionId + "/decision", Map.of("decision", decision));
    }

    private static JsonNode onlyDate(Users.User user) {
        JsonNode dates = user.get("/api/recent-dates").json();
        assertThat(dates).hasSize(1);
        return dates.get(0);
    }

    private long exclusionsBetween(Dates.Date date) {
        return jdbc.queryForObject(
                "select count(*) from exclusions where user_id in (?, ?) and excluded_user_id in (?, ?)",
                Long.class,
                date.caller().id,
                date.callee().id,
                date.caller().id,
                date.callee().id);
    }

    private static void assertProblem(Api.Response response, int status, String title) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        if (title != null) {
            assertThat(response.json().get("title").asString()).isEqualTo(title);
        }
    }

    private static List<JsonNode> events(Users.User user, String type) {
        return user.get("/api/events?after=0")
                .json()
                .get("events")
                .valueStream()
                .filter(e -> e.get("type").asString().equals(type))
                .map(e -> e.get("data"))
                .toList();
    }
}
