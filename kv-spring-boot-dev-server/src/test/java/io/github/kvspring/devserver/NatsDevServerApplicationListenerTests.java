package io.github.kvspring.devserver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.github.kvspring.autoconfigure.NatsAutoConfiguration;
import io.github.kvspring.autoconfigure.NatsConnectionDetails;
import io.github.kvspring.autoconfigure.NatsKvAutoConfiguration;
import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.core.KvBucketAdmin;
import io.github.kvspring.data.core.KvBucketDefinition;
import io.github.kvspring.server.NatsServer;
import io.nats.client.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real application starts: a local server when none is configured, its data kept between runs, stopped with the
 * application; none when nats.servers is set or tests run.
 */
class NatsDevServerApplicationListenerTests {

	@TempDir
	Path data;

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ NatsAutoConfiguration.class, NatsKvAutoConfiguration.class })
	static class App {

	}

	@Configuration(proxyBeanMethods = false)
	static class NoKv {

	}

	private ConfigurableApplicationContext run(String... properties) {
		return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE).properties(properties).run();
	}

	@Test
	void whenNoServerConfiguredThenLocalServerStartsKeepsDataAndStopsWithTheApplication() {
		long pid;
		try (ConfigurableApplicationContext context = run("nats.dev-server.skip-in-tests=false",
				"nats.dev-server.port=0", "nats.dev-server.data-directory=" + this.data)) {
			NatsServer server = context.getBean(NatsDevServerApplicationListener.SERVER_BEAN_NAME, NatsServer.class);
			pid = server.pid();
			assertThat(context.getBean(NatsConnectionDetails.class).getServers()).containsExactly(server.url());
			assertThat(context.getBean(Connection.class).getConnectedUrl()).endsWith(":" + server.port());
			new KvBucketAdmin(context.getBean(Connection.class)).create(KvBucketDefinition.builder("dev").build());
			context.getBean(KeyValueTemplate.class).put("dev", "greeting", "kept");
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty());
		assertThat(this.data.resolve("jetstream")).isDirectory();

		try (ConfigurableApplicationContext context = run("nats.dev-server.skip-in-tests=false",
				"nats.dev-server.port=0", "nats.dev-server.data-directory=" + this.data)) {
			assertThat(context.getBean(KeyValueTemplate.class).get("dev", "greeting", String.class).value())
				.as("data from the previous run").isEqualTo("kept");
		}
	}

	@Test
	void whenKeepDataOffThenDataGoWithTheServer() {
		Path workDirectory;
		try (ConfigurableApplicationContext context = run("nats.dev-server.skip-in-tests=false",
				"nats.dev-server.port=0", "nats.dev-server.keep-data=false")) {
			workDirectory = context.getBean(NatsServer.class).workDirectory();
			assertThat(workDirectory).isDirectory();
		}
		assertThat(Files.exists(workDirectory)).isFalse();
	}

	@Test
	void whenServersConfiguredThenNoLocalServer() {
		try (NatsServer external = NatsServer.startJetStream();
				ConfigurableApplicationContext context = run("nats.dev-server.skip-in-tests=false",
						"nats.servers=" + external.url())) {
			assertThat(context.containsBean(NatsDevServerApplicationListener.SERVER_BEAN_NAME)).isFalse();
			assertThat(context.getBean(Connection.class).getConnectedUrl()).endsWith(":" + external.port());
		}
	}

	@Test
	void whenTestsRunThenNoLocalServerByDefault() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(NoKv.class)
			.web(WebApplicationType.NONE).properties("nats.dev-server.port=0").run()) {
			assertThat(RunContext.isTest()).isTrue();
			assertThat(context.containsBean(NatsDevServerApplicationListener.SERVER_BEAN_NAME)).isFalse();
		}
		NatsDevServerProperties defaults = new NatsDevServerProperties();
		assertThat(defaults.isSkipInTests()).isTrue();
		assertThat(RunContext.isPackagedJar()).as("not run from an executable jar").isFalse();
	}

	@Test
	void whenNoDataDirectoryConfiguredThenInTheBuildFolder() {
		assertThat(NatsDevServerApplicationListener.dataDirectory(new NatsDevServerProperties()))
			.isEqualTo(Path.of("target", "nats-dev-server").toAbsolutePath());
	}

}
