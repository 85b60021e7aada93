package io.github.kvspring.benchmarks;

import org.springframework.data.annotation.Id;
import org.springframework.data.redis.core.RedisHash;
import org.springframework.data.redis.core.index.Indexed;

/**
 * The same entity for Spring Data Redis repositories: a hash per item, with index sets for the two queried
 * properties (what Spring Data Redis needs to answer a derived query at all). It has no {@code @Version}: Spring
 * Data Redis does not maintain one, and declaring it turns every save of an existing id into a refused insert
 * (see {@link VersionedRedisItem}), so a Redis user leaves it out.
 *
 * @param id the id
 * @param category one of 1,000 categories
 * @param tier {@code gold} or {@code silver}
 * @param score 0 to 99
 * @param payload a ~100-byte value
 */
@RedisHash("bench-items")
public record RedisItem(@Id String id, @Indexed String category, @Indexed String tier, int score,
		String payload) implements BenchmarkEntity<RedisItem> {

	static RedisItem of(Item item) {
		return new RedisItem(item.id(), item.category(), item.tier(), item.score(), item.payload());
	}

	@Override
	public RedisItem withPayload(String payload) {
		return new RedisItem(this.id, this.category, this.tier, this.score, payload);
	}

}
