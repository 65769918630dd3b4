package com.speedmatch.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedmatch.support.Api;
import com.speedmatch.support.IntegrationTest;
import java.net.http.HttpRequest;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.catalina.valves.RemoteIpValve;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.web.context.WebApplicationContext;
import tools.jackson.databind.JsonNode;

class OperationsTests extends IntegrationTest {

    @Autowired
    ServletWebServerApplicationContext webServers;

    @Autowired
    WebApplicationContext context;

    @Test
    void healthGroupsAreUpAndPublic() {
        assertThat(management.get("/actuator/health", null).json().get("status").asString())
                .isEqualTo("UP");
        assertThat(management
                        .get("/actuator/health/liveness", null)
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("UP");
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
        Api.Response fromElsewhere = management.send(
                management.request("/actuator/prometheus", null).header("X-Forwarded-For", "203.0.113.7"));
        assertThat(fromElsewhere.status()).isIn(401, 403);
    }

    /**
     * docs/spec.md: X-Forwarded-For is believed only from the listed proxies, loopback by default. Tomcat's
     * own default also believes every private, link-local and CGNAT peer, so anyone on the
     * service's network could pick the address the per-address limits count.
     */
    @Test
    void xForwardedForIsBelievedFromLoopbackProxiesOnly() {
        TomcatWebServer server = (TomcatWebServer) webServers.getWebServer();
        RemoteIpValve valve = Arrays.stream(
                        server.getTomcat().getEngine().getPipeline().getValves())
                .filter(RemoteIpValve.class::isInstance)
                .map(RemoteIpValve.class::cast)
                .findFirst()
                .orElseThrow();
        Pattern trusted = Pattern.compile(valve.getInternalProxies());
        assertThat(List.of("127.0.0.1", "127.0.1.1", "0:0:0:0:0:0:0:1"))
                .allMatch(peer -> trusted.matcher(peer).matches());
        assertThat(List.of("10.0.0.7", "192.168.1.20", "172.16.0.3", "169.254.10.1", "100.64.0.9", "203.0.113.7"))
                .noneMatch(peer -> trusted.matcher(peer).matches());
    }

    @Test
    void theApiPortServesNoActuatorEndpoints() {
        assertThat(api.get("/actuator/health", null).status()).isIn(401, 403, 404);
        assertThat(api.get("/actuator/prometheus", null).status()).isIn(401, 403, 404);
    }

    @Test
    void openApiDescribesTheAccountsEndpointsWithBearerAuth() {
        JsonNode doc = api.get("/v3/api-docs", null).json();
        assertThat(doc.get("paths").propertyNames())
                .contains(
                        "/api/auth/register",
                        "/api/auth/login",
                        "/api/auth/refresh",
                        "/api/auth/logout",
                        "/api/users/me",
                        "/api/continuous-matching/next-match",
                        "/api/video/send-signal");
        assertThat(doc.get("components")
                        .get("securitySchemes")
                        .get("bearer")
                        .get("scheme")
                        .asString())
                .isEqualTo("bearer");
        assertThat(doc.get("paths")
                        .get("/api/auth/login")
                        .get("post")
                        .get("responses")
                        .has("401"))
                .isTrue();
        assertThat(api.get("/swagger-ui.html", null).status()).isIn(200, 302);
        assertThat(doc.get("paths").propertyNames())
                .contains(
                        "/api/continuous-matching/current",
                        "/api/continuous-matching/stats",
                        "/api/users/me/export",
                        "/api/auth/password-reset",
                        "/api/auth/password-reset/confirm",
                        "/api/moderation/reports",
                        "/api/moderation/reports/{report_id}/resolve",
                        "/api/video/session/{session_id}/quality");
        assertThat(doc.get("paths").get("/api/users/me").has("delete")).isTrue();
        JsonNode export = doc.get("components").get("schemas").get("Export").get("properties");
        assertThat(export.get("calls").get("description").asString()).contains("partner_user_id");
        var nextMatchParameters = doc.get("paths")
                .get("/api/continuous-matching/next-match")
                .get("get")
                .get("parameters")
                .valueStream()
                .map(p -> p.get("name").asString())
                .toList();
        assertThat(nextMatchParameters).contains("session_id", "wait");
        // The feed, with its cursor and wait, and what each event type carries.
        JsonNode events = doc.get("paths").get("/api/events").get("get");
        assertThat(events.get("parameters")
                        .valueStream()
                        .map(p -> p.get("name").asString())
                        .toList())
                .contains("after", "wait");
        assertThat(doc.get("components")
                        .get("schemas")
                        .get("Event")
                        .get("properties")
                        .get("data")
                        .get("description")
                        .asString())
                .contains("match_found", "signal", "match_call");
    }

    @Test
    void otherOriginsAreNotAllowedByDefault() {
        Api.Response preflight = api.send(api.request("/api/auth/login", null)
                .header("Origin", "https://elsewhere.example")
                .header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
                .isEmpty();
    }
}
