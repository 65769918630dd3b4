/**
 * What every module shares: the domain's refusals (not found, conflict, refused, limited,
 * unavailable, ...), constraints, the clock, background loops and the redelivery of events. Open:
 * every type in it, sub-packages included, is for all.
 */
@ApplicationModule(displayName = "Shared", type = ApplicationModule.Type.OPEN)
@OwnedTables({"event_publication"})
package com.speedmatch.shared;

import org.springframework.modulith.ApplicationModule;
