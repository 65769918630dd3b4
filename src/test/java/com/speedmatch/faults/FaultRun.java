package com.speedmatch.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.speedmatch.support.Api;
import com.speedmatch.support.Node;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * One fault during a crowd's dating: the crowd dates until it is under way, the fault lasts
 * {@link #FAULT}, heals, and the crowd dates on until the service has shown it recovered; then
 * the invariants are checked on the recorded history (and on the database, read directly).
 */
final class FaultRun {

    static final Duration FAULT = Duration.ofSeconds(10);
    /** No request may take longer than this beyond the long-poll wait it asked for. */
    static final long HANG_MILLIS = 6_000;
    /**
     * A user waiting when the fault heals hears where they stand within this: one Retry-After
     * (at most 5 s), one long-poll wait (5 s) and a little more.
     */
    static final long TOLD_MILLIS = 15_000;

    private static final int DATES_UNDER_WAY = 30;
    private static final int DATES_AFTER_HEAL = 30;

    private FaultRun() {}

    /** Runs {@code fault} on {@code link} while {@code crowd} dates on {@code nodes}; fails on a broken invariant. */
    static void run(
            String store, FaultyLink.Fault fault, FaultyLink link, Crowd crowd, List<Node> nodes, JdbcTemplate db)
            throws Exception {
        History history = crowd.start();
        try {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> history.datesCompleted.size() >= DATES_UNDER_WAY);
            long datesBefore = history.datesCompleted.size();
            history.faultAt.set(System.nanoTime());
            link.inject(fault);
            CompletableFuture.runAsync(
                            () -> {
                                link.heal();
                                history.healedAt.set(System.nanoTime());
                                history.waitingAtHeal.addAll(history.waitingNow.keySet());
                            },
                            CompletableFuture.delayedExecutor(FAULT.toMillis(), TimeUnit.MILLISECONDS))
                    .get(FAULT.toSeconds() + 10, TimeUnit.SECONDS);
            long datesDuring = history.datesCompleted.size() - datesBefore;

            // Recovery needs no restart: the same instances serve a crowd that dates again.
            await().atMost(Duration.ofSeconds(40))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> history.datesCompletedAfter(history.healedAt.get()) >= DATES_AFTER_HEAL
                            && (history.everyoneWaitingAtHealTold()
                                    || System.nanoTime() - history.healedAt.get() > TOLD_MILLIS * 1_000_000));
            long recoveredMillis = history.millisToDate(history.healedAt.get(), DATES_AFTER_HEAL);
            for (Node node : nodes) {
                await().atMost(Duration.ofSeconds(15))
                        .until(() -> node.management
                                        .get("/actuator/health/readiness", null)
                                        .status()
                                == 200);
            }
            crowd.stop();

            Map<Long, Long> told = history.toldAfterHeal();
            System.out.printf(
                    "Fault: %s %s for %d s under %d daters on %d instance(s): %d requests, %d refused with 503 and "
                            + "Retry-After, slowest %d ms beyond its long-poll wait; %d dates before, %d during; "
                            + "%d waiting at the heal told %d ms (median) after it, paired %d ms; %d dates again "
                            + "%d ms after the heal; signals %d acknowledged, messages %d acknowledged%n",
                    store,
                    fault.label(),
                    FAULT.toSeconds(),
                    crowd.daters().size(),
                    nodes.size(),
                    history.exchanges.size(),
                    history.refusals(),
                    history.slowestMillisBeyondWait(),
                    datesBefore,
                    datesDuring,
                    told.size(),
                    History.median(told.values()),
                    History.median(history.pairedAfterHeal()),
                    DATES_AFTER_HEAL,
                    recoveredMillis,
                    history.acknowledgedSignals.size(),
                    history.acknowledgedMessages.size());

            System.out.println("Slowest beyond their wait: " + history.slowest(5));
            assertThat(history.stuck).as("steps no persistence could complete").isEmpty();
            assertThat(history.badRefusals())
                    .as("refusals other than 503 with Retry-After, and requests never answered")
                    .isEmpty();
            assertThat(history.slowerThan(HANG_MILLIS))
                    .as("requests held past %d ms beyond their wait", HANG_MILLIS)
                    .isEmpty();
            // 409 and 410: a call that ended (or was cancelled) under the other's request, as on a good day.
            assertThat(history.unexpectedClientErrors(Set.of(409, 410))).isEmpty();
            assertThat(told)
                    .as(
                            "waiting users told where they stand within %d ms of the heal (-1: never); what they saw "
                                    + "from the fault on: %s",
                            TOLD_MILLIS,
                            history.traceSinceFault(told.entrySet().stream()
                                    .filter(e -> e.getValue() < 0)
                                    .map(Map.Entry::getKey)
                                    .toList()))
                    .allSatisfy((user, millis) -> assertThat(millis).isBetween(0L, TOLD_MILLIS));
            assertNoAcknowledgedSignalLost(history, crowd);
            assertNoAcknowledgedMessageLost(history, crowd);
            assertNobodyInTwoLiveCalls(db, crowd);
        } finally {
            link.heal();
            if (!crowd.stopping()) {
                crowd.stop();
            }
        }
    }

    /** Each acknowledged signal the receiver did not read during its date is still in its queue now. */
    private static void assertNoAcknowledgedSignalLost(History history, Crowd crowd) {
        Map<Long, Dater> byId = crowd.daters().stream().collect(Collectors.toMap(Dater::id, Function.identity()));
        List<History.Signal> unread = history.unreceivedSignals();
        for (History.Signal signal : unread) {
            Api.Response queued = byId.get(signal.toUserId()).user().signals(signal.videoSessionId(), "after=0");
            assertThat(queued.status()).as("%s: %s", signal, queued).isEqualTo(200);
            assertThat(queued.json()
                            .get("signals")
                            .valueStream()
                            .map(s -> s.get("seq").asLong()))
                    .as("acknowledged signal %s", signal)
                    .contains(signal.seq());
        }
    }

    /** Each acknowledged message is in the receiver's conversation, once, however often its sender repeated it. */
    private static void assertNoAcknowledgedMessageLost(History history, Crowd crowd) {
        Map<Long, Dater> byId = crowd.daters().stream().collect(Collectors.toMap(Dater::id, Function.identity()));
        for (History.Message message : history.acknowledgedMessages) {
            Api.Response conversation = byId.get(message.toUserId())
                    .user()
                    .get("/api/matches/" + message.matchId() + "/messages?limit=100");
            assertThat(conversation.status()).as(conversation.toString()).isEqualTo(200);
            List<JsonNode> same = conversation
                    .json()
                    .get("messages")
                    .valueStream()
                    .filter(m -> message.clientId().equals(m.get("client_id").asString()))
                    .toList();
            assertThat(same).as("message %s", message).hasSize(1);
            assertThat(same.get(0).get("id").asLong()).isEqualTo(message.messageId());
        }
    }

    /** From the database itself: no user's calls overlap in time, and nobody is left in a live call. */
    private static void assertNobodyInTwoLiveCalls(JdbcTemplate db, Crowd crowd) {
        Long[] users = crowd.daters().stream().map(Dater::id).toArray(Long[]::new);
        List<String> overlapping = db.query("""
                with calls as (
                    select p.user_id, v.id, v.created_at, coalesce(v.ended_at, now()) as ended_at
                    from video_participants p join video_sessions v on v.id = p.video_session_id
                    where p.user_id = any (?))
                select a.user_id || ': calls ' || a.id || ' and ' || b.id
                from calls a join calls b on a.user_id = b.user_id and a.id < b.id
                where a.created_at < b.ended_at and b.created_at < a.ended_at
                """, (row, n) -> row.getString(1), (Object) users);
        assertThat(overlapping).as("users in two live calls at once").isEmpty();
        assertThat(db.queryForObject(
                        "select count(*) from live_calls where user_id = any (?)", Long.class, (Object) users))
                .as("users left in a live call after everyone hung up")
                .isZero();
    }
}
