package io.github.kvspring.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import io.github.kvspring.data.cache.KvCache;
import io.github.kvspring.data.cache.KvCacheConfiguration;
import io.github.kvspring.data.cache.KvCacheManager;
import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.core.KvBucketAdmin;
import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.Nats;
import io.nats.client.Options;

import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.serializer.GenericJacksonJsonRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializationContext.SerializationPair;

/**
 * The {@code cache} group: Spring's cache abstraction on NATS KV ({@link KvCacheManager}, with and without its near
 * cache) beside Spring Data Redis's {@link RedisCacheManager} (Lettuce) on a local redis-server, through a
 * {@code @Cacheable} method of a bean in a small application context per cache manager, as an application calls it
 * (the default, unsynchronized {@code @Cacheable}: a lookup, and on a miss the method and a put); then the near
 * cache's invalidation lag between two applications (two cache managers on two connections).
 */
final class CacheBenchmarks {

	static final String GROUP = "cache";

	/** Calls per timed run, each on a key of its own. */
	private static final int CALLS = 2_000;

	private static final int LAG_SAMPLES = 1_000;

	/** Lag samples taken first and left out, as the listener latency's are. */
	private static final int LAG_WARMUPS = 200;

	/** The near caches' bound, the starter's default: the hits' keys fit, the misses' keys go beyond it. */
	private static final long NEAR_CACHE_SIZE = 10_000;

	private static final long LAG_BOUND_NANOS = TimeUnit.SECONDS.toNanos(5);

	private static final String BUCKET = "bench-cache";

	private static final String NEAR_BUCKET = "bench-cache-near";

	private static final String LAG_BUCKET = "bench-cache-lag";

	private final KvBenchmarks benchmarks;

	private final Connection connection;

	private final KeyValueTemplate template;

	CacheBenchmarks(KvBenchmarks benchmarks, Connection connection) {
		this.benchmarks = benchmarks;
		this.connection = connection;
		this.template = new KeyValueTemplate(connection);
	}

	void run() throws Exception {
		this.benchmarks.warmUpServer();
		KvBucketAdmin admin = new KvBucketAdmin(this.connection);
		List.of(BUCKET, NEAR_BUCKET, LAG_BUCKET).forEach(admin::delete);
		try (RedisServer server = RedisServer.start()) {
			this.benchmarks.redisVersion(server.version());
			LettuceConnectionFactory factory = KvBenchmarks.lettuce(server);
			try (CachingApplication redis = new CachingApplication("Spring Data Redis", redisCacheManager(factory));
					CachingApplication kv = new CachingApplication("kv-spring", kvCacheManager(
							KvCacheConfiguration.defaultCacheConfig().bucket(BUCKET)));
					CachingApplication near = new CachingApplication("kv-spring, near cache", kvCacheManager(
							KvCacheConfiguration.defaultCacheConfig().bucket(NEAR_BUCKET)
								.enableNearCache(NEAR_CACHE_SIZE)))) {
				List<CachingApplication> applications = List.of(redis, kv, near);
				hits(applications, near);
				misses(applications);
			}
			finally {
				factory.destroy();
			}
		}
		invalidationLag();
		this.benchmarks.note(note());
	}

