package com.speedmatch.pool.internal;

import com.speedmatch.shared.ReadModel;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

@ReadModel(
        reads = {"live_calls", "presence"},
        why =
                "The stale sweep ends only sessions whose user is gone and not in a call, for every stale session in one statement")
public interface MatchingSessionRepository extends JpaRepository<MatchingSession, Long> {

    Optional<MatchingSession> findBySessionIdAndUserId(UUID sessionId, long userId);

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select s from MatchingSession s where s.sessionId = :sessionId and s.userId = :userId")
    Optional<MatchingSession> findForUpdate(UUID sessionId, long userId);

    @Query("select s from MatchingSession s where s.userId = :userId and s.status <> 'ended'")
    Optional<MatchingSession> findOpen(long userId);

    @Modifying
    @Query("update MatchingSession s set s.waitingSince = :now where s.userId in :userIds and s.status <> 'ended'")
    int returnToPool(Collection<Long> userIds, Instant now);

    /** Ends active sessions nobody has seen since {@code cutoff}, except for users in a live call. */
    @Modifying
    @Query(value = """
            update matching_sessions s set status = 'ended', ended_at = :now
            where s.status = 'active'
              and not exists (select 1 from presence p where p.user_id = s.user_id and p.last_seen >= :cutoff)
              and not exists (select 1 from live_calls l where l.user_id = s.user_id)
            """, nativeQuery = true)
    int endStale(Instant cutoff, Instant now);

    @Modifying
    @Query(
            value =
                    "update matching_sessions set preferred_interests = '{}', min_age = 18, max_age = 120 where user_id = :userId",
            nativeQuery = true)
    int forgetPreferences(long userId);
}
