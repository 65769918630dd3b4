package com.speedmatch.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.speedmatch.longpoll.Parking;
import com.speedmatch.support.Api;
import com.speedmatch.support.Dates;
import com.speedmatch.support.IntegrationTest;
import com.speedmatch.support.Users;
import com.speedmatch.user.AccountLifecycle;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * docs/spec.md "push notifications", against a push service of the test's own: what it receives is
 * checked as a browser would, independently of the sender's library. The VAPID token's ES256
 * signature is verified with the key the API publishes, and the payload is decrypted with the
 * subscriber's private key and auth secret (RFC 8291: ECDH, HKDF, AES-128-GCM).
 */
class PushTests extends IntegrationTest {

    @Autowired
    AccountLifecycle lifecycle;

    record Received(Map<String, String> headers, byte[] body) {}

    /**
     * Twelve users whose push service hangs (it takes their pushes and never answers) hold up
     * nobody: another pair's news is in their feed as soon as they are paired.
     */
    @Test
    void aPushServiceThatHangsHoldsUpNobodysNews() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        AtomicInteger held = new AtomicInteger();
        HttpServer hanging = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hanging.setExecutor(Executors.newCachedThreadPool());
        hanging.createContext("/push/", exchange -> {
            held.incrementAndGet();
            try {
                answer.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(201, -1);
            exchange.close();
        });
        hanging.start();
        try {
            String endpoint = "http://127.0.0.1:" + hanging.getAddress().getPort() + "/push/";
            // Six pairs, one after the other: six pairings to push, each to a push service that hangs.
            for (int i = 0; i < 6; i++) {
                Users.User a =
                        users().aNonbinaryPerson().interestedIn("nonbinary").register();
                Users.User b =
                        users().aNonbinaryPerson().interestedIn("nonbinary").register();
                subscribe(a, endpoint + a.id);
                subscribe(b, endpoint + b.id);
                Dates.pair(a.startMatching(), b.startMatching());
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> held.get() >= 8);

            Users.User anna = users().aWoman().register().startMatching();
            Users.User ben = users().aMan().register().startMatching();
            await().atMost(Duration.ofSeconds(3))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> anna.get("/api/events?after=0")
                            .json()
                            .get("events")
                            .valueStream()
                            .anyMatch(e -> e.get("type").asString().equals("match_found")
                                    && e.get("data").get("user_id").asLong() == ben.id));
        } finally {
            answer.countDown();
            hanging.stop(0);
        }
    }

    /** A subscription is its sign-in's: listed to its owner, ended by that sign-in's logout only. */
    @Test
    void subscriptionsAreListedAndEndWithTheSignInThatMadeThem() {
        Users.User phone = users().aWoman().register();
        Users.User laptop = phone.signedInAgain(api);
        long fromPhone = subscribe(phone, "http://127.0.0.1:9/push/phone");
        long fromLaptop = subscribe(laptop, "http://127.0.0.1:9/push/laptop");

        JsonNode listed = laptop.get("/api/push/subscriptions").json();
        assertThat(listed.valueStream().map(s -> s.get("id").asLong())).containsExactly(fromLaptop, fromPhone);
        assertThat(listed.get(0).get("origin").asString()).isEqualTo("http://127.0.0.1:9");
        assertThat(listed.get(0).get("this_sign_in").asBoolean()).isTrue();
        assertThat(listed.get(1).get("this_sign_in").asBoolean()).isFalse();
        assertThat(listed.get(0).has("endpoint")).isFalse();

        assertThat(phone.post("/api/auth/logout", Map.of("refresh_token", phone.refreshToken))
                        .status())
                .isLessThan(300);
        assertThat(laptop.get("/api/push/subscriptions")
                        .json()
                        .valueStream()
                        .map(s -> s.get("id").asLong()))
                .containsExactly(fromLaptop);
        assertThat(users().aMan()
                        .register()
                        .get("/api/push/subscriptions")
                        .json()
                        .size())
                .isZero();
    }

    /** A ban (or a suspension) ends every sign-in, and every subscription with them. */
    @Test
    void aBanEndsEverySubscription() {
        Users.User anna = users().aWoman().register();
        subscribe(anna, "http://127.0.0.1:9/push/anna");
        subscribe(anna.signedInAgain(api), "http://127.0.0.1:9/push/anna-2");

        lifecycle.restrict(anna.id, null, true);

        assertThat(jdbc.queryForObject(
                        "select count(*) from push_subscriptions where user_id = ?", Integer.class, anna.id))
                .isZero();
    }

    /** Ten subscriptions at most (the eleventh replaces the oldest), and only so many made an hour. */
    @Test
    void subscriptionsAreBoundedAndSubscribingIsLimited() {
        Users.User anna = users().aWoman().register();
        long oldest = subscribe(anna, "http://127.0.0.1:9/push/0");
        for (int i = 1; i <= 10; i++) {
            subscribe(anna, "http://127.0.0.1:9/push/" + i);
        }
        JsonNode listed = anna.get("/api/push/subscriptions").json();
        assertThat(listed.size()).isEqualTo(10);
        assertThat(listed.valueStream().map(s -> s.get("id").asLong())).doesNotContain(oldest);

        for (int i = 11; i < 20; i++) {
            subscribe(anna, "http://127.0.0.1:9/push/" + i);
        }
        Api.Response refused = anna.post(
                "/api/push/subscriptions",
                Map.of("endpoint", "http://127.0.0.1:9/push/21", "keys", Map.of("p256dh", "AAAA", "auth", "AAAA")));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    }

    private HttpServer pushService;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger answer = new AtomicInteger(201);

    /** A browser's push keys: a P-256 key pair and a 16-byte auth secret. */
    private KeyPair browser;

    private byte[] auth;

    @BeforeEach
    void startPushService() throws Exception {
        pushService = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        pushService.createContext("/push/", exchange -> {
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
            received.add(new Received(headers, exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(answer.get(), -1);
            exchange.close();
        });
        pushService.start();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        browser = generator.generateKeyPair();
        auth = new byte[16];
        new SecureRandom().nextBytes(auth);
    }

    @AfterEach
    void stopPushService() {
        pushService.stop(0);
    }

    @Test
    void aMessageToAUserInTheBackgroundIsPushedEncryptedForTheirBrowserAndSignedByTheService() throws Exception {
        Dates.Date date = Dates.joined(users());
        date.caller().endCall(date.videoSessionId());
        date.caller().decide(date.callSessionId(), "continue");
        long matchId = date.callee()
                .decide(date.callSessionId(), "continue")
                .json()
                .get("mutual_match")
                .get("match_id")
                .asLong();
        long subscription = subscribe(date.callee());

        date.caller().post("/api/matches/" + matchId + "/messages", Map.of("text", "Pushed to your phone"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());
        Received push = received.get(0);

        assertThat(push.headers())
                .containsEntry("content-encoding", "aes128gcm")
                .containsKey("ttl");
        verifyVapid(push.headers().get("authorization"));
        JsonNode payload = Api.JSON.readTree(decrypt(push.body()));
        assertThat(payload.get("type").asString()).isEqualTo("message");
        assertThat(payload.get("data").get("text").asString()).isEqualTo("Pushed to your phone");
        assertThat(payload.get("data").get("match_id").asLong()).isEqualTo(matchId);

        // The push service says the subscription is gone: it is deleted.
        answer.set(410);
        date.caller().post("/api/matches/" + matchId + "/messages", Map.of("text", "Still there?"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.queryForObject(
                                "select count(*) from push_subscriptions where id = ?", Integer.class, subscription)
                        == 0);
    }

    /** A push service that is busy (503) is tried again, later; the message still arrives once. */
    @Test
    void aBusyPushServiceIsTriedAgainWithBackoff() throws Exception {
        Dates.Date date = Dates.joined(users());
        date.caller().endCall(date.videoSessionId());
        date.caller().decide(date.callSessionId(), "continue");
        long matchId = date.callee()
                .decide(date.callSessionId(), "continue")
                .json()
                .get("mutual_match")
                .get("match_id")
                .asLong();
        subscribe(date.callee());
        answer.set(503);
        date.caller().post("/api/matches/" + matchId + "/messages", Map.of("text", "knock knock"));
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
        answer.set(201);
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
        assertThat(Api.JSON
                        .readTree(decrypt(received.get(1).body()))
                        .get("data")
                        .get("text")
                        .asString())
                .isEqualTo("knock knock");
        assertThat(jdbc.queryForObject(
                        "select count(*) from push_subscriptions where user_id = ?", Integer.class, date.callee().id))
                .isEqualTo(1);
    }

    @Test
    void aUserWithTheAppOpenGetsTheFeedNotAPush() throws Exception {
        Users.User anna = users().aWoman().register();
        subscribe(anna);
        long cursor = anna.get("/api/events").json().get("last_seq").asLong();
        var parked = CompletableFuture.supplyAsync(() -> anna.get("/api/events?after=" + cursor + "&wait=20"));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> news.parkedUsers(Parking.Topic.EVENTS).contains(anna.id));
        anna.startMatching();
        Users.User ben = users().aMan().register().startMatching();
        Dates.awaitMatch(ben);
        parked.get(10, TimeUnit.SECONDS);
        // Ben had no feed open and no subscription; Anna had the feed open: nobody was pushed to.
        assertThat(received).isEmpty();
    }

    @Test
    void subscriptionsAreTheirOwnersAndBadOnesAreRefused() throws Exception {
        Users.User anna = users().aWoman().register();
        Users.User ben = users().aMan().register();
        long id = subscribe(anna);
        assertThat(anna.get("/api/push/vapid-public-key").json().get("key").asString())
                .isNotBlank();
        assertThat(ben.delete("/api/push/subscriptions/" + id).status()).isEqualTo(404);
        assertThat(ben.post(
                                "/api/push/subscriptions",
                                Map.of(
                                        "endpoint",
                                        "ftp://example.com/x",
                                        "keys",
                                        Map.of("p256dh", "abc", "auth", "def")))
                        .status())
                .isEqualTo(400);
        assertThat(ben.post("/api/push/subscriptions", Map.of("endpoint", "https://example.com/x"))
                        .status())
                .isEqualTo(400);
        assertThat(anna.delete("/api/push/subscriptions/" + id).status()).isEqualTo(204);
        assertThat(jdbc.queryForObject("select count(*) from push_subscriptions where id = ?", Integer.class, id))
                .isZero();
    }

    @org.springframework.beans.factory.annotation.Autowired
    Parking news;

    private long subscribe(Users.User user) {
        return subscribe(user, "http://127.0.0.1:" + pushService.getAddress().getPort() + "/push/" + user.id);
    }

    private long subscribe(Users.User user, String endpoint) {
        byte[] point = uncompressed((ECPublicKey) browser.getPublic());
        Api.Response subscribed = user.post(
                "/api/push/subscriptions",
                Map.of("endpoint", endpoint, "keys", Map.of("p256dh", b64(point), "auth", b64(auth))));
        assertThat(subscribed.status()).as(subscribed.toString()).isEqualTo(201);
        return subscribed.json().get("id").asLong();
    }

    /** RFC 8292: "vapid t=<ES256 JWT>, k=<the service's public key>", the key the API publishes. */
    private void verifyVapid(String authorization) throws Exception {
        assertThat(authorization).startsWith("vapid ");
        Map<String, String> parts = new HashMap<>();
        for (String part : authorization.substring(6).split(",")) {
            String[] kv = part.trim().split("=", 2);
            parts.put(kv[0], kv[1]);
        }
        String published = api.get(
                        "/api/push/vapid-public-key", users().aWoman().register().token)
                .json()
                .get("key")
                .asString();
        assertThat(parts.get("k")).isEqualTo(published);
        String[] jwt = parts.get("t").split("\\.");
        JsonNode claims = Api.JSON.readTree(Base64.getUrlDecoder().decode(jwt[1]));
        assertThat(claims.get("aud").asString())
                .isEqualTo("http://127.0.0.1:" + pushService.getAddress().getPort());
        assertThat(claims.get("sub").asString()).isNotBlank();
        Signature es256 = Signature.getInstance("SHA256withECDSAinP1363Format");
        es256.initVerify(publicKey(Base64.getUrlDecoder().decode(published)));
        es256.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(es256.verify(Base64.getUrlDecoder().decode(jwt[2])))
                .as("VAPID signature")
                .isTrue();
    }

    /** RFC 8291 / RFC 8188, as the browser does it. */
    private byte[] decrypt(byte[] body) throws Exception {
        ByteBuffer header = ByteBuffer.wrap(body);
        byte[] salt = new byte[16];
        header.get(salt);
        header.getInt(); // record size
        byte[] serverKey = new byte[header.get() & 0xff];
        header.get(serverKey);
        byte[] ciphertext = Arrays.copyOfRange(body, header.position(), body.length);

        KeyAgreement ecdh = KeyAgreement.getInstance("ECDH");
        ecdh.init(browser.getPrivate());
        ecdh.doPhase(publicKey(serverKey), true);
        byte[] shared = ecdh.generateSecret();
        ByteArrayOutputStream keyInfo = new ByteArrayOutputStream();
        keyInfo.write("WebPush: info".getBytes(StandardCharsets.US_ASCII));
        keyInfo.write(0);
        keyInfo.write(uncompressed((ECPublicKey) browser.getPublic()));
        keyInfo.write(serverKey);
        byte[] ikm = hkdf(auth, shared, keyInfo.toByteArray(), 32);
        byte[] cek = hkdf(salt, ikm, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16);
        byte[] nonce = hkdf(salt, ikm, "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12);
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
        byte[] padded = gcm.doFinal(ciphertext);
        int end = padded.length - 1;
        while (end >= 0 && padded[end] == 0) {
            end--;
        }
        assertThat(padded[end]).as("the last record's delimiter").isEqualTo((byte) 2);
        return Arrays.copyOf(padded, end);
    }

    private static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(salt, "HmacSHA256"));
        byte[] prk = mac.doFinal(ikm);
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        mac.update(info);
        mac.update((byte) 1);
        return Arrays.copyOf(mac.doFinal(), length);
    }

    private ECPublicKey publicKey(byte[] uncompressedPoint) throws Exception {
        ECPoint point = new ECPoint(
                new BigInteger(1, Arrays.copyOfRange(uncompressedPoint, 1, 33)),
                new BigInteger(1, Arrays.copyOfRange(uncompressedPoint, 33, 65)));
        return (ECPublicKey) KeyFactory.getInstance("EC")
                .generatePublic(new ECPublicKeySpec(point, ((ECPublicKey) browser.getPublic()).getParams()));
    }

    private static byte[] uncompressed(ECPublicKey key) {
        byte[] point = new byte[65];
        point[0] = 4;
        copy32(key.getW().getAffineX(), point, 1);
        copy32(key.getW().getAffineY(), point, 33);
        return point;
    }

    private static void copy32(BigInteger value, byte[] into, int at) {
        byte[] bytes = value.toByteArray();
        int from = Math.max(0, bytes.length - 32);
        int length = Math.min(32, bytes.length);
        System.arraycopy(bytes, from, into, at + 32 - length, length);
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
