/**
 * Token buckets (bucket4j) for every rate limit, in memory or in shared buckets that the cluster module provides.
 */
@ApplicationModule(
        displayName = "Limits",
        allowedDependencies = {"shared"})
package com.speedmatch.limits;

import org.springframework.modulith.ApplicationModule;
