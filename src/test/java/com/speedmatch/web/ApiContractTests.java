package com.speedmatch.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedmatch.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What a frontend generates its client from: every operation says how it fails, as problem+json. */
class ApiContractTests extends IntegrationTest {

    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");

    @Test
    void everyOperationDocumentsItsErrorsAsProblems() {
        JsonNode doc = api.get("/v3/api-docs", null).json();
        List<String> withoutClientErrors = new ArrayList<>();
        List<String> notProblems = new ArrayList<>();
        int operations = 0;
        for (String path : doc.get("paths").propertyNames()) {
            for (String method : METHODS) {
                JsonNode operation = doc.get("paths").get(path).get(method);
                if (operation == null) {
                    continue;
                }
                operations++;
                JsonNode responses = operation.get("responses");
                List<String> codes = new ArrayList<>(responses.propertyNames());
                if (codes.stream().noneMatch(code -> code.startsWith("4"))) {
                    withoutClientErrors.add(method + " " + path);
                }
                for (String code : codes) {
                    if (code.startsWith("4") || code.startsWith("5")) {
                        JsonNode problem = responses.get(code).path("content").path("application/problem+json");
                        if (!problem.path("schema").path("$ref").asString("").endsWith("/Problem")) {
                            notProblems.add(method + " " + path + " " + code);
                        }
                    }
                }
            }
        }
        assertThat(operations).isGreaterThan(35);
        assertThat(withoutClientErrors).isEmpty();
        assertThat(notProblems).isEmpty();
        JsonNode schema = doc.get("components").get("schemas").get("Problem").get("properties");
        assertThat(schema.propertyNames()).contains("title", "status", "detail", "errors");
    }

    @Test
    void operationsKeepTheErrorsTheirControllersDescribe() {
        JsonNode doc = api.get("/v3/api-docs", null).json();
        JsonNode delete = doc.get("paths").get("/api/users/me").get("delete").get("responses");
        assertThat(delete.get("403").get("description").asString()).contains("Wrong password");
        JsonNode login = doc.get("paths").get("/api/auth/login").get("post").get("responses");
        assertThat(login.has("401")).isTrue();
        // Public: no token needed, so no 401 added for it.
        JsonNode register =
                doc.get("paths").get("/api/auth/register").get("post").get("responses");
        assertThat(register.has("400")).isTrue();
        assertThat(register.has("401")).isFalse();
    }
}
