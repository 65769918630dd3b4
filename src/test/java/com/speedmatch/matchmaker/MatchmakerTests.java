package com.speedmatch.matchmaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.speedmatch.matchmaker.internal.Compatibility;
import com.speedmatch.matchmaker.internal.InterestIds;
import com.speedmatch.matchmaker.internal.Matchmaker;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

class MatchmakerTests {

    static final int WOMAN = 1;
    static final int MAN = 2;
    static final int NONBINARY = 4;
    static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");

    final Matchmaker matchmaker = new Matchmaker(10_000);

    @Test
    void aWomanAndAManWhoWantEachOtherArePaired() {
        var anna = person(1).woman().wants(MAN).build();
        var ben = person(2).man().wants(WOMAN).build();
        List<Matchmaker.Pair> pairs = matchmaker.pair(pool(anna, ben));
        assertThat(pairs).hasSize(1);
        assertThat(ids(pairs.get(0))).containsExactlyInAnyOrder(1L, 2L);
    }

    @Test
    void oneSidedGenderInterestNeverPairs() {
        var anna = person(1).woman().wants(MAN).build();
        var cleo = person(2).woman().wants(WOMAN).build(); // Cleo wants Anna, Anna does not want women
        assertThat(matchmaker.pair(pool(anna, cleo))).isEmpty();
    }

    @Test
    void oneSidedAgeRangeNeverPairs() {
        var anna = person(1).woman().wants(MAN).age(40).range(35, 50).build();
        var ben = person(2).man().wants(WOMAN).age(25).range(18, 60).build(); // Ben accepts 40, Anna not 25
        assertThat(matchmaker.pair(pool(anna, ben))).isEmpty();
    }

    /** docs/spec.md "verified_only": honoured both ways, as every other filter. */
    @Test
    void aVerifiedOnlyUserIsPairedWithVerifiedUsersOnlyEitherWay() {
        var anna = verifiedOnly(person(1).woman().wants(MAN).build());
        var unverifiedBen = unverified(person(2).man().wants(WOMAN).build());
        assertThat(matchmaker.pair(pool(anna, unverifiedBen))).isEmpty();
        assertThat(matchmaker.pair(pool(unverifiedBen, anna))).isEmpty();
        var verifiedBen = person(3).man().wants(WOMAN).build();
        assertThat(matchmaker.pair(pool(anna, verifiedBen))).hasSize(1);
        // An unverified user who wants verified people only still gets them; nobody needs to be verified for her.
        var unverifiedCleo =
                verifiedOnly(unverified(person(4).woman().wants(MAN).build()));
        assertThat(matchmaker.pair(pool(unverifiedCleo, verifiedBen))).hasSize(1);
    }

    private static Matchmaker.Candidate verifiedOnly(Matchmaker.Candidate c) {
        return new Matchmaker.Candidate(
                c.userId(),
                c.genderBit(),
                c.interestedInMask(),
                c.age(),
                c.minAge(),
                c.maxAge(),
                c.interests(),
                c.wants(),
                c.personalityWeight(),
                c.traits(),
                c.waitingSince(),
                c.verified(),
                true);
    }

    private static Matchmaker.Candidate unverified(Matchmaker.Candidate c) {
        return new Matchmaker.Candidate(
                c.userId(),
                c.genderBit(),
                c.interestedInMask(),
                c.age(),
                c.minAge(),
                c.maxAge(),
                c.interests(),
                c.wants(),
                c.personalityWeight(),
                c.traits(),
                c.waitingSince(),
                false,
                c.verifiedOnly());
    }

    @Test
    void nobodyIsPairedWithSomeoneKeptApart() {
        var anna = person(1).woman().wants(MAN).build();
        var ben = person(2).man().wants(WOMAN).build();
        var apart = Map.of(1L, Set.of(2L), 2L, Set.of(1L));
        assertThat(matchmaker.pair(new Matchmaker.Pool(List.of(anna, ben), apart)))
                .isEmpty();
    }

    @Test
    void theLongestWaitingChoosesFirstAndTakesTheBestScore() {
        var early = person(1)
                .woman()
                .wants(MAN)
                .interests("jazz", "chess")
                .waitedSeconds(100)
                .build();
        var poorFit = person(2)
                .man()
                .wants(WOMAN)
                .interests("football")
                .waitedSeconds(90)
                .build();
        var goodFit = person(3)
                .man()
                .wants(WOMAN)
                .interests("jazz", "chess")
                .waitedSeconds(10)
                .build();
        var late = person(4)
                .woman()
                .wants(MAN)
                .interests("jazz", "chess")
                .waitedSeconds(5)
                .build();
        List<Matchmaker.Pair> pairs = matchmaker.pair(pool(early, poorFit, goodFit, late));
        assertThat(pairs.get(0).first().userId()).isEqualTo(1L);
        assertThat(pairs.get(0).second().userId()).isEqualTo(3L);
        assertThat(ids(pairs.get(1))).containsExactlyInAnyOrder(4L, 2L);
    }

