package io.github.kvspring.data.listener;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.core.KvBucketAdmin;
import io.github.kvspring.data.core.KvBucketDefinition;
import io.github.kvspring.data.core.KvGroupSettings;
import io.github.kvspring.data.core.KvWatchOptions;
import io.github.kvspring.server.NatsServer;
import io.github.kvspring.test.NatsServerExtension;
import io.github.kvspring.test.UniqueNames;
import io.github.kvspring.test.WithNatsServer;
import io.nats.client.Connection;
import io.nats.client.api.ConsumerInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Group listeners against a real server: members on connections of their own (as instances of an application
 * would be), one of them in a child JVM killed with SIGKILL.
 */
@WithNatsServer(isolated = true)
class KvGroupListenerIntegrationTests {

	private static final Duration FAILOVER = Duration.ofSeconds(2);

	@Test
	void whenThreeMembersShareAGroupThenEachOfTenThousandChangesIsHandledOnceInOrder(NatsServer server,
			Connection connection) throws Exception {
		KeyValueTemplate writer = new KeyValueTemplate(connection);
		String bucket = bucket(connection, "group-once");
		List<Handled> handled = new CopyOnWriteArrayList<>();
		List<Connection> connections = new ArrayList<>();
		List<KvListenerContainer> members = new ArrayList<>();
		try {
			for (int i = 0; i < 3; i++) {
				Connection memberConnection = NatsServerExtension.connect(List.of(server.url()));
				connections.add(memberConnection);
				members.add(member(memberConnection, bucket, "once", "member-" + i, handled));
			}
			members.forEach(KvListenerContainer::start);
			for (int i = 0; i < 10_000; i++) {
				writer.put(bucket, "k." + (i % 500), i);
			}
			await().atMost(Duration.ofSeconds(60)).until(handled::size, (size) -> size >= 10_000);

			assertThat(handled).hasSize(10_000);
			assertThat(handled.stream().map(Handled::revision).distinct()).hasSize(10_000);
			assertInOrderPerKey(handled);
			assertThat(handled.stream().map(Handled::member).distinct()).as("one active member at a time").hasSize(1);
			assertThat(members.stream().filter((member) -> ((KvGroupListenerContainer) member).isActive())).hasSize(1);
			ConsumerInfo consumer = connection.jetStreamManagement()
				.getConsumerInfo("KV_" + bucket, ((KvGroupListenerContainer) members.get(0)).getConsumerName());
			await().atMost(Duration.ofSeconds(5)).until(() -> connection.jetStreamManagement()
				.getConsumerInfo("KV_" + bucket, consumer.getName()).getNumAckPending() == 0);
		}
		finally {
			members.forEach(KvListenerContainer::stop);
			for (Connection memberConnection : connections) {
				memberConnection.close();
			}
		}
	}

	@Test
	void whenMembersRestartOneAfterAnotherThenNothingIsLostRepeatedOrReordered(NatsServer server,
			Connection connection) throws Exception {
		KeyValueTemplate writer = new KeyValueTemplate(connection);
		String bucket = bucket(connection, "group-rolling");
		List<Handled> handled = new CopyOnWriteArrayList<>();
		List<Connection> connections = new ArrayList<>();
		List<KvListenerContainer> members = new ArrayList<>();
		int writes = 3_000;
		try {
			for (int i = 0; i < 3; i++) {
				Connection memberConnection = NatsServerExtension.connect(List.of(server.url()));
				connections.add(memberConnection);
				members.add(member(memberConnection, bucket, "rolling", "member-" + i, handled));
			}
			members.forEach(KvListenerContainer::start);
			Thread writing = new Thread(() -> {
				for (int i = 0; i < writes; i++) {
					writer.put(bucket, "k." + (i % 100), i);
				}
			});
			writing.start();
			for (int round = 0; round < 2; round++) {
				for (KvListenerContainer member : members) {
					int before = handled.size();
					await().atMost(Duration.ofSeconds(30))
						.until(() -> handled.size() >= Math.min(writes, before + 150));
					member.stop();
					member.start();
				}
			}
			writing.join();
			await().atMost(Duration.ofSeconds(60)).until(handled::size, (size) -> size >= writes);

			List<Long> revisions = handled.stream().map(Handled::revision).toList();
			assertThat(revisions).as("handled once each").doesNotHaveDuplicates().hasSize(writes);
			assertThat(revisions).as("in the order written, across members").isSorted();
			assertThat(handled.stream().map(Handled::member).distinct().count()).isGreaterThan(1);
		}
		finally {
			members.forEach(KvListenerContainer::stop);
			for (Connection memberConnection : connections) {
				memberConnection.close();
			}
		}
	}

