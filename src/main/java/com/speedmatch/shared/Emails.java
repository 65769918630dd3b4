package com.speedmatch.shared;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The one normal form an email is compared in, everywhere: NFKC, then lower case (Unicode's rules,
 * not a locale's). Stored beside the address as {@code users.email_key}, so the database compares
 * exactly what Java computed: a look-alike (the Kelvin sign for a K, full-width letters) folds to
 * the address it imitates in both, or in neither.
 */
public final class Emails {

    /** Addresses in this domain are the ones closing an account gives its row; nobody registers one. */
    public static final String RESERVED_DOMAIN = "deleted.invalid";

    /** The longest address (RFC 5321's path limit); anything longer is refused before any other use. */
    public static final int MAX_LENGTH = 254;

    private Emails() {}

    public static String key(String email) {
        return Normalizer.normalize(email.strip(), Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }

    /** Whether the address (in any form) lies in the reserved domain. */
    public static boolean isReserved(String email) {
        String key = key(email);
        return key.endsWith("@" + RESERVED_DOMAIN) || key.endsWith("." + RESERVED_DOMAIN);
    }
}
