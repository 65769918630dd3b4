package com.speedmatch.cluster;

import com.speedmatch.limits.SharedBuckets;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.UUID;
import lombok.extern.slf4j.Slf4j;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Cluster mode's Redis ({@code cluster.enabled=true} with Spring Boot's {@code spring.data.redis.*}):
 * this instance's id among the others, and the rate-limit buckets shared by all of them.
 */
@Slf4j
@Component
@ConditionalOnProperty(name = "cluster.enabled", havingValue = "true")
public class ClusterRedis implements SharedBuckets, DisposableBean {

    /** Redis calls that take longer than this fail, and the request answers 503. */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

    private final String nodeId = UUID.randomUUID().toString();
    private final RedisConnectionFactory connections;
    private StatefulRedisConnection<String, byte[]> bucketConnection;
    private ProxyManager<String> buckets;

    ClusterRedis(RedisConnectionFactory connections) {
        this.connections = connections;
    }

    /** Tells this instance's own messages from the others'. */
    public String nodeId() {
        return nodeId;
    }

    /** Made on first use: the connection factory starts with the application, after the beans. */
    @Override
    public synchronized ProxyManager<String> buckets(TimeMeter time, ExpirationAfterWriteStrategy expiry) {
        if (buckets == null) {
            buckets = Bucket4jLettuce.casBasedBuilder(bucketConnection())
                    .clientClock(time)
                    .expirationAfterWrite(expiry)
                    .requestTimeout(COMMAND_TIMEOUT)
                    .build();
        }
        return buckets;
    }

    /**
     * One connection for the buckets, with the String keys and byte[] values bucket4j keeps. Lettuce
     * reconnects by itself after Redis comes back.
     */
    private StatefulRedisConnection<String, byte[]> bucketConnection() {
        if (bucketConnection == null) {
            RedisClient client = (RedisClient) ((LettuceConnectionFactory) connections).getRequiredNativeClient();
            bucketConnection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
            bucketConnection.setTimeout(COMMAND_TIMEOUT);
        }
        return bucketConnection;
    }

    @Override
    public synchronized void destroy() {
        if (bucketConnection != null) {
            bucketConnection.close();
        }
    }
}
