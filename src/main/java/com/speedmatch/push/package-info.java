/**
 * Web Push (RFC 8030, payloads per RFC 8291 aes128gcm, VAPID per RFC 8292): a browser's
 * subscriptions, and the news pushed to users whose app is in the background. Handles PairsMade,
 * MatchCalling and MessageSent after commit; another channel (FCM, APNs) is one more
 * {@link com.speedmatch.push.PushChannel}.
 */
@ApplicationModule(
        displayName = "Push",
        allowedDependencies = {
            "auth",
            "runtime",
            "call",
            "limits",
            "longpoll",
            "match",
            "matchmaker",
            "pool",
            "shared",
            "user"
        })
@OwnedTables({"push_subscriptions"})
package com.speedmatch.push;

import com.speedmatch.shared.OwnedTables;
import org.springframework.modulith.ApplicationModule;
