/**
 * The pool: matching sessions (start, pause, resume, end), next-match and the heartbeat answered
 * from memory, where I stand, and presence. Asks the matchmaker for a pass when someone enters.
 * Publishes LeftPool (declared in call, which cancels the user's matchmaker call).
 */
@ApplicationModule(
        displayName = "Pool",
        allowedDependencies = {
            "runtime",
            "call",
            "longpoll",
            "matchmaker",
            "news",
            "presence",
            "safety",
            "shared",
            "user"
        })
@OwnedTables({"matching_sessions"})
package com.speedmatch.pool;

import com.speedmatch.shared.OwnedTables;
import org.springframework.modulith.ApplicationModule;
