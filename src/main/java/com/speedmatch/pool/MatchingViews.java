package com.speedmatch.pool;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.speedmatch.matchmaker.QueuePosition.CompatibleNow;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Requests and answers of the continuous-matching endpoints, in the guide's shapes. */
public final class MatchingViews {

    private MatchingViews() {}

    public record StartRequest(
            @Min(18) @Max(120) Integer minAge,
            @Min(18) @Max(120) Integer maxAge,
            @Size(max = 20) List<@NotBlank @Size(max = 40) String> preferredInterests,
            @DecimalMin("0.0") @DecimalMax("1.0") Double personalityWeight,

            @io.swagger.v3.oas.annotations.media.Schema(
                    description = "Pair only with users whose email is verified " + "(default false)")
            Boolean verifiedOnly) {

        int minAgeOrDefault() {
            return minAge == null ? 18 : minAge;
        }

        int maxAgeOrDefault() {
            return maxAge == null ? 120 : maxAge;
        }

        @JsonIgnore
        @AssertTrue(message = "min_age must not be greater than max_age") public boolean isAgeRange() {
            return minAgeOrDefault() <= maxAgeOrDefault();
        }
    }

    public record SessionRequest(@NotNull UUID sessionId) {}

    public record SessionState(UUID sessionId, SessionStatus status, String message) {}

    public record Heartbeat(SessionStatus status, Instant lastActive) {}

    public record Session(
            UUID sessionId,
            SessionStatus status,
            int minAge,
            int maxAge,
            List<String> preferredInterests,
            double personalityWeight,
            Instant lastActive,
            Instant waitingSince,
            Instant createdAt,
            long exclusionCount,

            @io.swagger.v3.oas.annotations.media.Schema(
                    description = "People this user could be paired with now "
                            + "(waiting) or when their date ends (in_calls), by the matchmaker's own rules")
            CompatibleNow compatibleNow,

            @io.swagger.v3.oas.annotations.media.Schema(
                    description = "Seconds until a pairing, from the recent waits of "
                            + "users like this one; null when unknown")
            Long estimatedWaitSeconds) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NextMatch(boolean matchFound, String message, MatchData matchData) {

        public static NextMatch none(String message) {
            return new NextMatch(false, message, null);
        }
    }

    public record MatchData(
            long callSessionId,
            UUID videoSessionId,
            long userId,
            String userName,
            int userAge,
            String userBio,
            List<String> userInterests,
            double compatibilityScore,
            boolean isActualMatch,

            @io.swagger.v3.oas.annotations.media.Schema(description = "Whether the partner's email is verified")
            boolean verified) {}

    /** What a client needs to resume after a reload: its open session and live call, if any. */
    public record PoolStats(long waitingNow, long inCallsNow, Double medianWaitSeconds) {}

    public record Current(
            Session matchingSession,
            LiveCallView liveCall,

            @io.swagger.v3.oas.annotations.media.Schema(
                    description = "As in matching_session; null without an open session")
            CompatibleNow compatibleNow,

            @io.swagger.v3.oas.annotations.media.Schema(description = "As in matching_session; null when unknown")
            Long estimatedWaitSeconds) {}

    public record LiveCallView(UUID videoSessionId, Long callSessionId, Long matchId, long partnerId, String status) {}
}
