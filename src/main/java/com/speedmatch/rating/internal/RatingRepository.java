package com.speedmatch.rating.internal;

import com.speedmatch.rating.RatingViews;
import com.speedmatch.shared.ExportRows;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
@RequiredArgsConstructor
public class RatingRepository {

    private static final String MEANS = """
            select rated_id, avg(openness), avg(conscientiousness), avg(extraversion), avg(agreeableness),
                   avg(neuroticism), count(*)
            from personality_ratings
            """;

    private final JdbcTemplate jdbc;

    /**
     * The new rating's id, or null when the rater already rated this call or already rated this
     * user today (UTC): both are unique keys, so two ratings sent at once cannot both land.
     */
    public Long insert(long videoSessionId, long raterId, long ratedId, RatingViews.RatingRequest r, Instant now) {
        return jdbc.query(
                """
                insert into personality_ratings (video_session_id, rater_id, rated_id, openness, conscientiousness,
                                                 extraversion, agreeableness, neuroticism, created_at, rated_on)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict do nothing
                returning id
                """,
                rs -> rs.next() ? rs.getLong(1) : null,
                videoSessionId,
                raterId,
                ratedId,
                r.openness(),
                r.conscientiousness(),
                r.extraversion(),
                r.agreeableness(),
                r.neuroticism(),
                Timestamp.from(now),
                Date.valueOf(now.atZone(ZoneOffset.UTC).toLocalDate()));
    }

    public int deleteGivenBy(long raterId) {
        return jdbc.update("delete from personality_ratings where rater_id = ?", raterId);
    }

    public List<Map<String, Object>> export(String sql, Object... args) {
        return ExportRows.query(jdbc, sql, args);
    }

    public RatingViews.Personality personality(long userId) {
        return jdbc.queryForObject(
                MEANS + " where rated_id = ? group by rated_id",
                (rs, row) -> new RatingViews.Personality(
                        rs.getDouble(2),
                        rs.getDouble(3),
                        rs.getDouble(4),
                        rs.getDouble(5),
                        rs.getDouble(6),
                        rs.getLong(7)),
                userId);
    }

    public boolean hasRatings(long userId) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select exists (select 1 from personality_ratings where rated_id = ?)", Boolean.class, userId));
    }

    /** Trait means of the given users who have at least {@code minimum} ratings. */
    public Map<Long, double[]> means(Collection<Long> userIds, int minimum) {
        Map<Long, double[]> means = new HashMap<>();
        if (userIds.isEmpty()) {
            return means;
        }
        jdbc.query(
                MEANS + " where rated_id = any(?) group by rated_id having count(*) >= ?",
                rs -> {
                    means.put(rs.getLong(1), new double[] {
                        rs.getDouble(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5), rs.getDouble(6)
                    });
                },
                userIds.toArray(Long[]::new),
                minimum);
        return means;
    }
}
