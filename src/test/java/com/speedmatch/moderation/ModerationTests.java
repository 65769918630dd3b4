package com.speedmatch.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedmatch.support.Api;
import com.speedmatch.support.Dates;
import com.speedmatch.support.IntegrationTest;
import com.speedmatch.support.Users;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The report queue and a moderator's actions; the test profile names moderator@speedmatch.test. */
class ModerationTests extends IntegrationTest {

    private static final String MODERATOR = "moderator@speedmatch.test";

    String moderator;

    @BeforeEach
    void signInTheModerator() {
        Api.Response registered = api.post(
                "/api/auth/register",
                null,
                users().aNonbinaryPerson().withEmail(MODERATOR).body());
        Api.Response signedIn = registered.status() == 201
                ? registered
                : api.post("/api/auth/login", null, Map.of("email", MODERATOR, "password", "correct horse battery"));
        moderator = signedIn.json().get("access_token").asString();
        // A listed address gives rights once verified (EmailVerificationTests follow the mailed link).
        jdbc.update("update users set email_verified_at = now() where email_key = ?", MODERATOR);
    }

    @Test
    void everyoneElseGets403OnEveryModerationCall() {
        Users.User anna = users().aWoman().register();
        List<Api.Response> answers = List.of(
                anna.get("/api/moderation/reports"),
                anna.post("/api/moderation/reports/1/resolve", Map.of("action", "dismiss")),
                anna.post("/api/moderation/users/" + anna.id + "/lift", Map.of()));
        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.status()).isEqualTo(403);
            assertThat(answer.contentType()).startsWith("application/problem+json");
        });
    }

    @Test
    void aSuspensionDropsTheUserFromThePoolMidWaitAndRefusesTheNextRequest() {
        Dates.Date date = Dates.joined(users());
        Users.User anna = date.caller();
        Users.User harasser = date.callee();
        assertThat(anna.post(
                                "/api/reports",
                                Map.of(
                                        "user_id",
                                        harasser.id,
                                        "reason",
                                        "harassment",
                                        "details",
                                        "rude",
                                        "video_session_id",
                                        date.videoSessionId()))
                        .status())
                .isEqualTo(201);
        harasser.startMatching(); // waiting for the next date

        JsonNode queued = queued(harasser.id);
        assertThat(queued.get("reason").asString()).isEqualTo("harassment");
        assertThat(queued.get("reporter").get("user_id").asLong()).isEqualTo(anna.id);
        assertThat(queued.get("reported").get("reports_against").asLong()).isEqualTo(1);
        assertThat(queued.get("call").get("video_session_id").asString()).isEqualTo(date.videoSessionId());

        Api.Response resolved = api.post(
                "/api/moderation/reports/" + queued.get("id").asLong() + "/resolve",
                moderator,
                Map.of("action", "suspend", "days", 3, "note", "harassment in a call"));
        assertThat(resolved.status()).as(resolved.toString()).isEqualTo(200);

        assertThat(jdbc.queryForObject(
                        "select count(*) from matching_sessions where user_id = ? and status <> 'ended'",
                        Integer.class,
                        harasser.id))
                .isZero();
        Api.Response refused = harasser.nextMatch();
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("detail").asString()).startsWith("account suspended until ");
        assertThat(api.post("/api/auth/login", null, Map.of("email", harasser.email, "password", harasser.password))
                        .status())
                .isEqualTo(403);
        assertThat(api.post("/api/auth/refresh", null, Map.of("refresh_token", harasser.refreshToken))
                        .status())
                .isIn(401, 403);
        assertThat(jdbc.queryForObject(
                        "select action || '/' || days from moderation_actions where subject_id = ?",
                        String.class,
                        harasser.id))
                .isEqualTo("suspend/3");
        assertThat(api.post(
                                "/api/moderation/reports/" + queued.get("id").asLong() + "/resolve",
                                moderator,
                                Map.of("action", "dismiss"))
                        .status())
                .isEqualTo(409);

        assertThat(api.post("/api/moderation/users/" + harasser.id + "/lift", moderator, Map.of("note", "appeal"))
                        .status())
                .isEqualTo(204);
        assertThat(api.post("/api/auth/login", null, Map.of("email", harasser.email, "password", harasser.password))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aWarningIsShownOnceAndABanIsForGood() {
        Dates.Date first = Dates.pair(users());
        first.caller().post("/api/reports", Map.of("user_id", first.callee().id, "reason", "spam"));
        first.caller().endMatching();
        first.callee().endMatching();
        resolve(queued(first.callee().id), Map.of("action", "warn", "note", "No links to other sites, please"));
        assertThat(first.callee().get("/api/users/me").json().get("warning").asString())
                .isEqualTo("No links to other sites, please");
        assertThat(first.callee().get("/api/users/me").json().get("warning").isNull())
                .isTrue();

        Dates.Date second = Dates.pair(users());
        second.caller().post("/api/reports", Map.of("user_id", second.callee().id, "reason", "nudity"));
        resolve(queued(second.callee().id), Map.of("action", "ban", "note", "explicit"));
        Api.Response banned = second.callee().get("/api/users/me");
        assertThat(banned.status()).isEqualTo(403);
        assertThat(banned.json().get("detail").asString()).isEqualTo("account banned");
    }

    @Test
    void badResolutionsAre4xxProblemsAndChangeNothing() {
        Dates.Date date = Dates.pair(users());
        date.caller().post("/api/reports", Map.of("user_id", date.callee().id, "reason", "spam"));
        long id = queued(date.callee().id).get("id").asLong();
        String path = "/api/moderation/reports/" + id + "/resolve";
        for (Object body : List.of(
                Map.of("action", "suspend"),
                Map.of("action", "suspend", "days", 0),
                Map.of("action", "suspend", "days", 4000),
                Map.of("action", "shame"),
                Map.of(),
                "{\"action\": ")) {
            Api.Response refused = api.post(path, moderator, body);
            assertThat(refused.status()).as(String.valueOf(body)).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
        }
        assertThat(api.post("/api/moderation/reports/999999999/resolve", moderator, Map.of("action", "dismiss"))
                        .status())
                .isEqualTo(404);
        assertThat(api.post("/api/moderation/users/999999999/lift", moderator, Map.of())
                        .status())
                .isEqualTo(404);
        assertThat(api.get("/api/moderation/reports?size=1000", moderator).status())
                .isEqualTo(400);
        assertThat(jdbc.queryForObject("select status from reports where id = ?", String.class, id))
                .isEqualTo("open");
        assertThat(jdbc.queryForObject(
                        "select suspended_until is null from users where id = ?", Boolean.class, date.callee().id))
                .isTrue();
    }

    private void resolve(JsonNode report, Map<String, Object> resolution) {
        assertThat(api.post("/api/moderation/reports/" + report.get("id").asLong() + "/resolve", moderator, resolution)
                        .status())
                .isEqualTo(200);
    }

    /** The open report about this user, from the queue (oldest first, paged). */
    private JsonNode queued(long reportedId) {
        for (int page = 0; ; page++) {
            JsonNode queue = api.get("/api/moderation/reports?size=100&page=" + page, moderator)
                    .json();
            for (JsonNode report : queue.get("reports")) {
                if (report.get("reported").get("user_id").asLong() == reportedId) {
                    return report;
                }
            }
            assertThat(queue.get("reports"))
                    .as("report about user %d in the queue", reportedId)
                    .isNotEmpty();
        }
    }
}
