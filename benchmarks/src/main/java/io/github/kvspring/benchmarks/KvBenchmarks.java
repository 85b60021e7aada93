package io.github.kvspring.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.core.KvBucketAdmin;
import io.github.kvspring.data.core.KvBucketDefinition;
import io.github.kvspring.data.core.KvWatchOptions;
import io.github.kvspring.data.entity.KvEntityTemplate;
import io.github.kvspring.data.entity.KvSaveAllException;
import io.github.kvspring.data.listener.KvListenerContainer;
import io.github.kvspring.data.listener.KvListenerContainerFactory;
import io.github.kvspring.data.listener.KvListenerEndpoint;
import io.github.kvspring.data.mapping.KvMappingContext;
import io.github.kvspring.data.repository.support.KvRepositoryFactory;
import io.github.kvspring.server.NatsServer;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.KeyValue;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueWatchOption;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.api.PublishAck;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.RedisKeyValueAdapter;
import org.springframework.data.redis.core.RedisKeyValueTemplate;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.mapping.RedisMappingContext;
import org.springframework.data.redis.repository.support.RedisRepositoryFactory;

/**
 * Runs every scenario side by side in one process, against one local nats-server (the binary the build
 * provisioned), and writes {@code benchmarks.md} and {@code benchmarks.png} to the folder given as the first
 * argument.
 */
public final class KvBenchmarks {

	private static final int SINGLE_OPS = 3_000;

	private static final int SCAN_SIZE = 10_000;

	private static final int LARGE_SCAN_SIZE = 100_000;

	private static final int SERVER_WARMUP_WRITES = 30_000;

	static final String PAYLOAD = "x".repeat(100);

	private static final List<String> GROUPS = List.of("single", "scans", "batches", "queries", "listener", "redis");

	private final Connection connection;

	private final KeyValueTemplate template;

	private final KvBucketAdmin admin;

	private final ItemRepository repository;

	private final List<Result> results = new ArrayList<>();

	private final List<String> notes = new ArrayList<>();

	private String redisVersion = "not run";

	private KvBenchmarks(Connection connection) {
		this.connection = connection;
		this.template = new KeyValueTemplate(connection);
		this.admin = new KvBucketAdmin(connection);
		this.repository = new KvRepositoryFactory(new KvEntityTemplate(this.template, new KvMappingContext()))
			.getRepository(ItemRepository.class);
	}

	/**
	 * Runs the benchmarks.
	 * @param args the output folder, then optionally a comma-separated list of groups to run (default: all of
	 * {@code single,scans,batches,queries,listener,redis})
	 */
	public static void main(String[] args) throws Exception {
		Path output = Path.of((args.length > 0) ? args[0] : "docs");
		List<String> groups = (args.length > 1) ? List.of(args[1].split(",")) : GROUPS;
		try (NatsServer server = NatsServer.startJetStream();
				Connection connection = Nats.connect(Options.builder().server(server.url())
					.errorListener(new io.nats.client.ErrorListener() {
					})
					.build())) {
			KvBenchmarks benchmarks = new KvBenchmarks(connection);
			benchmarks.run(groups);
			new Report(benchmarks.results, benchmarks.notes, server.binary().version().toString(),
					benchmarks.redisVersion)
				.write(output);
		}
	}

	private void run(List<String> groups) throws Exception {
		for (String group : groups) {
			switch (group) {
				case "single" -> singleOperations();
				case "scans" -> scans();
				case "batches" -> batches();
				case "queries" -> queries();
				case "listener" -> listenerLatency();
				case "redis" -> againstRedis();
				default -> throw new IllegalArgumentException("Unknown group '" + group + "', expected one of " + GROUPS);
			}
		}
	}

	private void reset(String bucket) {
		this.admin.delete(bucket);
		this.admin.create(KvBucketDefinition.builder(bucket).build());
	}

	private void record(String scenario, String variant, double value, String unit, boolean higherIsBetter) {
		this.results.add(new Result(scenario, variant, value, unit, higherIsBetter));
		System.out.printf("%-34s %-28s %,14.0f %s%n", scenario, variant, value, unit);
	}

	private void scenario(String name, String unit, int operations, Measurement.Variant... variants)
			throws Exception {
		scenario(name, unit, operations, Measurement.RUNS, variants);
	}

