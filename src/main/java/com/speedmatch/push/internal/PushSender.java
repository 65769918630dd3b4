package com.speedmatch.push.internal;

import com.speedmatch.call.MatchCalling;
import com.speedmatch.limits.RateLimits;
import com.speedmatch.longpoll.Parking;
import com.speedmatch.match.Matched;
import com.speedmatch.match.MessageSent;
import com.speedmatch.matchmaker.PairsMade;
import com.speedmatch.push.PushChannel;
import com.speedmatch.runtime.Deliveries;
import com.speedmatch.shared.Limited;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import lombok.extern.slf4j.Slf4j;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import tools.jackson.databind.ObjectMapper;

/**
 * Pushes {@code match_found}, {@code match_call} and {@code message} (as JSON {@code {type, data}})
 * to the subscriptions of a user who has no feed request parked on this instance: an app in the
 * background. The listeners run after commit on the event executor, in no transaction, and only put
 * the pushes in the {@link PushLane}: no listener ever waits on a push service. A 404 or 410
 * deletes the subscription; a 429, a 5xx, a timeout or a network failure is tried again, up to
 * {@code push.max-attempts}, after {@code push.first-retry}, doubling; a user gets at most
 * {@code push.per-user-per-minute} pushes.
 */
@Slf4j
@Component
class PushSender implements DisposableBean {

    static final int TTL_LIVE = 60;
    static final int TTL_MESSAGE = 3_600;

    private final PushSubscriptions subscriptions;
    private final PushChannel channel;
    private final Parking parking;
    private final RateLimits limits;
    private final RateLimits.Limit perUser;
    private final ObjectMapper json;
    private final PushProperties properties;
    private final Deliveries deliveries;
    private final Counter sent;
    private final Counter gone;
    private final Counter failed;
    private final PushLane lane;

    PushSender(
            PushSubscriptions subscriptions,
            PushChannel channel,
            Parking parking,
            RateLimits limits,
            ObjectMapper json,
            PushProperties properties,
            Deliveries deliveries,
            Clock clock,
            MeterRegistry meters) {
        this.deliveries = deliveries;
        this.subscriptions = subscriptions;
        this.channel = channel;
        this.parking = parking;
        this.limits = limits;
        this.perUser = new RateLimits.Limit("pushes-per-user", properties.perUserPerMinute(), Duration.ofMinutes(1));
        this.json = json;
        this.properties = properties;
        this.sent = Counter.builder("speedmatch.push.sent")
                .tag("outcome", "delivered")
                .register(meters);
        this.gone =
                Counter.builder("speedmatch.push.sent").tag("outcome", "gone").register(meters);
        this.failed =
                Counter.builder("speedmatch.push.sent").tag("outcome", "failed").register(meters);
        this.lane = new PushLane(channel, properties.lane(), clock, meters, this::settle);
    }

    @ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
    void on(PairsMade made) {
        for (PairsMade.Pairing p : made.pairings()) {
            push(
                    p.userA(),
                    "match_found",
                    Map.of("call_session_id", p.callSessionId(), "video_session_id", p.videoSessionId()),
                    TTL_LIVE);
            push(
                    p.userB(),
                    "match_found",
                    Map.of("call_session_id", p.callSessionId(), "video_session_id", p.videoSessionId()),
                    TTL_LIVE);
        }
    }

    @ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
    void on(MatchCalling calling) {
        push(calling.partnerId(), "match_call", calling.call(), TTL_LIVE);
    }

    @ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
    void on(Matched matched) {
        push(matched.toUserId(), "matched", matched.matched(), TTL_MESSAGE);
    }

    @ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
    void on(MessageSent message) {
        push(message.toUserId(), "message", message.message(), TTL_MESSAGE);
    }

    private void push(long userId, String type, Object data, int ttl) {
        if (parking.isParked(userId)) {
            return; // the app is open: the feed tells it
        }
        var targets = subscriptions.of(userId);
        if (targets.isEmpty()) {
            return;
        }
        // Once per event and user: a redelivered publication (another instance, a restart) pushes nothing new.
        String identity = userId + "|" + type + "|"
                + json.writeValueAsString(data instanceof Map<?, ?> map ? new TreeMap<>(map) : data);
        deliveries.once("push", identity, () -> {
            try {
                limits.consume(perUser, String.valueOf(userId), "Too many pushes");
            } catch (Limited e) {
                log.debug("Push of {} to user {} dropped: over the per-user bound", type, userId);
                return;
            }
            byte[] payload = json.writeValueAsBytes(Map.of("type", type, "data", data));
            for (PushSubscriptions.Subscription subscription : targets) {
                lane.submit(new PushLane.Job(subscription, payload, ttl, 1));
            }
        });
    }

    /** What the push service answered, on the lane's answer thread. */
    private void settle(PushLane.Job job, PushChannel.Outcome outcome) {
        switch (outcome) {
            case DELIVERED -> {
                sent.increment();
                subscriptions.delivered(job.subscription().id());
            }
            case GONE -> {
                gone.increment();
                subscriptions.forget(job.subscription().id());
            }
            case RETRY -> {
                if (job.attempt() < properties.maxAttempts()) {
                    Duration delay = properties.firstRetry().multipliedBy(1L << (job.attempt() - 1));
                    lane.submitLater(
                            new PushLane.Job(job.subscription(), job.payload(), job.ttlSeconds(), job.attempt() + 1),
                            delay);
                } else {
                    failed.increment();
                }
            }
            case FAILED -> failed.increment();
        }
    }

    @Override
    public void destroy() {
        lane.destroy();
    }
}
