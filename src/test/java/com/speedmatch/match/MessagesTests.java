package com.speedmatch.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.speedmatch.support.Api;
import com.speedmatch.support.Dates;
import com.speedmatch.support.IntegrationTest;
import com.speedmatch.support.Users;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** docs/spec.md "Messages between matches": send, list, read, unmatch, limits, and the feed's news of them. */
class MessagesTests extends IntegrationTest {

    record Match(Users.User anna, Users.User ben, long id) {}

    @AfterEach
    void clockRuns() {
        clock.thaw();
    }

    private Match match() {
        Dates.Date date = Dates.joined(users());
        date.caller().endCall(date.videoSessionId());
        date.caller().decide(date.callSessionId(), "continue");
        long matchId = date.callee()
                .decide(date.callSessionId(), "continue")
                .json()
                .get("mutual_match")
                .get("match_id")
                .asLong();
        return new Match(date.caller(), date.callee(), matchId);
    }

    @Test
    void aMessageReachesTheOtherThroughTheFeedOnceEvenWhenTheSenderRetries() {
        Match m = match();
        Api.Response first = send(m.anna(), m.id(), Map.of("text", "Loved your laugh!", "client_id", "c-1"));
        assertThat(first.status()).isEqualTo(201);
        Api.Response retried = send(m.anna(), m.id(), Map.of("text", "Loved your laugh!", "client_id", "c-1"));
        assertThat(retried.status()).isEqualTo(201);
        assertThat(retried.json().get("id").asLong())
                .isEqualTo(first.json().get("id").asLong());

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(events(m.ben(), "message"))
                        .extracting(e -> e.get("text").asString())
                        .containsExactly("Loved your laugh!"));
        JsonNode page = m.ben().get("/api/matches/" + m.id() + "/messages").json();
        assertThat(page.get("messages")).hasSize(1);
        assertThat(page.get("messages").get(0).get("from_user_id").asLong()).isEqualTo(m.anna().id);
        assertThat(page.get("messages").get(0).get("client_id").asString()).isEqualTo("c-1");
    }

    @Test
    void theConversationPagesNewestFirstAndReadMarksReachTheSender() {
        Match m = match();
        long last = 0;
        for (int i = 1; i <= 5; i++) {
            last = send((i % 2 == 0 ? m.ben() : m.anna()), m.id(), Map.of("text", "message " + i))
                    .json()
                    .get("id")
                    .asLong();
        }
        JsonNode newest = m.anna()
                .get("/api/matches/" + m.id() + "/messages?limit=2")
                .json()
                .get("messages");
        assertThat(newest).extracting(n -> n.get("text").asString()).containsExactly("message 5", "message 4");
        JsonNode older = m.anna()
                .get("/api/matches/" + m.id() + "/messages?limit=10&before="
                        + newest.get(1).get("id").asLong())
                .json()
                .get("messages");
        assertThat(older)
                .extracting(n -> n.get("text").asString())
                .containsExactly("message 3", "message 2", "message 1");

        assertThat(m.ben()
                        .post("/api/matches/" + m.id() + "/read", Map.of("up_to", last))
                        .status())
                .isEqualTo(204);
        long upTo = last;
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(events(m.anna(), "read"))
                        .anySatisfy(e -> assertThat(e.get("up_to").asLong()).isEqualTo(upTo)));
        assertThat(m.anna()
                        .get("/api/matches/" + m.id() + "/messages")
                        .json()
                        .get("read_up_to")
                        .get(String.valueOf(m.ben().id))
                        .asLong())
                .isEqualTo(last);
        // A read mark never moves back.
        m.ben()
                .post(
                        "/api/matches/" + m.id() + "/read",
                        Map.of("up_to", newest.get(1).get("id").asLong()));
        assertThat(m.anna()
                        .get("/api/matches/" + m.id() + "/messages")
                        .json()
                        .get("read_up_to")
                        .get(String.valueOf(m.ben().id))
                        .asLong())
                .isEqualTo(last);
    }

    @Test
    void thirtyMessagesAMinutePerUser() {
        Match m = match();
        clock.freeze();
        for (int i = 0; i < 30; i++) {
            assertThat(send(m.anna(), m.id(), Map.of("text", "hello " + i)).status())
                    .isEqualTo(201);
        }
        Api.Response limited = send(m.anna(), m.id(), Map.of("text", "one too many"));
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(m.ben()
                        .get("/api/matches/" + m.id() + "/messages?limit=100")
                        .json()
                        .get("messages"))
                .hasSize(30);
        clock.advance(Duration.ofMinutes(1));
        assertThat(send(m.anna(), m.id(), Map.of("text", "later")).status()).isEqualTo(201);
    }

    @Test
    void anUnmatchIsGoneForBothForGood() {
        Match m = match();
        send(m.anna(), m.id(), Map.of("text", "bye?"));
        Api.Response unmatched = m.anna().delete("/api/matches/" + m.id());
        assertThat(unmatched.status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(events(m.ben(), "unmatched"))
                        .anySatisfy(e -> assertThat(e.get("match_id").asLong()).isEqualTo(m.id())));
        assertThat(m.ben().get("/api/matches/" + m.id() + "/messages").status()).isEqualTo(404);
        assertThat(send(m.ben(), m.id(), Map.of("text", "wait")).status()).isEqualTo(404);
        assertThat(m.ben().post("/api/matches/" + m.id() + "/video-call", "").status())
                .isEqualTo(404);
        assertThat(m.ben().get("/api/matches").json()).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from messages where match_id = ?", Integer.class, m.id()))
                .isZero();
        assertThat(jdbc.queryForObject(
                        "select count(*) from exclusions where user_id = ? and excluded_user_id = ? "
                                + "and reason = 'unmatch'",
                        Integer.class,
                        m.anna().id,
                        m.ben().id))
                .isEqualTo(1);
    }

    @Test
    void aBlockUnmatchesAndAReportKeepsTheMessageItCites() {
        Match m = match();
        long rude = send(m.ben(), m.id(), Map.of("text", "something rude"))
                .json()
                .get("id")
                .asLong();
        long mine = send(m.anna(), m.id(), Map.of("text", "please stop"))
                .json()
                .get("id")
                .asLong();
        Api.Response notTheirs = m.anna()
                .post("/api/reports", Map.of("user_id", m.ben().id, "reason", "harassment", "message_id", mine));
        assertThat(notTheirs.status()).isEqualTo(400);

        assertThat(m.anna()
                        .post("/api/reports", Map.of("user_id", m.ben().id, "reason", "harassment", "message_id", rude))
                        .status())
                .isEqualTo(201);
        assertThat(jdbc.queryForObject(
                        "select message_text from reports where reporter_id = ? and reported_id = ?",
                        String.class,
                        m.anna().id,
                        m.ben().id))
                .isEqualTo("something rude");
        // The report blocked, and the block unmatched: gone for both, and Ben heard it.
        assertThat(m.anna().get("/api/matches").json()).isEmpty();
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(events(m.ben(), "unmatched")).isNotEmpty());
    }

    @Test
    void badMessageInputIsA400AndAStrangersMatchA404() {
        Match m = match();
        Users.User stranger = users().aWoman().register();
        assertThat(send(m.anna(), m.id(), Map.of("text", "")).status()).isEqualTo(400);
        assertThat(send(m.anna(), m.id(), Map.of("text", "   ")).status()).isEqualTo(400);
        assertThat(send(m.anna(), m.id(), Map.of("text", "x".repeat(2001))).status())
                .isEqualTo(400);
        assertThat(send(m.anna(), m.id(), Map.of()).status()).isEqualTo(400);
        assertThat(m.anna()
                        .get("/api/matches/" + m.id() + "/messages?limit=101")
                        .status())
                .isEqualTo(400);
        assertThat(m.anna()
                        .post("/api/matches/" + m.id() + "/read", Map.of("up_to", 999_999_999))
                        .status())
                .isEqualTo(400);
        Api.Response notYours = send(stranger, m.id(), Map.of("text", "hi"));
        assertThat(notYours.status()).isEqualTo(404);
        assertThat(notYours.contentType()).startsWith("application/problem+json");
        assertThat(stranger.get("/api/matches/" + m.id() + "/messages").status())
                .isEqualTo(404);
        assertThat(stranger.delete("/api/matches/" + m.id()).status()).isEqualTo(404);
        assertThat(jdbc.queryForObject("select count(*) from messages where match_id = ?", Integer.class, m.id()))
                .isZero();
    }

    @Test
    void theExportHasTheMessagesAndClosingAnAccountErasesThem() {
        Match m = match();
        send(m.anna(), m.id(), Map.of("text", "see you Friday"));
        JsonNode export = m.ben().get("/api/users/me/export").json();
        assertThat(export.get("messages"))
                .extracting(n -> n.get("text").asString())
                .containsExactly("see you Friday");

        Api.Response closed = api.send(api.request("/api/users/me", m.anna().token)
                .header("Content-Type", "application/json")
                .method(
                        "DELETE",
                        HttpRequest.BodyPublishers.ofString(
                                Api.JSON.writeValueAsString(Map.of("password", m.anna().password)))));
        assertThat(closed.status()).isEqualTo(204);
        assertThat(jdbc.queryForObject(
                        "select count(*) from messages where from_user_id = ?", Integer.class, m.anna().id))
                .isZero();
    }

    @Test
    void aVerifiedOnlyUserMeetsAVerifiedPartnerAndSeesTheBadge() {
        Users.User anna = users().aWoman().register();
        Users.User ben = users().aMan().register();
        jdbc.update("update users set email_verified_at = now() where id = ?", ben.id);
        anna.startMatching(Map.of("verified_only", true));
        ben.startMatching();
        JsonNode match = Dates.awaitMatch(anna);
        assertThat(match.get("user_id").asLong()).isEqualTo(ben.id);
        assertThat(match.get("verified").asBoolean()).isTrue();
        assertThat(Dates.awaitMatch(ben).get("verified").asBoolean()).isFalse();
    }

    private static Api.Response send(Users.User user, long matchId, Map<String, ?> body) {
        return user.post("/api/matches/" + matchId + "/messages", body);
    }

    private static List<JsonNode> events(Users.User user, String type) {
        return user.get("/api/events?after=0")
                .json()
                .get("events")
                .valueStream()
                .filter(e -> e.get("type").asString().equals(type))
                .map(e -> e.get("data"))
                .toList();
    }
}
