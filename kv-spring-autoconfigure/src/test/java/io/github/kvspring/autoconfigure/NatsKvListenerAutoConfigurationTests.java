package io.github.kvspring.autoconfigure;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.kvspring.autoconfigure.health.NatsHealthContributorAutoConfiguration;
import io.github.kvspring.autoconfigure.metrics.NatsMetricsAutoConfiguration;
import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.core.KvBucketAdmin;
import io.github.kvspring.data.core.KvBucketDefinition;
import io.github.kvspring.data.core.KvWatchOptions;
import io.github.kvspring.data.listener.KvDeadLetterHandler;
import io.github.kvspring.data.listener.KvListener;
import io.github.kvspring.data.listener.KvListenerContainer;
import io.github.kvspring.data.listener.KvListenerContainerFactory;
import io.github.kvspring.data.listener.KvListenerEndpoint;
import io.github.kvspring.data.listener.KvListenerEndpointRegistry;
import io.github.kvspring.data.listener.KvListenerState;
import io.github.kvspring.data.observation.DefaultKvListenerObservationConvention;
import io.github.kvspring.data.observation.KvListenerObservationContext;
import io.github.kvspring.data.observation.KvListenerObservationConvention;
import io.github.kvspring.health.NatsHealthIndicator;
import io.github.kvspring.metrics.NatsKvListenerMetrics;
import io.github.kvspring.server.NatsServer;
import io.github.kvspring.test.UniqueNames;
import io.github.kvspring.test.WithNatsServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.nats.client.Connection;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The listener side of the auto-configuration against a real server: the container factory's settings (shutdown
 * timeout, threads, executor, observations), the listeners' health details and their meters.
 */
