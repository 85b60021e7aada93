package io.github.kvspring.data.repository;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import io.github.kvspring.data.convert.KvConversionFailureHandler;
import io.github.kvspring.data.convert.KvValueConversionException;
import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.core.KvBucketAdmin;
import io.github.kvspring.data.core.KvBucketDefinition;
import io.github.kvspring.data.core.KvBucketPolicy;
import io.github.kvspring.data.entity.KvEntityTemplate;
import io.github.kvspring.data.entity.KvStoredEntity;
import io.github.kvspring.data.mapping.KvEntity;
import io.github.kvspring.data.mapping.KvMappingContext;
import io.github.kvspring.data.repository.support.KvRepositoryFactory;
import io.github.kvspring.test.WithNatsServer;
import io.nats.client.Connection;
import org.junit.jupiter.api.Test;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A bucket holding three entities and one value that is not JSON: by default every scan fails naming the bad
 * value's key and revision; with a skipping conversion failure handler scans return the three and report the one.
 */
@WithNatsServer
class KvUnreadableValueIntegrationTests {

	private static final String BUCKET = "repo-unreadable";

	private static final String BROKEN_KEY = "gadget.broken";

	/**
	 * An entity in bucket {@value #BUCKET}.
	 *
	 * @param id the id
	 * @param colour the colour
	 * @param version the revision
	 */
	@KvEntity(bucket = BUCKET, keyPrefix = "gadget")
	record Gadget(@Id String id, String colour, @Version long version) {

	}

	interface GadgetRepository extends KvRepository<Gadget, String> {

		List<Gadget> findByColour(String colour);

		long countByColour(String colour);

		Stream<Gadget> streamByColour(String colour);

	}

	/**
	 * A fresh bucket content: gadgets a and b (red), c (blue), and a value that is not JSON at
	 * {@value #BROKEN_KEY}.
	 * @return the revision of the value that is not JSON
	 */
	private static long store(Connection connection, KvEntityTemplate entities) {
		entities.deleteAll(Gadget.class);
		entities.saveAll(List.of(new Gadget("a", "red", 0), new Gadget("b", "red", 0), new Gadget("c", "blue", 0)));
		return new KeyValueTemplate(connection).put(BUCKET, BROKEN_KEY, "{not json".getBytes());
	}

	private static KvEntityTemplate entities(Connection connection) {
		new KvBucketAdmin(connection).apply(KvBucketDefinition.builder(BUCKET).build(), KvBucketPolicy.CREATE);
		return new KvEntityTemplate(new KeyValueTemplate(connection), new KvMappingContext());
	}

	@Test
	void whenNoHandlerIsSetThenEveryScanFailsNamingTheKeyAndRevision(Connection connection) {
		KvEntityTemplate entities = entities(connection);
		long revision = store(connection, entities);
		GadgetRepository gadgets = new KvRepositoryFactory(entities).getRepository(GadgetRepository.class);
		String where = "Value of key '" + BROKEN_KEY + "' at revision " + revision + " in bucket '" + BUCKET + "'";
		assertThatExceptionOfType(KvValueConversionException.class).isThrownBy(gadgets::findAll)
			.withMessageStartingWith(where)
			.satisfies((failure) -> {
				assertThat(failure.getBucket()).isEqualTo(BUCKET);
				assertThat(failure.getKey()).isEqualTo(BROKEN_KEY);
				assertThat(failure.getRevision()).isEqualTo(revision);
			});
		assertThatExceptionOfType(KvValueConversionException.class).isThrownBy(() -> gadgets.findByColour("red"))
			.withMessageStartingWith(where);
		assertThatExceptionOfType(KvValueConversionException.class).isThrownBy(() -> gadgets.countByColour("red"))
			.withMessageStartingWith(where);
		assertThatExceptionOfType(KvValueConversionException.class)
			.isThrownBy(() -> gadgets.findAllById(List.of("a", "broken")))
			.withMessageStartingWith(where);
	}

	@Test
	void whenSkippingHandlerIsSetThenScansReturnTheReadableEntitiesAndReportTheOther(Connection connection) {
		KvEntityTemplate entities = entities(connection);
		long revision = store(connection, entities);
		List<KvValueConversionException> reported = new CopyOnWriteArrayList<>();
		entities.setConversionFailureHandler(KvConversionFailureHandler.skipping(reported::add));
		GadgetRepository gadgets = new KvRepositoryFactory(entities).getRepository(GadgetRepository.class);

		assertThat(gadgets.findAll()).extracting(Gadget::id).containsExactlyInAnyOrder("a", "b", "c");
		assertThat(reported).singleElement().satisfies((failure) -> {
			assertThat(failure.getBucket()).isEqualTo(BUCKET);
			assertThat(failure.getKey()).isEqualTo(BROKEN_KEY);
			assertThat(failure.getRevision()).isEqualTo(revision);
		});
		reported.clear();
		assertThat(gadgets.findByColour("red")).extracting(Gadget::id).containsExactlyInAnyOrder("a", "b");
		assertThat(gadgets.countByColour("red")).isEqualTo(2);
		try (Stream<Gadget> red = gadgets.streamByColour("red")) {
			assertThat(red).extracting(Gadget::id).containsExactlyInAnyOrder("a", "b");
		}
		try (Stream<KvStoredEntity<Gadget>> all = entities.stream(Gadget.class)) {
			assertThat(all).extracting(KvStoredEntity::key).containsExactlyInAnyOrder("gadget.a", "gadget.b", "gadget.c");
		}
		assertThat(gadgets.findAllById(List.of("a", "broken", "c"))).extracting(Gadget::id).containsExactly("a", "c");
		assertThat(reported).extracting(KvValueConversionException::getKey).containsOnly(BROKEN_KEY).hasSize(5);
		// The repository's count reads keys, not values.
		assertThat(gadgets.count()).isEqualTo(4);
		// A read of the one key still fails.
		assertThatExceptionOfType(KvValueConversionException.class).isThrownBy(() -> gadgets.findById("broken"))
			.withMessageStartingWith("Value of key '" + BROKEN_KEY + "' at revision " + revision);
	}

	@Test
	void whenLoggingHandlerIsSetThenScansLeaveTheUnreadableValueOut(Connection connection) {
		KvEntityTemplate entities = entities(connection);
		store(connection, entities);
		entities.setConversionFailureHandler(KvConversionFailureHandler.logging());
		GadgetRepository gadgets = new KvRepositoryFactory(entities).getRepository(GadgetRepository.class);
		assertThat(gadgets.findAll()).extracting(Gadget::id).containsExactlyInAnyOrder("a", "b", "c");
	}

}
