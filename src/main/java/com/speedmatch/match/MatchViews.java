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

    record MutualMatch(long matchId, String status, Instant createdAt, Partner user) {}

    record Partner(long userId, String name, int age, String bio, List<String> interests) {}

    public record MatchEntry(long matchId, String status, Instant createdAt, Partner user) {}

    public record MatchCall(UUID videoSessionId, long matchId, String message) {}
}
