package io.github.kvspring.data.core;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import io.github.kvspring.server.NatsCluster;
import io.github.kvspring.server.NatsServer;
import io.github.kvspring.test.NatsServerExtension;
import io.github.kvspring.test.UniqueNames;
import io.github.kvspring.test.WithNatsCluster;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.api.PublishAck;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An R3 bucket on a real 3-node cluster: writes and transactions ride out the loss of the stream leader, and reads
 * see this client's own writes.
 */
@WithNatsCluster(nodes = 3)
class KvReplicatedBucketIntegrationTests {

	private final KeyValueTemplate template;

	private final KvBucketAdmin admin;

	private final Connection connection;

	KvReplicatedBucketIntegrationTests(Connection connection) {
		this.connection = connection;
		this.template = new KeyValueTemplate(connection);
		this.admin = new KvBucketAdmin(connection);
	}

	@Test
	void whenStreamLeaderKilledDuringWritesThenWritesResumeAndEveryAcknowledgedWriteIsReadable(NatsCluster cluster)
			throws Exception {
		String bucket = UniqueNames.bucket("r3");
		create(KvBucketDefinition.builder(bucket).replicas(3).build());
		Map<String, Long> acknowledged = new ConcurrentHashMap<>();
		AtomicInteger unknownOutcomes = new AtomicInteger();
		CountDownLatch halfway = new CountDownLatch(100);
		ExecutorService writer = Executors.newSingleThreadExecutor();
		Future<?> writes = writer.submit(() -> {
			for (int i = 0; i < 400; i++) {
				String key = "k." + i;
				try {
					acknowledged.put(key, this.template.put(bucket, key, "v" + i));
				}
				catch (KvWriteOutcomeUnknownException ex) {
					unknownOutcomes.incrementAndGet();
				}
				halfway.countDown();
			}
		});
		NatsServer leader;
		try {
			assertThat(halfway.await(30, TimeUnit.SECONDS)).isTrue();
			leader = cluster.node(leaderOf(bucket));
			leader.kill();
			writes.get(90, TimeUnit.SECONDS);
		}
		finally {
			writer.shutdownNow();
		}
		try {
			assertThat(acknowledged.size() + unknownOutcomes.get()).isEqualTo(400);
			assertThat(unknownOutcomes.get()).as("writes whose outcome is unknown").isLessThanOrEqualTo(5);
			assertThat(leaderOf(bucket)).isNotEqualTo(leader.name());
			acknowledged.forEach((key, revision) -> {
				KvEntry<String> entry = this.template.get(bucket, key, String.class);
				assertThat(entry).as("acknowledged write of %s", key).isNotNull();
				assertThat(entry.revision()).isEqualTo(revision);
			});
		}
		finally {
			leader.start();
		}
	}

	@Test
	void whenStreamLeaderKilledDuringTransfersThenEveryAcknowledgedTransferIsAppliedWholeAndNothingElse(
			NatsCluster cluster) throws Exception {
		String bucket = UniqueNames.bucket("r3-tx");
		create(KvBucketDefinition.builder(bucket).replicas(3).history(64).storage(KvStorage.MEMORY).atomicWrites(true)
			.build());
		// Two hundred accounts: each is written about forty times, fewer than the 64 revisions a key keeps, so the
		// checking watch finds every entry however long the leader's loss holds it up (with twenty, a watch held up
		// for a second or two after the kill found entries already removed, and missed them).
		Bank bank = new Bank(this.template, bucket, 200, true);
		NatsServer[] killed = new NatsServer[1];
		try {
			bank.transfer(8, 500, new CountDownLatch(1000), () -> {
				killed[0] = cluster.node(leaderOf(bucket));
				killed[0].kill();
			});
			bank.assertConsistent(10);
		}
		finally {
			if (killed[0] != null) {
				killed[0].start();
			}
		}
	}