	@Test
	void whenActiveMembersJvmIsKilledThenAnotherTakesOverFromTheFirstUnacknowledgedChange(NatsServer server,
			Connection connection, @TempDir Path directory) throws Exception {
		KeyValueTemplate writer = new KeyValueTemplate(connection);
		String bucket = bucket(connection, "group-kill");
		Path childOutput = directory.resolve("child.txt");
		Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
				System.getProperty("java.class.path"), KvGroupMemberMain.class.getName(), server.url(), bucket, "kill",
				childOutput.toString())
			.redirectErrorStream(true)
			.redirectOutput(directory.resolve("child.log").toFile())
			.start();
		List<Handled> handled = new CopyOnWriteArrayList<>();
		AtomicLong firstHandledNanos = new AtomicLong();
		try (Connection memberConnection = NatsServerExtension.connect(List.of(server.url()))) {
			writer.put(bucket, "k.first", 0);
			await().atMost(Duration.ofSeconds(30))
				.failFast(() -> !child.isAlive())
				.until(() -> lines(childOutput).size() == 1);
			KvListenerContainer survivor = member(memberConnection, bucket, "kill", "survivor", handled);
			survivor.start();
			int writes = 3_000;
			Thread writing = new Thread(() -> {
				for (int i = 0; i < writes; i++) {
					writer.put(bucket, "k." + (i % 100), i);
				}
			});
			writing.start();
			try {
				await().atMost(Duration.ofSeconds(30)).until(() -> lines(childOutput).size() >= 500);
				assertThat(handled).as("the survivor waits while the child is active").isEmpty();
				long killedAt = System.nanoTime();
				child.destroyForcibly();
				child.waitFor();
				await().atMost(Duration.ofSeconds(30)).until(() -> !handled.isEmpty());
				firstHandledNanos.set(handled.get(0).nanos());
				writing.join();
				List<Long> byChild = lines(childOutput).stream()
					.map((line) -> Long.parseLong(line.substring(line.indexOf(' ') + 1)))
					.toList();
				await().atMost(Duration.ofSeconds(60)).until(() -> covered(byChild, handled), (count) -> count == writes + 1);
				System.out.println("Group failover after SIGKILL: first change handled by the survivor "
						+ Duration.ofNanos(firstHandledNanos.get() - killedAt).toMillis() + " ms after the kill (failover "
						+ "timeout " + FAILOVER.toMillis() + " ms)");

				List<Long> bySurvivor = handled.stream().map(Handled::revision).toList();
				assertThat(bySurvivor).as("in order").isSorted().doesNotHaveDuplicates();
				assertThat(byChild).isSorted().doesNotHaveDuplicates();
				Set<Long> again = new LinkedHashSet<>(bySurvivor);
				again.retainAll(byChild);
				// Handled again only if the child's acknowledgement had not reached the server: its last changes, whose
				// acknowledgements were still in its connection's buffer (22 in one run), never an earlier one.
				assertThat(byChild.subList(byChild.size() - again.size(), byChild.size())).containsExactlyElementsOf(again);
				assertThat(again.size()).isLessThanOrEqualTo(KvGroupSettings.defaults().maxAckPending());
				assertThat(bySurvivor.get(0)).isLessThanOrEqualTo(byChild.get(byChild.size() - 1) + 1);
				assertInOrderPerKey(handled);
				assertThat(Duration.ofNanos(firstHandledNanos.get() - killedAt)).isLessThan(FAILOVER.multipliedBy(3));
			}
			finally {
				survivor.stop();
			}
		}
		finally {
			child.destroyForcibly();
			System.out.println("Child's output: " + Files.readString(directory.resolve("child.log")));
		}
	}

	private static long covered(List<Long> byChild, List<Handled> handled) {
		Set<Long> all = new HashSet<>(byChild);
		handled.forEach((entry) -> all.add(entry.revision()));
		return all.size();
	}

	private static List<String> lines(Path file) throws IOException {
		if (!Files.exists(file)) {
			return List.of();
		}
		String content = Files.readString(file, StandardCharsets.UTF_8);
		int end = content.lastIndexOf('\n');
		return (end < 0) ? List.of() : List.of(content.substring(0, end).split("\n"));
	}

	private static String bucket(Connection connection, String prefix) {
		String bucket = UniqueNames.bucket(prefix);
		// Every write is retained (at most 30 a key), so that every one can be handled.
		new KvBucketAdmin(connection).create(KvBucketDefinition.builder(bucket).history(64).build());
		return bucket;
	}

	private static KvListenerContainer member(Connection connection, String bucket, String group, String name,
			List<Handled> handled) {
		KvListenerContainerFactory factory = new KvListenerContainerFactory(new KeyValueTemplate(connection));
		factory.setGroupSettings(KvGroupSettings.defaults().withFailoverTimeout(FAILOVER));
		KvListenerContainer container = factory.createContainer(new KvListenerEndpoint(name, bucket, List.of(">"),
				KvWatchOptions.defaults().withIncludeHistory(), 1, true,
				(entry) -> handled.add(new Handled(name, entry.key(), entry.revision(), System.nanoTime())), group));
		assertThat(container).isInstanceOf(KvGroupListenerContainer.class);
		return container;
	}

	private static void assertInOrderPerKey(List<Handled> handled) {
		Map<String, Long> last = new HashMap<>();
		for (Handled entry : handled) {
			Long previous = last.put(entry.key(), entry.revision());
			assertThat(entry.revision()).as("revision order of key %s", entry.key())
				.isGreaterThan((previous != null) ? previous : 0);
		}
	}

	private record Handled(String member, String key, long revision, long nanos) {

	}


}
