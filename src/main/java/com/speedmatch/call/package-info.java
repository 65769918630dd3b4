/**
 * Video calls: the matchmaker's calls written in batches, joins, ends, deadlines and quality reports. Publishes Started, Ended, MatchCalling; handles LeftPool.
 */
@ApplicationModule(displayName = "Calls", allowedDependencies = {"shared", "user"})
package com.speedmatch.call;

import org.springframework.modulith.ApplicationModule;
