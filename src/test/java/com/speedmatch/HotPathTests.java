package com.speedmatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.speedmatch.longpoll.Parking;
import com.speedmatch.support.Api;
import com.speedmatch.support.Dates;
import com.speedmatch.support.IntegrationTest;
import com.speedmatch.support.RoundTrips;
import com.speedmatch.support.Users;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

/**
 * docs/architecture.md "Hot paths": what a waiting or calling user polls is most of the traffic. A poll
 * that reads costs at most one database round trip, in autocommit, writing presence in it when
 * due; a poll whose answer has not changed since costs none (answered from memory, presence
 * written in a batch). Counted on the request thread (datasource-proxy); each count is printed, so
 * a regression shows what it added.
 */
@Import(RoundTrips.class)
class HotPathTests extends IntegrationTest {

    @Autowired
    RoundTrips roundTrips;

    @Autowired
    Parking news;

    @Test
    void waitingInThePoolCostsOneRoundTripThenNoneUntilSomethingChanges() {
        Users.User anna = users().aWoman().interestedIn("nonbinary").register().startMatching();
        clock.advance(Duration.ofSeconds(3));
        assertThat(sent("next-match, first read", anna::nextMatch)).hasSize(1);
        assertThat(sent("next-match, unchanged", anna::nextMatch)).isEmpty();
        clock.advance(Duration.ofSeconds(3));
        assertThat(sent(
                        "heartbeat, unchanged",
                        () -> anna.post("/api/continuous-matching/heartbeat", Map.of("session_id", anna.sessionId))))
                .isEmpty();
        // Presence from memory is written in the next batch, for everyone seen, in one statement.
        await().atMost(Duration.ofSeconds(5))
                .until(() -> jdbc.queryForObject(
                        "select last_seen >= now() + interval '5 seconds' from presence where user_id = ?",
                        Boolean.class,
                        anna.id));

        // News for her (a pause, here through the API) is heard before her next poll is answered.
        assertThat(anna.nextMatch().json().get("message").asString()).isEqualTo("No active users found");
        assertThat(anna.post("/api/continuous-matching/pause", Map.of("session_id", anna.sessionId))
                        .status())
                .isEqualTo(200);
        assertThat(anna.nextMatch().json().get("message").asString()).isEqualTo("Not actively matching");
    }

