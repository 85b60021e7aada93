package io.github.kvspring.data.entity;

import java.util.List;

import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.core.KvBucketAdmin;
import io.github.kvspring.data.core.KvBucketDefinition;
import io.github.kvspring.data.core.KvWrite;
import io.github.kvspring.data.mapping.KvEntity;
import io.github.kvspring.data.mapping.KvMappingContext;
import io.github.kvspring.server.NatsServer;
import io.github.kvspring.test.NatsServerExtension;
import io.github.kvspring.test.WithNatsServer;
import io.nats.client.Connection;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Once the connection is closed or drained, every path fails as a single put does: with a Spring
 * {@link DataAccessException} naming the bucket, never jnats' own {@link IllegalStateException}.
 */
@WithNatsServer(isolated = true)
class KvClosedConnectionIntegrationTests {

	/**
	 * An entity in bucket {@code closed-notes}.
	 *
	 * @param id the id
	 * @param text the text
	 * @param version the revision
	 */
	@KvEntity(bucket = "closed-notes", keyPrefix = "note")
	record Note(@Id String id, String text, @Version long version) {

	}

	@ParameterizedTest
	@ValueSource(strings = { "close", "drain" })
	void whenConnectionClosedThenEveryPathThrowsDataAccessExceptionNamingTheBucket(String how, NatsServer server)
			throws Exception {
		Connection connection = NatsServerExtension.connect(List.of(server.url()));
		KeyValueTemplate template = new KeyValueTemplate(connection);
		KvEntityTemplate entities = new KvEntityTemplate(template, new KvMappingContext());
		new KvBucketAdmin(connection).create(KvBucketDefinition.builder("closed-notes").build());
		entities.save(new Note(how, "x", 0));
		if (how.equals("close")) {
			connection.close();
		}
		else {
			connection.drain(java.time.Duration.ofSeconds(5)).get();
		}
		String bucket = "bucket 'closed-notes'";
		fails(bucket, () -> template.put("closed-notes", "k", "v"));
		fails(bucket, () -> template.get("closed-notes", "k", String.class));
		fails(bucket, () -> template.writeAll("closed-notes", List.of(KvWrite.put("k1", "v"), KvWrite.put("k2", "v"))));
		fails(bucket, () -> template.getAll("closed-notes", List.of("k1", "k2"), String.class));
		fails(bucket, () -> template.keys("closed-notes"));
		fails(bucket, () -> template.streamEntries("closed-notes", String.class).close());
		fails(bucket, () -> entities.saveAll(List.of(new Note("b", "y", 0), new Note("c", "z", 0))));
		fails(bucket, () -> entities.findAllById(Note.class, List.of("a", "b")));
		fails(bucket, () -> entities.stream(Note.class).toList());
		fails(bucket, () -> entities.findById(Note.class, "a"));
	}

	private static void fails(String bucket, Runnable call) {
		assertThatExceptionOfType(DataAccessException.class).isThrownBy(call::run)
			.isInstanceOf(DataAccessResourceFailureException.class)
			.withMessageContaining(bucket)
			.withMessageContaining("closed");
	}

}
