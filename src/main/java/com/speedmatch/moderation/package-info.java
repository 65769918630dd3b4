/**
 * The moderators' queue of reports and their resolutions.
 */
@ApplicationModule(displayName = "Moderation", allowedDependencies = {"safety", "shared", "user"})
package com.speedmatch.moderation;

import org.springframework.modulith.ApplicationModule;
