package io.github.kvspring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.github.kvspring.autoconfigure.NatsKvProperties.Repositories.UnreadableValues;
import io.github.kvspring.data.config.KvConfigUtils;
import io.github.kvspring.data.convert.KvConversionFailureHandler;
import io.github.kvspring.data.convert.KvValueConverter;
import io.github.kvspring.data.convert.KvValueConverters;
import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.core.KvBucketAdmin;
import io.github.kvspring.data.core.KvBucketDefinition;
import io.github.kvspring.data.entity.KvEntityTemplate;
import io.github.kvspring.data.listener.KvDeadLetterHandler;
import io.github.kvspring.data.listener.KvListenerConfiguration;
import io.github.kvspring.data.listener.KvListenerContainerFactory;
import io.github.kvspring.data.listener.KvListenerErrorHandler;
import io.github.kvspring.data.mapping.DefaultKvKeyCodec;
import io.github.kvspring.data.mapping.KvEntityConverter;
import io.github.kvspring.data.mapping.KvKeyCodec;
import io.github.kvspring.data.mapping.KvMappingContext;
import io.github.kvspring.data.observation.KvListenerObservationConvention;
import io.github.kvspring.data.observation.KvObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStreamOptions;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;
import org.springframework.core.task.TaskExecutor;
import org.springframework.data.mapping.callback.EntityCallbacks;

/**
 * Auto-configures the KV support on the NATS connection: the declared buckets (created or checked as
 * {@code nats.kv.bucket-management} says), the value converter with a JSON mapper of its own, the
 * {@link KeyValueTemplate}, the mapping context and entity template, and {@code @KvListener} processing.
 * <p>
 * The {@link KvListenerContainerFactory} waits {@code nats.kv.listener.shutdown-timeout} for running methods
 * when a listener stops. Listener methods run on a {@link TaskExecutor} bean named
 * {@value #LISTENER_TASK_EXECUTOR_BEAN_NAME} when the application defines one (each listener holds
 * {@code concurrency + 1} of its threads, 1 with a concurrency of 1, so a bounded pool must be large enough for
 * every listener); otherwise on threads of each listener's own, virtual ones with
 * {@code spring.threads.virtual.enabled=true} on Java 21 or newer. The only {@link ObservationRegistry},
 * {@link KvListenerObservationConvention}, {@link KvListenerErrorHandler} and {@link KvDeadLetterHandler} beans are
 * applied too, and the only
 * {@link KvConversionFailureHandler} bean, else {@code nats.kv.repositories.unreadable-values}, decides what the
 * entity template's scans do with a value they cannot read.
 */
