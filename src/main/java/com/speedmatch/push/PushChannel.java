package com.speedmatch.push;

import com.speedmatch.push.internal.PushSubscriptions;
import com.speedmatch.push.internal.WebPushChannel;
import java.util.concurrent.CompletableFuture;

/**
 * One way of reaching a device in the background. Web Push is {@link WebPushChannel}; FCM or APNs
 * would be one more implementation, picked by the subscription's kind.
 */
public interface PushChannel {

    /** What the push service answered, as far as the sender cares. */
    enum Outcome {
        DELIVERED,
        GONE,
        RETRY,
        FAILED
    }

    /**
     * Sends without holding the caller's thread: the answer completes the future, and a send
     * that outlives the channel's deadline completes it with {@link Outcome#RETRY}.
     */
    CompletableFuture<Outcome> send(PushSubscriptions.Subscription subscription, byte[] payload, int ttlSeconds);
}
