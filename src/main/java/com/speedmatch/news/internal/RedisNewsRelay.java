package com.speedmatch.news.internal;

import com.speedmatch.cluster.ClusterRedis;
import com.speedmatch.news.News;
import com.speedmatch.news.NewsBus;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import lombok.extern.slf4j.Slf4j;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cluster mode's news: every piece goes out as JSON ({@link Relayed}) on one Redis pub/sub channel,
 * and every other instance tells it there. Each listener looks again at what the news is about, so
 * a message lost (Redis away) costs a wait, and a duplicate a read, never a wrong answer. Sending
 * happens off the teller's thread, from a bounded queue, so a slow or absent Redis never holds up
 * the request that made the news.
 */
@Slf4j
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "cluster.enabled", havingValue = "true")
class RedisNewsRelay implements NewsRelay, DisposableBean {

    static final String CHANNEL = "speedmatch:news";

    /** What goes over the wire: the news and the instance that told it, which ignores its own. */
    record Relayed(String from, News news) {}

    private final AtomicBoolean poolChangeQueued = new AtomicBoolean();
    private final StringRedisTemplate redis;
    private final ClusterRedis cluster;
    private final JsonMapper json;
    private final ThreadPoolExecutor sender = new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(10_000),
            new CustomizableThreadFactory("news-relay-"),
            (task, executor) -> log.warn("News relay queue full: news for another instance was dropped"));

    /** Tells each message heard: two threads, a bounded queue; telling is cheap. */
    private final ThreadPoolTaskExecutor listenerThreads = listenerThreads();

    private static ThreadPoolTaskExecutor listenerThreads() {
        var executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(2);
        executor.setMaxPoolSize(2);
        executor.setQueueCapacity(10_000);
        executor.setThreadNamePrefix("news-listener-");
        executor.setRejectedExecutionHandler(
                (task, pool) -> log.warn("News listener queue full: news from another instance was dropped"));
        executor.initialize();
        return executor;
    }

    RedisNewsRelay(StringRedisTemplate redis, ClusterRedis cluster, JsonMapper json) {
        this.redis = redis;
        this.cluster = cluster;
        this.json = json;
    }

    @Override
    public void send(News news) {
        if (news instanceof News.Account) {
            // At once, not queued behind other news: a suspension must not wait for a backlog of signals.
            convertAndSend(news);
        } else if (news instanceof News.Pool) {
            // Coalesced: while one is queued, more changes ride on it (the matchmaker reads the whole pool).
            if (poolChangeQueued.compareAndSet(false, true)) {
                sender.execute(() -> {
                    poolChangeQueued.set(false);
                    convertAndSend(news);
                });
            }
        } else {
            sender.execute(() -> convertAndSend(news));
        }
    }

    private void convertAndSend(News news) {
        try {
            redis.convertAndSend(CHANNEL, json.writeValueAsString(new Relayed(cluster.nodeId(), news)));
        } catch (RuntimeException e) {
            // An account change is seen by the other instances within a minute (their cache's
            // lifetime), a pool change at their matchmaker's next tick, the rest at the next poll.
            log.warn("{} not relayed to the other instances: {}", news, e.getMessage());
        }
    }

    @Bean
    RedisMessageListenerContainer newsFromOtherInstances(RedisConnectionFactory connections, NewsBus bus) {
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        container.setConnectionFactory(connections);
        // Without an executor of its own, Spring Data Redis starts a new thread for every message.
        container.setTaskExecutor(listenerThreads);
        container.addMessageListener(
                (message, pattern) -> {
                    Relayed relayed;
                    try {
                        relayed = json.readValue(new String(message.getBody(), StandardCharsets.UTF_8), Relayed.class);
                    } catch (JacksonException e) {
                        log.warn("Unreadable news from another instance ignored: {}", e.getMessage());
                        return;
                    }
                    if (!cluster.nodeId().equals(relayed.from())) {
                        bus.tellHere(relayed.news());
                    }
                },
                new ChannelTopic(CHANNEL));
        return container;
    }

    @Override
    public void destroy() {
        sender.shutdownNow();
        listenerThreads.shutdown();
    }
}
