package com.speedmatch.push.internal;

import com.speedmatch.push.PushViews;
import com.speedmatch.shared.Invalid;
import com.speedmatch.shared.NotFound;
import java.net.URI;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/** A user's push subscriptions: one per browser or device, stored as the browser gave it. */
@Service
public class PushSubscriptions {

    /** At most this many per user: an old device's subscription gives way to a new one. */
    static final int PER_USER = 10;

    public record Subscription(long id, long userId, String endpoint, String p256dh, String auth) {}

    private final JdbcTemplate jdbc;
    private final EndpointPolicy policy;
    private final Clock clock;

    PushSubscriptions(JdbcTemplate jdbc, PushProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.policy =
                new EndpointPolicy(properties.endpointPolicy(), EndpointPolicy.systemWithin(properties.dnsTimeout()));
        this.clock = clock;
    }

    /** Stores the subscription (the same endpoint again replaces its keys); its id. */
    long subscribe(long userId, UUID signIn, PushViews.SubscriptionRequest request) {
        policy.refusal(request.endpoint()).ifPresent(why -> {
            throw new Invalid("Validation failed", "Invalid endpoint: " + why);
        });
        for (String key : List.of(request.keys().p256dh(), request.keys().auth())) {
            try {
                Base64.getUrlDecoder()
                        .decode(key.replace('+', '-').replace('/', '_').replace("=", ""));
            } catch (IllegalArgumentException e) {
                throw new Invalid("Validation failed", "Invalid keys: p256dh and auth are URL-safe base64");
            }
        }
        Long id = jdbc.queryForObject(
                """
                insert into push_subscriptions (user_id, endpoint, p256dh, auth, created_at, sign_in)
                values (?, ?, ?, ?, ?, ?)
                on conflict (user_id, endpoint) do update
                set p256dh = excluded.p256dh, auth = excluded.auth, sign_in = excluded.sign_in
                returning id
                """,
                Long.class,
                userId,
                request.endpoint(),
                request.keys().p256dh(),
                request.keys().auth(),
                Timestamp.from(clock.instant()),
                signIn);
        jdbc.update("""
                delete from push_subscriptions where user_id = ? and id not in
                  (select id from push_subscriptions where user_id = ? order by id desc limit ?)
                """, userId, userId, PER_USER);
        return id;
    }

    void unsubscribe(long userId, long id) {
        if (jdbc.update("delete from push_subscriptions where id = ? and user_id = ?", id, userId) == 0) {
            throw NotFound.of("Push subscription", id);
        }
    }

    List<Subscription> of(long userId) {
        return jdbc.query(
                "select id, user_id, endpoint, p256dh, auth from push_subscriptions where user_id = ?",
                (rs, row) -> new Subscription(
                        rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5)),
                userId);
    }

    /** The user's subscriptions, newest first, as they see them. */
    List<PushViews.SubscriptionView> list(long userId, UUID signIn) {
        return jdbc.query(
                """
                select id, endpoint, created_at, last_success_at, sign_in from push_subscriptions
                where user_id = ? order by id desc
                """,
                (rs, row) -> new PushViews.SubscriptionView(
                        rs.getLong(1),
                        origin(rs.getString(2)),
                        rs.getTimestamp(3).toInstant(),
                        rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant(),
                        signIn != null && signIn.equals(rs.getObject(5, UUID.class))),
                userId);
    }

    private static String origin(String endpoint) {
        URI uri = URI.create(endpoint);
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }

    /** A push to it arrived. */
    void delivered(long id) {
        jdbc.update(
                "update push_subscriptions set last_success_at = ? where id = ?", Timestamp.from(clock.instant()), id);
    }

    /** The subscriptions of the ended sign-ins, or all of the user's ({@code signIn} null). */
    int endWith(long userId, UUID signIn) {
        return signIn == null
                ? jdbc.update("delete from push_subscriptions where user_id = ?", userId)
                : jdbc.update("delete from push_subscriptions where user_id = ? and sign_in = ?", userId, signIn);
    }

    /** The push service said the subscription is gone (404, 410). */
    void forget(long id) {
        jdbc.update("delete from push_subscriptions where id = ?", id);
    }

    EndpointPolicy policy() {
        return policy;
    }
}
