package com.speedmatch.presence.internal;

import com.speedmatch.shared.ReadModel;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
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
     * Marks the users seen at {@code now}, in one statement; a row written at or after
     * {@code staleBefore} is left as it is (presence need not be finer than a couple of seconds, and
     * a row not rewritten is a write saved). Rows are taken in user-id order, so two writers never
     * deadlock; a user deleted meanwhile is skipped (the users row is share-locked while the row is
     * written), never an error for the whole batch.
     */
    public void write(Collection<Long> userIds, Instant now, Instant staleBefore) {
        if (userIds.isEmpty()) {
            return;
        }
        jdbc.update(
                """
                insert into presence (user_id, last_seen)
                select u.id, ? from users u where u.id = any(?) order by u.id for key share of u
                on conflict (user_id) do update set last_seen = excluded.last_seen
                where presence.last_seen < ?
                """, Timestamp.from(now), userIds.stream().sorted().toArray(Long[]::new), Timestamp.from(staleBefore));
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
