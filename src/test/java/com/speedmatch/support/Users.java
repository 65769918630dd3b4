package com.speedmatch.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/** Fixtures: {@code users().aWoman().aged(28).interestedIn("man").register()}. */
public final class Users {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final Random ADDRESSES = new Random();

    private final Api api;

    public Users(Api api) {
        this.api = api;
    }

    public Builder aWoman() {
        return new Builder("woman", List.of("man"));
    }

    public Builder aMan() {
        return new Builder("man", List.of("woman"));
    }

    public Builder aNonbinaryPerson() {
        return new Builder("nonbinary", List.of("woman", "man", "nonbinary"));
    }

    /** A registered user with tokens, and the calls of the matching journey. */
    public final class User {
        public final long id;
        public final String email;
        public final String password;
        public final String name;
        public String token;
        public String refreshToken;
        public String sessionId;

        User(JsonNode registered, String email, String password, String name) {
            this.id = registered.get("user").get("id").asLong();
            this.email = email;
            this.password = password;
            this.name = name;
            this.token = registered.get("access_token").asString();
            this.refreshToken = registered.get("refresh_token").asString();
        }

        private User(User original) {
            this.id = original.id;
            this.email = original.email;
            this.password = original.password;
            this.name = original.name;
            this.token = original.token;
            this.refreshToken = original.refreshToken;
            this.sessionId = original.sessionId;
        }

        /** The same user, signed in once more (another device): a sign-in of its own, with its own tokens. */
        public User signedInAgain(Api via) {
            Api.Response signedIn = via.post("/api/auth/login", null, Map.of("email", email, "password", password));
            if (signedIn.status() != 200) {
                throw new IllegalStateException("Sign-in failed: " + signedIn);
            }
            User again = new Users(via).new User(this);
            again.token = signedIn.json().get("access_token").asString();
            again.refreshToken = signedIn.json().get("refresh_token").asString();
            return again;
        }

        /** The same user, talking to another instance. */
        public User via(Api other) {
            return new Users(other).new User(this);
        }

        public Api.Response get(String path) {
            return api.get(path, token);
        }

        public Api.Response post(String path, Object body) {
            return api.post(path, token, body);
        }

        public Api.Response delete(String path) {
            return api.send(api.request(path, token).DELETE());
        }

        public User startMatching() {
            return startMatching(Map.of());
        }

        public User startMatching(Map<String, Object> preferences) {
            Map<String, Object> body =
                    new LinkedHashMap<>(Map.of("min_age", 18, "max_age", 99, "personality_weight", 0.5));
            body.putAll(preferences);
            Api.Response started = post("/api/continuous-matching/start", body);
            assertThat(started.status()).as(started.toString()).isEqualTo(200);
            sessionId = started.json().get("session_id").asString();
            return this;
        }

        public Api.Response nextMatch() {
            return get("/api/continuous-matching/next-match?session_id=" + sessionId);
        }

        public Api.Response nextMatch(int wait) {
            return get("/api/continuous-matching/next-match?session_id=" + sessionId + "&wait=" + wait);
        }

        public Api.Response endMatching() {
            return post("/api/continuous-matching/end", Map.of("session_id", sessionId));
        }

        public Api.Response decide(long callSessionId, String decision) {
            return post(
                    "/api/continuous-matching/continue-decision",
                    Map.of("session_id", sessionId, "match_id", callSessionId, "decision", decision));
        }

        public Api.Response call(String videoSessionId) {
            return get("/api/video/session/" + videoSessionId);
        }

        public Api.Response join(String videoSessionId) {
            return post("/api/video/join-call/" + videoSessionId, "");
        }

        public Api.Response endCall(String videoSessionId) {
            return post("/api/video/end-call/" + videoSessionId, "");
        }

        public Api.Response signal(String videoSessionId, String type, Object data) {
            return post(
                    "/api/video/send-signal",
                    Map.of("session_id", videoSessionId, "type", type, "data", data, "target_user_id", 0));
        }

        public Api.Response signals(String videoSessionId, String query) {
            return get("/api/video/signals/" + videoSessionId + (query.isEmpty() ? "" : "?" + query));
        }
    }

    public final class Builder {
        private final Map<String, Object> body = new LinkedHashMap<>();

        Builder(String gender, List<String> interestedIn) {
            int n = SEQUENCE.incrementAndGet();
            body.put("email", "user" + n + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com");
            body.put("password", "correct horse battery");
            body.put("name", gender.substring(0, 1).toUpperCase() + gender.substring(1) + " " + n);
            body.put("birth_date", LocalDate.now().minusYears(30).minusDays(10).toString());
            body.put("gender", gender);
            body.put("interested_in", new ArrayList<>(interestedIn));
            body.put("bio", "Here for the conversation");
            body.put("interests", List.of("hiking", "movies"));
        }

        public Builder aged(int years) {
            body.put(
                    "birth_date",
                    LocalDate.now().minusYears(years).minusDays(10).toString());
            return this;
        }

        public Builder interestedIn(String... genders) {
            body.put("interested_in", List.of(genders));
            return this;
        }

        public Builder interests(String... interests) {
            body.put("interests", List.of(interests));
            return this;
        }

        public Builder withEmail(String email) {
            body.put("email", email);
            return this;
        }

        public Builder named(String name) {
            body.put("name", name);
            return this;
        }

        public Map<String, Object> body() {
            return body;
        }

        /**
         * Each sign-up comes from an address of its own (through a trusted proxy's
         * X-Forwarded-For), as real sign-ups do: the per-address limit is for one network.
         */
        public User register() {
            String address = "198.18." + ADDRESSES.nextInt(256) + "." + ADDRESSES.nextInt(1, 255);
            Api.Response response = api.send(api.request("/api/auth/register", null)
                    .header("Content-Type", "application/json")
                    .header("X-Forwarded-For", address)
                    .POST(HttpRequest.BodyPublishers.ofString(Api.JSON.writeValueAsString(body))));
            assertThat(response.status()).as(response.toString()).isEqualTo(201);
            return new User(response.json(), (String) body.get("email"), (String) body.get("password"), (String)
                    body.get("name"));
        }
    }
}
