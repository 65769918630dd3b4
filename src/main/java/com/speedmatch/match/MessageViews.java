package com.speedmatch.match;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the messages of a match look like, to clients and to the feed. */
public final class MessageViews {

    private MessageViews() {}

    public record Message(
            long id,
            long matchId,
            long fromUserId,
            String text,
            Instant sentAt,

            @Schema(description = "The sender's own id for this message, if it gave one")
            String clientId) {}

    public record Page(
            List<Message> messages,

            @Schema(description = "How far each user of the match has read: user id -> message id")
            Map<Long, Long> readUpTo) {}

    public record Send(
            @NotNull @Size(min = 1, max = 2000) @Schema(description = "1-2000 characters")
            String text,

            @Size(max = 64) @Schema(description = "An id of the client's choosing: sending it again stores one message")
            String clientId) {}

    public record Read(
            @NotNull @Positive @Schema(description = "The newest message id read")
            Long upTo) {}

    /** A {@code read} event: {@code userId} has read the match's messages up to {@code upTo}. */
    public record ReadEvent(long matchId, long userId, long upTo) {}

    /** An {@code unmatched} event: the match is gone. */
    public record UnmatchedEvent(long matchId, long byUserId) {}
}
