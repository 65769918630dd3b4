package com.speedmatch.web.internal;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * Every operation's error responses in the contract, typed {@code application/problem+json} with
 * one {@code Problem} schema, so that a generated client knows them. Each operation keeps the
 * errors its controller documents with its own words; these are added where they apply to every
 * operation of a kind: 400 to any that takes input, 401 to any that needs a token, 404 to any
 * that names a resource in its path, 503 to all (the database or the cluster store away).
 */
@Component
class ProblemResponses implements OpenApiCustomizer {

    static final String PROBLEM_JSON = "application/problem+json";
    static final String SCHEMA = "Problem";

    @Override
    public void customise(OpenAPI openApi) {
        openApi.getComponents().addSchemas(SCHEMA, problemSchema());
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths()
                .forEach((path, item) ->
                        item.readOperationsMap().forEach((method, operation) -> document(path, method, operation)));
    }

    private static void document(String path, PathItem.HttpMethod method, Operation operation) {
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        operation.setResponses(responses);
        boolean takesInput = operation.getRequestBody() != null
                || (operation.getParameters() != null
                        && !operation.getParameters().isEmpty());
        if (takesInput) {
            addIfAbsent(responses, "400", "Bad input: the problem says which field and why; nothing was changed");
        }
        boolean secured =
                operation.getSecurity() == null || !operation.getSecurity().isEmpty();
        if (secured) {
            addIfAbsent(responses, "401", "No valid access token: refresh it or sign in again");
            addIfAbsent(responses, "403", "The account is suspended or banned, or this is not yours to use");
        }
        if (path.contains("{")) {
            addIfAbsent(responses, "404", "No such resource of yours (another user's answers the same)");
        }
        addIfAbsent(
                responses,
                "503",
                "The database or the cluster store is unavailable; nothing was changed. " + "Retry after Retry-After");
        responses.forEach((code, response) -> {
            if (code.startsWith("4") || code.startsWith("5")) {
                response.setContent(new Content()
                        .addMediaType(
                                PROBLEM_JSON,
                                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + SCHEMA))));
            }
        });
    }

    private static void addIfAbsent(ApiResponses responses, String code, String description) {
        if (!responses.containsKey(code)) {
            responses.addApiResponse(code, new ApiResponse().description(description));
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema<?> problemSchema() {
        Schema error = new ObjectSchema()
                .addProperty("field", new StringSchema().description("snake_case, as sent"))
                .addProperty("message", new StringSchema());
        Map<String, Schema> properties = Map.of(
                "type", new StringSchema().description("A URI for the kind of problem; about:blank for most"),
                "title", new StringSchema().description("Short and fixed for the kind of problem"),
                "status", new IntegerSchema().description("The HTTP status"),
                "detail", new StringSchema().description("What went wrong and what to do, in words"),
                "instance", new StringSchema().description("The request path"),
                "errors", new ArraySchema().items(error).description("Validation failures, one per field and rule"),
                "retry_after", new IntegerSchema().description("Seconds until a limited request may pass (429)"));
        Schema problem = new ObjectSchema().description("RFC 9457 problem details");
        properties.forEach(problem::addProperty);
        return problem;
    }
}
