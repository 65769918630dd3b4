package com.speedmatch.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.speedmatch.longpoll.Parking;
import com.speedmatch.socket.internal.FeedSocketHandler;
import com.speedmatch.support.Api;
import com.speedmatch.support.Dates;
import com.speedmatch.support.IntegrationTest;
import com.speedmatch.support.SocketClient;
import com.speedmatch.support.Users;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** docs/spec.md "The feed over a WebSocket": the protocol as an app on a socket lives it. */
class FeedSocketTests extends IntegrationTest {

    @Autowired
    Parking news;

    @Autowired
    FeedSocketHandler handler;

    private final List<SocketClient> opened = new ArrayList<>();

    @AfterEach
    void closeSockets() {
        opened.forEach(SocketClient::close);
    }

    private SocketClient socket(Users.User user, Long after) {
        SocketClient socket = SocketClient.as(user, api, after);
        opened.add(socket);
        return socket;
    }

    private SocketClient unauthenticated() {
        SocketClient socket = SocketClient.open(api);
        opened.add(socket);
        return socket;
    }

    /** Events frames until one carries an event of {@code type}; that event. */
    private static JsonNode event(SocketClient socket, String type) {
        for (int i = 0; i < 20; i++) {
            JsonNode frame = socket.next("events");
            assertThat(frame.get("reset").asBoolean()).isFalse();
            for (JsonNode event : frame.get("events")) {
                assertThat(event.get("seq").asLong())
                        .isLessThanOrEqualTo(frame.get("last_seq").asLong());
                if (event.get("type").asString().equals(type)) {
                    return event;
                }
            }
        }
        throw new AssertionError("No " + type + " event");
    }

    @Test
    void afterTheAuthFrameAPairingAndTheCallArriveAsTheyHappen() {
        Users.User anna = users().aWoman().register();
        SocketClient socket = socket(anna, null);
        assertThat(socket.first.get("events")).isEmpty();
        assertThat(socket.first.get("reset").asBoolean()).isFalse();
        long start = socket.first.get("last_seq").asLong();

        anna.startMatching();
        Users.User ben = users().aMan().register().startMatching();
        JsonNode found = event(socket, "match_found");
        assertThat(found.get("seq").asLong()).isGreaterThan(start);
        assertThat(found.get("data").get("user_id").asLong()).isEqualTo(ben.id);
        // The socket counts as anna's parked request: it keeps her present in the pool.
        assertThat(news.parkedUsers(Parking.Topic.EVENTS)).contains(anna.id);
    }

    @Test
    void aSocketOpenedWithAfterResumesFromThatCursor() {
        Users.User anna = users().aWoman().register();
        long cursor = anna.get("/api/events").json().get("last_seq").asLong();
        anna.startMatching();
        Dates.pair(anna, users().aMan().register().startMatching());
        Dates.feedCursorOnce(anna, "match_found", null);

        SocketClient socket = socket(anna, cursor);
        assertThat(socket.first.get("events"))
                .extracting(e -> e.get("type").asString())
                .contains("match_found");
        assertThat(socket.first.get("events").get(0).get("seq").asLong()).isGreaterThan(cursor);

        // A cursor from before what the feed keeps (or never issued) asks for a reset, as the long-poll does.
        SocketClient stale = socket(anna, 1L);
        assertThat(stale.first.get("reset").asBoolean()).isTrue();
    }

