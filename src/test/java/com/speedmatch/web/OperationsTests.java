package com.speedmatch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import com.speedmatch.support.Api;
import com.speedmatch.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import tools.jackson.databind.JsonNode;

class OperationsTests extends IntegrationTest {

    @Autowired
    WebApplicationContext context;

    @Test
    void healthGroupsAreUpAndPublic() {
        assertThat(management.get("/actuator/health", null).json().get("status").asString()).isEqualTo("UP");
        assertThat(management.get("/actuator/health/liveness", null).json().get("status").asString()).isEqualTo("UP");
        Api.Response readiness = management.get("/actuator/health/readiness", null);
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.json().get("status").asString()).isEqualTo("UP");
    }

    @Test
    void infoIsPublicAndTellsTheBuild() {
        Api.Response info = management.get("/actuator/info", null);
        assertThat(info.status()).isEqualTo(200);
        assertThat(info.json().get("build").get("artifact").asString()).isEqualTo("speedmatch");
    }

    @Test
    void prometheusIsOpenToTheOperatorsNetworkOnly() {
        Api.Response local = management.get("/actuator/prometheus", null);
        assertThat(local.status()).isEqualTo(200);
        assertThat(local.text()).contains("speedmatch_pool_waiting");

        // A scrape relayed by a proxy for an outside address is refused.
        Api.Response fromElsewhere = management.send(management.request("/actuator/prometheus", null)
                .header("X-Forwarded-For", "203.0.113.7"));
        assertThat(fromElsewhere.status()).isIn(401, 403);
    }

    @Test
    void theApiPortServesNoActuatorEndpoints() {
        assertThat(api.get("/actuator/health", null).status()).isIn(401, 403, 404);
        assertThat(api.get("/actuator/prometheus", null).status()).isIn(401, 403, 404);
    }

    @Test
    void openApiDescribesTheAccountsEndpointsWithBearerAuth() {
        JsonNode doc = api.get("/v3/api-docs", null).json();
        assertThat(doc.get("paths").propertyNames()).contains("/api/auth/register", "/api/auth/login", "/api/auth/refresh",
                "/api/auth/logout", "/api/users/me", "/api/continuous-matching/next-match", "/api/video/send-signal");
        assertThat(doc.get("components").get("securitySchemes").get("bearer").get("scheme").asString()).isEqualTo("bearer");
        assertThat(doc.get("paths").get("/api/auth/login").get("post").get("responses").has("401")).isTrue();
        assertThat(api.get("/swagger-ui.html", null).status()).isIn(200, 302);
        assertThat(doc.get("paths").propertyNames()).contains("/api/continuous-matching/current",
                "/api/continuous-matching/stats", "/api/users/me/export", "/api/auth/password-reset",
                "/api/auth/password-reset/confirm", "/api/moderation/reports", "/api/moderation/reports/{report_id}/resolve",
                "/api/video/session/{session_id}/quality");
        assertThat(doc.get("paths").get("/api/users/me").has("delete")).isTrue();
        JsonNode export = doc.get("components").get("schemas").get("Export").get("properties");
        assertThat(export.get("calls").get("description").asString()).contains("partner_user_id");
        var nextMatchParameters = doc.get("paths").get("/api/continuous-matching/next-match").get("get").get("parameters")
                .valueStream().map(p -> p.get("name").asString()).toList();
        assertThat(nextMatchParameters).contains("session_id", "wait");
        // The feed, with its cursor and wait, and what each event type carries.
        JsonNode events = doc.get("paths").get("/api/events").get("get");
        assertThat(events.get("parameters").valueStream().map(p -> p.get("name").asString()).toList())
                .contains("after", "wait");
        assertThat(doc.get("components").get("schemas").get("Event").get("properties").get("data").get("description")
                .asString()).contains("match_found", "signal", "match_call");
    }

    @Test
    void otherOriginsAreNotAllowedByDefault() {
        Api.Response preflight = api.send(api.request("/api/auth/login", null)
                .header("Origin", "https://elsewhere.example")
                .header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
}
