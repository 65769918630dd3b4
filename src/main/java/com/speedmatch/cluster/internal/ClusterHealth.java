package com.speedmatch.cluster.internal;

import com.speedmatch.cluster.ClusterRedis;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Readiness of the cluster store: in cluster mode, whether Redis answers a PING (within the
 * command timeout); on a single instance there is nothing to check. Part of the readiness group,
 * never of liveness.
 */
@Component("cluster")
class ClusterHealth implements HealthIndicator {

    private final RedisConnectionFactory redis;

    ClusterHealth(ObjectProvider<ClusterRedis> cluster, ObjectProvider<RedisConnectionFactory> connections) {
        this.redis = cluster.getIfAvailable() == null ? null : connections.getIfAvailable();
    }

    @Override
    public Health health() {
        if (redis == null) {
            return Health.up().withDetail("mode", "single instance").build();
        }
        try (RedisConnection connection = redis.getConnection()) {
            return "PONG".equals(connection.ping())
                    ? Health.up().withDetail("mode", "cluster").build()
                    : Health.down().withDetail("mode", "cluster").build();
        } catch (RuntimeException e) {
            return Health.down()
                    .withDetail("mode", "cluster")
                    .withDetail("error", e.getClass().getSimpleName())
                    .build();
        }
    }
}
