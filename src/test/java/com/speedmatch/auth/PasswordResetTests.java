package com.speedmatch.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.speedmatch.support.Api;
import com.speedmatch.support.MailTest;
import com.speedmatch.support.RowLocks;
import com.speedmatch.support.Users;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** "Forgot my password", with a real SMTP server (GreenMail) in the test JVM reading the mail. */
class PasswordResetTests extends MailTest {

    @Autowired
    DataSource dataSource;

    @BeforeEach
    void emptyTheMailbox() throws Exception {
        SMTP.purgeEmailFromAllMailboxes();
    }

    @Test
    void theMailedTokenSetsANewPasswordOnceAndSignsOutEverywhere() {
        Users.User anna = users().aWoman().register();
        assertThat(api.post("/api/auth/password-reset", null, Map.of("email", anna.email.toUpperCase()))
                        .status())
                .isEqualTo(202);

        String token = tokenFromMailTo(anna.email);
        clock.advance(Duration.ofSeconds(2)); // the old tokens were issued before the reset
        assertThat(confirm(token, "a brand new password").status()).isEqualTo(204);

        assertThat(anna.get("/api/users/me").status()).isEqualTo(401);
        assertThat(api.post("/api/auth/refresh", null, Map.of("refresh_token", anna.refreshToken))
                        .status())
                .isEqualTo(401);
        assertThat(login(anna.email, anna.password).status()).isEqualTo(401);
        Api.Response signedIn = login(anna.email, "a brand new password");
        assertThat(signedIn.status()).isEqualTo(200);
        assertThat(api.get("/api/users/me", signedIn.json().get("access_token").asString())
                        .status())
                .isEqualTo(200);

        Api.Response again = confirm(token, "yet another password");
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.contentType()).startsWith("application/problem+json");
    }

    /** A stolen token's push subscription does not outlive the owner taking the account back. */
    @Test
    void aResetEndsEveryPushSubscription() {
        Users.User anna = users().aWoman().register();
        for (String device : List.of("phone", "thief")) {
            assertThat(anna.post(
                                    "/api/push/subscriptions",
                                    Map.of(
                                            "endpoint",
                                            "http://127.0.0.1:9/push/" + device,
                                            "keys",
                                            Map.of("p256dh", "AAAA", "auth", "AAAA")))
                            .status())
                    .isEqualTo(201);
        }
        api.post("/api/auth/password-reset", null, Map.of("email", anna.email));
        assertThat(confirm(tokenFromMailTo(anna.email), "a brand new password").status())
                .isEqualTo(204);

        assertThat(jdbc.queryForObject(
                        "select count(*) from push_subscriptions where user_id = ?", Integer.class, anna.id))
                .isZero();
    }

    /**
     * A thief refreshing while the owner resets keeps nothing, whichever commits first. The
     * controllable step: the account's row is held, so the reset queues on it first and the thief's
     * refresh comes while it waits. A refresh that completed then (it took no lock) was stamped in
     * the same second as the reset, and its access token outlived the reset.
     */
    @Test
    void aRefreshRacingTheResetLeavesTheThiefNoWorkingToken() throws Exception {
        Users.User anna = users().aWoman().register();
        api.post("/api/auth/password-reset", null, Map.of("email", anna.email));
        String token = tokenFromMailTo(anna.email);

        CompletableFuture<Api.Response> reset;
        CompletableFuture<Api.Response> thief;
        try (RowLocks.Held row = RowLocks.hold(dataSource, "select id from users where id = ? for update", anna.id)) {
            reset = CompletableFuture.supplyAsync(() -> confirm(token, "the owner's new password"));
            RowLocks.awaitWaiting(jdbc, 1);
            thief = CompletableFuture.supplyAsync(
                    () -> api.post("/api/auth/refresh", null, Map.of("refresh_token", anna.refreshToken)));
            // The thief's refresh either waits behind the reset on the row, or (before the fix) is done.
            await().atMost(Duration.ofSeconds(10)).until(() -> thief.isDone() || RowLocks.waiting(jdbc) >= 2);
        }
        assertThat(reset.get(10, TimeUnit.SECONDS).status()).isEqualTo(204);
        Api.Response stolen = thief.get(10, TimeUnit.SECONDS);
        if (stolen.status() == 200) {
            assertThat(api.get(
                                    "/api/users/me",
                                    stolen.json().get("access_token").asString())
                            .status())
                    .as("the access token a racing refresh issued")
                    .isEqualTo(401);
            assertThat(api.post(
                                    "/api/auth/refresh",
                                    null,
                                    Map.of(
                                            "refresh_token",
                                            stolen.json().get("refresh_token").asString()))
                            .status())
                    .as("its refresh token")
                    .isEqualTo(401);
        } else {
            assertThat(stolen.status()).isEqualTo(401);
        }
        assertThat(anna.get("/api/users/me").status()).isEqualTo(401);
        assertThat(login(anna.email, "the owner's new password").status()).isEqualTo(200);
    }

    /** Two links asked for; using one retires the other. */
    @Test
    void usingOneResetLinkRetiresTheOthers() throws Exception {
        Users.User ben = users().aMan().register();
        api.post("/api/auth/password-reset", null, Map.of("email", ben.email));
        String first = tokenFromMailTo(ben.email);
        SMTP.purgeEmailFromAllMailboxes();
        api.post("/api/auth/password-reset", null, Map.of("email", ben.email));
        String second = tokenFromMailTo(ben.email);
        assertThat(second).isNotEqualTo(first);
        assertThat(confirm(second, "the second new password").status()).isEqualTo(204);
        assertThat(confirm(first, "the first new password").status()).isEqualTo(400);
    }

    @Test
    void anUnknownAddressGetsTheSameAnswerAndNoMail() throws Exception {
        assertThat(api.post("/api/auth/password-reset", null, Map.of("email", "nobody-here@example.com"))
                        .status())
                .isEqualTo(202);
        Users.User ben = users().aMan().register();
        api.post("/api/auth/password-reset", null, Map.of("email", ben.email));
        tokenFromMailTo(ben.email); // the mail for a known address arrives...
        assertThat(mailsTo("nobody-here@example.com", "")).isEmpty(); // ...and none for the unknown one
        assertThat(mailsTo(ben.email, "Reset")).hasSize(1);
    }

    @Test
    void aTokenExpiresAfterThirtyMinutesAndRequestsAreLimited() {
        Users.User cleo = users().aNonbinaryPerson().register();
        api.post("/api/auth/password-reset", null, Map.of("email", cleo.email));
        String token = tokenFromMailTo(cleo.email);
        api.post("/api/auth/password-reset", null, Map.of("email", cleo.email));
        api.post("/api/auth/password-reset", null, Map.of("email", cleo.email));
        Api.Response fourth = api.post("/api/auth/password-reset", null, Map.of("email", cleo.email));
        assertThat(fourth.status()).isEqualTo(429);
        assertThat(fourth.headers().firstValue("Retry-After")).isPresent();

        clock.advance(Duration.ofMinutes(31));
        assertThat(confirm(token, "too late for this").status()).isEqualTo(400);
    }

    /** Strangers used up the email's hour cap; the owner resets the password and may sign in at once. */
    @Test
    void aCompletedResetClearsTheAccountsFailedSignIns() {
        Users.User anna = users().aWoman().register();
        for (int i = 0; i < 100; i++) {
            loginFrom(anna.email, "guess " + i, "198.51.100." + (i % 50 + 1));
        }
        assertThat(loginFrom(anna.email, anna.password, "192.0.2.7").status()).isEqualTo(429);

        api.post("/api/auth/password-reset", null, Map.of("email", anna.email));
        assertThat(confirm(tokenFromMailTo(anna.email), "a brand new password").status())
                .isEqualTo(204);

        assertThat(loginFrom(anna.email, "a brand new password", "192.0.2.7").status())
                .isEqualTo(200);
    }

    private Api.Response loginFrom(String email, String password, String address) {
        return api.send(api.request("/api/auth/login", null)
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", address)
                .POST(HttpRequest.BodyPublishers.ofString(
                        Api.JSON.writeValueAsString(Map.of("email", email, "password", password)))));
    }

    @Test
    void badResetInputIsA400Problem() {
        for (Object body : List.of(Map.of("email", "not an address"), Map.of(), "{\"email\": ")) {
            Api.Response refused = api.post("/api/auth/password-reset", null, body);
            assertThat(refused.status()).as(String.valueOf(body)).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
        }
        assertThat(confirm("", "a long enough password").status()).isEqualTo(400);
        assertThat(confirm("some-token", "short").status()).isEqualTo(400);
        assertThat(confirm("some-token", "é".repeat(40)).status()).isEqualTo(400); // 80 bytes: over bcrypt's 72
        assertThat(confirm("no-such-token", "a long enough password").status()).isEqualTo(400);
    }

    private static String tokenFromMailTo(String address) {
        return tokenFromMailTo(address, "Reset your SpeedMatch password", "reset");
    }

    private Api.Response confirm(String token, String password) {
        return api.post("/api/auth/password-reset/confirm", null, Map.of("token", token, "new_password", password));
    }

    private Api.Response login(String email, String password) {
        return api.post("/api/auth/login", null, Map.of("email", email, "password", password));
    }
}
