/**
 * Video calls: the matchmaker's calls written in batches, joins, ends, deadlines, the live date's timeline
 * (extending, pausing and healing) and quality reports. Publishes CallStarted, CallChanged, CallEnded and
 * MatchCalling; handles LeftPool. Shows the date module's icebreaker through {@code DatePrompts}.
 */
@ApplicationModule(
        displayName = "Calls",
        allowedDependencies = {"limits", "runtime", "news", "presence", "shared", "user"})
@OwnedTables({"video_sessions", "video_participants", "instant_call_sessions", "live_calls", "call_quality"})
package com.speedmatch.call;

import com.speedmatch.shared.OwnedTables;
import org.springframework.modulith.ApplicationModule;
