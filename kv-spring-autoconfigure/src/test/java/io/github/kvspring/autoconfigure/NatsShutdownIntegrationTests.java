package io.github.kvspring.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.autoconfigure.transaction.NatsKvTransactionAutoConfiguration;
import io.github.kvspring.data.core.KvEntry;
import io.github.kvspring.data.core.KvTransactionOutcomeUnknownException;
import io.github.kvspring.server.NatsServer;
import io.github.kvspring.test.NatsServerExtension;
import io.github.kvspring.test.UniqueNames;
import io.github.kvspring.test.WithNatsServer;
import io.nats.client.Connection;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shutdown order against a real server: the auto-configured connection is drained and closed after every bean
 * that uses it; a connection the application defined is left to the application.
 */
@WithNatsServer
class NatsShutdownIntegrationTests {

	private final ApplicationContextRunner runner;

	private final String bucket = UniqueNames.bucket("shutdown");

	NatsShutdownIntegrationTests(NatsServer server) {
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(NatsAutoConfiguration.class, NatsKvAutoConfiguration.class))
			.withPropertyValues("nats.servers=" + server.url(), "nats.kv.buckets." + this.bucket + ".history=1")
			.withBean(BucketName.class, () -> new BucketName(this.bucket));
	}

	@Test
	void whenContextClosesWithWritesInFlightThenEveryAcknowledgedWriteAndTheWriteOnDestroyLands(NatsServer server,
			Connection probe) {
		Connection[] used = new Connection[1];
		this.runner.withUserConfiguration(WritingApplication.class).run((context) -> {
			used[0] = context.getBean(Connection.class);
			BackgroundWriter writer = context.getBean(BackgroundWriter.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> writer.acknowledged.size() > 100);
		});
		assertThat(used[0].getStatus()).as("drained and closed after its users").isEqualTo(Connection.Status.CLOSED);
		KeyValueTemplate template = new KeyValueTemplate(probe);
		assertThat(template.get(this.bucket, "last-words", String.class)).extracting(KvEntry::value)
			.isEqualTo("written on destroy");
		Map<String, Long> acknowledged = WritingApplication.lastWriter.acknowledged;
		assertThat(acknowledged).hasSizeGreaterThan(100);
		acknowledged.forEach((key, revision) -> assertThat(template.get(this.bucket, key, String.class))
			.as(key)
			.extracting(KvEntry::revision)
			.isEqualTo(revision));
	}

	@Test
	void whenContextClosesWithManagedTransactionsInFlightThenEachIsAppliedWholeOrNotAtAll(Connection probe)
			throws Exception {
		String accounts = UniqueNames.bucket("shutdown-tx");
		KeyValueTemplate direct = new KeyValueTemplate(probe);
		AtomicInteger acknowledged = new AtomicInteger();
		AtomicInteger unknown = new AtomicInteger();
		ExecutorService outsider = Executors.newSingleThreadExecutor();
		try {
			this.runner.withConfiguration(AutoConfigurations.of(NatsKvTransactionAutoConfiguration.class))
				.withPropertyValues("nats.kv.buckets." + accounts + ".atomic-writes=true")
				.run((context) -> {
					KeyValueTemplate template = context.getBean(KeyValueTemplate.class);
					template.put(accounts, "a", "1000");
					template.put(accounts, "b", "0");
					TransactionTemplate transactions = new TransactionTemplate(
							context.getBean(PlatformTransactionManager.class));
					// A thread the context does not know: it goes on through the close, until the connection is gone.
					outsider.submit(() -> {
						while (true) {
							try {
								transactions.executeWithoutResult((status) -> {
									long a = Long.parseLong(template.get(accounts, "a", String.class).value());
									long b = Long.parseLong(template.get(accounts, "b", String.class).value());
									template.put(accounts, "a", Long.toString(a - 1));
									template.put(accounts, "b", Long.toString(b + 1));
								});
								acknowledged.incrementAndGet();
							}
							catch (KvTransactionOutcomeUnknownException ex) {
								unknown.incrementAndGet();
							}
							catch (RuntimeException ex) {
								if (template.getConnection().getStatus() == Connection.Status.CLOSED) {
									return;
								}
							}
						}
					});
					await().atMost(Duration.ofSeconds(10)).until(() -> acknowledged.get() > 50);
				});
			outsider.shutdown();
			assertThat(outsider.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			outsider.shutdownNow();
		}
		long a = Long.parseLong(direct.get(accounts, "a", String.class).value());
		long b = Long.parseLong(direct.get(accounts, "b", String.class).value());
		assertThat(a + b).as("no transfer applied in part").isEqualTo(1000);
		assertThat(b).as("transfers applied: every acknowledged one, and perhaps those whose outcome is unknown")
			.isBetween((long) acknowledged.get(), (long) acknowledged.get() + unknown.get());
	}

	@Test
	void whenApplicationDefinesItsConnectionThenTheStarterNeitherDrainsNorClosesIt(NatsServer server) {
		Connection own = NatsServerExtension.connect(List.of(server.url()));
		try {
			this.runner.withBean("ownConnection", Connection.class, () -> own, (definition) -> definition
				.setDestroyMethodName(""))
				.run((context) -> assertThat(context.getBean(Connection.class)).isSameAs(own));
			assertThat(own.getStatus()).isEqualTo(Connection.Status.CONNECTED);
			new KeyValueTemplate(own).put(this.bucket, "still-usable", "yes");
		}
		finally {
			closeQuietly(own);
		}
	}

	private static void closeQuietly(Connection connection) {
		try {
			connection.close();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * The bucket a test uses.
	 *
	 * @param name its name
	 */
	record BucketName(String name) {

	}

	@Configuration(proxyBeanMethods = false)
	static class WritingApplication {

		static volatile BackgroundWriter lastWriter;

		@Bean
		BackgroundWriter backgroundWriter(KeyValueTemplate template, BucketName bucket) {
			BackgroundWriter writer = new BackgroundWriter(template, bucket.name());
			lastWriter = writer;
			return writer;
		}

	}

	/**
	 * Writes without pause from its own thread until the context closes; on destroy (as a {@code @PreDestroy}
	 * method would), stops, waits for the write in flight and writes once more.
	 */
	static class BackgroundWriter implements DisposableBean {

		final Map<String, Long> acknowledged = new ConcurrentHashMap<>();

		private final KeyValueTemplate template;

		private final String bucket;

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final ExecutorService executor = Executors.newSingleThreadExecutor();

		private final Future<?> loop;

		BackgroundWriter(KeyValueTemplate template, String bucket) {
			this.template = template;
			this.bucket = bucket;
			AtomicInteger counter = new AtomicInteger();
			this.loop = this.executor.submit(() -> {
				while (this.running.get()) {
					String key = "k." + counter.getAndIncrement();
					this.acknowledged.put(key, this.template.put(this.bucket, key, "v"));
				}
			});
		}

		@Override
		public void destroy() throws Exception {
			this.running.set(false);
			this.loop.get(10, TimeUnit.SECONDS);
			this.executor.shutdown();
			this.template.put(this.bucket, "last-words", "written on destroy");
		}

	}

}
