/**
 * The account's email: the verification link mailed at registration and again on request, its
 * proof, and every account mail (verification and password reset links), sent after commit and
 * once per event.
 */
@ApplicationModule(
        displayName = "Email",
        allowedDependencies = {"runtime", "limits", "shared", "user"})
@OwnedTables({"email_verifications"})
package com.speedmatch.email;

import com.speedmatch.shared.OwnedTables;
import org.springframework.modulith.ApplicationModule;
