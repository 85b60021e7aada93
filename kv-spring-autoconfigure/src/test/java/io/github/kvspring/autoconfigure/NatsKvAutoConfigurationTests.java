package io.github.kvspring.autoconfigure;

import java.time.Duration;
import java.util.List;

import io.github.kvspring.autoconfigure.app.Account;
import io.github.kvspring.autoconfigure.app.AccountApplication;
import io.github.kvspring.autoconfigure.app.AccountListener;
import io.github.kvspring.autoconfigure.app.AccountRepository;
import io.github.kvspring.autoconfigure.health.NatsHealthContributorAutoConfiguration;
import io.github.kvspring.autoconfigure.metrics.NatsMetricsAutoConfiguration;
import io.github.kvspring.autoconfigure.transaction.NatsKvTransactionAutoConfiguration;
import io.github.kvspring.data.convert.KvConversionFailureHandler;
import io.github.kvspring.data.convert.KvValueConversionException;
import io.github.kvspring.data.convert.KvValueConverter;
import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.core.KvBucketAdmin;
import io.github.kvspring.data.core.KvBucketDefinition;
import io.github.kvspring.data.core.KvBucketValidationException;
import io.github.kvspring.data.core.KvStorage;
import io.github.kvspring.data.core.KvTransactionManager;
import io.github.kvspring.data.entity.KvEntityTemplate;
import io.github.kvspring.data.listener.KvListenerEndpointRegistry;
import io.github.kvspring.data.mapping.KvMappingContext;
import io.github.kvspring.health.NatsHealthIndicator;
import io.github.kvspring.metrics.NatsConnectionMetrics;
import io.github.kvspring.server.NatsServer;
import io.github.kvspring.test.NatsServerExtension;
import io.github.kvspring.test.UniqueNames;
import io.github.kvspring.test.WithNatsServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.Connection;
import io.nats.client.Options;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.awaitility.Awaitility.await;

/**
 * The auto-configuration against a real server: what it creates, what backs off, what its properties do.
 */
@WithNatsServer
class NatsKvAutoConfigurationTests {

	private final ApplicationContextRunner runner;

	private final String serverUrl;

