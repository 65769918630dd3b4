/**
 * Register, sign in, refresh tokens, password reset (its link mailed through the email module), the JWT filter and the
 * security configuration.
 */
@ApplicationModule(
        displayName = "Auth",
        allowedDependencies = {"email", "limits", "shared", "user", "web"})
@OwnedTables({"refresh_tokens", "password_reset_tokens"})
package com.speedmatch.auth;

import com.speedmatch.shared.OwnedTables;
import org.springframework.modulith.ApplicationModule;
