/**
 * Blocks, reports and the exclusions (skips and blocks) that keep two users apart.
 */
@ApplicationModule(displayName = "Safety", allowedDependencies = {"call", "shared"})
package com.speedmatch.safety;

import org.springframework.modulith.ApplicationModule;
