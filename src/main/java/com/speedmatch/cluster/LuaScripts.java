package com.speedmatch.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Redis scripts of cluster mode live as {@code .lua} resources under {@code redis/}, where an
 * editor highlights them and a reviewer reads them whole. A script may be several resources read
 * one after the other (a shared prologue, then the operation); it is read once, at class load, and
 * sent by its SHA from then on.
 */
public final class LuaScripts {

    private LuaScripts() {}

    public static <T> RedisScript<T> load(Class<T> resultType, String... resources) {
        StringBuilder source = new StringBuilder();
        for (String resource : resources) {
            try {
                source.append(new ClassPathResource(resource).getContentAsString(StandardCharsets.UTF_8))
                        .append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException("The Redis script " + resource + " is missing from the classpath", e);
            }
        }
        return new DefaultRedisScript<>(source.toString(), resultType);
    }
}
