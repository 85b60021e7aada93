package io.github.kvspring.data.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.core.KvBucketAdmin;
import io.github.kvspring.data.core.KvBucketDefinition;
import io.github.kvspring.data.core.KvWatchLostException;
import io.github.kvspring.server.NatsCluster;
import io.github.kvspring.server.NatsServer;
import io.github.kvspring.test.NatsServerExtension;
import io.github.kvspring.test.UniqueNames;
import io.github.kvspring.test.WithNatsCluster;
import io.nats.client.Connection;
import io.nats.client.api.ConsumerInfo;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A listener on a replicated bucket keeps receiving, in order and once, when the node it is connected to dies,
 * and notices within 2 s when the node holding its server consumer dies while its own connection stays up.
 */
@WithNatsCluster(nodes = 3)
class KvListenerClusterIntegrationTests {

	@Test
	void whenConnectedNodeKilledThenListenerResumesOnAnotherNode(NatsCluster cluster, Connection writerConnection)
			throws Exception {
		KeyValueTemplate writer = new KeyValueTemplate(writerConnection);
		String bucket = UniqueNames.bucket("cluster-listen");
		// The cluster may still be settling after a node restarted by the other test.
		await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> new KvBucketAdmin(writerConnection)
			.create(KvBucketDefinition.builder(bucket).replicas(3).build()) != null);
		try (Connection listenerConnection = NatsServerExtension.connect(cluster.urls())) {
			List<String> seen = new CopyOnWriteArrayList<>();
			KvListenerContainer container = new KvListenerContainerFactory(new KeyValueTemplate(listenerConnection))
				.createContainer(KvListenerEndpoint.of("cluster", bucket, (entry) -> seen.add(entry.key())));
			container.start();
			try {
				IntStream.rangeClosed(1, 5).forEach((i) -> writer.put(bucket, "before." + i, i));
				await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 5);

				NatsServer connectedNode = cluster.nodes().stream()
					.filter((node) -> listenerConnection.getConnectedUrl().endsWith(":" + node.port()))
					.findFirst().orElseThrow();
				connectedNode.kill();
				await().atMost(Duration.ofSeconds(10))
					.until(() -> listenerConnection.getStatus() == Connection.Status.CONNECTED
							&& !listenerConnection.getConnectedUrl().endsWith(":" + connectedNode.port()));
				IntStream.rangeClosed(1, 5).forEach((i) -> writer.put(bucket, "after." + i, i));

				// Without a stream leader (an election takes 5-7 s) no consumer can be created: a watch request made
				// during the election may wait out its request timeout before the container's next attempt succeeds.
				await().atMost(Duration.ofSeconds(15)).until(() -> seen.size() == 10);
				assertThat(seen).containsExactly("before.1", "before.2", "before.3", "before.4", "before.5", "after.1",
						"after.2", "after.3", "after.4", "after.5");
				connectedNode.start();
			}
			finally {
				container.stop();
			}
		}
	}

	@Test
	void whenNodeHostingTheConsumerIsKilledThenLossNoticedWithinTwoSecondsAndNothingLost(NatsCluster cluster,
			Connection writerConnection) throws Exception {
		KeyValueTemplate writer = new KeyValueTemplate(writerConnection);
		String bucket = UniqueNames.bucket("cluster-host");
		// The cluster may still be settling after the node restarted by the other test.
		await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> new KvBucketAdmin(writerConnection)
			.create(KvBucketDefinition.builder(bucket).replicas(3).history(10).build()) != null);
		Deliveries deliveries = new Deliveries(0);
		for (NatsServer listenerNode : cluster.nodes()) {
			// The listener connects to one node only; the consumer must live on another one.
			try (Connection listenerConnection = NatsServerExtension.connect(List.of(listenerNode.url()))) {
				KvListenerContainer container = new KvListenerContainerFactory(new KeyValueTemplate(listenerConnection))
					.createContainer(KvListenerEndpoint.of("host", bucket, deliveries));
				container.start();
				try {
					await().atMost(Duration.ofSeconds(10)).until(container::isConnected);
					ConsumerInfo consumer = writerConnection.jetStreamManagement().getConsumers("KV_" + bucket).get(0);
					NatsServer host = cluster.node(consumer.getClusterInfo().getLeader());
					if (host == listenerNode) {
						continue;
					}
					Map<String, List<Long>> written = new LinkedHashMap<>(
							KvListenerDeliveryIntegrationTests.write(writer, bucket, 20, 5));
					await().atMost(Duration.ofSeconds(5)).until(() -> deliveries.count() == 20);

					host.kill();
					await().atMost(Duration.ofSeconds(2))
						.until(() -> container.getLastFailure() instanceof KvWatchLostException);
					for (int i = 0; i < 5; i++) {
						written.computeIfAbsent("k." + i, (key) -> new ArrayList<>())
							.add(writer.put(bucket, "k." + i, "after-kill"));
					}
					await().atMost(Duration.ofSeconds(20)).until(() -> deliveries.count() == 25);
					deliveries.assertExactly(written);
					assertThat(listenerConnection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
					host.start();
					return;
				}
				finally {
					container.stop();
				}
			}
		}
		throw new AssertionError("The consumer was placed on the listener's own node whichever node it connected to");
	}

}
