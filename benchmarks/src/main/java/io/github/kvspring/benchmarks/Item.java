package io.github.kvspring.benchmarks;

import io.github.kvspring.data.mapping.KvEntity;
import io.github.kvspring.data.mapping.KvIndexed;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

/**
 * The benchmark entity: small, versioned, with a selective and a broad property to query, both indexed as
 * {@link RedisItem}'s are.
 *
 * @param id the id
 * @param category one of 1,000 categories (10 items each in 10,000)
 * @param tier {@code gold} or {@code silver} (half each)
 * @param score 0 to 99
 * @param payload a ~100-byte value
 * @param version the revision
 */
@KvEntity(bucket = "bench-items", keyPrefix = "item")
public record Item(@Id String id, @KvIndexed String category, @KvIndexed String tier, int score, String payload,
		@Version long version)
		implements BenchmarkEntity<Item> {

	/**
	 * The {@code n}-th item of a run, not yet saved.
	 */
	static Item numbered(String prefix, int n) {
		return new Item(prefix + n, "cat-" + (n % 1_000), (n % 2 == 0) ? "gold" : "silver", n % 100,
				KvBenchmarks.PAYLOAD, 0);
	}

	@Override
	public Item withPayload(String payload) {
		return new Item(this.id, this.category, this.tier, this.score, payload, this.version);
	}

}
