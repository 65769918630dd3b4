/**
 * Personality ratings after a call, and the trait means the matchmaker weighs.
 */
@ApplicationModule(displayName = "Ratings", allowedDependencies = {"call", "shared", "user"})
package com.speedmatch.rating;

import org.springframework.modulith.ApplicationModule;