	NatsKvAutoConfigurationTests(NatsServer server) {
		this.serverUrl = server.url();
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(NatsAutoConfiguration.class, NatsKvAutoConfiguration.class,
					NatsKvRepositoriesAutoConfiguration.class, NatsHealthContributorAutoConfiguration.class,
					NatsMetricsAutoConfiguration.class))
			.withPropertyValues("nats.servers=" + server.url());
	}

	@Test
	void whenServerConfiguredThenConnectionTemplateAndInfrastructureExist() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(Connection.class)
				.hasSingleBean(KeyValueTemplate.class)
				.hasSingleBean(KvBucketAdmin.class)
				.hasSingleBean(KvValueConverter.class)
				.hasSingleBean(KvMappingContext.class)
				.hasSingleBean(KvEntityTemplate.class)
				.hasSingleBean(KvListenerEndpointRegistry.class)
				.hasSingleBean(NatsHealthIndicator.class)
				.hasSingleBean(NatsConnectionMetrics.class);
			assertThat(context.getBean(Connection.class).getStatus()).isEqualTo(Connection.Status.CONNECTED);
		});
	}

	@Test
	void whenConnectionOptionsSetThenApplied() {
		this.runner.withPropertyValues("nats.connection-name=orders-service", "nats.reconnect-wait=100ms",
				"nats.ping-interval=30s").run((context) -> {
					Options options = context.getBean(Connection.class).getOptions();
					assertThat(options.getConnectionName()).isEqualTo("orders-service");
					assertThat(options.getReconnectWait()).isEqualTo(Duration.ofMillis(100));
					assertThat(options.getMaxReconnect()).as("reconnect forever by default").isEqualTo(-1);
					assertThat(options.getPingInterval()).isEqualTo(Duration.ofSeconds(30));
				});
	}

	@Test
	void whenBucketsDeclaredThenCreatedWithEveryLimit() {
		String bucket = UniqueNames.bucket("declared");
		this.runner.withPropertyValues("nats.kv.buckets." + bucket + ".history=5",
				"nats.kv.buckets." + bucket + ".ttl=1h", "nats.kv.buckets." + bucket + ".max-bucket-size=10MB",
				"nats.kv.buckets." + bucket + ".max-value-size=64KB", "nats.kv.buckets." + bucket + ".storage=memory",
				"nats.kv.buckets." + bucket + ".description=declared in properties",
				"nats.kv.buckets." + bucket + ".metadata.team=payments",
				"nats.kv.buckets." + bucket + ".atomic-writes=true")
			.run((context) -> {
				KvBucketDefinition live = context.getBean(KvBucketAdmin.class).info(bucket).definition();
				assertThat(live.atomicWrites()).isTrue();
				assertThat(live.history()).isEqualTo(5);
				assertThat(live.ttl()).isEqualTo(Duration.ofHours(1));
				assertThat(live.limitMarkerTtl()).as("a TTL brings a limit marker").isEqualTo(Duration.ofHours(1));
				assertThat(live.maxBucketSize()).isEqualTo(10L * 1024 * 1024);
				assertThat(live.maxValueSize()).isEqualTo(64 * 1024);
				assertThat(live.storage()).isEqualTo(KvStorage.MEMORY);
				assertThat(live.description()).isEqualTo("declared in properties");
				assertThat(live.metadata()).containsEntry("team", "payments");
			});
	}

	@Test
	void whenServersHoldsSomethingThatIsNotAUrlThenStartupFailureNamesThePropertyWithoutSecrets() {
		this.runner.withPropertyValues("nats.servers=nats://app:s3cret@127.0.0.1:4222,not a url::")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause().isInstanceOf(InvalidNatsPropertyException.class);
				FailureAnalysis analysis = Diagnostics.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("'nats.servers'").contains("not a server URL")
					.doesNotContain("s3cret");
				assertThat(analysis.getAction()).contains("nats.servers");
			});
	}

	@Test
	void whenMaxValueSizeIsBeyondTheServersLimitThenStartupFailureNamesTheProperty() {
		String bucket = UniqueNames.bucket("huge-values");
		this.runner.withPropertyValues("nats.kv.buckets." + bucket + ".max-value-size=4GB")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = Diagnostics.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription())
					.contains("'nats.kv.buckets." + bucket + ".max-value-size'")
					.contains("must be at most 2147483647 bytes");
			});
	}

	@Test
	void whenMaxValueSizeExceedsMaxBucketSizeThenStartupFailsBeforeTheBucketIsCreated(Connection connection) {
		String bucket = UniqueNames.bucket("no-room");
		this.runner.withPropertyValues("nats.kv.buckets." + bucket + ".max-value-size=2MB",
				"nats.kv.buckets." + bucket + ".max-bucket-size=1MB")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = Diagnostics.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("'nats.kv.buckets." + bucket + ".max-value-size'")
					.contains("max value size (2097152 bytes) must not exceed max bucket size (1048576 bytes)");
			});
		assertThat(new KvBucketAdmin(connection).info(bucket)).isNull();
	}

	@Test
	void whenValidatingADifferingBucketThenStartupFailsListingDifferences(Connection connection) {
		String bucket = UniqueNames.bucket("differs");
		new KvBucketAdmin(connection).create(KvBucketDefinition.builder(bucket).build());
		this.runner.withPropertyValues("nats.kv.bucket-management=validate", "nats.kv.buckets." + bucket + ".history=3")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(KvBucketValidationException.class)
				.hasMessageContaining("history: expected 3 but was 1"));
	}

	@Test
	void whenCreateOrUpdateThenBucketChanged(Connection connection) {
		String bucket = UniqueNames.bucket("updated");
		new KvBucketAdmin(connection).create(KvBucketDefinition.builder(bucket).build());
		this.runner
			.withPropertyValues("nats.kv.bucket-management=create-or-update", "nats.kv.buckets." + bucket + ".history=3")
			.run((context) -> assertThat(context.getBean(KvBucketAdmin.class).info(bucket).definition().history())
				.isEqualTo(3));
	}

	@Test
	void whenAnotherBeanIsNamedKeyValueTemplateThenTheStarterBacksOffByNameAndRepositoriesUseTheTemplateByType() {
		this.runner.withUserConfiguration(AccountApplication.class)
			.withBean("keyValueTemplate", String.class, () -> "a bean of another library")
			.withBean("kvTemplate", KeyValueTemplate.class,
					() -> new KeyValueTemplate(NatsServerExtension.connect(List.of(this.serverUrl))))
			.withPropertyValues("nats.kv.buckets.accounts.history=3")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean("keyValueTemplate")).isEqualTo("a bean of another library");
				AccountRepository accounts = context.getBean(AccountRepository.class);
				accounts.save(new Account("clash", "ada", 1, 0));
				assertThat(context.getBean(KeyValueTemplate.class).keys("accounts")).contains("account.clash");
			});
	}

	@Test
	void whenAnotherBeanIsNamedKeyValueTemplateAndNoTemplateIsDefinedThenTheStarterDefinesItUnderAnotherName() {
		this.runner.withUserConfiguration(AccountApplication.class)
			.withBean("keyValueTemplate", String.class, () -> "a bean of another library")
			.withPropertyValues("nats.kv.buckets.accounts.history=3")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(KeyValueTemplate.class))
					.isSameAs(context.getBean(NatsKvAutoConfiguration.FALLBACK_TEMPLATE_BEAN_NAME));
				context.getBean(AccountRepository.class).save(new Account("fallback", "ada", 1, 0));
				assertThat(context.getBean(KeyValueTemplate.class).keys("accounts")).contains("account.fallback");
			});
	}

	@Test
	void whenABucketDeclaresAtomicWritesThenATransactionManagerIsConfiguredAndNotOtherwise() {
		ApplicationContextRunner runner = this.runner
			.withConfiguration(AutoConfigurations.of(NatsKvTransactionAutoConfiguration.class));
		runner.run((context) -> assertThat(context).doesNotHaveBean(KvTransactionManager.class));
		runner.withPropertyValues("nats.kv.buckets.tx-declared.atomic-writes=true").run((context) -> {
			assertThat(context).hasSingleBean(KvTransactionManager.class);
			assertThat(context.getBean(KvTransactionManager.class).getResourceFactory())
				.isSameAs(context.getBean(KeyValueTemplate.class));
		});
		runner
			.withConfiguration(AutoConfigurations.of(TransactionManagerCustomizationAutoConfiguration.class,
					TransactionAutoConfiguration.class))
			.withPropertyValues("nats.kv.buckets.tx-declared.atomic-writes=true",
					"spring.transaction.rollback-on-commit-failure=true")
			.run((context) -> {
				assertThat(context.getBean(KvTransactionManager.class).isRollbackOnCommitFailure()).isTrue();
				assertThat(context).hasSingleBean(TransactionTemplate.class);
			});
	}

	@Test
	void whenApplicationDefinesItsOwnBeansThenTheyWin() {
		this.runner.withUserConfiguration(OwnBeans.class).run((context) -> {
			assertThat(context).hasSingleBean(Connection.class).hasSingleBean(KeyValueTemplate.class);
			assertThat(context.getBean(KeyValueTemplate.class)).isSameAs(context.getBean("myTemplate"));
			assertThat(context.getBean(Connection.class)).isSameAs(context.getBean("myConnection"));
		});
	}

	@Test
	void whenOptionsCustomizerDefinedThenApplied() {
		this.runner.withBean(NatsOptionsBuilderCustomizer.class, () -> (builder) -> builder.connectionName("custom"))
			.run((context) -> assertThat(context.getBean(Connection.class).getOptions().getConnectionName())
				.isEqualTo("custom"));
	}

	@Test
	void whenApplicationHasEntitiesRepositoriesAndListenersThenAllWork() {
		this.runner.withUserConfiguration(AccountApplication.class)
			.withPropertyValues("nats.kv.buckets.accounts.history=3", "management.health.nats.buckets=true")
			.run((context) -> {
				AccountRepository accounts = context.getBean(AccountRepository.class);
				accounts.deleteAll();
				Account saved = accounts.save(new Account("a1", "ada", 100, 0));
				assertThat(saved.version()).isPositive();
				assertThat(accounts.findByOwner("ada")).containsExactly(saved);
				AccountListener listener = context.getBean(AccountListener.class);
				await().atMost(Duration.ofSeconds(5)).until(() -> listener.received.contains("a1=100"));
				HealthIndicator health = context.getBean(NatsHealthIndicator.class);
				Health result = health.health(true);
				assertThat(result.getStatus()).isEqualTo(Status.UP);
				assertThat(result.getDetails()).containsKeys("connection", "serverVersion", "jetStream", "buckets",
						"listeners");
			});
	}

	@Test
	void whenRepositoriesBootstrapLazilyThenCreatedOnFirstUse() {
		this.runner.withUserConfiguration(AccountApplication.class)
			.withPropertyValues("nats.kv.buckets.accounts.history=3")
			.run((context) -> assertThat(context.getBeanFactory().getBeanDefinition("accountRepository").isLazyInit())
				.isFalse());
		this.runner.withUserConfiguration(AccountApplication.class)
			.withPropertyValues("nats.kv.buckets.accounts.history=3", "nats.kv.repositories.bootstrap-mode=lazy")
			.run((context) -> {
				assertThat(context.getBeanFactory().getBeanDefinition("accountRepository").isLazyInit()).isTrue();
				assertThat(context.getBeanFactory().containsSingleton("accountRepository")).isFalse();
				assertThat(context.getBean(AccountRepository.class).count()).isNotNegative();
			});
	}

	@Test
	void whenIndexCatchUpTimeoutSetThenTheEntityTemplateUsesIt() {
		this.runner.run((context) -> assertThat(context.getBean(KvEntityTemplate.class).getIndexCatchUpTimeout())
			.isEqualTo(Duration.ofSeconds(2)));
		this.runner.withPropertyValues("nats.kv.repositories.index-catch-up-timeout=750ms")
			.run((context) -> assertThat(context.getBean(KvEntityTemplate.class).getIndexCatchUpTimeout())
				.isEqualTo(Duration.ofMillis(750)));
	}

	@Test
	void whenStartedThenTheJsonMapperIsBuiltOnlyByTheFirstJsonValue() {
		this.runner.withPropertyValues("nats.kv.buckets.lazy-json.history=1").run((context) -> {
			assertThat(context.getBeanFactory().containsSingleton("natsKvJsonMapper")).isFalse();
			KeyValueTemplate template = context.getBean(KeyValueTemplate.class);
			template.put("lazy-json", "text", "plain strings need no JSON");
			assertThat(context.getBeanFactory().containsSingleton("natsKvJsonMapper")).isFalse();
			template.put("lazy-json", "map", java.util.Map.of("a", 1));
			assertThat(context.getBeanFactory().containsSingleton("natsKvJsonMapper")).isTrue();
			assertThat(template.get("lazy-json", "map", java.util.Map.class).value()).isEqualTo(java.util.Map.of("a", 1));
		});
	}

	@Test
	void whenRepositoriesDisabledThenNoneCreated() {
		this.runner.withUserConfiguration(AccountApplication.class)
			.withPropertyValues("nats.kv.repositories.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(AccountRepository.class));
	}

	@Test
	void whenHealthSupportMissingOrDisabledThenNoIndicator() {
		this.runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
			.run((context) -> assertThat(context).doesNotHaveBean(NatsHealthIndicator.class)
				.hasSingleBean(KeyValueTemplate.class));
		this.runner.withPropertyValues("management.health.nats.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(NatsHealthIndicator.class));
	}

	@Test
	void whenMicrometerMissingThenNoMetersAndMetersBindOtherwise() {
		this.runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(NatsConnectionMetrics.class));
		this.runner.run((context) -> {
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(NatsConnectionMetrics.class).bindTo(registry);
			assertThat(registry.get("nats.connection.connected").gauge().value()).isEqualTo(1.0);
			assertThat(registry.get("nats.connection.messages.out").functionCounter().count()).isPositive();
		});
	}

	@Test
	void whenBucketDetailsAreAskedForThenAMissingBucketIsShownAndTheApplicationStaysUp(Connection connection) {
		String bucket = UniqueNames.bucket("vanishing");
		String kept = UniqueNames.bucket("kept");
		this.runner
			.withPropertyValues("nats.kv.buckets." + bucket + ".history=1", "nats.kv.buckets." + kept + ".history=1",
					"management.health.nats.buckets=true")
			.run((context) -> {
				new KvBucketAdmin(connection).delete(bucket);
				Health health = context.getBean(NatsHealthIndicator.class).health(true);
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails().get("buckets").toString()).contains(bucket + "=missing")
					.contains(kept + "={");
			});
	}

	@Test
	void whenBucketDetailsAreNotAskedForThenTheProbeSendsNoRequest() {
		this.runner.withPropertyValues("nats.kv.buckets.quiet-probe.history=1").run((context) -> {
			Connection connection = context.getBean(Connection.class);
			long sent = connection.getStatistics().getOutMsgs();
			Health health = context.getBean(NatsHealthIndicator.class).health(true);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).doesNotContainKey("buckets");
			assertThat(connection.getStatistics().getOutMsgs()).isEqualTo(sent);
		});
	}

	@Test
	void whenUnreadableValuesNotSetThenEntityTemplateScansFailOnUnreadableValues() {
		this.runner.run((context) -> {
			KvConversionFailureHandler handler = context.getBean(KvEntityTemplate.class).getConversionFailureHandler();
			KvValueConversionException failure = unreadable();
			assertThatExceptionOfType(KvValueConversionException.class).isThrownBy(() -> handler.handle(failure))
				.isSameAs(failure);
		});
	}

	@Test
	void whenUnreadableValuesSkipThenEntityTemplateScansSkipUnreadableValues() {
		this.runner.withPropertyValues("nats.kv.repositories.unreadable-values=skip").run((context) -> {
			KvConversionFailureHandler handler = context.getBean(KvEntityTemplate.class).getConversionFailureHandler();
			assertThatNoException().isThrownBy(() -> handler.handle(unreadable()));
		});
	}

	@Test
	void whenConversionFailureHandlerBeanDefinedThenEntityTemplateUsesItOverTheProperty() {
		this.runner.withPropertyValues("nats.kv.repositories.unreadable-values=fail")
			.withBean(KvConversionFailureHandler.class, () -> (failure) -> {
			})
			.run((context) -> assertThat(context.getBean(KvEntityTemplate.class).getConversionFailureHandler())
				.isSameAs(context.getBean(KvConversionFailureHandler.class)));
	}

	private static KvValueConversionException unreadable() {
		return KvValueConversionException.reading("orders", "order.1", 7, Object.class,
				new IllegalStateException("not JSON"));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnBeans {

		@Bean(destroyMethod = "close")
		Connection myConnection(org.springframework.core.env.Environment environment) {
			return NatsServerExtension.connect(List.of(environment.getRequiredProperty("nats.servers")));
		}

		@Bean
		KeyValueTemplate myTemplate(Connection connection) {
			return new KeyValueTemplate(connection);
		}

	}

}
