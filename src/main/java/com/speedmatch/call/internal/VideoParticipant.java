package com.speedmatch.call.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import lombok.AccessLevel;
import lombok.Getter;
import lombok.NoArgsConstructor;

@Entity
@Table(name = "video_participants")
@IdClass(VideoParticipant.Key.class)
@Getter
@NoArgsConstructor(access = AccessLevel.PROTECTED)
public class VideoParticipant {

    @Id
    @Column(name = "video_session_id")
    private long videoSessionId;

    @Id
    @Column(name = "user_id")
    private long userId;

    @Column(name = "joined_at")
    private Instant joinedAt;

    @Column(name = "left_at")
    private Instant leftAt;

    /** Since when the participant's media connection is down (their client said so, or silence); null while fine. */
    @Column(name = "connection_lost_at")
    private Instant connectionLostAt;

    /** Whether the loss was the participant's silence (their return restores it) rather than their client's report. */
    @Column(name = "connection_lost_silent")
    private boolean connectionLostSilent;

    public VideoParticipant(long videoSessionId, long userId) {
        this.videoSessionId = videoSessionId;
        this.userId = userId;
    }

    public boolean hasJoined() {
        return joinedAt != null;
    }

    /** Joining twice keeps the first time. */
    public void join(Instant now) {
        if (joinedAt == null) {
            joinedAt = now;
        }
    }

    boolean isConnected() {
        return connectionLostAt == null;
    }

    /** Returns whether this changed anything; a client's report outranks a silence already recorded. */
    boolean loseConnection(Instant now, boolean silent) {
        if (connectionLostAt != null) {
            boolean changed = connectionLostSilent && !silent;
            connectionLostSilent &= silent;
            return changed;
        }
        connectionLostAt = now;
        connectionLostSilent = silent;
        return true;
    }

    boolean restoreConnection() {
        if (connectionLostAt == null) {
            return false;
        }
        connectionLostAt = null;
        connectionLostSilent = false;
        return true;
    }

    void leave(Instant now) {
        if (leftAt == null) {
            leftAt = now;
        }
    }

    @lombok.EqualsAndHashCode
    @lombok.NoArgsConstructor
    @lombok.AllArgsConstructor
    public static class Key implements Serializable {
        private long videoSessionId;
        private long userId;
    }
}
