package com.speedmatch.pool.internal;

import com.speedmatch.pool.MatchingViews;
import com.speedmatch.pool.SessionStatus;
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
 * whether it is active and whether the user is in a live call. It reads the calls'
 * {@code live_calls} table directly: this runs every 2 s for every waiting user.
 */
@Repository
@RequiredArgsConstructor
@ReadModel(
        reads = {"live_calls", "instant_call_sessions", "presence"},
        why = "The next-match poll runs every 2 s for every waiting user: one round trip")
public class PollRepository {

    public record PollState(SessionStatus status, boolean inLiveCall) {}

    private final JdbcTemplate jdbc;

    /**
     * A poll's one round trip, in autocommit: the session's state, and whether the user is in a
     * live call. The poll's presence is noted, not written here ({@code Presence}).
     */
    public Optional<PollState> state(UUID sessionId, long userId) {
        return jdbc
                .query(
                        """
                select s.status, exists (select 1 from live_calls l where l.user_id = s.user_id) as in_call
                from matching_sessions s where s.session_id = ? and s.user_id = ?
                """,
                        (rs, row) -> new PollState(
                                SessionStatus.valueOf(rs.getString(1).toUpperCase()), rs.getBoolean(2)),
                        sessionId,
                        userId)
                .stream()
                .findFirst();
    }

    /** The pool's figures in one statement: waiting now, in calls now, median wait since {@code pairedSince}. */
    public MatchingViews.PoolStats stats(Instant seenSince, Instant pairedSince) {
        return jdbc.queryForObject(
                """
                select (select count(*) from matching_sessions s join presence p on p.user_id = s.user_id
                        where s.status = 'active' and p.last_seen >= ?
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
                Timestamp.from(seenSince),
                Timestamp.from(pairedSince));
    }
}
