/**
 * The matchmaker: the pure pairing algorithm ({@code internal}), its runner on a tick under a
 * transaction-scoped advisory lock, the writer of a pass's pairs, and "where I stand" by the same
 * rule. Reads the pool's sessions (a declared read model) and writes calls through the call
 * module. Publishes PairsMade.
 */
@ApplicationModule(
        displayName = "Matchmaker",
        allowedDependencies = {"runtime", "call", "news", "rating", "safety", "shared", "user"})
package com.speedmatch.matchmaker;

import org.springframework.modulith.ApplicationModule;