@WithNatsServer
class NatsKvListenerAutoConfigurationTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final ApplicationContextRunner runner;

	NatsKvListenerAutoConfigurationTests(NatsServer server) {
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(NatsAutoConfiguration.class, NatsKvAutoConfiguration.class,
					NatsHealthContributorAutoConfiguration.class, NatsMetricsAutoConfiguration.class))
			.withPropertyValues("nats.servers=" + server.url());
	}

	/**
	 * The runner with a {@link RecordingListener} on a new bucket, declared.
	 */
	private ApplicationContextRunner withListener(String bucket) {
		return this.runner.withBean(RecordingListener.class)
			.withPropertyValues("nats.kv.buckets." + bucket + ".history=1", "test.bucket=" + bucket);
	}

	@Test
	void whenShutdownTimeoutSetThenStopWaitsThatLongForARunningMethod() {
		this.runner.run((context) -> assertThat(
				ReflectionTestUtils.getField(context.getBean(KvListenerContainerFactory.class), "shutdownTimeout"))
			.isEqualTo(Duration.ofSeconds(10)));
		String bucket = UniqueNames.bucket("shutdown");
		withListener(bucket).withBean(BlockingListener.class)
			.withPropertyValues("nats.kv.listener.shutdown-timeout=300ms")
			.run((context) -> {
				assertThat(ReflectionTestUtils.getField(context.getBean(KvListenerContainerFactory.class),
						"shutdownTimeout"))
					.isEqualTo(Duration.ofMillis(300));
				BlockingListener listener = context.getBean(BlockingListener.class);
				try {
					context.getBean(KeyValueTemplate.class).put(bucket, "k", "v");
					assertThat(listener.entered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
					KvListenerContainer container = context.getBean(KvListenerEndpointRegistry.class)
						.getListenerContainer("blocking");
					assertThat(container).isNotNull();
					long started = System.nanoTime();
					container.stop();
					Duration stopping = Duration.ofNanos(System.nanoTime() - started);
					assertThat(stopping).as("stop waited for the timeout, not for the method")
						.isBetween(Duration.ofMillis(250), Duration.ofSeconds(5));
					assertThat(container.getState()).isEqualTo(KvListenerState.STOPPED);
					assertThat(listener.interrupted).as("the method is never interrupted").isFalse();
				}
				finally {
					listener.release.countDown();
				}
			});
	}

	@Test
	void whenVirtualThreadsNotEnabledThenListenerMethodsRunOnPlatformThreadsNamedAfterTheListener() {
		String bucket = UniqueNames.bucket("platform");
		withListener(bucket).run((context) -> {
			assertThat(ReflectionTestUtils.getField(context.getBean(KvListenerContainerFactory.class),
					"virtualThreads"))
				.isEqualTo(false);
			Thread thread = firstCallThread(context.getBean(KeyValueTemplate.class), bucket,
					context.getBean(RecordingListener.class));
			assertThat(thread.getName()).startsWith("kv-listener-recording-");
			assertThat(isVirtual(thread)).isFalse();
		});
	}

	@Test
	void whenVirtualThreadsEnabledThenTheFactoryUsesThemOnJava21OrNewer() {
		boolean supported = Runtime.version().feature() >= 21;
		String bucket = UniqueNames.bucket("virtual-flag");
		withListener(bucket).withPropertyValues("spring.threads.virtual.enabled=true").run((context) -> {
			assertThat(ReflectionTestUtils.getField(context.getBean(KvListenerContainerFactory.class),
					"virtualThreads"))
				.as("virtual threads on Java " + Runtime.version().feature())
				.isEqualTo(supported);
			Thread thread = firstCallThread(context.getBean(KeyValueTemplate.class), bucket,
					context.getBean(RecordingListener.class));
			assertThat(isVirtual(thread)).isEqualTo(supported);
			if (!supported) {
				assertThat(thread.getName()).startsWith("kv-listener-recording-");
			}
		});
	}

	@Test
	void whenVirtualThreadsEnabledOnJava21OrNewerThenListenerMethodsRunOnVirtualThreads() {
		assumeThat(Runtime.version().feature()).as("virtual threads need Java 21").isGreaterThanOrEqualTo(21);
		String bucket = UniqueNames.bucket("virtual");
		withListener(bucket).withPropertyValues("spring.threads.virtual.enabled=true").run((context) -> {
			Thread thread = firstCallThread(context.getBean(KeyValueTemplate.class), bucket,
					context.getBean(RecordingListener.class));
			assertThat(isVirtual(thread)).isTrue();
		});
	}

	@Test
	void whenTaskExecutorBeanNamedKvListenerTaskExecutorThenListenersRunOnIt() {
		String bucket = UniqueNames.bucket("executor");
		withListener(bucket).withUserConfiguration(ListenerExecutorConfiguration.class).run((context) -> {
			assertThat(context).getBeans(TaskExecutor.class).hasSize(2);
			Thread thread = firstCallThread(context.getBean(KeyValueTemplate.class), bucket,
					context.getBean(RecordingListener.class));
			assertThat(thread.getName()).startsWith("own-kv-");
		});
		String other = UniqueNames.bucket("executor-other");
		withListener(other).withBean("otherExecutor", TaskExecutor.class, () -> new SimpleAsyncTaskExecutor("other-"))
			.run((context) -> {
				Thread thread = firstCallThread(context.getBean(KeyValueTemplate.class), other,
						context.getBean(RecordingListener.class));
				assertThat(thread.getName()).as("an executor of another name is not the listeners'")
					.startsWith("kv-listener-recording-");
			});
	}

	@Test
	void whenObservationRegistryBeanDefinedThenEachListenerCallIsObserved() {
		String bucket = UniqueNames.bucket("observed");
		RecordingObservationHandler handler = new RecordingObservationHandler();
		withListener(bucket).withBean(ObservationRegistry.class, () -> registry(handler)).run((context) -> {
			KeyValueTemplate template = context.getBean(KeyValueTemplate.class);
			template.put(bucket, "a", "1");
			template.put(bucket, "b", "2");
			await().atMost(WAIT).until(() -> listenerObservations(handler, "nats.kv.listener").size() == 2);
			assertThat(listenerObservations(handler, "nats.kv.listener")).allSatisfy((observation) -> {
				assertThat(observation.getListenerId()).isEqualTo("recording");
				assertThat(observation.getLowCardinalityKeyValue("nats.kv.listener").getValue())
					.isEqualTo("recording");
				assertThat(observation.getLowCardinalityKeyValue("nats.kv.bucket").getValue()).isEqualTo(bucket);
			});
		});
	}

	@Test
	void whenDeadLetterHandlerBeanDefinedThenTheFactoryHandsGroupListenersFailuresToIt() {
		KvDeadLetterHandler deadLetterHandler = (container, entries, failure, attempts) -> {
		};
		this.runner.withBean(KvDeadLetterHandler.class, () -> deadLetterHandler)
			.run((context) -> assertThat(ReflectionTestUtils.getField(context.getBean(KvListenerContainerFactory.class),
					"deadLetterHandler"))
				.isSameAs(deadLetterHandler));
	}

	@Test
	void whenNoDeadLetterHandlerBeanThenTheFactoryHasNone() {
		this.runner.run((context) -> assertThat(
				ReflectionTestUtils.getField(context.getBean(KvListenerContainerFactory.class), "deadLetterHandler"))
			.isNull());
	}

	@Test
	void whenListenerObservationConventionBeanDefinedThenUsed() {
		String bucket = UniqueNames.bucket("convention");
		RecordingObservationHandler handler = new RecordingObservationHandler();
		withListener(bucket).withBean(ObservationRegistry.class, () -> registry(handler))
			.withBean(KvListenerObservationConvention.class, RenamingConvention::new)
			.run((context) -> {
				context.getBean(KeyValueTemplate.class).put(bucket, "a", "1");
				await().atMost(WAIT).until(() -> listenerObservations(handler, "custom.listener").size() == 1);
				assertThat(listenerObservations(handler, "nats.kv.listener")).isEmpty();
			});
	}

	@Test
	void whenListenerRunsThenHealthShowsItsStateRecoveriesAndCatchUp() {
		String bucket = UniqueNames.bucket("healthy");
		withListener(bucket).run((context) -> {
			context.getBean(KeyValueTemplate.class).put(bucket, "a", "1");
			NatsHealthIndicator indicator = context.getBean(NatsHealthIndicator.class);
			await().atMost(WAIT).until(() -> "RUNNING".equals(listenerHealth(indicator.health(true), "recording")
				.get("state")));
			Health health = indicator.health(true);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			await().atMost(WAIT).until(() -> Boolean.TRUE.equals(listenerHealth(indicator.health(true), "recording")
				.get("caughtUp")));
			assertThat(listenerHealth(indicator.health(true), "recording")).containsEntry("running", true)
				.containsEntry("connected", true)
				.containsEntry("state", "RUNNING")
				.containsEntry("recoveries", 0L)
				.containsEntry("caughtUp", true)
				.containsKeys("lastRevision", "pending")
				.doesNotContainKey("lastFailure");
		});
	}

	@Test
	void whenListenerCannotOpenItsWatchThenHealthShowsItRecoveringWithoutGoingDown() {
		String missing = UniqueNames.bucket("never-created");
		this.runner.run((context) -> {
			KvListenerEndpointRegistry registry = context.getBean(KvListenerEndpointRegistry.class);
			registry.registerListener(KvListenerEndpoint.of("orphan", missing, (entry) -> {
			}), context.getBean(KvListenerContainerFactory.class));
			NatsHealthIndicator indicator = context.getBean(NatsHealthIndicator.class);
			await().atMost(WAIT).until(() -> listenerHealth(indicator.health(true), "orphan")
				.containsKey("lastFailure"));
			Health health = indicator.health(true);
			assertThat(health.getStatus()).as("a recovering listener is a detail").isEqualTo(Status.UP);
			Map<String, Object> listener = listenerHealth(health, "orphan");
			assertThat(listener).containsEntry("state", "RECOVERING").containsEntry("connected", false);
			assertThat((String) listener.get("lastFailure")).contains(missing).doesNotContain("nats://");
		});
	}

	@Test
	void whenListenersRegisteredThenTheirLagAndRecoveriesAreMeteredIncludingOnesRegisteredLater(
			Connection connection) {
		String bucket = UniqueNames.bucket("metered");
		new KvBucketAdmin(connection).create(KvBucketDefinition.builder(bucket).build());
		KeyValueTemplate writer = new KeyValueTemplate(connection);
		for (int i = 0; i < 3; i++) {
			writer.put(bucket, "k" + i, "v" + i);
		}
		withListener(bucket).withBean(BlockingListener.class)
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class)
			.run((context) -> {
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				BlockingListener blocking = context.getBean(BlockingListener.class);
				try {
					assertThat(blocking.entered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
					assertThat(listenerCounter(meters, "blocking", bucket)).isNotNull();
					assertThat(listenerCounter(meters, "blocking", bucket).count()).isZero();
					assertThat(listenerGauge(meters, "blocking", bucket)).isNotNull();
					assertThat(listenerGauge(meters, "blocking", bucket).value())
						.as("two entries after the one its method works on").isEqualTo(2.0);
				}
				finally {
					blocking.release.countDown();
				}
				await().atMost(WAIT).until(() -> listenerGauge(meters, "blocking", bucket).value() == 0.0);
				assertThat(listenerGauge(meters, "recording", bucket)).isNotNull();
				KvListenerEndpointRegistry registry = context.getBean(KvListenerEndpointRegistry.class);
				KvListenerContainer later = registry.registerListener(KvListenerEndpoint.of("later", bucket,
						(entry) -> {
						}), context.getBean(KvListenerContainerFactory.class));
				assertThat(listenerGauge(meters, "later", bucket)).isNotNull();
				assertThat(listenerCounter(meters, "later", bucket)).isNotNull();
				registry.unregisterListener("later");
				assertThat(later.getState()).isEqualTo(KvListenerState.STOPPED);
				assertThat(listenerGauge(meters, "later", bucket)).isNull();
				assertThat(listenerCounter(meters, "later", bucket)).isNull();
				assertThat(listenerGauge(meters, "recording", bucket)).isNotNull();
			});
	}

	@Test
	void whenListenerRegisteredWithoutStartingThenItIsMeteredAtOnce() {
		String bucket = UniqueNames.bucket("idle");
		withListener(bucket).run((context) -> {
			SimpleMeterRegistry meters = new SimpleMeterRegistry();
			KvListenerEndpointRegistry registry = context.getBean(KvListenerEndpointRegistry.class);
			new NatsKvListenerMetrics(registry).bindTo(meters);
			assertThat(listenerGauge(meters, "recording", bucket)).isNotNull();
			registry.registerListener(new KvListenerEndpoint("idle", bucket, List.of(">"), KvWatchOptions.defaults(), 1,
					false, (entry) -> {
					}), context.getBean(KvListenerContainerFactory.class));
			assertThat(listenerGauge(meters, "idle", bucket)).isNotNull();
			assertThat(listenerGauge(meters, "idle", bucket).value()).isZero();
			registry.unregisterListener("idle");
			assertThat(listenerGauge(meters, "idle", bucket)).isNull();
		});
	}

	@Test
	void whenMicrometerMissingThenNoListenerMeters() {
		this.runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(NatsKvListenerMetrics.class));
		this.runner.run((context) -> assertThat(context).hasSingleBean(NatsKvListenerMetrics.class));
	}

	private static Thread firstCallThread(KeyValueTemplate template, String bucket, RecordingListener listener)
			throws InterruptedException {
		template.put(bucket, "key", "value");
		Thread thread = listener.threads.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
		assertThat(thread).as("the listener was called").isNotNull();
		return thread;
	}

	/**
	 * {@code Thread.isVirtual()}, which the {@code --release 17} build cannot call directly; {@code false} before
	 * Java 21.
	 */
	private static boolean isVirtual(Thread thread) throws ReflectiveOperationException {
		if (Runtime.version().feature() < 21) {
			return false;
		}
		Method isVirtual = Thread.class.getMethod("isVirtual");
		return (boolean) isVirtual.invoke(thread);
	}

	private static ObservationRegistry registry(RecordingObservationHandler handler) {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(handler);
		return registry;
	}

	private static List<KvListenerObservationContext> listenerObservations(RecordingObservationHandler handler,
			String name) {
		return handler.stopped.stream()
			.filter((context) -> name.equals(context.getName()))
			.filter(KvListenerObservationContext.class::isInstance)
			.map(KvListenerObservationContext.class::cast)
			.toList();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> listenerHealth(Health health, String id) {
		Map<String, Object> listeners = (Map<String, Object>) health.getDetails().get("listeners");
		assertThat(listeners).as("listener details").isNotNull();
		Map<String, Object> listener = (Map<String, Object>) listeners.get(id);
		assertThat(listener).as("details of listener '" + id + "'").isNotNull();
		return listener;
	}

	private static Gauge listenerGauge(MeterRegistry meters, String id, String bucket) {
		return listenerMeters(meters, NatsKvListenerMetrics.LAG, id, bucket).gauge();
	}

	private static FunctionCounter listenerCounter(MeterRegistry meters, String id, String bucket) {
		return listenerMeters(meters, NatsKvListenerMetrics.RECOVERIES, id, bucket).functionCounter();
	}

	private static Search listenerMeters(MeterRegistry meters, String name, String id, String bucket) {
		return meters.find(name).tag("listener", id).tag("bucket", bucket);
	}

	/**
	 * A listener on the bucket {@code test.bucket}, recording the threads it runs on.
	 */
	static class RecordingListener {

		final BlockingQueue<Thread> threads = new LinkedBlockingQueue<>();

		@KvListener(id = "recording", bucket = "${test.bucket}")
		void onEntry(String value) {
			this.threads.add(Thread.currentThread());
		}

	}

	static class BlockingListener {

		final CountDownLatch entered = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		volatile boolean interrupted;

		@KvListener(id = "blocking", bucket = "${test.bucket}")
		void onEntry(String value) {
			this.entered.countDown();
			try {
				this.release.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				this.interrupted = true;
				Thread.currentThread().interrupt();
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ListenerExecutorConfiguration {

		@Bean(NatsKvAutoConfiguration.LISTENER_TASK_EXECUTOR_BEAN_NAME)
		TaskExecutor kvListenerTaskExecutor() {
			return new SimpleAsyncTaskExecutor("own-kv-");
		}

		@Bean
		TaskExecutor applicationTaskExecutor() {
			return new SimpleAsyncTaskExecutor("application-");
		}

	}

	static class RecordingObservationHandler implements ObservationHandler<Observation.Context> {

		final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

		@Override
		public void onStop(Observation.Context context) {
			this.stopped.add(context);
		}

	}

	static class RenamingConvention extends DefaultKvListenerObservationConvention {

		@Override
		public String getName() {
			return "custom.listener";
		}

	}

}
