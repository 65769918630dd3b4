package com.speedmatch.signaling;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.speedmatch.shared.validation.PresentJson;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

public final class SignalViews {

    private SignalViews() {}

    /** {@code target_user_id} is accepted for the guide's clients and ignored: the server knows the other side. */
    public record SendSignal(
            @NotNull UUID sessionId,
            @NotNull SignalType type,
            @PresentJson JsonNode data,
            Long targetUserId) {}

    public record Sent(long seq) {}

    public record SignalView(
            long seq, SignalType type, @JsonRawValue String data, long fromUserId, Instant createdAt) {}

    public record Signals(List<SignalView> signals, long lastSeq) {}

    @com.fasterxml.jackson.annotation.JsonInclude(JsonInclude.Include.NON_NULL)
    public record IceServer(Object urls, String username, String credential) {}

    public record IceServers(List<IceServer> iceServers, long ttlSeconds) {}
}
