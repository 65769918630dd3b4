package com.speedmatch.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.speedmatch.call.internal.LiveDate;
import com.speedmatch.date.internal.PromptRotation;
import com.speedmatch.support.Api;
import com.speedmatch.support.Dates;
import com.speedmatch.support.IntegrationTest;
import com.speedmatch.support.RowLocks;
import com.speedmatch.support.Users;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** docs/spec.md "The live date": the timeline, extending together, icebreakers, and a dropped date that heals. */
class LiveDateTests extends IntegrationTest {

    @Autowired
    DataSource dataSource;

    @Autowired
    LiveDate dates;

    @Autowired
    PromptRotation prompts;

    @AfterEach
    void clockRuns() {
        clock.thaw();
    }

    @Test
    void aRunningDateShowsItsPhaseExtensionPromptAndConnections() {
        Dates.Date date = Dates.joined(users());
        JsonNode call = date.caller().call(date.videoSessionId()).json();
        assertThat(call.get("phase").asString()).isEqualTo("talking");
        assertThat(call.get("extension").get("requested_by")).isEmpty();
        assertThat(call.get("extension").get("granted").asInt()).isZero();
        assertThat(call.get("extension").get("remaining").asInt()).isEqualTo(1);
        assertThat(call.get("extension").get("seconds").asInt()).isEqualTo(120);
        assertThat(call.get("connections"))
                .extracting(c -> c.get("state").asString())
                .containsExactly("ok", "ok");
        // Both see the same first icebreaker, chosen when the call started; their shared interests' themes first.
        JsonNode prompt = call.get("prompt");
        assertThat(prompt.get("text").asString()).isNotBlank();
        assertThat(prompt.get("theme").asString()).isIn("outdoors", "stories");
        assertThat(date.callee()
                        .call(date.videoSessionId())
                        .json()
                        .get("prompt")
                        .get("id")
                        .asLong())
                .isEqualTo(prompt.get("id").asLong());

        clock.advance(Duration.ofSeconds(155));
        assertThat(date.callee().call(date.videoSessionId()).json().get("phase").asString())
                .isEqualTo("closing");
    }

    @Test
    void whenBothAskTheDateEndsLaterForBothAndOnlyOnce() {
        Dates.Date date = Dates.joined(users());
        Instant endsAt = Instant.parse(
                date.caller().call(date.videoSessionId()).json().get("ends_at").asString());

        JsonNode first = extend(date.caller(), date).json();
        assertThat(first.get("granted").asBoolean()).isFalse();
        assertThat(first.get("requested_by")).extracting(JsonNode::asLong).containsExactly(date.caller().id);
        // The other side sees who asked: in the status, and through the feed.
        assertThat(date.callee()
                        .call(date.videoSessionId())
                        .json()
                        .get("extension")
                        .get("requested_by"))
                .extracting(JsonNode::asLong)
                .containsExactly(date.caller().id);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(callEvents(date.callee()))
                        .anySatisfy(e -> assertThat(e.get("extend_requested_by"))
                                .extracting(JsonNode::asLong)
                                .containsExactly(date.caller().id)));

        JsonNode second = extend(date.callee(), date).json();
        assertThat(second.get("granted").asBoolean()).isTrue();
        assertThat(Instant.parse(second.get("ends_at").asString())).isEqualTo(endsAt.plusSeconds(120));
        JsonNode call = date.caller().call(date.videoSessionId()).json();
        assertThat(Instant.parse(call.get("ends_at").asString())).isEqualTo(endsAt.plusSeconds(120));
        assertThat(call.get("extension").get("granted").asInt()).isEqualTo(1);
        assertThat(call.get("extension").get("remaining").asInt()).isZero();

        Api.Response third = extend(date.caller(), date);
        assertThat(third.status()).isEqualTo(409);
        assertThat(third.contentType()).startsWith("application/problem+json");

