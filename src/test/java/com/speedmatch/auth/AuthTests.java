package com.speedmatch.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedmatch.auth.internal.RefreshTokenSweeper;
import com.speedmatch.support.Api;
import com.speedmatch.support.IntegrationTest;
import com.speedmatch.support.Users;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Map;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

class AuthTests extends IntegrationTest {

    @Autowired
    RefreshTokenSweeper sweeper;

    /** Ten live sign-ins at most: the eleventh ends the oldest, whose refresh token is then refused. */
    @Test
    void theEleventhSignInEndsTheOldest() {
        Users.User anna = users().aWoman().register(); // the first sign-in
        List<Users.User> devices = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            devices.add(anna.signedInAgain(api));
        }
        assertThat(refresh(anna.refreshToken).status()).isEqualTo(200);
        Users.User eleventh = anna.signedInAgain(api);

        assertThat(refresh(anna.refreshToken).status()).isEqualTo(401);
        assertThat(refresh(devices.get(0).refreshToken).status()).isEqualTo(200);
        assertThat(refresh(eleventh.refreshToken).status()).isEqualTo(200);
    }

    /** Expired refresh tokens and ones revoked a day ago are deleted; live ones stay. */
    @Test
    void spentRefreshTokensAreSwept() {
        Users.User anna = users().aWoman().register();
        Users.User laptop = anna.signedInAgain(api);
        api.post("/api/auth/logout", anna.token, Map.of("refresh_token", anna.refreshToken));
        jdbc.update(
                "update refresh_tokens set revoked_at = revoked_at - interval '2 days' where user_id = ? and revoked_at is not null",
                anna.id);

        sweeper.sweepNow();

        assertThat(jdbc.queryForObject(
                        "select count(*) from refresh_tokens where user_id = ? and revoked_at is not null",
                        Integer.class,
                        anna.id))
                .isZero();
        assertThat(refresh(laptop.refreshToken).status()).isEqualTo(200);
    }

    private Api.Response refresh(String refreshToken) {
        return api.post("/api/auth/refresh", null, Map.of("refresh_token", refreshToken));
    }

    @Value("${security.jwt.secret}")
    String secret;

    @Test
    void registeredUserCanLogInRefreshAndLogOut() {
        Users.User alice = users().aWoman().named("Alice").register();
        assertThat(alice.get("/api/users/me").json().get("name").asString()).isEqualTo("Alice");

        Api.Response login = api.post(
                "/api/auth/login", null, Map.of("email", alice.email.toUpperCase(), "password", alice.password));
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.json().get("token_type").asString()).isEqualTo("Bearer");
        assertThat(login.json().get("expires_in").asLong()).isEqualTo(900);

        String refresh = login.json().get("refresh_token").asString();
        Api.Response refreshed = api.post("/api/auth/refresh", null, Map.of("refresh_token", refresh));
        assertThat(refreshed.status()).isEqualTo(200);
        String access = refreshed.json().get("access_token").asString();
        assertThat(api.get("/api/users/me", access).status()).isEqualTo(200);

        String rotated = refreshed.json().get("refresh_token").asString();
        assertThat(api.post("/api/auth/logout", access, Map.of("refresh_token", rotated))
                        .status())
                .isEqualTo(204);
        assertThat(api.post("/api/auth/refresh", null, Map.of("refresh_token", rotated))
                        .status())
                .isEqualTo(401);
    }

    @Test
    void reusingARotatedRefreshTokenRevokesTheWholeFamily() {
        Users.User bob = users().aMan().register();
        Api.Response first = api.post("/api/auth/refresh", null, Map.of("refresh_token", bob.refreshToken));
        String current = first.json().get("refresh_token").asString();

        Api.Response replay = api.post("/api/auth/refresh", null, Map.of("refresh_token", bob.refreshToken));
        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.contentType()).startsWith("application/problem+json");
        // The thief's replay also ended the legitimate newest token.
        assertThat(api.post("/api/auth/refresh", null, Map.of("refresh_token", current))
                        .status())
                .isEqualTo(401);
    }

    @Test
    void unknownEmailAndWrongPasswordGetTheSameAnswer() {
        Users.User carol = users().aWoman().register();
        Api.Response wrongPassword =
                api.post("/api/auth/login", null, Map.of("email", carol.email, "password", "not the password"));
        Api.Response unknown =
                api.post("/api/auth/login", null, Map.of("email", "nobody-" + carol.email, "password", "whatever123"));
        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(wrongPassword.json().get("detail")).isEqualTo(unknown.json().get("detail"));
    }

    @Test
    void emailIsUniqueWhateverItsCase() {
        var builder = users().aWoman();
        builder.register();
        builder.body().put("email", ((String) builder.body().get("email")).toUpperCase());
        Api.Response again = api.post("/api/auth/register", null, builder.body());
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.contentType()).startsWith("application/problem+json");
    }

    @Test
    void minorsCannotRegisterAndNothingIsStored() {
        var builder = users().aMan().aged(17);
        Integer before = jdbc.queryForObject("select count(*) from users", Integer.class);
        Api.Response response = api.post("/api/auth/register", null, builder.body());
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("birth_date");
        assertThat(jdbc.queryForObject("select count(*) from users", Integer.class))
                .isEqualTo(before);
    }

    @Test
    void passwordsLongerThanBcryptCanHoldAreRefused() {
        var builder = users().aMan();
        builder.body().put("password", "é".repeat(40)); // 40 characters, 80 bytes
        Api.Response response = api.post("/api/auth/register", null, builder.body());
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("password");
    }

    @Test
    void refusedTokensAnswer401Problems() {
        Users.User dave = users().aMan().register();
        SecretKey key = Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8));
        Instant now = Instant.now();
        String expired = Jwts.builder()
                .issuer("speedmatch")
                .subject(Long.toString(dave.id))
                .claim("typ", "access")
                .issuedAt(Date.from(now.minus(Duration.ofHours(1))))
                .expiration(Date.from(now.minus(Duration.ofMinutes(1))))
                .signWith(key, Jwts.SIG.HS256)
                .compact();
        String noExpiry = Jwts.builder()
                .issuer("speedmatch")
                .subject(Long.toString(dave.id))
                .claim("typ", "access")
                .signWith(key, Jwts.SIG.HS256)
                .compact();
        String otherAlgorithm = Jwts.builder()
                .issuer("speedmatch")
                .subject(Long.toString(dave.id))
                .claim("typ", "access")
                .expiration(Date.from(now.plus(Duration.ofMinutes(5))))
                .signWith(key, Jwts.SIG.HS384)
                .compact();
        String wrongIssuer = Jwts.builder()
                .issuer("someone-else")
                .subject(Long.toString(dave.id))
                .claim("typ", "access")
                .expiration(Date.from(now.plus(Duration.ofMinutes(5))))
                .signWith(key, Jwts.SIG.HS256)
                .compact();
        String badSignature = Jwts.builder()
                .issuer("speedmatch")
                .subject(Long.toString(dave.id))
                .claim("typ", "access")
                .expiration(Date.from(now.plus(Duration.ofMinutes(5))))
                .signWith(
                        Keys.hmacShaKeyFor(
                                "another-secret-that-is-long-enough-for-hs256!!".getBytes(StandardCharsets.UTF_8)),
                        Jwts.SIG.HS256)
                .compact();
        String header = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("{\"iss\":\"speedmatch\",\"sub\":\"" + dave.id + "\",\"typ\":\"access\",\"exp\":"
                                + (now.getEpochSecond() + 300) + "}")
                        .getBytes(StandardCharsets.UTF_8));
        String algNone = header + "." + payload + ".";

        assertThat(api.get("/api/users/me", null).status()).isEqualTo(401);
        for (String token : new String[] {
            "garbage", expired, noExpiry, otherAlgorithm, wrongIssuer, badSignature, algNone, dave.refreshToken
        }) {
            Api.Response response = api.get("/api/users/me", token);
            assertThat(response.status()).as(token).isEqualTo(401);
            assertThat(response.contentType()).startsWith("application/problem+json");
        }
        assertThat(api.get("/api/users/me", dave.token).status()).isEqualTo(200);
    }

    @Test
    void profileCanBeChangedButNotBrokenAndAgeIsComputed() {
        Users.User erin = users().aWoman().aged(27).register();
        Api.Response patched = api.patch(
                "/api/users/me",
                erin.token,
                Map.of("bio", "Climber", "interests", List.of("climbing", "Climbing", "tea")));
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().get("age").asInt()).isEqualTo(27);
        assertThat(patched.json().get("interests").size()).isEqualTo(2);
        assertThat(patched.json().has("password_hash")).isFalse();

        Api.Response tooMany =
                api.patch("/api/users/me", erin.token, Map.of("interests", Collections.nCopies(21, "x")));
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.json().get("errors").get(0).get("field").asString()).isEqualTo("interests");
        assertThat(api.get("/api/users/me", erin.token).json().get("bio").asString())
                .isEqualTo("Climber");
    }
}
