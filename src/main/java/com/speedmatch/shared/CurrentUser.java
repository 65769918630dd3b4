package com.speedmatch.shared;

/** The authenticated caller, as the JWT filter puts it in the security context. */
public record CurrentUser(long id) {}
