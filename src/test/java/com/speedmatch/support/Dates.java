package com.speedmatch.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import tools.jackson.databind.JsonNode;

/** Two users brought to a shared call the way real clients get there. */
public final class Dates {

    public record Date(Users.User caller, Users.User callee, String videoSessionId, long callSessionId) {}

    private Dates() {}

    /** Pairs two fresh, compatible users and waits until both have been told. */
    public static Date pair(Users users) {
        Users.User anna = users.aWoman().register().startMatching();
        Users.User ben = users.aMan().register().startMatching();
        return pair(anna, ben);
    }

    public static Date pair(Users.User a, Users.User b) {
        JsonNode match = awaitMatch(a);
        awaitMatch(b);
        assertThat(match.get("user_id").asLong()).isEqualTo(b.id);
        Users.User caller = a.id < b.id ? a : b;
        Users.User callee = caller == a ? b : a;
        return new Date(
                caller,
                callee,
                match.get("video_session_id").asString(),
                match.get("call_session_id").asLong());
    }

    /** Pairs them and has both join: the timer runs. */
    public static Date joined(Users users) {
        Date date = pair(users);
        assertThat(date.caller()
                        .join(date.videoSessionId())
                        .json()
                        .get("timer_started")
                        .asBoolean())
                .isFalse();
        assertThat(date.callee()
                        .join(date.videoSessionId())
                        .json()
                        .get("timer_started")
                        .asBoolean())
                .isTrue();
        return date;
    }

    /**
     * The user's feed cursor once the feed holds the event a test waits for. Feed appends follow the
     * commit on the event executor, so a cursor read right after a request may come before them.
     */
    public static long feedCursorOnce(Users.User user, String type, String status) {
        long[] last = new long[1];
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    JsonNode page = user.get("/api/events?after=0").json();
                    last[0] = page.get("last_seq").asLong();
                    return page.get("events")
                            .valueStream()
                            .anyMatch(e -> e.get("type").asString().equals(type)
                                    && (status == null
                                            || status.equals(
                                                    e.get("data").path("status").asString(null))));
                });
        return last[0];
    }

    public static JsonNode awaitMatch(Users.User user) {
        JsonNode[] match = new JsonNode[1];
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    JsonNode answer = user.nextMatch().json();
                    match[0] = answer.get("match_data");
                    return answer.get("match_found").asBoolean();
                });
        return match[0];
    }
}
