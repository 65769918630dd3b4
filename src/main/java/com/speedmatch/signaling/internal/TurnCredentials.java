package com.speedmatch.signaling.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-limited TURN credentials in coturn's {@code use-auth-secret} scheme (the TURN REST API):
 * the username is {@code <expiry unix time>:<opaque id>}, the credential the base64 HMAC-SHA1 of
 * the username under the shared secret. The opaque id is derived from the user id and the secret,
 * so the TURN server's logs name no email, name or database id.
 */
public final class TurnCredentials {

    public record Credential(String username, String credential) {}

    private TurnCredentials() {}

    public static Credential issue(String secret, long userId, long expiresAtEpochSecond) {
        String opaque = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(hmac("HmacSHA256", secret, "turn-user:" + userId))
                .substring(0, 16);
        String username = expiresAtEpochSecond + ":" + opaque;
        return new Credential(username, credentialFor(secret, username));
    }

    public static String credentialFor(String secret, String username) {
        return Base64.getEncoder().encodeToString(hmac("HmacSHA1", secret, username));
    }

    private static byte[] hmac(String algorithm, String secret, String message) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