	/**
	 * What the cache rows measure, for the report.
	 */
	private static String note() {
		return String.format(Locale.ROOT, "**Spring Cache** (`@Cacheable` on a bean's method, one thread, %,d calls a "
				+ "run, each on a different key; the default `@Cacheable`, not `sync`: a lookup, and on a miss the "
				+ "method and a put). Each cache manager runs in an application context of its own with "
				+ "`@EnableCaching`: Spring Data Redis's `RedisCacheManager` (Lettuce, its non-locking cache writer, "
				+ "values as JSON with their type through `GenericJacksonJsonRedisSerializer`), and kv-spring's "
				+ "`KvCacheManager` (values as JSON with their type), once without and once with a near cache of %,d "
				+ "entries (Caffeine). A hit reads a key present in the store (with the near cache, a key this "
				+ "application has read before); a miss reads a new key, runs the method and writes its value. \"raw "
				+ "jnats get\" (the same keys) and \"raw jnats get + put\" (a missing key read, then a value as large "
				+ "written) are the round trips alone, for scale. The invalidation lag runs between two "
				+ "`KvCacheManager`s on two connections, each with a near cache: one application puts (or evicts) a "
				+ "key the other has just read, and the lag runs from the start of that put (or evict) to the moment "
				+ "the other's near cache drops its entry (its invalidation counted), %,d samples of each after %d "
				+ "left out. `RedisCacheManager` has no near cache, so there is no Redis figure beside it.", CALLS,
				NEAR_CACHE_SIZE, LAG_SAMPLES, LAG_WARMUPS);
	}

	private static RedisCacheManager redisCacheManager(LettuceConnectionFactory factory) {
		GenericJacksonJsonRedisSerializer json = GenericJacksonJsonRedisSerializer.builder()
			.enableUnsafeDefaultTyping()
			.enableSpringCacheNullValueSupport()
			.build();
		return RedisCacheManager.builder(factory)
			.cacheDefaults(RedisCacheConfiguration.defaultCacheConfig()
				.serializeValuesWith(SerializationPair.fromSerializer(json)))
			.build();
	}

	private KvCacheManager kvCacheManager(KvCacheConfiguration prices) {
		return KvCacheManager.builder(this.template).withCacheConfiguration(Prices.CACHE, prices).build();
	}

	/**
	 * Every key read once (each application's method runs for each), then read again and again: each call a hit,
	 * which is checked (the method must not run again, and every near-cache call must be a near-cache hit).
	 */
	private void hits(List<CachingApplication> applications, CachingApplication near) throws Exception {
		List<String> keys = IntStream.range(0, CALLS).mapToObj((i) -> "sku-" + i).toList();
		awaitNearCacheAnswers(near);
		for (CachingApplication application : applications) {
			keys.forEach(application.prices::price);
		}
		long[] loads = applications.stream().mapToLong(CachingApplication::loads).toArray();
		KvCache nearCache = (KvCache) near.cache();
		if (nearCache.getNearCacheSize() != CALLS) {
			throw new IllegalStateException("The near cache holds " + nearCache.getNearCacheSize() + " entries, not "
					+ CALLS + ": " + nearCache.getNearCacheBypassReason());
		}
		long nearHits = nearCache.getStatistics().getNearCacheHits();
		List<Measurement.Variant> variants = new ArrayList<>(applications.stream()
			.map((application) -> Measurement.Variant.of(application.name, () -> {
				for (String key : keys) {
					Objects.requireNonNull(application.prices.price(key));
				}
			}))
			.toList());
		// The round trip alone: the same keys of the same bucket (the cache writes these keys as they are).
		KeyValue raw = this.connection.keyValue(BUCKET);
		variants.add(Measurement.Variant.of("raw jnats get", () -> {
			for (String key : keys) {
				Objects.requireNonNull(raw.get(key));
			}
		}));
		this.benchmarks.scenario("vs Redis: @Cacheable hit", "ops/s", CALLS,
				variants.toArray(Measurement.Variant[]::new));
		for (int a = 0; a < applications.size(); a++) {
			if (applications.get(a).loads() != loads[a]) {
				throw new IllegalStateException(applications.get(a).name + ": the method ran "
						+ (applications.get(a).loads() - loads[a]) + " times during the hits");
			}
		}
		long runs = Measurement.WARMUPS + Measurement.RUNS;
		if (nearCache.getStatistics().getNearCacheHits() - nearHits != runs * CALLS) {
			throw new IllegalStateException("Of the near cache's " + runs * CALLS + " hits, "
					+ (nearCache.getStatistics().getNearCacheHits() - nearHits) + " were answered locally");
		}
	}

