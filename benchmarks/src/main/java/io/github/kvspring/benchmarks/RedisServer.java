package io.github.kvspring.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.github.kvspring.server.Folders;
import io.github.kvspring.server.LocalProcesses;

/**
 * A redis-server process on 127.0.0.1 for the side-by-side figures: Debian's binary ({@code redis-server} on the
 * PATH, installed by {@code scripts/run-benchmarks.sh}), a port of its own, an append-only file synced every second
 * (NATS syncs its store every two minutes by default, so Redis is not the one held back), stopped on
 * {@link #close()} or, should the JVM die, by a watchdog.
 */
final class RedisServer implements AutoCloseable {

	private final Process process;

	private final Process watchdog;

	private final Path directory;

	private final int port;

	private final String version;

	private RedisServer(Process process, Process watchdog, Path directory, int port, String version) {
		this.process = process;
		this.watchdog = watchdog;
		this.directory = directory;
		this.port = port;
		this.version = version;
	}

	static RedisServer start() throws IOException, InterruptedException {
		String binary = System.getenv().getOrDefault("REDIS_SERVER", "redis-server");
		String version = new String(new ProcessBuilder(binary, "--version").redirectErrorStream(true)
			.start()
			.getInputStream()
			.readAllBytes(), StandardCharsets.UTF_8).replaceAll(".*v=(\\S+).*\\s*", "$1");
		int port = LocalProcesses.freePort();
		Path directory = Files.createTempDirectory("kv-spring-redis");
		Process process = new ProcessBuilder(binary, "--bind", "127.0.0.1", "--port", String.valueOf(port), "--dir",
				directory.toString(), "--save", "", "--appendonly", "yes", "--appendfsync", "everysec")
			.redirectErrorStream(true)
			.redirectOutput(directory.resolve("redis.log").toFile())
			.start();
		RedisServer server = new RedisServer(process, LocalProcesses.watchdog(process.pid(), directory), directory,
				port, version);
		Runtime.getRuntime().addShutdownHook(new Thread(server::close));
		server.awaitPong();
		return server;
	}

	private void awaitPong() throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() < deadline && this.process.isAlive()) {
			try (Socket socket = new Socket("127.0.0.1", this.port)) {
				OutputStream out = socket.getOutputStream();
				out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
				out.flush();
				InputStream in = socket.getInputStream();
				if (new String(in.readNBytes(7), StandardCharsets.US_ASCII).equals("+PONG\r\n")) {
					return;
				}
			}
			catch (IOException ex) {
				Thread.sleep(20);
			}
		}
		throw new IllegalStateException("redis-server did not answer PING on port " + this.port);
	}

	int port() {
		return this.port;
	}

	String version() {
		return this.version;
	}

	@Override
	public void close() {
		try {
			this.process.destroy();
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
			if (this.watchdog != null) {
				this.watchdog.destroy();
			}
			Folders.deleteRecursively(this.directory);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
