package io.github.kvspring.autoconfigure.docker.compose;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.kvspring.autoconfigure.NatsConnectionDetails;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetailsFactories;
import org.springframework.boot.docker.compose.core.ConnectionPorts;
import org.springframework.boot.docker.compose.core.ImageReference;
import org.springframework.boot.docker.compose.core.RunningService;
import org.springframework.boot.docker.compose.service.connection.DockerComposeConnectionSource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The factory's mapping, without Docker: services that report an image, a host, mapped ports, an environment
 * and labels, handed to the factory as Spring Boot's Docker Compose support hands them.
 */
class NatsDockerComposeConnectionDetailsFactoryTests {

	private static final Map<Integer, Integer> PORTS = Map.of(4222, 49_222, 8222, 49_822, 6222, 49_622);

	private final NatsDockerComposeConnectionDetailsFactory factory = new NatsDockerComposeConnectionDetailsFactory();

	@Test
	void whenNatsServiceRunsThenUrlIsItsHostAndMappedClientPort() {
		NatsConnectionDetails details = this.factory.getConnectionDetails(source(new TestRunningService("nats:2.11")));

		assertThat(details).isNotNull();
		assertThat(details.getServers()).containsExactly("nats://docker-host:49222");
	}

	@Test
	void whenHostIsAnIpv6AddressThenUrlBracketsIt() {
		TestRunningService service = new TestRunningService("nats:2.11").host("::1");

		assertThat(NatsDockerComposeConnectionDetailsFactory.url(service)).isEqualTo("nats://[::1]:49222");
	}

