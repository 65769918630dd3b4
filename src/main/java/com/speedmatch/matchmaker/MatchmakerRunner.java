package com.speedmatch.matchmaker;

import com.speedmatch.call.CallQueries;
import com.speedmatch.matchmaker.internal.InterestIds;
import com.speedmatch.matchmaker.internal.Matchmaker;
import com.speedmatch.news.News;
import com.speedmatch.news.NewsBus;
import com.speedmatch.rating.RatingService;
import com.speedmatch.runtime.BackgroundLoop;
import com.speedmatch.safety.SafetyService;
import com.speedmatch.user.Gender;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import lombok.extern.slf4j.Slf4j;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Runs the {@link Matchmaker} over the pool on a short tick and at once when someone enters it.
 * A transaction-scoped PostgreSQL advisory lock makes one instance match at a time; a pass's pairs are written in one
 * transaction of a few statements ({@link PairWriter#writeAll}). When the database refuses that
 * batch (a constraint: someone got a call another way meanwhile), the pairs are written one per
 * transaction and a pair refused again is skipped and logged, never reported to a user as an error.
 */
@Slf4j
@Component
public class MatchmakerRunner implements SmartLifecycle {

    /** The advisory lock key: "SPDMATCH" in ASCII. */
    static final long LOCK_KEY = 0x5350444d41544348L;

    private final PoolSnapshotRepository snapshots;
    private final PairWriter writer;
    private final SafetyService safety;
    private final RatingService ratings;
    private final CallQueries callQueries;
    private final DataSource dataSource;
    private final MatchingProperties properties;
    private final Clock clock;
    private final NewsBus news;
    private final Matchmaker matchmaker;

    private final BackgroundLoop loop;
    private final AtomicLong poolActive = new AtomicLong();
    private final AtomicLong poolWaiting = new AtomicLong();
    private final Counter pairsCreated;
    private final Counter pairsSkipped;
    private final Timer timeToPair;
    private final Timer tickDuration;
    private final Timer bothWaiting;
    private final DistributionSummary snapshotSize;
    private final DistributionSummary exclusionListSize;

    MatchmakerRunner(
            PoolSnapshotRepository snapshots,
            PairWriter writer,
            SafetyService safety,
            RatingService ratings,
            CallQueries callQueries,
            DataSource dataSource,
            MatchingProperties properties,
            Clock clock,
            MeterRegistry meters,
            NewsBus news) {
        this.news = news;
        this.snapshots = snapshots;
        this.writer = writer;
        this.safety = safety;
        this.ratings = ratings;
        this.callQueries = callQueries;
        this.dataSource = dataSource;
        this.properties = properties;
        this.clock = clock;
        this.matchmaker = new Matchmaker(properties.maxCandidatesPerUser());
        this.loop = new BackgroundLoop("matchmaker", properties.tick(), this::runOnce);
        news.listen(News.Pool.class, pool -> loop.wake());
        Gauge.builder("speedmatch.pool.active", poolActive, AtomicLong::get)
                .description("Open, active matching sessions")
                .register(meters);
        Gauge.builder("speedmatch.pool.waiting", poolWaiting, AtomicLong::get)
                .description("Present users not in a call, as of the last matchmaker pass")
                .register(meters);
        this.pairsCreated = Counter.builder("speedmatch.matchmaker.pairs")
                .tag("result", "created")
                .register(meters);
        this.pairsSkipped = Counter.builder("speedmatch.matchmaker.pairs")
                .tag("result", "skipped")
                .register(meters);
        this.timeToPair = Timer.builder("speedmatch.matchmaker.time.to.pair")
                .description("From waiting since (start, resume, end of last call) until paired")
                .publishPercentileHistogram()
                .register(meters);
        this.tickDuration = Timer.builder("speedmatch.matchmaker.tick")
                .description("One matchmaker pass")
                .publishPercentileHistogram()
                .register(meters);
        this.bothWaiting = Timer.builder("speedmatch.matchmaker.both.waiting")
                .description(
                        "From the later of a pair's two waits (both compatible and waiting) until they were paired")
                .publishPercentileHistogram()
                .register(meters);
        this.snapshotSize = DistributionSummary.builder("speedmatch.matchmaker.snapshot.size")
                .description("Users in the pool snapshot of a pass")
                .register(meters);
        this.exclusionListSize = DistributionSummary.builder("speedmatch.matchmaker.exclusions")
                .description("Users a waiting user is kept from (skips, blocks, recent partners), per user and pass")
                .publishPercentileHistogram()
                .register(meters);
    }

    /** Asks for a pass as soon as possible: someone entered or returned to the pool. */
    public void wake() {
        // Here, and in cluster mode on every other instance: the one that wins the lock next may be
        // another, and a pass under way there when this user came in runs again at once.
        news.publish(new News.Pool());
    }

    /** One pass: under the advisory lock, snapshot, pair, write. Returns the pairs created. */
    public int runOnce() {
        try (Connection lockConnection = dataSource.getConnection()) {
            // Transaction-scoped: the lock ends with this transaction, however the pass ends. Even
            // when the rollback below fails, the pool rolls the connection back (or evicts it, when
            // broken) before anyone else gets it, so no lock outlives the pass on a pooled connection.
            lockConnection.setAutoCommit(false);
            try {
                if (!tryLock(lockConnection)) {
                    return 0; // another instance is matching right now
                }
                return tickDuration.record(this::pass);
            } finally {
                lockConnection.rollback();
            }
        } catch (SQLException e) {
            log.warn("Matchmaker pass skipped: {}", e.getMessage());
            return 0;
        }
    }

    private int pass() {
        Instant now = clock.instant();
        Instant seenSince = now.minus(properties.activeWindow());
        List<PoolSnapshotRepository.Waiting> waiting = snapshots.waiting(seenSince);
        poolWaiting.set(waiting.size());
        poolActive.set(snapshots.countActive());
        snapshotSize.record(waiting.size());
        if (waiting.size() < 2) {
            return 0;
        }
        List<Long> ids =
                waiting.stream().map(PoolSnapshotRepository.Waiting::userId).toList();
        Map<Long, Set<Long>> apart = new HashMap<>(safety.keptApart(ids));
        callQueries
                .recentPartners(ids, now.minus(properties.recentPairWindow()))
                .forEach((user, partners) ->
                        apart.computeIfAbsent(user, id -> new HashSet<>()).addAll(partners));
        for (long id : ids) {
            exclusionListSize.record(apart.getOrDefault(id, Set.of()).size());
        }
        Map<Long, double[]> traits = ratings.traitMeans(ids);
        LocalDate today = LocalDate.now(clock);
        InterestIds interestIds = new InterestIds();
        List<Matchmaker.Candidate> candidates = waiting.stream()
                .map(w -> candidate(w, today, interestIds, traits.get(w.userId())))
                .toList();

        List<Matchmaker.Pair> pairs = matchmaker.pair(new Matchmaker.Pool(
                candidates, apart, ThreadLocalRandom.current().nextLong()));
        if (pairs.isEmpty()) {
            return 0;
        }
        List<Matchmaker.Pair> written;
        try {
            written = writer.writeAll(pairs, seenSince).stream()
                    .map(PairWriter.Written::pair)
                    .toList();
        } catch (DataAccessException e) {
            // Someone got a call another way during the pass (a match calling): one pair at a time.
            log.info(
                    "A batch of {} pairs was refused ({}); writing them one by one",
                    pairs.size(),
                    e.getMostSpecificCause().getMessage());
            written = writeOneByOne(pairs, seenSince);
        }
        Instant paired = clock.instant();
        for (Matchmaker.Pair pair : written) {
            // Committed: both are told at once (their parked next-match, their polls' memory, on every
            // instance); the feed's match_found follows from the event publication registry.
            news.publish(new News.ForUser(pair.first().userId()));
            news.publish(new News.ForUser(pair.second().userId()));
            pairsCreated.increment();
            timeToPair.record(Duration.between(pair.first().waitingSince(), paired));
            timeToPair.record(Duration.between(pair.second().waitingSince(), paired));
            Instant later = pair.first().waitingSince().isAfter(pair.second().waitingSince())
                    ? pair.first().waitingSince()
                    : pair.second().waitingSince();
            bothWaiting.record(Duration.between(later, paired));
            log.debug(
                    "Paired users {} and {} (score {})",
                    pair.first().userId(),
                    pair.second().userId(),
                    String.format("%.3f", pair.score()));
        }
        pairsSkipped.increment(pairs.size() - written.size());
        return written.size();
    }

    private List<Matchmaker.Pair> writeOneByOne(List<Matchmaker.Pair> pairs, Instant seenSince) {
        List<Matchmaker.Pair> written = new ArrayList<>();
        for (Matchmaker.Pair pair : pairs) {
            try {
                if (writer.write(pair, seenSince)) {
                    written.add(pair);
                }
            } catch (DataAccessException e) {
                log.info(
                        "Pair of users {} and {} skipped: {}",
                        pair.first().userId(),
                        pair.second().userId(),
                        e.getMostSpecificCause().getMessage());
            }
        }
        return written;
    }

    static Matchmaker.Candidate candidate(
            PoolSnapshotRepository.Waiting w, LocalDate today, InterestIds interestIds, double[] traits) {
        int interestedIn = 0;
        for (String code : w.interestedIn()) {
            interestedIn |= 1 << Gender.fromCode(code).ordinal();
        }
        int[] interests = interestIds.of(w.interests());
        int[] preferred = interestIds.of(w.preferredInterests());
        return new Matchmaker.Candidate(
                w.userId(),
                1 << w.gender().ordinal(),
                interestedIn,
                w.ageOn(today),
                w.minAge(),
                w.maxAge(),
                interests,
                preferred.length > 0 ? preferred : interests,
                w.personalityWeight(),
                traits,
                w.waitingSince(),
                w.verified(),
                w.verifiedOnly());
    }

    private static boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select pg_try_advisory_xact_lock(?)")) {
            statement.setLong(1, LOCK_KEY);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    @Override
    public void start() {
        loop.start();
    }

    @Override
    public void stop() {
        loop.stop();
    }

    @Override
    public boolean isRunning() {
        return loop.isRunning();
    }
}
