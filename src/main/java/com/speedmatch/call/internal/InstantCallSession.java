package com.speedmatch.call.internal;

import com.speedmatch.call.CallStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import lombok.AccessLevel;
import lombok.Getter;
import lombok.NoArgsConstructor;

/** A pairing made by the matchmaker: user1 is always the lower id (the guide's ordering). */
@Entity
@Table(name = "instant_call_sessions")
@Getter
@NoArgsConstructor(access = AccessLevel.PROTECTED)
public class InstantCallSession {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "session_id")
    private UUID sessionId;

    @Column(name = "user1_id")
    private long user1Id;

    @Column(name = "user2_id")
    private long user2Id;

    private CallStatus status;

    @Column(name = "call_completed")
    private boolean callCompleted;

    @Column(name = "compatibility_score")
    private double compatibilityScore;

    @Column(name = "created_at")
    private Instant createdAt;

    /** How long each had waited in the pool when paired: the pool's median wait. */
    @Column(name = "user1_waited_ms")
    private Long user1WaitedMs;

    @Column(name = "user2_waited_ms")
    private Long user2WaitedMs;

    public boolean involves(long userId) {
        return user1Id == userId || user2Id == userId;
    }

    public long partnerOf(long userId) {
        return user1Id == userId ? user2Id : user1Id;
    }

    public void start() {
        if (status == CallStatus.WAITING) {
            status = CallStatus.ACTIVE;
        }
    }

    /** The call ended; a skip that came first keeps its {@code passed}. */
    void finish(CallStatus outcome, boolean ranToTheEnd) {
        if (status.isLive()) {
            status = outcome;
        }
        if (ranToTheEnd) {
            callCompleted = true;
        }
    }

    public void pass() {
        this.status = CallStatus.PASSED;
    }
}
