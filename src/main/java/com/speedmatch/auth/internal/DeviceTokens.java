package com.speedmatch.auth.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * OWASP's device cookies, as a token the client keeps: proof that this device signed in to this
 * account before. A sign-in that presents one is limited per device, not by the account's shared
 * cap, so strangers guessing from elsewhere can use up the account's cap without locking its owner
 * out. The token is {@code <nonce>.<HMAC-SHA256(secret, "device|" + email key + "|" + nonce)>}: it
 * names no user, is bound to one account, and a guess of one fails the HMAC.
 */
@Component
class DeviceTokens {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final SecretKeySpec key;

    DeviceTokens(JwtProperties properties) {
        this.key = new SecretKeySpec(
                ("device-tokens|" + properties.secret()).getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** A new token of a device that just signed in to the account of {@code emailKey}. */
    String issue(String emailKey) {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String id = ENCODER.encodeToString(nonce);
        return id + "." + sign(emailKey, id);
    }

    /** The device's id (its nonce) when the token is one this service issued for {@code emailKey}. */
    Optional<String> device(String token, String emailKey) {
        if (token == null) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot == token.length() - 1) {
            return Optional.empty();
        }
        String id = token.substring(0, dot);
        byte[] expected = sign(emailKey, id).getBytes(StandardCharsets.US_ASCII);
        byte[] given = token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given) ? Optional.of(id) : Optional.empty();
    }

    private String sign(String emailKey, String id) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return ENCODER.encodeToString(
                    mac.doFinal(("device|" + emailKey + "|" + id).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is missing from this JVM", e);
        }
    }
}