	/**
	 * Each run on keys of its own, none in the cache: each call runs the method and stores its value (checked).
	 */
	private void misses(List<CachingApplication> applications) throws Exception {
		long[] loads = applications.stream().mapToLong(CachingApplication::loads).toArray();
		AtomicLong round = new AtomicLong();
		String[] lastKeys = new String[applications.size()];
		List<Measurement.Variant> variants = new ArrayList<>();
		for (int a = 0; a < applications.size(); a++) {
			CachingApplication application = applications.get(a);
			int index = a;
			variants.add(new Measurement.Variant(application.name, round::incrementAndGet, () -> {
				String prefix = "new-" + round.get() + "-";
				for (int i = 0; i < CALLS; i++) {
					Objects.requireNonNull(application.prices.price(prefix + i));
				}
				lastKeys[index] = prefix + (CALLS - 1);
			}));
		}
		// The round trips alone: a get of a missing key, then a put of a value as large as the cache writes.
		KeyValue raw = this.connection.keyValue(BUCKET);
		byte[] value = Objects.requireNonNull(raw.get("sku-0")).getValue();
		variants.add(new Measurement.Variant("raw jnats get + put", round::incrementAndGet, () -> {
			String prefix = "raw-" + round.get() + "-";
			for (int i = 0; i < CALLS; i++) {
				if (raw.get(prefix + i) != null) {
					throw new IllegalStateException("The key " + prefix + i + " exists before its miss");
				}
				raw.put(prefix + i, value);
			}
		}));
		this.benchmarks.scenario("vs Redis: @Cacheable miss (method runs, value stored)", "ops/s", CALLS,
				variants.toArray(Measurement.Variant[]::new));
		long runs = Measurement.WARMUPS + Measurement.RUNS;
		for (int a = 0; a < applications.size(); a++) {
			CachingApplication application = applications.get(a);
			if (application.loads() - loads[a] != runs * CALLS) {
				throw new IllegalStateException(application.name + ": the method ran "
						+ (application.loads() - loads[a]) + " times in " + runs * CALLS + " misses");
			}
			if (application.cache().get(lastKeys[a]) == null) {
				throw new IllegalStateException(application.name + ": the value of a miss was not stored");
			}
		}
	}

	/**
	 * Two applications with near caches on two connections: in turn, one puts a key the other has just read, then
	 * evicts another such key; each lag runs until the other application's near cache has dropped its entry.
	 */
	private void invalidationLag() throws Exception {
		KvCacheConfiguration lag = KvCacheConfiguration.defaultCacheConfig()
			.bucket(LAG_BUCKET)
			.enableNearCache(NEAR_CACHE_SIZE);
		try (Connection otherConnection = Nats.connect(Options.builder()
			.server(Objects.requireNonNull(this.connection.getConnectedUrl()))
			.errorListener(new io.nats.client.ErrorListener() {
			})
			.build())) {
			KvCacheManager writing = KvCacheManager.builder(this.template).withCacheConfiguration("lag", lag).build();
			KvCacheManager reading = KvCacheManager.builder(new KeyValueTemplate(otherConnection))
				.withCacheConfiguration("lag", lag)
				.build();
			try {
				KvCache writer = (KvCache) Objects.requireNonNull(writing.getCache("lag"));
				KvCache reader = (KvCache) Objects.requireNonNull(reading.getCache("lag"));
				awaitNearCacheAnswers(writer);
				awaitNearCacheAnswers(reader);
				List<Long> afterPut = new ArrayList<>();
				List<Long> afterEvict = new ArrayList<>();
				for (int i = 0; i < LAG_WARMUPS + LAG_SAMPLES; i++) {
					afterPut.add(lag(writer, reader, "put-" + i, (key) -> writer.put(key, Price.of(key + "'"))));
					afterEvict.add(lag(writer, reader, "evict-" + i, writer::evict));
				}
				for (String percentile : List.of("50", "99")) {
					String scenario = "near-cache invalidation lag p" + percentile;
					this.benchmarks.record(scenario, "put in another application",
							Measurement.percentile(tail(afterPut), Double.parseDouble(percentile)), "µs", false);
					this.benchmarks.record(scenario, "evict in another application",
							Measurement.percentile(tail(afterEvict), Double.parseDouble(percentile)), "µs", false);
				}
			}
			finally {
				writing.destroy();
				reading.destroy();
			}
		}
	}

