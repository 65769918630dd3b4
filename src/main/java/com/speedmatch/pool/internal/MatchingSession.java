package com.speedmatch.pool.internal;

import com.speedmatch.pool.SessionStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import lombok.AccessLevel;
import lombok.Getter;
import lombok.NoArgsConstructor;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A user's presence in the pool (the guide's MatchingSession), with the preferences of that stay. */
@Entity
@Table(name = "matching_sessions")
@Getter
@NoArgsConstructor(access = AccessLevel.PROTECTED)
public class MatchingSession {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "session_id")
    private UUID sessionId;

    @Column(name = "user_id")
    private long userId;

    private SessionStatus status;

    @Column(name = "min_age")
    private int minAge;

    @Column(name = "max_age")
    private int maxAge;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "preferred_interests", columnDefinition = "text[]")
    private List<String> preferredInterests = new ArrayList<>();

    @Column(name = "personality_weight")
    private double personalityWeight;

    /** Pair only with users whose email is verified. */
    @Column(name = "verified_only")
    private boolean verifiedOnly;

    /** Since when the user waits for a partner: start, resume, or the end of the last call. */
    @Column(name = "waiting_since")
    private Instant waitingSince;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "ended_at")
    private Instant endedAt;

    public MatchingSession(
            long userId,
            int minAge,
            int maxAge,
            List<String> preferredInterests,
            double personalityWeight,
            boolean verifiedOnly,
            Instant now) {
        this.verifiedOnly = verifiedOnly;
        this.sessionId = UUID.randomUUID();
        this.userId = userId;
        this.status = SessionStatus.ACTIVE;
        this.minAge = minAge;
        this.maxAge = maxAge;
        this.preferredInterests = new ArrayList<>(preferredInterests);
        this.personalityWeight = personalityWeight;
        this.waitingSince = now;
        this.createdAt = now;
    }

    public boolean isActive() {
        return status == SessionStatus.ACTIVE;
    }

    public void pause() {
        if (status == SessionStatus.ACTIVE) {
            status = SessionStatus.PAUSED;
        }
    }

    public void resume(Instant now) {
        if (status == SessionStatus.PAUSED) {
            status = SessionStatus.ACTIVE;
            waitingSince = now;
        }
    }

    public void end(Instant now) {
        if (status != SessionStatus.ENDED) {
            status = SessionStatus.ENDED;
            endedAt = now;
        }
    }
}
