package io.github.kvspring.data.cache;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.kvspring.data.convert.KvValueConversionException;
import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.core.KvBucketInfo;
import io.github.kvspring.data.core.KvEntry;
import io.github.kvspring.test.UniqueNames;
import io.github.kvspring.test.WithNatsServer;
import io.nats.client.Connection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.BeanUtils;
import org.springframework.cache.Cache;
import org.springframework.cache.interceptor.SimpleKey;
import org.springframework.cache.support.NullValue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The whole {@link Cache} contract on a real server, in the order of Spring's own checks for cache
 * implementations, and what this cache adds: atomic put-if-absent, asynchronous retrieval, odd and long keys, typed
 * values, conversion errors that name the key, and buckets of its own or shared.
 */
@WithNatsServer
class KvCacheIntegrationTests {

	private final KeyValueTemplate template;

	private final KvCacheManager manager;

	private final KvCache cache;

	KvCacheIntegrationTests(Connection connection) {
		this.template = new KeyValueTemplate(connection);
		this.manager = KvCacheManager.create(this.template);
		this.cache = (KvCache) this.manager.getCache(UniqueNames.bucket("books"));
	}

	@AfterEach
	void closeManager() {
		this.manager.destroy();
	}

	@Test
	void whenCacheIsAskedForThenItHasItsNameAndABucketOfItsOwn() {
		assertThat(this.cache.getName()).startsWith("books");
		assertThat(this.cache.getBucket()).isEqualTo("cache-" + this.cache.getName());
		assertThat(this.cache.getNativeCache()).isInstanceOf(KeyValueTemplate.class);
		KvBucketInfo bucket = this.template.bucketInfo(this.cache.getBucket());
		assertThat(bucket).isNotNull();
		assertThat(bucket.definition().history()).isEqualTo(1);
		assertThat(bucket.definition().limitMarkerTtl()).isEqualTo(KvCacheConfiguration.EXPIRY_MARKER_TTL);
		assertThat(this.manager.getCache(this.cache.getName())).isSameAs(this.cache);
		assertThat(this.manager.getCacheNames()).contains(this.cache.getName());
	}

	@Test
	void whenValuePutThenEveryGetSeesItAndNullIsCachedAsNull() {
		String key = randomKey();
		assertThat(this.cache.get(key)).isNull();
		assertThat(this.cache.get(key, String.class)).isNull();
		this.cache.put(key, "george");
		assertThat(this.cache.get(key).get()).isEqualTo("george");
		assertThat(this.cache.get(key, String.class)).isEqualTo("george");
		assertThat(this.cache.get(key, Object.class)).isEqualTo("george");
		assertThatIllegalStateException().isThrownBy(() -> this.cache.get(key, Integer.class));

		this.cache.put(key, null);
		assertThat(this.cache.get(key)).isNotNull();
		assertThat(this.cache.get(key).get()).isNull();
		assertThat(this.cache.get(key, String.class)).isNull();

		this.cache.put(key, BeanUtils.instantiateClass(NullValue.class));
		assertThat(this.cache.get(key).get()).isNull();
		KvEntry<byte[]> stored = this.template.get(this.cache.getBucket(), key, byte[].class);
		assertThat(stored.value()).isEmpty();
	}

	@Test
	void whenPutIfAbsentThenOnlyTheFirstValueIsKept() {
		String key = randomKey();
		assertThat(this.cache.putIfAbsent(key, "initial")).isNull();
		assertThat(this.cache.get(key).get()).isEqualTo("initial");
		assertThat(this.cache.putIfAbsent(key, "another").get()).isEqualTo("initial");
		assertThat(this.cache.get(key).get()).isEqualTo("initial");
		this.cache.evict(key);
		assertThat(this.cache.putIfAbsent(key, "after eviction")).isNull();
		assertThat(this.cache.get(key).get()).isEqualTo("after eviction");
	}

