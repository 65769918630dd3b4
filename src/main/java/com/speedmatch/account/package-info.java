/**
 * Account lifecycle seen from outside: the data export of everything the service holds of a user.
 */
@ApplicationModule(
        displayName = "Account",
        allowedDependencies = {"call", "match", "pool", "rating", "safety", "shared", "user"})
package com.speedmatch.account;

import org.springframework.modulith.ApplicationModule;
