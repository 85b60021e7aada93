package io.github.kvspring.data.core;

import java.io.IOException;

import io.github.kvspring.server.NatsServer;
import io.github.kvspring.server.NatsServerVersion;
import io.github.kvspring.test.UniqueNames;
import io.github.kvspring.test.WithNatsServer;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import org.junit.jupiter.api.Test;

import org.springframework.dao.InvalidDataAccessApiUsageException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Against a real server without atomic batches: Debian trixie's nats-server 2.10, older than the project
 * supports (2.11). A bucket declared with atomic writes is refused with the server's version and the property
 * named, and nothing is created or changed; a plain bucket still reads and writes there. Skipped, saying why,
 * where trixie's package cannot be provisioned.
 */
@WithNatsServer(debianSuite = "trixie")
class KvOldServerIntegrationTests {

	private final Connection connection;

	private final KeyValueTemplate template;

	private final KvBucketAdmin admin;

	private final String version;

	KvOldServerIntegrationTests(NatsServer server, Connection connection) {
		assertThat(server.binary().version()).as("a server without atomic batches")
			.isLessThan(new NatsServerVersion(2, 12, 0));
		this.connection = connection;
		this.template = new KeyValueTemplate(connection);
		this.admin = new KvBucketAdmin(connection);
		this.version = server.binary().version().toString();
		assertThat(connection.getServerInfo().getVersion()).isEqualTo(this.version);
	}

	@Test
	void whenABucketWithAtomicWritesIsCreatedThenItIsRefusedNamingTheVersionAndTheProperty() {
		String bucket = UniqueNames.bucket("old-atomic");
		KvBucketDefinition atomic = KvBucketDefinition.builder(bucket).atomicWrites(true).build();
		for (KvBucketPolicy policy : new KvBucketPolicy[] { KvBucketPolicy.CREATE, KvBucketPolicy.CREATE_OR_UPDATE }) {
			assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
				.isThrownBy(() -> this.admin.apply(atomic, policy))
				.withMessage(refusal(bucket));
		}
		assertThatExceptionOfType(InvalidDataAccessApiUsageException.class).isThrownBy(() -> this.admin.create(atomic))
			.withMessage(refusal(bucket));
		assertThat(this.admin.info(bucket)).isNull();
		assertThat(streamExists(bucket)).as("no stream was created").isFalse();
	}

	@Test
	void whenAPlainBucketIsGivenAtomicWritesThenItIsRefusedAndTheBucketStaysAsItWas() {
		String bucket = UniqueNames.bucket("old-plain");
		this.admin.create(KvBucketDefinition.builder(bucket).history(3).build());
		this.template.put(bucket, "k", "v");
		assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
			.isThrownBy(() -> this.admin.apply(KvBucketDefinition.builder(bucket).history(3).atomicWrites(true).build(),
					KvBucketPolicy.CREATE_OR_UPDATE))
			.withMessage(refusal(bucket));
		KvBucketDefinition live = this.admin.info(bucket).definition();
		assertThat(live.atomicWrites()).isFalse();
		assertThat(live.history()).isEqualTo(3);
		assertThat(this.template.get(bucket, "k", String.class).value()).isEqualTo("v");
	}

	@Test
	void whenABucketHasNoAtomicWritesThenItStillReadsAndWrites() {
		String bucket = UniqueNames.bucket("old-plain");
		this.admin.create(KvBucketDefinition.builder(bucket).history(5).build());
		long first = this.template.put(bucket, "a", "1");
		this.template.put(bucket, "a", "2");
		this.template.put(bucket, "b", "3");
		assertThat(this.template.get(bucket, "a", String.class).value()).isEqualTo("2");
		assertThat(this.template.get(bucket, "a", String.class).revision()).isEqualTo(first + 1);
		assertThat(this.template.keys(bucket)).containsExactlyInAnyOrder("a", "b");
		this.template.delete(bucket, "b");
		assertThat(this.template.get(bucket, "b", String.class)).isNull();
	}

	@Test
	void whenATransactionRunsOnABucketWithoutAtomicWritesThenItIsRefusedNamingTheProperty() {
		String bucket = UniqueNames.bucket("old-plain");
		this.admin.create(KvBucketDefinition.builder(bucket).build());
		assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
			.isThrownBy(() -> this.template.executeInTransaction(bucket, (transaction) -> {
				transaction.put("k", "v");
				return null;
			}))
			.withMessageContaining("nats.kv.buckets." + bucket + ".atomic-writes=true");
		assertThat(this.template.keys(bucket)).isEmpty();
	}

	private String refusal(String bucket) {
		return "Bucket '" + bucket + "': atomic writes (which transactions commit with) need nats-server 2.12 or "
				+ "newer, but the server is " + this.version + "; set nats.kv.buckets." + bucket
				+ ".atomic-writes=false (or KvBucketDefinition.atomicWrites(false)) to go without transactions; "
				+ "the bucket was left as it was";
	}

	private boolean streamExists(String bucket) {
		try {
			JetStreamManagement streams = this.connection.jetStreamManagement();
			return streams.getStreamNames().contains(KvSubjects.stream(bucket));
		}
		catch (IOException | JetStreamApiException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
