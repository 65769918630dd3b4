package com.speedmatch.matchmaker;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedmatch.call.CallQueries;
import com.speedmatch.matchmaker.internal.Matchmaker;
import com.speedmatch.support.IntegrationTest;
import com.speedmatch.support.RoundTrips;
import com.speedmatch.support.Users;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

/**
 * docs/architecture.md "Hot paths": the matchmaker writes a pass's pairs in a few statements, not one
 * transaction per pair, and keeps every check the one-pair writer makes.
 */
@Import(RoundTrips.class)
class PairWriterTests extends IntegrationTest {

    @Autowired
    PairWriter writer;

    @Autowired
    RoundTrips roundTrips;

    @Autowired
    CallQueries callQueries;

    @Test
    void aPassWritesItsPairsInTheSameFewStatementsWhateverTheirNumber() {
        List<String> two = sentWriting(2);
        List<String> twenty = sentWriting(20);
        System.out.printf("Round trips writing 2 pairs: %d, 20 pairs: %d %s%n", two.size(), twenty.size(), twenty);
        assertThat(twenty).hasSameSizeAs(two).hasSizeLessThanOrEqualTo(8);
    }

    @Test
    void aPairNoLongerValidIsDroppedAndTheRestWritten() {
        List<Matchmaker.Pair> pairs = waitingPairs(3);
        Users.User paused =
                users().aWoman().interestedIn("nonbinary").register().startMatching();
        Users.User stillHere =
                users().aMan().interestedIn("nonbinary").register().startMatching();
        paused.post("/api/continuous-matching/pause", Map.of("session_id", paused.sessionId));
        List<Matchmaker.Pair> withStale = new ArrayList<>(pairs);
        withStale.add(pair(paused.id, stillHere.id));
        // Blocked since the snapshot.
        Matchmaker.Pair blocked = pairs.get(0);
        jdbc.update(
                "insert into exclusions (user_id, excluded_user_id, reason, created_at) values (?, ?, 'block', now())",
                blocked.first().userId(),
                blocked.second().userId());

        List<PairWriter.Written> written =
                writer.writeAll(withStale, clock.instant().minusSeconds(15));

        assertThat(written).extracting(PairWriter.Written::pair).containsExactly(pairs.get(1), pairs.get(2));
        assertThat(jdbc.queryForObject(
                        "select count(*) from live_calls where user_id in (?, ?, ?, ?)",
                        Integer.class,
                        paused.id,
                        stillHere.id,
                        blocked.first().userId(),
                        blocked.second().userId()))
                .isZero();
        for (PairWriter.Written w : written) {
            assertThat(jdbc.queryForObject(
                            """
                    select count(*) from live_calls l join video_sessions v on v.id = l.video_session_id
                    join video_participants p on p.video_session_id = v.id and p.user_id = l.user_id
                    where v.session_id = ? and v.status = 'waiting' and v.call_session_id = ?
                    """,
                            Integer.class,
                            w.call().videoSessionId(),
                            w.call().callSessionId()))
                    .isEqualTo(2);
        }
        // Written pairs are in a live call now: a second write of the same pairs writes none of them.
        assertThat(writer.writeAll(pairs.subList(1, 3), clock.instant().minusSeconds(15)))
                .isEmpty();
    }

    /**
     * The review: each pass (five a second) read every pairing of the last 10 minutes. It
     * reads the pairings of the users it is about to pair, and nobody else's.
     */
    @Test
    void recentPartnersAreReadForTheUsersBeingPairedOnly() {
        List<Matchmaker.Pair> pairs = waitingPairs(2);
        writer.writeAll(pairs, clock.instant().minusSeconds(15));
        long a = pairs.get(0).first().userId();
        long b = pairs.get(0).second().userId();
        long other = pairs.get(1).first().userId();

        Map<Long, Set<Long>> partners =
                callQueries.recentPartners(List.of(a), clock.instant().minusSeconds(600));

        assertThat(partners).containsOnlyKeys(a, b);
        assertThat(partners.get(a)).containsExactly(b);
        assertThat(callQueries.recentPartners(List.of(other), clock.instant().minusSeconds(600)))
                .doesNotContainKeys(a, b);
        assertThat(callQueries.recentPartners(List.of(a), clock.instant().plusSeconds(1)))
                .isEmpty(); // past the window
    }

    private List<String> sentWriting(int count) {
        List<Matchmaker.Pair> pairs = waitingPairs(count);
        roundTrips.reset();
        List<PairWriter.Written> written = roundTrips.onThisThread(
                () -> writer.writeAll(pairs, clock.instant().minusSeconds(15)));
        assertThat(written).hasSize(count);
        return roundTrips.sent();
    }

    /** Users who wait in the pool but whom the running matchmaker never pairs (nobody fits them). */
    private List<Matchmaker.Pair> waitingPairs(int count) {
        List<Matchmaker.Pair> pairs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Users.User a = users().aWoman().interestedIn("nonbinary").register().startMatching();
            Users.User b = users().aMan().interestedIn("nonbinary").register().startMatching();
            pairs.add(pair(a.id, b.id));
        }
        return pairs;
    }

    private Matchmaker.Pair pair(long a, long b) {
        Instant now = clock.instant();
        return new Matchmaker.Pair(candidate(a, now), candidate(b, now), 0.75);
    }

    private static Matchmaker.Candidate candidate(long userId, Instant waitingSince) {
        return new Matchmaker.Candidate(userId, 1, 7, 30, 18, 99, new int[0], new int[0], 0.5, null, waitingSince);
    }
}
