package io.github.kvspring.server;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * Runs short external commands (version probes, apt-get, dpkg-deb) and returns what they print.
 */
final class Commands {

	private Commands() {
	}

	/**
	 * Runs a command to completion, with its standard error merged into its output.
	 * @param command the command and its arguments
	 * @param directory the working directory, or {@code null} for the current one
	 * @param timeout how long the command may run
	 * @return what the command printed
	 * @throws IOException if it could not start, timed out or exited with a non-zero status
	 */
	static String run(List<String> command, @Nullable Path directory, Duration timeout) throws IOException {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
		if (directory != null) {
			builder.directory(directory.toFile());
		}
		Process process = builder.start();
		try {
			// Output is read after exit: every command here prints little, far below a pipe's buffer.
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				throw new IOException("'" + String.join(" ", command) + "' did not finish within " + timeout);
			}
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (process.exitValue() != 0) {
				throw new IOException("'" + String.join(" ", command) + "' exited with " + process.exitValue() + ": "
						+ lastLines(output, 5));
			}
			return output;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
			throw new IOException("Interrupted while running '" + String.join(" ", command) + "'", ex);
		}
	}

	/**
	 * The executables of the given name on a {@code PATH}, in its order.
	 * @param path the {@code PATH} value
	 * @param executable the file name
	 * @return the executable files found
	 */
	static List<Path> onPath(String path, String executable) {
		List<Path> found = new ArrayList<>();
		for (String directory : path.split(File.pathSeparator)) {
			if (!directory.isBlank()) {
				Path candidate = Path.of(directory, executable);
				if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
					found.add(candidate);
				}
			}
		}
		return found;
	}

	/**
	 * The last lines of a text, for error messages.
	 * @param text the text
	 * @param count how many lines to keep
	 * @return the last lines, joined by newlines
	 */
	static String lastLines(String text, int count) {
		List<String> lines = text.strip().lines().toList();
		return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
	}

}
