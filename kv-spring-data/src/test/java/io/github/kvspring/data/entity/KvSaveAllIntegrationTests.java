package io.github.kvspring.data.entity;

import java.util.List;
import java.util.stream.IntStream;

import io.github.kvspring.data.convert.KvValueConversionException;
import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.core.KvBucketAdmin;
import io.github.kvspring.data.core.KvBucketDefinition;
import io.github.kvspring.data.core.KvKeyExistsException;
import io.github.kvspring.data.mapping.KvEntity;
import io.github.kvspring.data.mapping.KvMappingContext;
import io.github.kvspring.test.WithNatsServer;
import io.nats.client.Connection;
import org.junit.jupiter.api.Test;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Large batches fail readably: a bounded message, every failure kept, no suppressed exception per failure; a
 * stored value that is not JSON names where it is.
 */
@WithNatsServer
class KvSaveAllIntegrationTests {

	/**
	 * An entity in bucket {@code save-all-items}.
	 *
	 * @param id the id
	 * @param name the name
	 * @param version the revision
	 */
	@KvEntity(bucket = "save-all-items", keyPrefix = "item")
	record Item(@Id String id, String name, @Version long version) {

	}

	private static KvEntityTemplate entities(Connection connection) {
		new KvBucketAdmin(connection).apply(KvBucketDefinition.builder("save-all-items").build(),
				io.github.kvspring.data.core.KvBucketPolicy.CREATE);
		return new KvEntityTemplate(new KeyValueTemplate(connection), new KvMappingContext());
	}

	private static List<Item> items(String prefix, int count) {
		return IntStream.range(0, count).mapToObj((i) -> new Item(prefix + i, "n" + i, 0)).toList();
	}

	@Test
	void whenTenThousandWritesConflictThenMessageIsShortAndEveryFailureIsKept(Connection connection) {
		KvEntityTemplate entities = entities(connection);
		List<Item> batch = items("conflict-", 10_000);
		// Time, against saveAll of new entities, is measured in the benchmarks module.
		assertThat(entities.saveAll(batch)).hasSize(10_000);
		KvSaveAllException failure = catchThrowableOfType(KvSaveAllException.class, () -> entities.saveAll(batch));
		assertThat(failure.getMessage()).hasSizeLessThan(2_000)
			.startsWith("10000 of 10000 entities saved to bucket 'save-all-items' failed (0 applied): "
					+ "10000 KvKeyExistsException; 'item.conflict-0': ");
		assertThat(failure.failures()).hasSize(10_000)
			.allSatisfy((result) -> assertThat(result.failure()).isInstanceOf(KvKeyExistsException.class));
		assertThat(failure.getFailedEntities()).hasSize(10_000);
		assertThat(failure.getSuppressed()).isEmpty();
	}

	@Test
	void whenSavedAgainOverDeletedAndPurgedEntitiesThenOnlyLiveOnesConflict(Connection connection) {
		KvEntityTemplate entities = entities(connection);
		KeyValueTemplate template = new KeyValueTemplate(connection);
		List<Item> batch = items("rerun-", 3_000);
		entities.saveAll(batch);
		for (int i = 0; i < 3_000; i += 3) {
			template.delete("save-all-items", "item.rerun-" + i);
			template.purge("save-all-items", "item.rerun-" + (i + 1));
		}
		KvSaveAllException failure = catchThrowableOfType(KvSaveAllException.class, () -> entities.saveAll(batch));
		assertThat(failure.getSavedEntities()).hasSize(2_000)
			.allSatisfy((item) -> assertThat(Integer.parseInt(((Item) item).id().substring(6)) % 3).isNotEqualTo(2))
			.allSatisfy((item) -> assertThat(((Item) item).version()).isPositive());
		assertThat(failure.failures()).hasSize(1_000)
			.allSatisfy((result) -> assertThat(result.failure()).isInstanceOf(KvKeyExistsException.class));
		assertThat(entities.findById(Item.class, "rerun-0")).isEqualTo(failure.getSavedEntities().get(0));
		assertThat(template.keys("save-all-items", "item.*")).filteredOn((key) -> key.startsWith("item.rerun-"))
			.hasSize(3_000);
	}

	@Test
	void whenStoredValueIsNotJsonThenFindByIdNamesBucketKeyAndRevision(Connection connection) {
		KvEntityTemplate entities = entities(connection);
		long revision = new KeyValueTemplate(connection).put("save-all-items", "item.broken", "{not json".getBytes());
		assertThatExceptionOfType(KvValueConversionException.class)
			.isThrownBy(() -> entities.findById(Item.class, "broken"))
			.withMessageStartingWith("Value of key 'item.broken' at revision " + revision
					+ " in bucket 'save-all-items' cannot be read as " + Item.class.getName());
	}

}
