package io.github.kvspring.data.core;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.github.kvspring.data.convert.KvValueConverters;
import io.github.kvspring.server.NatsServer;
import io.github.kvspring.test.NatsServerFreeze;
import io.github.kvspring.test.NatsServerExtension;
import io.github.kvspring.test.UniqueNames;
import io.github.kvspring.test.WithNatsServer;
import io.nats.client.Connection;
import io.nats.client.JetStreamOptions;
import org.awaitility.Awaitility;
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

	@Test
	void whenServerStallsPastTheTimeoutThenBatchWritesAreResentAndEachLandsOnce(NatsServer server,
			Connection connection) throws Exception {
		KeyValueTemplate template = new KeyValueTemplate(connection, KvValueConverters.defaults(),
				JetStreamOptions.builder().requestTimeout(Duration.ofMillis(300)).build());
		String bucket = UniqueNames.bucket("stall");
		new KvBucketAdmin(connection).create(KvBucketDefinition.builder(bucket).history(5).build());
		List<KvWrite> writes = IntStream.range(0, 300).mapToObj((i) -> KvWrite.put("k." + i, "v" + i)).toList();
		long sentBefore = connection.getStatistics().getOutMsgs();
		CompletableFuture<List<KvWriteResult>> batch;
		NatsServerFreeze.freeze(server);
		try {
			batch = CompletableFuture.supplyAsync(() -> template.writeAll(bucket, writes));
			// More messages out than the batch holds: a write got no answer and was sent again.
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> connection.getStatistics().getOutMsgs() > sentBefore + writes.size());
		}
		finally {
			NatsServerFreeze.thaw(server);
		}
		List<KvWriteResult> results = batch.get(30, TimeUnit.SECONDS);
		assertThat(results).allSatisfy((result) -> assertThat(result.succeeded()).isTrue());
		assertThat(results).extracting(KvWriteResult::revision).doesNotHaveDuplicates();
		assertThat(connection.jetStreamManagement().getStreamInfo("KV_" + bucket).getStreamState().getMsgCount())
			.isEqualTo(writes.size());
		assertThat(template.history(bucket, "k.7", String.class)).hasSize(1);
	}

}
