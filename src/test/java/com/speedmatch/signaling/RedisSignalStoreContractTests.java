package com.speedmatch.signaling;

import com.speedmatch.signaling.internal.RedisSignalStore;
import com.speedmatch.signaling.internal.SignalStore;
import com.speedmatch.support.TestRedis;
import java.net.URI;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The same contract against a real Redis (see {@link TestRedis}). */
class RedisSignalStoreContractTests extends SignalStoreContract {

    private static LettuceConnectionFactory connections;
    private static StringRedisTemplate redis;

    @BeforeAll
    static void connect() {
        URI uri = URI.create(TestRedis.url(3));
        RedisStandaloneConfiguration config = new RedisStandaloneConfiguration(uri.getHost(), uri.getPort());
        config.setDatabase(3);
        connections = new LettuceConnectionFactory(config);
        connections.afterPropertiesSet();
        connections.start();
        redis = new StringRedisTemplate(connections);
        try (var connection = connections.getConnection()) {
            connection.serverCommands().flushDb(); // database 3 belongs to this test class
        }
    }

    @AfterAll
    static void disconnect() {
        if (connections != null) {
            connections.destroy();
        }
    }

    @Override
    SignalStore store() {
        return new RedisSignalStore(redis, Clock.systemUTC());
    }

    /** A queue whose instance died before dropping it stops counting toward the bound once it expires. */
    @org.junit.jupiter.api.Test
    void anExpiredQueueStopsCountingTowardTheByteBound() {
        SignalStore store = store();
        long recipient = ids();
        long abandoned = ids();
        store.append(abandoned, recipient, SignalType.OFFER, "x".repeat(90), 3, AT, 256, 100);
        long next = ids();
        Assertions.assertThatThrownBy(
                        () -> store.append(next, recipient, SignalType.OFFER, "x".repeat(90), 3, AT, 256, 100))
                .isInstanceOf(SignalStore.QueueFull.class);
        // What the keys' expiry does a day later.
        redis.delete(redis.keys("speedmatch:{u" + recipient + "}:*:" + abandoned));
        store.append(next, recipient, SignalType.OFFER, "x".repeat(90), 3, AT, 256, 100);
    }

    /** Ids no earlier run used: the keys outlive a test by their expiry. */
    @Override
    long ids() {
        return ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50);
    }
}
