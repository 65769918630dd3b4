package com.speedmatch.auth;

/**
 * A password reset mail to send: published in the transaction that stores the token, sent after
 * commit by {@link ResetMails}. The publication registry keeps it (link included) until it is
 * sent; completed publications are deleted.
 */
public record ResetMail(String address, String link) {
}
