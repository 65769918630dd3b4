/**
 * Blocks, reports and the exclusions (skips and blocks) that keep two users apart.
 */
@ApplicationModule(
        displayName = "Safety",
        allowedDependencies = {"call", "shared"})
@OwnedTables({"exclusions", "reports"})
package com.speedmatch.safety;

import com.speedmatch.shared.OwnedTables;
import org.springframework.modulith.ApplicationModule;
