package com.speedmatch.call;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.speedmatch.call.internal.VideoParticipant;
import com.speedmatch.call.internal.VideoSession;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the call feature answers, to its controller and to other features. */
public final class CallViews {

    private CallViews() {}

    public record Participant(long userId, String name, boolean joined) {}

    public record Call(
            UUID sessionId,
            CallStatus status,
            int duration,
            Instant startedAt,
            Instant endsAt,
            long remainingSeconds,
            String role,
            Long callSessionId,
            Long matchId,
            List<Participant> participants,
            EndReason endReason,

            @Schema(
                    description = "Where the date stands: connecting (not both joined), talking, closing (the last "
                            + "30 s), paused (a connection is down; the timer stands still), over")
            Phase phase,

            Extension extension,

            @Schema(description = "The icebreaker both see now, null before the call starts")
            Prompt prompt,

            @Schema(description = "Each participant's media connection")
            List<Connection> connections) {}

    /** Where a date stands, for the countdown a client shows. */
    public enum Phase {
        @JsonProperty("connecting")
        CONNECTING,
        @JsonProperty("talking")
        TALKING,
        @JsonProperty("closing")
        CLOSING,
        @JsonProperty("paused")
        PAUSED,
        @JsonProperty("over")
        OVER;

        public static Phase of(
                CallStatus effectiveStatus, Instant pausedSince, Instant endsAt, Instant now, Duration closing) {
            return switch (effectiveStatus) {
                case WAITING -> CONNECTING;
                case ACTIVE ->
                    pausedSince != null
                            ? PAUSED
                            : Duration.between(now, endsAt).compareTo(closing) <= 0 ? CLOSING : TALKING;
                default -> OVER;
            };
        }
    }

    /** Extending together: who asked for the next extension, how many were granted, how many are left, and their length. */
    public record Extension(
            @Schema(description = "Who asked for more time since the last extension")
            List<Long> requestedBy,

            @Schema(description = "Extensions granted so far")
            int granted,

            @Schema(description = "Extensions still possible")
            int remaining,

            @Schema(description = "Seconds one extension adds")
            long seconds) {}

    /** An icebreaker shown to both participants. */
    public record Prompt(long id, String text, String theme, Instant shownAt) {}

    /** A participant's media connection: {@code ok}, or {@code lost} (the call pauses). */
    public record Connection(long userId, String state) {

        public static Connection of(long userId, Instant lostAt) {
            return new Connection(userId, lostAt == null ? "ok" : "lost");
        }
    }

    /** The answer of a request to extend. */
    public record ExtendAnswer(
            @Schema(description = "Who asked for the next extension (empty once it was granted)")
            List<Long> requestedBy,

            @Schema(description = "Whether this request completed an extension: both asked, the call now ends later")
            boolean granted,

            Instant endsAt) {}

    public record Join(boolean timerStarted, String message, Instant startedAt, Instant endsAt) {}

    /** The waiting or active call the matchmaker made for a user: what next-match reports. */
    public record LiveInstantCall(
            long callSessionId, UUID videoSessionId, long partnerId, double compatibilityScore, CallStatus status) {}

    /** A pairing to write: the two users, their score, and since when each had waited. */
    public record NewInstantCall(long userA, long userB, double score, Instant waitingSinceA, Instant waitingSinceB) {}

    /** A live call of any kind, for resuming after a reload. */
    public record LiveCall(UUID videoSessionId, Long callSessionId, Long matchId, long partnerId, CallStatus status) {}

    /** The two ends of a call, without its state: what reading signals needs. */
    public record Member(long videoSessionId, UUID sessionId, long userId, long partnerId) {}

    /** The two ends of a call, for the signaling relay. */
    public record Parties(long videoSessionId, UUID sessionId, long userId, long partnerId, boolean over) {}

    /** A pairing as the decision endpoint needs it. */
    public record InstantCall(long id, UUID videoSessionId, long user1Id, long user2Id, CallStatus status) {

        public long partnerOf(long userId) {
            return user1Id == userId ? user2Id : user1Id;
        }
    }

    /** A call that ran, for a rating. */
    public record RatableCall(long videoSessionId, long raterId, long ratedId) {}

    /**
     * A {@code call} event of a user's feed: every status change of a call they are in, and every
     * change of its timeline (an extension, a pause, a resume).
     */
    public record CallEvent(
            UUID sessionId,
            CallStatus status,
            Instant startedAt,
            Instant endsAt,
            EndReason endReason,
            Phase phase,
            List<Long> extendRequestedBy,
            int extensions,
            List<Connection> connections) {

        public static CallEvent of(VideoSession video, List<VideoParticipant> people, Instant now, Duration closing) {
            return new CallEvent(
                    video.getSessionId(),
                    video.getStatus(),
                    video.getStartedAt(),
                    video.getEndsAt(),
                    video.getEndReason(),
                    Phase.of(video.effectiveStatus(now), video.getPausedSince(), video.getEndsAt(), now, closing),
                    List.copyOf(video.getExtendRequestedBy()),
                    video.getExtensions(),
                    people.stream()
                            .map(p -> Connection.of(p.getUserId(), p.getConnectionLostAt()))
                            .toList());
        }
    }

    /** A {@code prompt} event: the icebreaker both participants see from now. */
    public record PromptEvent(UUID sessionId, long promptId, String text, String theme, int slot) {}

    /** A {@code match_call} event: a match is calling. */
    public record MatchCallEvent(UUID sessionId, long matchId, long fromUserId) {}
}
