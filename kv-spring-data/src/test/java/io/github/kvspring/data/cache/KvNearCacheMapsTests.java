package io.github.kvspring.data.cache;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The near cache's local map without Caffeine: bounded, dropping the least recently used entry.
 */
class KvNearCacheMapsTests {

	@Test
	void whenFullThenTheLeastRecentlyUsedEntryGoes() {
		Map<String, Object> map = KvNearCacheMaps.leastRecentlyUsed(2);
		map.put("a", 1);
		map.put("b", 2);
		map.get("a");
		map.put("c", 3);
		assertThat(map).containsOnlyKeys("a", "c");
	}

	@Test
	void whenComputedThenNullRemovesTheEntry() {
		Map<String, Object> map = KvNearCacheMaps.leastRecentlyUsed(10);
		map.put("a", 1);
		map.computeIfPresent("a", (key, value) -> null);
		map.computeIfPresent("b", (key, value) -> 2);
		assertThat(map).isEmpty();
	}

	@Test
	void whenCaffeineIsPresentThenItsMapIsBoundedToo() {
		Map<String, Object> map = KvNearCacheMaps.bounded(10);
		assertThat(map.getClass().getName()).contains("caffeine");
		for (int i = 0; i < 1000; i++) {
			map.put("k" + i, i);
		}
		assertThat(map.size()).isLessThanOrEqualTo(1000);
	}

}
