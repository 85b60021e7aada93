package io.github.kvspring.data.listener;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.core.KvBucketAdmin;
import io.github.kvspring.data.core.KvBucketDefinition;
import io.github.kvspring.data.core.KvEntry;
import io.github.kvspring.server.NatsServer;
import io.github.kvspring.test.NatsTestConnectionConfiguration;
import io.github.kvspring.test.WithNatsServer;
import io.nats.client.Connection;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Closing the application context lets a running listener method finish its entry (never interrupted, the
 * connection still open for it), and leaves no listener thread and no server consumer behind.
 */
@WithNatsServer(isolated = true)
class KvListenerContextCloseIntegrationTests {

	@Configuration(proxyBeanMethods = false)
	@EnableKvListeners
	@Import(NatsTestConnectionConfiguration.class)
	static class App {

		@Bean
		KeyValueTemplate keyValueTemplate(Connection connection) {
			return new KeyValueTemplate(connection);
		}

		@Bean
		Listeners listeners() {
			return new Listeners();
		}

		@Bean
		SlowListener slowListener(KeyValueTemplate template) {
			return new SlowListener(template);
		}

	}

	static class SlowListener {

		final CountDownLatch entered = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		final AtomicReference<String> outcome = new AtomicReference<>("not called");

		private final KeyValueTemplate template;

		SlowListener(KeyValueTemplate template) {
			this.template = template;
		}

		@KvListener(id = "closing-slow", bucket = "closing-slow", start = KvListener.Start.UPDATES_ONLY)
		void onEntry(String value, @KvKey String key) {
			this.entered.countDown();
			try {
				this.release.await();
				// The connection is still there for the method's own writes.
				this.template.put("closing-slow", "done." + key, value);
				this.outcome.set("finished");
			}
			catch (InterruptedException ex) {
				this.outcome.set("interrupted");
			}
		}

	}

	static class Listeners {

		@KvListener(id = "closing-a", bucket = "closing", concurrency = 2)
		void a(String value) {
		}

		@KvListener(id = "closing-b", bucket = "closing", keys = "x.*")
		void b(String value) {
		}

	}

	@Test
	void whenContextClosesThenNoListenerThreadOrServerConsumerRemains(NatsServer server, Connection observer)
			throws Exception {
		new KvBucketAdmin(observer).create(KvBucketDefinition.builder("closing").build());
		new KvBucketAdmin(observer).create(KvBucketDefinition.builder("closing-slow").build());
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			context.getEnvironment().getPropertySources()
				.addFirst(new MapPropertySource("test", Map.of("nats.servers", server.url())));
			context.register(App.class);
			context.refresh();
			KvListenerEndpointRegistry registry = context.getBean(KvListenerEndpointRegistry.class);
			await().atMost(Duration.ofSeconds(5))
				.until(() -> registry.getListenerContainers().stream().allMatch(KvListenerContainer::isConnected));
			assertThat(consumers(observer, "closing")).isEqualTo(2);
			assertThat(threads()).isNotEmpty();
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> threads().isEmpty());
		await().atMost(Duration.ofSeconds(10)).until(() -> consumers(observer, "closing") + consumers(observer, "closing-slow") == 0);
	}

	private static long consumers(Connection connection, String bucket) throws Exception {
		return connection.jetStreamManagement().getStreamInfo("KV_" + bucket).getStreamState().getConsumerCount();
	}

	private static List<String> threads() {
		return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
			.filter((name) -> name.startsWith("kv-listener-closing")).toList();
	}

	@Test
	void whenContextClosesWhileMethodRunsThenMethodFinishesItsEntry(NatsServer server, Connection observer)
			throws Exception {
		new KvBucketAdmin(observer).create(KvBucketDefinition.builder("closing").build());
		new KvBucketAdmin(observer).create(KvBucketDefinition.builder("closing-slow").build());
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		context.getEnvironment().getPropertySources()
			.addFirst(new MapPropertySource("test", Map.of("nats.servers", server.url())));
		context.register(App.class);
		context.refresh();
		SlowListener listener = context.getBean(SlowListener.class);
		KvListenerContainer container = context.getBean(KvListenerEndpointRegistry.class)
			.getListenerContainer("closing-slow");
		assertThat(container).isNotNull();
		new KeyValueTemplate(observer).put("closing-slow", "order", "42");
		assertThat(listener.entered.await(5, TimeUnit.SECONDS)).isTrue();

		CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
		await().atMost(Duration.ofSeconds(5)).until(() -> container.getState() == KvListenerState.STOPPING);
		assertThat(closing).isNotDone();
		listener.release.countDown();
		closing.get(10, TimeUnit.SECONDS);

		assertThat(listener.outcome.get()).isEqualTo("finished");
		assertThat(new KeyValueTemplate(observer).get("closing-slow", "done.order", String.class)).extracting(KvEntry::value)
			.isEqualTo("42");
		assertThat(container.getState()).isEqualTo(KvListenerState.STOPPED);
	}

}