	@Test
	void whenPutIfAbsentRacesThenExactlyOneWins() throws Exception {
		String key = randomKey();
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<CompletableFuture<Cache.ValueWrapper>> attempts = java.util.stream.IntStream.range(0, 8)
				.mapToObj((i) -> CompletableFuture.supplyAsync(() -> this.cache.putIfAbsent(key, "writer-" + i), pool))
				.toList();
			List<Cache.ValueWrapper> results = attempts.stream().map(CompletableFuture::join).toList();
			assertThat(results).filteredOn((result) -> result == null).hasSize(1);
			Object winner = this.cache.get(key).get();
			assertThat(results).filteredOn((result) -> result != null).allMatch((result) -> winner.equals(result.get()));
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void whenEvictedThenGoneAndEvictIfPresentSaysWhetherItWasThere() {
		String key = randomKey();
		this.cache.put(key, "george");
		this.cache.evict(key);
		assertThat(this.cache.get(key)).isNull();
		this.cache.put(key, "george");
		assertThat(this.cache.evictIfPresent(key)).isTrue();
		assertThat(this.cache.get(key)).isNull();
		assertThat(this.cache.evictIfPresent(key)).isFalse();
		assertThat(this.cache.getStatistics().getEvictions()).isEqualTo(2);
	}

	@Test
	void whenClearedThenEveryEntryIsGoneWithAMarkerPerKey() {
		this.cache.put("enescu", "george");
		this.cache.put("vlaicu", "aurel");
		this.cache.clear();
		assertThat(this.cache.get("vlaicu")).isNull();
		assertThat(this.cache.get("enescu")).isNull();
		assertThat(this.template.history(this.cache.getBucket(), "enescu", byte[].class))
			.extracting(KvEntry::operation)
			.containsExactly(io.github.kvspring.data.core.KvOperation.PURGE);
		assertThat(this.cache.invalidate()).isFalse();
		this.cache.put("enescu", "george");
		assertThat(this.cache.invalidate()).isTrue();
		assertThat(this.cache.get("enescu")).isNull();
	}

	@Test
	void whenValueLoaderGivenThenItRunsOnMissOnlyAndItsValueIsCached() {
		String key = randomKey();
		String loaded = this.cache.get(key, () -> "loaded");
		assertThat(loaded).isEqualTo("loaded");
		assertThat(this.cache.get(key).get()).isEqualTo("loaded");
		String hit = this.cache.get(key, () -> {
			throw new IllegalStateException("Should not have been invoked");
		});
		assertThat(hit).isEqualTo("loaded");

		String nullKey = randomKey();
		String loadedNull = this.cache.get(nullKey, () -> null);
		assertThat(loadedNull).isNull();
		assertThat(this.cache.get(nullKey)).isNotNull();
		String nullHit = this.cache.get(nullKey, () -> {
			throw new IllegalStateException("Should not have been invoked");
		});
		assertThat(nullHit).isNull();
	}

	@Test
	void whenValueLoaderFailsThenValueRetrievalExceptionCarriesItsFailureAndNothingIsCached() {
		String key = randomKey();
		assertThatExceptionOfType(Cache.ValueRetrievalException.class)
			.isThrownBy(() -> this.cache.get(key, () -> {
				throw new UnsupportedOperationException("Expected exception");
			}))
			.withCauseInstanceOf(UnsupportedOperationException.class);
		assertThat(this.cache.get(key)).isNull();
	}

	@Test
	void whenTenThreadsLoadOneKeyThenTheLoaderRunsOnceAndAllGetItsValue() throws InterruptedException {
		String key = randomKey();
		AtomicInteger loads = new AtomicInteger();
		List<Object> results = new CopyOnWriteArrayList<>();
		CountDownLatch started = new CountDownLatch(10);
		CountDownLatch done = new CountDownLatch(10);
		for (int i = 0; i < 10; i++) {
			new Thread(() -> {
				try {
					started.countDown();
					results.add(this.cache.get(key, () -> {
						// Hold the load until every thread has asked, so that they overlap.
						started.await();
						return loads.incrementAndGet();
					}));
				}
				finally {
					done.countDown();
				}
			}).start();
		}
		assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
		assertThat(loads).hasValue(1);
		assertThat(results).hasSize(10).containsOnly(1);
	}

	@Test
	void whenRetrievedAsynchronouslyThenMissIsNullAndHitIsWrapped() {
		String key = randomKey();
		assertThat(this.cache.retrieve(key).join()).isNull();
		this.cache.put(key, "george");
		assertThat(this.cache.retrieve(key).join()).isInstanceOf(Cache.ValueWrapper.class)
			.extracting((wrapper) -> ((Cache.ValueWrapper) wrapper).get())
			.isEqualTo("george");
		this.cache.put(key, null);
		assertThat(((Cache.ValueWrapper) this.cache.retrieve(key).join()).get()).isNull();
	}

	@Test
	void whenRetrievedWithALoaderThenItLoadsOnceOnMissAndCaches() {
		String key = randomKey();
		AtomicInteger loads = new AtomicInteger();
		CompletableFuture<String> release = new CompletableFuture<>();
		CompletableFuture<String> first = this.cache.retrieve(key, () -> {
			loads.incrementAndGet();
			return release;
		});
		CompletableFuture<String> second = this.cache.retrieve(key, () -> {
			loads.incrementAndGet();
			return release;
		});
		release.complete("loaded");
		assertThat(first.join()).isEqualTo("loaded");
		assertThat(second.join()).isEqualTo("loaded");
		assertThat(loads).hasValueLessThanOrEqualTo(2);
		assertThat(this.cache.get(key).get()).isEqualTo("loaded");
		assertThat(this.cache.retrieve(key, () -> CompletableFuture.failedFuture(new IllegalStateException("hit"))).join())
			.isEqualTo("loaded");
	}

	@Test
	void whenAsynchronousLoaderFailsThenTheFutureFailsAndNothingIsCached() {
		String key = randomKey();
		CompletableFuture<String> failed = this.cache.retrieve(key,
				() -> CompletableFuture.failedFuture(new IllegalStateException("no value")));
		assertThatExceptionOfType(java.util.concurrent.CompletionException.class).isThrownBy(failed::join)
			.withRootCauseInstanceOf(IllegalStateException.class);
		assertThat(this.cache.get(key)).isNull();
	}

	@Test
	void whenKeysAreOddOrLongThenEachIsItsOwnEntry() {
		List<Object> keys = List.of("", " ", "a b", "a.b", "a..b", ".", "*", ">", "_kv", "日本", "x".repeat(2000),
				"x".repeat(2001), 42L, UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), new SimpleKey("a", "b"),
				new SimpleKey("a,b"));
		for (int i = 0; i < keys.size(); i++) {
			this.cache.put(keys.get(i), i);
		}
		for (int i = 0; i < keys.size(); i++) {
			assertThat(this.cache.get(keys.get(i)).get()).as("key %s", keys.get(i)).isEqualTo(i);
		}
		assertThat(this.template.keys(this.cache.getBucket())).hasSize(keys.size())
			.allMatch((kvKey) -> kvKey.length() <= KvCacheKeys.MAX_KEY_LENGTH);
	}

