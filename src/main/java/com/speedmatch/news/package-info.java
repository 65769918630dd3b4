/**
 * The instance's bus of typed news ({@link com.speedmatch.news.News}): what one part of the
 * instance tells the others that are listening, and, in cluster mode, every other instance
 * through Redis. Best effort by design: every listener re-reads what the news is about.
 */
@ApplicationModule(
        displayName = "News",
        allowedDependencies = {"cluster"})
package com.speedmatch.news;

import org.springframework.modulith.ApplicationModule;
