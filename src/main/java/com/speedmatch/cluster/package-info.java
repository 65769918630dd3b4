/**
 * Cluster mode (Redis): this instance's id, the news relay between instances with a bounded listener executor, shared rate-limit buckets, readiness.
 */
@ApplicationModule(
        displayName = "Cluster",
        allowedDependencies = {"limits", "longpoll"})
package com.speedmatch.cluster;

import org.springframework.modulith.ApplicationModule;
