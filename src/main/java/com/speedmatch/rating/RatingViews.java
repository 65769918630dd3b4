package com.speedmatch.rating;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.UUID;

public final class RatingViews {

    private RatingViews() {}

    /** Big Five traits of the other participant, each 1 to 5. */
    public record RatingRequest(
            @NotNull UUID videoSessionId,
            @NotNull @Min(1) @Max(5) Integer openness,
            @NotNull @Min(1) @Max(5) Integer conscientiousness,
            @NotNull @Min(1) @Max(5) Integer extraversion,
            @NotNull @Min(1) @Max(5) Integer agreeableness,
            @NotNull @Min(1) @Max(5) Integer neuroticism) {}

    public record Rated(long ratingId, long ratedUserId) {}

    public record Personality(
            Double openness,
            Double conscientiousness,
            Double extraversion,
            Double agreeableness,
            Double neuroticism,
            long ratingCount) {}
}
