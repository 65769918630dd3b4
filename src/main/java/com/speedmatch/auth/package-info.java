/**
 * Register, sign in, refresh tokens, password reset (its mail sent after commit), the JWT filter and the security configuration.
 */
@ApplicationModule(
        displayName = "Auth",
        allowedDependencies = {"runtime", "limits", "shared", "user", "web"})
@OwnedTables({"refresh_tokens", "password_reset_tokens", "email_verifications"})
package com.speedmatch.auth;

import com.speedmatch.shared.OwnedTables;
import org.springframework.modulith.ApplicationModule;
