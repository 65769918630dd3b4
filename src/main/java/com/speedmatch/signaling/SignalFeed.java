package com.speedmatch.signaling;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.speedmatch.signaling.internal.SignalStore;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Signals as a user's feed ({@code GET /api/events}) carries them. A signal event holds only a
 * reference; the signal itself stays in its call's queue, under the queue's bounds, until the
 * feed's cursor acknowledges the event, so a dropped response loses nothing and the feed holds no
 * second copy of anyone's data.
 */
@Component
@RequiredArgsConstructor
public class SignalFeed {

    public static final String TYPE = "signal";

    /** A signal event's {@code data}. */
    public record SignalEvent(
            UUID sessionId,
            long seq,
            SignalType type,
            @JsonRawValue String data,
            long fromUserId) {}

    /** What a signal event refers to: the call (its internal id and its session id) and the signal's seq. */
    public record Ref(long videoSessionId, UUID sessionId, long seq) {

        public static Ref of(long videoSessionId, UUID sessionId, long seq) {
            return new Ref(videoSessionId, sessionId, seq);
        }

        static Ref parse(String text) {
            String[] part = text.split(":", 3);
            return new Ref(Long.parseLong(part[0]), UUID.fromString(part[2]), Long.parseLong(part[1]));
        }

        @Override
        public String toString() {
            return videoSessionId + ":" + seq + ":" + sessionId;
        }
    }

    private final SignalStore store;
    private final JsonMapper json;

    /**
     * The JSON of each referenced signal still queued for the user, by reference; one look per call.
     * A signal already taken through the polling endpoint is left out.
     */
    public Map<String, String> resolve(long userId, Collection<String> refs) {
        Map<String, String> data = new HashMap<>();
        refs.stream()
                .map(Ref::parse)
                .collect(Collectors.groupingBy(ref -> ref.videoSessionId()))
                .forEach((id, wanted) -> {
                    Set<Long> seqs = wanted.stream().map(Ref::seq).collect(Collectors.toSet());
                    UUID sessionId = wanted.get(0).sessionId();
                    waiting(id, sessionId, userId).stream()
                            .filter(s -> seqs.contains(s.seq()))
                            .forEach(s ->
                                    data.put(Ref.of(id, sessionId, s.seq()).toString(), json.writeValueAsString(s)));
                });
        return data;
    }

    /** The user's feed cursor passed these signal events: the signals may go. */
    public void acknowledge(long userId, Collection<String> refs) {
        refs.stream()
                .map(Ref::parse)
                .collect(Collectors.groupingBy(Ref::videoSessionId, Collectors.mapping(Ref::seq, Collectors.toSet())))
                .forEach((videoSessionId, seqs) -> store.acknowledge(videoSessionId, userId, seqs));
    }

    /** The call's signals still waiting for the user, as events, by seq. */
    List<SignalEvent> waiting(long videoSessionId, UUID sessionId, long userId) {
        return store.peek(videoSessionId, userId).stream()
                .map(s -> new SignalEvent(sessionId, s.seq(), s.type(), s.data(), s.fromUserId()))
                .toList();
    }
}
