package com.speedmatch.matchmaker;

import com.speedmatch.call.CallViews;
import com.speedmatch.call.InstantCallWriter;
import com.speedmatch.matchmaker.internal.Matchmaker;
import com.speedmatch.safety.SafetyService;
import com.speedmatch.shared.ReadModel;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import lombok.RequiredArgsConstructor;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes a pass's pairings: all of them in one transaction of a few statements (lock every session,
 * re-check, insert), or, when the database refuses that batch, one pairing per transaction.
 */
@Component
@RequiredArgsConstructor
@ReadModel(
        reads = {"matching_sessions", "presence"},
        why = "The pool's sessions of a pass, locked in user-id order and re-checked before their calls are written")
class PairWriter {

    private final JdbcTemplate jdbc;
    private final InstantCallWriter calls;
    private final SafetyService safety;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    /**
     * Writes the pass's pairs in five statements, whatever their number: every session of the pass
     * locked at once in user-id order, the blocks and skips and the live calls of those users read
     * once, the pairs still valid inserted in one statement. A pair is dropped, as in
     * {@link #write}, when either session stopped being active and present, when the two were kept
     * apart meanwhile, or when either user is already in a live call.
     *
     * @return the pairs written, with their calls
     */
    @Transactional
    public List<Written> writeAll(List<Matchmaker.Pair> pairs, Instant seenSince) {
        List<Long> ids = pairs.stream()
                .flatMap(p -> Stream.of(p.first().userId(), p.second().userId()))
                .sorted()
                .toList();
        Map<Long, OpenSession> locked = new HashMap<>();
        lockOpen(ids).forEach(session -> locked.put(session.userId(), session));
        Map<Long, Set<Long>> apart = safety.keptApart(ids);
        Set<Long> busy = calls.inLiveCalls(ids);
        List<Matchmaker.Pair> valid = pairs.stream()
                .filter(pair -> {
                    long a = pair.first().userId();
                    long b = pair.second().userId();
                    return waiting(locked.get(a), seenSince)
                            && waiting(locked.get(b), seenSince)
                            && !apart.getOrDefault(a, Set.of()).contains(b)
                            && !busy.contains(a)
                            && !busy.contains(b);
                })
                .toList();
        List<CallViews.LiveInstantCall> created = calls.createInstantCalls(valid.stream()
                .map(p -> new CallViews.NewInstantCall(
                        p.first().userId(),
                        p.second().userId(),
                        p.score(),
                        p.first().waitingSince(),
                        p.second().waitingSince()))
                .toList());
        List<Written> written = new ArrayList<>(valid.size());
        for (int i = 0; i < valid.size(); i++) {
            written.add(new Written(valid.get(i), created.get(i)));
        }
        announce(written, clock.instant());
        return written;
    }

    /** A pair written, with the call made for it. */
    record Written(Matchmaker.Pair pair, CallViews.LiveInstantCall call) {}

    /** A pool session as the writer re-checks it under its lock. */
    record OpenSession(long userId, boolean active, Instant lastActive) {}

    /**
     * The open sessions of these users, locked in user-id order (as every writer of the pool locks
     * them), so that concurrent writers never deadlock.
     */
    private List<OpenSession> lockOpen(Collection<Long> userIds) {
        return jdbc.query(
                """
                select s.user_id, s.status, p.last_seen from matching_sessions s
                left join presence p on p.user_id = s.user_id
                where s.user_id = any(?) and s.status <> 'ended' order by s.user_id for update of s
                """,
                (rs, row) -> new OpenSession(
                        rs.getLong("user_id"),
                        "active".equals(rs.getString("status")),
                        rs.getTimestamp("last_seen") == null
                                ? Instant.MIN
                                : rs.getTimestamp("last_seen").toInstant()),
                (Object) userIds.toArray(Long[]::new));
    }

    private static boolean waiting(OpenSession session, Instant seenSince) {
        return session != null && session.active() && !session.lastActive().isBefore(seenSince);
    }

    /**
     * Locks both sessions (in user-id order) and creates the call only if both are still active
     * and present, and still not kept apart: a user who ends or pauses at this moment is never put
     * in a call, and neither is a pair one of whom blocked or skipped the other since the pass took
     * its snapshot (a block takes the same session locks before it looks for calls to end).
     *
     * @return whether the call was created
     */
    @Transactional
    public boolean write(Matchmaker.Pair pair, Instant seenSince) {
        long a = pair.first().userId();
        long b = pair.second().userId();
        List<OpenSession> locked = lockOpen(List.of(a, b));
        boolean bothStillWaiting = locked.size() == 2 && locked.stream().allMatch(s -> waiting(s, seenSince));
        if (!bothStillWaiting || safety.isExcluded(a, b)) {
            return false;
        }
        CallViews.LiveInstantCall call = calls.createInstantCall(
                a, b, pair.score(), pair.first().waitingSince(), pair.second().waitingSince());
        announce(List.of(new Written(pair, call)), clock.instant());
        return true;
    }

    /**
     * Published inside the pass's transaction; once it commits, the feed tells both of each pair
     * {@code match_found} (and wakes their parked polls), from the event publication registry.
     */
    private void announce(List<Written> written, Instant at) {
        if (written.isEmpty()) {
            return;
        }
        events.publishEvent(new PairsMade(
                written.stream()
                        .map(w -> new PairsMade.Pairing(
                                w.pair().first().userId(),
                                w.pair().second().userId(),
                                w.call().callSessionId(),
                                w.call().videoSessionId(),
                                w.call().compatibilityScore()))
                        .toList(),
                at));
    }
}
