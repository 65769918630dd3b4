package com.speedmatch.moderation;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

public final class ModerationViews {

    private ModerationViews() {}

    public enum Action {
        @JsonProperty("dismiss")
        DISMISS,
        @JsonProperty("warn")
        WARN,
        @JsonProperty("suspend")
        SUSPEND,
        @JsonProperty("ban")
        BAN
    }

    public record Person(
            long userId,
            String name,
            int age,
            String bio,
            List<String> interests,

            @Schema(description = "Reports ever filed against this person, this one included")
            long reportsAgainst) {}

    public record Call(UUID videoSessionId, Instant startedAt, Integer seconds) {}

    public record QueuedReport(
            long id,
            String reason,
            String details,
            Instant createdAt,
            Person reporter,
            Person reported,

            @Schema(description = "The call the report is about, when the reporter named one")
            Call call,

            @Schema(description = "The message the report cites, as it was sent")
            String message) {}

    public record Queue(List<QueuedReport> reports, int page, int size, long open) {}

    public record Resolution(
            @NotNull Action action,

            @Schema(description = "For suspend: how many days (1-3650)") @Min(1) @Max(3650) Integer days,

            @Schema(description = "Why; for warn, the text the user is shown") @Size(max = 2000) String note) {}

    public record Resolved(long reportId, String action, long subjectId, Instant suspendedUntil) {}

    public record Role(boolean moderator) {}

    public record Lift(@Size(max = 2000) String note) {}
}
