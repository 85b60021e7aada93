package io.github.kvspring.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * One local {@code nats-server} process on 127.0.0.1, with JetStream on by default, its own work folder
 * (configuration, log and JetStream store) and a free port.
 * <p>
 * The process is owned here rather than through {@code jnats-server-runner}: a test must stop, kill
 * ({@code SIGKILL}) and restart a server on the same port and store, wait for JetStream to be ready (not just
 * for the port), and know that no server outlives the JVM. Every running server is stopped by a shutdown hook,
 * and a small watchdog process ends it should the JVM die without running its hooks.
 */
public final class NatsServer implements AutoCloseable {

	private static final System.Logger logger = System.getLogger(NatsServer.class.getName());

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

	private static final Set<NatsServer> running = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> running.forEach(NatsServer::close),
				"kv-spring-nats-server-shutdown"));
	}

	private final NatsServerBinary binary;

	private final String name;

	private final int port;

	private final int monitorPort;

	private final Path workDirectory;

	private final boolean ownsWorkDirectory;

	private final String configuration;

	private final ReentrantLock lock = new ReentrantLock();

	private volatile @Nullable Process process;

	private @Nullable Process watchdog;

	private NatsServer(Builder builder) throws IOException {
		this.binary = (builder.binary != null) ? builder.binary : NatsServerBinaries.find();
		this.port = (builder.port != 0) ? builder.port : LocalProcesses.freePort();
		this.monitorPort = LocalProcesses.freePort();
		this.name = (builder.name != null) ? builder.name : "kv-spring-" + this.port;
		this.ownsWorkDirectory = builder.workDirectory == null;
		this.workDirectory = (builder.workDirectory != null) ? Files.createDirectories(builder.workDirectory)
				: Files.createTempDirectory("kv-spring-nats-");
		this.configuration = configuration(builder);
		Files.writeString(configFile(), this.configuration);
	}

	/**
	 * A builder for a server; {@link Builder#start()} starts it.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Starts a standalone JetStream server on a free port with the found binary.
	 * @return the running server
	 */
	public static NatsServer startJetStream() {
		return builder().start();
	}

	private String configuration(Builder builder) {
		StringBuilder text = new StringBuilder();
		text.append("server_name: ").append(quote(this.name)).append('\n');
		text.append("listen: ").append(quote("127.0.0.1:" + this.port)).append('\n');
		text.append("http: ").append(quote("127.0.0.1:" + this.monitorPort)).append('\n');
		if (builder.jetStream) {
			text.append("jetstream {\n  store_dir: ").append(quote(this.workDirectory.resolve("jetstream").toString()))
				.append("\n}\n");
		}
		if (builder.clusterName != null) {
			text.append("cluster {\n  name: ").append(quote(builder.clusterName)).append("\n  listen: ")
				.append(quote("127.0.0.1:" + builder.clusterPort)).append("\n  routes: [")
				.append(builder.routePorts.stream().map((route) -> quote("nats-route://127.0.0.1:" + route))
					.collect(Collectors.joining(", ")))
				.append("]\n}\n");
		}
		builder.extraConfiguration.forEach((line) -> text.append(line).append('\n'));
		return text.toString();
	}

	/**
	 * Starts the process and waits until it reports itself healthy (JetStream included).
	 * @return this server
	 * @throws IllegalStateException if it is already running or does not become healthy in time
	 */
	public NatsServer start() {
		launch();
		awaitReady(READY_TIMEOUT);
		return this;
	}

	/**
	 * Starts the process without waiting for it; a cluster launches every node before any can be healthy.
	 */
	void launch() {
		this.lock.lock();
		try {
			if (isRunning()) {
				throw new IllegalStateException("nats-server '" + this.name + "' is already running");
			}
			Process started = new ProcessBuilder(this.binary.path().toString(), "-c", configFile().toString())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
				.start();
			this.process = started;
			running.add(this);
			this.watchdog = LocalProcesses.watchdog(started.pid(), this.ownsWorkDirectory ? this.workDirectory : null);
			logger.log(System.Logger.Level.DEBUG, "Started nats-server '" + this.name + "' (pid " + started.pid()
					+ ") at " + url());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + this.binary.path(), ex);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Waits until the server's health endpoint answers OK (for JetStream: ready and, in a cluster, in
	 * contact with a meta leader).
	 * @param timeout how long to wait
	 */
	void awaitReady(Duration timeout) {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.monitorPort + "/healthz"))
			.timeout(Duration.ofSeconds(2))
			.build();
		long deadline = System.nanoTime() + timeout.toNanos();
		String lastAnswer = "no answer";
		while (System.nanoTime() < deadline) {
			Process current = this.process;
			if (current == null || !current.isAlive()) {
				throw new IllegalStateException("nats-server '" + this.name + "' exited during start-up: "
						+ Commands.lastLines(log(), 10));
			}
			try {
				HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200) {
					return;
				}
				lastAnswer = response.statusCode() + " " + response.body().strip();
			}
			catch (IOException ex) {
				lastAnswer = ex.toString();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for nats-server '" + this.name + "'", ex);
			}
			pause(Duration.ofMillis(20));
		}
		throw new IllegalStateException("nats-server '" + this.name + "' was not healthy within " + timeout + " ("
				+ lastAnswer + "): " + Commands.lastLines(log(), 10));
	}

	/**
	 * Stops the server gracefully ({@code SIGTERM}), forcibly after 10 seconds. Its store is kept, so
	 * {@link #start()} brings it back with its data.
	 */
	public void stop() {
		end(false);
	}

	/**
	 * Kills the server at once ({@code SIGKILL}), as a crash would. Its store is kept.
	 */
	public void kill() {
		end(true);
	}

	/**
	 * Stops the server if it runs and starts it again on the same port with the same store.
	 */
	public void restart() {
		stop();
		start();
	}

	private void end(boolean forcibly) {
		this.lock.lock();
		try {
			Process current = this.process;
			if (current == null) {
				return;
			}
			if (forcibly) {
				current.destroyForcibly();
			}
			else {
				current.destroy();
			}
			if (!current.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				current.destroyForcibly();
				current.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			}
			Process guard = this.watchdog;
			if (guard != null) {
				guard.destroy();
			}
			this.process = null;
			this.watchdog = null;
			running.remove(this);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Stops the server and deletes its work folder if this server created it.
	 */
	@Override
	public void close() {
		stop();
		if (this.ownsWorkDirectory) {
			Folders.deleteRecursively(this.workDirectory);
		}
	}

	/**
	 * Whether the process is alive.
	 * @return whether the server runs
	 */
	public boolean isRunning() {
		Process current = this.process;
		return current != null && current.isAlive();
	}

	/**
	 * The operating-system process id of the running server.
	 * @return the pid
	 * @throws IllegalStateException if the server is not running
	 */
	public long pid() {
		Process current = this.process;
		if (current == null) {
			throw new IllegalStateException("nats-server '" + this.name + "' is not running");
		}
		return current.pid();
	}

	/**
	 * The client URL, {@code nats://127.0.0.1:<port>}.
	 * @return the URL clients connect to
	 */
	public String url() {
		return "nats://127.0.0.1:" + this.port;
	}

	/**
	 * The client port on 127.0.0.1.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * The server name ({@code server_name}), as JetStream reports it for stream leaders.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * The binary this server runs.
	 * @return the binary
	 */
	public NatsServerBinary binary() {
		return this.binary;
	}

	/**
	 * The folder holding the configuration, the log and the JetStream store.
	 * @return the work folder
	 */
	public Path workDirectory() {
		return this.workDirectory;
	}

	/**
	 * The server's log file; restarts append to it.
	 * @return the log file
	 */
	public Path logFile() {
		return this.workDirectory.resolve("nats-server.log");
	}

	/**
	 * The configuration the server runs with.
	 * @return the configuration file's text
	 */
	public String configuration() {
		return this.configuration;
	}

	private Path configFile() {
		return this.workDirectory.resolve("nats-server.conf");
	}

	private String log() {
		try {
			return Files.readString(logFile(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	@Override
	public String toString() {
		return "nats-server '" + this.name + "' at " + url();
	}

	private static String quote(String value) {
		return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
	}

	private static void pause(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Configures and starts a {@link NatsServer}.
	 */
	public static final class Builder {

		private @Nullable NatsServerBinary binary;

		private @Nullable String name;

		private int port;

		private boolean jetStream = true;

		private @Nullable Path workDirectory;

		private @Nullable String clusterName;

		private int clusterPort;

		private List<Integer> routePorts = List.of();

		private final List<String> extraConfiguration = new ArrayList<>();

		private Builder() {
		}

		/**
		 * The binary to run; {@link NatsServerBinaries#find()} when not set.
		 * @param binary the binary, {@link NatsServerVersion#MINIMUM} or newer
		 * @return this builder
		 * @throws IllegalArgumentException if the binary is older than the project supports
		 */
		public Builder binary(NatsServerBinary binary) {
			if (!binary.version().isSupported()) {
				throw new IllegalArgumentException("nats-server " + binary.version() + " (" + binary.path()
						+ ") is older than the supported " + NatsServerVersion.MINIMUM
						+ "; only a compatibility test runs such a server, through compatibilityTestBinary");
			}
			this.binary = binary;
			return this;
		}

		/**
		 * A binary of any version, older than {@link NatsServerVersion#MINIMUM} included, for compatibility tests
		 * that check what the project does against a server it does not support (that a setting the server lacks
		 * is refused, for example). Applications and other tests use {@link #binary(NatsServerBinary)}, which
		 * refuses such a binary.
		 * @param binary the binary, such as {@link NatsServerBinaries#findInDebianSuite(String)} gives
		 * @return this builder
		 */
		public Builder compatibilityTestBinary(NatsServerBinary binary) {
			this.binary = binary;
			return this;
		}

		/**
		 * The server name; {@code kv-spring-<port>} when not set.
		 * @param name the name
		 * @return this builder
		 */
		public Builder name(String name) {
			this.name = name;
			return this;
		}

		/**
		 * The client port on 127.0.0.1; a free one when not set (or 0).
		 * @param port the port
		 * @return this builder
		 */
		public Builder port(int port) {
			this.port = port;
			return this;
		}

		/**
		 * Whether JetStream is enabled; it is by default.
		 * @param jetStream whether to enable JetStream
		 * @return this builder
		 */
		public Builder jetStream(boolean jetStream) {
			this.jetStream = jetStream;
			return this;
		}

		/**
		 * A work folder that is kept after {@link NatsServer#close()}, so data survive across runs; a
		 * temporary one, deleted on close, when not set.
		 * @param workDirectory the folder
		 * @return this builder
		 */
		public Builder workDirectory(Path workDirectory) {
			this.workDirectory = workDirectory;
			return this;
		}

		/**
		 * A line of server configuration added after the generated ones, such as an {@code authorization}
		 * or {@code tls} block.
		 * @param configuration the configuration text
		 * @return this builder
		 */
		public Builder configuration(String configuration) {
			this.extraConfiguration.add(configuration);
			return this;
		}

		Builder cluster(String clusterName, int clusterPort, List<Integer> routePorts) {
			this.clusterName = clusterName;
			this.clusterPort = clusterPort;
			this.routePorts = List.copyOf(routePorts);
			return this;
		}

		/**
		 * Creates the server's work folder and configuration without starting it.
		 * @return the server, not running
		 */
		public NatsServer build() {
			try {
				return new NatsServer(this);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not prepare a nats-server work folder", ex);
			}
		}

		/**
		 * Builds and starts the server, waiting until it is healthy.
		 * @return the running server
		 */
		public NatsServer start() {
			NatsServer server = build();
			try {
				return server.start();
			}
			catch (RuntimeException ex) {
				server.close();
				throw ex;
			}
		}

	}

}
