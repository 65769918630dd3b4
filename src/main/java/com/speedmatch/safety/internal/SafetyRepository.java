package com.speedmatch.safety.internal;

import com.speedmatch.safety.ExclusionReason;
import com.speedmatch.safety.ReportReason;
import com.speedmatch.safety.SafetyService;
import com.speedmatch.shared.ExportRows;
import com.speedmatch.shared.ReadModel;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** Exclusions and reports: plain rows, written with {@code on conflict do nothing} so repeats are harmless. */
@Repository
@RequiredArgsConstructor
@ReadModel(
        reads = {"video_sessions", "matching_sessions"},
        why =
                "A report names its call; an exclusion locks the two pool rows in the pair writer's order (no pair is written across it)")
public class SafetyRepository {

    private final JdbcTemplate jdbc;

    public void excludeBothWays(long userA, long userB, ExclusionReason reason, Instant now) {
        jdbc.update(
                """
                insert into exclusions (user_id, excluded_user_id, reason, created_at)
                values (?, ?, ?, ?), (?, ?, ?, ?)
                on conflict (user_id, excluded_user_id) do update
                    set reason = excluded.reason, created_at = excluded.created_at
                    where excluded.reason = 'block' and exclusions.reason <> 'block'
                """,
                userA,
                userB,
                reason.code(),
                Timestamp.from(now),
                userB,
                userA,
                reason.code(),
                Timestamp.from(now));
    }

    /** Exclusions touching the given users, symmetric: each id -> everyone it is kept from. */
    public Map<Long, Set<Long>> keptApart(Collection<Long> userIds) {
        Map<Long, Set<Long>> apart = new HashMap<>();
        if (userIds.isEmpty()) {
            return apart;
        }
        jdbc.query(
                "select user_id, excluded_user_id from exclusions where user_id = any(?)",
                rs -> {
                    long a = rs.getLong(1);
                    long b = rs.getLong(2);
                    apart.computeIfAbsent(a, id -> new HashSet<>()).add(b);
                    apart.computeIfAbsent(b, id -> new HashSet<>()).add(a);
                },
                (Object) userIds.toArray(Long[]::new));
        return apart;
    }

    public List<Map<String, Object>> export(String sql, Object... args) {
        return ExportRows.query(jdbc, sql, args);
    }

    public long exclusionCount(long userId) {
        Long count = jdbc.queryForObject("select count(*) from exclusions where user_id = ?", Long.class, userId);
        return count == null ? 0 : count;
    }

    /** Whether anything but a skip keeps the two apart: a block (a report blocks too) or an unmatch. */
    public boolean keptApartBeyondSkip(long userA, long userB) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select exists (select 1 from exclusions where user_id = ? and excluded_user_id = ? and reason <> 'skip')",
                Boolean.class,
                userA,
                userB));
    }

    /** Takes back a skip between the two, both ways; a block or an unmatch stays. */
    public void forgetSkip(long userA, long userB) {
        jdbc.update("""
                delete from exclusions
                where reason = 'skip' and ((user_id = ? and excluded_user_id = ?) or (user_id = ? and excluded_user_id = ?))
                """, userA, userB, userB, userA);
    }

    public boolean isExcluded(long userA, long userB) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select exists (select 1 from exclusions where user_id = ? and excluded_user_id = ?)",
                Boolean.class,
                userA,
                userB));
    }

    /** The new report's id, or empty when the reporter already has an open report of this user. */
    public Optional<Long> report(
            long reporter,
            long reported,
            ReportReason reason,
            String details,
            Long videoSessionId,
            Long messageId,
            String messageText,
            Instant now) {
        return jdbc
                .query(
                        """
                insert into reports (reporter_id, reported_id, reason, details, video_session_id, message_id, message_text,
                                     created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (reporter_id, reported_id) where status = 'open' do nothing
                returning id
                """,
                        (rs, row) -> rs.getLong(1),
                        reporter,
                        reported,
                        reason.code(),
                        details,
                        videoSessionId,
                        messageId,
                        messageText,
                        Timestamp.from(now))
                .stream()
                .findFirst();
    }

    private static final String OPEN_REPORT = """
            select r.id, r.reporter_id, r.reported_id, r.reason, r.details, r.created_at, v.session_id, v.started_at,
                   extract(epoch from (coalesce(v.ended_at, v.ends_at) - v.started_at))::int as seconds,
                   r.message_id, r.message_text
            from reports r left join video_sessions v on v.id = r.video_session_id
            """;

    private static final RowMapper<SafetyService.OpenReport> OPEN_REPORT_ROW =
            (rs, row) -> new SafetyService.OpenReport(
                    rs.getLong(1),
                    rs.getLong(2),
                    rs.getLong(3),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getTimestamp(6).toInstant(),
                    (UUID) rs.getObject(7),
                    rs.getTimestamp(8) == null ? null : rs.getTimestamp(8).toInstant(),
                    (Integer) rs.getObject(9),
                    (Long) rs.getObject(10),
                    rs.getString(11));

    public List<SafetyService.OpenReport> openReports(int offset, int limit) {
        return jdbc.query(
                OPEN_REPORT + " where r.status = 'open' order by r.created_at, r.id offset ? limit ?",
                OPEN_REPORT_ROW,
                offset,
                limit);
    }

    public long openReportCount() {
        Long n = jdbc.queryForObject("select count(*) from reports where status = 'open'", Long.class);
        return n == null ? 0 : n;
    }

    public Map<Long, Long> reportsAgainst(Collection<Long> userIds) {
        Map<Long, Long> counts = new HashMap<>();
        jdbc.query(
                "select reported_id, count(*) from reports where reported_id = any(?) group by reported_id",
                rs -> {
                    counts.put(rs.getLong(1), rs.getLong(2));
                },
                (Object) userIds.toArray(Long[]::new));
        return counts;
    }

    public Optional<SafetyService.OpenReport> lockReport(long reportId) {
        return jdbc.query(OPEN_REPORT + " where r.id = ? for update of r", OPEN_REPORT_ROW, reportId).stream()
                .findFirst();
    }

    public boolean resolve(long reportId, long moderatorId, String resolution, Instant now) {
        return jdbc.update("""
                update reports set status = 'resolved', resolved_at = ?, resolved_by = ?, resolution = ?
                where id = ? and status = 'open'
                """, Timestamp.from(now), moderatorId, resolution, reportId) == 1;
    }

    /**
     * Locks the two users' open matching sessions in user-id order, the order the matchmaker's
     * pair writer locks them in: returns once no pair of them is being written.
     */
    public void waitForPairWriters(long userA, long userB) {
        jdbc.query("""
                select id from matching_sessions where user_id in (?, ?) and status <> 'ended'
                order by user_id for update
                """, rs -> {}, userA, userB);
    }
}
