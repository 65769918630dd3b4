package com.speedmatch.call;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the call feature answers, to its controller and to other features. */
public final class CallViews {

    private CallViews() {
    }

    public record Participant(long userId, String name, boolean joined) {
    }

    public record Call(UUID sessionId, CallStatus status, int duration, Instant startedAt, Instant endsAt,
            long remainingSeconds, String role, Long callSessionId, Long matchId, List<Participant> participants,
            EndReason endReason) {
    }

    public record Join(boolean timerStarted, String message, Instant startedAt, Instant endsAt) {
    }

    /** The waiting or active call the matchmaker made for a user: what next-match reports. */
    public record LiveInstantCall(long callSessionId, UUID videoSessionId, long partnerId, double compatibilityScore,
            CallStatus status) {
    }

    /** A pairing to write: the two users, their score, and since when each had waited. */
    public record NewInstantCall(long userA, long userB, double score, Instant waitingSinceA, Instant waitingSinceB) {
    }

    /** A live call of any kind, for resuming after a reload. */
    public record LiveCall(UUID videoSessionId, Long callSessionId, Long matchId, long partnerId, CallStatus status) {
    }

    /** The two ends of a call, without its state: what reading signals needs. */
    public record Member(long videoSessionId, UUID sessionId, long userId, long partnerId) {
    }

    /** The two ends of a call, for the signaling relay. */
    public record Parties(long videoSessionId, UUID sessionId, long userId, long partnerId, boolean over) {
    }

    /** A pairing as the decision endpoint needs it. */
    public record InstantCall(long id, UUID videoSessionId, long user1Id, long user2Id, CallStatus status) {

        public long partnerOf(long userId) {
            return user1Id == userId ? user2Id : user1Id;
        }
    }

    /** A call that ran, for a rating. */
    public record RatableCall(long videoSessionId, long raterId, long ratedId) {
    }

    /** A {@code call} event of a user's feed: every status change of a call they are in. */
    public record CallEvent(UUID sessionId, CallStatus status, Instant startedAt, Instant endsAt, EndReason endReason) {

        static CallEvent of(VideoSession video) {
            return new CallEvent(video.getSessionId(), video.getStatus(), video.getStartedAt(), video.getEndsAt(),
                    video.getEndReason());
        }
    }

    /** A {@code match_call} event: a match is calling. */
    public record MatchCallEvent(UUID sessionId, long matchId, long fromUserId) {
    }

    /**
     * Published inside the transaction that ends a call: the pool hears it there (its users wait
     * again), the feed and the signaling relay after commit, from the event publication registry.
     */
    public record Ended(UUID sessionId, long videoSessionId, List<Long> userIds, CallStatus outcome, EndReason reason,
            Instant at, CallEvent call) {
    }

    /** Published when both have joined and the timer runs; the feed tells both after commit. */
    public record Started(UUID sessionId, List<Long> userIds, CallEvent call, Instant at) {
    }

    /** Published when a match calls: the partner's feed hears {@code match_call} after commit. */
    public record MatchCalling(long callerId, long partnerId, MatchCallEvent call, Instant at) {
    }

    /**
     * Published by the pool when a user left it (paused or ended the session): once committed, the
     * call module cancels the user's matchmaker call made at or before {@code madeBy}, a call the
     * matchmaker made between the user's first look and their lock on the session.
     */
    public record LeftPool(long userId, boolean includingActiveCall, Instant madeBy) {
    }

}
