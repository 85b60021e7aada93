package io.github.kvspring.data.cache;

import java.util.concurrent.atomic.LongAdder;

/**
 * What one cache has done since it was created, counted in this application: the figures of Spring Boot's cache
 * meters ({@code cache.gets} by hit and miss, {@code cache.puts}, {@code cache.evictions}) and of the near cache.
 */
public final class KvCacheStatistics {

	private final LongAdder hits = new LongAdder();

	private final LongAdder misses = new LongAdder();

	private final LongAdder puts = new LongAdder();

	private final LongAdder evictions = new LongAdder();

	private final LongAdder nearHits = new LongAdder();

	private final LongAdder nearInvalidations = new LongAdder();

	KvCacheStatistics() {
	}

	/**
	 * How many lookups found a value (a cached {@code null} included), near-cache hits included.
	 * @return the hits
	 */
	public long getHits() {
		return this.hits.sum();
	}

	/**
	 * How many lookups found no value.
	 * @return the misses
	 */
	public long getMisses() {
		return this.misses.sum();
	}

	/**
	 * How many values were written (puts, and creates that succeeded).
	 * @return the puts
	 */
	public long getPuts() {
		return this.puts.sum();
	}

	/**
	 * How many keys were evicted by {@code evict}, {@code evictIfPresent} and clears of this application.
	 * @return the evictions
	 */
	public long getEvictions() {
		return this.evictions.sum();
	}

	/**
	 * How many hits the near cache answered from local memory.
	 * @return the near-cache hits
	 */
	public long getNearCacheHits() {
		return this.nearHits.sum();
	}

	/**
	 * How many local entries the near cache dropped because any application changed, evicted or expired their key.
	 * @return the invalidations
	 */
	public long getNearCacheInvalidations() {
		return this.nearInvalidations.sum();
	}

	void hit() {
		this.hits.increment();
	}

	void nearHit() {
		this.hits.increment();
		this.nearHits.increment();
	}

	void miss() {
		this.misses.increment();
	}

	void put() {
		this.puts.increment();
	}

	void evicted(long count) {
		this.evictions.add(count);
	}

	void nearInvalidation() {
		this.nearInvalidations.increment();
	}

}
