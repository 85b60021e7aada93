package io.github.kvspring.data.entity;

import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.core.KvBucketAdmin;
import io.github.kvspring.data.core.KvBucketDefinition;
import io.github.kvspring.data.core.KvBucketPolicy;
import io.github.kvspring.data.mapping.KvEntity;
import io.github.kvspring.data.mapping.KvMappingContext;
import io.github.kvspring.test.WithNatsServer;
import io.nats.client.Connection;
import org.junit.jupiter.api.Test;

import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * An entity type read through {@link KeyValueTemplate} instead of its repository: refused with the way to read
 * it, since the stored JSON holds neither the id's key nor the version.
 */
@WithNatsServer
class KvEntityThroughTemplateIntegrationTests {

	/**
	 * An entity.
	 *
	 * @param id the id
	 * @param balance a primitive
	 * @param version the revision
	 */
	@KvEntity(bucket = "through-template", keyPrefix = "account")
	record Account(@Id String id, long balance, @Version long version) {

	}

	@Test
	void whenAnEntityTypeIsReadThroughTheTemplateThenTheErrorSaysToUseTheRepository(Connection connection) {
		new KvBucketAdmin(connection).apply(KvBucketDefinition.builder("through-template").build(),
				KvBucketPolicy.CREATE);
		KeyValueTemplate template = new KeyValueTemplate(connection);
		KvEntityTemplate entities = new KvEntityTemplate(template, new KvMappingContext());
		Account saved = entities.save(new Account("a1", 10, 0));
		assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
			.isThrownBy(() -> template.get("through-template", "account.a1", Account.class))
			.withMessage("Key 'account.a1' in bucket 'through-template' cannot be read as " + Account.class.getName()
					+ " through KeyValueTemplate: it is a @KvEntity, whose id comes from the key and whose @Version "
					+ "is the revision (neither is read from the stored JSON); read it with its repository or "
					+ "KvEntityTemplate");
		assertThat(template.get("through-template", "account.a1", String.class).value()).contains("\"balance\":10");
		assertThat(entities.findById(Account.class, "a1")).isEqualTo(saved);
	}

}
