package com.speedmatch.push;

import com.speedmatch.push.internal.PushSubscriptions;
import com.speedmatch.push.internal.WebPushChannel;

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

    Outcome send(PushSubscriptions.Subscription subscription, byte[] payload, int ttlSeconds);
}
