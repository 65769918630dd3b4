package com.speedmatch.pool;

import com.speedmatch.shared.ReadModel;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The hot path of a polling client: one statement tells whether the session is the caller's,
 * whether it is active, when it was last seen and whether the user is in a live call. It reads
 * the calls' {@code live_calls} table directly: this runs every 2 s for every waiting user.
 */
@Repository
@RequiredArgsConstructor
@ReadModel(
        reads = {"live_calls", "instant_call_sessions"},
        why = "The next-match poll runs every 2 s for every waiting user: one round trip")
class PollRepository {

    record PollState(SessionStatus status, Instant lastActive, boolean inLiveCall) {}

    private final JdbcTemplate jdbc;

    /**
     * A poll's one round trip, in autocommit: the session's state (and whether the user is in a
     * live call), with the heartbeat written in the same statement only when it is due (last seen
     * before {@code staleBefore}) and the session is {@code active} (or, with {@code pausedToo},
     * paused). {@code last_active} is the value after that write.
     */
    Optional<PollState> beat(UUID sessionId, long userId, Instant now, Instant staleBefore, boolean pausedToo) {
        return jdbc
                .query(
                        """
                with beat as (
                  update matching_sessions set last_active = ?
                  where session_id = ? and user_id = ? and last_active < ?
                    and (status = 'active' or (? and status = 'paused'))
                  returning last_active)
                select s.status, coalesce((select last_active from beat), s.last_active),
                       exists (select 1 from live_calls l where l.user_id = s.user_id) as in_call
                from matching_sessions s where s.session_id = ? and s.user_id = ?
                """,
                        (rs, row) -> new PollState(
                                SessionStatus.valueOf(rs.getString(1).toUpperCase()),
                                rs.getTimestamp(2).toInstant(),
                                rs.getBoolean(3)),
                        Timestamp.from(now),
                        sessionId,
                        userId,
                        Timestamp.from(staleBefore),
                        pausedToo,
                        sessionId,
                        userId)
                .stream()
                .findFirst();
    }

    /**
     * Presence in a batch: the open (active or paused) session of every user of {@code userIds} is
     * seen now, in one statement; only rows last written before {@code staleBefore} are written.
     * Rows are locked in user-id order and any held elsewhere are skipped (their user is noted again
     * by the next poll): a batch never waits for, nor deadlocks with, a transaction on sessions.
     */
    void beatUsers(java.util.Collection<Long> userIds, Instant now, Instant staleBefore) {
        jdbc.update("""
                update matching_sessions m set last_active = ?
                from (select id from matching_sessions
                      where user_id = any(?) and status <> 'ended' and last_active < ?
                      order by user_id for update skip locked) due
                where m.id = due.id
                """, Timestamp.from(now), userIds.toArray(Long[]::new), Timestamp.from(staleBefore));
    }

    /** The pool's figures in one statement: waiting now, in calls now, median wait since {@code pairedSince}. */
    MatchingViews.PoolStats stats(Instant seenSince, Instant pairedSince) {
        return jdbc.queryForObject(
                """
                select (select count(*) from matching_sessions s
                        where s.status = 'active' and s.last_active >= ?
                          and not exists (select 1 from live_calls l where l.user_id = s.user_id)),
                       (select count(*) from live_calls),
                       (select percentile_cont(0.5) within group (order by w) / 1000.0
                        from (select unnest(array[user1_waited_ms, user2_waited_ms]) as w
                              from instant_call_sessions where created_at >= ?) waits where w is not null)
                """,
                (rs, row) -> new MatchingViews.PoolStats(
                        rs.getLong(1),
                        rs.getLong(2),
                        rs.getObject(3) == null ? null : Math.round(rs.getDouble(3) * 10) / 10.0),
                java.sql.Timestamp.from(seenSince),
                java.sql.Timestamp.from(pairedSince));
    }
}
