package com.speedmatch.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.speedmatch.support.Api;
import com.speedmatch.support.IntegrationTest;
import com.speedmatch.support.Users;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** "Forgot my password", with a real SMTP server (GreenMail) in the test JVM reading the mail. */
class PasswordResetTests extends IntegrationTest {

    private static final GreenMail SMTP = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    static {
        SMTP.start();
    }

    @DynamicPropertySource
    static void mailServer(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
        registry.add("speedmatch.public-url", () -> "https://speedmatch.example");
    }

    @AfterAll
    static void stopSmtp() {
        SMTP.stop();
    }

    @BeforeEach
    void emptyTheMailbox() throws Exception {
        SMTP.purgeEmailFromAllMailboxes();
    }

    @Test
    void theMailedTokenSetsANewPasswordOnceAndSignsOutEverywhere() {
        Users.User anna = users().aWoman().register();
        assertThat(api.post("/api/auth/password-reset", null, Map.of("email", anna.email.toUpperCase())).status()).isEqualTo(202);

        String token = tokenFromMailTo(anna.email);
        clock.advance(Duration.ofSeconds(2)); // the old tokens were issued before the reset
        assertThat(confirm(token, "a brand new password").status()).isEqualTo(204);

        assertThat(anna.get("/api/users/me").status()).isEqualTo(401);
        assertThat(api.post("/api/auth/refresh", null, Map.of("refresh_token", anna.refreshToken)).status()).isEqualTo(401);
        assertThat(login(anna.email, anna.password).status()).isEqualTo(401);
        Api.Response signedIn = login(anna.email, "a brand new password");
        assertThat(signedIn.status()).isEqualTo(200);
        assertThat(api.get("/api/users/me", signedIn.json().get("access_token").asString()).status()).isEqualTo(200);

        Api.Response again = confirm(token, "yet another password");
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.contentType()).startsWith("application/problem+json");
    }

    @Test
    void anUnknownAddressGetsTheSameAnswerAndNoMail() throws Exception {
        assertThat(api.post("/api/auth/password-reset", null, Map.of("email", "nobody-here@example.com")).status()).isEqualTo(202);
        Users.User ben = users().aMan().register();
        api.post("/api/auth/password-reset", null, Map.of("email", ben.email));
        tokenFromMailTo(ben.email); // the mail for a known address arrives...
        assertThat(SMTP.getReceivedMessages()).hasSize(1); // ...and only that one
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

    @Test
    void badResetInputIsA400Problem() {
        for (Object body : java.util.List.of(Map.of("email", "not an address"), Map.of(), "{\"email\": ")) {
            Api.Response refused = api.post("/api/auth/password-reset", null, body);
            assertThat(refused.status()).as(String.valueOf(body)).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
        }
        assertThat(confirm("", "a long enough password").status()).isEqualTo(400);
        assertThat(confirm("some-token", "short").status()).isEqualTo(400);
        assertThat(confirm("some-token", "é".repeat(40)).status()).isEqualTo(400); // 80 bytes: over bcrypt's 72
        assertThat(confirm("no-such-token", "a long enough password").status()).isEqualTo(400);
    }

    private String tokenFromMailTo(String address) {
        await().atMost(Duration.ofSeconds(10)).until(() -> SMTP.getReceivedMessages().length > 0);
        for (MimeMessage message : SMTP.getReceivedMessages()) {
            try {
                if (message.getAllRecipients()[0].toString().equalsIgnoreCase(address)) {
                    assertThat(message.getSubject()).contains("Reset your SpeedMatch password");
                    Matcher link = Pattern.compile("https://speedmatch\\.example/#reset=([A-Za-z0-9_-]+)")
                            .matcher(GreenMailUtil.getBody(message));
                    assertThat(link.find()).isTrue();
                    return link.group(1);
                }
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("No mail to " + address);
    }

    private Api.Response confirm(String token, String password) {
        return api.post("/api/auth/password-reset/confirm", null, Map.of("token", token, "new_password", password));
    }

    private Api.Response login(String email, String password) {
        return api.post("/api/auth/login", null, Map.of("email", email, "password", password));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