	private void scenario(String name, String unit, int operations, int runs, Measurement.Variant... variants)
			throws Exception {
		double[] medians = Measurement.interleaved(operations, runs, List.of(variants));
		for (int i = 0; i < variants.length; i++) {
			record(name, variants[i].name(), medians[i], unit, true);
		}
	}

	private void singleOperations() throws Exception {
		reset("bench-raw");
		reset("bench-items");
		KeyValue raw = this.connection.keyValue("bench-raw");
		byte[] value = PAYLOAD.getBytes(StandardCharsets.UTF_8);
		// A fresh server's first ~10,000 writes run up to three times faster than its steady state: get past them.
		for (int i = 0; i < SERVER_WARMUP_WRITES; i++) {
			raw.put("warm-up." + (i % 100), value);
		}
		scenario("put", "ops/s", SINGLE_OPS, Measurement.Variant.of("raw jnats", () -> {
			for (int i = 0; i < SINGLE_OPS; i++) {
				raw.put("k." + i, value);
			}
		}), Measurement.Variant.of("KeyValueTemplate", () -> {
			for (int i = 0; i < SINGLE_OPS; i++) {
				this.template.put("bench-raw", "k." + i, value);
			}
		}));
		scenario("get", "ops/s", SINGLE_OPS, Measurement.Variant.of("raw jnats", () -> {
			for (int i = 0; i < SINGLE_OPS; i++) {
				raw.get("k." + i);
			}
		}), Measurement.Variant.of("KeyValueTemplate", () -> {
			for (int i = 0; i < SINGLE_OPS; i++) {
				this.template.get("bench-raw", "k." + i, byte[].class);
			}
		}));
		AtomicLong round = new AtomicLong();
		scenario("create", "ops/s", SINGLE_OPS, new Measurement.Variant("raw jnats", round::incrementAndGet, () -> {
			for (int i = 0; i < SINGLE_OPS; i++) {
				raw.create("c" + round.get() + "." + i, value);
			}
		}), new Measurement.Variant("KeyValueTemplate", round::incrementAndGet, () -> {
			for (int i = 0; i < SINGLE_OPS; i++) {
				this.template.create("bench-raw", "t" + round.get() + "." + i, value);
			}
		}));
		long[] revision = { raw.put("cas", value) };
		scenario("compare-and-set update", "ops/s", SINGLE_OPS, Measurement.Variant.of("raw jnats", () -> {
			for (int i = 0; i < SINGLE_OPS; i++) {
				revision[0] = raw.update("cas", value, revision[0]);
			}
		}), Measurement.Variant.of("KeyValueTemplate", () -> {
			for (int i = 0; i < SINGLE_OPS; i++) {
				revision[0] = this.template.update("bench-raw", "cas", value, revision[0]);
			}
		}));
		scenario("save new entity (create)", "ops/s", SINGLE_OPS,
				new Measurement.Variant("raw jnats create", round::incrementAndGet, () -> {
					for (int i = 0; i < SINGLE_OPS; i++) {
						raw.create("r" + round.get() + "." + i, value);
					}
				}), new Measurement.Variant("repository save", round::incrementAndGet, () -> {
					for (int i = 0; i < SINGLE_OPS; i++) {
						this.repository.save(Item.numbered("s" + round.get() + "-", i));
					}
				}));
		scenario("findById", "ops/s", SINGLE_OPS, Measurement.Variant.of("raw jnats get", () -> {
			for (int i = 0; i < SINGLE_OPS; i++) {
				raw.get("k." + i);
			}
		}), Measurement.Variant.of("repository findById", () -> {
			for (int i = 0; i < SINGLE_OPS; i++) {
				this.repository.findById("s1-" + i);
			}
		}));
	}

	private static List<Item> items(String prefix, int count) {
		return IntStream.range(0, count).mapToObj((i) -> Item.numbered(prefix, i)).toList();
	}

	private void fillItems(int count) {
		reset("bench-items");
		this.repository.saveAll(items("i", count));
	}

	private void scans() throws Exception {
		fillItems(SCAN_SIZE);
		scan("findAll 10k", SCAN_SIZE, Measurement.RUNS);
		scenario("count 10k", "entries/s", SCAN_SIZE, Measurement.Variant.of("naive keys()", this::rawKeys),
				Measurement.Variant.of("repository count", this.repository::count));
		fillItems(LARGE_SCAN_SIZE);
		// The naive loop takes about 20 s a run at this size: fewer runs.
		scan("findAll 100k", LARGE_SCAN_SIZE, 3);
	}

