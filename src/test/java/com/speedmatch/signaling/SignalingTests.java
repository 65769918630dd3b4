package com.speedmatch.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.speedmatch.longpoll.Parking;
import com.speedmatch.signaling.internal.TurnCredentials;
import com.speedmatch.support.Api;
import com.speedmatch.support.Dates;
import com.speedmatch.support.IntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class SignalingTests extends IntegrationTest {

    @Autowired
    Parking news;

    @Test
    void offerAnswerAndCandidatesArriveInOrderAndNeverComeBackToTheSender() {
        Dates.Date date = Dates.joined(users());
        String id = date.videoSessionId();
        Api.Response sent = date.caller().signal(id, "offer", Map.of("type", "offer", "sdp", "v=0 caller"));
        assertThat(sent.status()).isEqualTo(202);
        long first = sent.json().get("seq").asLong();
        assertThat(first).isPositive();
        for (int i = 0; i < 3; i++) {
            date.caller().signal(id, "ice-candidate", Map.of("candidate", "candidate:" + i, "sdpMid", "0"));
        }
        assertThat(date.caller().signals(id, "").json().get("signals")).isEmpty();

        JsonNode received = date.callee().signals(id, "after=0").json();
        List<Long> seqs = received.get("signals")
                .valueStream()
                .map(s -> s.get("seq").asLong())
                .toList();
        assertThat(seqs).containsExactly(first, first + 1, first + 2, first + 3);
        JsonNode offer = received.get("signals").get(0);
        assertThat(offer.get("type").asString()).isEqualTo("offer");
        assertThat(offer.get("data").get("sdp").asString()).isEqualTo("v=0 caller");
        assertThat(offer.get("from_user_id").asLong()).isEqualTo(date.caller().id);
        assertThat(received.get("signals").get(1).get("type").asString()).isEqualTo("ice-candidate");
        assertThat(received.get("last_seq").asLong()).isEqualTo(first + 3);

        date.callee().signal(id, "answer", Map.of("type", "answer", "sdp", "v=0 callee"));
        JsonNode answer =
                date.caller().signals(id, "after=0").json().get("signals").get(0);
        assertThat(answer.get("type").asString()).isEqualTo("answer");
        assertThat(answer.get("from_user_id").asLong()).isEqualTo(date.callee().id);
    }

    @Test
    void afterAcknowledgesSoALostResponseLosesNothing() {
        Dates.Date date = Dates.joined(users());
        String id = date.videoSessionId();
        long first = date.caller()
                .signal(id, "offer", Map.of("sdp", "1"))
                .json()
                .get("seq")
                .asLong();
        date.caller().signal(id, "ice-candidate", Map.of("candidate", "2"));
        // The first read's response is "lost": the client asks again with the same after.
        date.callee().signals(id, "after=0");
        assertThat(date.callee().signals(id, "after=0").json().get("signals")).hasSize(2);
        JsonNode acked = date.callee().signals(id, "after=" + first).json();
        assertThat(acked.get("signals")).hasSize(1);
        assertThat(acked.get("signals").get(0).get("seq").asLong()).isEqualTo(first + 1);
        assertThat(date.callee().signals(id, "after=" + (first + 1)).json().get("signals"))
                .isEmpty();
    }

    @Test
    void withoutAfterSignalsAreDeletedOnRead() {
        Dates.Date date = Dates.joined(users());
        String id = date.videoSessionId();
        date.caller().signal(id, "offer", Map.of("sdp", "1"));
        assertThat(date.callee().signals(id, "").json().get("signals")).hasSize(1);
        assertThat(date.callee().signals(id, "").json().get("signals")).isEmpty();
    }

    @Test
    void theTargetIsAlwaysTheOtherParticipant() {
        Dates.Date date = Dates.joined(users());
        var outsider = users().aMan().register();
        date.caller()
                .post(
                        "/api/video/send-signal",
                        Map.of(
                                "session_id",
                                date.videoSessionId(),
                                "type",
                                "offer",
                                "data",
                                Map.of("sdp", "x"),
                                "target_user_id",
                                outsider.id));
        assertThat(date.callee().signals(date.videoSessionId(), "").json().get("signals"))
                .hasSize(1);
    }

    @Test
    void anOversizedSignalIs413AndTheQueueIsIntact() {
        Dates.Date date = Dates.joined(users());
        String id = date.videoSessionId();
        long first = date.caller()
                .signal(id, "offer", Map.of("sdp", "small"))
                .json()
                .get("seq")
                .asLong();
        Api.Response tooBig = date.caller().signal(id, "offer", Map.of("sdp", "x".repeat(70_000)));
        assertThat(tooBig.status()).isEqualTo(413);
        assertThat(tooBig.contentType()).startsWith("application/problem+json");
        JsonNode left = date.callee().signals(id, "after=0").json();
        assertThat(left.get("signals")).hasSize(1);
        assertThat(left.get("last_seq").asLong()).isEqualTo(first);
    }

    @Test
    void aFullQueueIs429WithRetryAfterAndTheQueueIsIntact() {
        Dates.Date date = Dates.joined(users());
        String id = date.videoSessionId();
        for (int i = 1; i <= 256; i++) {
            if (i % 20 == 0) {
                clock.advance(Duration.ofSeconds(1)); // 20 signals a second per user: see LimitsTests
            }
            assertThat(date.caller()
                            .signal(id, "ice-candidate", Map.of("candidate", "c" + i))
                            .status())
                    .isEqualTo(202);
        }
        clock.advance(Duration.ofSeconds(1));
        Api.Response full = date.caller().signal(id, "ice-candidate", Map.of("candidate", "one too many"));
        assertThat(full.status()).isEqualTo(429);
        assertThat(full.headers().firstValue("Retry-After")).isPresent();
        JsonNode queued = date.callee().signals(id, "after=0").json();
        assertThat(queued.get("signals")).hasSize(256);
        long last = queued.get("last_seq").asLong();
        assertThat(queued.get("signals").get(255).get("seq").asLong()).isEqualTo(last);
        assertThat(full.json().get("detail").asString()).contains("256 unread signals");
        // Acknowledging makes room again.
        date.callee().signals(id, "after=" + last);
        assertThat(date.caller()
                        .signal(id, "ice-candidate", Map.of("candidate", "now fits"))
                        .status())
                .isEqualTo(202);
    }

    @Test
    void unknownSignalTypesAndMissingDataAreRefused() {
        Dates.Date date = Dates.joined(users());
        assertThat(date.caller().signal(date.videoSessionId(), "bye", Map.of()).status())
                .isEqualTo(400);
        assertThat(date.caller()
                        .post("/api/video/send-signal", Map.of("session_id", date.videoSessionId(), "type", "offer"))
                        .status())
                .isEqualTo(400);
        Api.Response nullData = date.caller()
                .post(
                        "/api/video/send-signal",
                        "{\"session_id\": \"" + date.videoSessionId() + "\", \"type\": \"offer\", \"data\": null}");
        assertThat(nullData.status()).isEqualTo(400);
        assertThat(nullData.json().get("detail").asString()).contains("data");
        assertThat(date.callee()
                        .signals(date.videoSessionId(), "after=0")
                        .json()
                        .get("signals"))
                .isEmpty();
    }

    @Test
    void aParkedReadIsAnsweredByTheSendNotByItsTimeout() throws Exception {
        Dates.Date date = Dates.joined(users());
        String id = date.videoSessionId();
        CompletableFuture<Api.Response> parked =
                CompletableFuture.supplyAsync(() -> date.callee().signals(id, "after=0&wait=25"));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> news.parkedUsers(Parking.Topic.SIGNAL).contains(date.callee().id));
        long sentAt = System.nanoTime();
        date.caller().signal(id, "offer", Map.of("sdp", "fast"));
        // Well before the 25 s wait runs out: the send woke the parked read.
        Api.Response answer = parked.get(10, TimeUnit.SECONDS);
        long relayMillis = (System.nanoTime() - sentAt) / 1_000_000;
        assertThat(answer.json().get("signals").get(0).get("data").get("sdp").asString())
                .isEqualTo("fast");
        System.out.printf("Signal relay through a parked read: %d ms%n", relayMillis);
    }

    @Test
    void aSignalAfterTheCallEndedIsRefused() {
        Dates.Date date = Dates.joined(users());
        date.callee().endCall(date.videoSessionId());
        assertThat(date.caller()
                        .signal(date.videoSessionId(), "offer", Map.of("sdp", "late"))
                        .status())
                .isEqualTo(409);
    }

    @Test
    void turnCredentialsOnlyForSomeoneMatchingOrInACall() {
        var user = users().aWoman().interestedIn("nonbinary").register();
        JsonNode stunOnly = user.get("/api/video/ice-servers").json();
        assertThat(stunOnly.get("ice_servers")).hasSize(1);
        assertThat(stunOnly.get("ice_servers").get(0).has("credential")).isFalse();
        user.startMatching();
        JsonNode ice = user.get("/api/video/ice-servers").json();
        assertThat(ice.get("ttl_seconds").asLong()).isEqualTo(600);
        JsonNode turn = ice.get("ice_servers").get(1);
        String username = turn.get("username").asString();
        long expiry = Long.parseLong(username.substring(0, username.indexOf(':')));
        assertThat(expiry)
                .isBetween(
                        clock.instant().getEpochSecond() + 590, clock.instant().getEpochSecond() + 610);
        assertThat(username)
                .doesNotContain(user.email)
                .doesNotContain(user.name)
                .doesNotEndWith(":" + user.id);
        assertThat(turn.get("credential").asString())
                .isEqualTo(TurnCredentials.credentialFor("test-turn-secret", username));
        assertThat(ice.get("ice_servers").get(0).get("urls").get(0).asString()).startsWith("stun:");
        assertThat(ice.get("ice_servers").get(0).has("username")).isFalse();
    }
}
