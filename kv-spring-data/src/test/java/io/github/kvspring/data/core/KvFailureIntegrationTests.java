package io.github.kvspring.data.core;

import java.time.Duration;

import io.github.kvspring.server.NatsServer;
import io.github.kvspring.test.NatsServerExtension;
import io.github.kvspring.test.UniqueNames;
import io.github.kvspring.test.WithNatsServer;
import io.nats.client.Connection;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What callers get when the server is unreachable, gone or without JetStream.
 */
@WithNatsServer(isolated = true)
class KvFailureIntegrationTests {

	@Test
	void whenServerHasNoJetStreamThenErrorSaysSoAtOnce() {
		try (NatsServer plain = NatsServer.builder().jetStream(false).start();
				Connection connection = NatsServerExtension.connect(java.util.List.of(plain.url()))) {
			KeyValueTemplate template = new KeyValueTemplate(connection);
			assertThatExceptionOfType(DataAccessResourceFailureException.class)
				.isThrownBy(() -> template.put("orders", "k", "v"))
				.withMessageContaining("JetStream is not enabled");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Test
	void whenConnectionClosedThenResourceFailure(NatsServer server) throws Exception {
		Connection connection = NatsServerExtension.connect(java.util.List.of(server.url()));
		KeyValueTemplate template = new KeyValueTemplate(connection);
		String bucket = UniqueNames.bucket("closed");
		new KvBucketAdmin(connection).create(KvBucketDefinition.builder(bucket).build());
		connection.close();
		assertThatExceptionOfType(DataAccessResourceFailureException.class)
			.isThrownBy(() -> template.put(bucket, "k", "v"));
		assertThatExceptionOfType(DataAccessResourceFailureException.class)
			.isThrownBy(() -> template.get(bucket, "k", String.class));
	}

	@Test
	void whenServerGoneThenWriteOutcomeUnknownAndReadTimesOut(NatsServer server, Connection connection) {
		KeyValueTemplate template = new KeyValueTemplate(connection);
		String bucket = UniqueNames.bucket("gone");
		new KvBucketAdmin(connection).create(KvBucketDefinition.builder(bucket).build());
		template.put(bucket, "k", "v");
		server.kill();
		try {
			assertThatExceptionOfType(KvWriteOutcomeUnknownException.class)
				.isThrownBy(() -> template.update(bucket, "k", "v2", 1))
				.isNotInstanceOf(TransientDataAccessException.class)
				.withMessageContaining("outcome is unknown");
			assertThatExceptionOfType(QueryTimeoutException.class)
				.isThrownBy(() -> template.get(bucket, "k", String.class));
		}
		finally {
			server.start();
		}
		org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
			.untilAsserted(() -> assertThat(template.get(bucket, "k", String.class)).isNotNull());
	}

}
