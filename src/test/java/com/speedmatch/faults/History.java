package com.speedmatch.faults;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a crowd's clients saw during one run, recorded as it happened (each entry with
 * {@link System#nanoTime()}): every request and its answer, every call handed out, every signal
 * and message acknowledged and every one received. The invariants are checked on it afterwards.
 */
final class History {

    /** One request and its answer: status 0 when there was none (an I/O error or a timeout). */
    record Exchange(
            long userId,
            String what,
            long startedAt,
            long answeredAt,
            int status,
            boolean retryAfter,
            int waitSeconds) {

        long millis() {
            return (answeredAt - startedAt) / 1_000_000;
        }

        /** How long it took beyond the long-poll wait it asked for. */
        long millisBeyondWait() {
            return millis() - waitSeconds * 1_000L;
        }
    }

    record Signal(String videoSessionId, long seq, long fromUserId, long toUserId) {}

    record Message(long matchId, long messageId, long fromUserId, long toUserId, String clientId) {}

    /** A user's wait in the pool: from asking for a partner to being handed one (or the run's end). */
    record Wait(long userId, long from, long until, boolean paired) {}

    final Queue<Exchange> exchanges = new ConcurrentLinkedQueue<>();
    final Set<Signal> acknowledgedSignals = ConcurrentHashMap.newKeySet();
    final Set<Signal> receivedSignals = ConcurrentHashMap.newKeySet();
    final Queue<Message> acknowledgedMessages = new ConcurrentLinkedQueue<>();
    final Queue<Wait> waits = new ConcurrentLinkedQueue<>();
    /** Every answer that told a waiting user where they stand (next-match answered 200), by user. */
    final Map<Long, Queue<Long>> told = new ConcurrentHashMap<>();

    /** The users waiting in the pool now, with when each began to wait. */
    final Map<Long, Long> waitingNow = new ConcurrentHashMap<>();
    /** The users who were waiting when the fault healed. */
    final Set<Long> waitingAtHeal = ConcurrentHashMap.newKeySet();

    final Queue<Long> datesCompleted = new ConcurrentLinkedQueue<>();
    /** Steps a client could not complete however long it persisted: each one a service that did not recover. */
    final Queue<String> stuck = new ConcurrentLinkedQueue<>();
    /** Matching sessions the service ended under a waiting user (who then started again). */
    final AtomicLong sessionsLost = new AtomicLong();

    final AtomicLong faultAt = new AtomicLong();
    final AtomicLong healedAt = new AtomicLong();

    void exchange(Exchange exchange) {
        exchanges.add(exchange);
    }

    void told(long userId, long at) {
        told.computeIfAbsent(userId, id -> new ConcurrentLinkedQueue<>()).add(at);
    }

    long datesCompletedAfter(long at) {
        return datesCompleted.stream().filter(t -> t > at).count();
    }

    /** Milliseconds from {@code at} to the {@code n}-th date completed after it. */
    long millisToDate(long at, int n) {
        return datesCompleted.stream()
                .filter(t -> t > at)
                .sorted()
                .skip(n - 1L)
                .findFirst()
                .map(t -> (t - at) / 1_000_000)
                .orElse(-1L);
    }

    /** Answers at 500 or above that are not a 503 with Retry-After, and requests never answered. */
    List<Exchange> badRefusals() {
        return exchanges.stream()
                .filter(e -> e.status() == 0 || e.status() >= 500 && !(e.status() == 503 && e.retryAfter()))
                .toList();
    }

    /** 4xx answers no client of a healthy date gets: they would mean a fault corrupted what a user sees. */
    List<Exchange> unexpectedClientErrors(Set<Integer> expected) {
        return exchanges.stream()
                .filter(e -> e.status() >= 400 && e.status() < 500 && !expected.contains(e.status()))
                .toList();
    }

    List<Exchange> slowerThan(long millis) {
        return exchanges.stream().filter(e -> e.millisBeyondWait() > millis).toList();
    }

    long refusals() {
        return exchanges.stream().filter(e -> e.status() == 503).count();
    }

    long slowestMillisBeyondWait() {
        return exchanges.stream().mapToLong(Exchange::millisBeyondWait).max().orElse(0);
    }

    /** The slowest exchanges beyond their long-poll wait, for the run's printout. */
    List<String> slowest(int n) {
        return exchanges.stream()
                .sorted(Comparator.comparingLong(Exchange::millisBeyondWait).reversed())
                .limit(n)
                .map(e -> e.what() + " " + e.status() + " " + e.millisBeyondWait() + " ms")
                .toList();
    }

    /** What these users sent and were answered from the fault on, in ms from the heal: for a failure's message. */
    Map<Long, List<String>> traceSinceFault(List<Long> users) {
        long heal = healedAt.get();
        Map<Long, List<String>> trace = new HashMap<>();
        for (long user : users) {
            trace.put(
                    user,
                    exchanges.stream()
                            .filter(e -> e.userId() == user && e.answeredAt() > faultAt.get())
                            .map(e -> e.what() + " " + e.status() + " at " + (e.startedAt() - heal) / 1_000_000 + ".."
                                    + (e.answeredAt() - heal) / 1_000_000)
                            .toList());
        }
        return trace;
    }

    /** Acknowledged signals the receiver never read during its date. */
    List<Signal> unreceivedSignals() {
        return acknowledgedSignals.stream()
                .filter(s -> !receivedSignals.contains(s))
                .toList();
    }

    /**
     * For each user who was waiting when the fault healed: milliseconds from the heal to the first
     * answer that told them where they stand (paired, or still waiting), or -1 if none came yet.
     */
    Map<Long, Long> toldAfterHeal() {
        long heal = healedAt.get();
        Map<Long, Long> after = new HashMap<>();
        for (long user : waitingAtHeal) {
            long first = told.getOrDefault(user, new ConcurrentLinkedQueue<>()).stream()
                    .filter(t -> t >= heal)
                    .min(Long::compare)
                    .orElse(-1L);
            after.put(user, first < 0 ? -1 : (first - heal) / 1_000_000);
        }
        return after;
    }

    boolean everyoneWaitingAtHealTold() {
        return toldAfterHeal().values().stream().allMatch(millis -> millis >= 0);
    }

    /** Milliseconds from the heal to the pairing of each user who was waiting then and was paired. */
    List<Long> pairedAfterHeal() {
        long heal = healedAt.get();
        return waits.stream()
                .filter(w -> w.paired() && waitingAtHeal.contains(w.userId()) && w.from() <= heal && w.until() >= heal)
                .map(w -> (w.until() - heal) / 1_000_000)
                .sorted()
                .toList();
    }

    static long median(Collection<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(Comparator.naturalOrder());
        return sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2);
    }
}
