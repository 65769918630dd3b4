package com.speedmatch.pool;

import com.speedmatch.call.CallEnded;
import com.speedmatch.call.CallQueries;
import com.speedmatch.call.CallViews;
import com.speedmatch.call.LeftPool;
import com.speedmatch.call.PoolExit;
import com.speedmatch.matchmaker.MatchingProperties;
import com.speedmatch.matchmaker.MatchmakerRunner;
import com.speedmatch.matchmaker.QueuePosition;
import com.speedmatch.news.News;
import com.speedmatch.news.NewsBus;
import com.speedmatch.pool.MatchingViews.Current;
import com.speedmatch.pool.MatchingViews.LiveCallView;
import com.speedmatch.pool.MatchingViews.Session;
import com.speedmatch.pool.MatchingViews.SessionState;
import com.speedmatch.pool.MatchingViews.StartRequest;
import com.speedmatch.pool.internal.MatchingSession;
import com.speedmatch.pool.internal.MatchingSessionRepository;
import com.speedmatch.presence.Presence;
import com.speedmatch.runtime.AfterCommit;
import com.speedmatch.safety.SafetyService;
import com.speedmatch.shared.Conflict;
import com.speedmatch.shared.ExportRows;
import com.speedmatch.shared.NotFound;
import com.speedmatch.user.AccountClosed;
import com.speedmatch.user.AccountRestricted;
import com.speedmatch.user.UserService;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import lombok.RequiredArgsConstructor;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The matching pool: a user's session in it, from start to end, and what the pool does when a
 * call ends or an account is restricted. The polls that keep a user present are
 * {@link PoolPolls}'; the pairing itself is the {@link MatchmakerRunner}'s job.
 *
 * <p>Someone else's session id answers 404, exactly like an unknown one.
 */
@Service
@RequiredArgsConstructor
public class MatchingService {

    public static final String NOT_MATCHING = "Not actively matching";
    public static final String NO_MATCH = "No active users found";

    private final MatchingSessionRepository sessions;
    private final SafetyService safety;
    private final NewsBus news;
    private final Clock clock;
    private final PoolExit calls;
    private final ApplicationEventPublisher events;
    private final CallQueries callQueries;
    private final MatchmakerRunner runner;
    private final MatchingProperties properties;
    private final QueuePosition queue;
    private final Presence presence;
    private final JdbcTemplate jdbc;

    /** Opens a session; any earlier open session of the user ends first (a double tap leaves one). */
    @Transactional
    public SessionState start(long userId, StartRequest request) {
        Instant now = clock.instant();
        calls.leavePool(userId, true);
        sessions.findOpen(userId).ifPresent(previous -> endLocked(previous, now));
        sessions.flush();
        MatchingSession session = sessions.saveAndFlush(new MatchingSession(
                userId,
                request.minAgeOrDefault(),
                request.maxAgeOrDefault(),
                UserService.normalizeInterests(request.preferredInterests()),
                request.personalityWeight() == null ? 0.5 : request.personalityWeight(),
                Boolean.TRUE.equals(request.verifiedOnly()),
                now));
        presence.seenNow(List.of(userId), now);
        AfterCommit.run(runner::wake);
        return new SessionState(session.getSessionId(), session.getStatus(), "Started matching session");
    }

    /** Out of the pool for a while; a call the matchmaker was just making is cancelled. */
    @Transactional
    public SessionState pause(long userId, UUID sessionId) {
        owned(userId, sessionId);
        calls.leavePool(userId, false); // the call first: video rows are locked before sessions
        MatchingSession session = lockedOwned(userId, sessionId);
        Instant now = clock.instant();
        session.pause();
        presence.seenNow(List.of(userId), now);
        events.publishEvent(new LeftPool(userId, false, now)); // a call the matchmaker made in between
        AfterCommit.run(() -> news.publish(new News.ForUser(userId)));
        return new SessionState(session.getSessionId(), session.getStatus(), "Matching paused");
    }

    @Transactional
    public SessionState resume(long userId, UUID sessionId) {
        MatchingSession session = lockedOwned(userId, sessionId);
        if (session.getStatus() == SessionStatus.ENDED) {
            throw new Conflict("Session ended", "This matching session has ended; start a new one");
        }
        Instant now = clock.instant();
        session.resume(now);
        presence.seenNow(List.of(userId), now);
        AfterCommit.run(runner::wake);
        AfterCommit.run(() -> news.publish(new News.ForUser(userId))); // what its polls answered from memory changed
        return new SessionState(session.getSessionId(), session.getStatus(), "Matching resumed");
    }

    /**
     * Leaves the pool. The session row is locked first, so the matchmaker either paired the user
     * before (and that call is cancelled here) or sees the session ended and skips the pair.
     */
    @Transactional
    public SessionState end(long userId, UUID sessionId) {
        owned(userId, sessionId);
        calls.leavePool(userId, true); // the call first: video rows are locked before sessions
        MatchingSession session = lockedOwned(userId, sessionId);
        endLocked(session, clock.instant());
        return new SessionState(session.getSessionId(), session.getStatus(), "Matching session ended");
    }

