package com.speedmatch.limits;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedmatch.support.Api;
import com.speedmatch.support.Dates;
import com.speedmatch.support.IntegrationTest;
import com.speedmatch.support.Users;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationContext;
import org.springframework.web.multipart.MultipartResolver;

/** docs/spec.md "Limits", with the default numbers, over HTTP. */
class LimitsTests extends IntegrationTest {

    @org.springframework.beans.factory.annotation.Autowired
    ApplicationContext context;

    @Test
    void tenFailedSignInsForOneEmailFromOneAddressRefuseTheNextFromThereEvenWithTheRightPassword() {
        Users.User anna = users().aWoman().register();
        String address = uniqueAddress();
        for (int i = 0; i < 10; i++) {
            assertThat(login(anna.email, "wrong password " + i, address).status())
                    .isEqualTo(401);
        }
        Api.Response refused = login(anna.email, anna.password, address);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.headers()
                        .firstValue("Retry-After")
                        .map(Long::parseLong)
                        .orElseThrow())
                .isBetween(1L, 900L);

        clock.advance(Duration.ofMinutes(15));
        assertThat(login(anna.email, anna.password, address).status()).isEqualTo(200);
    }

    /** A stranger's guesses from elsewhere never lock the owner out of their own address. */
    @Test
    void aStrangersFailuresDoNotLockTheOwnerOut() {
        Users.User anna = users().aWoman().register();
        String stranger = uniqueAddress();
        for (int i = 0; i < 14; i++) {
            login(anna.email, "a stranger's guess " + i, stranger);
        }
        assertThat(login(anna.email, anna.password, stranger).status()).isEqualTo(429);
        assertThat(login(anna.email, anna.password, uniqueAddress()).status()).isEqualTo(200);
    }

    /** Past 100 failures for one email in an hour, from however many addresses, it waits out the hour. */
    @Test
    void aHundredFailuresForOneEmailFromManyAddressesCapItForAnHour() {
        Users.User anna = users().aWoman().register();
        for (int i = 0; i < 100; i++) {
            assertThat(login(anna.email, "guess " + i, uniqueAddress()).status())
                    .isEqualTo(401);
        }
        Api.Response capped = login(anna.email, anna.password, uniqueAddress());
        assertThat(capped.status()).isEqualTo(429);
        assertThat(capped.json().get("detail").asString()).contains("for this email");
        clock.advance(Duration.ofHours(1));
        assertThat(login(anna.email, anna.password, uniqueAddress()).status()).isEqualTo(200);
    }

    /**
     * Strangers failing from twenty addresses use up the email's hour cap, but not its owner's own
     * device: a sign-in with the device token of an earlier sign-in is counted per device.
     */
    @Test
    void failuresFromTwentyAddressesDoNotLockTheOwnerOut() {
        Users.User anna = users().aWoman().register();
        String deviceToken = login(anna.email, anna.password, uniqueAddress())
                .json()
                .get("device_token")
                .asString();
        List<String> strangers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            strangers.add(uniqueAddress());
        }
        for (int i = 0; i < 100; i++) {
            login(anna.email, "guess " + i, strangers.get(i % 20));
        }
        assertThat(login(anna.email, anna.password, uniqueAddress()).status()).isEqualTo(429);

        Api.Response owner = login(anna.email, anna.password, uniqueAddress(), deviceToken);
        assertThat(owner.status()).isEqualTo(200);
        // Another account's device token is no key to this one.
        Users.User ben = users().aMan().register();
        String bensDevice = login(ben.email, ben.password, uniqueAddress())
                .json()
                .get("device_token")
                .asString();
        assertThat(login(anna.email, anna.password, uniqueAddress(), bensDevice).status())
                .isEqualTo(429);
    }

    /** Read marks and connection changes are cheap to send and each is news for the other: bounded per user. */
    @Test
    void readMarksAndConnectionChangesAreLimited() {
        Dates.Date date = Dates.joined(users());
        for (int i = 0; i < 30; i++) {
            assertThat(date.caller()
                            .post(
                                    "/api/video/session/" + date.videoSessionId() + "/connection",
                                    Map.of("state", i % 2 == 0 ? "lost" : "restored"))
                            .status())
                    .isEqualTo(202);
        }
        Api.Response toggling = date.caller()
                .post("/api/video/session/" + date.videoSessionId() + "/connection", Map.of("state", "lost"));
        assertThat(toggling.status()).isEqualTo(429);
        assertThat(toggling.headers().firstValue("Retry-After")).isPresent();

        date.caller().endCall(date.videoSessionId());
        date.caller().decide(date.callSessionId(), "continue");
        long matchId = date.callee()
                .decide(date.callSessionId(), "continue")
                .json()
                .get("mutual_match")
                .get("match_id")
                .asLong();
        long message = date.caller()
                .post("/api/matches/" + matchId + "/messages", Map.of("text", "hi"))
                .json()
                .get("id")
                .asLong();
        for (int i = 0; i < 60; i++) {
            assertThat(date.callee()
                            .post("/api/matches/" + matchId + "/read", Map.of("up_to", message))
                            .status())
                    .isEqualTo(204);
        }
        assertThat(date.callee()
                        .post("/api/matches/" + matchId + "/read", Map.of("up_to", message))
                        .status())
                .isEqualTo(429);
    }

    /** Every address of one IPv6 /64 is one client: walking the block does not reset the count. */
    @Test
    void anIpv6ClientIsCountedByItsSlash64() {
        Users.User anna = users().aWoman().register();
        String prefix = "2001:db8:" + Integer.toHexString(ADDRESSES.nextInt(0x10000)) + ":"
                + Integer.toHexString(ADDRESSES.nextInt(0x10000));
        for (int i = 0; i < 10; i++) {
            assertThat(login(anna.email, "guess " + i, prefix + "::" + Integer.toHexString(i + 1))
                            .status())
                    .isEqualTo(401);
        }
        assertThat(login(anna.email, anna.password, prefix + ":ffff::1").status())
                .isEqualTo(429);
        assertThat(login(anna.email, anna.password, uniqueAddress()).status()).isEqualTo(200);
    }

    /** A 100 KB email is refused before any use: no limit key, lookup or hash is built from it. */
    @Test
    void anOverlongEmailIsRefusedBeforeAnythingElse() {
        Api.Response refused = login("a".repeat(100_000) + "@example.com", "whatever password", uniqueAddress());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("detail").asString()).contains("email");
        Map<String, Object> body = new HashMap<>(users().aWoman().body());
        body.put("email", "a".repeat(243) + "@example.com"); // 255 characters
        assertThat(register(body, uniqueAddress()).status()).isEqualTo(400);
    }

    @Test
    void fiftyFailedSignInsFromOneAddressRefuseTheNext() {
        String address = uniqueAddress();
        for (int i = 0; i < 50; i++) {
            assertThat(login("nobody-" + i + "-" + UUID.randomUUID() + "@example.com", "guess", address)
                            .status())
                    .isEqualTo(401);
        }
        Users.User ben = users().aMan().register();
        assertThat(login(ben.email, ben.password, address).status()).isEqualTo(429);
        assertThat(login(ben.email, ben.password, uniqueAddress()).status()).isEqualTo(200);
    }

    @Test
    void tenSignUpsFromOneAddressAnHourAndNoMore() {
        String address = uniqueAddress();
        for (int i = 0; i < 10; i++) {
            assertThat(register(users().aWoman().body(), address).status()).isEqualTo(201);
        }
        Map<String, Object> eleventh = users().aWoman().body();
        Api.Response refused = register(eleventh, address);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(jdbc.queryForObject(
                        "select count(*) from users where email = ?", Integer.class, eleventh.get("email")))
                .isZero();
    }

    @Test
    void twentySignalsASecondPerUser() {
        Dates.Date date = Dates.joined(users());
        clock.freeze();
        try {
            for (int i = 0; i < 20; i++) {
                assertThat(date.caller()
                                .signal(date.videoSessionId(), "ice-candidate", Map.of("candidate", "c" + i))
                                .status())
                        .isEqualTo(202);
            }
            Api.Response refused =
                    date.caller().signal(date.videoSessionId(), "ice-candidate", Map.of("candidate", "21"));
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(date.callee()
                            .signals(date.videoSessionId(), "after=0")
                            .json()
                            .get("signals"))
                    .hasSize(20);
            clock.advance(Duration.ofSeconds(1));
            assertThat(date.caller()
                            .signal(date.videoSessionId(), "ice-candidate", Map.of("candidate", "later"))
                            .status())
                    .isEqualTo(202);
        } finally {
            clock.thaw();
        }
    }

    /**
     * No endpoint takes multipart, and a multipart body is never parsed: parsing would read it past
     * the request size cap, outside the stream that counts.
     */
    @Test
    void aMultipartBodyIsRefusedUnread() {
        assertThat(context.getBeanNamesForType(MultipartResolver.class)).isEmpty();
        String boundary = "speedmatch-boundary";
        byte[] body = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\n"
                        + "Content-Type: application/octet-stream\r\n\r\n" + "x".repeat(400 * 1024) + "\r\n--"
                        + boundary + "--\r\n")
                .getBytes();
        Api.Response refused = api.send(api.request("/api/auth/register", null)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertThat(refused.status()).isIn(413, 415);
        assertThat(refused.contentType()).startsWith("application/problem+json");
    }

    @Test
    void aChunkedBodyIsCountedAsItIsReadAndRefusedPastTheLimit() {
        byte[] body = ("{\"email\": \"" + "a".repeat(1 << 20) + "\", \"password\": \"x\"}").getBytes();
        Api.Response refused = api.send(api.request("/api/auth/login", null)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("detail").asString()).contains("262144");
    }

    @Test
    void oneRatingPerPersonPerDayHoweverManyCalls() {
        Dates.Date first = Dates.joined(users());
        Map<String, Object> traits =
                Map.of("openness", 5, "conscientiousness", 5, "extraversion", 5, "agreeableness", 5, "neuroticism", 1);
        assertThat(rate(first.caller(), first.videoSessionId(), traits).status())
                .isEqualTo(201);
        first.caller().endCall(first.videoSessionId());
        String again = matchCall(first.caller(), first.callee());

        Api.Response second = rate(first.caller(), again, traits);
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.json().get("detail").asString()).contains("one rating per person per day");
        clock.advance(Duration.ofDays(1));
        first.caller().token = login(first.caller().email, first.caller().password, uniqueAddress())
                .json()
                .get("access_token")
                .asString();
        assertThat(rate(first.caller(), again, traits).status()).isEqualTo(201);
    }

    @Test
    void tenMatchCallsPerMatchAnHour() {
        Dates.Date date = Dates.pair(users());
        long matchId = match(date.caller(), date.callee());
        date.caller().endCall(date.videoSessionId());
        for (int i = 0; i < 10; i++) {
            Api.Response call = date.caller().post("/api/matches/" + matchId + "/video-call", "");
            assertThat(call.status()).as(call.toString()).isEqualTo(201);
            date.callee().endCall(call.json().get("video_session_id").asString());
        }
        Api.Response eleventh = date.callee().post("/api/matches/" + matchId + "/video-call", "");
        assertThat(eleventh.status()).isEqualTo(429);
        assertThat(eleventh.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void oneOpenReportPerReporterAndReportedUser() {
        Dates.Date date = Dates.pair(users());
        Map<String, Object> report = Map.of("user_id", date.callee().id, "reason", "harassment");
        assertThat(date.caller().post("/api/reports", report).status()).isEqualTo(201);
        Api.Response again = date.caller().post("/api/reports", report);
        assertThat(again.status()).isEqualTo(409);
        assertThat(jdbc.queryForObject(
                        "select count(*) from reports where reporter_id = ? and reported_id = ?",
                        Integer.class,
                        date.caller().id,
                        date.callee().id))
                .isEqualTo(1);
    }

    @Test
    void aBlockRemovesTheMatchForBothAndRefusesTheirCalls() {
        Dates.Date date = Dates.pair(users());
        long matchId = match(date.caller(), date.callee());
        assertThat(date.callee().get("/api/matches").json()).hasSize(1);

        assertThat(date.caller()
                        .post("/api/users/" + date.callee().id + "/block", "")
                        .status())
                .isBetween(200, 204);

        assertThat(date.caller().get("/api/matches").json()).isEmpty();
        assertThat(date.callee().get("/api/matches").json()).isEmpty();
        assertThat(date.callee()
                        .post("/api/matches/" + matchId + "/video-call", "")
                        .status())
                .isEqualTo(404);
    }

    private long match(Users.User a, Users.User b) {
        return jdbc.queryForObject("""
                insert into matches (user1_id, user2_id, status, created_at) values (?, ?, 'mutual', now()) returning id
                """, Long.class, Math.min(a.id, b.id), Math.max(a.id, b.id));
    }

    /** A match call between the two, joined by both: a call that ran, so it can be rated. */
    private String matchCall(Users.User a, Users.User b) {
        long matchId = match(a, b);
        String session = a.post("/api/matches/" + matchId + "/video-call", "")
                .json()
                .get("video_session_id")
                .asString();
        a.join(session);
        b.join(session);
        return session;
    }

    private static Api.Response rate(Users.User rater, String videoSessionId, Map<String, Object> traits) {
        Map<String, Object> body = new HashMap<>(traits);
        body.put("video_session_id", videoSessionId);
        return rater.post("/api/ratings", body);
    }

    private Api.Response login(String email, String password, String address) {
        return login(email, password, address, null);
    }

    private Api.Response login(String email, String password, String address, String deviceToken) {
        Map<String, Object> body = new HashMap<>(Map.of("email", email, "password", password));
        if (deviceToken != null) {
            body.put("device_token", deviceToken);
        }
        return api.send(api.request("/api/auth/login", null)
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", address)
                .POST(HttpRequest.BodyPublishers.ofString(Api.JSON.writeValueAsString(body))));
    }

    private Api.Response register(Map<String, Object> body, String address) {
        return api.send(api.request("/api/auth/register", null)
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", address)
                .POST(HttpRequest.BodyPublishers.ofString(Api.JSON.writeValueAsString(body))));
    }

    private static final Random ADDRESSES = new SecureRandom();

    /** An address of a /64 of its own (an IPv6 client is counted by its /64). */
    private static String uniqueAddress() {
        return "2001:db8:" + Integer.toHexString(ADDRESSES.nextInt(0x10000)) + ":"
                + Integer.toHexString(ADDRESSES.nextInt(0x10000)) + "::"
                + Integer.toHexString(ADDRESSES.nextInt(1, 0x10000));
    }
}
