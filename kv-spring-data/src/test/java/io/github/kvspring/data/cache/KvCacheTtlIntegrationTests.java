package io.github.kvspring.data.cache;

import java.time.Duration;

import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.core.KvBucketInfo;
import io.github.kvspring.test.UniqueNames;
import io.github.kvspring.test.WithNatsServer;
import io.nats.client.Connection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.cache.Cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Time to live per cache and per entry against a real server: the bucket's TTL for a cache with a bucket of its own
 * and one fixed TTL, a per-key TTL otherwise, each write with its own.
 */
@WithNatsServer
class KvCacheTtlIntegrationTests {

	private static final Duration EXPIRY_WAIT = Duration.ofSeconds(15);

	private static final Duration ONE_SECOND = Duration.ofSeconds(1);

	/** One second for values starting with "brief", none for the others. */
	private static final KvCacheTtlFunction BRIEF_VALUES = (key, value) -> (value instanceof String text
			&& text.startsWith("brief")) ? ONE_SECOND : null;

	private final KeyValueTemplate template;

	private final KvCacheManager manager;

	KvCacheTtlIntegrationTests(Connection connection) {
		this.template = new KeyValueTemplate(connection);
		this.manager = KvCacheManager.builder(this.template)
			.withCacheConfiguration(UniqueNames.bucket("fixed"),
					KvCacheConfiguration.defaultCacheConfig().entryTtl(ONE_SECOND))
			.withCacheConfiguration(UniqueNames.bucket("per-entry"),
					KvCacheConfiguration.defaultCacheConfig().entryTtl(BRIEF_VALUES))
			.withCacheConfiguration("shared-fixed",
					KvCacheConfiguration.defaultCacheConfig().entryTtl(ONE_SECOND).sharedBucket(UniqueNames.bucket("ttl")))
			.build();
		this.manager.initializeCaches();
	}

	@AfterEach
	void closeManager() {
		this.manager.destroy();
	}

	private KvCache cache(String prefix) {
		return this.manager.getCacheNames()
			.stream()
			.filter((name) -> name.startsWith(prefix))
			.map((name) -> (KvCache) this.manager.getCache(name))
			.findFirst()
			.orElseThrow();
	}

	@Test
	void whenCacheHasItsOwnBucketAndOneTtlThenTheBucketExpiresItsEntries() {
		KvCache cache = cache("fixed");
		KvBucketInfo bucket = this.template.bucketInfo(cache.getBucket());
		assertThat(bucket.definition().ttl()).isEqualTo(ONE_SECOND);
		cache.put("session", "data");
		assertThat(cache.get("session").get()).isEqualTo("data");
		await().atMost(EXPIRY_WAIT).until(() -> cache.get("session") == null);
	}

	@Test
	void whenTtlDependsOnTheValueThenOnlyThoseEntriesExpire() {
		KvCache cache = cache("per-entry");
		assertThat(this.template.bucketInfo(cache.getBucket()).definition().ttl()).isNull();
		cache.put("token", "brief secret");
		cache.put("profile", "lasting");
		await().atMost(EXPIRY_WAIT).until(() -> cache.get("token") == null);
		assertThat(cache.get("profile").get()).isEqualTo("lasting");
	}

	@Test
	void whenEntryIsOverwrittenThenTheNewValueKeepsItsOwnTtl() {
		KvCache cache = cache("per-entry");
		cache.put("lengthened", "brief at first");
		cache.put("lengthened", "lasting now");
		cache.put("shortened", "lasting at first");
		cache.put("shortened", "brief now");
		cache.put("control", "brief control");
		await().atMost(EXPIRY_WAIT).until(() -> cache.get("control") == null && cache.get("shortened") == null);
		assertThat(cache.get("lengthened").get()).isEqualTo("lasting now");
	}

	@Test
	void whenCacheSharesABucketThenItsFixedTtlIsAPerKeyTtl() {
		KvCache cache = (KvCache) this.manager.getCache("shared-fixed");
		assertThat(this.template.bucketInfo(cache.getBucket()).definition().ttl()).isNull();
		cache.put("session", "data");
		cache.putIfAbsent("created", "data");
		await().atMost(EXPIRY_WAIT).until(() -> cache.get("session") == null && cache.get("created") == null);
	}

	@Test
	void whenTtlIsBelowOneSecondThenTheConfigurationRefusesIt() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> KvCacheConfiguration.defaultCacheConfig().entryTtl(Duration.ofMillis(500)))
			.withMessageContaining("at least 1 second");
	}

	@Test
	void whenTtlFunctionGivesANegativeTtlThenThePutFailsNamingTheKey() {
		String name = UniqueNames.bucket("negative");
		KvCacheManager manager = KvCacheManager.builder(this.template)
			.withCacheConfiguration(name,
					KvCacheConfiguration.defaultCacheConfig().entryTtl((key, value) -> Duration.ofSeconds(-1)))
			.build();
		try {
			Cache cache = manager.getCache(name);
			assertThatIllegalArgumentException().isThrownBy(() -> cache.put("k", "v"))
				.withMessageContaining("key 'k'")
				.withMessageContaining("must not be negative");
		}
		finally {
			manager.destroy();
		}
	}

}
