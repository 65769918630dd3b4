package com.speedmatch.user;

import java.util.Set;

/**
 * Addresses that carry rights (the moderators'), in their normal form ({@code Emails.key}). The
 * moderation module provides them; registration refuses a look-alike of one (an address that
 * folds to it without being it), and the rights go only to the account that verified it.
 */
public interface ProtectedEmails {

    Set<String> keys();
}
