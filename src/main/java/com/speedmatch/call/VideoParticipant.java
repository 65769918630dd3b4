package com.speedmatch.call;

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
class VideoParticipant {

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

    VideoParticipant(long videoSessionId, long userId) {
        this.videoSessionId = videoSessionId;
        this.userId = userId;
    }

    boolean hasJoined() {
        return joinedAt != null;
    }

    /** Joining twice keeps the first time. */
    void join(Instant now) {
        if (joinedAt == null) {
            joinedAt = now;
        }
    }

    void leave(Instant now) {
        if (leftAt == null) {
            leftAt = now;
        }
    }

    @lombok.EqualsAndHashCode
    @lombok.NoArgsConstructor
    @lombok.AllArgsConstructor
    static class Key implements Serializable {
        private long videoSessionId;
        private long userId;
    }
}
