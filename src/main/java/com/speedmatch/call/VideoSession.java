package com.speedmatch.call;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import lombok.AccessLevel;
import lombok.Getter;
import lombok.NoArgsConstructor;

/**
 * A WebRTC call between two participants. Every deadline is a column ({@code ends_at}, and
 * {@code created_at} plus the join timeout), so the sweeps apply them after a restart too.
 */
@Entity
@Table(name = "video_sessions")
@Getter
@NoArgsConstructor(access = AccessLevel.PROTECTED)
class VideoSession {

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

    private VideoSession(UUID sessionId, Long callSessionId, Long matchId, Duration duration, Instant now) {
        this.sessionId = sessionId;
        this.callSessionId = callSessionId;
        this.matchId = matchId;
        this.status = CallStatus.WAITING;
        this.duration = Math.toIntExact(duration.toSeconds());
        this.createdAt = now;
    }

    static VideoSession forMatch(long matchId, Duration duration, Instant now) {
        return new VideoSession(UUID.randomUUID(), null, matchId, duration, now);
    }

    /** Over when ended, or active past its end even if no sweep has run yet. */
    boolean isOver(Instant now) {
        return !status.isLive() || (status == CallStatus.ACTIVE && !now.isBefore(endsAt));
    }

    /** The status a client should see: an active call past its end is completed already. */
    CallStatus effectiveStatus(Instant now) {
        return effectiveStatus(status, endsAt, now);
    }

    long remainingSeconds(Instant now) {
        return remainingSeconds(status, duration, endsAt, now);
    }

    static CallStatus effectiveStatus(CallStatus status, Instant endsAt, Instant now) {
        return status == CallStatus.ACTIVE && !now.isBefore(endsAt) ? CallStatus.COMPLETED : status;
    }

    static long remainingSeconds(CallStatus status, int duration, Instant endsAt, Instant now) {
        return switch (effectiveStatus(status, endsAt, now)) {
            case WAITING -> duration;
            case ACTIVE -> Math.max(0, Duration.between(now, endsAt).toSeconds());
            default -> 0;
        };
    }

    void start(Instant now) {
        this.status = CallStatus.ACTIVE;
        this.startedAt = now;
        this.endsAt = now.plusSeconds(duration);
    }

    void finish(CallStatus outcome, EndReason reason, Instant now) {
        this.status = outcome;
        this.endReason = reason;
        Instant at = endsAt != null && endsAt.isBefore(now) ? endsAt : now;
        // "now" is read before the lock is taken: a call created while its ender waited for that
        // lock (the matchmaker committing a pair) must not end before it began.
        this.endedAt = at.isBefore(createdAt) ? createdAt : at;
    }
}
