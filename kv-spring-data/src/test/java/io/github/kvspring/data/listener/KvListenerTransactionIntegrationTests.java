package io.github.kvspring.data.listener;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.core.KvBucketAdmin;
import io.github.kvspring.data.core.KvBucketDefinition;
import io.github.kvspring.data.core.KvEntry;
import io.github.kvspring.data.core.KvWatchOptions;
import io.github.kvspring.test.UniqueNames;
import io.github.kvspring.test.WithNatsServer;
import io.nats.client.Connection;
import io.nats.client.ForceReconnectOptions;
import io.nats.client.Nats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Transactions reach listeners whole: in one call for a method taking changes, one entry after the other on one
 * thread otherwise; across reconnects (transactions larger than one pull of the watch among them) and a stop in
 * the middle of one. Each transaction {@code t} writes {@code n} keys, all with the value {@code "t:n"}, so that
 * every delivered change can be checked on its own. On a server of this class's own, as it forces reconnects.
 */
@WithNatsServer(isolated = true)
class KvListenerTransactionIntegrationTests {

	/** Sizes written in turn: 300 is more than one pull of a watch (256) holds. */
	private static final int[] SIZES = { 2, 5, 1, 300, 3, 10 };

	@ParameterizedTest(name = "whole changes {0}, concurrency {1}")
	@CsvSource({ "true, 1", "true, 4", "false, 1", "false, 4" })
	void whenTransactionsCommitAcrossReconnectsThenEachReachesTheListenerWholeAndOnce(boolean wholeChanges,
			int concurrency, Connection connection) throws Exception {
		KeyValueTemplate template = new KeyValueTemplate(connection);
		String bucket = bucket(connection);
		Transactions received = new Transactions(wholeChanges);
		KvListenerContainer container = new KvListenerContainerFactory(template).createContainer(
				new KvListenerEndpoint("tx", bucket, List.of(">"), KvWatchOptions.defaults(), concurrency, true,
						received));
		container.start();
		try {
			await().atMost(Duration.ofSeconds(5)).until(container::isConnected);
			// The writer has a connection of its own (only the listener's reconnects) and writes until they are done.
			AtomicBoolean writing = new AtomicBoolean(true);
			AtomicInteger transactions = new AtomicInteger();
			Connection writerConnection = Nats.connect(connection.getConnectedUrl());
			CompletableFuture<Integer> writer = CompletableFuture.supplyAsync(() -> {
				KeyValueTemplate writerTemplate = new KeyValueTemplate(writerConnection);
				int entries = 0;
				while (writing.get() || transactions.get() < 30) {
					entries += commit(writerTemplate, bucket, transactions.getAndIncrement(), 1);
				}
				return entries;
			}).whenComplete((entries, failure) -> close(writerConnection));
			for (int reconnect = 1; reconnect <= 3; reconnect++) {
				int before = received.count();
				await().atMost(Duration.ofSeconds(20)).until(() -> received.count() > before + 10);
				long recoveries = container.getRecoveries();
				connection.forceReconnect(ForceReconnectOptions.builder().flush(Duration.ofMillis(100)).build());
				await().atMost(Duration.ofSeconds(5))
					.until(() -> container.getRecoveries() > recoveries && container.isConnected());
			}
			writing.set(false);
			int entries = writer.get(60, TimeUnit.SECONDS);
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(received.entries())
				.as(() -> "entries received; transactions: " + received.summary()).isGreaterThanOrEqualTo(entries));
			received.assertEachOnceAndWhole(transactions.get());
		}
		finally {
			container.stop();
		}
	}

	@Test
	void whenStoppedWhileATransactionIsHalfHandledThenTheStopLetsItFinishAndTheNextStartGoesOn(Connection connection)
			throws Exception {
		KeyValueTemplate template = new KeyValueTemplate(connection);
		String bucket = bucket(connection);
		CountDownLatch firstEntry = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Transactions received = new Transactions(false) {
			@Override
			public void handle(KvEntry<byte[]> entry) throws Exception {
				if (firstEntry.getCount() > 0) {
					firstEntry.countDown();
					release.await();
				}
				super.handle(entry);
			}
		};
		KvListenerContainer container = new KvListenerContainerFactory(template)
			.createContainer(KvListenerEndpoint.of("stop", bucket, received));
		container.start();
		await().atMost(Duration.ofSeconds(5)).until(container::isConnected);
		template.executeInTransaction(bucket, (transaction) -> {
			for (int i = 0; i < 10; i++) {
				transaction.put("key." + i, "0:10");
			}
			return null;
		});
		assertThat(firstEntry.await(10, TimeUnit.SECONDS)).isTrue();
		CompletableFuture<Void> stop = CompletableFuture.runAsync(container::stop);
		await().atMost(Duration.ofSeconds(5)).until(() -> container.getState() == KvListenerState.STOPPING);
		release.countDown();
		stop.get(10, TimeUnit.SECONDS);
		assertThat(received.entries()).as("entries of the started transaction handled").isEqualTo(10);

		int entries = 10 + commit(template, bucket, 1, 6);
		container.start();
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> received.entries() >= entries);
			received.assertEachOnceAndWhole(7);
		}
		finally {
			container.stop();
		}
	}

	/**
	 * Commits transactions {@code first} to {@code first + count - 1}, sizes taken in turn from {@link #SIZES}.
	 * @return the entries written
	 */
	private static int commit(KeyValueTemplate template, String bucket, int first, int count) {
		int entries = 0;
		for (int n = first; n < first + count; n++) {
			int t = n;
			int size = SIZES[t % SIZES.length];
			String value = t + ":" + size;
			template.executeInTransaction(bucket, (transaction) -> {
				for (int i = 0; i < size; i++) {
					// Keys of its own: a bucket keeps at most 64 revisions of a key, and a listener behind by more
					// would find the oldest removed (a watch delivers what the stream holds).
					transaction.put("t" + t + "." + i, value);
				}
				return null;
			});
			entries += size;
		}
		return entries;
	}

	private static void close(Connection connection) {
		try {
			connection.close();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static String bucket(Connection connection) {
		String bucket = UniqueNames.bucket("listen-tx");
		new KvBucketAdmin(connection)
			.create(KvBucketDefinition.builder(bucket).history(64).atomicWrites(true).build());
		return bucket;
	}

	/**
	 * What the listener was handed: whole changes (each must be one transaction, all of it), or entries (each
	 * transaction's entries one after the other on one thread).
	 */
	static class Transactions implements KvEntryHandler {

		private final boolean wholeChanges;

		/** Per transaction, what reached the method: one list per call, or the entries of one thread in order. */
		private final Map<Integer, List<String>> byTransaction = new ConcurrentHashMap<>();

		private final Map<Integer, Integer> sizes = new ConcurrentHashMap<>();

		private final Map<Thread, List<String>> byThread = new ConcurrentHashMap<>();

		private final Set<String> handledRevisions = ConcurrentHashMap.newKeySet();

		private final List<String> failures = Collections.synchronizedList(new ArrayList<>());

		private final AtomicInteger changes = new AtomicInteger();

		private final AtomicInteger entries = new AtomicInteger();

		Transactions(boolean wholeChanges) {
			this.wholeChanges = wholeChanges;
		}

		@Override
		public boolean takesWholeChanges() {
			return this.wholeChanges;
		}

		@Override
		public void handleChange(List<KvEntry<byte[]>> change) {
			String value = value(change.get(0));
			int transaction = Integer.parseInt(value.substring(0, value.indexOf(':')));
			int size = Integer.parseInt(value.substring(value.indexOf(':') + 1));
			if (change.size() != size || !change.stream().allMatch((entry) -> value(entry).equals(value))) {
				this.failures.add("transaction " + transaction + " of " + size + " came as " + change.size()
						+ " entries: " + change.stream().map((entry) -> entry.key() + "@" + entry.revision()).limit(12).toList());
			}
			for (KvEntry<byte[]> entry : change) {
				record(transaction, entry);
			}
			this.changes.incrementAndGet();
		}

		@Override
		public void handle(KvEntry<byte[]> entry) throws Exception {
			String value = value(entry);
			this.byThread.computeIfAbsent(Thread.currentThread(), (thread) -> Collections.synchronizedList(new ArrayList<>()))
				.add(value);
			record(Integer.parseInt(value.substring(0, value.indexOf(':'))), entry);
		}

		private void record(int transaction, KvEntry<byte[]> entry) {
			String value = value(entry);
			this.sizes.put(transaction, Integer.parseInt(value.substring(value.indexOf(':') + 1)));
			if (!this.handledRevisions.add(entry.key() + "@" + entry.revision())) {
				this.failures.add("revision " + entry.revision() + " of " + entry.key() + " handled twice");
			}
			this.byTransaction.computeIfAbsent(transaction, (t) -> Collections.synchronizedList(new ArrayList<>()))
				.add(entry.key());
			this.entries.incrementAndGet();
		}

		String summary() {
			return new java.util.TreeMap<>(this.byTransaction).entrySet().stream()
				.map((e) -> e.getKey() + "=" + e.getValue().size()).toList() + " " + this.failures;
		}

		int count() {
			return this.wholeChanges ? this.changes.get() : this.entries.get();
		}

		int entries() {
			return this.entries.get();
		}

		/**
		 * Asserts that transactions 0 to {@code count - 1} each arrived once, all of their keys; for entry by
		 * entry, that each one's entries came on one thread with nothing in between.
		 */
		void assertEachOnceAndWhole(int count) {
			assertThat(this.failures).isEmpty();
			assertThat(this.byTransaction.keySet()).hasSize(count);
			this.byTransaction.forEach((transaction, keys) -> assertThat(keys).as("keys of transaction " + transaction)
				.hasSize(this.sizes.get(transaction))
				.doesNotHaveDuplicates());
			for (List<String> calls : this.byThread.values()) {
				// On each thread, a transaction's entries form one run: its value never comes back after another.
				List<String> runs = new ArrayList<>();
				for (String value : calls) {
					if (runs.isEmpty() || !runs.get(runs.size() - 1).equals(value)) {
						runs.add(value);
					}
				}
				assertThat(runs).as("transactions as handled on one thread").doesNotHaveDuplicates();
			}
		}

	}

	private static String value(KvEntry<byte[]> entry) {
		byte[] value = entry.value();
		return (value != null) ? new String(value, StandardCharsets.UTF_8) : "";
	}

}
