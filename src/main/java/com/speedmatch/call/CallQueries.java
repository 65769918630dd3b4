package com.speedmatch.call;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.speedmatch.call.CallViews.InstantCall;
import com.speedmatch.call.CallViews.LiveCall;
import com.speedmatch.call.CallViews.LiveInstantCall;
import com.speedmatch.call.CallViews.Member;
import com.speedmatch.call.CallViews.Parties;
import com.speedmatch.call.CallViews.RatableCall;
import com.speedmatch.call.internal.InstantCallRepository;
import com.speedmatch.call.internal.InstantCallSession;
import com.speedmatch.call.internal.VideoParticipant;
import com.speedmatch.call.internal.VideoParticipantRepository;
import com.speedmatch.call.internal.VideoSession;
import com.speedmatch.call.internal.VideoSessionRepository;
import com.speedmatch.shared.CallId;
import com.speedmatch.shared.Conflict;
import com.speedmatch.shared.ExportRows;
import com.speedmatch.shared.NotFound;
import com.speedmatch.shared.UserId;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
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
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What other features read about calls: never a lock, never a change. Everything that changes a
 * call is {@link CallService}'s, behind its lock-first rule; a read here may be stale by the time
 * the caller acts on it, which is why nothing here is ever re-checked "under lock".
 */
@Service
@RequiredArgsConstructor
public class CallQueries {

    private final InstantCallRepository instantCalls;
    private final VideoSessionRepository videoSessions;
    private final VideoParticipantRepository participants;
    private final Clock clock;
    private final JdbcTemplate jdbc;

    /** The user's waiting or active matchmaker call, if any: what next-match answers with. */
    @Transactional(readOnly = true)
    public Optional<LiveInstantCall> liveInstantCall(long userId) {
        return videoSessions
                .liveCallOf(userId)
                .flatMap(videoSessions::findById)
                .filter(video -> video.getCallSessionId() != null && !video.isOver(clock.instant()))
                .flatMap(video -> instantCalls
                        .findById(video.getCallSessionId())
                        .map(call -> new LiveInstantCall(
                                call.getId(),
                                video.getSessionId(),
                                call.partnerOf(userId),
                                call.getCompatibilityScore(),
                                video.effectiveStatus(clock.instant()))));
    }

    /** The user's live call of any kind, for a client resuming after a reload. */
    @Transactional(readOnly = true)
    public Optional<LiveCall> liveCall(long userId) {
        Instant now = clock.instant();
        return videoSessions
                .liveCallOf(userId)
                .flatMap(videoSessions::findById)
                .filter(video -> !video.isOver(now))
                .map(video -> new LiveCall(
                        video.getSessionId(),
                        video.getCallSessionId(),
                        video.getMatchId(),
                        partnerIn(video, userId),
                        video.effectiveStatus(now)));
    }

    /** The pairing behind a decision, if the user is in it. */
    @Transactional(readOnly = true)
    public Optional<InstantCall> instantCall(CallId callSessionId, UserId userId) {
        return instantCalls
                .findById(callSessionId.value())
                .filter(call -> call.involves(userId.value()))
                .map(CallQueries::view);
    }

    /**
     * The partners of the given users in every pairing created since {@code since}, both ways: the
     * recent-pair window. Only pairings of those users are read (two index ranges), not every pairing
     * of the window: a pass asks for the few hundred users waiting, not the thousands in calls.
     */
    public Map<Long, Set<Long>> recentPartners(Collection<Long> userIds, Instant since) {
        Map<Long, Set<Long>> partners = new HashMap<>();
        if (userIds.isEmpty()) {
            return partners;
        }
        Long[] ids = userIds.toArray(Long[]::new);
        jdbc.query(
                """
                select user1_id, user2_id from instant_call_sessions
                where created_at >= ? and (user1_id = any(?) or user2_id = any(?))
                """,
                rs -> {
                    long user1 = rs.getLong(1);
                    long user2 = rs.getLong(2);
                    partners.computeIfAbsent(user1, id -> new HashSet<>()).add(user2);
                    partners.computeIfAbsent(user2, id -> new HashSet<>()).add(user1);
                },
                Timestamp.from(since),
                ids,
                ids);
        return partners;
    }

    /** Whether the two ever shared a call: the only users one may block or report. */
    @Transactional(readOnly = true)
    public boolean haveMet(long userA, long userB) {
        return userA != userB && videoSessions.haveMet(userA, userB);
    }

    /** Who is in a call never changes once the call exists: the hot paths read it from here. */
    private record Members(long videoSessionId, long userA, long userB) {

