package io.github.kvspring.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * Reads the machine's apt sources (deb822 {@code *.sources} files and one-line {@code sources.list} files) to
 * find the Debian archive mirror it is configured with, so that no host is ever written into this project.
 */
final class AptSources {

	private AptSources() {
	}

	/**
	 * A Debian archive entry of the machine's apt configuration.
	 *
	 * @param uri the mirror's URI, as configured
	 * @param signedByLines the {@code Signed-By} field as deb822 lines (a keyring path or an inline key), or
	 * empty when the entry relies on apt's trusted keyrings
	 */
	record DebianMirror(String uri, List<String> signedByLines) {

		/**
		 * A deb822 stanza that points the same mirror at another suite.
		 * @param suite the suite, such as {@code sid}
		 * @return the stanza's text
		 */
		String stanza(String suite) {
			StringBuilder text = new StringBuilder();
			text.append("Types: deb\nURIs: ").append(this.uri).append("\nSuites: ").append(suite)
				.append("\nComponents: main\n");
			this.signedByLines.forEach((line) -> text.append(line).append('\n'));
			return text.toString();
		}

	}

	/**
	 * Finds the Debian archive mirror in the apt configuration under the given root.
	 * @param etcApt the apt configuration folder, normally {@code /etc/apt}
	 * @return the first Debian archive (not security, preferring live mirrors to snapshots), if any
	 * @throws IOException if a sources file cannot be read
	 */
	static Optional<DebianMirror> debianMirror(Path etcApt) throws IOException {
		List<DebianMirror> mirrors = new ArrayList<>();
		Path list = etcApt.resolve("sources.list");
		if (Files.isRegularFile(list)) {
			mirrors.addAll(parseOneLine(Files.readString(list)));
		}
		Path parts = etcApt.resolve("sources.list.d");
		if (Files.isDirectory(parts)) {
			try (Stream<Path> files = Files.list(parts)) {
				for (Path file : files.sorted().toList()) {
					String name = file.getFileName().toString();
					if (name.endsWith(".sources")) {
						mirrors.addAll(parseDeb822(Files.readString(file)));
					}
					else if (name.endsWith(".list")) {
						mirrors.addAll(parseOneLine(Files.readString(file)));
					}
				}
			}
		}
		return mirrors.stream().filter((mirror) -> isDebianArchive(mirror.uri()))
			.min(Comparator.comparing((DebianMirror mirror) -> mirror.uri().contains("snapshot")));
	}

	static boolean isDebianArchive(String uri) {
		String path = uri.toLowerCase(Locale.ROOT);
		while (path.endsWith("/")) {
			path = path.substring(0, path.length() - 1);
		}
		return path.endsWith("/debian") || path.matches(".*/archive/debian/[0-9tz]+");
	}

	static List<DebianMirror> parseDeb822(String text) {
		List<DebianMirror> mirrors = new ArrayList<>();
		for (String stanza : text.split("\\n\\s*\\n")) {
			List<String> lines = stanza.lines().filter((line) -> !line.startsWith("#")).toList();
			String types = field(lines, "Types");
			String uris = field(lines, "URIs");
			String enabled = field(lines, "Enabled");
			if (types == null || uris == null || !List.of(types.split("\\s+")).contains("deb")
					|| "no".equalsIgnoreCase(enabled)) {
				continue;
			}
			List<String> signedBy = fieldLines(lines, "Signed-By");
			for (String uri : uris.split("\\s+")) {
				mirrors.add(new DebianMirror(uri, signedBy));
			}
		}
		return mirrors;
	}

	static List<DebianMirror> parseOneLine(String text) {
		List<DebianMirror> mirrors = new ArrayList<>();
		for (String raw : text.lines().toList()) {
			String line = raw.strip();
			if (!line.startsWith("deb ") && !line.startsWith("deb\t")) {
				continue;
			}
			String rest = line.substring(3).strip();
			List<String> signedBy = List.of();
			if (rest.startsWith("[")) {
				int end = rest.indexOf(']');
				if (end < 0) {
					continue;
				}
				for (String option : rest.substring(1, end).strip().split("\\s+")) {
					if (option.toLowerCase(Locale.ROOT).startsWith("signed-by=")) {
						signedBy = List.of("Signed-By: " + option.substring("signed-by=".length()));
					}
				}
				rest = rest.substring(end + 1).strip();
			}
			String[] words = rest.split("\\s+");
			if (words.length >= 2) {
				mirrors.add(new DebianMirror(words[0], signedBy));
			}
		}
		return mirrors;
	}

	private static @Nullable String field(List<String> lines, String name) {
		List<String> found = fieldLines(lines, name);
		return found.isEmpty() ? null : found.get(0).substring(name.length() + 1).strip();
	}

	/** The field's first line and any continuation lines (an inline key spans many). */
	private static List<String> fieldLines(List<String> lines, String name) {
		List<String> result = new ArrayList<>();
		for (String line : lines) {
			if (!result.isEmpty()) {
				if (line.startsWith(" ") || line.startsWith("\t")) {
					result.add(line);
					continue;
				}
				break;
			}
			if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
				result.add(name + ":" + line.substring(name.length() + 1));
			}
		}
		return result;
	}

}
