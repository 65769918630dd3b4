package com.speedmatch.events;

import com.speedmatch.matching.MatchingService;
import com.speedmatch.platform.EventLog;
import com.speedmatch.signaling.SignalFeed;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * A user's one feed of news. The events come from the user's {@link EventLog}; a signal event is
 * filled in from its call's queue, where the signal stays until a cursor at or past the event
 * acknowledges it. A signal already taken through the polling endpoint is left out.
 */
@Service
@RequiredArgsConstructor
class EventFeed {

    private final EventLog log;
    private final SignalFeed signals;
    private final MatchingService matching;
    private final JsonMapper json;

    /** The events after {@code after}; without it only the cursor to start from. Counts as presence. */
    EventViews.Events read(long userId, Long after) {
        matching.seen(userId);
        return look(userId, after);
    }

    /** For a parked request: an answer once there are events to give or the cursor is too old. */
    Optional<EventViews.Events> readIfAny(long userId, long after) {
        EventViews.Events events = look(userId, after);
        return events.events().isEmpty() && !events.reset() ? Optional.empty() : Optional.of(events);
    }

    private EventViews.Events look(long userId, Long after) {
        EventLog.Page page = log.read(userId, after);
        acknowledgeSignals(userId, page.acknowledged());
        return new EventViews.Events(views(userId, page.events()), page.lastSeq(), page.reset());
    }

    private void acknowledgeSignals(long userId, List<EventLog.Entry> acknowledged) {
        acknowledged.stream().filter(e -> "signal".equals(e.type())).map(e -> SignalFeed.Ref.parse(e.ref()))
                .collect(Collectors.groupingBy(SignalFeed.Ref::videoSessionId,
                        Collectors.mapping(SignalFeed.Ref::seq, Collectors.toSet())))
                .forEach((videoSessionId, seqs) -> signals.acknowledge(videoSessionId, userId, seqs));
    }

    private List<EventViews.Event> views(long userId, List<EventLog.Entry> entries) {
        // One look per call at the signals still queued for the user.
        Map<Long, Map<Long, SignalFeed.SignalEvent>> queued = new HashMap<>();
        List<EventViews.Event> views = new ArrayList<>(entries.size());
        for (EventLog.Entry entry : entries) {
            if (!"signal".equals(entry.type())) {
                views.add(new EventViews.Event(entry.seq(), entry.type(), entry.at(), entry.data()));
                continue;
            }
            SignalFeed.Ref ref = SignalFeed.Ref.parse(entry.ref());
            SignalFeed.SignalEvent signal = queued.computeIfAbsent(ref.videoSessionId(),
                    id -> signals.waiting(id, ref.sessionId(), userId).stream()
                            .collect(Collectors.toMap(SignalFeed.SignalEvent::seq, Function.identity(), (a, b) -> a,
                                    LinkedHashMap::new)))
                    .get(ref.seq());
            if (signal != null) {
                views.add(new EventViews.Event(entry.seq(), entry.type(), entry.at(), json.writeValueAsString(signal)));
            }
        }
        return views;
    }
}