	private List<String> rawKeys() throws Exception {
		return this.connection.keyValue("bench-items").keys();
	}

	private void scan(String name, int size, int runs) throws Exception {
		KeyValue raw = this.connection.keyValue("bench-items");
		scenario(name, "entries/s", size, runs, Measurement.Variant.of("naive keys() + get", () -> {
			for (String key : raw.keys()) {
				raw.get(key);
			}
		}), Measurement.Variant.of("raw ordered-consumer stream", () -> {
			CountDownLatch done = new CountDownLatch(1);
			try (var watch = raw.watchAll(new KeyValueWatcher() {
				@Override
				public void watch(KeyValueEntry entry) {
				}

				@Override
				public void endOfData() {
					done.countDown();
				}
			}, KeyValueWatchOption.IGNORE_DELETE)) {
				done.await(60, TimeUnit.SECONDS);
			}
		}), Measurement.Variant.of("template streamEntries (bytes)", () -> {
			try (var entries = this.template.streamEntries("bench-items", byte[].class)) {
				entries.forEach((entry) -> {
				});
			}
		}), Measurement.Variant.of("repository findAll", this.repository::findAll));
	}

	private void batches() throws Exception {
		List<Item> items = items("b", SCAN_SIZE);
		JetStream jetStream = this.connection.jetStream();
		byte[] value = PAYLOAD.getBytes(StandardCharsets.UTF_8);
		scenario("saveAll 10k", "entities/s", SCAN_SIZE,
				new Measurement.Variant("save in a loop", () -> reset("bench-items"), () -> {
					for (Item item : items) {
						this.repository.save(item);
					}
				}), new Measurement.Variant("repository saveAll", () -> reset("bench-items"),
						() -> this.repository.saveAll(items)),
				new Measurement.Variant("repository saveAll again (all exist)", () -> {
					reset("bench-items");
					this.repository.saveAll(items);
				}, () -> {
					try {
						this.repository.saveAll(items);
						throw new IllegalStateException("Saving existing items at version 0 must fail");
					}
					catch (KvSaveAllException expected) {
						// Every create met its existing key: the cost measured is the batch's conflict handling.
					}
				}),
				new Measurement.Variant("raw async creates", () -> reset("bench-items"), () -> {
					Semaphore window = new Semaphore(1_000);
					List<CompletableFuture<PublishAck>> acks = new ArrayList<>(SCAN_SIZE);
					for (int i = 0; i < SCAN_SIZE; i++) {
						window.acquire();
						CompletableFuture<PublishAck> ack = jetStream.publishAsync("$KV.bench-items.item.r" + i, value,
								PublishOptions.builder().expectedLastSubjectSequence(0).build());
						ack.whenComplete((result, failure) -> window.release());
						acks.add(ack);
					}
					for (CompletableFuture<PublishAck> ack : acks) {
						ack.get();
					}
				}));
	}

	private void queries() throws Exception {
		fillItems(SCAN_SIZE);
		int queries = 10;
		scenario("derived query over 10k", "queries/s", queries,
				Measurement.Variant.of("repository findAll (baseline)", repeat(queries, this.repository::findAll)),
				Measurement.Variant.of("selective (10 hits), scan",
						repeat(queries, () -> this.repository.findByCategoryIgnoreCase("cat-7"))),
				Measurement.Variant.of("selective (10 hits), @KvIndexed",
						repeat(queries, () -> this.repository.findByCategory("cat-7"))),
				Measurement.Variant.of("broad (half), @KvIndexed but scanned",
						repeat(queries, () -> this.repository.findByTier("gold"))));
	}

