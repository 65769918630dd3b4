package com.speedmatch.matching;

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
class PollRepository {

    record PollState(SessionStatus status, Instant lastActive, boolean inLiveCall) {
    }

    private final JdbcTemplate jdbc;

    Optional<PollState> state(UUID sessionId, long userId) {
        return jdbc.query("""
                select s.status, s.last_active, exists (select 1 from live_calls l where l.user_id = s.user_id) as in_call
                from matching_sessions s where s.session_id = ? and s.user_id = ?
                """, (rs, row) -> new PollState(SessionStatus.valueOf(rs.getString(1).toUpperCase()),
                        rs.getTimestamp(2).toInstant(), rs.getBoolean(3)), sessionId, userId).stream().findFirst();
    }

    void heartbeat(UUID sessionId, Instant now, Instant staleBefore) {
        jdbc.update("update matching_sessions set last_active = ? where session_id = ? and status <> 'ended' and last_active < ?",
                Timestamp.from(now), sessionId, Timestamp.from(staleBefore));
    }
}
