package io.github.kvspring.data.core;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The official NATS JavaScript client on one bucket: {@code kv-interop.mjs} (from {@code src/test/js}, installed with
 * its locked npm packages into {@code target/nats-js} by the build's {@code scripts/nats-js-test.sh prepare}), run as
 * a child {@code node} process per command. Each line the script prints is one JSON object; each run's lines and
 * standard error are kept in {@code target/nats-js/runs}.
 */
final class NatsJsClient {

	static final Path DIRECTORY = Path.of("target", "nats-js");

	/** How long one run may take before the test kills it; the script gives up by itself after 20 seconds. */
	static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final String url;

	private final String bucket;

	NatsJsClient(String url, String bucket) {
		this.url = url;
		this.bucket = bucket;
	}

	/**
	 * Runs a command to its end.
	 * @return the lines it printed before its closing {@code done}
	 */
	List<JsonNode> run(String command, String... arguments) {
		try (Running running = start(command, arguments)) {
			return running.untilDone();
		}
	}

	/** Starts a command whose lines the caller reads while it runs. */
	Running start(String command, String... arguments) {
		if (!installed()) {
			fail("nats.js is not installed in %s: %s", DIRECTORY,
					installNote().orElse("the build installs it (scripts/nats-js-test.sh prepare)"));
		}
		List<String> line = new ArrayList<>(List.of("node", DIRECTORY.resolve("kv-interop.mjs").toString(), this.url,
				this.bucket, command));
		line.addAll(List.of(arguments));
		try {
			Path runs = Files.createDirectories(DIRECTORY.resolve("runs"));
			Path log = Files.createTempFile(runs, command + "-", ".log");
			Path errors = runs.resolve(log.getFileName().toString().replace(".log", ".stderr.log"));
			Process process = new ProcessBuilder(line).redirectError(errors.toFile())
				.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
				.start();
			return new Running(String.join(" ", line), process, log, errors);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + line, ex);
		}
	}

	private static boolean installed() {
		return Files.isDirectory(DIRECTORY.resolve("node_modules/@nats-io/kv"));
	}

	/** Why the build could not install nats.js, as scripts/nats-js-test.sh wrote it. */
	private static Optional<String> installNote() {
		try {
			Path note = DIRECTORY.resolve("install.txt");
			return Files.isRegularFile(note) ? Optional.of(Files.readString(note).strip())
				.filter((text) -> !text.isEmpty()) : Optional.empty();
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

	/** One running command: its lines as they come, within {@link #TIMEOUT} of its start. */
	static final class Running implements AutoCloseable {

		/** Put after the last line (JSON lines never hold a NUL). */
		private static final String END = "\u0000";

		private final String command;

		private final Process process;

		private final Path log;

		private final Path errors;

		private final long deadline;

		private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

		Running(String command, Process process, Path log, Path errors) {
			this.command = command;
			this.process = process;
			this.log = log;
			this.errors = errors;
			this.deadline = System.nanoTime() + TIMEOUT.toNanos();
			Thread reader = new Thread(this::read, "nats-js-stdout-" + process.pid());
			reader.setDaemon(true);
			reader.start();
		}

		/** Hands each line of standard output to the test, and keeps it in the run's log for a reader. */
		private void read() {
			try (BufferedReader reader = this.process.inputReader(StandardCharsets.UTF_8);
					BufferedWriter writer = Files.newBufferedWriter(this.log)) {
				writer.write(this.command);
				writer.newLine();
				for (String line = reader.readLine(); line != null; line = reader.readLine()) {
					this.lines.add(line);
					writer.write(line);
					writer.newLine();
					writer.flush();
				}
			}
			catch (IOException ex) {
				// The process was killed, or the log could not be written: END below tells the test.
			}
			finally {
				this.lines.add(END);
			}
		}

		/**
		 * The next line, failing the test when the script reported an error or a timeout, ended without a word, or
		 * printed nothing in time.
		 */
		JsonNode next() {
			String line;
			try {
				line = this.lines.poll(Math.max(0, this.deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for " + this.command, ex);
			}
			if (line == null) {
				return fail("No line from '%s' within %s; its standard error:%n%s", this.command, TIMEOUT, errors());
			}
			if (line.equals(END)) {
				return fail("'%s' ended without 'done'; its standard error:%n%s", this.command, errors());
			}
			JsonNode node = JSON.readTree(line);
			String kind = node.path("kind").asString();
			if (kind.equals("error") || kind.equals("timeout")) {
				return fail("'%s' printed %s; its standard error:%n%s", this.command, line, errors());
			}
			return node;
		}

		/** The next line, which must be of the given kind. */
		JsonNode next(String kind) {
			JsonNode node = next();
			assertThat(node.path("kind").asString()).as("kind of %s", node).isEqualTo(kind);
			return node;
		}

		/**
		 * Reads the lines up to the closing {@code done} and waits for the process to exit with 0.
		 * @return the lines before {@code done}
		 */
		List<JsonNode> untilDone() {
			List<JsonNode> read = new ArrayList<>();
			for (JsonNode node = next(); !node.path("kind").asString().equals("done"); node = next()) {
				read.add(node);
			}
			try {
				assertThat(this.process.waitFor(Math.max(0, this.deadline - System.nanoTime()), TimeUnit.NANOSECONDS))
					.as("'%s' exits after 'done'", this.command)
					.isTrue();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for " + this.command, ex);
			}
			assertThat(this.process.exitValue()).as("exit code of '%s'", this.command).isZero();
			return read;
		}

		private String errors() {
			try {
				return Files.readString(this.errors);
			}
			catch (IOException ex) {
				return "(unreadable: " + ex + ")";
			}
		}

		/** Kills the process, by its own handle, if it is still running. */
		@Override
		public void close() {
			if (this.process.isAlive()) {
				this.process.destroyForcibly();
				try {
					this.process.waitFor(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}

	}

	/**
	 * Runs the tests when {@code node} is on the PATH and the build installed the client, and always on CI, where
	 * either missing is a failure rather than a reason to skip; otherwise skips them, naming what is missing.
	 */
	static final class Installed implements ExecutionCondition {

		@Override
		public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
			if ("true".equals(System.getenv("CI"))) {
				return ConditionEvaluationResult.enabled("CI installs Node.js (.ci/run)");
			}
			if (!onPath("node")) {
				return ConditionEvaluationResult.disabled("node is not on the PATH: install Node.js 18 or newer with"
						+ " npm (scripts/install-node.sh does, on Debian)");
			}
			if (!installed()) {
				return ConditionEvaluationResult.disabled("nats.js is not installed in " + DIRECTORY + ": "
						+ installNote().orElse("the build installs it (scripts/nats-js-test.sh prepare)"));
			}
			return ConditionEvaluationResult.enabled("node and nats.js are installed");
		}

		private static boolean onPath(String command) {
			String path = System.getenv().getOrDefault("PATH", "");
			return Stream.of(path.split(File.pathSeparator))
				.filter((directory) -> !directory.isEmpty())
				.anyMatch((directory) -> Files.isExecutable(Path.of(directory, command)));
		}

	}

}
