package io.github.kvspring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.kvspring.autoconfigure.NatsKvProperties.Repositories.UnreadableValues;
import io.github.kvspring.data.config.KvConfigUtils;
import io.github.kvspring.data.convert.KvConversionFailureHandler;
import io.github.kvspring.data.convert.KvValueConverter;
import io.github.kvspring.data.convert.KvValueConverters;
import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.core.KvBucketAdmin;
import io.github.kvspring.data.core.KvBucketDefinition;
import io.github.kvspring.data.entity.KvEntityTemplate;
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
 * {@link KvListenerObservationConvention} and {@link KvListenerErrorHandler} beans are applied too, and the only
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
	@ConditionalOnMissingBean(KeyValueTemplate.class)
	KeyValueTemplate keyValueTemplate(Connection connection, KvValueConverter converter,
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
	@ConditionalOnMissingBean
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
			ObjectProvider<KvListenerObservationConvention> observationConvention) {
		KvListenerContainerFactory factory = new KvListenerContainerFactory(template);
		errorHandler.ifUnique(factory::setErrorHandler);
		factory.setShutdownTimeout(properties.getListener().getShutdownTimeout());
		factory.setVirtualThreads(Threading.VIRTUAL.isActive(environment));
		taskExecutor.ifAvailable(factory::setTaskExecutor);
		observationRegistry.ifUnique(factory::setObservationRegistry);
		observationConvention.ifUnique(factory::setObservationConvention);
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
				String prefix = "nats.kv.buckets." + entry.getKey();
				try {
					definitions.add(definition(entry.getKey(), entry.getValue(), properties, prefix));
				}
				catch (IllegalArgumentException ex) {
					throw new InvalidNatsPropertyException(prefix, String.valueOf(ex.getMessage()));
				}
			}
			return List.copyOf(definitions);
		}

		private static KvBucketDefinition definition(String name, NatsKvProperties.Bucket bucket,
				NatsKvProperties properties, String prefix) {
			KvBucketDefinition.Builder builder = KvBucketDefinition.builder(name)
				.description(bucket.getDescription())
				.history(bucket.getHistory())
				.ttl(bucket.getTtl())
				.storage(bucket.getStorage())
				.replicas(bucket.getReplicas())
				.compression(bucket.isCompression())
				.metadata(bucket.getMetadata())
				.readConsistency((bucket.getReadConsistency() != null) ? bucket.getReadConsistency()
						: properties.getReadConsistency());
			if (bucket.getMaxBucketSize() != null) {
				builder.maxBucketSize(bucket.getMaxBucketSize().toBytes());
			}
			if (bucket.getMaxValueSize() != null) {
				long maxValueSize = bucket.getMaxValueSize().toBytes();
				if (maxValueSize > Integer.MAX_VALUE) {
					throw new InvalidNatsPropertyException(prefix + ".max-value-size", "must be at most "
							+ Integer.MAX_VALUE + " bytes (2GB less one byte, the server's limit) but was "
							+ bucket.getMaxValueSize());
				}
				builder.maxValueSize((int) maxValueSize);
			}
			Duration marker = bucket.getLimitMarkerTtl();
			if (marker != null) {
				builder.limitMarkerTtl(marker);
			}
			return builder.build();
		}


	}

}
