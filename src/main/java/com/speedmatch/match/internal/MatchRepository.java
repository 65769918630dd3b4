package com.speedmatch.match.internal;

import com.speedmatch.match.Decision;
import com.speedmatch.shared.ExportRows;
import com.speedmatch.shared.ReadModel;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** Decisions and matches. Inserts use {@code on conflict do nothing}: the first verdict stands. */
@Repository
@ReadModel(
        reads = "exclusions",
        why = "Every message request checks the match and that no block came since, in one statement")
@RequiredArgsConstructor
public class MatchRepository {

    public record MatchRow(long id, long user1Id, long user2Id, String status, Instant createdAt) {

        public long partnerOf(long userId) {
            return user1Id == userId ? user2Id : user1Id;
        }
    }

    private static final RowMapper<MatchRow> MATCH = (rs, row) -> new MatchRow(
            rs.getLong("id"),
            rs.getLong("user1_id"),
            rs.getLong("user2_id"),
            rs.getString("status"),
            rs.getTimestamp("created_at").toInstant());

    private final JdbcTemplate jdbc;

    /** Records the decision unless the user already decided; returns the decision that stands. */
    public String decide(long callSessionId, long userId, Decision decision, Instant now) {
        jdbc.update("""
                insert into call_decisions (call_session_id, user_id, decision, created_at) values (?, ?, ?, ?)
                on conflict (call_session_id, user_id) do nothing
                """, callSessionId, userId, decision.code(), Timestamp.from(now));
        return decisionOf(callSessionId, userId).orElseThrow();
    }

    public Optional<String> decisionOf(long callSessionId, long userId) {
        return jdbc
                .query(
                        "select decision from call_decisions where call_session_id = ? and user_id = ?",
                        (rs, row) -> rs.getString(1),
                        callSessionId,
                        userId)
                .stream()
                .findFirst();
    }

    /** The pair's one match, created if it does not exist yet. */
    public MatchRow mutualMatch(long userA, long userB, long callSessionId, Instant now) {
        jdbc.update("""
                insert into matches (user1_id, user2_id, status, call_session_id, created_at) values (?, ?, 'mutual', ?, ?)
                on conflict (user1_id, user2_id) do nothing
                """, Math.min(userA, userB), Math.max(userA, userB), callSessionId, Timestamp.from(now));
        return jdbc.queryForObject(
                "select * from matches where user1_id = ? and user2_id = ?",
                MATCH,
                Math.min(userA, userB),
                Math.max(userA, userB));
    }

    /** The matches of the user go, and with them (on delete cascade) the calls made within them. */
    public int removeAllOf(long userId) {
        jdbc.update("delete from call_decisions where user_id = ?", userId);
        return jdbc.update("delete from matches where user1_id = ? or user2_id = ?", userId, userId);
    }

    public List<Map<String, Object>> export(String sql, Object... args) {
        return ExportRows.query(jdbc, sql, args);
    }

    /** Deletes the match; its messages and read marks go with it (and its calls stay, without the link). */
    void delete(long matchId) {
        jdbc.update("delete from matches where id = ?", matchId);
    }

    Optional<MatchRow> between(long userA, long userB) {
        return jdbc
                .query(
                        "select * from matches where user1_id = ? and user2_id = ?",
                        MATCH,
                        Math.min(userA, userB),
                        Math.max(userA, userB))
                .stream()
                .findFirst();
    }

    /**
     * The user's match, if it is theirs and the two are not kept apart (a block since): one
     * statement, the first of every message request.
     */
    Optional<MatchRow> ownOpenMatch(long matchId, long userId) {
        return jdbc.query("""
                select m.* from matches m
                where m.id = ? and ? in (m.user1_id, m.user2_id)
                  and not exists (select 1 from exclusions e
                                  where e.user_id = ? and e.excluded_user_id in (m.user1_id, m.user2_id)
                                    and e.excluded_user_id <> ?)
                """, MATCH, matchId, userId, userId, userId).stream().findFirst();
    }

    public Optional<MatchRow> find(long matchId) {
        return jdbc.query("select * from matches where id = ?", MATCH, matchId).stream()
                .findFirst();
    }

    public List<MatchRow> matchesOf(long userId) {
        return jdbc.query("""
                select * from matches where (user1_id = ? or user2_id = ?) and status = 'mutual'
                order by created_at desc, id desc
                """, MATCH, userId, userId);
    }
}
