package com.speedmatch.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedmatch.support.Api;
import com.speedmatch.support.IntegrationTest;
import com.speedmatch.support.Users;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A client of ours follows a whole date through GET /api/events alone (docs/spec.md "One feed of news"). */
class EventFeedTests extends IntegrationTest {

    /** A feed client: its cursor, and the events it has handled. */
    static final class Feed {
        final Users.User user;
        long cursor;
        final List<JsonNode> seen = new ArrayList<>();

        Feed(Users.User user) {
            this.user = user;
            JsonNode start = user.get("/api/events").json();
            assertThat(start.get("events")).isEmpty();
            assertThat(start.get("reset").asBoolean()).isFalse();
            this.cursor = start.get("last_seq").asLong();
        }

        /** The client's order: the cursor first, then into the pool, so no pairing falls before the cursor. */
        static Feed matching(Users.User user) {
            Feed feed = new Feed(user);
            user.startMatching();
            return feed;
        }

        /** Long-polls until an event of {@code type} arrives; acknowledges everything before it. */
        JsonNode next(String type) {
            for (int i = 0; i < 10; i++) {
                JsonNode page =
                        user.get("/api/events?after=" + cursor + "&wait=5").json();
                assertThat(page.get("reset").asBoolean()).isFalse();
                for (JsonNode event : page.get("events")) {
                    assertThat(event.get("seq").asLong()).isGreaterThan(cursor);
                    cursor = event.get("seq").asLong();
                    seen.add(event);
                    if (event.get("type").asString().equals(type)) {
                        return event.get("data");
                    }
                }
            }
            throw new AssertionError("No " + type + " event; saw " + seen);
        }
    }

    @Test
    void aWholeDateArrivesThroughOneFeed() {
        Feed anna = Feed.matching(users().aWoman().register());
        Feed ben = Feed.matching(users().aMan().register());

        JsonNode annasMatch = anna.next("match_found");
        JsonNode bensMatch = ben.next("match_found");
        assertThat(annasMatch.get("user_id").asLong()).isEqualTo(ben.user.id);
        assertThat(bensMatch.get("user_id").asLong()).isEqualTo(anna.user.id);
        // The same match_data next-match gives.
        assertThat(annasMatch).isEqualTo(anna.user.nextMatch().json().get("match_data"));
        String call = annasMatch.get("video_session_id").asString();
        assertThat(anna.seen).extracting(e -> e.get("type").asString()).containsExactly("match_found");

        anna.user.join(call);
        ben.user.join(call);
        JsonNode active = anna.next("call");
        assertThat(active.get("session_id").asString()).isEqualTo(call);
        assertThat(active.get("status").asString()).isEqualTo("active");
        assertThat(active.get("ends_at").asString()).isNotBlank();

        Feed caller = anna.user.id < ben.user.id ? anna : ben;
        Feed callee = caller == anna ? ben : anna;
        long seq = caller.user
                .signal(call, "offer", Map.of("type", "offer", "sdp", "v=0"))
                .json()
                .get("seq")
                .asLong();
        JsonNode signal = callee.next("signal");
        assertThat(signal.get("session_id").asString()).isEqualTo(call);
        assertThat(signal.get("seq").asLong()).isEqualTo(seq);
        assertThat(signal.get("type").asString()).isEqualTo("offer");
        assertThat(signal.get("data").get("sdp").asString()).isEqualTo("v=0");
        assertThat(signal.get("from_user_id").asLong()).isEqualTo(caller.user.id);

        caller.user.endCall(call);
        JsonNode ended = callee.next("call");
        assertThat(ended.get("status").asString()).isEqualTo("completed");
        assertThat(ended.get("end_reason").asString()).isEqualTo("ended_by_user");
        // Nothing went to the sender's own feed but its call's changes.
        assertThat(caller.seen).extracting(e -> e.get("type").asString()).doesNotContain("signal");
    }

    @Test
    void aSignalStaysQueuedUntilItsEventIsAcknowledgedAndGoesOnceItIs() {
        Feed anna = Feed.matching(users().aWoman().register());
        Feed ben = Feed.matching(users().aMan().register());
        String call = joined(anna, ben);
        long before = ben.cursor;
        anna.user.signal(call, "ice-candidate", Map.of("candidate", "a"));

        // The response is "lost": asking again with the same cursor gives the same signal again.
        JsonNode first = ben.user.get("/api/events?after=" + before).json().get("events");
        JsonNode again = ben.user.get("/api/events?after=" + before).json().get("events");
        assertThat(signals(again)).isEqualTo(signals(first)).hasSize(1);
        long signalEvent = first.valueStream()
                .filter(e -> e.get("type").asString().equals("signal"))
                .findFirst()
                .orElseThrow()
                .get("seq")
                .asLong();

        // Acknowledged through the feed, it leaves the call's queue too: the queue bound never fills.
        ben.user.get("/api/events?after=" + signalEvent);
        assertThat(ben.user.signals(call, "after=0").json().get("signals")).isEmpty();
        assertThat(signals(ben.user.get("/api/events?after=" + before).json().get("events")))
                .isEmpty();
    }

