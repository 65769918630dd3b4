/**
 * Register, sign in, refresh tokens, password reset (its mail sent after commit), the JWT filter and the security configuration.
 */
@ApplicationModule(displayName = "Auth", allowedDependencies = {"limits", "shared", "user", "web"})
package com.speedmatch.auth;

import org.springframework.modulith.ApplicationModule;
