package io.github.kvspring.benchmarks;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.redis.core.RedisHash;

/**
 * {@link RedisItem} with the {@code @Version} of {@link Item}, to show what Spring Data Redis does with it.
 *
 * @param id the id
 * @param payload the payload
 * @param version the version, never maintained by Spring Data Redis
 */
@RedisHash("bench-versioned")
public record VersionedRedisItem(@Id String id, String payload, @Version Long version)
		implements BenchmarkEntity<VersionedRedisItem> {

	@Override
	public VersionedRedisItem withPayload(String payload) {
		return new VersionedRedisItem(this.id, payload, this.version);
	}

}
