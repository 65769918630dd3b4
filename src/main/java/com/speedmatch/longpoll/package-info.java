/**
 * Parked requests (DeferredResult) per user, woken by news on this instance and, through a relay, on the others.
 */
@ApplicationModule(
        displayName = "Long-poll",
        allowedDependencies = {"limits", "news"})
package com.speedmatch.longpoll;

import org.springframework.modulith.ApplicationModule;
