package io.github.kvspring.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.github.kvspring.server.NatsCluster;
import io.github.kvspring.server.NatsServer;
import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StorageType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A replicated (R3) bucket on a real 3-node cluster keeps serving reads when its stream leader is killed.
 */
@WithNatsCluster(nodes = 3)
class NatsClusterIntegrationTests {

	@Test
	void whenStreamLeaderKilledThenValueStillReadable(NatsCluster cluster) throws Exception {
		Options options = Options.builder().servers(cluster.urls().toArray(String[]::new))
			.reconnectWait(Duration.ofMillis(100)).maxReconnects(-1).build();
		try (Connection connection = Nats.connect(options)) {
			connection.keyValueManagement().create(KeyValueConfiguration.builder().name("replicated")
				.storageType(StorageType.File).replicas(3).build());
			KeyValue bucket = connection.keyValue("replicated");
			long revision = bucket.put("order.1", "placed".getBytes(StandardCharsets.UTF_8));

			String leader = connection.jetStreamManagement().getStreamInfo("KV_replicated").getClusterInfo().getLeader();
			NatsServer leaderNode = cluster.node(leader);
			leaderNode.kill();
			assertThat(leaderNode.isRunning()).isFalse();

			await().atMost(Duration.ofSeconds(15)).ignoreExceptions().untilAsserted(() -> {
				assertThat(bucket.get("order.1").getValueAsString()).isEqualTo("placed");
				assertThat(bucket.get("order.1").getRevision()).isEqualTo(revision);
			});
			await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> assertThat(
					connection.jetStreamManagement().getStreamInfo("KV_replicated").getClusterInfo().getLeader())
				.isNotNull()
				.isNotEqualTo(leader));
		}
	}

}
