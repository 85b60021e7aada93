package io.github.kvspring.data.cache;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * How long a cache entry lives, decided when it is written: a fixed time for every entry of a cache, or a function
 * of the key and value. Each write carries its own time to live, so an overwrite lives as long as the function says
 * for the new value, never what the old one had left.
 *
 * @see KvCacheConfiguration#entryTtl(KvCacheTtlFunction)
 */
@FunctionalInterface
public interface KvCacheTtlFunction {

	/**
	 * How long an entry lives.
	 * @param key the cache key
	 * @param value the value, {@code null} for a cached {@code null}
	 * @return the time to live, at least one second (the server's minimum); {@code null} or zero for no time to live
	 * of its own (the bucket's, if it has one, applies)
	 */
	@Nullable Duration getTimeToLive(Object key, @Nullable Object value);

	/**
	 * The same time to live for every entry.
	 * @param ttl the time to live, at least one second
	 * @return the function
	 */
	static KvCacheTtlFunction just(Duration ttl) {
		return new Fixed(ttl);
	}

	/**
	 * No time to live: entries stay until evicted (or until the bucket's own TTL).
	 * @return the function
	 */
	static KvCacheTtlFunction persistent() {
		return Fixed.NONE;
	}

	/**
	 * A fixed time to live, which a cache with a bucket of its own can set as the bucket's TTL.
	 *
	 * @param ttl the time to live, zero for none
	 */
	record Fixed(Duration ttl) implements KvCacheTtlFunction {

		static final Fixed NONE = new Fixed(Duration.ZERO);

		/**
		 * Checks the time to live.
		 * @param ttl zero for none, else at least one second
		 */
		public Fixed {
			Assert.notNull(ttl, "'ttl' must not be null");
			Assert.isTrue(ttl.isZero() || ttl.compareTo(Duration.ofSeconds(1)) >= 0,
					() -> "A cache entry TTL must be zero (none) or at least 1 second (the server's minimum) but was "
							+ ttl);
		}

		@Override
		public @Nullable Duration getTimeToLive(Object key, @Nullable Object value) {
			return this.ttl.isZero() ? null : this.ttl;
		}

	}

}
