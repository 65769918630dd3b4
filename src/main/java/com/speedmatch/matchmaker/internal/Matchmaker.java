package com.speedmatch.matchmaker.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pairs a snapshot of the pool. Pure: no Spring, no I/O, no clock.
 *
 * <p>The rules, which differ from the guide's "the poller grabs the most recently active user":
 * <ul>
 *   <li>Eligibility is mutual: each one's age inside the other's range, each one's gender among
 *   the genders the other is interested in, nobody kept apart (a skip or block either way, or a
 *   call together within the recent-pair window), never oneself.</li>
 *   <li>The user who has waited longest chooses first and takes the eligible partner with the
 *   highest {@link Compatibility#score compatibility score}; ties go to the partner who waited longer.</li>
 * </ul>
 *
 * <p>Candidates are bucketed by gender and age, so a user only looks at people whose gender and
 * age they accept. In a very large pool a user examines at most {@code maxCandidatesPerUser}
 * mutually eligible partners and takes the best of those: below that number the choice is exact.
 * Past it, the scan starts at a bucket drawn from the pass's {@link Pool#seed() seed} and the
 * chooser, and wraps around, so every gender and age the chooser accepts has the same chance to be
 * looked at (not only the youngest ages in the range); inside a bucket, longer waits come first.
 */
public final class Matchmaker {

    static final int MIN_AGE = 18;
    static final int MAX_AGE = 120;

    private final int maxCandidatesPerUser;

    public Matchmaker(int maxCandidatesPerUser) {
        if (maxCandidatesPerUser < 1) {
            throw new IllegalArgumentException("maxCandidatesPerUser must be positive");
        }
        this.maxCandidatesPerUser = maxCandidatesPerUser;
    }

    /**
     * One person waiting in the pool. Genders are bit masks (1 << ordinal); interests are sorted
     * ids from one {@link InterestIds} per snapshot; traits are the five received means, or null
     * while the user has too few ratings.
     */
    public record Candidate(
            long userId,
            int genderBit,
            int interestedInMask,
            int age,
            int minAge,
            int maxAge,
            int[] interests,
            int[] wants,
            double personalityWeight,
            double[] traits,
            Instant waitingSince,
            boolean verified,
            boolean verifiedOnly) {

        /** A verified user with no verified-only preference: the common case of the tests and benchmarks. */
        public Candidate(
                long userId,
                int genderBit,
                int interestedInMask,
                int age,
                int minAge,
                int maxAge,
                int[] interests,
                int[] wants,
                double personalityWeight,
                double[] traits,
                Instant waitingSince) {
            this(
                    userId,
                    genderBit,
                    interestedInMask,
                    age,
                    minAge,
                    maxAge,
                    interests,
                    wants,
                    personalityWeight,
                    traits,
                    waitingSince,
                    true,
                    false);
        }

        boolean accepts(Candidate other) {
            return (interestedInMask & other.genderBit) != 0
                    && other.age >= minAge
                    && other.age <= maxAge
                    && (!verifiedOnly || other.verified);
        }
    }

    /** A pairing; {@code first} is the user who chose (the one who had waited longer). */
    public record Pair(Candidate first, Candidate second, double score) {}

    /**
     * Users kept apart, symmetric: user id -> ids they must not meet. {@code seed} picks where a
     * capped scan starts; a new one each pass gives every eligible partner its turn.
     */
    public record Pool(List<Candidate> candidates, Map<Long, Set<Long>> apart, long seed) {

        public Pool(List<Candidate> candidates, Map<Long, Set<Long>> apart) {
            this(candidates, apart, 0);
        }
    }

    public List<Pair> pair(Pool pool) {
        Candidate[] byWait = pool.candidates().toArray(Candidate[]::new);
        Arrays.sort(byWait, Comparator.comparing(Candidate::waitingSince).thenComparingLong(Candidate::userId));
        int n = byWait.length;
        // The fields of the eligibility test, side by side in waiting order: the scan reads these
        // for every candidate it passes, and arrays keep it in the cache.
        int[] genderBit = new int[n];
        int[] interestedIn = new int[n];
        int[] age = new int[n];
        int[] minAge = new int[n];
        int[] maxAge = new int[n];
        for (int i = 0; i < n; i++) {
            Candidate c = byWait[i];
            genderBit[i] = c.genderBit();
            interestedIn[i] = c.interestedInMask();
            age[i] = c.age();
            minAge[i] = c.minAge();
            maxAge[i] = c.maxAge();
        }
        // buckets[genderBitIndex][age - MIN_AGE] = positions in waiting order
        int[][][] buckets = AgeBuckets.of(byWait);
        int[][] cursors = new int[buckets.length][MAX_AGE - MIN_AGE + 1];
        boolean[] taken = new boolean[n];
        List<Pair> pairs = new ArrayList<>();
        int[] accepted = new int[buckets.length * (MAX_AGE - MIN_AGE + 1)];

        for (int i = 0; i < n; i++) {
            if (taken[i]) {
                continue;
            }
            Candidate chooser = byWait[i];
            long[] apart = sorted(pool.apart().get(chooser.userId()));
            int best = -1;
            double bestScore = -1;
            int examined = 0;
            // The non-empty buckets of the genders and ages the chooser accepts, as g * ages + a.
            int count = 0;
            for (int g = 0; g < buckets.length; g++) {
                if ((interestedIn[i] & (1 << g)) == 0) {
                    continue;
                }
                int from = Math.max(minAge[i], MIN_AGE) - MIN_AGE;
                int to = Math.min(maxAge[i], MAX_AGE) - MIN_AGE;
                for (int a = from; a <= to; a++) {
                    if (buckets[g][a] != null && cursors[g][a] < buckets[g][a].length) {
                        accepted[count++] = g * (MAX_AGE - MIN_AGE + 1) + a;
                    }
                }
            }
            int first = count == 0 ? 0 : (int) Math.floorMod(mix(pool.seed(), chooser.userId()), (long) count);
            search:
            for (int b = 0; b < count; b++) {
                int code = accepted[(first + b) % count];
                int g = code / (MAX_AGE - MIN_AGE + 1);
                int a = code % (MAX_AGE - MIN_AGE + 1);
                int[] bucket = buckets[g][a];
                // Skip the prefix already taken: buckets are in waiting order, so it only grows.
                int start = cursors[g][a];
                while (start < bucket.length && taken[bucket[start]]) {
                    start++;
                }
                cursors[g][a] = start;
                for (int k = start; k < bucket.length; k++) {
                    int j = bucket[k];
                    if (j == i
                            || taken[j]
                            || (interestedIn[j] & genderBit[i]) == 0
                            || age[i] < minAge[j]
                            || age[i] > maxAge[j]) {
                        continue;
                    }
                    Candidate other = byWait[j];
                    if (other.userId() == chooser.userId()
                            || (chooser.verifiedOnly() && !other.verified())
                            || (other.verifiedOnly() && !chooser.verified())
                            || (apart != null && Arrays.binarySearch(apart, other.userId()) >= 0)) {
                        continue;
                    }
                    double s = Compatibility.score(chooser, other);
                    if (s > bestScore || (s == bestScore && j < best)) {
                        best = j;
                        bestScore = s;
                    }
                    if (++examined >= maxCandidatesPerUser) {
                        break search;
                    }
                }
            }
            if (best >= 0) {
                taken[i] = true;
                taken[best] = true;
                pairs.add(new Pair(chooser, byWait[best], bestScore));
            }
        }
        return pairs;
    }

    /** A well-spread hash of the pass's seed and the chooser (SplitMix64's finalizer). */
    private static long mix(long seed, long userId) {
        long z = seed + userId * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static long[] sorted(Set<Long> ids) {
        if (ids == null || ids.isEmpty()) {
            return null;
        }
        long[] sorted = new long[ids.size()];
        int k = 0;
        for (Long id : ids) {
            sorted[k++] = id;
        }
        Arrays.sort(sorted);
        return sorted;
    }

    /** Whether the two may be paired, ignoring who is kept apart. */
    public static boolean mutuallyEligible(Candidate a, Candidate b) {
        return a.userId() != b.userId() && a.accepts(b) && b.accepts(a);
    }
}