    /** A pairing made while a poll's answer is kept: the very next poll tells it. */
    @Test
    void aPairingIsToldByTheNextPollThoughTheLastWasAnsweredFromMemory() {
        Users.User anna = users().aWoman().register().startMatching();
        anna.nextMatch();
        assertThat(sent("next-match, unchanged", anna::nextMatch)).isEmpty();
        Users.User ben = users().aMan().register().startMatching();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> anna.nextMatch().json().get("match_found").asBoolean());
        assertThat(anna.nextMatch().json().get("match_data").get("user_id").asLong())
                .isEqualTo(ben.id);
    }

    @Test
    void sendingASignalCostsOneRoundTripAndReadingNone() {
        Dates.Date date = Dates.joined(users());
        String id = date.videoSessionId();
        date.caller().signal(id, "offer", Map.of("sdp", "warm"));
        date.callee().signals(id, "after=0");

        assertThat(sent("send-signal", () -> date.caller().signal(id, "ice-candidate", Map.of("candidate", "c1"))))
                .hasSizeLessThanOrEqualTo(1);
        assertThat(sent("signals", () -> date.callee().signals(id, "after=0"))).isEmpty();
    }

    /** The status poll: most of a call's traffic (the guide's client reads it every 2 s). */
    @Test
    void readingTheCallCostsOneRoundTripThenNoneUntilTheCallChanges() {
        Dates.Date date = Dates.joined(users());
        date.caller().call(date.videoSessionId());
        clock.advance(Duration.ofSeconds(3));
        assertThat(sent("video session, first read", () -> date.caller().call(date.videoSessionId())))
                .hasSizeLessThanOrEqualTo(1);
        assertThat(sent("video session, unchanged", () -> date.callee().call(date.videoSessionId())))
                .isEmpty();
        assertThat(sent("video session, unchanged", () -> date.caller().call(date.videoSessionId())))
                .isEmpty();
        // Both readers are present: their presence is written in the next batch.
        await().atMost(Duration.ofSeconds(5))
                .until(() -> jdbc.queryForList(
                                        "select user_id from presence "
                                                + "where user_id in (?, ?) and last_seen >= now() + interval '2 seconds'",
                                        Long.class,
                                        date.caller().id,
                                        date.callee().id)
                                .size()
                        == 2);

        // A change (the caller asks for more time) is read by the next poll of either, on every instance.
        date.caller().post("/api/video/session/" + date.videoSessionId() + "/extend", Map.of());
        assertThat(date.callee()
                        .call(date.videoSessionId())
                        .json()
                        .get("extension")
                        .get("requested_by"))
                .extracting(n -> n.asLong())
                .containsExactly(date.caller().id);
    }

    /** A feed client's one request: the events and presence both come from memory. */
    @Test
    void readingTheFeedCostsNoRoundTrip() {
        Dates.Date date = Dates.joined(users());
        long cursor = Dates.feedCursorOnce(date.callee(), "call", "active");
        date.caller().signal(date.videoSessionId(), "offer", Map.of("sdp", "v=0"));
        clock.advance(Duration.ofSeconds(3));
        assertThat(sent("events", () -> date.callee().get("/api/events?after=" + cursor)))
                .isEmpty();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> jdbc.queryForObject(
                        "select last_seen >= now() + interval '2 seconds' from presence where user_id = ?",
                        Boolean.class,
                        date.callee().id));
    }

    /**
     * Hanging up and deciding: what every date ends with, all at once when a round of dates ends
     * together. Each is one transaction of a few statements; on a database 200 ms away (the fault
     * suite's latency) every statement is 200 ms of the request's 6 s.
     */
    @Test
    void hangingUpAndDecidingCostAFewStatements() {
        Dates.Date date = Dates.joined(users());
        List<String> end = sent("end-call", () -> date.caller().endCall(date.videoSessionId()));
        List<String> decide = sent("continue-decision", () -> date.caller().decide(date.callSessionId(), "continue"));
        assertThat(end).hasSizeLessThanOrEqualTo(21);
        assertThat(decide).hasSizeLessThanOrEqualTo(12);
    }

    /**
     * A message: the match and the kept-apart check in one statement, then the insert and its
     * event publications (the feed's and the push's) in one transaction; a page: the same check and one statement for the
     * messages and the read marks together. Printed for BENCHMARKS.md, and
     * bounded so that a change that adds statements is noticed.
     */
    @Test
    void sendingAndListingMessagesCostAFewStatements() throws Exception {
        Dates.Date date = Dates.joined(users());
        date.caller().endCall(date.videoSessionId());
        date.caller().decide(date.callSessionId(), "continue");
        long matchId = date.callee()
                .decide(date.callSessionId(), "continue")
                .json()
                .get("mutual_match")
                .get("match_id")
                .asLong();
        String path = "/api/matches/" + matchId + "/messages";
        date.caller().post(path, Map.of("text", "warm-up"));
        List<String> send =
                sent("message send", () -> date.caller().post(path, Map.of("text", "hello", "client_id", "h-1")));
        List<String> page = sent("message page", () -> date.callee().get(path));
        // The check; then one transaction: begin, the message, a publication per listener (feed, push), commit.
        assertThat(send).hasSizeLessThanOrEqualTo(6);
        // The check; the page with the read marks.
        assertThat(page).hasSizeLessThanOrEqualTo(2);

        // Send to delivered: the partner's parked feed request answers with the message (20 rounds, the median).
        List<Long> millis = new ArrayList<>();
        long cursor =
                date.callee().get("/api/events?after=0").json().get("last_seq").asLong();
        for (int i = 0; i < 20; i++) {
            long after = cursor;
            var parked =
                    CompletableFuture.supplyAsync(() -> date.callee().get("/api/events?after=" + after + "&wait=20"));
            Awaitility.await()
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> news.parkedUsers(Parking.Topic.EVENTS).contains(date.callee().id));
            long started = System.nanoTime();
            date.caller().post(path, Map.of("text", "are you there? " + i));
            var answer = parked.get(10, TimeUnit.SECONDS).json();
            millis.add((System.nanoTime() - started) / 1_000_000);
            assertThat(answer.get("events").valueStream().map(e -> e.get("type").asString()))
                    .contains("message");
            cursor = answer.get("last_seq").asLong();
        }
        Collections.sort(millis);
        System.out.printf(
                "Message send to delivered through the parked feed: median %d ms, max %d ms (20 rounds)%n",
                millis.get(10), millis.get(19));
    }

    private List<String> sent(String what, Supplier<Api.Response> request) {
        roundTrips.reset();
        Api.Response response = request.get();
        assertThat(response.status()).as(response.toString()).isLessThan(300);
        List<String> sent = roundTrips.sent();
        System.out.printf("Round trips of %s: %d %s%n", what, sent.size(), sent);
        return sent;
    }
}
