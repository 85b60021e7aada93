package io.github.kvspring.data.listener;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.core.KvBucketAdmin;
import io.github.kvspring.data.core.KvBucketDefinition;
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
 * Closing the application context leaves no listener thread and no server consumer behind.
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
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			context.getEnvironment().getPropertySources()
				.addFirst(new MapPropertySource("test", Map.of("nats.servers", server.url())));
			context.register(App.class);
			context.refresh();
			KvListenerEndpointRegistry registry = context.getBean(KvListenerEndpointRegistry.class);
			await().atMost(Duration.ofSeconds(5))
				.until(() -> registry.getListenerContainers().stream().allMatch(KvListenerContainer::isConnected));
			assertThat(consumers(observer)).isEqualTo(2);
			assertThat(threads()).isNotEmpty();
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> threads().isEmpty());
		await().atMost(Duration.ofSeconds(10)).until(() -> consumers(observer) == 0);
	}

	private static long consumers(Connection connection) throws Exception {
		return connection.jetStreamManagement().getStreamInfo("KV_closing").getStreamState().getConsumerCount();
	}

	private static List<String> threads() {
		return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
			.filter((name) -> name.startsWith("kv-listener-closing")).toList();
	}

}
