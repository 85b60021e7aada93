package io.github.kvspring.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import io.github.kvspring.data.core.KvEntry;
import io.github.kvspring.data.core.KvStorage;
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
import org.springframework.data.redis.core.RedisConnectionUtils;
import org.springframework.data.redis.core.RedisKeyValueAdapter;
import org.springframework.data.redis.core.RedisKeyValueTemplate;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
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

	/** Accounts the transfers of the transaction scenarios move money among. */
	private static final int ACCOUNTS = 100;

	private static final long OPENING_BALANCE = 1_000;

	/**
	 * Transfers per run: few, as a transaction in a file-storage bucket takes 10 to 20 ms here (the server stages each
	 * atomic batch in a file store of its own), and every variant runs as many.
	 */
	private static final int TRANSFERS = 300;

	/** Ten-key transactions per run: each does five times a transfer's work. */
	private static final int WIDE_TRANSACTIONS = 100;

	private static final int WIDE_KEYS = 10;

	/** The most attempts of a transaction; an uncontended run should never need a second. */
	private static final int TRANSACTION_ATTEMPTS = 10;

	private static final List<String> GROUPS = List.of("single", "scans", "batches", "queries", "listener", "redis",
			"transactions", CacheBenchmarks.GROUP);

	private final Connection connection;

	private final KeyValueTemplate template;

	private final KvBucketAdmin admin;

	private final ItemRepository repository;

	private final List<Result> results = new ArrayList<>();

	private final List<String> notes = new ArrayList<>();

	private String redisVersion = "not run";

	private boolean serverWarmedUp;

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
	 * {@code single,scans,batches,queries,listener,redis,transactions,cache})
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
				case "transactions" -> transactions();
				case CacheBenchmarks.GROUP -> new CacheBenchmarks(this, this.connection).run();
				default -> throw new IllegalArgumentException("Unknown group '" + group + "', expected one of " + GROUPS);
			}
		}
	}

	/**
	 * Adds a paragraph under the report's table.
	 */
	void note(String note) {
		this.notes.add(note);
	}

	void redisVersion(String version) {
		this.redisVersion = version;
	}

	private void reset(String bucket) {
		this.admin.delete(bucket);
		this.admin.create(KvBucketDefinition.builder(bucket).build());
	}

	/**
	 * A fresh server's first ~10,000 writes run up to three times faster than its steady state: gets past them,
	 * once, before the first group that measures writes.
	 */
	void warmUpServer() throws Exception {
		if (this.serverWarmedUp) {
			return;
		}
		reset("bench-warm-up");
		KeyValue raw = this.connection.keyValue("bench-warm-up");
		byte[] value = PAYLOAD.getBytes(StandardCharsets.UTF_8);
		for (int i = 0; i < SERVER_WARMUP_WRITES; i++) {
			raw.put("warm-up." + (i % 100), value);
		}
		this.admin.delete("bench-warm-up");
		this.serverWarmedUp = true;
	}

	void record(String scenario, String variant, double value, String unit, boolean higherIsBetter) {
		this.results.add(new Result(scenario, variant, value, unit, higherIsBetter));
		System.out.printf("%-34s %-28s %,14.0f %s%n", scenario, variant, value, unit);
	}

	void scenario(String name, String unit, int operations, Measurement.Variant... variants)
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
		warmUpServer();
		KeyValue raw = this.connection.keyValue("bench-raw");
		byte[] value = PAYLOAD.getBytes(StandardCharsets.UTF_8);
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
			LettuceConnectionFactory factory = lettuce(server);
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

	/**
	 * A started Lettuce connection factory as Boot configures one without commons-pool2 on the class path: one
	 * shared native connection, and a dedicated connection opened for each session that needs one (a transaction).
	 */
	static LettuceConnectionFactory lettuce(RedisServer server) {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", server.port()));
		factory.afterPropertiesSet();
		factory.start();
		return factory;
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

	/**
	 * Transactions on one thread, uncontended: transfers among {@value #ACCOUNTS} accounts (read each key, write
	 * each key; the balances always add up to the same total) as a kv-spring transaction, beside the same reads and
	 * writes as independent compare-and-set updates (no atomicity: a failure between them leaves half a transfer),
	 * and beside Spring Data Redis's optimistic transaction, {@code WATCH}/{@code MULTI}/{@code EXEC}. Each run
	 * starts from freshly opened accounts in a fresh bucket (or an emptied Redis).
	 */
	private void transactions() throws Exception {
		warmUpServer();
		// The same transaction in a memory-storage bucket, where the server stages the batch in memory.
		Measurement.Variant inMemory = new Measurement.Variant("kv-spring transaction, memory storage",
				() -> openAccounts("bench-tx-memory", KvStorage.MEMORY), () -> {
					for (int i = 0; i < TRANSFERS; i++) {
						transferInTransaction("bench-tx-memory", accounts(i, 2));
					}
				});
		transactions("two-key transfer", TRANSFERS, 2, inMemory);
		requireTotal("two-key transfer, kv-spring transaction, memory storage", balances("bench-tx-memory"));
		transactions("ten-key transaction", WIDE_TRANSACTIONS, WIDE_KEYS);
		try (RedisServer server = RedisServer.start()) {
			this.redisVersion = server.version();
			LettuceConnectionFactory factory = lettuce(server);
			try {
				StringRedisTemplate redis = new StringRedisTemplate(factory);
				Measurement.Work openRedisAccounts = () -> {
					redis.execute((RedisCallback<?>) (redisConnection) -> {
						redisConnection.serverCommands().flushDb();
						return null;
					});
					Map<String, String> accounts = new LinkedHashMap<>();
					for (int account = 0; account < ACCOUNTS; account++) {
						accounts.put(account(account), Long.toString(OPENING_BALANCE));
					}
					redis.opsForValue().multiSet(accounts);
				};
				String scenario = "vs Redis: two-key transfer (WATCH/MULTI/EXEC)";
				scenario(scenario, "transactions/s", TRANSFERS,
						new Measurement.Variant("Spring Data Redis", openRedisAccounts, () -> {
							for (int i = 0; i < TRANSFERS; i++) {
								transferWithRedis(redis, accounts(i, 2));
							}
						}), new Measurement.Variant("Spring Data Redis, connection kept", openRedisAccounts, () -> {
							// What a connection pool gives one thread: the same dedicated connection every time.
							RedisConnectionUtils.bindConnection(factory);
							try {
								for (int i = 0; i < TRANSFERS; i++) {
									transferWithRedis(redis, accounts(i, 2));
								}
							}
							finally {
								RedisConnectionUtils.unbindConnection(factory);
							}
						}), new Measurement.Variant("kv-spring transaction", () -> openAccounts("bench-tx"), () -> {
							for (int i = 0; i < TRANSFERS; i++) {
								transferInTransaction("bench-tx", accounts(i, 2));
							}
						}));
				requireTotal(scenario + ", Spring Data Redis", redis.opsForValue()
					.multiGet(IntStream.range(0, ACCOUNTS).mapToObj(KvBenchmarks::account).toList()));
				requireTotal(scenario + ", kv-spring transaction", balances("bench-tx"));
			}
			finally {
				factory.destroy();
			}
		}
		this.notes.add("**Transactions** (one thread, uncontended). Spring Data Redis runs `WATCH`, `MULTI` and `EXEC` "
				+ "on a dedicated connection: without a connection pool (commons-pool2, absent by default) it opens "
				+ "one for each `execute(SessionCallback)` and closes it after, which the variant \"Spring Data "
				+ "Redis\" pays; \"connection kept\" binds one connection to the thread for the whole run, as a pool "
				+ "would hand the same one back. The reads (`GET`) go over the shared connection in both. In a bucket "
				+ "with file storage and one replica (the default), nats-server stages each atomic batch in a file "
				+ "store of its own, created and removed for the batch (`newBatchStore` in its "
				+ "`server/jetstream_batching.go`); with memory storage it stages it in memory.");
	}

	/**
	 * A kv-spring transaction beside independent compare-and-set updates of the same keys, each in a bucket of its
	 * own (file storage, the default), opened afresh before each run; then any other variants.
	 */
	private void transactions(String scenario, int transactions, int keys, Measurement.Variant... others)
			throws Exception {
		List<Measurement.Variant> variants = new ArrayList<>();
		variants.add(new Measurement.Variant("independent compare-and-set updates", () -> openAccounts("bench-tx-cas"),
				() -> {
					for (int i = 0; i < transactions; i++) {
						transferWithUpdates("bench-tx-cas", accounts(i, keys));
					}
				}));
		variants.add(new Measurement.Variant("kv-spring transaction", () -> openAccounts("bench-tx"), () -> {
			for (int i = 0; i < transactions; i++) {
				transferInTransaction("bench-tx", accounts(i, keys));
			}
		}));
		variants.addAll(List.of(others));
		scenario(scenario, "transactions/s", transactions, variants.toArray(Measurement.Variant[]::new));
		requireTotal(scenario + ", independent compare-and-set updates", balances("bench-tx-cas"));
		requireTotal(scenario + ", kv-spring transaction", balances("bench-tx"));
	}

	private void openAccounts(String bucket) {
		openAccounts(bucket, KvStorage.FILE);
	}

	/**
	 * A fresh bucket that accepts atomic writes, with every account at the opening balance.
	 */
	private void openAccounts(String bucket, KvStorage storage) {
		this.admin.delete(bucket);
		this.admin.create(KvBucketDefinition.builder(bucket).atomicWrites(true).storage(storage).build());
		for (int account = 0; account < ACCOUNTS; account++) {
			this.template.put(bucket, account(account), Long.toString(OPENING_BALANCE));
		}
	}

	private static String account(int account) {
		return "account." + account;
	}

	/**
	 * The accounts the {@code i}th transaction moves money among: {@code keys} consecutive ones, never the same
	 * twice in a transaction.
	 */
	private static List<String> accounts(int i, int keys) {
		return IntStream.range(0, keys).mapToObj((k) -> account((i * keys + k) % ACCOUNTS)).toList();
	}

	/**
	 * The first account pays each of the others 1: the balances' total stays the same.
	 */
	private static long[] transferred(List<String> accounts, long[] balances) {
		long[] updated = balances.clone();
		updated[0] -= accounts.size() - 1;
		for (int k = 1; k < updated.length; k++) {
			updated[k] += 1;
		}
		return updated;
	}

	private void transferInTransaction(String bucket, List<String> accounts) {
		this.template.executeInTransaction(bucket, TRANSACTION_ATTEMPTS, (transaction) -> {
			long[] balances = new long[accounts.size()];
			for (int k = 0; k < balances.length; k++) {
				balances[k] = Long.parseLong(
						Objects.requireNonNull(transaction.get(accounts.get(k), String.class)).requiredValue());
			}
			long[] updated = transferred(accounts, balances);
			for (int k = 0; k < updated.length; k++) {
				transaction.put(accounts.get(k), Long.toString(updated[k]));
			}
			return null;
		});
	}

	/**
	 * The same reads and writes without a transaction: each key read, then compare-and-set, one after the other.
	 */
	private void transferWithUpdates(String bucket, List<String> accounts) {
		long[] change = transferred(accounts, new long[accounts.size()]);
		for (int k = 0; k < accounts.size(); k++) {
			KvEntry<String> entry = Objects.requireNonNull(this.template.get(bucket, accounts.get(k), String.class));
			long balance = Long.parseLong(entry.requiredValue()) + change[k];
			this.template.update(bucket, accounts.get(k), Long.toString(balance), entry.revision());
		}
	}

	/**
	 * A transfer as a Spring Data Redis user writes it: watch the keys, read them, queue the writes in
	 * {@code MULTI}, {@code EXEC}; an empty result means a watched key changed and nothing was written, so the
	 * whole session runs again.
	 */
	private static void transferWithRedis(StringRedisTemplate redis, List<String> accounts) {
		for (int attempt = 1;; attempt++) {
			List<Object> results = redis.execute(new SessionCallback<List<Object>>() {
				@Override
				@SuppressWarnings("unchecked")
				public <K, V> List<Object> execute(RedisOperations<K, V> operations) {
					RedisOperations<String, String> session = (RedisOperations<String, String>) operations;
					session.watch(accounts);
					long[] balances = new long[accounts.size()];
					for (int k = 0; k < balances.length; k++) {
						String balance = session.opsForValue().get(accounts.get(k));
						balances[k] = Long.parseLong(Objects.requireNonNull(balance));
					}
					long[] updated = transferred(accounts, balances);
					session.multi();
					for (int k = 0; k < updated.length; k++) {
						session.opsForValue().set(accounts.get(k), Long.toString(updated[k]));
					}
					return session.exec();
				}
			});
			if (results != null && !results.isEmpty()) {
				return;
			}
			if (attempt >= TRANSACTION_ATTEMPTS) {
				throw new IllegalStateException("A Redis transfer among " + accounts + " met a conflict "
						+ TRANSACTION_ATTEMPTS + " times");
			}
		}
	}

	private List<String> balances(String bucket) {
		return IntStream.range(0, ACCOUNTS)
			.mapToObj((account) -> Objects.requireNonNull(this.template.get(bucket, account(account), String.class))
				.requiredValue())
			.toList();
	}

	/**
	 * Checks that a run's transfers kept the balances' total, each written as it was read.
	 */
	private static void requireTotal(String what, List<String> balances) {
		long total = balances.stream().mapToLong(Long::parseLong).sum();
		if (total != ACCOUNTS * OPENING_BALANCE) {
			throw new IllegalStateException(what + ": the balances add up to " + total + ", not "
					+ ACCOUNTS * OPENING_BALANCE);
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
