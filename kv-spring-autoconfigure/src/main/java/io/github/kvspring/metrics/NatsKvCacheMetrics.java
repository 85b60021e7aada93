package io.github.kvspring.metrics;

import io.github.kvspring.data.cache.KvCache;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.cache.CacheMeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * The meters of one {@link KvCache}, counted in this application: Micrometer's cache meters ({@code cache.gets}
 * by hit and miss, {@code cache.puts}, {@code cache.evictions}) and, for a cache with a near cache,
 * {@value #NEAR_HITS}, {@value #NEAR_INVALIDATIONS} and {@value #NEAR_SIZE}. The bucket's own size is not a meter
 * here (it would cost a request each time it is read).
 */
public class NatsKvCacheMetrics extends CacheMeterBinder<KvCache> {

	/**
	 * The counter of hits answered from the near cache's local memory.
	 */
	public static final String NEAR_HITS = "cache.near.hits";

	/**
	 * The counter of local entries removed because a key changed, in any application.
	 */
	public static final String NEAR_INVALIDATIONS = "cache.near.invalidations";

	/**
	 * The gauge of the entries the near cache holds.
	 */
	public static final String NEAR_SIZE = "cache.near.size";

	private final KvCache cache;

	/**
	 * Creates the binder.
	 * @param cache the cache
	 * @param tags tags for every meter, beside the cache's name
	 */
	public NatsKvCacheMetrics(KvCache cache, Iterable<Tag> tags) {
		super(cache, cache.getName(), tags);
		this.cache = cache;
	}

	@Override
	protected @Nullable Long size() {
		return null;
	}

	@Override
	protected long hitCount() {
		return this.cache.getStatistics().getHits();
	}

	@Override
	protected Long missCount() {
		return this.cache.getStatistics().getMisses();
	}

	@Override
	protected Long evictionCount() {
		return this.cache.getStatistics().getEvictions();
	}

	@Override
	protected long putCount() {
		return this.cache.getStatistics().getPuts();
	}

	@Override
	protected void bindImplementationSpecificMetrics(MeterRegistry registry) {
		if (this.cache.getNearCacheSize() == null) {
			return;
		}
		FunctionCounter.builder(NEAR_HITS, this.cache, (cache) -> cache.getStatistics().getNearCacheHits())
			.tags(getTagsWithCacheName())
			.description("Cache hits answered from local memory")
			.register(registry);
		FunctionCounter
			.builder(NEAR_INVALIDATIONS, this.cache, (cache) -> cache.getStatistics().getNearCacheInvalidations())
			.tags(getTagsWithCacheName())
			.description("Local entries removed because their key changed in any application")
			.register(registry);
		Gauge.builder(NEAR_SIZE, this.cache, NatsKvCacheMetrics::nearCacheSize)
			.tags(getTagsWithCacheName())
			.description("Entries the near cache holds")
			.register(registry);
	}

	private static double nearCacheSize(KvCache cache) {
		Long size = cache.getNearCacheSize();
		return (size != null) ? size : Double.NaN;
	}

}
