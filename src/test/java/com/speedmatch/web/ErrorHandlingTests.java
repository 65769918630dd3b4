package com.speedmatch.web;

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
        Api.Response response =
                api.post("/api/auth/register", null, Map.of("email", "not-an-email", "password", "short"));
        assertProblem(response, 400, "email");
        var fields = response.json()
                .get("errors")
                .valueStream()
                .map(e -> e.get("field").asString())
                .toList();
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
        assertProblem(
                user.get("/api/continuous-matching/next-match?session_id=" + user.sessionId + "&wait=26"), 400, "wait");
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
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hello")));
        assertProblem(response, 415, null);
    }

    @Test
    void oversizedBodyIs413Problem() {
        String huge = "{\"bio\": \"" + "x".repeat(300_000) + "\"}";
        Api.Response response = api.send(api.request("/api/users/me", user.token)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(huge)));
        assertProblem(response, 413, "at most");
    }

    @Test
    void missingTokenIs401Problem() {
        assertProblem(api.get("/api/matches", null), 401, "Bearer");
    }

    @Test
    void aNulCharacterInATextIs400NamingTheFieldAndChangesNothing() {
        Api.Response response = api.patch("/api/users/me", user.token, "{\"name\": \"Anna\\u0000Smith\"}");
        assertProblem(response, 400, "'name'");
        assertThat(response.json().get("detail").asString()).contains("NUL");
        assertThat(user.get("/api/users/me").json().get("name").asString()).isEqualTo(user.name);
    }

    @Test
    void aFractionWhereAWholeNumberBelongsIsRefused() {
        Api.Response age = user.post("/api/continuous-matching/start", "{\"min_age\": 25.7, \"max_age\": 40}");
        assertProblem(age, 400, "min_age");
        Api.Response quoted = user.post("/api/continuous-matching/start", "{\"min_age\": \"25\", \"max_age\": 40}");
        assertProblem(quoted, 400, "min_age");
        assertThat(jdbc.queryForObject(
                        "select count(*) from matching_sessions where user_id = ?", Integer.class, user.id))
                .isZero();
    }

    @Test
    void whatTomcatRefusesIsAProblemToo() {
        assertProblem(api.get("/api/users/%00me", user.token), 400, null);
        Api.Response hugeHeader =
                api.send(api.request("/api/users/me", user.token).header("X-Padding", "x".repeat(20_000)));
        assertThat(hugeHeader.status()).isBetween(400, 431);
        assertThat(hugeHeader.contentType()).startsWith("application/problem+json");
        assertThat(hugeHeader.text()).doesNotContain("<html", "Tomcat");
    }

    @Test
    void theErrorPathAskedDirectlyIsA404Problem() {
        assertProblem(api.get("/error", null), 404, null);
        assertProblem(api.post("/error", user.token, "{}"), 404, null);
    }

    @Test
    void theClientPagesAllowOnlyThisOriginAndTheCameraForIt() {
        Api.Response page = api.get("/", null);
        assertThat(page.status()).isEqualTo(200);
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp)
                .contains("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(page.headers().firstValue("Permissions-Policy").orElseThrow())
                .contains("camera=(self)", "microphone=(self)", "geolocation=()");
        assertThat(api.get("/js/app.js", null).headers().firstValue("Content-Security-Policy"))
                .isPresent();
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
