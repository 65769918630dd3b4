/**
 * Decisions after a call, mutual matches and their video calls.
 */
@ApplicationModule(displayName = "Matches", allowedDependencies = {"call", "limits", "matching", "safety", "shared", "user"})
package com.speedmatch.match;

import org.springframework.modulith.ApplicationModule;
