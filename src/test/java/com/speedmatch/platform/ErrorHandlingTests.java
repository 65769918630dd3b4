package com.speedmatch.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedmatch.support.Api;
import com.speedmatch.support.IntegrationTest;
import com.speedmatch.support.Users;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every failure a client can cause is a 4xx application/problem+json that says what is wrong. */
class ErrorHandlingTests extends IntegrationTest {

    Users.User user;

    @BeforeEach
    void signIn() {
        user = users().aWoman().register();
    }

    @Test
    void malformedJsonIsAProblem() {
        Api.Response response = user.post("/api/continuous-matching/start", "{\"min_age\": 20,");
        assertProblem(response, 400, "Malformed JSON");
    }

    @Test
    void wrongTypeInTheBodyNamesTheField() {
        Api.Response response = user.post("/api/continuous-matching/start", "{\"min_age\": \"twenty\"}");
        assertProblem(response, 400, "min_age");
    }

    @Test
    void unknownEnumValueListsTheAllowedOnes() {
        var body = users().aMan().body();
        body.put("gender", "robot");
        Api.Response response = api.post("/api/auth/register", null, body);
        assertProblem(response, 400, "gender");
        assertThat(response.json().get("detail").asString()).contains("woman", "man", "nonbinary");
    }

    @Test
    void validationErrorsListEveryField() {
        Api.Response response = api.post("/api/auth/register", null, Map.of("email", "not-an-email", "password", "short"));
        assertProblem(response, 400, "email");
        var fields = response.json().get("errors").valueStream().map(e -> e.get("field").asString()).toList();
        assertThat(fields).contains("email", "password", "name", "birth_date", "gender", "interested_in");
    }

    @Test
    void typeMismatchInAPathOrQueryParameter() {
        assertProblem(user.get("/api/video/session/not-a-uuid"), 400, "session_id");
        assertProblem(user.get("/api/continuous-matching/next-match?session_id=nope"), 400, "session_id");
    }

    @Test
    void missingParameter() {
        assertProblem(user.get("/api/continuous-matching/next-match"), 400, "session_id");
    }

    @Test
    void outOfRangeParameter() {
        user.startMatching();
        assertProblem(user.get("/api/continuous-matching/next-match?session_id=" + user.sessionId + "&wait=26"), 400, "wait");
    }

    @Test
    void unknownRouteIs404Problem() {
        assertProblem(user.get("/api/no-such-thing"), 404, null);
    }

    @Test
    void wrongMethodIs405Problem() {
        assertProblem(user.get("/api/continuous-matching/start"), 405, null);
    }

    @Test
    void wrongContentTypeIs415Problem() {
        Api.Response response = api.send(api.request("/api/continuous-matching/start", user.token)
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("hello")));
        assertProblem(response, 415, null);
    }

    @Test
    void oversizedBodyIs413Problem() {
        String huge = "{\"bio\": \"" + "x".repeat(300_000) + "\"}";
        Api.Response response = api.send(api.request("/api/users/me", user.token).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(huge)));
        assertProblem(response, 413, "at most");
    }

    @Test
    void missingTokenIs401Problem() {
        assertProblem(api.get("/api/matches", null), 401, "Bearer");
    }

    static void assertProblem(Api.Response response, int status, String detailMentions) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
        assertThat(response.json().get("detail").asString()).isNotBlank().doesNotContain("Exception", "org.", "SQL");
        if (detailMentions != null) {
            assertThat(response.json().get("detail").asString()).containsIgnoringCase(detailMentions);
        }
    }
}
