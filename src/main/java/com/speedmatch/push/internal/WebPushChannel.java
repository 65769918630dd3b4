package com.speedmatch.push.internal;

import com.interaso.webpush.WebPush;
import com.speedmatch.push.PushChannel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import lombok.extern.slf4j.Slf4j;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
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
public class WebPushChannel implements PushChannel, DisposableBean {

    private final WebPush webPush;
    private final PushSubscriptions subscriptions;
    private final HttpClient http;
    private final PushProperties properties;
    /** Where the answers of push services are handled: a few threads, never the lane's. */
    private final ExecutorService answers =
            Executors.newFixedThreadPool(2, new CustomizableThreadFactory("push-answer-"));

    WebPushChannel(VapidKeyring vapid, PushSubscriptions subscriptions, PushProperties properties) {
        this.webPush = new WebPush(vapid.subject(), vapid.keys());
        this.subscriptions = subscriptions;
        this.properties = properties;
        this.http = HttpClient.newBuilder()
                .executor(answers)
                .connectTimeout(properties.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public CompletableFuture<Outcome> send(
            PushSubscriptions.Subscription subscription, byte[] payload, int ttlSeconds) {
        var refused = subscriptions.policy().refusal(subscription.endpoint());
        if (refused.isPresent()) {
            log.warn("Push subscription {} not called: its endpoint is {}", subscription.id(), refused.get());
            return CompletableFuture.completedFuture(Outcome.GONE);
        }
        byte[] body = webPush.getBody(payload, decode(subscription.p256dh()), decode(subscription.auth()));
        Map<String, String> headers =
                webPush.getHeaders(subscription.endpoint(), ttlSeconds, null, WebPush.Urgency.High);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(subscription.endpoint()))
                .timeout(properties.timeout())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
                // The request's own timeout covers the answer; this bounds everything else too.
                .orTimeout(properties.timeout().toMillis() * 2, TimeUnit.MILLISECONDS)
                .handle((response, failure) -> {
                    if (failure != null) {
                        return Outcome.RETRY; // a timeout, a reset, a refused connection
                    }
                    int status = response.statusCode();
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
                });
    }

    private static byte[] decode(String base64) {
        return Base64.getUrlDecoder()
                .decode(base64.replace('+', '-').replace('/', '_').replace("=", ""));
    }

    @Override
    public void destroy() {
        answers.shutdownNow();
    }
}
