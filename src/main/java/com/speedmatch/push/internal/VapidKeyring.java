package com.speedmatch.push.internal;

import com.interaso.webpush.VapidKeys;
import java.nio.file.Path;
import java.util.Base64;
import lombok.extern.slf4j.Slf4j;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The service's VAPID keys. Configured ({@code push.vapid.public-key} and {@code private-key},
 * required in cluster mode: every instance must sign with the key browsers subscribed with), or,
 * on one instance, generated once into {@code push.vapid.key-file} (under {@code ./data/} beside
 * the embedded database) and kept.
 */
@Slf4j
@Component
class VapidKeyring {

    private final VapidKeys keys;
    private final String subject;

    VapidKeyring(PushProperties properties, @Value("${cluster.enabled:false}") boolean cluster) {
        PushProperties.Vapid vapid = properties.vapid();
        boolean configured = vapid.publicKey() != null
                && !vapid.publicKey().isBlank()
                && vapid.privateKey() != null
                && !vapid.privateKey().isBlank();
        if (configured) {
            this.keys = VapidKeys.fromUncompressedBytes(
                    vapid.publicKey().strip(), vapid.privateKey().strip());
        } else if (cluster) {
            throw new IllegalStateException("push.vapid.public-key and push.vapid.private-key are required in cluster "
                    + "mode (PUSH_VAPID_PUBLIC_KEY, PUSH_VAPID_PRIVATE_KEY): every instance signs with the same key");
        } else {
            this.keys = loadOrGenerate(vapid.keyFile());
            log.info("VAPID keys for Web Push: {}", vapid.keyFile().toAbsolutePath());
        }
        this.subject = vapid.subject();
    }

    private static VapidKeys loadOrGenerate(Path file) {
        try {
            return VapidKeys.load(file, true);
        } catch (Exception e) { // Kotlin throws the JDK's IOExceptions undeclared
            throw new IllegalStateException(
                    "No VAPID keys for Web Push: set push.vapid.public-key and private-key, "
                            + "or let the service write " + file.toAbsolutePath() + " (" + e.getMessage() + ")",
                    e);
        }
    }

    VapidKeys keys() {
        return keys;
    }

    String subject() {
        return subject;
    }

    /** The application server key a browser subscribes with: URL-safe base64 of the uncompressed point. */
    String publicKey() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(keys.getApplicationServerKey());
    }
}
