package com.speedmatch.matchmaker;

import com.speedmatch.call.CallQueries;
import com.speedmatch.matchmaker.internal.InterestIds;
import com.speedmatch.matchmaker.internal.Matchmaker;
import com.speedmatch.safety.SafetyService;
import com.speedmatch.user.Gender;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Component;

/**
 * "Where I stand" (docs/spec.md): how many people this user could be paired with now ({@code waiting}) or
 * when their call ends ({@code in_calls}), by the matchmaker's own rule
 * ({@link Matchmaker#mutuallyEligible}, and nobody kept apart: a skip, a block, a recent date), and
 * an estimate of the wait from the recent pairings of users like this one (same gender, seeking the
 * same genders).
 *
 * <p>Cheap by construction: one snapshot of the pool (one query, plus the kept-apart and recent
 * partners the matchmaker reads too) at most once a second per instance, shared by every reader;
 * a reader then scans it in memory.
 */
@Component
@RequiredArgsConstructor
public class QueuePosition {

    /** Where a user stands in the pool. */
    public record CompatibleNow(int waiting, int inCalls) {}

    /** How many the user could be paired with, and the estimated wait. */
    public record Standing(CompatibleNow compatibleNow, Long estimatedWaitSeconds) {}

    /** Fewer recent waits than this for users alike, and the estimate is unknown. */
    static final int MIN_SAMPLES = 5;

    static final Duration RECENT = Duration.ofMinutes(30);
    static final Duration REFRESH = Duration.ofSeconds(1);

    private final PoolSnapshotRepository snapshots;
    private final SafetyService safety;
    private final CallQueries calls;
    private final MatchingProperties properties;
    private final Clock clock;

    private record Snapshot(
            Instant takenAt,
            Map<Long, Matchmaker.Candidate> candidates,
            Set<Long> inCall,
            Map<Long, Set<Long>> apart,
            Map<String, long[]> waitsByKind) {}

    private volatile Snapshot snapshot;

    public Standing standing(long userId, Instant waitingSince) {
        Snapshot pool = current();
        Matchmaker.Candidate me = pool.candidates().get(userId);
        int waiting = 0;
        int inCalls = 0;
        if (me != null) {
            Set<Long> apart = pool.apart().getOrDefault(userId, Set.of());
            for (Matchmaker.Candidate other : pool.candidates().values()) {
                if (Matchmaker.mutuallyEligible(me, other) && !apart.contains(other.userId())) {
                    if (pool.inCall().contains(other.userId())) {
                        inCalls++;
                    } else {
                        waiting++;
                    }
                }
            }
        }
        Long estimate = null;
        if (me != null) {
            long[] waits = pool.waitsByKind().get(kind(me.genderBit(), me.interestedInMask()));
            if (waits != null && waits.length >= MIN_SAMPLES) {
                long medianMillis = waits[waits.length / 2];
                long waited = waitingSince == null
                        ? 0
                        : Duration.between(waitingSince, clock.instant()).toMillis();
                long left = medianMillis - Math.max(0, waited);
                estimate = left > 0 ? (left + 999) / 1000 : null;
            }
        }
        return new Standing(new CompatibleNow(waiting, inCalls), estimate);
    }

    private Snapshot current() {
        Snapshot pool = snapshot;
        Instant now = clock.instant();
        if (pool != null
                && Duration.between(pool.takenAt(), now).compareTo(REFRESH) < 0
                && !now.isBefore(pool.takenAt())) {
            return pool;
        }
        synchronized (this) {
            pool = snapshot;
            if (pool == null
                    || Duration.between(pool.takenAt(), now).compareTo(REFRESH) >= 0
                    || now.isBefore(pool.takenAt())) {
                pool = take(now);
                snapshot = pool;
            }
            return pool;
        }
    }

    private Snapshot take(Instant now) {
        List<PoolSnapshotRepository.Present> present = snapshots.present(now.minus(properties.activeWindow()));
        LocalDate today = LocalDate.now(clock);
        InterestIds interestIds = new InterestIds();
        Map<Long, Matchmaker.Candidate> candidates = new HashMap<>();
        Set<Long> inCall = new HashSet<>();
        for (PoolSnapshotRepository.Present p : present) {
            candidates.put(p.user().userId(), MatchmakerRunner.candidate(p.user(), today, interestIds, null));
            if (p.inCall()) {
                inCall.add(p.user().userId());
            }
        }
        List<Long> ids = new ArrayList<>(candidates.keySet());
        Map<Long, Set<Long>> apart = new HashMap<>(safety.keptApart(ids));
        calls.recentPartners(ids, now.minus(properties.recentPairWindow()))
                .forEach((user, partners) ->
                        apart.computeIfAbsent(user, id -> new HashSet<>()).addAll(partners));
        Map<String, List<Long>> byKind = new HashMap<>();
        for (PoolSnapshotRepository.Wait wait : snapshots.waits(now.minus(RECENT))) {
            int mask = 0;
            for (String code : wait.interestedIn()) {
                mask |= 1 << Gender.fromCode(code).ordinal();
            }
            byKind.computeIfAbsent(kind(1 << wait.gender().ordinal(), mask), k -> new ArrayList<>())
                    .add(wait.waitedMillis());
        }
        Map<String, long[]> waitsByKind = new HashMap<>();
        byKind.forEach((kind, waits) -> {
            long[] sorted = waits.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(sorted);
            waitsByKind.put(kind, sorted);
        });
        return new Snapshot(now, candidates, inCall, apart, waitsByKind);
    }

    private static String kind(int genderBit, int interestedInMask) {
        return genderBit + "/" + interestedInMask;
    }
}
