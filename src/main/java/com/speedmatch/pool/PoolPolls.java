package com.speedmatch.pool;

import com.speedmatch.call.CallQueries;
import com.speedmatch.matchmaker.MatchingProperties;
import com.speedmatch.news.News;
import com.speedmatch.news.NewsBus;
import com.speedmatch.pool.MatchingViews.Heartbeat;
import com.speedmatch.pool.MatchingViews.MatchData;
import com.speedmatch.pool.MatchingViews.NextMatch;
import com.speedmatch.pool.internal.MatchingSession;
import com.speedmatch.pool.internal.PollRepository;
import com.speedmatch.pool.internal.PoolStatsCache;
import com.speedmatch.presence.Presence;
import com.speedmatch.runtime.PollMemory;
import com.speedmatch.user.PublicProfile;
import com.speedmatch.user.UserService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a waiting user polls, the most frequent requests of the pool: next-match, the heartbeat,
 * the feed's "seen", and the waiting room's figures. A poll that reads the database is one round
 * trip and, but for a parked next-match's re-check, no transaction; presence is noted in memory
 * and written in the next batch ({@code Presence}). Its answer is then kept on this instance
 * ({@link PollMemory}) until news for the user (a pairing, a pause, an end, a call's end, an
 * account change; on any instance) or {@code polls.memory-ttl}: a waiting user's polls in between
 * cost no round trip.
 */
@Service
public class PoolPolls {

    private final PollRepository polls;
    private final MatchingService pool;
    private final UserService users;
    private final CallQueries callQueries;
    private final MatchingProperties properties;
    private final Clock clock;
    private final PoolStatsCache poolStats = new PoolStatsCache(this::computeStats);
    private final Presence presence;
    private final PollMemory<UUID, Known> memory;

    /** A session's state as its polls answer it, until news for its user. */
    private record Known(SessionStatus status, boolean inLiveCall) {

        NextMatch nextMatch() {
            return NextMatch.none(
                    status == SessionStatus.ACTIVE ? MatchingService.NO_MATCH : MatchingService.NOT_MATCHING);
        }
    }

    PoolPolls(
            PollRepository polls,
            MatchingService pool,
            UserService users,
            CallQueries callQueries,
            MatchingProperties properties,
            Clock clock,
            Presence presence,
            NewsBus news,
            @Value("${polls.memory-ttl:5s}") Duration memoryTtl) {
        this.polls = polls;
        this.pool = pool;
        this.users = users;
        this.callQueries = callQueries;
        this.properties = properties;
        this.clock = clock;
        this.presence = presence;
        this.memory = new PollMemory<>(clock, memoryTtl);
        news.forgetOn(News.ForUser.class, forUser -> memory.forget(forUser.userId()));
        news.forgetOn(News.Account.class, account -> memory.forget(account.userId()));
    }

    /**
     * The guide's next-match, minus the pairing: a heartbeat, then the user's waiting call if the
     * matchmaker made one (both sides find it here), else {@code match_found: false}.
     */
    public NextMatch nextMatch(long userId, UUID sessionId) {
        Optional<Known> known = memory.get(userId, sessionId);
        if (known.isPresent() && !known.get().inLiveCall()) {
            presence.seen(userId);
            return known.get().nextMatch();
        }
        // One round trip, no transaction: the state; presence is written with the next batch.
        Object token = memory.reserve(userId);
        PollRepository.PollState state =
                polls.state(sessionId, userId).orElseThrow(() -> MatchingService.sessionNotFound(sessionId));
        if (state.status() == SessionStatus.ACTIVE) {
            presence.seen(userId);
        }
        Known read = new Known(state.status(), state.inLiveCall());
        memory.keep(userId, token, sessionId, read);
        return state.status() == SessionStatus.ACTIVE && state.inLiveCall()
                ? peek(userId).orElseGet(() -> NextMatch.none(MatchingService.NO_MATCH))
                : read.nextMatch();
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
            return new NextMatch(
                    true,
                    "Found your next match! Connecting to " + partner.name(),
                    matchData(call.callSessionId(), call.videoSessionId(), partner, call.compatibilityScore()));
        });
    }

    /** A pairing as the user of the other side of it sees it, in next-match and in the feed. */
    public static MatchData matchData(long callSessionId, UUID videoSessionId, PublicProfile partner, double score) {
        return new MatchData(
                callSessionId,
                videoSessionId,
                partner.userId(),
                partner.name(),
                partner.age(),
                partner.bio(),
                partner.interests(),
                score,
                false,
                partner.verified());
    }

    /**
     * The heartbeat: from memory while nothing changed, otherwise one round trip, no transaction;
     * presence is written in the next batch either way.
     */
    public Heartbeat heartbeat(long userId, UUID sessionId) {
        Optional<Known> known = memory.get(userId, sessionId);
        if (known.isPresent()) {
            presence.seen(userId);
            return new Heartbeat(known.get().status(), clock.instant());
        }
        Object token = memory.reserve(userId);
        PollRepository.PollState state =
                polls.state(sessionId, userId).orElseThrow(() -> MatchingService.sessionNotFound(sessionId));
        memory.keep(userId, token, sessionId, new Known(state.status(), state.inLiveCall()));
        if (state.status() != SessionStatus.ENDED) {
            presence.seen(userId);
        }
        return new Heartbeat(state.status(), clock.instant());
    }

    /** A feed client ({@code GET /api/events}) or a socket is here: written with the next batch of presence. */
    public void seen(long userId) {
        presence.seen(userId);
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
        return polls.stats(now.minus(properties.activeWindow()), now.minus(Duration.ofMinutes(10)));
    }
}
