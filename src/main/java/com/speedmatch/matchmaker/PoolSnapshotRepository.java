package com.speedmatch.matchmaker;

import com.speedmatch.matchmaker.internal.Matchmaker;
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
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/**
 * Reads everyone who may be paired right now in one query. It joins the users table directly:
 * the matchmaker's snapshot is the hot path, and one round trip beats one call per user.
 */
@Repository
@RequiredArgsConstructor
@ReadModel(
        reads = {"matching_sessions", "live_calls", "users", "instant_call_sessions", "presence"},
        why = "The matchmaker's snapshot of the whole pool, with each user's profile, in one query")
class PoolSnapshotRepository {

    /** One waiting user as stored; the runner turns it into a {@link Matchmaker.Candidate}. */
    record Waiting(
            long userId,
            Gender gender,
            LocalDate birthDate,
            String[] interestedIn,
            String[] interests,
            int minAge,
            int maxAge,
            String[] preferredInterests,
            double personalityWeight,
            Instant waitingSince,
            boolean verified,
            boolean verifiedOnly) {

        int ageOn(LocalDate day) {
            return Period.between(birthDate, day).getYears();
        }
    }

    private final JdbcTemplate jdbc;

    /** What the matchmaker needs of a user in the pool: their session's preferences and their profile. */
    private static final String POOL_COLUMNS = """
            select s.user_id, u.gender, u.birth_date, u.interested_in, u.interests, s.min_age, s.max_age,
                   s.preferred_interests, s.personality_weight, s.waiting_since,
                   u.email_verified_at is not null as verified, s.verified_only,
                   exists (select 1 from live_calls l where l.user_id = s.user_id) as in_call
            from matching_sessions s
            join users u on u.id = s.user_id
            left join presence p on p.user_id = s.user_id
            """;

    private static final RowMapper<Present> PRESENT = (rs, row) -> new Present(
            new Waiting(
                    rs.getLong("user_id"),
                    Gender.fromCode(rs.getString("gender")),
                    rs.getObject("birth_date", LocalDate.class),
                    strings(rs.getArray("interested_in")),
                    strings(rs.getArray("interests")),
                    rs.getInt("min_age"),
                    rs.getInt("max_age"),
                    strings(rs.getArray("preferred_interests")),
                    rs.getDouble("personality_weight"),
                    rs.getTimestamp("waiting_since").toInstant(),
                    rs.getBoolean("verified"),
                    rs.getBoolean("verified_only")),
            rs.getBoolean("in_call"));

    /** Everyone who may be paired now: active, seen within the window, and in no live call. */
    List<Waiting> waiting(Instant seenSince) {
        return jdbc.query(POOL_COLUMNS + """
                where s.status = 'active' and p.last_seen >= ?
                  and not exists (select 1 from live_calls l where l.user_id = s.user_id)
                """, PRESENT, Timestamp.from(seenSince)).stream()
                .map(Present::user)
                .toList();
    }

    /** A user who could be paired now or when their call ends: waiting and seen, or in a live call. */
    record Present(Waiting user, boolean inCall) {}

    List<Present> present(Instant seenSince) {
        return jdbc.query(POOL_COLUMNS + """
                where s.status = 'active'
                  and (p.last_seen >= ? or exists (select 1 from live_calls l where l.user_id = s.user_id))
                """, PRESENT, Timestamp.from(seenSince));
    }

    /** How long each user paired since {@code since} had waited, with what makes users alike: gender and whom they seek. */
    record Wait(Gender gender, String[] interestedIn, long waitedMillis) {}

    List<Wait> waits(Instant since) {
        return jdbc.query(
                """
                select u.gender, u.interested_in, w.waited_ms
                from instant_call_sessions c
                cross join lateral (values (c.user1_id, c.user1_waited_ms), (c.user2_id, c.user2_waited_ms)) as w (user_id, waited_ms)
                join users u on u.id = w.user_id
                where c.created_at >= ? and w.waited_ms is not null and u.gender is not null
                """,
                (rs, row) -> new Wait(Gender.fromCode(rs.getString(1)), strings(rs.getArray(2)), rs.getLong(3)),
                Timestamp.from(since));
    }

    private static String[] strings(Array array) throws SQLException {
        if (array == null) {
            return new String[0];
        }
        Object value = array.getArray();
        return value instanceof String[] strings ? strings : new ArrayList<String>().toArray(String[]::new);
    }

    /** Sessions waiting in the pool now, present or not: the pool's size gauge. */
    long countActive() {
        Long n = jdbc.queryForObject("select count(*) from matching_sessions where status = 'active'", Long.class);
        return n == null ? 0 : n;
    }
}
