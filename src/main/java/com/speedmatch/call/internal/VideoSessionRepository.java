package com.speedmatch.call.internal;

import com.speedmatch.shared.ReadModel;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

@ReadModel(
        reads = "presence",
        why =
                "Whether a call's users are still here is their pool presence; the deadline sweeps ask it for every open call at once")
public interface VideoSessionRepository extends JpaRepository<VideoSession, Long> {

    Optional<VideoSession> findBySessionId(UUID sessionId);

    Optional<VideoSession> findByCallSessionId(long callSessionId);

    @Query("select v.id from VideoSession v where v.sessionId = :sessionId")
    Optional<Long> idOfSession(UUID sessionId);

    @Query("select v.id from VideoSession v where v.callSessionId = :callSessionId")
    Optional<Long> idOfInstantCall(long callSessionId);

    /** How many of the users were seen since {@code seenSince}. */
    @Query(value = """
            select count(*) from presence where user_id in (:userIds) and last_seen >= :seenSince
            """, nativeQuery = true)
    long countPresent(Collection<Long> userIds, Instant seenSince);

    @Query(value = "select video_session_id from live_calls where user_id = :userId", nativeQuery = true)
    Optional<Long> liveCallOf(long userId);

    @Modifying
    @Query(
            value = "insert into live_calls (user_id, video_session_id) values (:userId, :videoSessionId)",
            nativeQuery = true)
    void insertLiveCall(long userId, long videoSessionId);

    @Modifying
    @Query(value = "delete from live_calls where video_session_id = :videoSessionId", nativeQuery = true)
    void deleteLiveCalls(long videoSessionId);

    @Query(value = """
            select v.id from video_sessions v
            join video_participants a on a.video_session_id = v.id and a.user_id = :userA
            join video_participants b on b.video_session_id = v.id and b.user_id = :userB
            where v.status in ('waiting', 'active')
            """, nativeQuery = true)
    List<Long> liveBetween(long userA, long userB);

    @Query(value = """
            select exists (select 1 from video_participants a
                           join video_participants b on b.video_session_id = a.video_session_id
                           where a.user_id = :userA and b.user_id = :userB)
            """, nativeQuery = true)
    boolean haveMet(long userA, long userB);

    /** A running call and when it runs out. */
    record Due(long id, Instant endsAt) {}

    @Query("select new com.speedmatch.call.internal.VideoSessionRepository$Due(v.id, v.endsAt) from VideoSession v "
            + "where v.status = 'active' and v.pausedSince is null and v.endsAt <= :now")
    List<Due> activeEndedBy(Instant now);

    @Query("select v.id from VideoSession v where v.status = 'waiting' and v.createdAt <= :createdBefore")
    List<Long> waitingCreatedBefore(Instant createdBefore);
}
