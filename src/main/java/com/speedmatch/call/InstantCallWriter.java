package com.speedmatch.call;

import com.speedmatch.call.CallViews.LiveInstantCall;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The matchmaker's calls: a pass's pairings written at once, in the caller's transaction. A user is
 * in at most one live call: the {@code live_calls} primary key refuses a second one, whatever the
 * code above it believes.
 */
@Service
@RequiredArgsConstructor
public class InstantCallWriter {

    private final JdbcTemplate jdbc;
    private final VideoProperties properties;
    private final Clock clock;

    /**
     * One pairing, written as {@link #createInstantCalls} writes a pass's: the matchmaker's fallback
     * when a batch is refused. A participant already in a live call makes the statement fail on
     * the live-call key, which the caller treats as "skip this pair".
     */
    @Transactional
    public LiveInstantCall createInstantCall(
            long userA, long userB, double score, Instant waitingSinceA, Instant waitingSinceB) {
        return createInstantCalls(
                        List.of(new CallViews.NewInstantCall(userA, userB, score, waitingSinceA, waitingSinceB)))
                .get(0);
    }

    /**
     * Creates many pairings at once, in the caller's transaction and in one statement: the instant
     * calls, their video sessions, both participants of each and their live-call rows. The caller
     * has locked every session and checked that nobody is in a live call; a user who got a call
     * another way meanwhile (a match calling) makes the statement fail on the live-call key and the
     * whole batch roll back, never half of it. Returns, per pairing in order, what next-match tells
     * {@code userA} (the partner is {@code userB}).
     */
    @Transactional
    public List<LiveInstantCall> createInstantCalls(List<CallViews.NewInstantCall> pairings) {
        if (pairings.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        int n = pairings.size();
        Long[] user1 = new Long[n];
        Long[] user2 = new Long[n];
        Double[] score = new Double[n];
        Long[] waited1 = new Long[n];
        Long[] waited2 = new Long[n];
        UUID[] sessionIds = new UUID[n];
        for (int i = 0; i < n; i++) {
            CallViews.NewInstantCall p = pairings.get(i);
            boolean aFirst = p.userA() < p.userB();
            user1[i] = Math.min(p.userA(), p.userB());
            user2[i] = Math.max(p.userA(), p.userB());
            score[i] = p.score();
            long waitedA = Math.max(0, Duration.between(p.waitingSinceA(), now).toMillis());
            long waitedB = Math.max(0, Duration.between(p.waitingSinceB(), now).toMillis());
            waited1[i] = aFirst ? waitedA : waitedB;
            waited2[i] = aFirst ? waitedB : waitedA;
            sessionIds[i] = UUID.randomUUID();
        }
        Timestamp at = Timestamp.from(now);
        Map<UUID, Long> callIds = new HashMap<>();
        jdbc.query(
                """
                with input as (
                  select * from unnest(?::bigint[], ?::bigint[], ?::float8[], ?::bigint[], ?::bigint[], ?::uuid[])
                    as t(user1_id, user2_id, score, user1_waited_ms, user2_waited_ms, session_id)
                ), calls as (
                  insert into instant_call_sessions (session_id, user1_id, user2_id, status, call_completed,
                      compatibility_score, created_at, user1_waited_ms, user2_waited_ms)
                  select session_id, user1_id, user2_id, 'waiting', false, score, ?, user1_waited_ms, user2_waited_ms
                  from input
                  returning id, session_id, user1_id, user2_id
                ), videos as (
                  insert into video_sessions (session_id, call_session_id, status, duration, created_at)
                  select session_id, id, 'waiting', ?, ? from calls
                  returning id, call_session_id
                ), people as (
                  select v.id as video_session_id, u.user_id
                  from videos v join calls c on c.id = v.call_session_id
                  cross join lateral (values (c.user1_id), (c.user2_id)) as u (user_id)
                ), participants as (
                  insert into video_participants (video_session_id, user_id) select video_session_id, user_id from people
                ), live as (
                  insert into live_calls (user_id, video_session_id) select user_id, video_session_id from people
                )
                select session_id, id from calls
                """,
                rs -> {
                    callIds.put(rs.getObject(1, UUID.class), rs.getLong(2));
                },
                user1,
                user2,
                score,
                waited1,
                waited2,
                sessionIds,
                at,
                Math.toIntExact(properties.callDuration().toSeconds()),
                at);
        // Announced by the matchmaker (PairsMade): the feeds hear match_found, parked polls wake.
        List<LiveInstantCall> created = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            CallViews.NewInstantCall p = pairings.get(i);
            created.add(new LiveInstantCall(
                    callIds.get(sessionIds[i]), sessionIds[i], p.userB(), p.score(), CallStatus.WAITING));
        }
        return created;
    }

    /** Which of these users are in a live call now. */
    @Transactional(readOnly = true)
    public Set<Long> inLiveCalls(Collection<Long> userIds) {
        return new HashSet<>(
                jdbc.queryForList("select user_id from live_calls where user_id = any(?)", Long.class, (Object)
                        userIds.toArray(Long[]::new)));
    }
}
