package com.speedmatch.safety;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Exclusions and reports: plain rows, written with {@code on conflict do nothing} so repeats are harmless. */
@Repository
@RequiredArgsConstructor
class SafetyRepository {

    private final JdbcTemplate jdbc;

    void excludeBothWays(long userA, long userB, ExclusionReason reason, Instant now) {
        jdbc.update("""
                insert into exclusions (user_id, excluded_user_id, reason, created_at)
                values (?, ?, ?, ?), (?, ?, ?, ?)
                on conflict (user_id, excluded_user_id) do nothing
                """, userA, userB, reason.code(), Timestamp.from(now), userB, userA, reason.code(), Timestamp.from(now));
    }

    /** Exclusions touching the given users, symmetric: each id -> everyone it is kept from. */
    Map<Long, Set<Long>> keptApart(Collection<Long> userIds) {
        Map<Long, Set<Long>> apart = new HashMap<>();
        if (userIds.isEmpty()) {
            return apart;
        }
        jdbc.query("select user_id, excluded_user_id from exclusions where user_id = any(?)", rs -> {
            long a = rs.getLong(1);
            long b = rs.getLong(2);
            apart.computeIfAbsent(a, id -> new HashSet<>()).add(b);
            apart.computeIfAbsent(b, id -> new HashSet<>()).add(a);
        }, (Object) userIds.toArray(Long[]::new));
        return apart;
    }

    long exclusionCount(long userId) {
        Long count = jdbc.queryForObject("select count(*) from exclusions where user_id = ?", Long.class, userId);
        return count == null ? 0 : count;
    }

    boolean isExcluded(long userA, long userB) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select exists (select 1 from exclusions where user_id = ? and excluded_user_id = ?)", Boolean.class,
                userA, userB));
    }

    /** The new report's id, or empty when the reporter already has an open report of this user. */
    Optional<Long> report(long reporter, long reported, ReportReason reason, String details, Long videoSessionId,
            Instant now) {
        return jdbc.query("""
                insert into reports (reporter_id, reported_id, reason, details, video_session_id, created_at)
                values (?, ?, ?, ?, ?, ?)
                on conflict (reporter_id, reported_id) where status = 'open' do nothing
                returning id
                """, (rs, row) -> rs.getLong(1), reporter, reported, reason.code(), details, videoSessionId,
                Timestamp.from(now)).stream().findFirst();
    }

    /**
     * Locks the two users' open matching sessions in user-id order, the order the matchmaker's
     * pair writer locks them in: returns once no pair of them is being written.
     */
    void waitForPairWriters(long userA, long userB) {
        jdbc.query("""
                select id from matching_sessions where user_id in (?, ?) and status <> 'ended'
                order by user_id for update
                """, rs -> { }, userA, userB);
    }
}
