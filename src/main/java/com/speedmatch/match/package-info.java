/**
 * Decisions after a call, mutual matches and their video calls.
 */
@ApplicationModule(
        displayName = "Matches",
        allowedDependencies = {"call", "limits", "pool", "safety", "shared", "user"})
@OwnedTables({"matches", "call_decisions", "messages", "message_reads"})
package com.speedmatch.match;

import com.speedmatch.shared.OwnedTables;
import org.springframework.modulith.ApplicationModule;