	/**
	 * One sample: the writer puts a key, the reader reads it into its near cache; then, timed, the writer changes
	 * it, until the reader's near cache has dropped it (its invalidation counted: a bypass of the near cache, which
	 * empties it too, would not count).
	 */
	private static long lag(KvCache writer, KvCache reader, String key, Consumer<String> change) {
		writer.put(key, Price.of(key));
		Objects.requireNonNull(reader.get(key));
		if (!Objects.equals(reader.getNearCacheSize(), 1L)) {
			throw new IllegalStateException("The reading application's near cache did not keep '" + key + "' ("
					+ reader.getNearCacheSize() + " entries; bypassed: " + reader.getNearCacheBypassReason() + ")");
		}
		long invalidations = reader.getStatistics().getNearCacheInvalidations();
		long start = System.nanoTime();
		change.accept(key);
		while (reader.getStatistics().getNearCacheInvalidations() == invalidations) {
			if (System.nanoTime() - start > LAG_BOUND_NANOS) {
				throw new IllegalStateException("The reading application's near cache still held '" + key
						+ "' 5 s after the change (bypassed: " + reader.getNearCacheBypassReason() + ")");
			}
			// Leaves the core to the threads that deliver the change when they need it (two cores here).
			Thread.yield();
		}
		return System.nanoTime() - start;
	}

	private static List<Long> tail(List<Long> samples) {
		return samples.subList(LAG_WARMUPS, samples.size());
	}

	private static void awaitNearCacheAnswers(CachingApplication application) throws InterruptedException {
		awaitNearCacheAnswers((KvCache) application.cache());
	}

	private static void awaitNearCacheAnswers(KvCache cache) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (cache.getNearCacheBypassReason() != null) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("The near cache of '" + cache.getName() + "' is bypassed: "
						+ cache.getNearCacheBypassReason());
			}
			Thread.sleep(10);
		}
	}

	/**
	 * An application context with caching enabled, one cache manager, and the {@code @Cacheable} bean.
	 */
	private static final class CachingApplication implements AutoCloseable {

		private final String name;

		private final AnnotationConfigApplicationContext context;

		private final Prices prices;

		CachingApplication(String name, CacheManager cacheManager) {
			this.name = name;
			this.context = new AnnotationConfigApplicationContext();
			this.context.registerBean("cacheManager", CacheManager.class, () -> cacheManager);
			this.context.register(Caching.class);
			this.context.registerBean(Prices.class);
			this.context.refresh();
			this.prices = this.context.getBean(Prices.class);
		}

		Cache cache() {
			return Objects.requireNonNull(this.context.getBean(CacheManager.class).getCache(Prices.CACHE));
		}

		long loads() {
			return this.prices.loads();
		}

		@Override
		public void close() {
			this.context.close();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class Caching {

	}

	/**
	 * The cached method: the value of a key, counting how often it runs.
	 */
	static class Prices {

		static final String CACHE = "prices";

		private final AtomicLong loads = new AtomicLong();

		@Cacheable(CACHE)
		public Price price(String sku) {
			this.loads.incrementAndGet();
			return Price.of(sku);
		}

		/**
		 * How often the method ran (a method of the bean, so that its proxy hands the call to it).
		 */
		public long loads() {
			return this.loads.get();
		}

	}

}
