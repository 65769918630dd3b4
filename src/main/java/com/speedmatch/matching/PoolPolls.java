package com.speedmatch.matching;

import com.speedmatch.call.CallQueries;
import com.speedmatch.matching.MatchingViews.Heartbeat;
import com.speedmatch.matching.MatchingViews.MatchData;
import com.speedmatch.matching.MatchingViews.NextMatch;
import com.speedmatch.user.PublicProfile;
import com.speedmatch.user.UserService;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a waiting user polls, the most frequent requests of the pool: next-match, the heartbeat,
 * the feed's "seen", and the waiting room's figures. Each is one round trip and, but for a
 * parked next-match's re-check, no transaction; presence is written in the same statement when
 * the last write is a couple of seconds old.
 */
@Service
@RequiredArgsConstructor
public class PoolPolls {

    private final PollRepository polls;
    private final MatchingService pool;
    private final UserService users;
    private final CallQueries callQueries;
    private final MatchingProperties properties;
    private final Clock clock;
    private final PoolStatsCache poolStats = new PoolStatsCache(this::computeStats);

    /**
     * The guide's next-match, minus the pairing: a heartbeat, then the user's waiting call if the
     * matchmaker made one (both sides find it here), else {@code match_found: false}.
     */
    public NextMatch nextMatch(long userId, UUID sessionId) {
        // One round trip, no transaction: the state, and the heartbeat written in it when due.
        Instant now = clock.instant();
        PollRepository.PollState state = polls.beat(sessionId, userId, now, now.minus(MatchingSession.HEARTBEAT_RESOLUTION),
                false).orElseThrow(() -> MatchingService.sessionNotFound(sessionId));
        if (state.status() != SessionStatus.ACTIVE) {
            return NextMatch.none(MatchingService.NOT_MATCHING);
        }
        if (!state.inLiveCall()) {
            return NextMatch.none(MatchingService.NO_MATCH);
        }
        return peek(userId).orElseGet(() -> NextMatch.none(MatchingService.NO_MATCH));
    }

    /** For a parked next-match: an answer once there is news, empty while there is none. */
    @Transactional(readOnly = true)
    public Optional<NextMatch> nextMatchIfAny(long userId, UUID sessionId) {
        MatchingSession session = pool.owned(userId, sessionId);
        if (!session.isActive()) {
            return Optional.of(NextMatch.none(MatchingService.NOT_MATCHING));
        }
        return peek(userId);
    }

    private Optional<NextMatch> peek(long userId) {
        return callQueries.liveInstantCall(userId).map(call -> {
            PublicProfile partner = users.publicProfile(call.partnerId());
            return new NextMatch(true, "Found your next match! Connecting to " + partner.name(),
                    matchData(call.callSessionId(), call.videoSessionId(), partner, call.compatibilityScore()));
        });
    }

    /** A pairing as the user of the other side of it sees it, in next-match and in the feed. */
    public static MatchData matchData(long callSessionId, UUID videoSessionId, PublicProfile partner, double score) {
        return new MatchData(callSessionId, videoSessionId, partner.userId(), partner.name(), partner.age(), partner.bio(),
                partner.interests(), score, false, partner.verified());
    }

    /** One round trip, no transaction; the write only when the last one is a couple of seconds old. */
    public Heartbeat heartbeat(long userId, UUID sessionId) {
        Instant now = clock.instant();
        PollRepository.PollState state = polls.beat(sessionId, userId, now, now.minus(MatchingSession.HEARTBEAT_RESOLUTION),
                true).orElseThrow(() -> MatchingService.sessionNotFound(sessionId));
        return new Heartbeat(state.status(), state.lastActive());
    }

    /**
     * A feed client ({@code GET /api/events}) is here: its active session counts as seen. One
     * statement, no transaction; the write only when the last one is a couple of seconds old.
     */
    public void seen(long userId) {
        Instant now = clock.instant();
        polls.beatUser(userId, now, now.minus(MatchingSession.HEARTBEAT_RESOLUTION));
    }

    /**
     * What a waiting screen shows: how many wait now, how many are in calls, and the median wait
     * of those paired in the last 10 minutes. Computed at most once a second and shared by every
     * reader, so a full waiting room polling it costs the database one query a second.
     */
    public MatchingViews.PoolStats stats() {
        return poolStats.get();
    }

    private MatchingViews.PoolStats computeStats() {
        Instant now = clock.instant();
        return polls.stats(now.minus(properties.activeWindow()), now.minus(java.time.Duration.ofMinutes(10)));
    }

}
