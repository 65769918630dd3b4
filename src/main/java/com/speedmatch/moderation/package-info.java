/**
 * The moderators' queue of reports and their resolutions.
 */
@ApplicationModule(
        displayName = "Moderation",
        allowedDependencies = {"safety", "shared", "user"})
@OwnedTables({"moderation_actions"})
package com.speedmatch.moderation;

import com.speedmatch.shared.OwnedTables;
import org.springframework.modulith.ApplicationModule;
