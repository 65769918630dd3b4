package com.speedmatch.shared;

import java.util.UUID;

/**
 * The authenticated caller, as the JWT filter puts it in the security context: the user and the
 * sign-in its token belongs to (null for a token issued before sign-ins were named in tokens).
 */
public record CurrentUser(long id, UUID signIn) {

    public CurrentUser(long id) {
        this(id, null);
    }
}
