package com.speedmatch.call.internal;

import com.speedmatch.call.CallQueries;
import com.speedmatch.call.CallStatus;
import com.speedmatch.call.CallViews;
import com.speedmatch.call.CallViews.Member;
import com.speedmatch.call.DatePrompts;
import com.speedmatch.call.EndReason;
import com.speedmatch.call.VideoProperties;
import com.speedmatch.news.News;
import com.speedmatch.news.NewsBus;
import com.speedmatch.presence.Presence;
import com.speedmatch.runtime.PollMemory;
import com.speedmatch.shared.ReadModel;
import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
        reads = {"presence", "users", "call_prompts"},
        why =
                "A call poll, most of a call's traffic, reads presence, names and the date's current icebreaker in one statement")
public class CallSnapshots {

    private final CallQueries queries;
    private final JdbcTemplate jdbc;
    private final Presence presence;
    private final PollMemory<UUID, Snapshot> memory;

    CallSnapshots(
            CallQueries queries,
            JdbcTemplate jdbc,
            Presence presence,
            NewsBus news,
            Clock clock,
            @Value("${polls.memory-ttl:5s}") Duration memoryTtl) {
        this.queries = queries;
        this.jdbc = jdbc;
        this.presence = presence;
        this.memory = new PollMemory<>(clock, memoryTtl);
        news.forgetOn(News.Call.class, call -> memory.forget(call.videoSessionId()));
    }

    /** A call as one participant reads it, from one statement. */
    public record Snapshot(
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

        public CallViews.Call toView(long viewer, Instant now, VideoProperties properties, DatePrompts prompts) {
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
     * The call as a participant sees it, in one round trip and autocommit (or from memory): its
     * state, both participants' names and joins, and whether both users are present. When both are,
     * the reader is noted present. Reading presence, names and the icebreaker in the same statement
     * keeps the status poll, most of a call's traffic, at one round trip (docs/architecture.md "Hot
     * paths").
     */
    public Snapshot snapshot(long userId, UUID sessionId, Instant now, Duration livenessWindow) {
        Member member = queries.member(userId, sessionId);
        Optional<Snapshot> known = memory.get(member.videoSessionId(), sessionId);
        Object token = known.isPresent() ? null : memory.reserve(member.videoSessionId());
        Snapshot snapshot = known.orElseGet(() -> read(member, sessionId, now, livenessWindow));
        if (known.isEmpty()) {
            memory.keep(member.videoSessionId(), token, sessionId, snapshot);
        }
        if (snapshot.status().isLive() && snapshot.bothPresent()) {
            // Only while both are here: a participant who went silent must be seen as such, for the
            // reconnect grace of the live date, and reading the call alone does not bring them back.
            presence.seen(userId);
        }
        return snapshot;
    }

    private Snapshot read(Member member, UUID sessionId, Instant now, Duration livenessWindow) {
        long a = Math.min(member.userId(), member.partnerId());
        long b = Math.max(member.userId(), member.partnerId());
        Timestamp seenSince = Timestamp.from(now.minus(livenessWindow));
        return jdbc
                .query(
                        """
                select v.status, v.duration, v.started_at, v.ends_at, v.end_reason, v.call_session_id, v.match_id,
                       ua.name, pa.joined_at is not null, ub.name, pb.joined_at is not null,
                       (select count(*) = 2 from presence where user_id in (?, ?) and last_seen >= ?) as all_here,
                       v.extend_requested_by, v.extensions, v.paused_since,
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
                                ids(rs.getArray(13)),
                                rs.getInt(14),
                                instant(rs.getTimestamp(15)),
                                instant(rs.getTimestamp(16)),
                                instant(rs.getTimestamp(17)),
                                (Long) rs.getObject(18),
                                instant(rs.getTimestamp(19))),
                        a,
                        b,
                        seenSince,
                        a,
                        b,
                        member.videoSessionId())
                .stream()
                .findFirst()
                // Gone since it was cached: a match removed with a closed account takes its calls along.
                .orElseThrow(() -> CallQueries.callNotFound(sessionId));
    }

    private static List<Long> ids(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        List<Long> ids = new ArrayList<>();
        for (Object id : (Object[]) array.getArray()) {
            ids.add(((Number) id).longValue());
        }
        return List.copyOf(ids);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static CallStatus status(String code) {
        return CallStatus.valueOf(code.toUpperCase(Locale.ROOT));
    }

    private static EndReason endReason(String code) {
        return code == null ? null : EndReason.valueOf(code.toUpperCase(Locale.ROOT));
    }
}