    @Test
    void equalScoresGoToWhoeverWaitedLonger() {
        var chooser = person(1).woman().wants(MAN).waitedSeconds(100).build();
        var newer = person(2).man().wants(WOMAN).waitedSeconds(10).build();
        var older = person(3).man().wants(WOMAN).waitedSeconds(50).build();
        assertThat(matchmaker.pair(pool(chooser, newer, older)).get(0).second().userId())
                .isEqualTo(3L);
    }

    @Test
    void scoreIsInterestOverlapWhenPersonalityIsNeutralAndWeightless() {
        var a = person(1).interests("jazz", "chess").weight(0).build();
        var b = person(2).interests("jazz", "tennis", "chess", "wine").weight(0).build();
        // a finds both of its interests in b (1.0); b finds 2 of its 4 in a (0.5)
        assertThat(Compatibility.score(a, b)).isCloseTo(0.75, within(1e-9));
        assertThat(Compatibility.score(b, a)).isCloseTo(0.75, within(1e-9));
    }

    @Test
    void preferredInterestsReplaceOwnInterestsForWhatOneWants() {
        var a = person(1).interests("jazz").prefers("tennis").weight(0).build();
        var b = person(2).interests("tennis").prefers("jazz").weight(0).build();
        assertThat(Compatibility.score(a, b)).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void personalityIsNeutralUntilBothHaveTraitsThenSimilarityCounts() {
        var a = person(1).interests("x").weight(1).build();
        var b = person(2).interests("y").weight(1).build();
        assertThat(Compatibility.score(a, b)).isCloseTo(0.5, within(1e-9));

        var same = person(3).weight(1).traits(4, 4, 4, 4, 4).build();
        var alike = person(4).weight(1).traits(4, 4, 4, 4, 4).build();
        var opposite = person(5).weight(1).traits(1, 1, 1, 1, 1).build();
        var far = person(6).weight(1).traits(5, 5, 5, 5, 5).build();
        assertThat(Compatibility.score(same, alike)).isCloseTo(1.0, within(1e-9));
        assertThat(Compatibility.score(opposite, far)).isCloseTo(0.0, within(1e-9));
        assertThat(Compatibility.score(same, opposite)).isCloseTo(0.25, within(1e-9));
    }

    @Test
    void weightIsTheMeanOfBothUsersWeights() {
        var a = person(1).interests("jazz").weight(0).traits(5, 5, 5, 5, 5).build();
        var b = person(2).interests("jazz").weight(1).traits(1, 1, 1, 1, 1).build();
        // overlap 1.0, personality 0.0, w = 0.5
        assertThat(Compatibility.score(a, b)).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void nobodyWithoutInterestsScoresNeutral() {
        var a = person(1).weight(0).build();
        var b = person(2).weight(0).build();
        assertThat(Compatibility.score(a, b)).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void aCandidateCapStillPairsEveryone() {
        Matchmaker capped = new Matchmaker(2);
        List<Matchmaker.Candidate> people = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            people.add(person(i + 1).woman().wants(MAN).waitedSeconds(1000 - i).build());
            people.add(person(i + 101).man().wants(WOMAN).waitedSeconds(900 - i).build());
        }
        assertThat(capped.pair(new Matchmaker.Pool(people, Map.of()))).hasSize(50);
    }

    /**
     * docs/spec.md "the highest compatibility_score", past the 32-candidate cap: where the best partner's age
     * sits in the chooser's range must not decide whether they are ever looked at. Over 400 passes
     * (seeds), the best is found about as often (8 of the 32 ages fit in one scan, so about a
     * quarter of the time) at the youngest, a middle and the oldest age of the range.
     */
    @Test
    void pastTheCapEveryAgeInTheChoosersRangeGetsItsTurn() {
        Matchmaker capped = new Matchmaker(32);
        for (int bestAge : new int[] {20, 35, 51}) {
            List<Matchmaker.Candidate> people = new ArrayList<>();
            people.add(person(1)
                    .woman()
                    .wants(MAN)
                    .age(30)
                    .range(20, 51)
                    .interests("jazz")
                    .waitedSeconds(1000)
                    .build());
            long id = 2;
            long bestId = -1;
            for (int age = 20; age <= 51; age++) {
                for (int k = 0; k < 4; k++) {
                    boolean best = age == bestAge && k == 0;
                    bestId = best ? id : bestId;
                    people.add(person(id++)
                            .man()
                            .wants(WOMAN)
                            .age(age)
                            .interests(best ? "jazz" : "football")
                            .waitedSeconds(100 + k)
                            .build());
                }
            }
            int found = 0;
            for (long seed = 0; seed < 400; seed++) {
                Matchmaker.Pair first =
                        capped.pair(new Matchmaker.Pool(people, Map.of(), seed)).get(0);
                assertThat(first.first().userId()).isEqualTo(1L);
                found += first.second().userId() == bestId ? 1 : 0;
            }
            System.out.printf("Best partner aged %d found in %d of 400 capped passes%n", bestAge, found);
            assertThat(found / 400.0)
                    .as("found the best partner aged %d", bestAge)
                    .isBetween(0.15, 0.40);
        }
    }

    @Property(tries = 200)
    void belowTheCapTheSeedChangesNothing(@ForAll("pools") Matchmaker.Pool pool, @ForAll long seed) {
        assertThat(matchmaker.pair(new Matchmaker.Pool(pool.candidates(), pool.apart(), seed)))
                .isEqualTo(matchmaker.pair(pool));
    }

    // Properties over random pools.

    @Property(tries = 200)
    void nobodyIsInTwoPairs(@ForAll("pools") Matchmaker.Pool pool) {
        Set<Long> seen = new HashSet<>();
        for (Matchmaker.Pair pair : matchmaker.pair(pool)) {
            assertThat(seen.add(pair.first().userId())).isTrue();
            assertThat(seen.add(pair.second().userId())).isTrue();
        }
    }

    @Property(tries = 200)
    void everyPairIsMutuallyEligibleAndNeverKeptApart(@ForAll("pools") Matchmaker.Pool pool) {
        for (Matchmaker.Pair pair : matchmaker.pair(pool)) {
            assertThat(Matchmaker.mutuallyEligible(pair.first(), pair.second())).isTrue();
            assertThat(pool.apart().getOrDefault(pair.first().userId(), Set.of()))
                    .doesNotContain(pair.second().userId());
            assertThat(pool.apart().getOrDefault(pair.second().userId(), Set.of()))
                    .doesNotContain(pair.first().userId());
            assertThat(pair.score()).isBetween(0.0, 1.0);
        }
    }

    @Property(tries = 200)
    void theLongestWaitingUserIsPairedWheneverAnyoneFitsThem(@ForAll("pools") Matchmaker.Pool pool) {
        Matchmaker.Candidate longest = pool.candidates().stream()
                .min(Comparator.comparing(Matchmaker.Candidate::waitingSince)
                        .thenComparingLong(Matchmaker.Candidate::userId))
                .orElseThrow();
        boolean anyoneFits = pool.candidates().stream()
                .anyMatch(other -> Matchmaker.mutuallyEligible(longest, other)
                        && !pool.apart()
                                .getOrDefault(longest.userId(), Set.of())
                                .contains(other.userId()));
        boolean paired = matchmaker.pair(pool).stream()
                .anyMatch(p ->
                        p.first().userId() == longest.userId() || p.second().userId() == longest.userId());
        assertThat(paired).isEqualTo(anyoneFits);
    }

    @Property(tries = 100)
    void noTwoLeftoversCouldHaveBeenPaired(@ForAll("pools") Matchmaker.Pool pool) {
        Set<Long> paired = new HashSet<>();
        matchmaker.pair(pool).forEach(p -> {
            paired.add(p.first().userId());
            paired.add(p.second().userId());
        });
        List<Matchmaker.Candidate> left = pool.candidates().stream()
                .filter(c -> !paired.contains(c.userId()))
                .toList();
        for (Matchmaker.Candidate a : left) {
            for (Matchmaker.Candidate b : left) {
                boolean apart = pool.apart().getOrDefault(a.userId(), Set.of()).contains(b.userId());
                assertThat(Matchmaker.mutuallyEligible(a, b) && !apart).isFalse();
            }
        }
    }

    @Provide
    Arbitrary<Matchmaker.Pool> pools() {
        Arbitrary<Matchmaker.Candidate> candidate = Combinators.combine(
                        Arbitraries.of(WOMAN, MAN, NONBINARY),
                        Arbitraries.integers().between(1, 7),
                        Arbitraries.integers().between(18, 60),
                        Arbitraries.integers().between(18, 45),
                        Arbitraries.integers().between(0, 30),
                        Arbitraries.integers().between(0, 600),
                        Arbitraries.of("jazz", "chess", "hiking", "film", "tennis")
                                .list()
                                .ofMaxSize(3),
                        Arbitraries.doubles().between(0, 1))
                .as((gender, wants, age, min, span, waited, interests, weight) -> new Builder(0)
                        .gender(gender)
                        .wants(wants)
                        .age(age)
                        .range(min, Math.min(120, min + span))
                        .waitedSeconds(waited)
                        .interests(interests.toArray(String[]::new))
                        .weight(weight)
                        .build());
        return candidate
                .list()
                .ofMinSize(0)
                .ofMaxSize(30)
                .flatMap(list -> {
                    List<Matchmaker.Candidate> people = new ArrayList<>();
                    for (int i = 0; i < list.size(); i++) {
                        Matchmaker.Candidate c = list.get(i);
                        people.add(new Matchmaker.Candidate(
                                i + 1,
                                c.genderBit(),
                                c.interestedInMask(),
                                c.age(),
                                c.minAge(),
                                c.maxAge(),
                                c.interests(),
                                c.wants(),
                                c.personalityWeight(),
                                c.traits(),
                                c.waitingSince()));
                    }
                    int n = people.size();
                    return Arbitraries.integers()
                            .between(1, Math.max(1, n))
                            .tuple2()
                            .list()
                            .ofMaxSize(n * 2)
                            .map(edges -> new Matchmaker.Pool(people, symmetric(edges, n)));
                })
                .filter(pool -> !pool.candidates().isEmpty());
    }

    private static Map<Long, Set<Long>> symmetric(List<Tuple.Tuple2<Integer, Integer>> edges, int n) {
        Map<Long, Set<Long>> apart = new HashMap<>();
        for (var edge : edges) {
            long a = edge.get1();
            long b = edge.get2();
            if (a != b && a <= n && b <= n) {
                apart.computeIfAbsent(a, k -> new HashSet<>()).add(b);
                apart.computeIfAbsent(b, k -> new HashSet<>()).add(a);
            }
        }
        return apart;
    }

    private static Matchmaker.Pool pool(Matchmaker.Candidate... people) {
        return new Matchmaker.Pool(List.of(people), Map.of());
    }

    private static List<Long> ids(Matchmaker.Pair pair) {
        return List.of(pair.first().userId(), pair.second().userId());
    }

    static Builder person(long id) {
        return new Builder(id);
    }

    /** A test candidate: a 30-year-old nonbinary person open to everyone aged 18-99, unless told. */
    static final class Builder {
        private static final InterestIds INTERESTS = new InterestIds();
        private final long id;
        private int gender = NONBINARY;
        private int wants = WOMAN | MAN | NONBINARY;
        private int age = 30;
        private int min = 18;
        private int max = 99;
        private String[] interests = {};
        private String[] preferred = {};
        private double weight = 0.5;
        private double[] traits;
        private long waited = 60;

        Builder(long id) {
            this.id = id;
        }

        Builder woman() {
            return gender(WOMAN);
        }

        Builder man() {
            return gender(MAN);
        }

        Builder gender(int bit) {
            this.gender = bit;
            return this;
        }

        Builder wants(int mask) {
            this.wants = mask;
            return this;
        }

        Builder age(int age) {
            this.age = age;
            return this;
        }

        Builder range(int min, int max) {
            this.min = min;
            this.max = max;
            return this;
        }

        Builder interests(String... interests) {
            this.interests = interests;
            return this;
        }

        Builder prefers(String... preferred) {
            this.preferred = preferred;
            return this;
        }

        Builder weight(double weight) {
            this.weight = weight;
            return this;
        }

        Builder traits(double... traits) {
            this.traits = traits;
            return this;
        }

        Builder waitedSeconds(long seconds) {
            this.waited = seconds;
            return this;
        }

        Matchmaker.Candidate build() {
            synchronized (INTERESTS) {
                int[] own = INTERESTS.of(interests);
                int[] want = preferred.length > 0 ? INTERESTS.of(preferred) : own;
                return new Matchmaker.Candidate(
                        id, gender, wants, age, min, max, own, want, weight, traits, T0.minusSeconds(waited));
            }
        }
    }
}
