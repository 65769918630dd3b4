package com.speedmatch.user;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedmatch.support.Api;
import com.speedmatch.support.Dates;
import com.speedmatch.support.IntegrationTest;
import com.speedmatch.support.Users;
import java.net.http.HttpRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Closing an account: what goes, what stays (README "Account lifecycle"), and who notices. */
class AccountClosingTests extends IntegrationTest {

    private static final Map<String, Object> TRAITS =
            Map.of("openness", 4, "conscientiousness", 4, "extraversion", 4, "agreeableness", 4, "neuroticism", 2);

    @Test
    void closingErasesThePersonEndsThePartnersCallAndKeepsReportsPseudonymized() {
        Dates.Date date = Dates.joined(users());
        Users.User leaving = date.callee();
        Users.User partner = date.caller();
        rate(leaving, partner, date.videoSessionId());
        rate(partner, leaving, date.videoSessionId());
        assertThat(partner.post("/api/reports", Map.of("user_id", leaving.id, "reason", "spam"))
                        .status())
                .isEqualTo(201);
        // The report ended the call and any match between them; a new call is only possible by a match, so one is
        // written here, with the block lifted.
        jdbc.update(
                "insert into matches (user1_id, user2_id, status, created_at) values (?, ?, 'mutual', now())",
                Math.min(leaving.id, partner.id),
                Math.max(leaving.id, partner.id));
        long matchId = jdbc.queryForObject(
                "select id from matches where user1_id = ? or user2_id = ?", Long.class, leaving.id, leaving.id);
        jdbc.update("delete from exclusions where user_id in (?, ?)", leaving.id, partner.id);
        String matchCall = partner.post("/api/matches/" + matchId + "/video-call", "")
                .json()
                .get("video_session_id")
                .asString();

        assertThat(partner.call(matchCall).status()).isEqualTo(200);

        assertThat(close(leaving, leaving.password).status()).isEqualTo(204);

        Map<String, Object> row = jdbc.queryForMap("select * from users where id = ?", leaving.id);
        assertThat(row.get("email")).isEqualTo("closed-" + leaving.id + "@deleted.invalid");
        assertThat(row.get("name")).isEqualTo("Deleted user");
        assertThat(row.get("bio")).isNull();
        assertThat(row.get("deleted_at")).isNotNull();
        assertThat(count("select count(*) from personality_ratings where rater_id = ?", leaving.id))
                .isZero();
        assertThat(count("select count(*) from matches where user1_id = ? or user2_id = ?", leaving.id, leaving.id))
                .isZero();
        assertThat(count("select count(*) from reports where reported_id = ?", leaving.id))
                .isEqualTo(1);
        assertThat(count("select count(*) from refresh_tokens where user_id = ? and revoked_at is null", leaving.id))
                .isZero();
        assertThat(count("select count(*) from matching_sessions where user_id = ? and status <> 'ended'", leaving.id))
                .isZero();
        assertThat(count("select count(*) from live_calls where user_id in (?, ?)", leaving.id, partner.id))
                .isZero();
        // The partner's call ended with the match, and is kept as a call that ran; the partner is back in the pool.
        assertThat(jdbc.queryForObject(
                        "select status from video_sessions where session_id = ?::uuid", String.class, matchCall))
                .isIn("completed", "cancelled");
        assertThat(count("select count(*) from matching_sessions where user_id = ? and status = 'active'", partner.id))
                .isEqualTo(1);
        assertThat(partner.get("/api/matches").json()).isEmpty();
        assertThat(partner.call(matchCall).json().get("status").asString()).isIn("completed", "cancelled");

        // Every token of the account fails at once; the email can sign up again.
        Api.Response withAccessToken = leaving.get("/api/users/me");
        assertThat(withAccessToken.status()).isEqualTo(401);
        assertThat(withAccessToken.json().get("detail").asString()).contains("closed");
        assertThat(api.post("/api/auth/refresh", null, Map.of("refresh_token", leaving.refreshToken))
                        .status())
                .isEqualTo(401);
        assertThat(api.post("/api/auth/login", null, Map.of("email", leaving.email, "password", leaving.password))
                        .status())
                .isEqualTo(401);
    }

    /** Deleting the match used to delete its calls, and with them what others said of those calls. */
    @Test
    void closingKeepsTheRatingsOthersGaveInTheCallsOfAMatch() {
        Dates.Date date = Dates.joined(users());
        Users.User leaving = date.callee();
        Users.User partner = date.caller();
        assertThat(partner.endCall(date.videoSessionId()).status()).isEqualTo(200);
        jdbc.update(
                "insert into matches (user1_id, user2_id, status, created_at) values (?, ?, 'mutual', now())",
                Math.min(leaving.id, partner.id),
                Math.max(leaving.id, partner.id));
        long matchId = jdbc.queryForObject(
                "select id from matches where user1_id = ? or user2_id = ?", Long.class, leaving.id, leaving.id);
        String matchCall = partner.post("/api/matches/" + matchId + "/video-call", "")
                .json()
                .get("video_session_id")
                .asString();
        assertThat(partner.join(matchCall).status()).isEqualTo(200);
        assertThat(leaving.join(matchCall).status()).isEqualTo(200);
        assertThat(partner.endCall(matchCall).status()).isEqualTo(200);
        rate(partner, leaving, matchCall);
        int partnersRatings = count("select count(*) from personality_ratings where rater_id = ?", partner.id);

        assertThat(close(leaving, leaving.password).status()).isEqualTo(204);

        assertThat(count("select count(*) from personality_ratings where rater_id = ?", partner.id))
                .isEqualTo(partnersRatings);
        assertThat(count("select count(*) from video_sessions where session_id = ?::uuid", matchCall))
                .isEqualTo(1);
        assertThat(count("select count(*) from matches where user1_id = ? or user2_id = ?", leaving.id, leaving.id))
                .isZero();
    }

