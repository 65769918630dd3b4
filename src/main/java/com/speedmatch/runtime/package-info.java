/**
 * The instance's runtime machinery: the clock, the scheduler, background loops, per-instance poll
 * memory, after-commit hooks, the claimed redelivery of failed event publications, and the
 * once-only guard that keeps a redelivered mail or push from going out twice.
 */
@ApplicationModule(
        displayName = "Runtime",
        allowedDependencies = {"shared"})
@OwnedTables({"event_publication", "deliveries"})
package com.speedmatch.runtime;

import com.speedmatch.shared.OwnedTables;
import org.springframework.modulith.ApplicationModule;
