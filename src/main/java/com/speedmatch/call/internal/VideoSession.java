package com.speedmatch.call.internal;

import com.speedmatch.call.CallStatus;
import com.speedmatch.call.EndReason;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import lombok.AccessLevel;
import lombok.Getter;
import lombok.NoArgsConstructor;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A WebRTC call between two participants. Every deadline is a column ({@code ends_at}, and
 * {@code created_at} plus the join timeout), so the sweeps apply them after a restart too.
 */
@Entity
@Table(name = "video_sessions")
@Getter
@NoArgsConstructor(access = AccessLevel.PROTECTED)
public class VideoSession {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "session_id")
    private UUID sessionId;

    @Column(name = "call_session_id")
    private Long callSessionId;

    @Column(name = "match_id")
    private Long matchId;

    private CallStatus status;

    private int duration;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "started_at")
    private Instant startedAt;

    @Column(name = "ends_at")
    private Instant endsAt;

    @Column(name = "ended_at")
    private Instant endedAt;

    @Column(name = "end_reason")
    private EndReason endReason;

    /** Who asked for the next extension; emptied when it is granted. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "extend_requested_by", columnDefinition = "bigint[]")
    private List<Long> extendRequestedBy = new ArrayList<>();

    /** How many extensions were granted. */
    private int extensions;

    /** Since when the timer stands still (a participant's connection is down); null while it runs. */
    @Column(name = "paused_since")
    private Instant pausedSince;

    /** The length of the pauses that ended, in milliseconds. */
    @Column(name = "paused_ms")
    private long pausedMs;

    private VideoSession(UUID sessionId, Long callSessionId, Long matchId, Duration duration, Instant now) {
        this.sessionId = sessionId;
        this.callSessionId = callSessionId;
        this.matchId = matchId;
        this.status = CallStatus.WAITING;
        this.duration = Math.toIntExact(duration.toSeconds());
        this.createdAt = now;
    }

    public static VideoSession forMatch(long matchId, Duration duration, Instant now) {
        return new VideoSession(UUID.randomUUID(), null, matchId, duration, now);
    }

    /** Over when ended, or active and running past its end even if no sweep has run yet (a paused call is not). */
    public boolean isOver(Instant now) {
        return !effectiveStatus(now).isLive();
    }

    boolean isPaused() {
        return status == CallStatus.ACTIVE && pausedSince != null;
    }

    /** The status a client should see: an active call running past its end is completed already. */
    public CallStatus effectiveStatus(Instant now) {
        return effectiveStatus(status, endsAt, pausedSince, now);
    }

    public long remainingSeconds(Instant now) {
        return remainingSeconds(status, duration, endsAt, pausedSince, now);
    }

    public static CallStatus effectiveStatus(CallStatus status, Instant endsAt, Instant pausedSince, Instant now) {
        return status == CallStatus.ACTIVE && pausedSince == null && !now.isBefore(endsAt)
                ? CallStatus.COMPLETED
                : status;
    }

    /** While paused the timer stands still: what remained when the pause began. */
    public static long remainingSeconds(
            CallStatus status, int duration, Instant endsAt, Instant pausedSince, Instant now) {
        return switch (effectiveStatus(status, endsAt, pausedSince, now)) {
            case WAITING -> duration;
            case ACTIVE ->
                Math.max(
                        0,
                        Duration.between(pausedSince != null ? pausedSince : now, endsAt)
                                .toSeconds());
            default -> 0;
        };
    }

    /**
     * Records {@code userId}'s wish for more time. Returns true when it completed an extension:
     * both have asked, so {@code ends_at} moves by {@code extension} and the wishes start over.
     */
    boolean requestExtension(long userId, List<Long> participants, Duration extension) {
        if (!extendRequestedBy.contains(userId)) {
            List<Long> updated = new ArrayList<>(extendRequestedBy);
            updated.add(userId);
            extendRequestedBy = updated;
        }
        if (!extendRequestedBy.containsAll(participants)) {
            return false;
        }
        endsAt = endsAt.plus(extension);
        extensions++;
        extendRequestedBy = new ArrayList<>();
        return true;
    }

    /** Stops the timer; false when it stood still already. */
    boolean pause(Instant now) {
        if (pausedSince != null || status != CallStatus.ACTIVE) {
            return false;
        }
        pausedSince = now;
        return true;
    }

    /** Starts the timer again, the pause added to {@code ends_at}; false when it was running. */
    boolean resume(Instant now) {
        if (pausedSince == null) {
            return false;
        }
        Duration pause =
                Duration.between(pausedSince, now).isNegative() ? Duration.ZERO : Duration.between(pausedSince, now);
        endsAt = endsAt.plus(pause);
        pausedMs += pause.toMillis();
        pausedSince = null;
        return true;
    }

    /** How long the call has stood still in total, the running pause included. */
    Duration pausedTotal(Instant now) {
        return Duration.ofMillis(pausedMs)
                .plus(pausedSince == null ? Duration.ZERO : Duration.between(pausedSince, now));
    }

    public void start(Instant now) {
        this.status = CallStatus.ACTIVE;
        this.startedAt = now;
        this.endsAt = now.plusSeconds(duration);
    }

    public void finish(CallStatus outcome, EndReason reason, Instant now) {
        if (pausedSince != null) {
            resume(now);
        }
        this.status = outcome;
        this.endReason = reason;
        Instant at = endsAt != null && endsAt.isBefore(now) ? endsAt : now;
        // "now" is read before the lock is taken: a call created while its ender waited for that
        // lock (the matchmaker committing a pair) must not end before it began.
        this.endedAt = at.isBefore(createdAt) ? createdAt : at;
    }
}
