package io.github.kvspring.test;

import java.nio.charset.StandardCharsets;

import io.github.kvspring.server.NatsServer;
import io.github.kvspring.server.NatsServerVersion;
import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.Nats;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StorageType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The harness end to end: the provisioned server answers a real client with JetStream and KV.
 */
@WithNatsServer
class SharedNatsServerIntegrationTests {

	@Test
	void whenConnectedThenServerIsSupportedVersionWithJetStream(NatsServer server) throws Exception {
		try (Connection connection = Nats.connect(server.url())) {
			NatsServerVersion version = NatsServerVersion.parse(connection.getServerInfo().getVersion());
			assertThat(version.isSupported()).as("server version %s", version).isTrue();
			assertThat(version).isEqualTo(server.binary().version());
			assertThat(connection.getServerInfo().isJetStreamAvailable()).isTrue();
		}
	}

	@Test
	void whenBucketCreatedThenPutThenGetReadsTheValue(NatsServer server) throws Exception {
		try (Connection connection = Nats.connect(server.url())) {
			connection.keyValueManagement()
				.create(KeyValueConfiguration.builder().name("harness").storageType(StorageType.File).build());
			KeyValue bucket = connection.keyValue("harness");
			long revision = bucket.put("greeting.en", "hello".getBytes(StandardCharsets.UTF_8));
			assertThat(bucket.get("greeting.en")).satisfies((entry) -> {
				assertThat(entry.getValueAsString()).isEqualTo("hello");
				assertThat(entry.getRevision()).isEqualTo(revision);
			});
		}
	}

	@Test
	void whenAskedTwiceThenSameSharedServer(NatsServer first, NatsServer second) {
		assertThat(first).isSameAs(second);
		assertThat(first.isRunning()).isTrue();
	}

}