	@Test
	void whenValuesHaveTypesThenEachReadsBackAsItsOwnType() {
		Book book = new Book("978-0", "Dune", List.of("Frank Herbert"));
		this.cache.put("book", book);
		this.cache.put("books", List.of(book, book));
		this.cache.put("count", 3L);
		this.cache.put("index", Map.of("dune", book));
		assertThat(this.cache.get("book", Book.class)).isEqualTo(book);
		assertThat(this.cache.get("books").get()).isEqualTo(List.of(book, book));
		assertThat(this.cache.get("count").get()).isEqualTo(3L);
		assertThat(this.cache.get("index").get()).isEqualTo(Map.of("dune", book));
	}

	@Test
	void whenStoredValueCannotBeReadThenTheErrorNamesCacheKeyAndBucket() {
		this.template.put(this.cache.getBucket(), "broken", "{not json");
		assertThatExceptionOfType(KvValueConversionException.class).isThrownBy(() -> this.cache.get("broken"))
			.withMessageContaining("Cache '" + this.cache.getName() + "'")
			.withMessageContaining("key 'broken'")
			.withMessageContaining("bucket '" + this.cache.getBucket() + "'");
	}

	@Test
	void whenValueCannotBeWrittenThenTheErrorNamesTheKeyAndNothingIsWritten() {
		assertThatExceptionOfType(KvValueConversionException.class)
			.isThrownBy(() -> this.cache.put("unwritable", new Unwritable()))
			.withMessageContaining("key 'unwritable'")
			.withMessageContaining("nothing was written");
		assertThat(this.cache.get("unwritable")).isNull();
	}

