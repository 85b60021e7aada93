package io.github.kvspring.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import io.github.kvspring.server.NatsServer;

/**
 * Freezes a test's own nats-server process ({@code SIGSTOP}): it stops answering while its connections stay open,
 * as a server stalled by a long pause would. Each call returns once the kernel reports the process stopped or
 * running again ({@code /proc}, so Linux only).
 */
public final class NatsServerFreeze {

	private static final Duration STATE_TIMEOUT = Duration.ofSeconds(10);

	private NatsServerFreeze() {
	}

	/**
	 * Stops the server's process until {@link #thaw(NatsServer)}.
	 * @param server a server the test started
	 */
	public static void freeze(NatsServer server) {
		signal(server, "STOP");
		awaitStopped(server, true);
	}

	/**
	 * Lets a frozen server's process run again.
	 * @param server a server the test froze
	 */
	public static void thaw(NatsServer server) {
		signal(server, "CONT");
		awaitStopped(server, false);
	}

	private static void signal(NatsServer server, String signal) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(server.pid())).inheritIO().start();
			if (kill.waitFor() != 0) {
				throw new IllegalStateException("kill -" + signal + " " + server.pid() + " failed");
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not signal nats-server " + server.pid(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while signalling nats-server " + server.pid(), ex);
		}
	}

	private static void awaitStopped(NatsServer server, boolean stopped) {
		Path tasks = Path.of("/proc", Long.toString(server.pid()), "task");
		long deadline = System.nanoTime() + STATE_TIMEOUT.toNanos();
		while (!allThreads(tasks, stopped)) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("nats-server " + server.pid() + " is not "
						+ (stopped ? "stopped" : "running") + " after " + STATE_TIMEOUT.toSeconds() + " s");
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
		}
	}

	/**
	 * Whether every thread of the process is stopped (or every one running): a thread's state, after its name in
	 * parentheses in {@code /proc/<pid>/task/<tid>/stat}, is {@code T} when stopped.
	 */
	private static boolean allThreads(Path tasks, boolean stopped) {
		try (Stream<Path> threads = Files.list(tasks)) {
			return threads.allMatch((thread) -> isStopped(thread.resolve("stat")) == stopped);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read " + tasks, ex);
		}
	}

	private static boolean isStopped(Path stat) {
		try {
			String line = Files.readString(stat);
			return line.charAt(line.lastIndexOf(')') + 2) == 'T';
		}
		catch (IOException ex) {
			// A thread that ended meanwhile neither runs nor holds the process back.
			return true;
		}
	}

}
