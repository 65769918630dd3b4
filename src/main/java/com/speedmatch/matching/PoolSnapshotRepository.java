package com.speedmatch.matching;

import com.speedmatch.shared.ReadModel;
import com.speedmatch.user.Gender;
import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Reads everyone who may be paired right now in one query. It joins the users table directly:
 * the matchmaker's snapshot is the hot path, and one round trip beats one call per user.
 */
@Repository
@RequiredArgsConstructor
@ReadModel(reads = {"live_calls", "users"},
        why = "The matchmaker's snapshot of the whole pool, with each user's profile, in one query")
class PoolSnapshotRepository {

    /** One waiting user as stored; the runner turns it into a {@link Matchmaker.Candidate}. */
    record Waiting(long userId, Gender gender, LocalDate birthDate, String[] interestedIn, String[] interests,
            int minAge, int maxAge, String[] preferredInterests, double personalityWeight, Instant waitingSince) {

        int ageOn(LocalDate day) {
            return Period.between(birthDate, day).getYears();
        }
    }

    private final JdbcTemplate jdbc;

    List<Waiting> waiting(Instant seenSince) {
        return jdbc.query("""
                select s.user_id, u.gender, u.birth_date, u.interested_in, u.interests, s.min_age, s.max_age,
                       s.preferred_interests, s.personality_weight, s.waiting_since
                from matching_sessions s
                join users u on u.id = s.user_id
                where s.status = 'active' and s.last_active >= ?
                  and not exists (select 1 from live_calls l where l.user_id = s.user_id)
                """, (rs, row) -> new Waiting(
                        rs.getLong("user_id"),
                        Gender.fromCode(rs.getString("gender")),
                        rs.getObject("birth_date", LocalDate.class),
                        strings(rs.getArray("interested_in")),
                        strings(rs.getArray("interests")),
                        rs.getInt("min_age"),
                        rs.getInt("max_age"),
                        strings(rs.getArray("preferred_interests")),
                        rs.getDouble("personality_weight"),
                        rs.getTimestamp("waiting_since").toInstant()),
                Timestamp.from(seenSince));
    }

    private static String[] strings(Array array) throws SQLException {
        if (array == null) {
            return new String[0];
        }
        Object value = array.getArray();
        return value instanceof String[] strings ? strings : new ArrayList<String>().toArray(String[]::new);
    }
}
