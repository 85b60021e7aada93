package io.github.kvspring.metrics;

import io.github.kvspring.data.cache.KvCache;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.cache.metrics.CacheMeterBinderProvider;

/**
 * Gives Spring Boot's cache metrics the meters of each {@link KvCache} ({@link NatsKvCacheMetrics}); Boot binds
 * them, tagged with the cache and its cache manager, for every cache known at start-up.
 */
public class NatsKvCacheMeterBinderProvider implements CacheMeterBinderProvider<KvCache> {

	@Override
	public MeterBinder getMeterBinder(KvCache cache, Iterable<Tag> tags) {
		return new NatsKvCacheMetrics(cache, tags);
	}

}
