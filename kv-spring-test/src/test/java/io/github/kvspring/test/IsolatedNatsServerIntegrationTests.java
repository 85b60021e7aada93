package io.github.kvspring.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

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
 * A server of the class's own, restarted under a connected client: the client reconnects and the file store
 * keeps the data.
 */
@WithNatsServer(isolated = true)
class IsolatedNatsServerIntegrationTests {

	@Test
	void whenIsolatedThenNotTheSharedServer(NatsServer server) {
		assertThat(server.url()).isNotEqualTo(TestNatsServers.server(SharedNatsServerIntegrationTests.class,
				SharedNatsServerIntegrationTests.class.getAnnotation(WithNatsServer.class)).url());
	}

	@Test
	void whenServerRestartedThenClientReconnectsAndDataSurvive(NatsServer server) throws Exception {
		Options options = Options.builder().server(server.url()).reconnectWait(Duration.ofMillis(50))
			.maxReconnects(-1).build();
		try (Connection connection = Nats.connect(options)) {
			connection.keyValueManagement()
				.create(KeyValueConfiguration.builder().name("durable").storageType(StorageType.File).build());
			KeyValue bucket = connection.keyValue("durable");
			long revision = bucket.put("k", "v1".getBytes(StandardCharsets.UTF_8));

			server.restart();

			await().atMost(Duration.ofSeconds(10)).until(() -> connection.getStatus() == Connection.Status.CONNECTED);
			await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
				.untilAsserted(() -> assertThat(bucket.get("k").getRevision()).isEqualTo(revision));
			assertThat(bucket.get("k").getValueAsString()).isEqualTo("v1");
		}
	}

}