	@ParameterizedTest
	@ValueSource(strings = { "nats", "nats:2.11", "nats:latest", "nats:2.11-alpine", "docker.io/nats:2.11",
			"docker.io/library/nats:2.11", "synadia/nats", "ghcr.io/acme/nats:2.11", "registry.example.com/nats",
			"localhost:5000/mirror/nats:2.11",
			"nats@sha256:0123456789012345678901234567890123456789012345678901234567890123" })
	void whenImageIsNatsThenServiceIsAccepted(String image) {
		assertThat(this.factory.getConnectionDetails(source(new TestRunningService(image)))).as(image).isNotNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "natsio/nats-box", "natsio/nats-server-config-reloader", "nats-streaming:0.25",
			"synadia/nats-server", "acme/my-nats", "redis:8" })
	void whenImageIsNotNatsThenServiceIsLeftToOthers(String image) {
		assertThat(this.factory.getConnectionDetails(source(new TestRunningService(image)))).as(image).isNull();
	}

	@Test
	void whenServiceConnectionLabelSaysNatsThenAnyImageIsAccepted() {
		TestRunningService service = new TestRunningService("acme/message-server:1")
			.label(NatsDockerComposeConnectionDetailsFactory.SERVICE_CONNECTION_LABEL, "nats");

		assertThat(this.factory.getConnectionDetails(source(service))).isNotNull();
	}

	@Test
	void whenServiceConnectionLabelNamesSomethingElseThenNatsImageIsLeftToOthers() {
		TestRunningService service = new TestRunningService("nats:2.11")
			.label(NatsDockerComposeConnectionDetailsFactory.SERVICE_CONNECTION_LABEL, "redis");

		assertThat(this.factory.getConnectionDetails(source(service))).isNull();
	}

	@Test
	void whenServiceEnvironmentNamesCredentialsThenNoneAreUsed() {
		// The official image reads no credentials from its environment: these variables configure nothing.
		TestRunningService service = new TestRunningService("nats:2.11").env("NATS_USER", "alice")
			.env("NATS_PASSWORD", "s3cret")
			.env("NATS_TOKEN", "t0ken")
			.env("NATS_USERNAME", "alice");

		NatsConnectionDetails details = this.factory.getConnectionDetails(source(service));

		assertThat(details).isNotNull();
		assertThat(details.getServers()).containsExactly("nats://docker-host:49222");
		assertThat(details.getUsername()).isNull();
		assertThat(details.getPassword()).isNull();
		assertThat(details.getToken()).isNull();
	}

	@Test
	void whenNoSslLabelsThenConnectionIsPlain() {
		NatsConnectionDetails details = this.factory.getConnectionDetails(source(new TestRunningService("nats")));

		assertThat(details).isNotNull();
		assertThat(details.getSslBundle()).isNull();
	}

	@Test
	void whenSslBundleLabelsThenConnectionUsesTheirTrustStore(@TempDir Path directory) throws Exception {
		Path trustStore = directory.resolve("truststore.p12");
		keytool("-genkeypair", "-alias", "nats", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname",
				"CN=localhost", "-storetype", "PKCS12", "-keystore", trustStore.toString(), "-storepass", "changeit",
				"-keypass", "changeit");
		TestRunningService service = new TestRunningService("nats:2.11")
			.label("org.springframework.boot.sslbundle.jks.truststore.location", trustStore.toUri().toString())
			.label("org.springframework.boot.sslbundle.jks.truststore.password", "changeit")
			.label("org.springframework.boot.sslbundle.jks.truststore.type", "PKCS12");

		NatsConnectionDetails details = this.factory.getConnectionDetails(source(service));

		assertThat(details).isNotNull();
		assertThat(details.getSslBundle()).isNotNull();
		assertThat(details.getSslBundle().createSslContext()).isNotNull();
		assertThat(details.getServers()).containsExactly("nats://docker-host:49222");
	}

	@Test
	void whenSpringBootLooksUpFactoriesThenNatsServiceGetsNatsConnectionDetails() {
		Map<Class<?>, ConnectionDetails> details = new ConnectionDetailsFactories(getClass().getClassLoader())
			.getConnectionDetails(source(new TestRunningService("nats:2.11")), true);

		assertThat(details).containsOnlyKeys(NatsConnectionDetails.class);
		assertThat(((NatsConnectionDetails) details.get(NatsConnectionDetails.class)).getServers())
			.containsExactly("nats://docker-host:49222");
	}

	/**
	 * The source Spring Boot's Docker Compose listener makes for each running service; its constructor is
	 * package-private because that listener is its only caller.
	 */
	private static DockerComposeConnectionSource source(RunningService service) {
		try {
			return BeanUtils.instantiateClass(ReflectionUtils.accessibleConstructor(DockerComposeConnectionSource.class,
					RunningService.class, Environment.class), service, new StandardEnvironment());
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException("Spring Boot changed how it makes a DockerComposeConnectionSource", ex);
		}
	}

	private static void keytool(String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(new String(process.getInputStream().readAllBytes())).isZero();
	}

	/**
	 * A service as {@code docker compose ps} and {@code docker inspect} report it.
	 */
	static final class TestRunningService implements RunningService {

		private final ImageReference image;

		private String host = "docker-host";

		private final Map<String, String> env = new LinkedHashMap<>();

		private final Map<String, String> labels = new LinkedHashMap<>();

		TestRunningService(String image) {
			this.image = ImageReference.of(image);
		}

		TestRunningService host(String host) {
			this.host = host;
			return this;
		}

		TestRunningService env(String name, String value) {
			this.env.put(name, value);
			return this;
		}

		TestRunningService label(String name, String value) {
			this.labels.put(name, value);
			return this;
		}

		@Override
		public String name() {
			return "nats";
		}

		@Override
		public ImageReference image() {
			return this.image;
		}

		@Override
		public String host() {
			return this.host;
		}

		@Override
		public ConnectionPorts ports() {
			return new ConnectionPorts() {

				@Override
				public int get(int containerPort) {
					Integer hostPort = PORTS.get(containerPort);
					if (hostPort == null) {
						throw new IllegalStateException("No host port mapping found for container port " + containerPort);
					}
					return hostPort;
				}

				@Override
				public List<Integer> getAll() {
					return List.copyOf(PORTS.values());
				}

				@Override
				public List<Integer> getAll(String protocol) {
					return "tcp".equals(protocol) ? getAll() : List.of();
				}

			};
		}

		@Override
		public Map<String, String> env() {
			return Map.copyOf(this.env);
		}

		@Override
		public Map<String, String> labels() {
			return Map.copyOf(this.labels);
		}

	}

}
