package com.speedmatch.call;

import com.speedmatch.call.CallViews.InstantCall;
import com.speedmatch.call.CallViews.LiveCall;
import com.speedmatch.call.CallViews.LiveInstantCall;
import com.speedmatch.call.CallViews.Parties;
import com.speedmatch.call.CallViews.RatableCall;
import com.speedmatch.shared.Conflict;
import com.speedmatch.shared.Gone;
import com.speedmatch.shared.NotFound;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.speedmatch.call.CallViews.Member;
import com.speedmatch.shared.ReadModel;
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
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What other features read about calls: never a lock, never a change. Everything that changes a
 * call is {@link CallService}'s, behind its lock-first rule; a read here may be stale by the time
 * the caller acts on it, which is why nothing here is ever re-checked "under lock".
 */
@Service
@RequiredArgsConstructor
@ReadModel(reads = {"matching_sessions", "users"}, writes = "matching_sessions",
        why = "A call poll, most of a call's traffic, reads presence and names and writes its presence in one statement")
public class CallQueries {

    private final InstantCallRepository instantCalls;
    private final VideoSessionRepository videoSessions;
    private final VideoParticipantRepository participants;
    private final Clock clock;
    private final org.springframework.jdbc.core.JdbcTemplate jdbc;

    /** The user's waiting or active matchmaker call, if any: what next-match answers with. */
    @Transactional(readOnly = true)
    public Optional<LiveInstantCall> liveInstantCall(long userId) {
        return videoSessions.liveCallOf(userId)
                .flatMap(videoSessions::findById)
                .filter(video -> video.getCallSessionId() != null && !video.isOver(clock.instant()))
                .flatMap(video -> instantCalls.findById(video.getCallSessionId())
                        .map(call -> new LiveInstantCall(call.getId(), video.getSessionId(), call.partnerOf(userId),
                                call.getCompatibilityScore(), video.effectiveStatus(clock.instant()))));
    }

    /** The user's live call of any kind, for a client resuming after a reload. */
    @Transactional(readOnly = true)
    public Optional<LiveCall> liveCall(long userId) {
        Instant now = clock.instant();
        return videoSessions.liveCallOf(userId)
                .flatMap(videoSessions::findById)
                .filter(video -> !video.isOver(now))
                .map(video -> new LiveCall(video.getSessionId(), video.getCallSessionId(), video.getMatchId(),
                        partnerIn(video, userId), video.effectiveStatus(now)));
    }

