package com.speedmatch.limits;

import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;

/**
 * Where buckets live when the limits must hold for a whole cluster. The cluster module provides
 * it in cluster mode; without it {@link RateLimits} keeps its buckets in memory.
 */
public interface SharedBuckets {

    ProxyManager<String> buckets(TimeMeter time, ExpirationAfterWriteStrategy expiry);
}
