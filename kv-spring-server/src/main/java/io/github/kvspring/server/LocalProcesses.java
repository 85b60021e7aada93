package io.github.kvspring.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * What every server process started for tests, development or benchmarks needs: a port of its own on
 * 127.0.0.1, and a guard that ends the process should the JVM that started it die without running its shutdown
 * hooks.
 */
public final class LocalProcesses {

	private static final Set<Integer> handedOutPorts = ConcurrentHashMap.newKeySet();

	private LocalProcesses() {
	}

	/**
	 * A port free on 127.0.0.1 now and never handed out before in this JVM: a closed probe socket's port can
	 * come back on the next probe, and a cluster needs several distinct ports before any server binds them.
	 * @return the port
	 * @throws IOException if no socket can be opened
	 */
	public static int freePort() throws IOException {
		while (true) {
			try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
				if (handedOutPorts.add(socket.getLocalPort())) {
					return socket.getLocalPort();
				}
			}
		}
	}

	/**
	 * Starts a shell loop that kills a process (and removes its temporary folder) once this JVM is gone. The
	 * loop ends by itself when the process ends; destroy it after stopping the process normally.
	 * @param pid the process to guard
	 * @param temporaryFolder a folder to delete after killing it, or {@code null}
	 * @return the watchdog process, or {@code null} where there is no POSIX shell (the JVM's shutdown hooks are
	 * then the only guard)
	 */
	public static @Nullable Process watchdog(long pid, @Nullable Path temporaryFolder) {
		String script = "while kill -0 \"$1\" 2>/dev/null && kill -0 \"$2\" 2>/dev/null; do sleep 1; done; "
				+ "if ! kill -0 \"$1\" 2>/dev/null; then kill -9 \"$2\" 2>/dev/null; "
				+ "if [ -n \"$3\" ]; then sleep 1; rm -rf \"$3\"; fi; fi";
		try {
			return new ProcessBuilder("sh", "-c", script, "kv-spring-watchdog",
					String.valueOf(ProcessHandle.current().pid()), String.valueOf(pid),
					(temporaryFolder != null) ? temporaryFolder.toString() : "")
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
		}
		catch (IOException ex) {
			return null;
		}
	}

}
