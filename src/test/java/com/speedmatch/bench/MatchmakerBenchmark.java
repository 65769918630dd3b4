package com.speedmatch.bench;

import com.speedmatch.matchmaker.internal.InterestIds;
import com.speedmatch.matchmaker.internal.Matchmaker;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One full matchmaker pass over a waiting pool of 1,000, 10,000 and 100,000 users with realistic
 * preferences: mostly women and men interested in each other, some nonbinary users and broader
 * interests, age ranges around one's own age, 3-8 interests from a vocabulary of 300, a few
 * exclusions per user and trait means for a third of them.
 *
 * <p>Run: {@code ./mvnw -Pbench verify}, or {@code ./mvnw -Pbench verify -Dbench.args="Matchmaker -p poolSize=10000"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgs = {"-Xms2g", "-Xmx2g"})
public class MatchmakerBenchmark {

    @Param({"1000", "10000", "100000"})
    int poolSize;

    /** matching.max-candidates-per-user: how many eligible partners a user compares at most. */
    @Param({"32"})
    int maxCandidates;

    Matchmaker.Pool pool;
    Matchmaker matchmaker;

    @Setup(Level.Trial)
    public void createPool() {
        pool = realisticPool(poolSize, new Random(42));
        matchmaker = new Matchmaker(maxCandidates);
    }

    @Benchmark
    public List<Matchmaker.Pair> fullPass() {
        return matchmaker.pair(pool);
    }

    static Matchmaker.Pool realisticPool(int n, Random random) {
        InterestIds interests = new InterestIds();
        Instant now = Instant.parse("2026-11-28T12:00:00Z");
        List<Matchmaker.Candidate> people = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double g = random.nextDouble();
            int gender = g < 0.48 ? 1 : g < 0.96 ? 2 : 4;
            int wants;
            double w = random.nextDouble();
            if (gender == 4) {
                wants = 1 | 2 | 4;
            } else if (w < 0.85) {
                wants = gender == 1 ? 2 : 1;
            } else if (w < 0.93) {
                wants = gender;
            } else {
                wants = 1 | 2 | 4;
            }
            int age = 18 + (int) Math.min(60, Math.abs(random.nextGaussian() * 12 + 10));
            int min = Math.max(18, age - 3 - random.nextInt(8));
            int max = Math.min(120, age + 3 + random.nextInt(10));
            List<String> own = new ArrayList<>();
            for (int k = 3 + random.nextInt(6); k > 0; k--) {
                own.add("interest-" + (int) Math.abs(random.nextGaussian() * 80) % 300);
            }
            int[] ownIds = interests.of(own);
            int[] wantIds = random.nextDouble() < 0.3 ? interests.of(own.subList(0, 1)) : ownIds;
            double[] traits = random.nextDouble() < 0.33
                    ? new double[] {
                        1 + random.nextDouble() * 4,
                        1 + random.nextDouble() * 4,
                        1 + random.nextDouble() * 4,
                        1 + random.nextDouble() * 4,
                        1 + random.nextDouble() * 4
                    }
                    : null;
            people.add(new Matchmaker.Candidate(
                    i + 1,
                    gender,
                    wants,
                    age,
                    min,
                    max,
                    ownIds,
                    wantIds,
                    random.nextDouble(),
                    traits,
                    now.minusMillis(random.nextInt(600_000))));
        }
        Map<Long, Set<Long>> apart = new HashMap<>();
        for (int i = 0; i < n * 2; i++) {
            long a = 1 + random.nextInt(n);
            long b = 1 + random.nextInt(n);
            if (a != b) {
                apart.computeIfAbsent(a, k -> new HashSet<>()).add(b);
                apart.computeIfAbsent(b, k -> new HashSet<>()).add(a);
            }
        }
        return new Matchmaker.Pool(people, apart);
    }
}
