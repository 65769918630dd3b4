/**
 * Cluster mode (Redis): this instance's id, shared rate-limit buckets, readiness.
 */
@ApplicationModule(
        displayName = "Cluster",
        allowedDependencies = {"limits"})
package com.speedmatch.cluster;

import org.springframework.modulith.ApplicationModule;