        // The sweep honours the new end: still running past the old one, over past the new one.
        clock.advance(Duration.ofSeconds(185));
        assertThat(date.caller()
                        .call(date.videoSessionId())
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("active");
        clock.advance(Duration.ofSeconds(120));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> "time_up"
                        .equals(jdbc.queryForObject(
                                "select end_reason from video_sessions where session_id = ?::uuid",
                                String.class,
                                date.videoSessionId())));
    }

    /**
     * Both ask at the instant the deadline sweep fires: the sweep holds the call and waits on the
     * pairing (held by the test); the second ask waits on the call. The call ends, and the ask is
     * refused: never an extension of a call that ended.
     */
    @Test
    void anExtensionRacingTheDeadlineEitherLandsOrTheCallEndsNeverBoth() throws Exception {
        Dates.Date date = Dates.joined(users());
        String endsAt = jdbc.queryForObject(
                "select ends_at::text from video_sessions where session_id = ?::uuid",
                String.class,
                date.videoSessionId());
        assertThat(extend(date.caller(), date).status()).isEqualTo(200);
        CompletableFuture<Api.Response> ask;
        try (var held = RowLocks.hold(
                dataSource, "select id from instant_call_sessions where id = ? for update", date.callSessionId())) {
            clock.advance(Duration.ofSeconds(180));
            RowLocks.awaitWaiting(jdbc, 1);
            ask = CompletableFuture.supplyAsync(() -> extend(date.callee(), date));
            RowLocks.awaitWaiting(jdbc, 2);
        }
        Api.Response answer = ask.get(10, TimeUnit.SECONDS);
        Map<String, Object> row = jdbc.queryForMap(
                "select status, end_reason, extensions, ends_at::text as ends_at "
                        + "from video_sessions where session_id = ?::uuid",
                date.videoSessionId());
        assertThat(answer.status()).isEqualTo(409);
        assertThat(row)
                .containsEntry("status", "completed")
                .containsEntry("end_reason", "time_up")
                .containsEntry("extensions", 0)
                .containsEntry("ends_at", endsAt);
    }

    @Test
    void eitherMayAskForAnotherIcebreakerEvery15SecondsAndBothSeeIt() {
        Dates.Date date = Dates.joined(users());
        clock.freeze();
        long first = date.caller()
                .call(date.videoSessionId())
                .json()
                .get("prompt")
                .get("id")
                .asLong();
        Set<Long> seen = new HashSet<>(Set.of(first));
        Api.Response early = date.callee().post("/api/video/session/" + date.videoSessionId() + "/prompt", "");
        assertThat(early.status()).as("the first came at the start").isEqualTo(429);
        clock.advance(Duration.ofSeconds(15));
        Api.Response asked = date.callee().post("/api/video/session/" + date.videoSessionId() + "/prompt", "");
        assertThat(asked.status()).isEqualTo(200);
        long next = asked.json().get("prompt_id").asLong();
        assertThat(next).isNotEqualTo(first);
        assertThat(date.caller()
                        .call(date.videoSessionId())
                        .json()
                        .get("prompt")
                        .get("id")
                        .asLong())
                .isEqualTo(next);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(events(date.caller(), "prompt"))
                        .anySatisfy(e -> assertThat(e.get("prompt_id").asLong()).isEqualTo(next)));

        Api.Response tooSoon = date.caller().post("/api/video/session/" + date.videoSessionId() + "/prompt", "");
        assertThat(tooSoon.status()).isEqualTo(429);
        assertThat(tooSoon.headers().firstValue("Retry-After")).isPresent();

        // Within one date no prompt comes twice.
        seen.add(next);
        for (int i = 0; i < 8; i++) {
            clock.advance(Duration.ofSeconds(15));
            seen.add(date.caller()
                    .post("/api/video/session/" + date.videoSessionId() + "/prompt", "")
                    .json()
                    .get("prompt_id")
                    .asLong());
        }
        assertThat(seen).hasSize(10);
    }

    @Test
    void aNewIcebreakerComesEveryIntervalAndASlotIsChosenOnce() throws Exception {
        Dates.Date date = Dates.joined(users());
        long id = jdbc.queryForObject(
                "select id from video_sessions where session_id = ?::uuid", Long.class, date.videoSessionId());
        // Another instance is writing slot 1 (uncommitted): this one's insert for the slot waits, then gives way.
        try (var other = RowLocks.hold(dataSource, "select 1")) {
            other.execute(
                    "insert into call_prompts (video_session_id, slot, prompt_id, shown_at) "
                            + "values (?, 1, (select min(id) from prompts), now())",
                    id);
            clock.advance(Duration.ofSeconds(61));
            CompletableFuture<Boolean> mine = CompletableFuture.supplyAsync(() -> prompts.showScheduledPrompt(id));
            RowLocks.awaitWaiting(jdbc, 1);
            other.commit();
            assertThat(mine.get(10, TimeUnit.SECONDS)).isFalse();
        }
        assertThat(jdbc.queryForObject(
                        "select count(*) from call_prompts where video_session_id = ?", Integer.class, id))
                .isEqualTo(2);
        clock.advance(Duration.ofSeconds(61));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> jdbc.queryForObject(
                                "select count(*) from call_prompts where video_session_id = ?", Integer.class, id)
                        == 3);
    }

    @Test
    void aLostConnectionPausesTheTimerForBothAndItsReturnResumesIt() {
        Dates.Date date = Dates.joined(users());
        clock.freeze();
        Instant endsAt = Instant.parse(
                date.caller().call(date.videoSessionId()).json().get("ends_at").asString());
        assertThat(connection(date.caller(), date, "lost").status()).isEqualTo(202);

        JsonNode paused = date.callee().call(date.videoSessionId()).json();
        assertThat(paused.get("phase").asString()).isEqualTo("paused");
        assertThat(paused.get("connections"))
                .extracting(c -> c.get("state").asString())
                .containsExactly("lost", "ok");
        long remaining = paused.get("remaining_seconds").asLong();
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(callEvents(date.callee()))
                        .anySatisfy(e -> assertThat(e.get("phase").asString()).isEqualTo("paused")));

        clock.advance(Duration.ofSeconds(20));
        assertThat(date.callee()
                        .call(date.videoSessionId())
                        .json()
                        .get("remaining_seconds")
                        .asLong())
                .isEqualTo(remaining);
        assertThat(extend(date.callee(), date).status()).isEqualTo(409);

        assertThat(connection(date.caller(), date, "restored").status()).isEqualTo(202);
        JsonNode resumed = date.callee().call(date.videoSessionId()).json();
        assertThat(resumed.get("phase").asString()).isEqualTo("talking");
        assertThat(Instant.parse(resumed.get("ends_at").asString())).isEqualTo(endsAt.plusSeconds(20));
    }

    @Test
    void pausesPastTheBoundEndTheDateAsConnectionLostAndBothMayStillDecide() {
        Dates.Date date = Dates.joined(users());
        assertThat(connection(date.callee(), date, "lost").status()).isEqualTo(202);
        clock.advance(Duration.ofSeconds(61));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> "completed/connection_lost"
                        .equals(jdbc.queryForObject(
                                "select status || '/' || end_reason from video_sessions where session_id = ?::uuid",
                                String.class,
                                date.videoSessionId())));
        assertThat(date.caller().call(date.videoSessionId()).json().get("phase").asString())
                .isEqualTo("over");
        assertThat(date.caller().decide(date.callSessionId(), "continue").status())
                .isEqualTo(200);
        assertThat(date.callee()
                        .decide(date.callSessionId(), "continue")
                        .json()
                        .get("mutual_match")
                        .isNull())
                .isFalse();
        assertThat(connection(date.callee(), date, "restored").status()).isEqualTo(409);
    }

    @Test
    void aParticipantSilentPastTheGracePausesTheDateAndTheirReturnResumesIt() {
        Dates.Date date = Dates.joined(users());
        clock.advance(Duration.ofSeconds(16));
        date.caller().call(date.videoSessionId()); // the caller is here; the callee has gone quiet
        await().atMost(Duration.ofSeconds(5))
                .until(() -> "paused"
                        .equals(date.caller()
                                .call(date.videoSessionId())
                                .json()
                                .get("phase")
                                .asString()));
        assertThat(date.caller().call(date.videoSessionId()).json().get("connections"))
                .extracting(c -> c.get("state").asString())
                .containsExactly("ok", "lost");

        date.callee().call(date.videoSessionId()); // back
        await().atMost(Duration.ofSeconds(5))
                .until(() -> "talking"
                        .equals(date.caller()
                                .call(date.videoSessionId())
                                .json()
                                .get("phase")
                                .asString()));
    }

    @Test
    void badLiveDateInputIsA400AndAStrangersIsA404() {
        Dates.Date date = Dates.joined(users());
        Users.User stranger = users().aMan().register();
        assertThat(connection(date.caller(), date, "sideways").status()).isEqualTo(400);
        assertThat(date.caller()
                        .post("/api/video/session/" + date.videoSessionId() + "/connection", Map.of())
                        .status())
                .isEqualTo(400);
        assertThat(extend(stranger, date).status()).isEqualTo(404);
        assertThat(stranger.post("/api/video/session/" + date.videoSessionId() + "/prompt", "")
                        .status())
                .isEqualTo(404);
        assertThat(connection(stranger, date, "lost").status()).isEqualTo(404);
    }

    @Test
    void aWaitingUserSeesWhoTheyCouldMeetNowAndWhoIsInADate() {
        Dates.Date date = Dates.joined(users()); // a woman and a man, in a date
        Users.User cleo = users().aWoman().register().startMatching(Map.of("min_age", 18, "max_age", 99));
        clock.advance(Duration.ofSeconds(2)); // the shared snapshot is at most a second old
        JsonNode session =
                cleo.get("/api/continuous-matching/session/" + cleo.sessionId).json();
        assertThat(session.get("compatible_now").get("waiting").asInt()).isZero();
        assertThat(session.get("compatible_now").get("in_calls").asInt()).isEqualTo(1);
        assertThat(session.has("estimated_wait_seconds")).isTrue();
        JsonNode current = cleo.get("/api/continuous-matching/current").json();
        assertThat(current.get("compatible_now").get("in_calls").asInt()).isEqualTo(1);
    }

    private Api.Response extend(Users.User user, Dates.Date date) {
        return user.post("/api/video/session/" + date.videoSessionId() + "/extend", "");
    }

    private Api.Response connection(Users.User user, Dates.Date date, String state) {
        return user.post("/api/video/session/" + date.videoSessionId() + "/connection", Map.of("state", state));
    }

    private static List<JsonNode> callEvents(Users.User user) {
        return events(user, "call");
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
