package com.speedmatch.push.internal;

import com.interaso.webpush.WebPush;
import com.speedmatch.push.PushChannel;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Map;
import lombok.extern.slf4j.Slf4j;
import org.springframework.stereotype.Component;

/**
 * Web Push: the payload encrypted for the subscription (RFC 8291 aes128gcm) and the request signed
 * with the service's VAPID key (RFC 8292), both built by the interaso webpush library (small, no
 * dependencies but Kotlin's standard library, tested against real browsers); the request itself
 * goes through the JDK's HTTP client, with timeouts, after the endpoint policy has checked the
 * address the endpoint resolves to now.
 */
@Slf4j
@Component
public class WebPushChannel implements PushChannel {

    private final WebPush webPush;
    private final PushSubscriptions subscriptions;
    private final HttpClient http;
    private final PushProperties properties;

    WebPushChannel(VapidKeyring vapid, PushSubscriptions subscriptions, PushProperties properties) {
        this.webPush = new WebPush(vapid.subject(), vapid.keys());
        this.subscriptions = subscriptions;
        this.properties = properties;
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public Outcome send(PushSubscriptions.Subscription subscription, byte[] payload, int ttlSeconds) {
        var refused = subscriptions.policy().refusal(subscription.endpoint());
        if (refused.isPresent()) {
            log.warn("Push subscription {} not called: its endpoint is {}", subscription.id(), refused.get());
            return Outcome.GONE;
        }
        byte[] body = webPush.getBody(payload, decode(subscription.p256dh()), decode(subscription.auth()));
        Map<String, String> headers =
                webPush.getHeaders(subscription.endpoint(), ttlSeconds, null, WebPush.Urgency.High);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(subscription.endpoint()))
                .timeout(properties.timeout())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        try {
            int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
            if (status >= 200 && status < 300) {
                return Outcome.DELIVERED;
            }
            if (status == 404 || status == 410) {
                return Outcome.GONE;
            }
            if (status == 429 || status >= 500) {
                return Outcome.RETRY;
            }
            log.warn("Push service refused a push to subscription {}: {}", subscription.id(), status);
            return Outcome.FAILED;
        } catch (IOException e) {
            return Outcome.RETRY;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.FAILED;
        }
    }

    private static byte[] decode(String base64) {
        return Base64.getUrlDecoder()
                .decode(base64.replace('+', '-').replace('/', '_').replace("=", ""));
    }
}
