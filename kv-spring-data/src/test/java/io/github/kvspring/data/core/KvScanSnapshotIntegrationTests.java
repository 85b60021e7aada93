package io.github.kvspring.data.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.github.kvspring.test.UniqueNames;
import io.github.kvspring.test.WithNatsServer;
import io.nats.client.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Scans answer like one read of the bucket while another client rewrites its keys: each key at most once, every
 * key that existed throughout present with a value it held, and the scan ends however busy the bucket is.
 */
@WithNatsServer
class KvScanSnapshotIntegrationTests {

	private static final int KEYS = 2_000;

	private static final int REWRITTEN = 300;

	private final KeyValueTemplate template;

	private final KeyValueTemplate writer;

	private final KvBucketAdmin admin;

	KvScanSnapshotIntegrationTests(Connection connection) {
		this.template = new KeyValueTemplate(connection);
		this.writer = new KeyValueTemplate(connection);
		this.admin = new KvBucketAdmin(connection);
	}

	@ParameterizedTest(name = "history {0}")
	@ValueSource(ints = { 1, 5 })
	void whenKeysAreRewrittenDuringScansThenEachScanListsEveryKeyExactlyOnce(int history) throws Exception {
		String bucket = filledBucket(history);
		rewriting(bucket, () -> {
			for (int scan = 0; scan < 30; scan++) {
				List<String> keys = assertTimeoutPreemptively(Duration.ofSeconds(30),
						() -> this.template.keys(bucket, "k.>"));
				assertThat(new HashSet<>(keys)).as("keys of scan %d", scan).hasSize(keys.size())
					.containsAll(expectedKeys());
				assertThat(keys).hasSize(KEYS);
			}
		});
	}

	@ParameterizedTest(name = "history {0}")
	@ValueSource(ints = { 1, 5 })
	void whenKeysAreRewrittenDuringScansThenEachScanReadsEveryEntryOnceWithAValueItHeld(int history)
			throws Exception {
		String bucket = filledBucket(history);
		AtomicLong written = rewriting(bucket, () -> {
			for (int round = 0; round < 30; round++) {
				int scan = round;
				List<KvEntry<String>> entries = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
					try (Stream<KvEntry<String>> stream = this.template.streamEntries(bucket, String.class, "k.>")) {
						return stream.toList();
					}
				});
				Map<String, String> values = new HashMap<>();
				entries.forEach((entry) -> assertThat(values.put(entry.key(), entry.value()))
					.as("second entry of %s in scan %d", entry.key(), scan).isNull());
				assertThat(values.keySet()).containsAll(expectedKeys());
				values.forEach((key, value) -> {
					int index = Integer.parseInt(key.substring(2));
					if (index >= REWRITTEN) {
						assertThat(value).as(key).isEqualTo("initial");
					}
					else {
						assertThat(value).as(key).matches("initial|rewrite \\d+");
					}
				});
			}
		});
		assertThat(written.get()).isPositive();
	}

	@Test
	void whenBucketIsWrittenFasterThanTheScanIsReadThenTheScanEnds() {
		String bucket = UniqueNames.bucket("busy");
		this.admin.create(KvBucketDefinition.builder(bucket).build());
		this.template.writeAll(bucket, IntStream.range(0, 100).mapToObj((i) -> KvWrite.put("k." + i, "v")).toList());
		List<String> seen = new ArrayList<>();
		assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
			try (Stream<String> keys = this.template.streamKeys(bucket, KvKeyScope.LIVE)) {
				Iterator<String> iterator = keys.iterator();
				int created = 0;
				while (iterator.hasNext()) {
					seen.add(iterator.next());
					// Two new keys for every key read: a scan that stopped only at "nothing pending" never ended.
					this.writer.put(bucket, "new." + created++, "v");
					this.writer.put(bucket, "new." + created++, "v");
				}
			}
		});
		assertThat(seen).doesNotHaveDuplicates()
			.containsAll(IntStream.range(0, 100).mapToObj((i) -> "k." + i).toList())
			.hasSizeLessThan(1_000);
	}

	@Test
	void whenHistoryIsReadWhileTheKeyIsRewrittenThenItEnds() throws Exception {
		String bucket = filledBucket(64);
		rewriting(bucket, () -> {
			for (int scan = 0; scan < 20; scan++) {
				List<KvEntry<String>> history = assertTimeoutPreemptively(Duration.ofSeconds(30),
						() -> this.template.history(bucket, "k.0", String.class));
				assertThat(history).isNotEmpty().hasSizeLessThanOrEqualTo(64);
				assertThat(history).extracting(KvEntry::revision).isSorted().doesNotHaveDuplicates();
			}
		});
	}

	private String filledBucket(int history) {
		String bucket = UniqueNames.bucket("snapshot");
		this.admin.create(KvBucketDefinition.builder(bucket).history(history).build());
		List<KvWriteResult> results = this.writer.writeAll(bucket,
				IntStream.range(0, KEYS).mapToObj((i) -> KvWrite.put("k." + i, "initial")).toList());
		assertThat(results).allMatch(KvWriteResult::succeeded);
		return bucket;
	}

	private static Set<String> expectedKeys() {
		Set<String> keys = new HashSet<>();
		IntStream.range(0, KEYS).forEach((i) -> keys.add("k." + i));
		return keys;
	}

	/**
	 * Runs the scans while another thread rewrites keys {@code k.0} to {@code k.<REWRITTEN-1>} round and round
	 * and creates keys outside the scanned ones.
	 */
	private AtomicLong rewriting(String bucket, ScanRounds scans) throws Exception {
		AtomicBoolean stop = new AtomicBoolean();
		AtomicLong written = new AtomicLong();
		ExecutorService executor = Executors.newSingleThreadExecutor();
		Future<?> writes = executor.submit(() -> {
			for (long i = 0; !stop.get(); i++) {
				this.writer.put(bucket, "k." + (i % REWRITTEN), "rewrite " + i);
				if (i % 10 == 0) {
					this.writer.put(bucket, "other." + i, "created");
				}
				written.incrementAndGet();
			}
		});
		try {
			scans.run();
		}
		finally {
			stop.set(true);
			executor.shutdown();
		}
		writes.get(30, TimeUnit.SECONDS);
		assertThat(written.get()).as("writes made during the scans").isPositive();
		return written;
	}

	@FunctionalInterface
	private interface ScanRounds {

		void run() throws Exception;

	}

}
