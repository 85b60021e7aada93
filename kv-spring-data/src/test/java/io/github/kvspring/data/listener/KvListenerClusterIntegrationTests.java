package io.github.kvspring.data.listener;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.core.KvBucketAdmin;
import io.github.kvspring.data.core.KvBucketDefinition;
import io.github.kvspring.server.NatsCluster;
import io.github.kvspring.server.NatsServer;
import io.github.kvspring.test.NatsServerExtension;
import io.github.kvspring.test.UniqueNames;
import io.github.kvspring.test.WithNatsCluster;
import io.nats.client.Connection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A listener on a replicated bucket keeps receiving, in order and once, when the node it is connected to dies.
 */
@WithNatsCluster(nodes = 3)
class KvListenerClusterIntegrationTests {

	@Test
	void whenConnectedNodeKilledThenListenerResumesOnAnotherNode(NatsCluster cluster, Connection writerConnection)
			throws Exception {
		KeyValueTemplate writer = new KeyValueTemplate(writerConnection);
		String bucket = UniqueNames.bucket("cluster-listen");
		new KvBucketAdmin(writerConnection).create(KvBucketDefinition.builder(bucket).replicas(3).build());
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

}
