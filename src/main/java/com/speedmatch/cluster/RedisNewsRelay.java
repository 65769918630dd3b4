package com.speedmatch.cluster;

import com.speedmatch.longpoll.NewsRelay;
import com.speedmatch.longpoll.UserNews;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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

/**
 * Cluster mode's news: "user X has news" goes out on one Redis pub/sub channel, and every other
 * instance wakes X's requests parked there; each woken request re-reads its state, so a message
 * lost (Redis away) costs that request its wait, and a duplicate costs a read, never a wrong
 * answer. Sending happens off the request thread, from a bounded queue, so a slow or absent Redis
 * never holds up the request that made the news.
 */
@Slf4j
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "cluster.enabled", havingValue = "true")
class RedisNewsRelay implements NewsRelay, DisposableBean {

    static final String CHANNEL = "speedmatch:news";

    private final java.util.concurrent.atomic.AtomicBoolean poolChangeQueued =
            new java.util.concurrent.atomic.AtomicBoolean();
    private final StringRedisTemplate redis;
    private final ClusterRedis cluster;
    private final ThreadPoolExecutor sender = new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(10_000),
            new CustomizableThreadFactory("news-relay-"),
            (task, executor) -> log.warn("News relay queue full: a wake-up for another instance was dropped"));

    /** Runs the listener for each message heard: two threads, a bounded queue; a wake-up is cheap. */
    private final org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor listenerThreads = listenerThreads();

    private static org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor listenerThreads() {
        var executor = new org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor();
        executor.setCorePoolSize(2);
        executor.setMaxPoolSize(2);
        executor.setQueueCapacity(10_000);
        executor.setThreadNamePrefix("news-listener-");
        executor.setRejectedExecutionHandler(
                (task, pool) -> log.warn("News listener queue full: a wake-up from another instance was dropped"));
        executor.initialize();
        return executor;
    }

    RedisNewsRelay(StringRedisTemplate redis, ClusterRedis cluster) {
        this.redis = redis;
        this.cluster = cluster;
    }

    @Override
    public void send(long userId) {
        relay(cluster.nodeId() + ":" + userId, "user " + userId);
    }

    /** Sent at once (not queued behind news): a suspension must not wait for a backlog of signals. */
    @Override
    public void accountChanged(long userId) {
        try {
            redis.convertAndSend(CHANNEL, cluster.nodeId() + ":account:" + userId);
        } catch (RuntimeException e) {
            log.warn(
                    "Account change of user {} not relayed; other instances see it within a minute: {}",
                    userId,
                    e.getMessage());
        }
    }

    @Override
    public void callChanged(long videoSessionId) {
        relay(cluster.nodeId() + ":call:" + videoSessionId, "call " + videoSessionId);
    }

    /** Coalesced: while one is queued, more changes ride on it (the matchmaker reads the whole pool). */
    @Override
    public void poolChanged() {
        if (poolChangeQueued.compareAndSet(false, true)) {
            sender.execute(() -> {
                poolChangeQueued.set(false);
                try {
                    redis.convertAndSend(CHANNEL, cluster.nodeId() + ":pool:0");
                } catch (RuntimeException e) {
                    log.warn(
                            "Pool change not relayed; the other instances look at their next tick: {}", e.getMessage());
                }
            });
        }
    }

    private void relay(String message, String about) {
        sender.execute(() -> {
            try {
                redis.convertAndSend(CHANNEL, message);
            } catch (RuntimeException e) {
                log.warn("News of {} not relayed to the other instances: {}", about, e.getMessage());
            }
        });
    }

    @Bean
    RedisMessageListenerContainer newsFromOtherInstances(RedisConnectionFactory connections, UserNews news) {
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        container.setConnectionFactory(connections);
        // Without an executor of its own, Spring Data Redis starts a new thread for every message.
        container.setTaskExecutor(listenerThreads);
        String own = cluster.nodeId() + ":";
        container.addMessageListener(
                (message, pattern) -> {
                    String text = new String(message.getBody(), java.nio.charset.StandardCharsets.UTF_8);
                    if (!text.startsWith(own)) {
                        long id = Long.parseLong(text.substring(text.lastIndexOf(':') + 1)); // a user's, or a call's
                        if (text.contains(":account:")) {
                            news.accountChangedHere(id);
                        } else if (text.contains(":call:")) {
                            news.callChangedHere(id);
                        } else if (text.contains(":pool:")) {
                            news.poolChangedHere();
                        } else {
                            news.wakeHere(id);
                        }
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
