/**
 * Each user's one feed of news (GET /api/events), in memory or in Redis. Turns the other modules' events into feed entries after commit.
 */
@ApplicationModule(
        displayName = "Feed",
        allowedDependencies = {
            "cluster",
            "call",
            "date",
            "longpoll",
            "match",
            "matchmaker",
            "news",
            "pool",
            "shared",
            "signaling",
            "user"
        })
package com.speedmatch.feed;

import org.springframework.modulith.ApplicationModule;
