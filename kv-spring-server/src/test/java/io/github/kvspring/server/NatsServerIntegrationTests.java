package io.github.kvspring.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

class NatsServerIntegrationTests {

	@Test
	void whenStartedThenListensOnLoopbackAndCloseRemovesEverything() throws IOException {
		Path workDirectory;
		long pid;
		try (NatsServer server = NatsServer.startJetStream()) {
			workDirectory = server.workDirectory();
			pid = server.pid();
			assertThat(server.url()).isEqualTo("nats://127.0.0.1:" + server.port());
			assertThat(server.configuration()).contains("listen: \"127.0.0.1:" + server.port() + "\"", "jetstream {");
			assertThat(greeting(server.port())).startsWith("INFO ").contains("\"jetstream\":true");
		}
		assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
		assertThat(workDirectory).doesNotExist();
	}

	@Test
	void whenKilledThenGoneAndRestartServesSamePort() throws IOException {
		try (NatsServer server = NatsServer.startJetStream()) {
			long first = server.pid();
			server.kill();
			assertThat(server.isRunning()).isFalse();
			assertThat(ProcessHandle.of(first).filter(ProcessHandle::isAlive)).isEmpty();
			server.start();
			assertThat(server.pid()).isNotEqualTo(first);
			assertThat(greeting(server.port())).startsWith("INFO ");
			server.restart();
			assertThat(greeting(server.port())).startsWith("INFO ");
		}
	}

	@Test
	void whenStartedTwiceThenRejected() {
		try (NatsServer server = NatsServer.startJetStream()) {
			assertThatIllegalStateException().isThrownBy(server::start).withMessageContaining("already running");
		}
	}

	@Test
	void whenConfigurationInvalidThenStartFailsWithTheServerLog() {
		assertThatIllegalStateException()
			.isThrownBy(() -> NatsServer.builder().configuration("this is { not valid").start())
			.withMessageContaining("exited during start-up");
	}

	@Test
	void whenKeptWorkDirectoryThenItSurvivesClose() throws IOException {
		Path kept = Files.createTempDirectory("kv-spring-kept-");
		try {
			try (NatsServer server = NatsServer.builder().workDirectory(kept).start()) {
				assertThat(server.workDirectory()).isEqualTo(kept);
			}
			assertThat(kept.resolve("nats-server.conf")).exists();
			assertThat(kept.resolve("jetstream")).isDirectory();
		}
		finally {
			Folders.deleteRecursively(kept);
		}
	}

	@Test
	void whenClusterStartedThenEveryNodeIsNamedAndRouted() {
		try (NatsCluster cluster = NatsCluster.start(3)) {
			assertThat(cluster.nodes()).extracting(NatsServer::name).containsExactly("n1", "n2", "n3");
			assertThat(cluster.url().split(",")).hasSize(3);
			assertThat(cluster.node("n2").configuration()).contains("cluster {", "routes: [");
			cluster.node("n2").kill();
			cluster.node("n2").start();
			assertThat(cluster.node("n2").isRunning()).isTrue();
		}
	}

	@Test
	void whenJvmDiesWithoutShutdownHooksThenWatchdogEndsTheServer() throws Exception {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
				StartServerAndWait.class.getName()).redirectErrorStream(true).start();
		try {
			BufferedReader output = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
			String line;
			long pid = -1;
			Path workDirectory = null;
			while ((line = output.readLine()) != null) {
				if (line.startsWith("server ")) {
					String[] parts = line.split(" ");
					pid = Long.parseLong(parts[1]);
					workDirectory = Path.of(parts[2]);
					break;
				}
			}
			assertThat(pid).as("child JVM started a server").isPositive();
			long serverPid = pid;
			assertThat(ProcessHandle.of(serverPid).map(ProcessHandle::isAlive)).contains(true);

			child.destroyForcibly().waitFor();

			await().atMost(Duration.ofSeconds(15))
				.untilAsserted(() -> assertThat(ProcessHandle.of(serverPid).filter(ProcessHandle::isAlive)).isEmpty());
			Path folder = workDirectory;
			await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(folder).doesNotExist());
		}
		finally {
			child.destroyForcibly();
		}
	}

	private static String greeting(int port) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
			socket.setSoTimeout(2000);
			return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
		}
	}

	/** The child JVM of the watchdog test: starts a server, says so, and waits to be killed. */
	static final class StartServerAndWait {

		public static void main(String[] args) throws InterruptedException {
			NatsServer server = NatsServer.startJetStream();
			System.out.println("server " + server.pid() + " " + server.workDirectory());
			System.out.flush();
			new CountDownLatch(1).await(); // never counted down: the parent kills this JVM
		}

	}

}
