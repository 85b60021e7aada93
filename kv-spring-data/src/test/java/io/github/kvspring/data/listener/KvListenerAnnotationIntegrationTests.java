package io.github.kvspring.data.listener;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.kvspring.data.convert.KvValueConversionException;
import io.github.kvspring.data.convert.KvValueConverter;
import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.core.KvBucketAdmin;
import io.github.kvspring.data.core.KvBucketDefinition;
import io.github.kvspring.data.core.KvBucketPolicy;
import io.github.kvspring.data.core.KvEntry;
import io.github.kvspring.data.core.KvOperation;
import io.github.kvspring.data.entity.KvEntityTemplate;
import io.github.kvspring.data.listener.adapter.KvListenerMethodAdapter;
import io.github.kvspring.data.mapping.KvMappingContext;
import io.github.kvspring.test.NatsServerExtension;
import io.github.kvspring.test.NatsTestConnectionConfiguration;
import io.github.kvspring.test.WithNatsServer;
import io.nats.client.Connection;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * {@code @KvListener(containerFactory = ...)} and {@code @KvEntityId} parameters against a real server.
 */
@WithNatsServer
@SpringJUnitConfig(KvListenerAnnotationIntegrationTests.Config.class)
class KvListenerAnnotationIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	@Autowired
	KeyValueTemplate template;

	@Autowired
	Received received;

	@Autowired
	@Qualifier("secondConnection")
	Connection secondConnection;

	@Value("${nats.servers}")
	String servers;

	@Test
	void whenContainerFactoryNamedThenItsTemplateWatchesAndConvertsTheValues() {
		this.template.put("annot-factory", "greeting", "hello");
		await().atMost(WAIT).until(() -> this.received.of("second").size() == 1);
		assertThat(this.received.of("second")).containsExactly("greeting=HELLO");
		await().atMost(WAIT).until(() -> this.received.of("default").size() == 1);
		assertThat(this.received.of("default")).containsExactly("greeting=hello");
		assertThat(this.secondConnection.getStatistics().getInMsgs()).as("messages through the second connection")
			.isPositive();
	}

	@Test
	void whenEntityListenerTakesTheIdThenItArrivesForPutsDeletesAndPurges() {
		this.template.put("annot-parcels", "parcel.p1", "{\"weight\":3}".getBytes(StandardCharsets.UTF_8));
		this.template.delete("annot-parcels", "parcel.p1");
		this.template.put("annot-parcels", "parcel.p2", "{\"weight\":5}".getBytes(StandardCharsets.UTF_8));
		this.template.purge("annot-parcels", "parcel.p2");
		List<String> expected = List.of("PUT p1 3", "DELETE p1 null", "PUT p2 5", "PURGE p2 null");
		for (String listener : List.of("parcel-ids", "parcel-ids-by-value", "second-parcel-ids")) {
			await().atMost(WAIT).until(() -> this.received.of(listener).size() == expected.size());
			assertThat(this.received.of(listener)).as(listener).containsExactlyElementsOf(expected);
		}
	}

	@Test
	void whenKeyIsNotTheEntitysThenTheIdFailureNamesKeyRevisionAndMethod() throws Exception {
		KvListenerMethodAdapter adapter = new KvListenerMethodAdapter(new Listeners(new Received()),
				Listeners.class.getDeclaredMethod("parcelIds", String.class, Parcel.class, KvOperation.class),
				this.template.getConverter(), new KvEntityTemplate(this.template, new KvMappingContext()), Parcel.class);
		KvEntry<byte[]> stray = new KvEntry<>("annot-parcels", "stray.p1", null, 7, Instant.now(), 0,
				KvOperation.DELETE);
		assertThatExceptionOfType(KvValueConversionException.class).isThrownBy(() -> adapter.handle(stray))
			.withMessageStartingWith("Key 'stray.p1' at revision 7 in bucket 'annot-parcels' cannot be read as an id of "
					+ Parcel.class.getName() + " for Listeners.parcelIds: ")
			.withMessageContaining("does not start with 'parcel.'");
	}

	@Test
	void whenContainerFactoryNamesNoFactoryBeanThenRegistrationFailsNamingTheMethod() {
		assertThatIllegalStateException().isThrownBy(() -> refresh(NotAFactoryListeners.class))
			.withMessage("@KvListener NotAFactoryListeners.onOrder names containerFactory 'keyValueTemplate', "
					+ "but there is no KvListenerContainerFactory bean of that name");
		assertThatIllegalStateException().isThrownBy(() -> refresh(MissingFactoryListeners.class))
			.withMessage("@KvListener MissingFactoryListeners.onOrder names containerFactory 'missing', "
					+ "but there is no KvListenerContainerFactory bean of that name");
	}

	@Test
	void whenEntityIdWithoutEntityTypeThenRegistrationFailsNamingTheMethodAndTheRule() {
		assertThatIllegalStateException().isThrownBy(() -> refresh(NoEntityListeners.class))
			.withMessage("@KvListener method NoEntityListeners.on: parameter 'id': @KvEntityId needs an entity type: "
					+ "set @KvListener(entity = ...) or take a @KvEntity value");
	}

	@Test
	void whenEntityIdOfAnotherTypeThanTheIdThenRegistrationFails() {
		assertThatIllegalStateException().isThrownBy(() -> refresh(WrongIdTypeListeners.class))
			.withMessage("@KvListener method WrongIdTypeListeners.on: parameter 'id': @KvEntityId needs a type "
					+ "assignable from the id type of Parcel (java.lang.String)");
	}

	private void refresh(Class<?> listeners) {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("test", Map.of("nats.servers", this.servers)));
			context.register(FailingConfig.class);
			context.registerBean(listeners);
			context.refresh();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableKvListeners
	@Import({ NatsTestConnectionConfiguration.class, Received.class, Listeners.class })
	static class Config {

		@Bean
		KeyValueTemplate keyValueTemplate(@Qualifier("natsConnection") Connection connection) {
			KvBucketAdmin admin = new KvBucketAdmin(connection);
			for (String bucket : List.of("annot-factory", "annot-parcels")) {
				admin.delete(bucket);
				admin.apply(KvBucketDefinition.builder(bucket).history(10).build(), KvBucketPolicy.CREATE);
			}
			return new KeyValueTemplate(connection);
		}

		@Bean(destroyMethod = "close")
		Connection secondConnection(@Value("${nats.servers}") String servers) {
			return NatsServerExtension.connect(List.of(servers.split(",")));
		}

		@Bean
		@Primary
		KvListenerContainerFactory kvListenerContainerFactory(KeyValueTemplate template) {
			return new KvListenerContainerFactory(template);
		}

		@Bean
		KvListenerContainerFactory secondFactory(@Qualifier("secondConnection") Connection connection) {
			return new KvListenerContainerFactory(new KeyValueTemplate(connection, new ShoutingConverter()));
		}

	}

	static class Listeners {

		private final Received received;

		Listeners(Received received) {
			this.received = received;
		}

		@KvListener(id = "second", bucket = "annot-factory", containerFactory = "${test.factory:secondFactory}")
		void second(String value, @KvKey String key) {
			this.received.add("second", key + "=" + value);
		}

		@KvListener(id = "default", bucket = "annot-factory")
		void byDefault(String value, @KvKey String key) {
			this.received.add("default", key + "=" + value);
		}

		@KvListener(id = "parcel-ids", entity = Parcel.class)
		void parcelIds(@KvEntityId String id, @Nullable Parcel parcel, KvOperation operation) {
			this.received.add("parcel-ids", operation + " " + id + " " + weight(parcel));
		}

		@KvListener(id = "parcel-ids-by-value", bucket = "annot-parcels")
		void parcelIdsByValue(KvOperation operation, @Nullable Parcel parcel, @KvEntityId Object id) {
			this.received.add("parcel-ids-by-value", operation + " " + id + " " + weight(parcel));
		}

		@KvListener(id = "second-parcel-ids", entity = Parcel.class, containerFactory = "secondFactory")
		void secondParcelIds(@KvEntityId String id, @Nullable Parcel parcel, KvOperation operation) {
			this.received.add("second-parcel-ids", operation + " " + id + " " + weight(parcel));
		}

		private static @Nullable Integer weight(@Nullable Parcel parcel) {
			return (parcel != null) ? parcel.weight() : null;
		}

	}

	/**
	 * Reads strings in upper case, so that a listener shows which template converted its values.
	 */
	static final class ShoutingConverter implements KvValueConverter {

		@Override
		public boolean canConvert(Class<?> type) {
			return type == String.class;
		}

		@Override
		public byte[] write(Object value) {
			return value.toString().getBytes(StandardCharsets.UTF_8);
		}

		@Override
		public <T> T read(byte[] data, Class<T> type) {
			return type.cast(new String(data, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableKvListeners
	@Import(NatsTestConnectionConfiguration.class)
	static class FailingConfig {

		@Bean
		KeyValueTemplate keyValueTemplate(Connection connection) {
			return new KeyValueTemplate(connection);
		}

	}

	static class NotAFactoryListeners {

		@KvListener(bucket = "annot-factory", containerFactory = "${test.factory:keyValueTemplate}")
		void onOrder(String value) {
		}

	}

	static class MissingFactoryListeners {

		@KvListener(bucket = "annot-factory", containerFactory = "missing")
		void onOrder(String value) {
		}

	}

	static class NoEntityListeners {

		@KvListener(bucket = "annot-factory")
		void on(@KvEntityId String id, @Nullable String value) {
		}

	}

	static class WrongIdTypeListeners {

		@KvListener(entity = Parcel.class)
		void on(@KvEntityId Long id) {
		}

	}

}
