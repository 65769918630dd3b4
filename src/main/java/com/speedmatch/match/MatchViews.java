package com.speedmatch.match;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

public final class MatchViews {

    private MatchViews() {}

    /** {@code match_id} is the call_session_id of the call decided on (the guide's naming). */
    public record DecisionRequest(
            UUID sessionId,
            @NotNull @Positive Long matchId,
            @NotNull Decision decision) {}

    public record DecisionResult(String message, MutualMatch mutualMatch) {}

    public record MutualMatch(long matchId, String status, Instant createdAt, Partner user) {}

    public record Partner(long userId, String name, int age, String bio, List<String> interests) {}

    public record MatchEntry(long matchId, String status, Instant createdAt, Partner user) {}

    public record MatchCall(UUID videoSessionId, long matchId, String message) {}

    /**
     * One of the user's last dates, for a second look: {@code match_id} is its call_session_id (as
     * in continue-decision), {@code my_decision} null until decided, {@code can_change} whether a
     * next or a skip may still become continue.
     */
    public record RecentDate(
            long matchId,
            UUID videoSessionId,
            Instant datedAt,
            Partner user,
            String myDecision,
            boolean mutual,
            boolean canChange) {}

    /** A second look's decision: only {@code continue}. */
    public record SecondLookRequest(@NotNull Decision decision) {}

    /** The {@code matched} feed event: who, and the match to write to. */
    public record MatchedEvent(long matchId, Partner user) {}
}
