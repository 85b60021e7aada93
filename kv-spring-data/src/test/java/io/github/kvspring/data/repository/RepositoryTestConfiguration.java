package io.github.kvspring.data.repository;

import java.time.Duration;
import java.util.List;

import io.github.kvspring.data.config.EnableKvAuditing;
import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.core.KvBucketAdmin;
import io.github.kvspring.data.core.KvBucketDefinition;
import io.github.kvspring.data.core.KvBucketPolicy;
import io.github.kvspring.data.entity.KvEntityTemplate;
import io.github.kvspring.data.mapping.KvMappingContext;
import io.github.kvspring.data.mapping.event.AfterConvertCallback;
import io.github.kvspring.data.mapping.event.AfterSaveCallback;
import io.github.kvspring.data.mapping.event.BeforeSaveCallback;
import io.github.kvspring.data.mapping.event.BeforeConvertCallback;
import io.github.kvspring.data.repository.config.EnableKvRepositories;
import io.github.kvspring.test.NatsTestConnectionConfiguration;
import io.nats.client.Connection;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.data.mapping.callback.EntityCallbacks;

/**
 * A plain Spring context (no Boot) with repositories, auditing and callbacks, on the test's server.
 */
@Configuration(proxyBeanMethods = false)
@EnableKvRepositories
@EnableKvAuditing
@Import(NatsTestConnectionConfiguration.class)
class RepositoryTestConfiguration {


	@Bean
	KeyValueTemplate keyValueTemplate(Connection connection) {
		KvBucketAdmin admin = new KvBucketAdmin(connection);
		for (String bucket : List.of("repo-people", "repo-flags", "repo-counters", "repo-invoices", "repo-products")) {
			admin.apply(KvBucketDefinition.builder(bucket).history(5).build(), KvBucketPolicy.CREATE);
		}
		admin.apply(KvBucketDefinition.builder("repo-sessions").limitMarkerTtl(Duration.ofSeconds(1)).build(),
				KvBucketPolicy.CREATE);
		return new KeyValueTemplate(connection);
	}

	/**
	 * The application's own entity template, which the repositories use (and tests can reach).
	 */
	@Bean
	KvEntityTemplate kvEntityTemplate(KeyValueTemplate template, KvMappingContext mappingContext,
			BeanFactory beanFactory) {
		KvEntityTemplate entities = new KvEntityTemplate(template, mappingContext);
		entities.setEntityCallbacks(EntityCallbacks.create(beanFactory));
		return entities;
	}

	@Bean
	AfterConvertCallback<Person> markLoaded() {
		return (person, key) -> {
			person.setLoadedBy(key);
			return person;
		};
	}

	@Bean
	List<String> savedKeys() {
		return new java.util.concurrent.CopyOnWriteArrayList<>();
	}

	@Bean
	BeforeSaveCallback<Person> recordBeforeSave(List<String> savedKeys) {
		return (person, key) -> {
			savedKeys.add("before " + key);
			return person;
		};
	}

	@Bean
	AfterSaveCallback<Person> recordAfterSave(List<String> savedKeys) {
		return (person, key) -> {
			savedKeys.add("after " + key + " v" + person.getVersion());
			return person;
		};
	}

	@Bean
	BeforeConvertCallback<Person> lowerCaseEmail() {
		return (person, bucket) -> {
			if (person.getEmail() != null) {
				person.setEmail(person.getEmail().toLowerCase());
			}
			return person;
		};
	}

}
