package com.speedmatch.presence.internal;

import com.speedmatch.shared.ReadModel;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code presence} table: one row per user, its last sighting. */
@Repository
@RequiredArgsConstructor
@ReadModel(
        reads = "users",
        why = "A batch of sightings skips, in the same statement, users deleted since they were seen")
public class PresenceRows {

    private final JdbcTemplate jdbc;

    /**
     * Writes each user's sighting, in one statement. A row already within {@code resolution} of the
     * sighting is left as it is (presence need not be finer than a couple of seconds, and a row not
     * rewritten is a write saved); a row is never moved back. Rows are taken in user-id order, so
     * two writers never deadlock; a user deleted meanwhile is skipped (the users row is
     * share-locked while the row is written), never an error for the whole batch.
     */
    public void write(Map<Long, Instant> sightings, Duration resolution) {
        if (sightings.isEmpty()) {
            return;
        }
        Map<Long, Instant> ordered = new TreeMap<>(sightings);
        jdbc.update(
                """
                insert into presence (user_id, last_seen)
                select u.id, to_timestamp(s.at_ms / 1000.0)
                from unnest(?::bigint[], ?::bigint[]) as s (user_id, at_ms)
                join users u on u.id = s.user_id
                order by u.id
                for key share of u
                on conflict (user_id) do update set last_seen = excluded.last_seen
                where presence.last_seen < excluded.last_seen - ? * interval '1 millisecond'
                """,
                ordered.keySet().toArray(Long[]::new),
                ordered.values().stream().map(Instant::toEpochMilli).toArray(Long[]::new),
                resolution.toMillis());
    }

    public Optional<Instant> lastSeen(long userId) {
        return jdbc
                .query(
                        "select last_seen from presence where user_id = ?",
                        (rs, row) -> rs.getTimestamp(1).toInstant(),
                        userId)
                .stream()
                .findFirst();
    }
}
