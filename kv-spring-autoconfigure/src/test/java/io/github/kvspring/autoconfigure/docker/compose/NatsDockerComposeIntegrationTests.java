package io.github.kvspring.autoconfigure.docker.compose;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.kvspring.autoconfigure.NatsAutoConfiguration;
import io.github.kvspring.autoconfigure.NatsConnectionDetails;
import io.github.kvspring.autoconfigure.NatsKvAutoConfiguration;
import io.nats.client.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.DockerClientFactory;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole Docker Compose round trip: an application started beside {@code compose.yaml} (a {@code nats:2.11}
 * service with {@code -js}) connects to that service. Needs a Docker engine — checked as the Testcontainers tests
 * check it — and the {@code docker compose} command Spring Boot runs: skipped, saying so, where either is missing.
 */
@EnabledIf(value = "dockerComposeAvailable", disabledReason = "needs a Docker engine and the docker compose command")
class NatsDockerComposeIntegrationTests {

	@Test
	void whenComposeFileHasANatsServiceThenTheConnectionGoesThere() throws IOException {
		String composeFile = new ClassPathResource("compose.yaml", getClass()).getFile().getAbsolutePath();
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Config.class)
			.web(WebApplicationType.NONE)
			.properties("spring.docker.compose.file=" + composeFile, "spring.docker.compose.skip.in-tests=false",
					"spring.docker.compose.stop.command=down")
			.run()) {
			NatsConnectionDetails details = context.getBean(NatsConnectionDetails.class);
			assertThat(details).isInstanceOf(
					NatsDockerComposeConnectionDetailsFactory.NatsDockerComposeConnectionDetails.class);
			assertThat(details.getServers()).singleElement().asString().startsWith("nats://");
			Connection connection = context.getBean(Connection.class);
			assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
			assertThat(connection.getServerInfo().isJetStreamAvailable()).isTrue();
		}
	}

	static boolean dockerComposeAvailable() {
		return (succeeds("docker", "compose", "version") || succeeds("docker-compose", "version"))
				&& DockerClientFactory.instance().isDockerAvailable();
	}

	private static boolean succeeds(String... command) {
		try {
			Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return false;
			}
			return process.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ NatsAutoConfiguration.class, NatsKvAutoConfiguration.class })
	static class Config {

	}

}
