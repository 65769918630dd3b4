/**
 * The pool: matching sessions, presence, next-match, and the matchmaker that pairs. Publishes PairsMade and LeftPool.
 */
@ApplicationModule(
        displayName = "Matching pool",
        allowedDependencies = {"runtime", "call", "longpoll", "rating", "safety", "shared", "user"})
@OwnedTables({"matching_sessions"})
package com.speedmatch.matching;

import com.speedmatch.shared.OwnedTables;
import org.springframework.modulith.ApplicationModule;
