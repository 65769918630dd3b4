/**
 * Profiles and account states; publishes what happens to an account (Restricted, Closed, Changed).
 */
@ApplicationModule(
        displayName = "Users",
        allowedDependencies = {"news", "shared"})
@OwnedTables({"users"})
package com.speedmatch.user;

import com.speedmatch.shared.OwnedTables;
import org.springframework.modulith.ApplicationModule;
