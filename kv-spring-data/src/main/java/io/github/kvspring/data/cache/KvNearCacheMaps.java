package io.github.kvspring.data.cache;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.util.ClassUtils;

/**
 * The bounded local maps of near caches: Caffeine's when it is on the class path (Spring Boot manages its version),
 * else a map that drops its least recently used entry, behind one lock.
 */
final class KvNearCacheMaps {

	private static final boolean CAFFEINE_PRESENT = ClassUtils.isPresent("com.github.benmanes.caffeine.cache.Caffeine",
			KvNearCacheMaps.class.getClassLoader());

	private KvNearCacheMaps() {
	}

	/**
	 * A thread-safe map of at most about the given size, whose compute methods are atomic.
	 */
	static Map<String, Object> bounded(long maximumSize) {
		return CAFFEINE_PRESENT ? CaffeineMaps.bounded(maximumSize) : leastRecentlyUsed(maximumSize);
	}

	static Map<String, Object> leastRecentlyUsed(long maximumSize) {
		int capacity = (int) Math.min(maximumSize, Integer.MAX_VALUE);
		return Collections.synchronizedMap(new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {

			private static final long serialVersionUID = 1L;

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
				return size() > capacity;
			}

		});
	}

	/**
	 * Kept apart so that Caffeine's classes are loaded only when present.
	 */
	private static final class CaffeineMaps {

		static Map<String, Object> bounded(long maximumSize) {
			return Caffeine.newBuilder().maximumSize(maximumSize).<String, Object>build().asMap();
		}

	}

}