	@Test
	void whenNullValuesAreNotAllowedThenPuttingNullFailsAndLoadersReturningNullAreNotCached() {
		String name = UniqueNames.bucket("strict");
		KvCacheManager strict = KvCacheManager.builder(this.template)
			.withCacheConfiguration(name, KvCacheConfiguration.defaultCacheConfig().disableCachingNullValues())
			.build();
		try {
			strict.initializeCaches();
			Cache cache = strict.getCache(name);
			assertThatIllegalArgumentException().isThrownBy(() -> cache.put("k", null));
			assertThat(cache.retrieve("k", () -> CompletableFuture.completedFuture((String) null)).join()).isNull();
			assertThat(cache.get("k")).isNull();
		}
		finally {
			strict.destroy();
		}
	}

	@Test
	void whenCachesShareABucketThenKeysArePrefixedAndClearingOneLeavesTheOther() {
		String bucket = UniqueNames.bucket("shared");
		KvCacheConfiguration shared = KvCacheConfiguration.defaultCacheConfig().sharedBucket(bucket);
		KvCacheManager manager = KvCacheManager.builder(this.template)
			.withCacheConfiguration("authors", shared)
			.withCacheConfiguration("titles", shared)
			.build();
		try {
			manager.initializeCaches();
			Cache authors = manager.getCache("authors");
			Cache titles = manager.getCache("titles");
			authors.put("1", "Frank Herbert");
			titles.put("1", "Dune");
			assertThat(this.template.keys(bucket)).containsExactlyInAnyOrder("authors.1", "titles.1");
			authors.clear();
			assertThat(authors.get("1")).isNull();
			assertThat(titles.get("1").get()).isEqualTo("Dune");
		}
		finally {
			manager.destroy();
		}
	}

	@Test
	void whenTwoCachesClaimOneBucketOfTheirOwnThenTheSecondIsRefused() {
		String bucket = UniqueNames.bucket("claimed");
		KvCacheManager manager = KvCacheManager.builder(this.template)
			.withCacheConfiguration("first", KvCacheConfiguration.defaultCacheConfig().bucket(bucket))
			.withCacheConfiguration("second", KvCacheConfiguration.defaultCacheConfig().bucket(bucket))
			.build();
		try {
			assertThatIllegalStateException().isThrownBy(manager::initializeCaches)
				.withMessageContaining("Cache 'second' cannot use bucket '" + bucket + "'")
				.withMessageContaining("bucket of cache 'first' alone");
		}
		finally {
			manager.destroy();
		}
	}

	@Test
	void whenCreationOnDemandIsOffThenOnlyNamedCachesExist() {
		KvCacheManager manager = KvCacheManager.builder(this.template)
			.initialCacheNames(List.of(UniqueNames.bucket("named")))
			.disableCreateOnMissingCache()
			.build();
		try {
			manager.initializeCaches();
			assertThat(manager.getCacheNames()).hasSize(1);
			assertThat(manager.getCache("unknown")).isNull();
		}
		finally {
			manager.destroy();
		}
	}

	@Test
	void whenCacheIsUsedThenStatisticsCountHitsMissesAndPuts() {
		String key = randomKey();
		this.cache.get(key);
		this.cache.put(key, "v");
		this.cache.get(key);
		this.cache.get(key);
		KvCacheStatistics statistics = this.cache.getStatistics();
		assertThat(statistics.getMisses()).isEqualTo(1);
		assertThat(statistics.getHits()).isEqualTo(2);
		assertThat(statistics.getPuts()).isEqualTo(1);
		assertThat(statistics.getNearCacheHits()).isZero();
	}

	@Test
	void whenCacheNameMakesNoBucketNameThenTheErrorSaysToSetOne() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.manager.getCache("user profiles"))
			.withMessageContaining("Cache 'user profiles' has no bucket set")
			.withMessageContaining("sharedBucket");
	}

	private static String randomKey() {
		return UUID.randomUUID().toString();
	}

	record Book(String isbn, String title, List<String> authors) {
	}

	/**
	 * Its one property fails when Jackson reads it.
	 */
	static final class Unwritable {

		public String getBoom() {
			throw new IllegalStateException("boom");
		}

	}

}