	/**
	 * The same entity and operations through Spring Data Redis repositories (Lettuce, Boot's default client)
	 * against a local redis-server; Redis is each scenario's baseline, so the ratio is kv-spring's multiple.
	 */
	private void againstRedis() throws Exception {
		try (RedisServer server = RedisServer.start()) {
			this.redisVersion = server.version();
			LettuceConnectionFactory factory = new LettuceConnectionFactory(
					new RedisStandaloneConfiguration("127.0.0.1", server.port()));
			factory.afterPropertiesSet();
			factory.start();
			RedisTemplate<byte[], byte[]> redisTemplate = new RedisTemplate<>();
			redisTemplate.setConnectionFactory(factory);
			redisTemplate.afterPropertiesSet();
			RedisMappingContext mappingContext = new RedisMappingContext();
			RedisKeyValueAdapter adapter = new RedisKeyValueAdapter(redisTemplate, mappingContext);
			adapter.afterPropertiesSet();
			try {
				RedisRepositoryFactory repositories = new RedisRepositoryFactory(
						new RedisKeyValueTemplate(adapter, mappingContext));
				againstRedis(repositories.getRepository(RedisItemRepository.class),
						repositories.getRepository(VersionedRedisItemRepository.class), () -> redisTemplate.execute((RedisCallback<?>) (redisConnection) -> {
					redisConnection.serverCommands().flushDb();
					return null;
				}));
			}
			finally {
				adapter.destroy();
				factory.destroy();
			}
		}
	}

	private void againstRedis(RedisItemRepository redis, VersionedRedisItemRepository versionedRedis,
			Measurement.Work flushRedis) throws Exception {
		reset("bench-items");
		flushRedis.run();
		AtomicLong round = new AtomicLong();
		scenario("vs Redis: save (new entity)", "ops/s", SINGLE_OPS,
				new Measurement.Variant("Spring Data Redis", round::incrementAndGet, () -> {
					for (int i = 0; i < SINGLE_OPS; i++) {
						redis.save(RedisItem.of(Item.numbered("s" + round.get() + "-", i)));
					}
				}), new Measurement.Variant("kv-spring repository", round::incrementAndGet, () -> {
					for (int i = 0; i < SINGLE_OPS; i++) {
						this.repository.save(Item.numbered("s" + round.get() + "-", i));
					}
				}));
		KeyValue raw = this.connection.keyValue("bench-items");
		List<Item> items = items("i", SCAN_SIZE);
		List<RedisItem> redisItems = items.stream().map(RedisItem::of).toList();
		scenario("vs Redis: saveAll 10k", "entities/s", SCAN_SIZE,
				new Measurement.Variant("Spring Data Redis", flushRedis, () -> redis.saveAll(redisItems)),
				new Measurement.Variant("kv-spring repository", () -> reset("bench-items"),
						() -> this.repository.saveAll(items)));
		scenario("vs Redis: findById", "ops/s", SINGLE_OPS, Measurement.Variant.of("Spring Data Redis", () -> {
			for (int i = 0; i < SINGLE_OPS; i++) {
				requirePresent(redis.findById("i" + i));
			}
		}), Measurement.Variant.of("kv-spring repository", () -> {
			for (int i = 0; i < SINGLE_OPS; i++) {
				requirePresent(this.repository.findById("i" + i));
			}
		}), Measurement.Variant.of("raw jnats get", () -> {
			for (int i = 0; i < SINGLE_OPS; i++) {
				Objects.requireNonNull(raw.get("item.i" + i));
			}
		}));
		scenario("vs Redis: findAll 10k", "entries/s", SCAN_SIZE,
				Measurement.Variant.of("Spring Data Redis", redis::findAll),
				Measurement.Variant.of("kv-spring repository", this.repository::findAll));
		scenario("vs Redis: count 10k", "counts/s", 1, Measurement.Variant.of("Spring Data Redis", redis::count),
				Measurement.Variant.of("kv-spring repository", this.repository::count));
		int queries = 20;
		scenario("vs Redis: selective query (10 of 10k)", "queries/s", queries,
				Measurement.Variant.of("Spring Data Redis", () -> {
					for (int q = 0; q < queries; q++) {
						redis.findByCategory("cat-" + q);
					}
				}), Measurement.Variant.of("kv-spring repository", () -> {
					for (int q = 0; q < queries; q++) {
						this.repository.findByCategory("cat-" + q);
					}
				}));
		scenario("vs Redis: broad query (5k of 10k)", "entries/s", SCAN_SIZE / 2,
				Measurement.Variant.of("Spring Data Redis", () -> redis.findByTier("gold")),
				Measurement.Variant.of("kv-spring repository", () -> this.repository.findByTier("gold")));
		this.notes.add("**A stale save** (an entity saved, two copies read, the first saved with a change, then the "
				+ "second with another). kv-spring (`@Version long version`): " + staleSave(this.repository::save,
						(id) -> this.repository.findById(id).orElseThrow(), Item.numbered("stale-", 1))
				+ ". Spring Data Redis without `@Version`: "
				+ staleSave(redis::save, (id) -> redis.findById(id).orElseThrow(),
						RedisItem.of(Item.numbered("stale-", 1)))
				+ ". Spring Data Redis with `@Version Long version`: "
				+ staleSave(versionedRedis::save, (id) -> versionedRedis.findById(id).orElseThrow(),
						new VersionedRedisItem("stale-1", PAYLOAD, null))
				+ ".");
	}

