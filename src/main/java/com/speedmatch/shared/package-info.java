/**
 * The vocabulary every module shares: the domain's refusals (not found, conflict, refused, limited,
 * unavailable, ...), validation constraints, the current user, and the table-ownership markers.
 * Open: every type in it, sub-packages included, is for all. Runtime machinery lives in
 * {@code runtime}, the Redis scripts in {@code cluster}.
 */
@ApplicationModule(displayName = "Shared", type = ApplicationModule.Type.OPEN)
package com.speedmatch.shared;

import org.springframework.modulith.ApplicationModule;
