/**
 * The feed over a WebSocket (GET /api/events/ws): an auth frame, the feed's events as they come, acks, signals, pings and re-auth, one socket counted as a parked request.
 */
@ApplicationModule(
        displayName = "Feed socket",
        allowedDependencies = {"auth", "feed", "longpoll", "news", "shared", "signaling", "web"})
package com.speedmatch.socket;

import org.springframework.modulith.ApplicationModule;
