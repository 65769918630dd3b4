package com.speedmatch.signaling;

import com.speedmatch.shared.Invalid;
import com.speedmatch.signaling.internal.SignalService;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Collectors;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Sending a signal from outside HTTP (the feed's WebSocket): the frame's fields checked as the
 * send-signal request's are, then the same rules and limits ({@link SignalService#send}).
 */
@Component
@RequiredArgsConstructor
public class SignalRelay {

    private static final String TYPES =
            Arrays.stream(SignalType.values()).map(SignalType::code).collect(Collectors.joining(", "));

    private final SignalService signals;

    /** Sends {@code {session_id, signal_type, data}} for the user; the signal's seq. */
    public long send(long userId, JsonNode frame) {
        UUID sessionId = sessionId(frame.get("session_id"));
        SignalType type = type(frame.get("signal_type"));
        JsonNode data = frame.get("data");
        if (data == null || data.isNull() || data.isMissingNode()) {
            throw new Invalid("Invalid signal", "data: the signal's payload is required");
        }
        return signals.send(userId, new SignalViews.SendSignal(sessionId, type, data, null));
    }

    private static UUID sessionId(JsonNode node) {
        if (node == null || !node.isString()) {
            throw new Invalid("Invalid signal", "session_id: the call's session id is required");
        }
        try {
            return UUID.fromString(node.asString());
        } catch (IllegalArgumentException e) {
            throw new Invalid("Invalid signal", "session_id: not a session id");
        }
    }

    private static SignalType type(JsonNode node) {
        String code = node == null || !node.isString() ? null : node.asString();
        return Arrays.stream(SignalType.values())
                .filter(t -> t.code().equals(code))
                .findFirst()
                .orElseThrow(() -> new Invalid("Invalid signal", "signal_type: one of " + TYPES));
    }
}
