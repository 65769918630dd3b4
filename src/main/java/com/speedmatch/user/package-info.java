/**
 * Profiles and account states; publishes what happens to an account (Restricted, Closed, Changed).
 */
@ApplicationModule(displayName = "Users", allowedDependencies = {"longpoll", "shared"})
package com.speedmatch.user;

import org.springframework.modulith.ApplicationModule;
