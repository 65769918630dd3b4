/**
 * Personality ratings after a call, and the trait means the matchmaker weighs.
 */
@ApplicationModule(
        displayName = "Ratings",
        allowedDependencies = {"call", "shared", "user"})
@OwnedTables({"personality_ratings"})
package com.speedmatch.rating;

import com.speedmatch.shared.OwnedTables;
import org.springframework.modulith.ApplicationModule;