        boolean include(long userId) {
            return userA == userId || userB == userId;
        }

        long partnerOf(long userId) {
            return userA == userId ? userB : userA;
        }
    }

    private final Cache<UUID, Members> members = Caffeine.newBuilder()
            .maximumSize(200_000)
            .expireAfterAccess(Duration.ofHours(1))
            .build();
    private final Cache<Long, Boolean> over = Caffeine.newBuilder()
            .maximumSize(200_000)
            .expireAfterWrite(Duration.ofHours(1))
            .build();

    /**
     * The two ends of a call and whether it is over, for sending a signal; 404 to anyone but a
     * participant. One round trip, in autocommit: who is in the call is cached, and a call once
     * over stays over, so only a live call's status is read.
     */
    public Parties parties(long userId, UUID sessionId) {
        Member member = member(userId, sessionId);
        return new Parties(
                member.videoSessionId(), sessionId, userId, member.partnerId(), isOver(member.videoSessionId()));
    }

    /** The two ends of a call, for reading its signals: no database round trip once cached. */
    public Member member(long userId, UUID sessionId) {
        Members call = members.getIfPresent(sessionId);
        if (call == null) {
            call =
                    jdbc
                            .query(
                                    """
                    select v.id, min(p.user_id), max(p.user_id) from video_sessions v
                    join video_participants p on p.video_session_id = v.id
                    where v.session_id = ? group by v.id
                    """,
                                    (rs, row) -> new Members(rs.getLong(1), rs.getLong(2), rs.getLong(3)),
                                    sessionId)
                            .stream()
                            .findFirst()
                            .orElseThrow(() -> callNotFound(sessionId));
            members.put(sessionId, call);
        }
        if (!call.include(userId)) {
            throw callNotFound(sessionId);
        }
        return new Member(call.videoSessionId(), sessionId, userId, call.partnerOf(userId));
    }

    private boolean isOver(long videoSessionId) {
        if (over.getIfPresent(videoSessionId) != null) {
            return true;
        }
        Instant now = clock.instant();
        boolean ended = Boolean.TRUE.equals(jdbc.query(
                """
                select status not in ('waiting', 'active') or (status = 'active' and paused_since is null and ends_at <= ?)
                from video_sessions where id = ?
                """, rs -> rs.next() ? rs.getBoolean(1) : Boolean.TRUE, java.sql.Timestamp.from(now), videoSessionId));
        if (ended) {
            over.put(videoSessionId, true);
        }
        return ended;
    }

    /** A call the user may rate: a participant of a call that became active. */
    @Transactional(readOnly = true)
    public RatableCall ratableCall(long userId, UUID sessionId) {
        VideoSession video = participantsCall(userId, sessionId);
        if (video.getStartedAt() == null) {
            throw new Conflict("Call never started", "Only a call both joined can be rated");
        }
        return new RatableCall(video.getId(), userId, partnerIn(video, userId));
    }

    /** The user's calls, for their data export. */
    @Transactional(readOnly = true)
    public List<Map<String, Object>> exportCalls(long userId) {
        return ExportRows.query(jdbc, """
                select v.session_id, case when v.match_id is null then 'instant' else 'match' end as kind,
                       v.call_session_id, v.match_id, v.status, v.created_at, v.started_at, v.ended_at, v.end_reason,
                       me.joined_at, other.user_id as partner_user_id
                from video_participants me
                join video_sessions v on v.id = me.video_session_id
                join video_participants other on other.video_session_id = v.id and other.user_id <> me.user_id
                where me.user_id = ? order by v.created_at
                """, userId);
    }

    static InstantCall view(InstantCallSession call) {
        return new InstantCall(
                call.getId(), call.getSessionId(), call.getUser1Id(), call.getUser2Id(), call.getStatus());
    }

    public VideoSession participantsCall(long userId, UUID sessionId) {
        VideoSession video = videoSessions.findBySessionId(sessionId).orElseThrow(() -> callNotFound(sessionId));
        if (!participants.existsById(new VideoParticipant.Key(video.getId(), userId))) {
            throw callNotFound(sessionId);
        }
        return video;
    }

    long partnerIn(VideoSession video, long userId) {
        return participants.findByVideoSessionIdOrderByUserId(video.getId()).stream()
                .mapToLong(VideoParticipant::getUserId)
                .filter(id -> id != userId)
                .findFirst()
                .orElseThrow();
    }

    public static NotFound callNotFound(UUID sessionId) {
        return new NotFound("Call not found", "No video session " + sessionId + " of yours");
    }
}