	@Test
	void whenAKeyIsWrittenAsASerializableTransactionCommitsThenNoneCommitsOnAStaleReadOfIt() throws Exception {
		// On a replicated stream the server checks a wildcard only against writes it has applied (171 of 279
		// batches let a write still being replicated through, measured), so the commit checks the stream's last
		// sequence, which counts those too. Here a write of the key read is sent just before each commit, on the
		// same connection: the server takes it first, and it is still being replicated when the commit comes.
		String bucket = UniqueNames.bucket("r3-serial");
		create(KvBucketDefinition.builder(bucket).replicas(3).atomicWrites(true).build());
		List<CompletableFuture<Message>> writes = Collections.synchronizedList(new ArrayList<>());
		AtomicBoolean racing = new AtomicBoolean(true);
		String written = KvSubjects.subject(bucket, "d.y");
		Connection connection = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { Connection.class }, (proxy, method, arguments) -> {
					if (racing.get() && method.getName().equals("requestWithTimeout") && arguments.length == 4
							&& arguments[1] instanceof Headers headers && headers.containsKey("Nats-Batch-Commit")) {
						writes.add(this.connection.request(written, null, new byte[] { 'w' }));
					}
					try {
						return method.invoke(this.connection, arguments);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
		KeyValueTemplate template = new KeyValueTemplate(connection);
		template.put(bucket, "d.y", "0");
		for (int i = 1; i <= 50; i++) {
			try {
				copy(template, bucket, i);
			}
			catch (KvTransactionConflictException ex) {
				// The key changed during the commit: the next transaction reads it again.
			}
		}
		List<Long> revisions = new ArrayList<>();
		for (CompletableFuture<Message> write : writes) {
			revisions.add(new PublishAck(write.get(30, TimeUnit.SECONDS)).getSeqno());
		}
		for (int i = 1; i <= 50; i++) {
			KvEntry<String> copy = this.template.get(bucket, "d.copy." + i, String.class);
			if (copy != null) {
				long seen = Long.parseLong(copy.value());
				assertThat(revisions).as("writes of the key between the revision copy %d read (%d) and its commit (%d)",
						i, seen, copy.revision())
					.noneMatch((revision) -> revision > seen && revision < copy.revision());
			}
		}
		racing.set(false);
		copy(template, bucket, 51);
		assertThat(this.template.get(bucket, "d.copy.51", String.class).value())
			.isEqualTo(Long.toString(this.template.get(bucket, "d.y", String.class).revision()));
	}

	/**
	 * Copies the revision of key {@code d.y} to key {@code d.copy.<i>} in a serializable transaction.
	 */
	private static void copy(KeyValueTemplate template, String bucket, int i) {
		template.executeInTransaction(bucket, KvIsolation.SERIALIZABLE, 1, (transaction) -> {
			transaction.put("d.copy." + i, Long.toString(transaction.get("d.y", String.class).revision()));
			return null;
		});
	}

	@Test
	void whenPutThenGetThousandTimesThenNeverAnOlderRevision(NatsCluster cluster) throws Exception {
		String bucket = UniqueNames.bucket("ryw");
		create(KvBucketDefinition.builder(bucket).replicas(3).build());
		// Stale direct gets come from replicas that lag: read through every node, followers included.
		throughEveryNode(cluster, 1_000, (node, nodeTemplate, i) -> {
			long revision = nodeTemplate.put(bucket, "counter", i);
			KvEntry<Integer> read = nodeTemplate.get(bucket, "counter", Integer.class);
			assertThat(read).isNotNull();
			assertThat(read.revision()).as("read %d through %s after writing revision %d", i, node.name(), revision)
				.isGreaterThanOrEqualTo(revision);
			assertThat(read.value()).isEqualTo(i);
		});
	}

	@Test
	void whenPutThenScanThroughEveryNodeThenTheScanAlwaysHasTheOwnWrite(NatsCluster cluster) throws Exception {
		String bucket = UniqueNames.bucket("scan");
		create(KvBucketDefinition.builder(bucket).replicas(3).build());
		// A scan's consumer lands on any replica (on a follower about 2 times in 3): scan through every node.
		throughEveryNode(cluster, 100, (node, nodeTemplate, i) -> {
			String key = node.name() + "." + i;
			long revision = nodeTemplate.put(bucket, key, i);
			assertThat(nodeTemplate.keys(bucket, node.name() + ".>")).as("keys through %s after writing %s", node.name(),
					key).contains(key).hasSize(i + 1);
			try (Stream<KvEntry<Integer>> entries = nodeTemplate.streamEntries(bucket, Integer.class, key)) {
				assertThat(entries.toList()).singleElement()
					.satisfies((entry) -> assertThat(entry.revision()).isEqualTo(revision));
			}
		});
	}

	@Test
	void whenPutThenGetThatRevisionThroughEveryNodeThenItIsFound(NatsCluster cluster) throws Exception {
		String bucket = UniqueNames.bucket("rev");
		create(KvBucketDefinition.builder(bucket).replicas(3).history(5).build());
		throughEveryNode(cluster, 300, (node, nodeTemplate, i) -> {
			long revision = nodeTemplate.put(bucket, "counter", i);
			KvEntry<Integer> read = nodeTemplate.get(bucket, "counter", revision, Integer.class);
			assertThat(read).as("revision %d read through %s right after writing it", revision, node.name()).isNotNull();
			assertThat(read.value()).isEqualTo(i);
		});
	}

	/**
	 * Runs rounds through a template connected to each node in turn, followers included.
	 */
	private static void throughEveryNode(NatsCluster cluster, int rounds, NodeRound round) throws Exception {
		for (NatsServer node : cluster.nodes()) {
			try (Connection nodeConnection = NatsServerExtension.connect(List.of(node.url()))) {
				KeyValueTemplate nodeTemplate = new KeyValueTemplate(nodeConnection);
				for (int i = 0; i < rounds; i++) {
					round.run(node, nodeTemplate, i);
				}
			}
		}
	}

	@FunctionalInterface
	private interface NodeRound {

		void run(NatsServer node, KeyValueTemplate template, int round);

	}

	/**
	 * Creates a bucket once the cluster has settled: a node another test restarted may still be offline to
	 * placement for a moment (10005).
	 */
	private void create(KvBucketDefinition definition) {
		await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
			.until(() -> this.admin.create(definition) != null);
	}

	private String leaderOf(String bucket) throws Exception {
		return this.connection.jetStreamManagement().getStreamInfo(KvSubjects.stream(bucket)).getClusterInfo()
			.getLeader();
	}

}
