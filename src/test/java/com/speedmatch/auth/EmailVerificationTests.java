package com.speedmatch.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.speedmatch.support.Api;
import com.speedmatch.support.MailTest;
import com.speedmatch.support.Users;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/spec.md "Verified email, moderators and sign-in safety": the link mailed at registration, resend,
 * and moderator rights that need a listed and verified address in one normal form. The test run
 * lists {@code mod-kelvin@example.com} and {@code mod-verified@example.com} as moderators.
 */
class EmailVerificationTests extends MailTest {

    private static final String SUBJECT = "Confirm your email";

    @Test
    void theLinkMailedAtRegistrationVerifiesTheEmailOnceWithin24Hours() {
        Users.User anna = users().aWoman().register();
        assertThat(anna.get("/api/users/me").json().get("email_verified").asBoolean())
                .isFalse();

        String token = tokenFromMailTo(anna.email, SUBJECT, "verify");
        assertThat(verify(token).status()).isEqualTo(204);
        assertThat(anna.get("/api/users/me").json().get("email_verified").asBoolean())
                .isTrue();

        Api.Response again = verify(token);
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.contentType()).startsWith("application/problem+json");
        assertThat(verify("no-such-token").status()).isEqualTo(400);
        assertThat(verify("").status()).isEqualTo(400);
    }

    @Test
    void aLinkExpiresAfter24HoursAndANewOneCanBeAskedForThreeTimesAnHour() {
        Users.User ben = users().aMan().register();
        String expired = tokenFromMailTo(ben.email, SUBJECT, "verify");
        clock.advance(Duration.ofHours(25));
        assertThat(verify(expired).status()).isEqualTo(400);

        String token = api.post("/api/auth/login", null, Map.of("email", ben.email, "password", ben.password))
                .json()
                .get("access_token")
                .asString();
        for (int i = 0; i < 3; i++) {
            assertThat(api.post("/api/auth/verify-email/resend", token, "").status())
                    .isEqualTo(202);
        }
        Api.Response limited = api.post("/api/auth/verify-email/resend", token, "");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> mailsTo(ben.email, SUBJECT).size() == 4);

        // Using one retires the others.
        String latest = tokenFromMailTo(ben.email, SUBJECT, "verify");
        assertThat(verify(latest).status()).isEqualTo(204);
        assertThat(api.get("/api/users/me", token).json().get("email_verified").asBoolean())
                .isTrue();
        assertThat(api.post("/api/auth/verify-email/resend", null, "").status()).isEqualTo(401);
    }

    @Test
    void aListedModeratorHasNoRightsUntilTheEmailIsVerified() {
        Users.User moderator = register("Mod-Verified@Example.com");
        assertThat(moderator.get("/api/moderation/me").json().get("moderator").asBoolean())
                .isFalse();
        assertThat(moderator.get("/api/moderation/reports").status()).isEqualTo(403);

        assertThat(verify(tokenFromMailTo("Mod-Verified@Example.com", SUBJECT, "verify"))
                        .status())
                .isEqualTo(204);
        assertThat(moderator.get("/api/moderation/me").json().get("moderator").asBoolean())
                .isTrue();
        assertThat(moderator.get("/api/moderation/reports").status()).isEqualTo(200);
    }

    /** The Kelvin sign (U+212A) folds to a K under NFKC: the look-alike of a listed address is refused. */
    @Test
    void aLookAlikeOfAModeratorsAddressIsRefusedAtRegistration() {
        Api.Response lookAlike = api.post("/api/auth/register", null, body("mod-\u212Aelvin@example.com"));
        assertThat(lookAlike.status()).isEqualTo(400);
        assertThat(lookAlike.json().get("detail").asString()).contains("imitates");
        assertThat(jdbc.queryForObject(
                        "select count(*) from users where email_key = 'mod-kelvin@example.com'", Integer.class))
                .isZero();

        // The address itself, in any case, registers; and then no other form of it can.
        register("MOD-KELVIN@example.com");
        assertThat(api.post("/api/auth/register", null, body("mod-kelvin@EXAMPLE.com"))
                        .status())
                .isEqualTo(409);
    }

    /** Full-width letters fold too: one account per address in the one normal form, in Java and in SQL. */
    @Test
    void anAddressInCompatibilityCharactersIsTheSameAccount() {
        Users.User cleo = users().aNonbinaryPerson().register();
        String fullWidth = cleo.email
                .chars()
                .mapToObj(c -> Character.isLetter(c) && c < 128
                        ? String.valueOf((char) (c - 'a' + '\uFF41'))
                        : String.valueOf((char) c))
                .reduce("", String::concat);
        Api.Response taken = api.post("/api/auth/register", null, body(fullWidth));
        assertThat(taken.status()).as(fullWidth).isEqualTo(409);
        assertThat(api.post("/api/auth/login", null, Map.of("email", fullWidth, "password", cleo.password))
                        .status())
                .isEqualTo(200);
    }

    private Users.User register(String email) {
        return users().aWoman().withEmail(email).register();
    }

    private Map<String, Object> body(String email) {
        Map<String, Object> body = new HashMap<>(users().aWoman().body());
        body.put("email", email);
        return body;
    }

    private Api.Response verify(String token) {
        return api.post("/api/auth/verify-email", null, Map.of("token", token));
    }
}