    private void endLocked(MatchingSession session, Instant now) {
        session.end(now);
        events.publishEvent(new LeftPool(session.getUserId(), true, now)); // a call the matchmaker made in between
        long userId = session.getUserId();
        AfterCommit.run(() -> news.publish(new News.ForUser(userId)));
    }

    @Transactional(readOnly = true)
    public Session session(long userId, UUID sessionId) {
        return view(owned(userId, sessionId));
    }

    /** The open session and live call of the user, for a client that reloads. */
    @Transactional(readOnly = true)
    public Current current(long userId) {
        Session session = sessions.findOpen(userId).map(this::view).orElse(null);
        LiveCallView call =
                callQueries.liveCall(userId).map(MatchingService::liveCallView).orElse(null);
        return new Current(
                session,
                call,
                session == null ? null : session.compatibleNow(),
                session == null ? null : session.estimatedWaitSeconds());
    }

    private static LiveCallView liveCallView(CallViews.LiveCall c) {
        return new LiveCallView(
                c.videoSessionId(),
                c.callSessionId(),
                c.matchId(),
                c.partnerId(),
                c.status().name().toLowerCase());
    }

    private Session view(MatchingSession s) {
        QueuePosition.Standing standing = queue.standing(s.getUserId(), s.getWaitingSince());
        return new Session(
                s.getSessionId(),
                s.getStatus(),
                s.getMinAge(),
                s.getMaxAge(),
                List.copyOf(s.getPreferredInterests()),
                s.getPersonalityWeight(),
                lastActive(s),
                s.getWaitingSince(),
                s.getCreatedAt(),
                safety.exclusionCount(s.getUserId()),
                standing.compatibleNow(),
                standing.estimatedWaitSeconds());
    }

    /** An open session's user was last seen when presence says; an ended one's, by its end at the latest. */
    private Instant lastActive(MatchingSession s) {
        Instant seen = presence.lastSeen(s.getUserId()).orElse(s.getCreatedAt());
        return s.getEndedAt() == null || seen.isBefore(s.getEndedAt()) ? seen : s.getEndedAt();
    }

    /**
     * A closed, suspended or banned account leaves the pool at once: its live call ends first (the
     * other user returns to the pool), then its open session. Lock order as everywhere.
     */
    @EventListener
    void accountRestricted(AccountRestricted restricted) {
        long userId = restricted.userId();
        calls.hangUpLiveCallOf(userId);
        sessions.findOpen(userId)
                .flatMap(open -> sessions.findForUpdate(open.getSessionId(), userId))
                .ifPresent(session -> endLocked(session, restricted.at()));
    }

    /** A closed account's preferences are erased from every session it had. */
    @EventListener
    void accountClosed(AccountClosed closed) {
        sessions.forgetPreferences(closed.userId());
    }

    /** The user's matching sessions, for their data export. */
    @Transactional(readOnly = true)
    public List<Map<String, Object>> exportSessions(long userId) {
        // Last active as the session view has it: last seen, or the session's end if that came first.
        Timestamp seen = presence.lastSeen(userId).map(Timestamp::from).orElse(null);
        return ExportRows.query(jdbc, """
                select session_id, status, min_age, max_age, preferred_interests, personality_weight, created_at,
                       least(coalesce(?, created_at), coalesce(ended_at, ?, created_at)) as last_active, ended_at
                from matching_sessions where user_id = ? order by created_at
                """, seen, seen, userId);
    }

    /** Whether the user has an open matching session or a live call: who may use the TURN relay. */
    @Transactional(readOnly = true)
    public boolean isMatchingOrInACall(long userId) {
        return sessions.findOpen(userId).isPresent()
                || callQueries.liveCall(userId).isPresent();
    }

    /** Checks that the session is the caller's, for features that take a session id along. */
    @Transactional(readOnly = true)
    public void requireOwnSession(long userId, UUID sessionId) {
        owned(userId, sessionId);
    }

    /**
     * A call ended: its users wait in the pool again from now. Heard inside the call's transaction,
     * after the call's row was locked: the lock order is video session, then matching sessions.
     */
    @EventListener
    void callEnded(CallEnded ended) {
        int returned = 0;
        for (long userId : ordered(ended.userIds())) {
            returned += sessions.returnToPool(List.of(userId), ended.at());
        }
        if (returned > 0) {
            presence.seenNow(ordered(ended.userIds()), ended.at());
            AfterCommit.run(runner::wake);
        }
    }

    /** Rows are locked one at a time in user-id order, the order the matchmaker locks them in. */
    private static List<Long> ordered(Collection<Long> userIds) {
        return userIds.stream().sorted().distinct().toList();
    }

    MatchingSession owned(long userId, UUID sessionId) {
        return sessions.findBySessionIdAndUserId(sessionId, userId).orElseThrow(() -> sessionNotFound(sessionId));
    }

    private MatchingSession lockedOwned(long userId, UUID sessionId) {
        return sessions.findForUpdate(sessionId, userId).orElseThrow(() -> sessionNotFound(sessionId));
    }

    static NotFound sessionNotFound(UUID sessionId) {
        return new NotFound("Matching session not found", "No matching session " + sessionId + " of yours");
    }
}
