package com.speedmatch.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Assumptions;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * The Redis of a test run: the one at 127.0.0.1:6379 when it answers, else a Testcontainers Redis
 * when a Docker engine answers, else the test is skipped with the reason, or fails when
 * {@code REQUIRE_REDIS=true} (as .ci/run sets it).
 */
public final class TestRedis {

    private static String url;

    private TestRedis() {}

    /** A redis:// URL for database {@code index}, or the test is skipped (or fails, see above). */
    public static synchronized String url(int index) {
        if (url == null) {
            url = find();
        }
        if (url.isEmpty()) {
            String reason = "No Redis: none answers at 127.0.0.1:6379 and no Docker engine for Testcontainers";
            if ("true".equalsIgnoreCase(System.getenv("REQUIRE_REDIS"))) {
                throw new IllegalStateException(reason + " (REQUIRE_REDIS=true)");
            }
            Assumptions.abort(reason);
        }
        return url + "/" + index;
    }

    /** Empties the database of a {@link #url} (a test's own), so no earlier run's keys are read. */
    public static void flush(String url) {
        URI uri = URI.create(url);
        var config = new RedisStandaloneConfiguration(uri.getHost(), uri.getPort());
        config.setDatabase(Integer.parseInt(uri.getPath().substring(1)));
        var connections = new LettuceConnectionFactory(config);
        connections.afterPropertiesSet();
        connections.start();
        try (var connection = connections.getConnection()) {
            connection.serverCommands().flushDb();
        } finally {
            connections.destroy();
        }
    }

    /** Whether a Redis answers PING at this address. */
    public static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[7];
            int n = in.read(reply);
            return n > 0 && new String(reply, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    private static String find() {
        if (answers("127.0.0.1", 6379)) {
            System.out.println("Tests use the Redis at 127.0.0.1:6379");
            return "redis://127.0.0.1:6379";
        }
        try {
            if (DockerClientFactory.instance().isDockerAvailable()) {
                @SuppressWarnings("resource")
                GenericContainer<?> redis = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
                redis.start();
                System.out.println("Tests use a Testcontainers Redis");
                return "redis://" + redis.getHost() + ":" + redis.getMappedPort(6379);
            }
        } catch (Throwable e) {
            // no Docker engine
        }
        return "";
    }
}
