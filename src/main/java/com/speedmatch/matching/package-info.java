/**
 * The pool: matching sessions, presence, next-match, and the matchmaker that pairs. Publishes PairsMade and LeftPool.
 */
@ApplicationModule(displayName = "Matching pool", allowedDependencies = {"call", "longpoll", "rating", "safety", "shared", "user"})
package com.speedmatch.matching;

import org.springframework.modulith.ApplicationModule;