@AutoConfiguration(after = NatsAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(KeyValueTemplate.class)
@ConditionalOnBean(Connection.class)
@EnableConfigurationProperties(NatsKvProperties.class)
public final class NatsKvAutoConfiguration {

	/**
	 * The name of the {@link TaskExecutor} bean listener methods run on, when the application defines one.
	 */
	public static final String LISTENER_TASK_EXECUTOR_BEAN_NAME = "kvListenerTaskExecutor";

	/**
	 * The name of the auto-configured {@link KeyValueTemplate} when the application already has a bean of another
	 * type named {@value KvConfigUtils#TEMPLATE_BEAN_NAME}.
	 */
	public static final String FALLBACK_TEMPLATE_BEAN_NAME = "natsKeyValueTemplate";

	@Bean
	@ConditionalOnMissingBean
	JetStreamOptions natsJetStreamOptions(NatsProperties properties) {
		JetStreamOptions.Builder builder = JetStreamOptions.builder();
		NatsProperties.JetStream jetStream = properties.getJetstream();
		if (jetStream.getDomain() != null) {
			builder.domain(jetStream.getDomain());
		}
		if (jetStream.getApiPrefix() != null) {
			builder.prefix(jetStream.getApiPrefix());
		}
		if (jetStream.getRequestTimeout() != null) {
			builder.requestTimeout(jetStream.getRequestTimeout());
		}
		return builder.build();
	}

	@Bean
	@Lazy
	@ConditionalOnMissingBean
	NatsKvJsonMapper natsKvJsonMapper(ObjectProvider<NatsKvJsonMapperBuilderCustomizer> customizers) {
		JsonMapper.Builder builder = JsonMapper.builder().findAndAddModules();
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return new NatsKvJsonMapper(builder.build());
	}

	@Bean
	@ConditionalOnMissingBean
	KvValueConverter kvValueConverter(ObjectProvider<NatsKvJsonMapper> jsonMapper) {
		return KvValueConverters.defaults(() -> jsonMapper.getObject().mapper());
	}

	@Bean
	@ConditionalOnMissingBean
	KvBucketAdmin kvBucketAdmin(Connection connection, JetStreamOptions jetStreamOptions) {
		return new KvBucketAdmin(connection, jetStreamOptions);
	}

	@Bean
	@ConditionalOnMissingBean
	NatsKvBuckets natsKvBuckets(NatsKvProperties properties, KvBucketAdmin admin, Connection connection) {
		return new NatsKvBuckets(properties, admin, connection);
	}

	@Bean(name = KvConfigUtils.TEMPLATE_BEAN_NAME)
	@ConditionalOnMissingBean(value = KeyValueTemplate.class, name = KvConfigUtils.TEMPLATE_BEAN_NAME)
	KeyValueTemplate keyValueTemplate(Connection connection, KvValueConverter converter,
			JetStreamOptions jetStreamOptions, NatsKvProperties properties, NatsKvBuckets buckets,
			ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<KvObservationConvention> observationConvention) {
		return template(connection, converter, jetStreamOptions, properties, buckets, observationRegistry,
				observationConvention);
	}

	/**
	 * The template under another name, when the application has a bean of another type named
	 * {@value KvConfigUtils#TEMPLATE_BEAN_NAME} (another library's, say): everything here finds the template by
	 * type.
	 */
	@Bean(name = FALLBACK_TEMPLATE_BEAN_NAME)
	@ConditionalOnMissingBean(KeyValueTemplate.class)
	@ConditionalOnBean(name = KvConfigUtils.TEMPLATE_BEAN_NAME)
	KeyValueTemplate natsKeyValueTemplate(Connection connection, KvValueConverter converter,
			JetStreamOptions jetStreamOptions, NatsKvProperties properties, NatsKvBuckets buckets,
			ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<KvObservationConvention> observationConvention) {
		return template(connection, converter, jetStreamOptions, properties, buckets, observationRegistry,
				observationConvention);
	}

	private static KeyValueTemplate template(Connection connection, KvValueConverter converter,
			JetStreamOptions jetStreamOptions, NatsKvProperties properties, NatsKvBuckets buckets,
			ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<KvObservationConvention> observationConvention) {
		KeyValueTemplate template = new KeyValueTemplate(connection, converter, jetStreamOptions);
		observationRegistry.ifUnique(template::setObservationRegistry);
		observationConvention.ifUnique(template::setObservationConvention);
		template.setDefaultReadConsistency(properties.getReadConsistency());
		template.setNoLeaderRetryTimeout(properties.getNoLeaderRetryTimeout());
		buckets.definitions().forEach((definition) -> template.setReadConsistency(definition.name(),
				definition.readConsistency()));
		return template;
	}

	@Bean(name = KvConfigUtils.MAPPING_CONTEXT_BEAN_NAME)
	@ConditionalOnMissingBean(value = KvMappingContext.class, name = KvConfigUtils.MAPPING_CONTEXT_BEAN_NAME)
	KvMappingContext kvMappingContext() {
		return new KvMappingContext();
	}

	@Bean
	@ConditionalOnMissingBean
	KvKeyCodec kvKeyCodec() {
		return new DefaultKvKeyCodec();
	}

	@Bean
	@ConditionalOnMissingBean
	KvEntityTemplate kvEntityTemplate(KeyValueTemplate template, KvMappingContext mappingContext, KvKeyCodec keyCodec,
			ObjectProvider<NatsKvJsonMapper> jsonMapper, NatsKvProperties properties,
			ObjectProvider<KvConversionFailureHandler> conversionFailureHandler,
			org.springframework.beans.factory.BeanFactory beanFactory) {
		KvEntityTemplate entityTemplate = new KvEntityTemplate(template,
				new KvEntityConverter(mappingContext, () -> jsonMapper.getObject().mapper()), keyCodec);
		entityTemplate.setEntityCallbacks(EntityCallbacks.create(beanFactory));
		entityTemplate.setIndexCatchUpTimeout(properties.getRepositories().getIndexCatchUpTimeout());
		entityTemplate.setConversionFailureHandler(conversionFailureHandler
			.getIfUnique(() -> conversionFailureHandler(properties.getRepositories().getUnreadableValues())));
		return entityTemplate;
	}

	private static KvConversionFailureHandler conversionFailureHandler(UnreadableValues unreadableValues) {
		return switch (unreadableValues) {
			case FAIL -> KvConversionFailureHandler.failing();
			case SKIP -> KvConversionFailureHandler.logging();
		};
	}

	/**
	 * {@code @KvListener} processing, unless the application enabled it itself.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(name = KvConfigUtils.LISTENER_ENDPOINT_REGISTRY_BEAN_NAME)
	@Import(KvListenerConfiguration.class)
	static class ListenerConfiguration {

	}

	@Bean
	@ConditionalOnMissingBean
	KvListenerContainerFactory kvListenerContainerFactory(KeyValueTemplate template, NatsKvProperties properties,
			Environment environment, ObjectProvider<KvListenerErrorHandler> errorHandler,
			@Qualifier(LISTENER_TASK_EXECUTOR_BEAN_NAME) ObjectProvider<TaskExecutor> taskExecutor,
			ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<KvListenerObservationConvention> observationConvention,
			ObjectProvider<KvDeadLetterHandler> deadLetterHandler) {
		KvListenerContainerFactory factory = new KvListenerContainerFactory(template);
		errorHandler.ifUnique(factory::setErrorHandler);
		factory.setShutdownTimeout(properties.getListener().getShutdownTimeout());
		factory.setVirtualThreads(Threading.VIRTUAL.isActive(environment));
		taskExecutor.ifAvailable(factory::setTaskExecutor);
		observationRegistry.ifUnique(factory::setObservationRegistry);
		observationConvention.ifUnique(factory::setObservationConvention);
		deadLetterHandler.ifUnique(factory::setDeadLetterHandler);
		return factory;
	}

	/**
	 * The buckets declared under {@code nats.kv.buckets}, applied under the management policy when the context
	 * starts, before the template is used.
	 */
	static final class NatsKvBuckets implements InitializingBean {

		private final NatsKvProperties properties;

		private final KvBucketAdmin admin;

		private final Connection connection;

		private final List<KvBucketDefinition> definitions;

		NatsKvBuckets(NatsKvProperties properties, KvBucketAdmin admin, Connection connection) {
			this.properties = properties;
			this.admin = admin;
			this.connection = connection;
			this.definitions = definitions(properties);
		}

		List<KvBucketDefinition> definitions() {
			return this.definitions;
		}

		@Override
		public void afterPropertiesSet() {
			if (!this.definitions.isEmpty() && !this.connection.getServerInfo().isJetStreamAvailable()) {
				throw new NatsJetStreamUnavailableException(this.definitions.stream().map(KvBucketDefinition::name)
					.toList());
			}
			this.definitions.forEach((definition) -> this.admin.apply(definition,
					this.properties.getBucketManagement()));
		}

		private static List<KvBucketDefinition> definitions(NatsKvProperties properties) {
			List<KvBucketDefinition> definitions = new ArrayList<>();
			for (Map.Entry<String, NatsKvProperties.Bucket> entry : properties.getBuckets().entrySet()) {
				definitions.add(definition(entry.getKey(), entry.getValue(), properties));
			}
			return List.copyOf(definitions);
		}

		/**
		 * The bucket's definition, checked after each property is set, so that a value a rule refuses (alone or
		 * against the properties set before it) is reported under the property that holds it.
		 */
		private static KvBucketDefinition definition(String name, NatsKvProperties.Bucket bucket,
				NatsKvProperties properties) {
			String prefix = "nats.kv.buckets." + name;
			KvBucketDefinition.Builder builder = checked(prefix, () -> KvBucketDefinition.builder(name));
			builder.readConsistency((bucket.getReadConsistency() != null) ? bucket.getReadConsistency()
					: properties.getReadConsistency());
			KvBucketDefinition definition = checked(prefix, builder::build);
			definition = set(builder, prefix + ".description", () -> builder.description(bucket.getDescription()));
			definition = set(builder, prefix + ".history", () -> builder.history(bucket.getHistory()));
			definition = set(builder, prefix + ".ttl", () -> builder.ttl(bucket.getTtl()));
			definition = set(builder, prefix + ".storage", () -> builder.storage(bucket.getStorage()));
			definition = set(builder, prefix + ".replicas", () -> builder.replicas(bucket.getReplicas()));
			definition = set(builder, prefix + ".compression", () -> builder.compression(bucket.isCompression()));
			definition = set(builder, prefix + ".atomic-writes", () -> builder.atomicWrites(bucket.isAtomicWrites()));
			definition = set(builder, prefix + ".metadata", () -> builder.metadata(bucket.getMetadata()));
			DataSize maxBucketSize = bucket.getMaxBucketSize();
			if (maxBucketSize != null) {
				definition = set(builder, prefix + ".max-bucket-size", () -> builder.maxBucketSize(maxBucketSize.toBytes()));
			}
			if (bucket.getMaxValueSize() != null) {
				long maxValueSize = bucket.getMaxValueSize().toBytes();
				if (maxValueSize > Integer.MAX_VALUE) {
					throw new InvalidNatsPropertyException(prefix + ".max-value-size", "must be at most "
							+ Integer.MAX_VALUE + " bytes (2GB less one byte, the server's limit) but was "
							+ bucket.getMaxValueSize());
				}
				definition = set(builder, prefix + ".max-value-size", () -> builder.maxValueSize((int) maxValueSize));
			}
			Duration marker = bucket.getLimitMarkerTtl();
			if (marker != null) {
				definition = set(builder, prefix + ".limit-marker-ttl", () -> builder.limitMarkerTtl(marker));
			}
			return definition;
		}

		private static KvBucketDefinition set(KvBucketDefinition.Builder builder, String property,
				Runnable setter) {
			return checked(property, () -> {
				setter.run();
				return builder.build();
			});
		}

		private static <T> T checked(String property, Supplier<T> step) {
			try {
				return step.get();
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidNatsPropertyException(property, String.valueOf(ex.getMessage()));
			}
		}


	}

}
