/**
 * Video calls: the matchmaker's calls written in batches, joins, ends, deadlines and quality reports. Publishes Started, Ended, MatchCalling; handles LeftPool.
 */
@ApplicationModule(
        displayName = "Calls",
        allowedDependencies = {"runtime", "longpoll", "shared", "user"})
@OwnedTables({
    "video_sessions",
    "video_participants",
    "instant_call_sessions",
    "live_calls",
    "call_quality",
    "prompts",
    "call_prompts"
})
package com.speedmatch.call;

import com.speedmatch.shared.OwnedTables;
import org.springframework.modulith.ApplicationModule;
