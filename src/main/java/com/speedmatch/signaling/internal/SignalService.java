package com.speedmatch.signaling.internal;

import com.speedmatch.call.CallEnded;
import com.speedmatch.call.CallQueries;
import com.speedmatch.call.CallViews;
import com.speedmatch.limits.LimitProperties;
import com.speedmatch.limits.RateLimits;
import com.speedmatch.shared.Conflict;
import com.speedmatch.shared.Limited;
import com.speedmatch.shared.TooLarge;
import com.speedmatch.signaling.SignalFeed;
import com.speedmatch.signaling.SignalQueued;
import com.speedmatch.signaling.SignalType;
import com.speedmatch.signaling.SignalViews;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import lombok.extern.slf4j.Slf4j;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;

/**
 * The WebRTC signaling relay. Only a participant of a call that is not over may send, and the
 * signal always goes to the other participant. Bounds: {@code data} at most
 * {@code signaling.max-signal-bytes} (413), at most {@code signaling.max-queue-length} waiting
 * per recipient (429); a refused signal leaves the queue as it was.
 */
@Slf4j
@Service
public class SignalService {

    private final CallQueries callQueries;
    private final SignalStore store;
    private final ApplicationEventPublisher events;
    private final SignalingProperties properties;
    private final TaskScheduler scheduler;
    private final Clock clock;
    private final MeterRegistry meters;
    private final RateLimits limits;
    private final RateLimits.Limit signalsPerUser;
    /** One counter per signal type, looked up once: registering per send was a map lookup on the hot path. */
    private final Map<SignalType, Counter> relayed = new EnumMap<>(SignalType.class);

    SignalService(
            CallQueries callQueries,
            SignalStore store,
            ApplicationEventPublisher events,
            SignalingProperties properties,
            TaskScheduler scheduler,
            Clock clock,
            MeterRegistry meters,
            RateLimits limits,
            LimitProperties limitProperties) {
        this.limits = limits;
        this.signalsPerUser =
                new RateLimits.Limit("signals-per-user", limitProperties.signalsPerSecond(), Duration.ofSeconds(1));
        this.callQueries = callQueries;
        this.store = store;
        this.events = events;
        this.properties = properties;
        this.scheduler = scheduler;
        this.clock = clock;
        this.meters = meters;
        for (SignalType type : SignalType.values()) {
            relayed.put(
                    type,
                    Counter.builder("speedmatch.signals.relayed")
                            .tag("type", type.code())
                            .register(meters));
        }
    }

    public long send(long userId, SignalViews.SendSignal request) {
        CallViews.Parties call = callQueries.parties(userId, request.sessionId());
        if (call.over()) {
            refused("over");
            throw new Conflict("Call is over", "Signals can only be sent during a call");
        }
        limits.consume(signalsPerUser, String.valueOf(userId), "Too many signals");
        String data = request.data().toString();
        int size = data.getBytes(StandardCharsets.UTF_8).length;
        if (size > properties.maxSignalBytes()) {
            refused("too_large");
            throw new TooLarge(
                    "Signal too large",
                    "Signal data is " + size + " bytes; at most " + properties.maxSignalBytes() + " are accepted");
        }
        long seq;
        try {
            seq = store.append(
                    call.videoSessionId(),
                    call.partnerId(),
                    request.type(),
                    data,
                    userId,
                    clock.instant(),
                    properties.maxQueueLength(),
                    properties.maxQueuedBytesPerUser().toBytes());
        } catch (SignalStore.QueueFull e) {
            refused(e.bytes() ? "bytes_full" : "queue_full");
            String detail = e.bytes()
                    ? "The other participant has "
                            + properties.maxQueuedBytesPerUser().toKilobytes() + " KiB of unread signals"
                    : "The other participant has " + properties.maxQueueLength() + " unread signals";
            throw new Limited("Too many signals waiting", detail + "; retry shortly", Duration.ofSeconds(1));
        }
        relayed.get(request.type()).increment();
        // Heard at once, on this thread, by the feed (no transaction here, nothing stored for it): its
        // event carries a reference; the signal stays in the queue until acknowledged (SignalFeed).
        events.publishEvent(new SignalQueued(
                call.partnerId(),
                new SignalFeed.SignalEvent(call.sessionId(), seq, request.type(), null, userId),
                SignalFeed.Ref.of(call.videoSessionId(), call.sessionId(), seq).toString()));
        return seq;
    }

    public SignalViews.Signals read(long userId, UUID sessionId, Long after) {
        CallViews.Member call = callQueries.member(userId, sessionId);
        return toView(store.read(call.videoSessionId(), userId, after));
    }

    /** For a parked read: the signals once there are any newer than {@code after}. */
    Optional<SignalViews.Signals> readIfAny(long userId, long videoSessionId, Long after) {
        if (store.depth(videoSessionId, userId) == 0) {
            return Optional.empty();
        }
        SignalViews.Signals signals = toView(store.read(videoSessionId, userId, after));
        return signals.signals().isEmpty() ? Optional.empty() : Optional.of(signals);
    }

    long videoSessionIdFor(long userId, UUID sessionId) {
        return callQueries.member(userId, sessionId).videoSessionId();
    }

    /** A call's queues outlive it briefly, so the last answer and ICE candidates still arrive. */
    @ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
    void callEnded(CallEnded ended) {
        // Scheduled on the wall clock: the retention is real time for a client to read its last signals.
        scheduler.schedule(
                () -> store.drop(ended.videoSessionId(), ended.userIds()),
                Instant.now().plus(properties.queueRetention()));
    }

    private void refused(String reason) {
        Counter.builder("speedmatch.signals.refused")
                .tag("reason", reason)
                .register(meters)
                .increment();
    }

    private static SignalViews.Signals toView(SignalStore.Batch batch) {
        return new SignalViews.Signals(
                batch.signals().stream()
                        .map(s ->
                                new SignalViews.SignalView(s.seq(), s.type(), s.data(), s.fromUserId(), s.createdAt()))
                        .toList(),
                batch.lastSeq());
    }
}
