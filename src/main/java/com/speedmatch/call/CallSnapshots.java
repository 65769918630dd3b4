package com.speedmatch.call;

import com.speedmatch.call.CallViews.Member;
import com.speedmatch.longpoll.Presence;
import com.speedmatch.longpoll.UserNews;
import com.speedmatch.runtime.PollMemory;
import com.speedmatch.shared.ReadModel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The call status poll, most of a call's traffic: the call as one participant sees it, with its
 * live-date timeline and the reader's presence written when due, in one statement and autocommit.
 * Who is in the call comes from {@link CallQueries#member}, cached. What was read is kept on this
 * instance ({@link PollMemory}, per call, for both participants) until the call changes (every
 * change locks it first, {@link CallRows#lock}, and is relayed to every instance after commit) or
 * {@code polls.memory-ttl}: the polls in between cost no round trip, their readers' presence
 * written in the next batch.
 */
@Component
@ReadModel(
        reads = {"matching_sessions", "users", "call_prompts"},
        writes = "matching_sessions",
        why =
                "A call poll, most of a call's traffic, reads presence, names and the date's current icebreaker and writes its presence in one statement")
class CallSnapshots {

    private final CallQueries queries;
    private final JdbcTemplate jdbc;
    private final Presence presence;
    private final PollMemory<UUID, Snapshot> memory;

    CallSnapshots(
            CallQueries queries,
            JdbcTemplate jdbc,
            Presence presence,
            UserNews news,
            Clock clock,
            @Value("${polls.memory-ttl:5s}") Duration memoryTtl) {
        this.queries = queries;
        this.jdbc = jdbc;
        this.presence = presence;
        this.memory = new PollMemory<>(clock, memoryTtl);
        news.onCallChange(memory::forget);
    }

    /** A call as one participant reads it, from one statement. */
    record Snapshot(
            long videoSessionId,
            UUID sessionId,
            CallStatus status,
            int duration,
            Instant startedAt,
            Instant endsAt,
            EndReason endReason,
            Long callSessionId,
            Long matchId,
            long userA,
            String nameA,
            boolean joinedA,
            long userB,
            String nameB,
            boolean joinedB,
            boolean bothPresent,
            List<Long> extendRequestedBy,
            int extensions,
            Instant pausedSince,
            Instant lostA,
            Instant lostB,
            Long promptId,
            Instant promptShownAt) {

        CallViews.Call toView(long viewer, Instant now, VideoProperties properties, DatePrompts prompts) {
            CallStatus effective = VideoSession.effectiveStatus(status, endsAt, pausedSince, now);
            return new CallViews.Call(
                    sessionId,
                    effective,
                    duration,
                    startedAt,
                    endsAt,
                    VideoSession.remainingSeconds(status, duration, endsAt, pausedSince, now),
                    viewer == userA ? "caller" : "callee",
                    callSessionId,
                    matchId,
                    List.of(
                            new CallViews.Participant(userA, nameA, joinedA),
                            new CallViews.Participant(userB, nameB, joinedB)),
                    endReason,
                    CallViews.Phase.of(effective, pausedSince, endsAt, now, properties.closingPhase()),
                    new CallViews.Extension(
                            extendRequestedBy,
                            extensions,
                            Math.max(0, properties.maxExtensions() - extensions),
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
     * poll, most of a call's traffic, at one round trip (docs/architecture.md "Hot paths").
     */
    Snapshot snapshot(long userId, UUID sessionId, Instant now, Duration livenessWindow, Duration presenceResolution) {
        Member member = queries.member(userId, sessionId);
        Optional<Snapshot> known = memory.get(member.videoSessionId(), sessionId);
        if (known.isPresent()) {
            if (known.get().status().isLive() && known.get().bothPresent()) {
                presence.seen(userId);
            }
            return known.get();
        }
        Object token = memory.reserve(member.videoSessionId());
        Snapshot read = read(member, userId, sessionId, now, livenessWindow, presenceResolution);
        memory.keep(member.videoSessionId(), token, sessionId, read);
        return read;
    }

    private Snapshot read(
            Member member,
            long userId,
            UUID sessionId,
            Instant now,
            Duration livenessWindow,
            Duration presenceResolution) {
        long a = Math.min(member.userId(), member.partnerId());
        long b = Math.max(member.userId(), member.partnerId());
        java.sql.Timestamp seenSince = java.sql.Timestamp.from(now.minus(livenessWindow));
        return jdbc
                .query(
                        """
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
                """,
                        (rs, row) -> new Snapshot(
                                member.videoSessionId(),
                                sessionId,
                                status(rs.getString(1)),
                                rs.getInt(2),
                                instant(rs.getTimestamp(3)),
                                instant(rs.getTimestamp(4)),
                                endReason(rs.getString(5)),
                                (Long) rs.getObject(6),
                                (Long) rs.getObject(7),
                                a,
                                rs.getString(8),
                                rs.getBoolean(9),
                                b,
                                rs.getString(10),
                                rs.getBoolean(11),
                                rs.getBoolean(12),
                                ids(rs.getArray(14)),
                                rs.getInt(15),
                                instant(rs.getTimestamp(16)),
                                instant(rs.getTimestamp(17)),
                                instant(rs.getTimestamp(18)),
                                (Long) rs.getObject(19),
                                instant(rs.getTimestamp(20))),
                        a,
                        b,
                        seenSince,
                        java.sql.Timestamp.from(now),
                        userId,
                        java.sql.Timestamp.from(now.minus(presenceResolution)),
                        member.videoSessionId(),
                        a,
                        b,
                        member.videoSessionId())
                .stream()
                .findFirst()
                // Gone since it was cached: a match removed with a closed account takes its calls along.
                .orElseThrow(() -> CallQueries.callNotFound(sessionId));
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
}
