/**
 * Spring's cache abstraction on NATS KV buckets: {@code KvCacheManager}, {@code KvCache} and their per-cache
 * {@code KvCacheConfiguration}, with an optional near cache kept coherent by a watch.
 */
@NullMarked
package io.github.kvspring.data.cache;

import org.jspecify.annotations.NullMarked;