    /** The pairing behind a decision, if the user is in it. */
    @Transactional(readOnly = true)
    public Optional<InstantCall> instantCall(long callSessionId, long userId) {
        return instantCalls.findById(callSessionId).filter(call -> call.involves(userId)).map(CallQueries::view);
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
        jdbc.query("""
                select user1_id, user2_id from instant_call_sessions
                where created_at >= ? and (user1_id = any(?) or user2_id = any(?))
                """, rs -> {
            long user1 = rs.getLong(1);
            long user2 = rs.getLong(2);
            partners.computeIfAbsent(user1, id -> new HashSet<>()).add(user2);
            partners.computeIfAbsent(user2, id -> new HashSet<>()).add(user1);
        }, java.sql.Timestamp.from(since), ids, ids);
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
            .maximumSize(200_000).expireAfterAccess(Duration.ofHours(1)).build();
    private final Cache<Long, Boolean> over = Caffeine.newBuilder()
            .maximumSize(200_000).expireAfterWrite(Duration.ofHours(1)).build();

    /**
     * The two ends of a call and whether it is over, for sending a signal; 404 to anyone but a
     * participant. One round trip, in autocommit: who is in the call is cached, and a call once
     * over stays over, so only a live call's status is read.
     */
    public Parties parties(long userId, UUID sessionId) {
        Member member = member(userId, sessionId);
        return new Parties(member.videoSessionId(), sessionId, userId, member.partnerId(), isOver(member.videoSessionId()));
    }

    /** The two ends of a call, for reading its signals: no database round trip once cached. */
    public Member member(long userId, UUID sessionId) {
        Members call = members.getIfPresent(sessionId);
        if (call == null) {
            call = jdbc.query("""
                    select v.id, min(p.user_id), max(p.user_id) from video_sessions v
                    join video_participants p on p.video_session_id = v.id
                    where v.session_id = ? group by v.id
                    """, (rs, row) -> new Members(rs.getLong(1), rs.getLong(2), rs.getLong(3)), sessionId)
                    .stream().findFirst().orElseThrow(() -> callNotFound(sessionId));
            members.put(sessionId, call);
        }
        if (!call.include(userId)) {
            throw callNotFound(sessionId);
        }
        return new Member(call.videoSessionId(), sessionId, userId, call.partnerOf(userId));
    }

    /** A call as one participant reads it, from one statement. */
    record Snapshot(long videoSessionId, UUID sessionId, CallStatus status, int duration, Instant startedAt, Instant endsAt,
            EndReason endReason, Long callSessionId, Long matchId, long userA, String nameA, boolean joinedA, long userB,
            String nameB, boolean joinedB, boolean bothPresent, List<Long> extendRequestedBy, int extensions,
            Instant pausedSince, Instant lostA, Instant lostB, Long promptId, Instant promptShownAt) {

        CallViews.Call toView(long viewer, Instant now, VideoProperties properties, Icebreakers prompts) {
            CallStatus effective = VideoSession.effectiveStatus(status, endsAt, pausedSince, now);
            return new CallViews.Call(sessionId, effective, duration, startedAt, endsAt,
                    VideoSession.remainingSeconds(status, duration, endsAt, pausedSince, now), viewer == userA ? "caller" : "callee",
                    callSessionId, matchId, List.of(new CallViews.Participant(userA, nameA, joinedA),
                            new CallViews.Participant(userB, nameB, joinedB)), endReason,
                    CallViews.Phase.of(effective, pausedSince, endsAt, now, properties.closingPhase()),
                    new CallViews.Extension(extendRequestedBy, extensions, Math.max(0, properties.maxExtensions() - extensions),
                            properties.extension().toSeconds()),
                    promptId == null ? null : prompts.view(promptId, promptShownAt),
                    List.of(CallViews.Connection.of(userA, lostA), CallViews.Connection.of(userB, lostB)));
        }
    }

    /**
     * The call as a participant sees it, in one round trip and autocommit: its state, both
     * participants' names and joins, whether both users are still present in the pool (for a live
     * instant call), and, when both are, the reader's heartbeat written in the same statement if it
     * is due (the reader's only: a participant who went silent must be seen as such, for the
     * reconnect grace of {@link LiveDate}). Rows someone else holds are skipped, never waited for. The
     * matching sessions are the matching feature's table; touching them here keeps the status
     * poll, most of a call's traffic, at one round trip (ARCHITECTURE "Hot paths").
     */
    Snapshot snapshot(long userId, UUID sessionId, Instant now, Duration livenessWindow, Duration presenceResolution) {
        Member member = member(userId, sessionId);
        long a = Math.min(member.userId(), member.partnerId());
        long b = Math.max(member.userId(), member.partnerId());
        java.sql.Timestamp seenSince = java.sql.Timestamp.from(now.minus(livenessWindow));
        return jdbc.query("""
                with present as (
                  select count(distinct user_id) = 2 as all_here from matching_sessions
                  where user_id in (?, ?) and status <> 'ended' and last_active >= ?),
                beat as (
                  update matching_sessions set last_active = ?
                  where id in (select id from matching_sessions
                               where user_id = ? and status <> 'ended' and last_active < ?
                               for update skip locked)
                    and (select all_here from present)
                    and exists (select 1 from video_sessions where id = ? and call_session_id is not null
                                and status in ('waiting', 'active'))
                  returning id)
                select v.status, v.duration, v.started_at, v.ends_at, v.end_reason, v.call_session_id, v.match_id,
                       ua.name, pa.joined_at is not null, ub.name, pb.joined_at is not null, (select all_here from present),
                       (select count(*) from beat), v.extend_requested_by, v.extensions, v.paused_since,
                       pa.connection_lost_at, pb.connection_lost_at, pr.prompt_id, pr.shown_at
                from video_sessions v
                join video_participants pa on pa.video_session_id = v.id and pa.user_id = ?
                join video_participants pb on pb.video_session_id = v.id and pb.user_id = ?
                join users ua on ua.id = pa.user_id
                join users ub on ub.id = pb.user_id
                left join lateral (select prompt_id, shown_at from call_prompts
                                   where video_session_id = v.id order by slot desc limit 1) pr on true
                where v.id = ?
                """, (rs, row) -> new Snapshot(member.videoSessionId(), sessionId, status(rs.getString(1)), rs.getInt(2),
                        instant(rs.getTimestamp(3)), instant(rs.getTimestamp(4)), endReason(rs.getString(5)),
                        (Long) rs.getObject(6), (Long) rs.getObject(7), a, rs.getString(8), rs.getBoolean(9), b,
                        rs.getString(10), rs.getBoolean(11), rs.getBoolean(12), ids(rs.getArray(14)), rs.getInt(15),
                        instant(rs.getTimestamp(16)), instant(rs.getTimestamp(17)), instant(rs.getTimestamp(18)),
                        (Long) rs.getObject(19), instant(rs.getTimestamp(20))),
                a, b, seenSince, java.sql.Timestamp.from(now), userId, java.sql.Timestamp.from(now.minus(presenceResolution)),
                member.videoSessionId(), a, b, member.videoSessionId())
                .stream().findFirst()
                // Gone since it was cached: a match removed with a closed account takes its calls along.
                .orElseThrow(() -> callNotFound(sessionId));
    }

    private static List<Long> ids(java.sql.Array array) throws java.sql.SQLException {
        if (array == null) {
            return List.of();
        }
        List<Long> ids = new java.util.ArrayList<>();
        for (Object id : (Object[]) array.getArray()) {
            ids.add(((Number) id).longValue());
        }
        return List.copyOf(ids);
    }

    private static Instant instant(java.sql.Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static CallStatus status(String code) {
        return CallStatus.valueOf(code.toUpperCase(java.util.Locale.ROOT));
    }

    private static EndReason endReason(String code) {
        return code == null ? null : EndReason.valueOf(code.toUpperCase(java.util.Locale.ROOT));
    }

    private boolean isOver(long videoSessionId) {
        if (over.getIfPresent(videoSessionId) != null) {
            return true;
        }
        Instant now = clock.instant();
        boolean ended = Boolean.TRUE.equals(jdbc.query("""
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
    public java.util.List<Map<String, Object>> exportCalls(long userId) {
        return com.speedmatch.shared.ExportRows.query(jdbc, """
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
        return new InstantCall(call.getId(), call.getSessionId(), call.getUser1Id(), call.getUser2Id(), call.getStatus());
    }

    VideoSession participantsCall(long userId, UUID sessionId) {
        VideoSession video = videoSessions.findBySessionId(sessionId)
                .orElseThrow(() -> callNotFound(sessionId));
        if (!participants.existsById(new VideoParticipant.Key(video.getId(), userId))) {
            throw callNotFound(sessionId);
        }
        return video;
    }

    long partnerIn(VideoSession video, long userId) {
        return participants.findByVideoSessionIdOrderByUserId(video.getId()).stream()
                .mapToLong(VideoParticipant::getUserId).filter(id -> id != userId).findFirst().orElseThrow();
    }

    static NotFound callNotFound(UUID sessionId) {
        return new NotFound("Call not found", "No video session " + sessionId + " of yours");
    }
}
