package io.github.kvspring.data.repository;

import java.util.List;

import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.entity.KvEntityTemplate;
import io.github.kvspring.data.mapping.KvMappingContext;
import io.github.kvspring.data.repository.support.KvRepositoryFactory;
import io.github.kvspring.test.WithNatsServer;
import io.nats.client.Connection;
import org.junit.jupiter.api.Test;

import org.springframework.data.repository.query.QueryCreationException;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A query method with a keyword the store cannot evaluate fails when the repository is created.
 */
@WithNatsServer
class KvRepositoryFactoryTests {

	interface GeoRepository extends KvRepository<Person, String> {

		List<Person> findByAddressNear(Object point);

	}

	@Test
	void whenKeywordUnsupportedThenRepositoryCreationFailsNamingMethodAndKeyword(Connection connection) {
		KvRepositoryFactory factory = new KvRepositoryFactory(
				new KvEntityTemplate(new KeyValueTemplate(connection), new KvMappingContext()));
		assertThatExceptionOfType(QueryCreationException.class)
			.isThrownBy(() -> factory.getRepository(GeoRepository.class))
			.withMessageContaining("findByAddressNear")
			.withMessageContaining("NEAR");
	}

}
