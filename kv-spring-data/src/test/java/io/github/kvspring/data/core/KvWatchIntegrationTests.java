package io.github.kvspring.data.core;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.kvspring.test.UniqueNames;
import io.github.kvspring.test.WithNatsServer;
import io.nats.client.Connection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Watches against a real server: filters, live changes, options and the end of the initial data.
 */
@WithNatsServer
class KvWatchIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private final KeyValueTemplate template;

	private final KvBucketAdmin admin;

	private String bucket = "";

	KvWatchIntegrationTests(Connection connection) {
		this.template = new KeyValueTemplate(connection);
		this.admin = new KvBucketAdmin(connection);
	}

	@BeforeEach
	void createBucket() {
		this.bucket = UniqueNames.bucket("watch");
		this.admin.create(KvBucketDefinition.builder(this.bucket).history(10).build());
	}

	@Test
	void whenSingleTokenWildcardThenOnlyDirectChildrenAreSeen() throws Exception {
		RecordingListener<String> star = new RecordingListener<>();
		RecordingListener<String> rest = new RecordingListener<>();
		try (KvSubscription a = this.template.watch(this.bucket, "orders.*", String.class, star);
				KvSubscription b = this.template.watch(this.bucket, "orders.>", String.class, rest)) {
			this.template.put(this.bucket, "orders.1", "a");
			this.template.put(this.bucket, "orders.eu.2", "b");
			this.template.put(this.bucket, "users.1", "c");
			this.template.put(this.bucket, "orders.3", "d");
			await().atMost(WAIT).until(() -> rest.entries.size() == 3);
			await().atMost(WAIT).until(() -> star.entries.size() == 2);
			assertThat(star.keys()).containsExactly("orders.1", "orders.3");
			assertThat(rest.keys()).containsExactly("orders.1", "orders.eu.2", "orders.3");
		}
	}

	@Test
	void whenPutDeletePurgeLiveThenEachArrivesWithItsOperationInOrder() {
		RecordingListener<String> listener = new RecordingListener<>();
		try (KvSubscription watch = this.template.watchAll(this.bucket, String.class, KvWatchOptions.defaults(),
				listener)) {
			long put = this.template.put(this.bucket, "k", "v");
			long delete = this.template.delete(this.bucket, "k");
			// A purge removes the key's earlier entries from the stream: a watch a moment behind (a busy machine)
			// would find them gone, and a watch delivers only what the stream holds.
			await().atMost(WAIT).until(() -> listener.entries.size() == 2);
			long purge = this.template.purge(this.bucket, "k");
			await().atMost(WAIT).until(() -> listener.entries.size() == 3);
			assertThat(listener.describe()).containsExactly("PUT k=v", "DELETE k=null", "PURGE k=null");
			assertThat(listener.entries).extracting(KvEntry::revision).containsExactly(put, delete, purge);
			assertThat(watch.lastRevision()).isEqualTo(purge);
		}
	}

	@Test
	void whenCurrentValuesExistThenDeliveredFirstThenEndOfDataThenLiveChanges() throws Exception {
		this.template.put(this.bucket, "a", "1");
		this.template.put(this.bucket, "a", "2");
		this.template.put(this.bucket, "b", "1");
		this.template.delete(this.bucket, "b");
		RecordingListener<String> listener = new RecordingListener<>();
		try (KvSubscription watch = this.template.watchAll(this.bucket, String.class, KvWatchOptions.defaults(),
				listener)) {
			assertThat(listener.endOfInitialData.await(5, TimeUnit.SECONDS)).isTrue();
			assertThat(listener.entriesAtEndOfInitialData).isEqualTo(2);
			this.template.put(this.bucket, "c", "live");
			await().atMost(WAIT).until(() -> listener.entries.size() == 3);
			assertThat(listener.describe()).containsExactly("PUT a=2", "DELETE b=null", "PUT c=live");
		}
	}

	@Test
	void whenIncludeHistoryThenEveryRetainedRevisionFirst() throws Exception {
		this.template.put(this.bucket, "a", "1");
		this.template.put(this.bucket, "a", "2");
		RecordingListener<String> listener = new RecordingListener<>();
		try (KvSubscription watch = this.template.watch(this.bucket, List.of("a"), String.class,
				KvWatchOptions.defaults().withIncludeHistory(), listener)) {
			assertThat(listener.endOfInitialData.await(5, TimeUnit.SECONDS)).isTrue();
			assertThat(listener.describe()).containsExactly("PUT a=1", "PUT a=2");
		}
	}

	@Test
	void whenFromRevisionThenEveryEntryFromThatRevisionOn() throws Exception {
		this.template.put(this.bucket, "a", "1");
		long second = this.template.put(this.bucket, "b", "1");
		this.template.put(this.bucket, "a", "2");
		RecordingListener<String> listener = new RecordingListener<>();
		try (KvSubscription watch = this.template.watchAll(this.bucket, String.class,
				KvWatchOptions.defaults().withFromRevision(second), listener)) {
			assertThat(listener.endOfInitialData.await(5, TimeUnit.SECONDS)).isTrue();
			assertThat(listener.describe()).containsExactly("PUT b=1", "PUT a=2");
		}
	}

	@Test
	void whenUpdatesOnlyThenEndOfDataAtOnceAndOnlyNewChanges() throws Exception {
		this.template.put(this.bucket, "old", "x");
		RecordingListener<String> listener = new RecordingListener<>();
		try (KvSubscription watch = this.template.watchAll(this.bucket, String.class,
				KvWatchOptions.defaults().withUpdatesOnly(), listener)) {
			assertThat(listener.endOfInitialData.getCount()).isZero();
			this.template.put(this.bucket, "new", "y");
			await().atMost(WAIT).until(() -> listener.entries.size() == 1);
			assertThat(listener.describe()).containsExactly("PUT new=y");
		}
	}

	@Test
	void whenIgnoreDeletesThenMarkersLeftOut() {
		RecordingListener<String> listener = new RecordingListener<>();
		try (KvSubscription watch = this.template.watchAll(this.bucket, String.class,
				KvWatchOptions.defaults().withIgnoreDeletes(), listener)) {
			this.template.put(this.bucket, "k", "1");
			this.template.delete(this.bucket, "k");
			this.template.purge(this.bucket, "k");
			this.template.put(this.bucket, "k", "2");
			await().atMost(WAIT).until(() -> listener.entries.size() == 2);
			assertThat(listener.describe()).containsExactly("PUT k=1", "PUT k=2");
		}
	}

	@Test
	void whenMetaOnlyThenEntriesWithoutValues() {
		RecordingListener<String> listener = new RecordingListener<>();
		try (KvSubscription watch = this.template.watchAll(this.bucket, String.class,
				KvWatchOptions.defaults().withMetaOnly(), listener)) {
			long revision = this.template.put(this.bucket, "k", "secret");
			await().atMost(WAIT).until(() -> listener.entries.size() == 1);
			assertThat(listener.entries.get(0).value()).isNull();
			assertThat(listener.entries.get(0).revision()).isEqualTo(revision);
		}
	}

	@Test
	void whenBucketEmptyOrNothingMatchesThenEndOfDataStillArrives() throws Exception {
		RecordingListener<String> empty = new RecordingListener<>();
		try (KvSubscription watch = this.template.watchAll(this.bucket, String.class, KvWatchOptions.defaults(),
				empty)) {
			assertThat(empty.endOfInitialData.await(5, TimeUnit.SECONDS)).isTrue();
		}
		this.template.put(this.bucket, "other", "x");
		RecordingListener<String> noMatch = new RecordingListener<>();
		try (KvSubscription watch = this.template.watch(this.bucket, "orders.>", String.class, noMatch)) {
			assertThat(noMatch.endOfInitialData.await(5, TimeUnit.SECONDS)).isTrue();
			assertThat(noMatch.entries).isEmpty();
		}
	}

	@Test
	void whenPurgeAllThenWatcherSeesEveryKeyPurged() {
		for (int i = 0; i < 20; i++) {
			this.template.put(this.bucket, "k." + i, "v");
		}
		RecordingListener<String> listener = new RecordingListener<>();
		try (KvSubscription watch = this.template.watchAll(this.bucket, String.class,
				KvWatchOptions.defaults().withUpdatesOnly(), listener)) {
			this.template.purgeAll(this.bucket);
			await().atMost(WAIT).until(() -> listener.entries.size() == 20);
			assertThat(listener.entries).allSatisfy((entry) -> assertThat(entry.operation()).isEqualTo(KvOperation.PURGE));
			assertThat(listener.keys()).hasSize(20).doesNotHaveDuplicates();
		}
	}

	@Test
	void whenValueCannotBeConvertedThenReportedAndWatchCarriesOn() {
		record Point(int x, int y) {
		}
		RecordingListener<Point> listener = new RecordingListener<>();
		try (KvSubscription watch = this.template.watchAll(this.bucket, Point.class,
				KvWatchOptions.defaults().withUpdatesOnly(), listener)) {
			long bad = this.template.put(this.bucket, "bad", "nope".getBytes(StandardCharsets.UTF_8));
			this.template.put(this.bucket, "good", new Point(1, 2));
			await().atMost(WAIT).until(() -> listener.entries.size() == 1);
			assertThat(listener.conversionFailures).containsExactly("bad@" + bad);
			assertThat(listener.entries.get(0).value()).isEqualTo(new Point(1, 2));
		}
	}

	@Test
	void whenListenerThrowsThenNextEntriesStillArrive() {
		List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
		KvWatchListener<String> failing = (entry) -> {
			seen.add(entry.key());
			if (entry.key().equals("boom")) {
				throw new IllegalStateException("listener failure");
			}
		};
		try (KvSubscription watch = this.template.watchAll(this.bucket, String.class,
				KvWatchOptions.defaults().withUpdatesOnly(), failing)) {
			this.template.put(this.bucket, "boom", "x");
			this.template.put(this.bucket, "after", "y");
			await().atMost(WAIT).until(() -> seen.size() == 2);
			assertThat(seen).containsExactly("boom", "after");
			assertThat(watch.isActive()).isTrue();
		}
	}

	@Test
	void whenStoppedThenNothingMoreIsDelivered() throws Exception {
		RecordingListener<String> stopped = new RecordingListener<>();
		RecordingListener<String> control = new RecordingListener<>();
		KvSubscription watch = this.template.watchAll(this.bucket, String.class, KvWatchOptions.defaults(), stopped);
		try (KvSubscription other = this.template.watchAll(this.bucket, String.class, KvWatchOptions.defaults(),
				control)) {
			assertThat(stopped.endOfInitialData.await(5, TimeUnit.SECONDS)).isTrue();
			watch.stop();
			assertThat(watch.isActive()).isFalse();
			this.template.put(this.bucket, "after-stop", "x");
			// The control watch, started before the put, proves the entry was delivered to watchers.
			await().atMost(WAIT).until(() -> control.entries.size() == 1);
			assertThat(stopped.entries).isEmpty();
		}
	}

	@Test
	void whenAwaitingCatchUpThenEveryEarlierWriteHasReachedTheListener() throws InterruptedException {
		RecordingListener<String> listener = new RecordingListener<>();
		// A slow listener: without waiting, the writes below would still be on their way when they end.
		KvWatchListener<String> slow = (entry) -> {
			java.util.concurrent.locks.LockSupport.parkNanos(200_000);
			listener.onEntry(entry);
		};
		try (KvSubscription watch = this.template.watch(this.bucket, "orders.>", String.class, slow)) {
			List<KvWrite> writes = new java.util.ArrayList<>();
			for (int i = 0; i < 500; i++) {
				writes.add(KvWrite.put("orders." + i, "v" + i));
			}
			this.template.writeAll(this.bucket, writes);
			this.template.put(this.bucket, "users.1", "not watched");
			assertThat(watch.awaitCaughtUp(WAIT)).isTrue();
			assertThat(listener.entries).hasSize(500);
			assertThat(listener.entries.get(499).value()).isEqualTo("v499");
		}
	}

	@Test
	void whenStoppedThenAwaitingCatchUpAnswersFalseAtOnce() throws InterruptedException {
		KvSubscription watch = this.template.watchAll(this.bucket, String.class, KvWatchOptions.defaults(),
				new RecordingListener<>());
		watch.stop();
		assertThat(watch.awaitCaughtUp(WAIT)).isFalse();
		assertThat(watch.lostReason()).isEqualTo("stopped");
	}

	@Test
	void whenStreamPurgedSilentlyThenCatchingUpReportsTheWatchLost() throws InterruptedException {
		try (KvSubscription watch = this.template.watch(this.bucket, "orders.>", String.class,
				new RecordingListener<>())) {
			this.template.put(this.bucket, "orders.1", "v");
			assertThat(watch.awaitCaughtUp(WAIT)).isTrue();
			this.template.purgeAllSilently(this.bucket);
			assertThat(watch.awaitCaughtUp(WAIT)).isFalse();
			assertThat(watch.lostReason()).contains("removed without an event");
		}
	}

	@Test
	void whenCatchUpTimeoutIsShorterThanTheLeaderLookupThenSlowButNotLost() throws InterruptedException {
		try (KvSubscription watch = this.template.watch(this.bucket, "orders.>", String.class,
				new RecordingListener<>())) {
			assertThat(watch.awaitCaughtUp(Duration.ofNanos(1))).isFalse();
			assertThat(watch.lostReason()).isNull();
			assertThat(watch.awaitCaughtUp(WAIT)).isTrue();
		}
	}

}
