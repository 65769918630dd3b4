package com.speedmatch.feed;

import com.speedmatch.feed.internal.EventLog;
import com.speedmatch.feed.internal.RedisEventLog;
import com.speedmatch.support.TestRedis;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The same contract against a real Redis (see {@link TestRedis}): cluster mode's feeds. */
class RedisEventLogContractTests extends EventLogContract {

    private static LettuceConnectionFactory connections;
    private static StringRedisTemplate redis;

    @BeforeAll
    static void connect() {
        URI uri = URI.create(TestRedis.url(5));
        RedisStandaloneConfiguration config = new RedisStandaloneConfiguration(uri.getHost(), uri.getPort());
        config.setDatabase(5);
        connections = new LettuceConnectionFactory(config);
        connections.afterPropertiesSet();
        connections.start();
        redis = new StringRedisTemplate(connections);
        try (var connection = connections.getConnection()) {
            connection.serverCommands().flushDb(); // database 5 belongs to this test class
        }
    }

    @AfterAll
    static void disconnect() {
        if (connections != null) {
            connections.destroy();
        }
    }

    @Override
    EventLog log() {
        return new RedisEventLog(redis, KEEP, clock);
    }
}