    @Test
    void aFeedClientAcknowledgingAsItGoesNeverFillsTheQueue() {
        Feed anna = Feed.matching(users().aWoman().register());
        Feed ben = Feed.matching(users().aMan().register());
        String call = joined(anna, ben);
        // Twice the queue bound of one call (256), acknowledged along the way: never a 429.
        for (int i = 0; i < 512; i++) {
            clock.advance(Duration.ofMillis(100)); // within the signals-per-second limit
            assertThat(anna.user
                            .signal(call, "ice-candidate", Map.of("candidate", "c" + i))
                            .status())
                    .isEqualTo(202);
            if (i % 100 == 99) {
                ben.next("signal");
                JsonNode page = ben.user.get("/api/events?after=" + ben.cursor).json();
                ben.cursor = page.get("last_seq").asLong();
            }
        }
    }

    @Test
    void aParkedFeedRequestIsAnsweredByNewsAndCountsAsPresence() throws Exception {
        Feed anna = Feed.matching(users().aWoman().register());
        CompletableFuture<Api.Response> parked =
                CompletableFuture.supplyAsync(() -> anna.user.get("/api/events?after=" + anna.cursor + "&wait=20"));
        // A match arrives while the request is parked; it answers long before its 20 s.
        Users.User ben = users().aMan().register().startMatching();
        JsonNode answer = parked.get(10, TimeUnit.SECONDS).json();
        assertThat(answer.get("events").get(0).get("type").asString()).isEqualTo("match_found");
        assertThat(answer.get("events").get(0).get("data").get("user_id").asLong())
                .isEqualTo(ben.id);
        assertThat(answer.get("last_seq").asLong()).isGreaterThan(anna.cursor);
    }

    @Test
    void aMatchCallingArrivesAsMatchCall() {
        Feed anna = Feed.matching(users().aWoman().register());
        Feed ben = Feed.matching(users().aMan().register());
        JsonNode match = anna.next("match_found");
        ben.next("match_found");
        String call = match.get("video_session_id").asString();
        long pairing = match.get("call_session_id").asLong();
        anna.user.join(call);
        ben.user.join(call);
        anna.user.endCall(call);
        anna.user.decide(pairing, "continue");
        long matchId = ben.user
                .decide(pairing, "continue")
                .json()
                .get("mutual_match")
                .get("match_id")
                .asLong();

        String again = anna.user
                .post("/api/matches/" + matchId + "/video-call", "")
                .json()
                .get("video_session_id")
                .asString();
        JsonNode calling = ben.next("match_call");
        assertThat(calling.get("session_id").asString()).isEqualTo(again);
        assertThat(calling.get("match_id").asLong()).isEqualTo(matchId);
        assertThat(calling.get("from_user_id").asLong()).isEqualTo(anna.user.id);
    }

    @Test
    void aCursorOlderThanWhatIsKeptOrNeverIssuedAsksForAReset() {
        Users.User anna = users().aWoman().register();
        JsonNode tooOld = anna.get("/api/events?after=1").json();
        assertThat(tooOld.get("reset").asBoolean()).isTrue();
        long last = tooOld.get("last_seq").asLong();
        assertThat(anna.get("/api/events?after=" + (last + 1000))
                        .json()
                        .get("reset")
                        .asBoolean())
                .isTrue();
        assertThat(anna.get("/api/events?after=" + last).json().get("reset").asBoolean())
                .isFalse();
    }

    @Test
    void badCursorsAndWaitsAreProblems() {
        Users.User anna = users().aWoman().register();
        for (String query : List.of("after=-1", "after=abc", "wait=26", "wait=-1", "after=1.5")) {
            Api.Response answer = anna.get("/api/events?" + query);
            assertThat(answer.status()).as(query).isEqualTo(400);
            assertThat(answer.contentType()).as(query).startsWith("application/problem+json");
        }
        assertThat(api.get("/api/events", null).status()).isEqualTo(401);
    }

    /** Both hear of their pairing through their feeds and join: the call's session id. */
    private static String joined(Feed anna, Feed ben) {
        String call = anna.next("match_found").get("video_session_id").asString();
        ben.next("match_found");
        anna.user.join(call);
        ben.user.join(call);
        return call;
    }

    private static List<String> signals(JsonNode events) {
        return events.valueStream()
                .filter(e -> e.get("type").asString().equals("signal"))
                .map(e -> e.get("data").toString())
                .toList();
    }
}
