package com.speedmatch.push;

/**
 * One way of reaching a device in the background. Web Push is {@link WebPushChannel}; FCM or APNs
 * would be one more implementation, picked by the subscription's kind.
 */
interface PushChannel {

    /** What the push service answered, as far as the sender cares. */
    enum Outcome {
        DELIVERED,
        GONE,
        RETRY,
        FAILED
    }

    Outcome send(PushSubscriptions.Subscription subscription, byte[] payload, int ttlSeconds);
}