    @Test
    void aSignalArrivesOnTheSocketAndStaysQueuedUntilAcknowledged() {
        Dates.Date date = Dates.joined(users());
        long cursor = Dates.feedCursorOnce(date.callee(), "call", "active");
        SocketClient socket = socket(date.callee(), cursor);

        long seq = date.caller()
                .signal(date.videoSessionId(), "offer", Map.of("sdp", "v=0 over the socket"))
                .json()
                .get("seq")
                .asLong();
        JsonNode signal = event(socket, "signal");
        assertThat(signal.get("data").get("seq").asLong()).isEqualTo(seq);
        assertThat(signal.get("data").get("data").get("sdp").asString()).isEqualTo("v=0 over the socket");

        // Sent but not acknowledged: a reconnect from before it gets it again.
        try (SocketClient again = SocketClient.as(date.callee(), api, cursor)) {
            assertThat(again.first.get("events"))
                    .extracting(e -> e.get("type").asString())
                    .contains("signal");
        }
        socket.send(Map.of("type", "ack", "after", signal.get("seq").asLong()));
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(date.callee()
                                .signals(date.videoSessionId(), "after=0")
                                .json()
                                .get("signals"))
                        .isEmpty());
    }

    @Test
    void aSignalSentOverTheSocketFollowsSendSignalsRules() {
        Dates.Date date = Dates.joined(users());
        SocketClient socket = socket(date.caller(), null);

        socket.send(Map.of(
                "type",
                "signal",
                "session_id",
                date.videoSessionId(),
                "signal_type",
                "offer",
                "data",
                Map.of("sdp", "v=0 from a socket")));
        long seq = socket.next("signal_ack").get("seq").asLong();
        JsonNode received =
                date.callee().signals(date.videoSessionId(), "after=0").json().get("signals");
        assertThat(received).extracting(s -> s.get("seq").asLong()).contains(seq);
        assertThat(received.get(received.size() - 1).get("from_user_id").asLong())
                .isEqualTo(date.caller().id);

        socket.send(Map.of(
                "type",
                "signal",
                "session_id",
                "8d4c1f0e-0000-4000-8000-000000000000",
                "signal_type",
                "offer",
                "data",
                Map.of("sdp", "x")));
        assertThat(socket.next("error").get("status").asInt()).isEqualTo(404);
        socket.send(Map.of(
                "type",
                "signal",
                "session_id",
                date.videoSessionId(),
                "signal_type",
                "hello",
                "data",
                Map.of("sdp", "x")));
        JsonNode invalid = socket.next("error");
        assertThat(invalid.get("status").asInt()).isEqualTo(400);
        assertThat(invalid.get("detail").asString()).contains("signal_type");
        socket.send(Map.of(
                "type",
                "signal",
                "session_id",
                date.videoSessionId(),
                "signal_type",
                "offer",
                "data",
                Map.of("sdp", "x".repeat(70_000))));
        assertThat(socket.next("error").get("status").asInt()).isEqualTo(413);
        // Refused signals left the queue as it was.
        assertThat(date.callee()
                        .signals(date.videoSessionId(), "after=0")
                        .json()
                        .get("signals"))
                .hasSize(received.size());
        // Someone outside the call cannot signal into it.
        SocketClient stranger = socket(users().aWoman().register(), null);
        stranger.send(Map.of(
                "type",
                "signal",
                "session_id",
                date.videoSessionId(),
                "signal_type",
                "offer",
                "data",
                Map.of("sdp", "x")));
        assertThat(stranger.next("error").get("status").asInt()).isEqualTo(404);
    }

    @Test
    void aPingIsAnsweredAndTheServerPingsEveryInterval() {
        SocketClient socket = socket(users().aWoman().register(), null);
        socket.send(Map.of("type", "ping"));
        assertThat(socket.next().get("type").asString()).isEqualTo("pong");

        clock.advance(Duration.ofSeconds(26));
        await().atMost(Duration.ofSeconds(5)).until(() -> socket.pings.get() >= 1);
        // The client answered the ping: past the pong timeout the socket is still open and answering.
        clock.advance(Duration.ofSeconds(21));
        socket.send(Map.of("type", "ping"));
        assertThat(socket.next("pong")).isNotNull();
        assertThat(socket.isOpen()).isTrue();
    }

    /** A client that floods frames is closed with 4429 and a reason; the budget is per socket. */
    @Test
    void aFrameFloodCloses4429() {
        Users.User anna = users().aWoman().register();
        SocketClient flooding = socket(anna, null);
        SocketClient calm = socket(users().aMan().register(), null);
        try {
            for (int i = 0; i < 200 && flooding.isOpen(); i++) {
                flooding.send(Map.of("type", "ping"));
            }
        } catch (CompletionException e) {
            // The server closed it mid-flood: what the test is for.
        }

        SocketClient.Closed closed = flooding.awaitClosed();
        assertThat(closed.code()).isEqualTo(4429);
        assertThat(closed.reason()).contains("Too many frames");
        calm.send(Map.of("type", "ping"));
        assertThat(calm.next("pong")).isNotNull();
    }

    /**
     * Sockets that never sign in: at most 20 from one address wait for their auth frame; one more
     * upgrade is refused with 429 and Retry-After, while the API serves everyone, and a place is
     * free again as soon as one of the twenty signs in.
     */
    @Test
    void atMostTwentySocketsFromOneAddressWaitToSignIn() {
        List<SocketClient> waiting = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            waiting.add(unauthenticated());
        }
        HttpResponse<?> refused = handshakeRefusal();
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();

        Users.User anna = users().aWoman().register();
        assertThat(anna.get("/api/users/me").status()).isEqualTo(200);
        waiting.get(0).auth(anna.token, null);
        assertThat(waiting.get(0).next("events")).isNotNull();
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            try {
                waiting.add(SocketClient.open(api));
                return true;
            } catch (CompletionException e) {
                return false;
            }
        });
        // The others close; their places are free again for the tests after this one.
        waiting.forEach(SocketClient::close);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> handler.open().stream().noneMatch(socket -> !socket.authenticated() && !socket.closed()));
    }

    /**
     * Behind a proxy (nginx) the page's Origin is the host and port the browser used, which the
     * proxy forwards: a page on https://speedmatch.example:8443 opens its socket, another site's may not.
     */
    @Test
    void aBrowserBehindTheProxyOpensItsSocketAndAnotherSitesPageMayNot() {
        Map<String, String> proxied = Map.of(
                "X-Forwarded-Proto", "https",
                "X-Forwarded-Host", "speedmatch.example",
                "X-Forwarded-Port", "8443");
        WebSocket.Builder ours = HttpClient.newHttpClient().newWebSocketBuilder();
        proxied.forEach(ours::header);
        WebSocket accepted = ours.header("Origin", "https://speedmatch.example:8443")
                .buildAsync(api.socket("/api/events/ws"), new WebSocket.Listener() {})
                .join();
        accepted.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();

        WebSocket.Builder theirs = HttpClient.newHttpClient().newWebSocketBuilder();
        proxied.forEach(theirs::header);
        assertThatThrownBy(() -> theirs.header("Origin", "https://evil.example")
                        .buildAsync(api.socket("/api/events/ws"), new WebSocket.Listener() {})
                        .join())
                .hasCauseInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause())
                                .getResponse()
                                .statusCode())
                        .isEqualTo(403));
    }

    /** The answer to an upgrade the server refused. */
    private HttpResponse<?> handshakeRefusal() {
        try {
            SocketClient.open(api).close();
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse();
            }
            throw e;
        }
        throw new AssertionError("the upgrade was accepted");
    }

    @Test
    void noAuthFrameWithinFiveSecondsOrABadTokenCloses4401() {
        SocketClient silent = unauthenticated();
        // The client's handshake can complete before the server has opened its side (and started
        // its auth deadline): advance the clock only once it has.
        await().atMost(Duration.ofSeconds(5))
                .until(() -> handler.open().stream().anyMatch(s -> !s.authenticated() && !s.closed()));
        clock.advance(Duration.ofSeconds(6));
        assertThat(silent.awaitClosed().code()).isEqualTo(4401);

        SocketClient forged = unauthenticated();
        forged.auth("not.a.token", null);
        assertThat(forged.awaitClosed().code()).isEqualTo(4401);

        SocketClient skipping = unauthenticated();
        skipping.send(Map.of("type", "ping"));
        assertThat(skipping.awaitClosed().code()).isEqualTo(4401);
    }

    @Test
    void aNewAuthFrameBeforeExpiryKeepsTheSocketAndWithoutOneItCloses4401() {
        Users.User anna = users().aWoman().register();
        SocketClient renewed = socket(anna, null);
        SocketClient lapsing = socket(anna, null);

        clock.advance(Duration.ofMinutes(14));
        JsonNode fresh = api.post("/api/auth/refresh", null, Map.of("refresh_token", anna.refreshToken))
                .json();
        renewed.auth(fresh.get("access_token").asString(), null);
        renewed.send(Map.of("type", "ping"));
        assertThat(renewed.next("pong")).isNotNull(); // the new auth frame was handled

        clock.advance(Duration.ofMinutes(2)); // past the first token's expiry
        assertThat(lapsing.awaitClosed().code()).isEqualTo(4401);
        renewed.send(Map.of("type", "ping"));
        assertThat(renewed.next("pong")).isNotNull();
        assertThat(renewed.isOpen()).isTrue();

        // A new auth frame must be the same user's.
        renewed.auth(users().aMan().register().token, null);
        assertThat(renewed.awaitClosed().code()).isEqualTo(4401);
    }

    @Test
    void aFifthSocketOrParkedRequestClosesTheOldestWith4409() {
        Users.User anna = users().aWoman().register();
        List<SocketClient> sockets = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            sockets.add(socket(anna, null));
        }
        SocketClient fifth = socket(anna, null);
        assertThat(sockets.get(0).awaitClosed().code()).isEqualTo(4409);
        assertThat(sockets.subList(1, 4)).allMatch(SocketClient::isOpen);
        fifth.send(Map.of("type", "ping"));
        assertThat(fifth.next("pong")).isNotNull();
    }

    @Test
    void aFrameOverTheBoundClosesTheSocketAndBadFramesAreAnsweredWithErrors() {
        SocketClient socket = socket(users().aWoman().register(), null);
        socket.sendText("{not json");
        assertThat(socket.next("error").get("status").asInt()).isEqualTo(400);
        socket.send(Map.of("type", "dance"));
        assertThat(socket.next("error").get("detail").asString()).contains("type");
        socket.send(Map.of("type", "ack", "after", "yesterday"));
        assertThat(socket.next("error").get("detail").asString()).contains("after");

        socket.sendText("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(300 * 1024) + "\"}");
        assertThat(socket.awaitClosed().code()).isEqualTo(1009);
    }

    @Test
    void closingTheAccountClosesItsSockets() {
        Users.User anna = users().aWoman().register();
        SocketClient socket = socket(anna, null);
        Api.Response closed = api.send(api.request("/api/users/me", anna.token)
                .header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString("{\"password\":\"" + anna.password + "\"}")));
        assertThat(closed.status()).isEqualTo(204);
        assertThat(socket.awaitClosed().code()).isEqualTo(4401);
        SocketClient again = unauthenticated();
        again.auth(anna.token, null);
        assertThat(again.awaitClosed().code()).isEqualTo(4401);
    }
}
