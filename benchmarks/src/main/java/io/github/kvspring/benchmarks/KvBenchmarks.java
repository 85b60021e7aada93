package io.github.kvspring.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.core.KvBucketAdmin;
import io.github.kvspring.data.core.KvBucketDefinition;
import io.github.kvspring.data.entity.KvEntityTemplate;
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

/**
 * Runs every scenario side by side in one process, against one local nats-server (the binary the build
 * provisioned), and writes {@code benchmarks.md} and {@code benchmarks.png} to the folder given as the first
 * argument.
 */
public final class KvBenchmarks {

	private static final int SINGLE_OPS = 3_000;

	private static final int SCAN_SIZE = 10_000;

	private static final String PAYLOAD = "x".repeat(100);

	private final Connection connection;

	private final KeyValueTemplate template;

	private final KvBucketAdmin admin;

	private final ItemRepository repository;

	private final List<Result> results = new ArrayList<>();

	private KvBenchmarks(Connection connection) {
		this.connection = connection;
		this.template = new KeyValueTemplate(connection);
		this.admin = new KvBucketAdmin(connection);
		this.repository = new KvRepositoryFactory(new KvEntityTemplate(this.template, new KvMappingContext()))
			.getRepository(ItemRepository.class);
	}

	public static void main(String[] args) throws Exception {
		Path output = Path.of((args.length > 0) ? args[0] : "docs");
		try (NatsServer server = NatsServer.startJetStream();
				Connection connection = Nats.connect(Options.builder().server(server.url())
					.errorListener(new io.nats.client.ErrorListener() {
					})
					.build())) {
			KvBenchmarks benchmarks = new KvBenchmarks(connection);
			benchmarks.run();
			new Report(benchmarks.results, server.binary().version().toString()).write(output);
		}
	}

	private void run() throws Exception {
		singleOperations();
		scans();
		batches();
		queries();
		listenerLatency();
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
		double[] medians = Measurement.interleaved(operations, List.of(variants));
		for (int i = 0; i < variants.length; i++) {
			record(name, variants[i].name(), medians[i], unit, true);
		}
	}

	private void singleOperations() throws Exception {
		reset("bench-raw");
		reset("bench-items");
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
						this.repository.save(new Item("s" + round.get() + "-" + i, "c", i % 100, PAYLOAD, 0));
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

	private void fillItems(int count) {
		reset("bench-items");
		this.repository.saveAll(IntStream.range(0, count)
			.mapToObj((i) -> new Item("i" + i, "cat-" + (i % 1_000), i % 100, PAYLOAD, 0))
			.toList());
	}

	private void scans() throws Exception {
		fillItems(SCAN_SIZE);
		KeyValue raw = this.connection.keyValue("bench-items");
		scenario("findAll 10k", "entries/s", SCAN_SIZE, Measurement.Variant.of("naive keys() + get", () -> {
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
		scenario("count 10k", "entries/s", SCAN_SIZE, Measurement.Variant.of("naive keys()", raw::keys),
				Measurement.Variant.of("repository count", this.repository::count));
	}

	private void batches() throws Exception {
		List<Item> items = IntStream.range(0, SCAN_SIZE)
			.mapToObj((i) -> new Item("b" + i, "cat-" + (i % 1_000), i % 100, PAYLOAD, 0))
			.toList();
		JetStream jetStream = this.connection.jetStream();
		byte[] value = PAYLOAD.getBytes(StandardCharsets.UTF_8);
		scenario("saveAll 10k", "entities/s", SCAN_SIZE,
				new Measurement.Variant("save in a loop", () -> reset("bench-items"), () -> {
					for (Item item : items) {
						this.repository.save(item);
					}
				}), new Measurement.Variant("repository saveAll", () -> reset("bench-items"),
						() -> this.repository.saveAll(items)),
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
		scenario("derived query over 10k", "entries scanned/s", SCAN_SIZE,
				Measurement.Variant.of("repository findAll (baseline)", this.repository::findAll),
				Measurement.Variant.of("selective (10 hits)", () -> this.repository.findByCategory("cat-7")),
				Measurement.Variant.of("broad (half)", () -> this.repository.findByScoreGreaterThanEqual(50)));
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
		List<Long> listenerLatency = new ArrayList<>();
		KvListenerContainer container = new KvListenerContainerFactory(this.template).createContainer(
				KvListenerEndpoint.of("latency", "bench-latency", (entry) -> {
					listenerLatency.add(System.nanoTime() - sentAt[0]);
					received.release();
				}));
		container.start();
		try {
			received.tryAcquire(1, 5, TimeUnit.SECONDS);
			listenerLatency.clear();
			measureLatency(samples, sentAt, received, () -> this.template.put("bench-latency", "l", PAYLOAD));
		}
		finally {
			container.stop();
		}
		record("put → listener latency p50", "raw jnats watch", Measurement.percentile(tail(rawLatency, samples), 50), "µs",
				false);
		record("put → listener latency p50", "@KvListener container", Measurement.percentile(tail(listenerLatency, samples),
				50), "µs", false);
		record("put → listener latency p99", "raw jnats watch", Measurement.percentile(tail(rawLatency, samples), 99), "µs",
				false);
		record("put → listener latency p99", "@KvListener container", Measurement.percentile(tail(listenerLatency, samples),
				99), "µs", false);
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
