package com.speedmatch.match.internal;

import com.speedmatch.shared.ReadModel;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** The user's last dates (calls of the pool that ran), with their decision, for a second look. */
@Repository
@ReadModel(
        reads = {"instant_call_sessions", "video_sessions", "exclusions"},
        why = "The list joins each date with its call's start, the decision and whether a block came since, in one"
                + " statement")
@RequiredArgsConstructor
public class RecentDates {

    /** A date of the user's: the pairing's id, its video session, when it began, who, and what the user said. */
    public record Row(
            long callSessionId,
            UUID videoSessionId,
            Instant startedAt,
            long partnerId,
            String decision,
            boolean mutual) {}

    private static final RowMapper<Row> ROW = (rs, n) -> new Row(
            rs.getLong("id"),
            rs.getObject("video_session_id", UUID.class),
            rs.getTimestamp("started_at").toInstant(),
            rs.getLong("partner_id"),
            rs.getString("decision"),
            rs.getBoolean("mutual"));

    private static final String DATES = """
            select c.id, v.session_id as video_session_id, v.started_at, p.partner_id, d.decision,
                   exists (select 1 from matches m
                           where m.user1_id = least(?, p.partner_id) and m.user2_id = greatest(?, p.partner_id)) as mutual
            from instant_call_sessions c
            cross join lateral (select case when c.user1_id = ? then c.user2_id else c.user1_id end as partner_id) p
            join video_sessions v on v.call_session_id = c.id and v.started_at is not null
            left join call_decisions d on d.call_session_id = c.id and d.user_id = ?
            where (c.user1_id = ? or c.user2_id = ?)
              and not exists (select 1 from exclusions e
                              where e.user_id = ? and e.excluded_user_id = p.partner_id and e.reason <> 'skip')
            """;

    private final JdbcTemplate jdbc;

    /** The last {@code limit} dates, newest first; none with someone blocked, reported or unmatched since. */
    public List<Row> of(long userId, int limit) {
        return jdbc.query(
                DATES + " order by v.started_at desc, c.id desc limit ?",
                ROW,
                userId,
                userId,
                userId,
                userId,
                userId,
                userId,
                userId,
                limit);
    }

    /** One date of the user's, as {@link #of} shows it. */
    public Optional<Row> one(long userId, long callSessionId) {
        return jdbc
                .query(
                        DATES + " and c.id = ?",
                        ROW,
                        userId,
                        userId,
                        userId,
                        userId,
                        userId,
                        userId,
                        userId,
                        callSessionId)
                .stream()
                .findFirst();
    }

    /** Changes the user's recorded decision on a date; false if it was not {@code from}. */
    public boolean change(long callSessionId, long userId, String from, String to, Instant now) {
        return jdbc.update(
                        "update call_decisions set decision = ?, created_at = ? where call_session_id = ? and user_id = ? and decision = ?",
                        to,
                        Timestamp.from(now),
                        callSessionId,
                        userId,
                        from)
                == 1;
    }
}