	private static <T extends BenchmarkEntity<T>> String staleSave(UnaryOperator<T> save, Function<String, T> find,
			T entity) {
		String first = attempt(() -> save.apply(entity));
		T copy = find.apply(entity.id());
		T staleCopy = find.apply(entity.id());
		String fresh = attempt(() -> save.apply(copy.withPayload("first writer")));
		String stale = attempt(() -> save.apply(staleCopy.withPayload("stale writer")));
		String stored = find.apply(entity.id()).payload();
		return "first save " + first + ", save of the first copy " + fresh + ", save of the stale copy " + stale
				+ "; the stored value is then " + (stored.equals(entity.payload()) ? "the original one" : "the " + stored + "'s");
	}

	private static void requirePresent(Optional<?> found) {
		if (found.isEmpty()) {
			throw new IllegalStateException("An entity saved for the benchmark is missing");
		}
	}

	private static String attempt(Supplier<?> save) {
		try {
			Objects.requireNonNull(save.get());
			return "accepted";
		}
		catch (RuntimeException ex) {
			return "refused (" + ex.getClass().getSimpleName() + ")";
		}
	}

	private void listenerLatency() throws Exception {
		reset("bench-latency");
		int samples = 1_000;
		KeyValue raw = this.connection.keyValue("bench-latency");
		List<Long> rawLatency = new ArrayList<>();
		Semaphore received = new Semaphore(0);
		long[] sentAt = new long[1];
		try (var watch = raw.watchAll(new KeyValueWatcher() {
			@Override
			public void watch(KeyValueEntry entry) {
				rawLatency.add(System.nanoTime() - sentAt[0]);
				received.release();
			}

			@Override
			public void endOfData() {
			}
		}, KeyValueWatchOption.UPDATES_ONLY)) {
			measureLatency(samples, sentAt, received, () -> raw.put("l", PAYLOAD.getBytes(StandardCharsets.UTF_8)));
		}
		record("put → listener latency p50", "raw jnats watch", Measurement.percentile(tail(rawLatency, samples), 50), "µs",
				false);
		record("put → listener latency p99", "raw jnats watch", Measurement.percentile(tail(rawLatency, samples), 99), "µs",
				false);
		for (int concurrency : new int[] { 1, 4 }) {
			List<Long> listenerLatency = new ArrayList<>();
			KvListenerContainer container = new KvListenerContainerFactory(this.template).createContainer(
					new KvListenerEndpoint("latency-" + concurrency, "bench-latency", List.of(">"),
							KvWatchOptions.defaults().withUpdatesOnly(), concurrency, true, (entry) -> {
								listenerLatency.add(System.nanoTime() - sentAt[0]);
								received.release();
							}));
			container.start();
			try {
				measureLatency(samples, sentAt, received, () -> this.template.put("bench-latency", "l", PAYLOAD));
			}
			finally {
				container.stop();
			}
			String variant = "@KvListener container, concurrency " + concurrency;
			record("put → listener latency p50", variant, Measurement.percentile(tail(listenerLatency, samples), 50),
					"µs", false);
			record("put → listener latency p99", variant, Measurement.percentile(tail(listenerLatency, samples), 99),
					"µs", false);
		}
	}

	private static Measurement.Work repeat(int times, Measurement.Work work) {
		return () -> {
			for (int i = 0; i < times; i++) {
				work.run();
			}
		};
	}

	private static List<Long> tail(List<Long> all, int count) {
		return all.subList(Math.max(0, all.size() - count), all.size());
	}

	private static void measureLatency(int samples, long[] sentAt, Semaphore received, Measurement.Work put)
			throws Exception {
		for (int i = 0; i < samples + 200; i++) {
			sentAt[0] = System.nanoTime();
			put.run();
			if (!received.tryAcquire(1, 5, TimeUnit.SECONDS)) {
				throw new IllegalStateException("No watch event within 5 s");
			}
		}
	}

}