    @Test
    void aWrongPasswordClosesNothing() {
        Users.User anna = users().aWoman().register();
        Api.Response refused = close(anna, "not my password");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(anna.get("/api/users/me").json().get("email").asString()).isEqualTo(anna.email);
        assertThat(close(anna, "").status()).isEqualTo(400);
    }

    /** README "Closing an account": every table that describes the person, checked one by one. */
    @Test
    void closingErasesEveryRowThatDescribesThePersonAndEveryTokenOfAnyKind() {
        Dates.Date date = Dates.joined(users());
        Users.User leaving = date.callee();
        Users.User partner = date.caller();
        String quality = "/api/video/session/" + date.videoSessionId() + "/quality";
        assertThat(leaving.post(quality, Map.of("connected_ms", 700, "candidate_type", "srflx"))
                        .status())
                .isEqualTo(202);
        assertThat(partner.post(quality, Map.of("connected_ms", 650)).status()).isEqualTo(202);
        assertThat(partner.endCall(date.videoSessionId()).status()).isEqualTo(200);
        assertThat(leaving.decide(date.callSessionId(), "continue").status()).isEqualTo(200);
        assertThat(partner.decide(date.callSessionId(), "skip").status()).isEqualTo(200);
        assertThat(api.post("/api/auth/password-reset", null, Map.of("email", leaving.email))
                        .status())
                .isEqualTo(202);
        assertThat(count("select count(*) from password_reset_tokens where user_id = ?", leaving.id))
                .isEqualTo(1);
        assertThat(count("select count(*) from email_verifications where user_id = ?", leaving.id))
                .isEqualTo(1);

        assertThat(close(leaving, leaving.password).status()).isEqualTo(204);

        Map<String, Object> row = jdbc.queryForMap("select * from users where id = ?", leaving.id);
        assertThat(row.get("gender")).isNull();
        assertThat(jdbc.queryForObject(
                        "select cardinality(interested_in) from users where id = ?", Integer.class, leaving.id))
                .isZero();
        assertThat(row.get("email_key")).isEqualTo("closed-" + leaving.id + "@deleted.invalid");
        assertThat(row.get("email_verified_at")).isNull();
        assertThat(count("select count(*) from call_decisions where user_id = ?", leaving.id))
                .isZero();
        assertThat(count("select count(*) from call_quality where user_id = ?", leaving.id))
                .isZero();
        assertThat(count("select count(*) from refresh_tokens where user_id = ?", leaving.id))
                .isZero();
        assertThat(count("select count(*) from password_reset_tokens where user_id = ?", leaving.id))
                .isZero();
        assertThat(count("select count(*) from email_verifications where user_id = ?", leaving.id))
                .isZero();
        // What belongs to the other person stays theirs.
        assertThat(count("select count(*) from call_decisions where user_id = ?", partner.id))
                .isEqualTo(1);
        assertThat(count("select count(*) from call_quality where user_id = ?", partner.id))
                .isEqualTo(1);
    }

    /** The closed row's own address is refused at sign-up and answers a sign-in like any unknown one. */
    @Test
    void aClosedAccountSignsInToNothingAndItsAddressCannotBeSquatted() {
        Users.User leaving = users().aWoman().register();
        assertThat(close(leaving, leaving.password).status()).isEqualTo(204);
        String closedAddress = "closed-" + leaving.id + "@deleted.invalid";
        for (String email : List.of(leaving.email, closedAddress)) {
            Api.Response refused =
                    api.post("/api/auth/login", null, Map.of("email", email, "password", leaving.password));
            assertThat(refused.status()).as(email).isEqualTo(401);
            assertThat(refused.contentType()).startsWith("application/problem+json");
        }
        Map<String, Object> squatter = new HashMap<>(users().aMan().body());
        squatter.put("email", "closed-" + (leaving.id + 1) + "@Deleted.Invalid");
        Api.Response refused = api.post("/api/auth/register", null, squatter);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("detail").asString()).contains("deleted.invalid");
    }

    /** A wrong password on DELETE is a failed sign-in: the same limits stop a guesser holding a stolen token. */
    @Test
    void wrongPasswordsOnClosingCountAsFailedSignIns() {
        Users.User anna = users().aWoman().register();
        for (int i = 0; i < 10; i++) {
            assertThat(close(anna, "guess number " + i).status()).isEqualTo(403);
        }
        Api.Response limited = close(anna, anna.password);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(anna.get("/api/users/me").status()).isEqualTo(200);
    }

    private Api.Response close(Users.User user, String password) {
        return close(user, password, "198.51.100." + (user.id % 250 + 1));
    }

    private Api.Response close(Users.User user, String password, String address) {
        return api.send(api.request("/api/users/me", user.token)
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", address)
                .method(
                        "DELETE",
                        HttpRequest.BodyPublishers.ofString(
                                Api.JSON.writeValueAsString(Map.of("password", password)))));
    }

    private static void rate(Users.User rater, Users.User rated, String videoSessionId) {
        Map<String, Object> body = new HashMap<>(TRAITS);
        body.put("video_session_id", videoSessionId);
        assertThat(rater.post("/api/ratings", body).status()).isEqualTo(201);
    }

    private int count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Integer.class, args);
    }
}
